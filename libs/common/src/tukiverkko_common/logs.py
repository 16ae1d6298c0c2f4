"""Structured JSON logs carrying the request and correlation ids, never personal data."""

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from tukiverkko_common import context


class _ContextFilter(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self._service
        record.request_id = context.request_id.get()
        record.correlation_id = context.correlation_id.get()
        return True


def configure_logging(service: str, *, level: str = "INFO", json_output: bool = True) -> None:
    """Send this process's logs to stderr as JSON lines (or plain text for humans)."""
    handler = logging.StreamHandler(sys.stderr)
    if json_output:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(service)s %(request_id)s %(correlation_id)s",
                rename_fields={"levelname": "level", "asctime": "time"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(service)s] %(name)s: %(message)s")
        )
    handler.addFilter(_ContextFilter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    # Database drivers log statement parameters at DEBUG, and parameters carry personal data.
    for driver in ("aiosqlite", "asyncpg", "sqlalchemy.engine"):
        logging.getLogger(driver).setLevel(
            max(logging.getLevelName(level) if isinstance(level, str) else level, logging.WARNING)
        )
    logging.getLogger("uvicorn.access").disabled = True
