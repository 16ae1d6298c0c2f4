"""The self-monitoring plan as a document: HTML and PDF, in Finnish or Swedish.

Both formats render the same sections from one list (`sections`), so they cannot drift
apart. The PDF uses fpdf2's core fonts, which cover Latin-1: ä, ö and å included.
"""

import html
import re
from typing import Any, Literal

from fpdf import FPDF

from tukiverkko_common.area_codes import area_codes

Language = Literal["fi", "sv"]

TEXT: dict[str, dict[str, str]] = {
    "title": {"fi": "Omavalvontasuunnitelma", "sv": "Plan för egenkontroll"},
    "version": {"fi": "Versio", "sv": "Version"},
    "generated": {"fi": "Laadittu", "sv": "Upprättad"},
    "network": {"fi": "Asuntoverkosto", "sv": "Bostadsnätverk"},
    "region": {"fi": "Hyvinvointialue", "sv": "Välfärdsområde"},
    "municipality": {"fi": "Kunta", "sv": "Kommun"},
    "districts": {"fi": "Asuinalueet", "sv": "Bostadsområden"},
    "coordinator": {"fi": "Asuinaluekoordinaattori", "sv": "Områdeskoordinator"},
    "residents": {"fi": "Asukkaita", "sv": "Invånare"},
    "apartments": {"fi": "Asuntoja", "sv": "Bostäder"},
    "producers": {"fi": "Tuottajia", "sv": "Producenter"},
    "partners": {"fi": "Yhteistyökumppanit", "sv": "Samarbetspartner"},
    "partners_count": {
        "fi": "{organisation} organisaatiota, {citizen} kuntalaista",
        "sv": "{organisation} organisationer, {citizen} kommuninvånare",
    },
    "activities": {
        "fi": "Sosiaalista kanssakäymistä edistävä toiminta",
        "sv": "Verksamhet som främjar social samvaro",
    },
    "none": {"fi": "Ei toimintaa kirjattu.", "sv": "Ingen verksamhet registrerad."},
    "goal": {"fi": "Tavoite", "sv": "Mål"},
    "content": {"fi": "Sisältö", "sv": "Innehåll"},
    "regularity": {"fi": "Säännöllisyys", "sv": "Regelbundenhet"},
    "planning": {
        "fi": "Asukkaiden osallisuus suunnitteluun",
        "sv": "Invånarnas delaktighet i planeringen",
    },
    "planning_count": {
        "fi": "{n} asukasta osallistui suunnitteluun",
        "sv": "{n} invånare deltog i planeringen",
    },
    "resources": {"fi": "Tuotannon resurssit", "sv": "Produktionens resurser"},
    "staffing": {
        "fi": "Henkilöstö {staff} hlö, {hours} h / kerta; resurssikortteja {cards}",
        "sv": "Personal {staff} pers., {hours} h / gång; resurskort {cards}",
    },
    "competence": {"fi": "Osaamisvaatimukset", "sv": "Kompetenskrav"},
    "follow_up": {"fi": "Toteutumisen seuranta", "sv": "Uppföljning av genomförandet"},
    "realised": {
        "fi": "Toteutunut: {sessions} kertaa, {attendances} osallistumista, {hours} henkilöstötuntia",
        "sv": "Genomfört: {sessions} gånger, {attendances} deltaganden, {hours} personaltimmar",
    },
    "status": {"fi": "Tila", "sv": "Status"},
    "responsible": {"fi": "Vastuuhenkilö", "sv": "Ansvarsperson"},
}

CODES: dict[str, dict[str, str]] = {
    "social_care_degree": {"fi": "sosiaalialan tutkinto", "sv": "examen inom socialbranschen"},
    "nursing_degree": {
        "fi": "lähihoitaja tai sairaanhoitaja",
        "sv": "närvårdare eller sjukskötare",
    },
    "youth_work_degree": {"fi": "nuorisoalan tutkinto", "sv": "examen inom ungdomsarbete"},
    "peer_experience": {"fi": "kokemusasiantuntijuus", "sv": "erfarenhetsexpertis"},
    "first_aid": {"fi": "ensiapukoulutus", "sv": "första hjälpen-utbildning"},
    "food_hygiene": {"fi": "hygieniapassi", "sv": "hygienpass"},
    "volunteer_training": {"fi": "vapaaehtoiskoulutus", "sv": "frivilligutbildning"},
    "attendance_records": {"fi": "osallistujakirjanpito", "sv": "deltagarbokföring"},
    "resident_feedback": {"fi": "asukaspalaute", "sv": "invånarrespons"},
    "coordinator_monthly_review": {
        "fi": "koordinaattorin kuukausiarvio",
        "sv": "koordinatorns månadsgenomgång",
    },
    "annual_review_with_residents": {
        "fi": "vuosiarvio yhdessä asukkaiden kanssa",
        "sv": "årlig utvärdering tillsammans med invånarna",
    },
    "planned": {"fi": "suunniteltu", "sv": "planerad"},
    "active": {"fi": "käynnissä", "sv": "pågående"},
    "paused": {"fi": "tauolla", "sv": "pausad"},
    "ended": {"fi": "päättynyt", "sv": "avslutad"},
}
FREQ = {
    "DAILY": {"fi": "päivittäin", "sv": "dagligen"},
    "WEEKLY": {"fi": "viikoittain", "sv": "varje vecka"},
    "MONTHLY": {"fi": "kuukausittain", "sv": "varje månad"},
}
DAYS = {
    "MO": {"fi": "maanantaisin", "sv": "på måndagar"},
    "TU": {"fi": "tiistaisin", "sv": "på tisdagar"},
    "WE": {"fi": "keskiviikkoisin", "sv": "på onsdagar"},
    "TH": {"fi": "torstaisin", "sv": "på torsdagar"},
    "FR": {"fi": "perjantaisin", "sv": "på fredagar"},
    "SA": {"fi": "lauantaisin", "sv": "på lördagar"},
    "SU": {"fi": "sunnuntaisin", "sv": "på söndagar"},
}
ORDINAL = {"fi": "{n}. viikon", "sv": "{n}:a veckan,"}


