"""`python -m tukiverkko_demo`: fill a synthetic pilot region in a running `make run`."""

import argparse
import asyncio
import os
import signal
from pathlib import Path

from tukiverkko_demo.api import STOP, Stopped
from tukiverkko_demo.generate import Result, generate


async def _run(gateway: str, seed: int, size: str, journal: Path) -> Result:
    # The first Ctrl-C lets requests in flight finish and be journaled, so a resumed run
    # never creates an object twice; a second Ctrl-C stops at once.
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, _stop, loop)
    return await generate(gateway, seed, size, journal)


def _stop(loop: asyncio.AbstractEventLoop) -> None:
    print("\nStopping after the requests in flight (Ctrl-C again to stop at once)…")
    STOP.set()
    loop.remove_signal_handler(signal.SIGINT)


def main() -> None:
    parser = argparse.ArgumentParser(prog="tukiverkko_demo", description=__doc__)
    port = 8000 + int(os.environ.get("TUKIVERKKO_PORT_OFFSET", "0"))
    parser.add_argument("--gateway", default=f"http://127.0.0.1:{port}", help="gateway base URL")
    parser.add_argument("--seed", type=int, default=19, help="the same seed gives the same region")
    parser.add_argument("--size", choices=("small", "large"), default="small")
    parser.add_argument(
        "--state",
        type=Path,
        default=None,
        help="resume journal (default var/demo-<size>-<seed>.jsonl)",
    )
    args = parser.parse_args()
    journal = args.state or Path("var") / f"demo-{args.size}-{args.seed}.jsonl"
    try:
        result = asyncio.run(_run(args.gateway, args.seed, args.size, journal))
    except Stopped:
        raise SystemExit(
            f"Stopped; `make demo` with the same options resumes from {journal}"
        ) from None
    print(
        "Created (with earlier runs):",
        ", ".join(f"{n} {k}" for k, n in sorted(result.created.items())),
    )
    print("Open (with a token of the Kymenlaakso region's client, in the journal):")
    for label, url in result.urls.items():
        print(f"  {label}: {url}")


if __name__ == "__main__":
    main()
