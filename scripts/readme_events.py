"""Regenerate the README event catalogue from the registered contracts: uv run python scripts/readme_events.py"""

import pathlib
import re

from tukiverkko_common import contracts
from tukiverkko_common.events import registered_contracts

consumers = {
    "fi.tukiverkko.plans.client_registered.v1": "consent (known subjects), gateway",
    "fi.tukiverkko.audit.access_logged.v1": "consent (käyttöloki)",
    "fi.tukiverkko.audit.data_disclosed.v1": "consent (luovutusloki)",
    "fi.tukiverkko.consent.withdrawn.v1": "network (label erasure), resources (erasure)",
    "fi.tukiverkko.consent.expired.v1": "network (label erasure), resources (erasure)",
    "fi.tukiverkko.resources.card.suppressed.v1": "network (alters unlinked)",
    "fi.tukiverkko.resources.card.archived.v1": "network (alters unlinked)",
    "fi.tukiverkko.housing.coordinator_assigned.v1": "plans (coordinator's shortfall lists)",
    "fi.tukiverkko.housing.resident_moved_in.v1": "plans (coordinator's shortfall lists)",
    "fi.tukiverkko.housing.resident_moved_out.v1": "plans (coordinator's shortfall lists)",
}
producers = {
    contracts.plans.TOPIC: "plans",
    contracts.consent.TOPIC: "consent",
    contracts.audit.TOPIC: "gateway",
    contracts.network.TOPIC: "network",
    contracts.housing.TOPIC: "network",
    contracts.resources.TOPIC: "resources",
}
unstreamed: set[str] = set()
"""Topics not on the gateway's dashboard stream (stream.py)."""
rows = ["| topic | event type | produced by | consumed by | meaning |", "|---|---|---|---|---|"]
for et, model in sorted(registered_contracts().items(), key=lambda kv: (kv[1].topic, kv[0])):
    doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
    webhook = et in (
        "fi.tukiverkko.plans.referral_sent.v1",
        "fi.tukiverkko.plans.referral_answered.v1",
        "fi.tukiverkko.plans.service_agreed.v1",
    )
    gw = "gateway (SSE, provider webhooks)" if webhook else "gateway (SSE)"
    cons = consumers.get(et, gw)
    if et in consumers and model.topic != contracts.audit.TOPIC:
        cons = cons.replace(", gateway", "") + ", " + gw
    if model.topic in unstreamed:
        cons = consumers.get(et, "—")
    rows.append(
        f"| `{model.topic}` | `{et}` | {producers.get(model.topic, '?')} | {cons} | {doc} |"
    )
topics = "\n".join(f"- `{t}` — {d}" for t, d in contracts.TOPICS.items())
text = f"Topics (each with a dead-letter topic `<topic>.dlq`):\n\n{topics}\n\n" + "\n".join(rows)
p = pathlib.Path("README.md")
s = p.read_text()
s = re.sub(
    r"<!-- events:start -->.*<!-- events:end -->|EVENT_CATALOGUE",
    "<!-- events:start -->\n" + text.replace("\\", "\\\\") + "\n<!-- events:end -->",
    s,
    flags=re.DOTALL,
)
p.write_text(s)
