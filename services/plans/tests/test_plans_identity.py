"""Must-show 2: identity codes validated for real (422 naming the field), duplicates refused (409)."""

import logging

CLIENTS = "/api/v1/clients"


def _body(code: str) -> dict:
    return {
        "personal_identity_code": code,
        "languages": ["sv"],
        "municipality": "445",
        "region": "varsinais-suomi",
    }


def _with_check(first_ten: str, wrong: bool = False) -> str:
    digits = first_ten[:6] + first_ten[7:]
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[(int(digits) + (1 if wrong else 0)) % 31]
    return first_ten + check


async def test_invalid_identity_codes_get_a_specific_422_and_nothing_is_written(plans, hetu):
    cases = {
        "check character": _with_check("010190-923", wrong=True),
        "real calendar date": _with_check("310290-923"),  # 31 February
        "century sign": _with_check("010190G923"),
        "11 characters": "010190-92",
    }
    messages = set()
    for fault, code in cases.items():
        problem = await plans.problem("POST", CLIENTS, 422, json=_body(code))
        assert problem["errors"] == [
            {"field": "personal_identity_code", "message": problem["errors"][0]["message"]}
        ]
        assert fault in problem["errors"][0]["message"], (fault, problem)
        assert code not in str(problem), "the code is not echoed back"
        messages.add(problem["errors"][0]["message"])
    assert len(messages) == 4
    assert (await plans.ok("GET", CLIENTS))["items"] == []
    assert await plans.outbox_payloads() == []


async def test_same_code_twice_is_a_409_whatever_its_spelling(plans, hetu, caplog):
    code = hetu(century="A")  # born in the 2000s
    caplog.set_level(logging.DEBUG)
    first = await plans.ok("POST", CLIENTS, 201, json=_body(code))
    duplicate = await plans.problem("POST", CLIENTS, 409, json=_body(" " + code.lower()))
    assert duplicate["type"].endswith("/duplicate-client") and duplicate["client_id"] == first["id"]
    assert len((await plans.ok("GET", CLIENTS))["items"]) == 1
    assert code not in caplog.text and code.lower() not in caplog.text, (
        "identity codes never reach the logs"
    )


async def test_identity_code_is_masked_unless_asked_for_and_never_published(plans, hetu):
    code = hetu()
    created = await plans.ok(
        "POST", CLIENTS, 201, json=_body(code) | {"communication_support": ["sign_language"]}
    )
    assert (
        created["personal_identity_code"] == code[:7] + "****"
        and created["identity_masked"] is True
    )
    read = await plans.ok("GET", f"{CLIENTS}/{created['id']}")
    assert read["personal_identity_code"] == code[:7] + "****"
    full = await plans.ok("GET", f"{CLIENTS}/{created['id']}", params={"include": "identity"})
    assert full["personal_identity_code"] == code and full["identity_masked"] is False
    listed = await plans.ok("GET", CLIENTS, params={"include": "identity"})
    assert [c["personal_identity_code"] for c in listed["items"]] == [code]
    events = await plans.events(created["id"], until={"client_registered"})
    registered = [e for e in events if e["type"] == "client_registered"]
    assert len(registered) == 1 and registered[0]["data"]["municipality"] == "445"
    assert code not in registered[0]["raw"] and code[:6] not in registered[0]["raw"]
    await plans.problem("GET", f"{CLIENTS}/{created['id']}", 422, params={"include": "everything"})


async def test_client_update_changes_support_needs_but_never_the_identity_code(plans, hetu):
    created = await plans.ok("POST", CLIENTS, 201, json=_body(hetu()))
    changed = await plans.ok(
        "PATCH",
        f"{CLIENTS}/{created['id']}",
        json={"languages": ["sv", "fi"], "district": "pargas-centrum"},
    )
    assert changed["languages"] == ["sv", "fi"] and changed["district"] == "pargas-centrum"
    refused = await plans.problem(
        "PATCH", f"{CLIENTS}/{created['id']}", 422, json={"personal_identity_code": hetu()}
    )
    assert refused["errors"][0]["field"] == "personal_identity_code"
    events = await plans.events(created["id"], until={"client_updated"})
    assert [e["data"]["changed_fields"] for e in events if e["type"] == "client_updated"] == [
        ["languages", "district"]
    ]
