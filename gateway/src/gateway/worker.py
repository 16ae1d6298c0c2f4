"""Worker process: outbox relay, inbox consumer and the declared loops (webhook delivery), no HTTP API."""

from gateway.config import GatewaySettings
from gateway.main import service_spec
from gateway.pseudonym import Pseudonymiser
from tukiverkko_common.worker import run_worker


def main() -> None:
    """Entry point of `gateway.worker:main`."""
    settings = GatewaySettings()
    run_worker(service_spec(settings, Pseudonymiser(settings.pseudonym_key.get_secret_value())))


if __name__ == "__main__":
    main()
