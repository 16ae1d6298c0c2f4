"""The client's own access report (käyttöloki and luovutusloki, Act 703/2023) as a document.

The consent service owns the logs and answers with organisation ids; the gateway owns the
organisation register. So the gateway names the organisations (name, role, sector) when it
hands the report out, in Finnish or Swedish, as JSON, HTML or PDF. No copy of the register
lives in the consent service, and a renamed organisation shows its current name.
"""

import html
from datetime import datetime
from typing import Any, Literal

from gateway.registry import Registry
from tukiverkko_common.clock import as_utc

Language = Literal["fi", "sv"]
HELSINKI_DATE = "%d.%m.%Y %H:%M"

TEXT: dict[str, dict[Language, str]] = {
    "title": {
        "fi": "Tietojesi käyttö ja luovutukset",
        "sv": "Användning och utlämnanden av dina uppgifter",
    },
    "period": {"fi": "Ajanjakso", "sv": "Period"},
    "organisations": {"fi": "Organisaatiot", "sv": "Organisationer"},
    "accesses": {"fi": "Käyttöloki", "sv": "Användningslogg"},
    "disclosures": {"fi": "Luovutusloki", "sv": "Utlämnandelogg"},
    "organisation": {"fi": "Organisaatio", "sv": "Organisation"},
    "role": {"fi": "Rooli", "sv": "Roll"},
    "sector": {"fi": "Sektori", "sv": "Sektor"},
    "used": {"fi": "Käyttökertoja", "sv": "Användningar"},
    "disclosed": {"fi": "Luovuttanut", "sv": "Lämnat ut"},
    "received": {"fi": "Vastaanottanut", "sv": "Tagit emot"},
    "time": {"fi": "Aika", "sv": "Tid"},
    "action": {"fi": "Toimenpide", "sv": "Åtgärd"},
    "category": {"fi": "Tiedot", "sv": "Uppgifter"},
    "purpose": {"fi": "Käyttötarkoitus", "sv": "Ändamål"},
    "basis": {"fi": "Peruste", "sv": "Grund"},
    "recipient": {"fi": "Vastaanottaja", "sv": "Mottagare"},
    "none": {"fi": "Ei merkintöjä.", "sv": "Inga anteckningar."},
    "truncated": {
        "fi": "Raportissa on vain osa merkinnöistä; pyydä loput erikseen.",
        "sv": "Rapporten innehåller bara en del av anteckningarna; begär resten separat.",
    },
    "unknown": {"fi": "Tuntematon organisaatio", "sv": "Okänd organisation"},
}
ROLES: dict[str, dict[Language, str]] = {
    "wellbeing_region": {"fi": "hyvinvointialue (järjestäjä)", "sv": "välfärdsområde (anordnare)"},
    "municipality": {"fi": "kunta", "sv": "kommun"},
    "service_provider": {"fi": "palveluntuottaja", "sv": "serviceproducent"},
    "ngo": {"fi": "järjestö", "sv": "organisation"},
    "dashboard": {"fi": "tilannekuvapalvelu", "sv": "lägesbildstjänst"},
}
SECTORS: dict[str, dict[Language, str]] = {
    "wellbeing_region": {"fi": "julkinen (hyvinvointialue)", "sv": "offentlig (välfärdsområde)"},
    "municipal": {"fi": "julkinen (kunta)", "sv": "offentlig (kommun)"},
    "public": {"fi": "julkinen", "sv": "offentlig"},
    "private": {"fi": "yksityinen", "sv": "privat"},
    "third_sector": {"fi": "kolmas sektori", "sv": "tredje sektorn"},
    "parish": {"fi": "seurakunta", "sv": "församling"},
    "joint_authority": {"fi": "kuntayhtymä", "sv": "samkommun"},
}
ACTIONS: dict[str, dict[Language, str]] = {
    "read": {"fi": "luki", "sv": "läste"},
    "list": {"fi": "haki listan", "sv": "hämtade en lista"},
    "create": {"fi": "tallensi", "sv": "sparade"},
    "update": {"fi": "muutti", "sv": "ändrade"},
    "delete": {"fi": "poisti", "sv": "raderade"},
    "export": {"fi": "tulosti", "sv": "skrev ut"},
}


def _label(table: dict[str, dict[Language, str]], code: str | None, lang: Language) -> str:
    return table.get(code or "", {}).get(lang, code or "")


