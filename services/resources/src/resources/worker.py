"""Worker process: outbox relay, inbox consumer and the declared loops (staleness), no HTTP API."""

from resources.config import ResourcesSettings
from resources.main import build_spec
from tukiverkko_common.worker import run_worker


def main() -> None:
    """Entry point of `[tool.tukiverkko] worker`."""
    run_worker(build_spec(ResourcesSettings()))


if __name__ == "__main__":
    main()
