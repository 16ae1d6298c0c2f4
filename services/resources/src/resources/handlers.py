"""Inbound events: inclusion consents from the consent service."""

from tukiverkko_common.consumer import Handler
from tukiverkko_common.contracts import consent as consent_contracts

TOPICS = [consent_contracts.TOPIC]
HANDLERS: dict[str, Handler] = {}
