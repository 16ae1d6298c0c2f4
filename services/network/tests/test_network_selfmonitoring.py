"""The self-monitoring plan: generated from the data, versioned by content, as HTML and PDF
in Finnish and Swedish with the activities, their resources and staffing."""

import re
import zlib

from tukiverkko_common.contracts.plans import new_worker_id
from tukiverkko_common.ids import new_id

PRODUCER = "01900000-0000-7000-8000-00000000c201"


async def network_with_club(network) -> tuple[str, str]:
    body = {
        "name": "Elimäen asuntoverkosto",
        "region": "kymenlaakso",
        "municipality": "286",
        "districts": ["elimaki"],
        "producer_organisation_ids": [PRODUCER],
    }
    created = await network.ok("POST", "/api/v1/housing-networks", 201, json=body)
    residents = f"/api/v1/housing-networks/{created['id']}/residents"
    client = str(new_id())
    await network.ok(
        "POST", residents, 201, json={"client_id": client, "moved_in_on": "2025-01-01"}
    )
    club = {
        "title": "Tiistaikerho",
        "goal": "Asukkaat tutustuvat toisiinsa ja naapurustoon",
        "content": "Kahvia, pelejä ja asukkaiden valitsema teema",
        "recurrence": "FREQ=WEEKLY;BYDAY=TU",
        "start_time": "17:00",
        "duration_minutes": 120,
        "starts_on": "2025-02-04",
        "planned_with_client_ids": [client],
        "responsible_worker_id": new_worker_id(),
        "producer_organisation_id": PRODUCER,
        "staff_count": 2,
        "staff_hours_per_session": 3.5,
        "competence_requirements": ["social_care_degree", "first_aid"],
        "follow_up": ["attendance_records", "resident_feedback"],
    }
    url = f"/api/v1/housing-networks/{created['id']}/activities"
    await network.ok("POST", url, 201, json=club)
    return created["id"], url


def pdf_text(pdf: bytes) -> str:
    """The text drawn on the pages (fpdf2 compresses each content stream with zlib)."""
    assert pdf.startswith(b"%PDF-")
    drawn = []
    # The compressed bytes may themselves end in \r: take everything up to `endstream` and let
    # the decompressor stop at the end of its own stream (the line end after it is ignored).
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            content = zlib.decompressobj().decompress(stream)
        except zlib.error:
            continue
        drawn += [m.decode("latin-1") for m in re.findall(rb"\((.*?)(?<!\\)\) ?Tj", content)]
    return " ".join(drawn)


async def test_a_new_version_only_when_the_content_changed(network):
    network_id, activities = await network_with_club(network)
    plan = f"/api/v1/housing-networks/{network_id}/self-monitoring-plan"
    first = await network.ok("POST", plan, 201)
    again = await network.ok("POST", plan, 200)
    assert (first["version"], again["version"], again["new_version"]) == (1, 1, False)
    assert again["content_hash"] == first["content_hash"]
    dinner = {
        "title": "Kuukausipäivällinen",
        "goal": "Yhteinen ateria kerran kuussa",
        "content": "Asukkaat valmistavat aterian yhdessä",
        "recurrence": "FREQ=MONTHLY;BYDAY=1FR",
        "duration_minutes": 180,
        "starts_on": "2025-03-07",
        "responsible_worker_id": new_worker_id(),
        "producer_organisation_id": PRODUCER,
        "staff_count": 1,
        "staff_hours_per_session": 4,
    }
    await network.ok("POST", activities, 201, json=dinner)
    second = await network.ok("POST", plan, 201)
    assert second["version"] == 2 and second["content_hash"] != first["content_hash"]
    versions = await network.ok("GET", f"{plan}/versions")
    assert [v["version"] for v in versions["items"]] == [1, 2]
    old = await network.ok("GET", f"{plan}/versions/1")
    assert [a["title"] for a in old["content"]["activities"]] == ["Tiistaikerho"]


async def test_the_plan_renders_in_finnish_and_swedish_as_html_and_pdf(network):
    network_id, _ = await network_with_club(network)
    plan = f"/api/v1/housing-networks/{network_id}/self-monitoring-plan"
    await network.ok("POST", plan, 201)
    expected = {
        "fi": [
            "Omavalvontasuunnitelma",
            "Tiistaikerho",
            "Asukkaat tutustuvat toisiinsa ja naapurustoon",
            "viikoittain tiistaisin klo 17:00, 120 min",
            "1 asukasta osallistui suunnitteluun",
            "Henkilöstö 2 hlö, 3.5 h / kerta",
            "ensiapukoulutus, sosiaalialan tutkinto",
            "osallistujakirjanpito, asukaspalaute",
        ],
        "sv": [
            "Plan för egenkontroll",
            "Tiistaikerho",
            "varje vecka på tisdagar kl. 17:00, 120 min",
            "1 invånare deltog i planeringen",
            "Personal 2 pers., 3.5 h / gång",
            "första hjälpen-utbildning, examen inom socialbranschen",
            "deltagarbokföring, invånarrespons",
        ],
    }
    for language, phrases in expected.items():
        document = f"{plan}/versions/1/document"
        page = await network.http.get(document, params={"language": language})
        assert page.headers["content-type"].startswith("text/html")
        assert f'<html lang="{language}">' in page.text
        pdf = await network.http.get(document, params={"language": language, "format": "pdf"})
        assert pdf.headers["content-type"] == "application/pdf"
        text = pdf_text(pdf.content)
        for phrase in phrases:
            assert phrase in page.text, (language, phrase)
            assert phrase in text, (language, phrase)
    missing = await network.http.get(f"{plan}/versions/9/document")
    assert missing.status_code == 404
