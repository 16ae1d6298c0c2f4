"""Resource cards of all four kinds: organisation, citizen (with consent), competence, strength."""

from typing import Any

from tukiverkko_demo.context import Context
from tukiverkko_demo.people import name
from tukiverkko_demo.region import LIFE_AREAS, Pilot

COMPETENCES = ("household_work", "crafts", "it", "driving", "languages", "office_work")
OFFERS = {
    "fi": ("Lukupiiri", "Kävelyryhmä", "Ruokailu", "Asumisneuvonta", "Digitukipiste"),
    "sv": ("Läscirkel", "Promenadgrupp", "Lunch", "Boenderådgivning", "Digistöd"),
}


async def cards(ctx: Context, pilot: Pilot) -> list[str]:
    """The region's cards; return the organisation cards' ids (networks' partners)."""
    organisation_cards = []
    for n in range(ctx.size.cards_per_region):
        card_id = await _organisation_card(ctx, pilot, n)
        organisation_cards.append(card_id)
        await _held(ctx, pilot, f"organisation_card:{n}", card_id, n)
    for n in range(max(1, ctx.size.cards_per_region // 4)):
        card_id = await _citizen_card(ctx, pilot, n)
        await _held(ctx, pilot, f"citizen_card:{n}", card_id, n)
    return organisation_cards


async def _organisation_card(ctx: Context, pilot: Pilot, n: int) -> str:
    rng = ctx.rng(f"card:{pilot.municipality}:{n}")
    offers = OFFERS[pilot.language]
    districts = ctx.districts[pilot.municipality]
    suffix = "rf" if pilot.language == "sv" else "ry"
    body = {
        "region": pilot.region,
        "name_fi": f"Demoyhdistys {pilot.municipality}-{n} ry",
        "name_sv": f"{rng.choice(OFFERS['sv'])} demoförening {pilot.municipality}-{n} {suffix}",
        "sector": rng.choice(("third_sector", "parish", "private", "municipal")),
        "districts": [districts[n % len(districts)]],
        "offers": [{"name_fi": offers[n % len(offers)], "life_area": LIFE_AREAS[n % len(LIFE_AREAS)]}],
    }  # fmt: skip
    api = ctx.region_api(pilot)
    return await ctx.once(f"card:{pilot.municipality}:organisation_card:{n}", lambda: api.call(
        "POST", "/api/v1/organisation-cards", json=body))  # fmt: skip


async def _citizen_card(ctx: Context, pilot: Pilot, n: int) -> str:
    """A volunteer's card: the person is registered as a consent subject and consents first."""
    key = f"card:{pilot.municipality}:citizen_card:{n}"
    api = ctx.region_api(pilot)
    keeper = ctx.org_ids[pilot.by_sector("wellbeing_region").key]
    subject = {"kind": "resource_file_citizen", "region": pilot.region}
    subject_id = await ctx.once(f"{key}:subject", lambda: _subject(api, subject))
    await ctx.once(f"{key}:consent", lambda: api.call(
        "POST", "/api/v1/consents", json=_inclusion(subject_id, keeper, pilot.language)))  # fmt: skip
    districts = ctx.districts[pilot.municipality]
    body = {
        "region": pilot.region, "subject_id": subject_id,
        "name": name(ctx.rng(key), pilot.language if n % 3 else "sv"),
        "contact": {"phone": f"+358 40 000 0{900 + n % 100:03d}"},
        "districts": [districts[n % len(districts)]],
    }  # fmt: skip
    return await ctx.once(key, lambda: api.call("POST", "/api/v1/citizen-cards", json=body))


async def _subject(api: Any, body: dict[str, Any]) -> dict[str, Any]:
    made = await api.call("POST", "/api/v1/subjects", json=body)
    return {"id": made["subject_id"]}


def _inclusion(subject_id: str, keeper: str, language: str) -> dict[str, Any]:
    return {
        "subject_id": subject_id, "purpose": "resource_file_inclusion",
        "data_categories": ["resource_card", "contact_details"], "recipients": [keeper],
        "given_by": {"role": "subject"}, "collection_method": "written",
        "notice_version": "resources-2026-01", "notice_language": language,
    }  # fmt: skip


async def _held(ctx: Context, pilot: Pilot, key: str, card_id: str, n: int) -> None:
    """A competence and a strength on the card."""
    api = ctx.region_api(pilot)
    base = f"card:{pilot.municipality}:{key}"
    competence = {"competence": COMPETENCES[n % len(COMPETENCES)]}
    strength = {"title_fi": "Kuunteleva ja kärsivällinen", "title_sv": "Lyssnande och tålmodig",
                "life_areas": [LIFE_AREAS[n % len(LIFE_AREAS)]]}  # fmt: skip
    await ctx.once(f"{base}:competence", lambda: api.call(
        "POST", f"/api/v1/cards/{card_id}/competence-cards", json=competence))  # fmt: skip
    await ctx.once(f"{base}:strength", lambda: api.call(
        "POST", f"/api/v1/cards/{card_id}/strength-cards", json=strength))  # fmt: skip
