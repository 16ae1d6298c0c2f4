"""Consents of people in the resource file (not clients), recorded and withdrawn through the gateway.

The organisation that registers a person for its region's resource file records and
withdraws the person's consents; the region's organiser may too. Nobody else learns the
person exists: another region, a producer of the same region and an outsider all get 404.
"""

from typing import Any
from uuid import uuid4

from bola_resources import inclusion_consent
from gateway_harness import OrgClient
from gateway_platform import Platform

KIND = "resource_file_citizen"


async def _register(platform: Platform, keeper: OrgClient) -> str:
    region = keeper.organisation.region
    body = await platform.ok(
        keeper, "POST", "/api/v1/subjects", 201, json={"kind": KIND, "region": region}
    )
    return str(body["subject_id"])


async def test_a_person_is_registered_only_in_the_callers_own_region(platform: Platform):
    gw = platform.gateway
    ngo = await gw.register("Vapaaehtoiskeskus ry", "ngo", region="kymenlaakso")
    elsewhere = await gw.call(
        ngo, "POST", "/api/v1/subjects", json={"kind": KIND, "region": "lappi"}
    )
    assert elsewhere.status_code == 422
    assert elsewhere.json()["errors"][0]["field"] == "region" or "region" in elsewhere.text
    regionless = await gw.register("Yhdistys ilman aluetta ry", "ngo")
    refused = await gw.call(regionless, "POST", "/api/v1/subjects", json={"kind": KIND})
    assert refused.status_code == 422


async def test_the_keeper_records_reads_and_withdraws_a_persons_consent(platform: Platform):
    gw = platform.gateway
    ngo = await gw.register("Naapuriapu ry", "ngo", region="kymenlaakso")
    subject_id = await _register(platform, ngo)
    consent = await platform.ok(
        ngo, "POST", "/api/v1/consents", 201, json=inclusion_consent(subject_id, ngo)
    )
    read = await platform.ok(ngo, "GET", f"/api/v1/consents/{consent['id']}")
    assert read["subject_id"] == subject_id
    listed = await platform.ok(ngo, "GET", f"/api/v1/subjects/{subject_id}/consents")
    assert [c["id"] for c in listed] == [consent["id"]]
    withdrawn = await platform.ok(
        ngo, "POST", f"/api/v1/consents/{consent['id']}/withdraw", json={"reason": "ei enää"}
    )
    assert withdrawn["status"] == "withdrawn"
    organiser = await gw.register("Alue (henkilöt)", "wellbeing_region", region="kymenlaakso")
    assert (await gw.call(organiser, "GET", f"/api/v1/subjects/{subject_id}")).status_code == 200


async def test_nobody_else_learns_that_the_person_exists(platform: Platform):
    gw = platform.gateway
    keeper = await gw.register("Kerhoyhdistys ry", "ngo", region="kymenlaakso")
    subject_id = await _register(platform, keeper)
    consent = await platform.ok(
        keeper, "POST", "/api/v1/consents", 201, json=inclusion_consent(subject_id, keeper)
    )
    others = {
        "another region": await gw.register("Toinen alue", "wellbeing_region", region="lappi"),
        "a producer of the region": await gw.register("Toinen ry", "ngo", region="kymenlaakso"),
        "an outsider": await gw.register("Ulkopuolinen Oy", "service_provider"),
    }
    attempts: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", f"/api/v1/subjects/{subject_id}", None),
        ("GET", f"/api/v1/subjects/{subject_id}/consents", None),
        ("GET", f"/api/v1/consents/{consent['id']}", None),
        ("POST", f"/api/v1/consents/{consent['id']}/withdraw", {"reason": "x"}),
        ("POST", "/api/v1/consents", inclusion_consent(subject_id, keeper)),
    ]
    for who, caller in others.items():
        for method, path, body in attempts:
            response = await gw.call(caller, method, path, json=body)
            # The same answer as for an id that names nothing: existence is not revealed.
            assert response.status_code == 404, f"{who}: {method} {path} {response.text}"
            assert response.json()["detail"] == "no object with id in the path"
    unknown = await gw.call(keeper, "GET", f"/api/v1/subjects/{uuid4()}")
    assert (unknown.status_code, unknown.json()["detail"]) == (404, "no object with id in the path")
    still = await platform.ok(keeper, "GET", f"/api/v1/consents/{consent['id']}")
    assert still["status"] == "active"
