"""Standalone worker: the outbox relay without the HTTP API (`run_workers=false` on the API then).

In that split deployment the month-closing loop (scheduler.py) does not run here; schedule
`POST /api/v1/realisation/{month}/close` monthly instead (e.g. a Kubernetes CronJob).
"""

from plans.config import PlansSettings
from plans.main import build_spec
from tukiverkko_common.worker import run_worker


def main() -> None:
    """Run the plans worker until SIGINT/SIGTERM."""
    run_worker(build_spec(PlansSettings()))


if __name__ == "__main__":
    main()