async def name_organisations(
    report: dict[str, Any], registry: Registry, lang: Language
) -> dict[str, Any]:
    """Return the report with every organisation id named: name, role and sector in `lang`."""
    ids = {o["organisation_id"] for o in report["organisations"]}
    ids |= {e["organisation_id"] for e in report["accesses"] + report["disclosures"]}
    ids |= {e["recipient_organisation_id"] for e in report["disclosures"]}
    named = {i: await _describe(registry, i, lang) for i in sorted(ids)}
    return {
        **report,
        "language": lang,
        "organisations": [{**o, **named[o["organisation_id"]]} for o in report["organisations"]],
        "accesses": [_entry(e, named, lang) for e in report["accesses"]],
        "disclosures": [
            {**_entry(e, named, lang), "recipient": named[e["recipient_organisation_id"]]}
            for e in report["disclosures"]
        ],
    }


async def _describe(registry: Registry, organisation_id: str, lang: Language) -> dict[str, Any]:
    found = await registry.organisation(organisation_id)
    if found is None:  # removed or deactivated since: say so rather than guess
        return {
            "organisation_id": organisation_id,
            "name": TEXT["unknown"][lang],
            "role": None,
            "sector": None,
        }
    return {
        "organisation_id": organisation_id,
        "name": found.name,
        "role": _label(ROLES, found.role, lang),
        "sector": _label(SECTORS, found.sector, lang),
    }


def _entry(
    entry: dict[str, Any], named: dict[str, dict[str, Any]], lang: Language
) -> dict[str, Any]:
    return {
        **entry,
        "organisation": named[entry["organisation_id"]],
        "action_label": _label(ACTIONS, entry["action"], lang),
    }


def when(value: str) -> str:
    """Return an instant as Helsinki local date and time (dd.mm.yyyy hh:mm)."""
    from zoneinfo import ZoneInfo

    return (
        as_utc(datetime.fromisoformat(value))
        .astimezone(ZoneInfo("Europe/Helsinki"))
        .strftime(HELSINKI_DATE)
    )


def document_rows(report: dict[str, Any]) -> dict[str, list[list[str]]]:
    """Return the document's three tables as rows of text (shared by HTML and PDF)."""
    return {
        "organisations": [
            [
                o["name"],
                o["role"] or "",
                o["sector"] or "",
                str(o["accesses"]),
                str(o["disclosures_made"]),
                str(o["disclosures_received"]),
            ]
            for o in report["organisations"]
        ],
        "accesses": [
            [
                when(e["occurred_at"]),
                e["organisation"]["name"],
                e["action_label"],
                e["data_category"],
                e["purpose"],
                e["legal_basis"] or "",
            ]
            for e in report["accesses"]
        ],
        "disclosures": [
            [
                when(e["occurred_at"]),
                e["organisation"]["name"],
                e["recipient"]["name"],
                e["data_category"],
                e["purpose"],
                e["legal_basis"] or "",
            ]
            for e in report["disclosures"]
        ],
    }


def headings(lang: Language) -> dict[str, list[str]]:
    """Return the column headings of the document's tables."""
    t = {k: v[lang] for k, v in TEXT.items()}
    return {
        "organisations": [
            t["organisation"],
            t["role"],
            t["sector"],
            t["used"],
            t["disclosed"],
            t["received"],
        ],
        "accesses": [
            t["time"],
            t["organisation"],
            t["action"],
            t["category"],
            t["purpose"],
            t["basis"],
        ],
        "disclosures": [
            t["time"],
            t["organisation"],
            t["recipient"],
            t["category"],
            t["purpose"],
            t["basis"],
        ],
    }


def render_html(report: dict[str, Any]) -> str:
    """Return the report as a standalone HTML document; every value is escaped."""
    lang: Language = report["language"]
    t = {k: v[lang] for k, v in TEXT.items()}
    rows, heads = document_rows(report), headings(lang)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(t["title"])}</title></head><body>',
        f"<h1>{html.escape(t['title'])}</h1>",
        f"<p>{html.escape(t['period'])}: {when(report['since'])} – {when(report['until'])}</p>",
    ]
    for key in ("organisations", "accesses", "disclosures"):
        parts.append(f"<h2>{html.escape(t[key])}</h2>")
        parts.append(_html_table(heads[key], rows[key], t["none"]))
    if report["truncated"]:
        parts.append(f"<p><strong>{html.escape(t['truncated'])}</strong></p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _html_table(head: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f"<p>{html.escape(empty)}</p>"
    header = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"
