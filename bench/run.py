"""Run every benchmark (small mode unless told `--full`), then render bench/README.md.

Each script runs in its own process and writes bench/results/<name>.json; a script that
fails is named, the others still run, the README is rendered from what was written, and
the run exits non-zero. `make bench` calls this; `make bench ARGS=--full` for the issues'
sizes, `make bench ARGS="--only network_analysis resources_search"` for some of them.

    uv run python bench/run.py [--small | --full] [--only NAME ...]
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from harness import RESULTS
from harness.machine import load_average
from render import render, write_summary

BENCH = Path(__file__).resolve().parent
PROJECT_README = BENCH.parent / "README.md"
"""Its performance section quotes the ratios (between render.SUMMARY_START and SUMMARY_END)."""
BENCHMARKS = (
    "outbox_latency",
    "gateway_read",
    "gateway_limits",
    "gateway_sse",
    "plan_reads",
    "plan_read_profile",
    "consent_decisions",
    "resources_search",
    "network_analysis",
    "plans_realisation",
)
"""Every script that measures (gateway_common and passthrough are parts of the others)."""


def run_one(name: str, mode: str) -> tuple[bool, float]:
    """Run one script; return whether it succeeded and how long it took."""
    print(f"== {name} ({mode})", flush=True)
    (RESULTS / f"{name}.json").unlink(missing_ok=True)  # a failed run leaves no stale result
    began = time.perf_counter()
    done = subprocess.run([sys.executable, str(BENCH / f"{name}.py"), f"--{mode}"], check=False)
    return done.returncode == 0, time.perf_counter() - began


def earlier(mode: str) -> dict[str, dict]:
    """The last run's timings in the same mode, so `--only` updates rather than replaces them."""
    path = RESULTS / "_run.json"
    if not path.exists():
        return {}
    last = json.loads(path.read_text())
    return last["benchmarks"] if last.get("mode") == mode else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--small", dest="mode", action="store_const", const="small")
    group.add_argument("--full", dest="mode", action="store_const", const="full")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=list(BENCHMARKS))
    args = parser.parse_args()
    mode = args.mode or "small"
    failed, timings, load_start = [], earlier(mode), load_average()
    for name in args.only:
        ok, seconds = run_one(name, mode)
        timings[name] = {"seconds": round(seconds, 1), "ok": ok}
        if not ok:
            failed.append(name)
            print(f"!! {name} failed", flush=True)
    summary = {"mode": mode, "benchmarks": timings, "total_seconds":
               round(sum(t["seconds"] for t in timings.values()), 1),
               "load_average_start": load_start, "load_average_end": load_average()}  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "_run.json").write_text(json.dumps(summary, indent=2) + "\n")
    render(RESULTS, BENCH / "README.md")
    write_summary(RESULTS, BENCH / "README.md", PROJECT_README)
    print(
        f"{len(args.only)} benchmarks run, {len(timings)} timed in "
        f"{summary['total_seconds']:.0f} s ({mode} mode); bench/README.md rendered"
    )
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
