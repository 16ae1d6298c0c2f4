"""The PTV v11 importer: a sample export becomes organisation cards and offers; again, nothing changes."""

import json
from pathlib import Path
from uuid import UUID

from sqlalchemy import func, select

from resources.models import Card, messaging

SAMPLE = json.loads((Path(__file__).parent / "data" / "ptv_v11_sample.json").read_text())
VILLAGE = "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a01"
SPORTS = "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a02"


async def _snapshot(platform) -> tuple[list[tuple], int]:
    runtime = platform.resources.runtime
    outbox = messaging.outbox
    async with runtime.sessions() as session:
        cards = await session.execute(
            select(Card.external_id, Card.updated_at).where(
                Card.external_source == "ptv:kymenlaakso"
            )
        )
        events = await session.scalar(select(func.count()).select_from(outbox))
    return sorted(cards.all()), int(events or 0)


async def test_a_ptv_import_creates_cards_and_offers_and_a_second_changes_nothing(platform):
    body = {"region": "kymenlaakso", **{k: SAMPLE[k] for k in ("organizations", "services")}}
    first = await platform.resources.ok("POST", "/api/v1/ptv-imports", json=body)
    assert first["organisations_created"] == 2 and first["offers_created"] == 2
    assert any("not published" in s for s in first["skipped"])
    before = await _snapshot(platform)
    assert [c[0] for c in before[0]] == [VILLAGE, SPORTS]
    second = await platform.resources.ok("POST", "/api/v1/ptv-imports", json=body)
    assert second["organisations_created"] == second["organisations_updated"] == 0
    assert second["offers_created"] == second["offers_updated"] == 0
    assert await _snapshot(platform) == before, "no updated_at change and no event on re-import"

    page = await platform.resources.ok("GET", "/api/v1/cards?card_type=organisation&limit=500")
    village = next(c for c in page["items"] if c["name_fi"] == "Testilän Kyläyhdistys ry")
    assert village["business_id"] == "0201256-6" and village["sector"] == "third_sector"
    assert village["name_sv"] == "Testilä byaförening rf" and village["latitude"] == 60.91
    assert [o["name_fi"] for o in village["offers"]] == ["Naapuriapu asiointiin"]
    sports = next(c for c in page["items"] if c["name_fi"] == "Testikunnan liikuntapalvelut")
    assert sports["sector"] == "municipal" and sports["latitude"] is None, "TM35FIN metres left out"
    hsds = await platform.resources.ok("GET", "/api/v1/hsds/services?search=vesijumppa")
    assert any(s["organization_id"] == sports["id"] for s in hsds["contents"])


async def test_a_changed_export_updates_only_what_changed(platform):
    body = {"region": "kymenlaakso", **{k: SAMPLE[k] for k in ("organizations", "services")}}
    await platform.resources.ok("POST", "/api/v1/ptv-imports", json=body)
    changed = json.loads(json.dumps(body))
    changed["services"][0]["serviceNames"][0]["value"] = "Naapuriapu asiointiin ja kauppaan"
    result = await platform.resources.ok("POST", "/api/v1/ptv-imports", json=changed)
    assert result["offers_updated"] == 1 and result["organisations_updated"] == 1
    async with platform.resources.runtime.sessions() as session:
        card = await session.scalar(select(Card).where(Card.external_id == VILLAGE))
    read = await platform.resources.ok("GET", f"/api/v1/cards/{UUID(str(card.id))}")
    assert read["offers"][0]["name_fi"] == "Naapuriapu asiointiin ja kauppaan"


async def test_an_invalid_business_code_is_left_out_not_imported(platform):
    org = json.loads(json.dumps(SAMPLE["organizations"][0]))
    org["id"] = "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a09"
    org["businessCode"] = "0201256-7"
    result = await platform.resources.ok(
        "POST", "/api/v1/ptv-imports", json={"region": "kymenlaakso", "organizations": [org]}
    )
    assert result["organisations_created"] == 1
    assert any("businessCode" in s for s in result["skipped"])
