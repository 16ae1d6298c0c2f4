"""Standalone worker: the outbox relay, inbox consumer and month close, without the HTTP API.

Run it with `run_workers=false` on the API processes; the relay lease keeps one publisher,
and the month close is safe with several workers (see scheduler.py).
"""

from plans.config import PlansSettings
from plans.main import build_spec
from tukiverkko_common.worker import run_worker


def main() -> None:
    """Run the plans worker until SIGINT/SIGTERM."""
    run_worker(build_spec(PlansSettings()))


if __name__ == "__main__":
    main()
