"""Worker process: outbox relay and inbox consumer, no HTTP API."""

from network.config import NetworkSettings
from network.main import build_spec
from tukiverkko_common.worker import run_worker


def main() -> None:
    """Entry point of `[tool.tukiverkko] worker`."""
    run_worker(build_spec(NetworkSettings()))


if __name__ == "__main__":
    main()