def regularity(activity: dict[str, Any], lang: Language) -> str:
    """Return the recurrence in words, e.g. "viikoittain tiistaisin klo 17:00, 120 min"."""
    rule = dict(part.split("=") for part in activity["recurrence"].split(";"))
    words = [FREQ[rule["FREQ"]][lang]]
    if interval := rule.get("INTERVAL"):
        words.append(f"({'joka' if lang == 'fi' else 'var'} {interval}.)")
    if day := re.fullmatch(r"(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)", rule.get("BYDAY", "")):
        if day.group(1):
            words.append(ORDINAL[lang].format(n=day.group(1)))
        words.append(DAYS[day.group(2)][lang])
    if activity["start_time"]:
        words.append(f"{'klo' if lang == 'fi' else 'kl.'} {activity['start_time']}")
    return " ".join(words) + f", {activity['duration_minutes']} min"


def _code(value: str, lang: Language) -> str:
    return CODES.get(value, {}).get(lang, value)


def _area(content: dict[str, Any], lang: Language) -> list[tuple[str, str]]:
    codes, net = area_codes(), content["network"]
    municipality = codes.municipalities.get(net["municipality"])
    districts = [codes.district_name(d, lang) or d for d in net["districts"]]
    return [
        (TEXT["region"][lang], codes.regions.get(net["region"], {}).get(lang, net["region"])),
        (
            TEXT["municipality"][lang],
            municipality.names[lang] if municipality else net["municipality"],
        ),
        (TEXT["districts"][lang], ", ".join(districts) or "-"),
        (TEXT["coordinator"][lang], net["coordinator_worker_id"] or "-"),
        (TEXT["residents"][lang], str(content["residents"])),
        (TEXT["apartments"][lang], str(content["apartments"])),
        (TEXT["producers"][lang], str(net["producers"])),
        (TEXT["partners"][lang], TEXT["partners_count"][lang].format(**content["partners"])),
    ]


def _activity_rows(a: dict[str, Any], lang: Language) -> list[tuple[str, str]]:
    t = {k: v[lang] for k, v in TEXT.items()}
    return [
        (t["goal"], a["goal"]),
        (t["content"], a["content"]),
        (t["regularity"], regularity(a, lang)),
        (t["planning"], t["planning_count"].format(n=a["planned_with_residents"])),
        (
            t["resources"],
            t["staffing"].format(
                staff=a["staff_count"],
                hours=a["staff_hours_per_session"],
                cards=a["resource_cards"],
            ),
        ),
        (t["competence"], ", ".join(_code(c, lang) for c in a["competence_requirements"]) or "-"),
        (t["responsible"], a["responsible_worker_id"]),
        (t["follow_up"], ", ".join(_code(c, lang) for c in a["follow_up"]) or "-"),
        (
            t["status"],
            f"{_code(a['status'], lang)}; "
            + t["realised"].format(
                sessions=a["sessions_held"],
                attendances=a["attendances"],
                hours=a["staff_hours_delivered"],
            ),
        ),
    ]


def sections(version: dict[str, Any], lang: Language) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the document as (heading, [(label, value)]) sections, in order."""
    content = version["content"]
    head = [
        (TEXT["version"][lang], str(version["version"])),
        (TEXT["generated"][lang], version["generated_at"].strftime("%Y-%m-%d")),
    ]
    found = [
        (f"{TEXT['network'][lang]}: {content['network']['name']}", head + _area(content, lang))
    ]
    found += [(a["title"], _activity_rows(a, lang)) for a in content["activities"]]
    return found


def render_html(version: dict[str, Any], lang: Language) -> str:
    """Return the plan as a standalone HTML document."""
    parts = [f"<h1>{TEXT['title'][lang]}</h1>"]
    for n, (heading, rows) in enumerate(sections(version, lang)):
        if n == 1:
            parts.append(f"<h2>{html.escape(TEXT['activities'][lang])}</h2>")
        tag = "h2" if n == 0 else "h3"
        body = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows
        )
        parts.append(
            f"<section><{tag}>{html.escape(heading)}</{tag}><table>{body}</table></section>"
        )
    if not version["content"]["activities"]:
        parts.append(f"<h2>{TEXT['activities'][lang]}</h2><p>{TEXT['none'][lang]}</p>")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{TEXT['title'][lang]}</title></head><body>{''.join(parts)}</body></html>"
    )


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1 (å, ä, ö included); anything else becomes "?".
    return text.replace("–", "-").encode("latin-1", "replace").decode("latin-1")


def render_pdf(version: dict[str, Any], lang: Language) -> bytes:
    """Return the plan as PDF bytes (A4 portrait)."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(TEXT["title"][lang]))
    pdf.set_lang(lang)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(text=_latin1(TEXT["title"][lang]), new_x="LMARGIN", new_y="NEXT")
    for n, (heading, rows) in enumerate(sections(version, lang)):
        if n == 1:
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, text=_latin1(TEXT["activities"][lang]), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 12 if n == 0 else 11)
        pdf.multi_cell(0, text=_latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=9)
        with pdf.table(
            col_widths=(35, 65), text_align="LEFT", first_row_as_headings=False
        ) as table:
            for label, value in rows:
                cells = table.row()
                cells.cell(_latin1(label))
                cells.cell(_latin1(value))
    return bytes(pdf.output())
