"""Worker process: outbox relay, inbox consumer and the declared loops (expiry sweep), no HTTP API."""

from consent.config import ConsentSettings
from consent.main import build_spec
from tukiverkko_common.worker import run_worker


def main() -> None:
    """Entry point of `[tool.tukiverkko] worker`."""
    run_worker(build_spec(ConsentSettings()))


if __name__ == "__main__":
    main()
