"""Inbound event handlers: a table event-type → handler.

The plans service consumes nothing yet: consent decisions are enforced by the gateway
before a call reaches this service, and no other service's events change a plan. The
table stays so that a future handler (e.g. resource-file card links for providers) has
one obvious place to go.
"""

from collections.abc import Mapping

from tukiverkko_common.consumer import Handler

HANDLERS: Mapping[str, Handler] = {}
TOPICS: list[str] = []
