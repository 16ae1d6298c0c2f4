"""Problem titles and details in Finnish and Swedish, chosen by the caller's Accept-Language.

English stays the default and the source text. Field names, problem `type`s and ids are
never translated: only the words a person reads. A detail the catalogue does not know stays
in English, and Content-Language then names both languages.
"""

import re
from contextvars import ContextVar
from typing import Any

LANGUAGES = ("en", "fi", "sv")
accepted: ContextVar[str | None] = ContextVar("accept_language", default=None)
"""The request's Accept-Language header, set by the request middleware."""

TITLES: dict[int, tuple[str, str]] = {
    400: ("Virheellinen pyyntö", "Felaktig begäran"),
    401: ("Tunnistautuminen vaaditaan", "Autentisering krävs"),
    403: ("Ei käyttöoikeutta", "Åtkomst nekad"),
    404: ("Ei löytynyt", "Hittades inte"),
    405: ("Menetelmä ei ole sallittu", "Metoden är inte tillåten"),
    409: ("Ristiriita", "Konflikt"),
    413: ("Pyyntö on liian suuri", "Begäran är för stor"),
    415: ("Sisältötyyppiä ei tueta", "Innehållstypen stöds inte"),
    422: ("Virheellinen syöte", "Ogiltig indata"),
    429: ("Liian monta pyyntöä", "För många förfrågningar"),
    431: ("Otsakkeet ovat liian suuret", "Huvudfälten är för stora"),
    500: ("Sisäinen virhe", "Internt fel"),
    502: ("Virhe taustapalvelussa", "Fel i bakomliggande tjänst"),
    503: ("Palvelu ei ole käytettävissä", "Tjänsten är inte tillgänglig"),
    504: ("Taustapalvelu ei vastannut ajoissa", "Bakomliggande tjänst svarade inte i tid"),
}

# (English pattern, Finnish, Swedish); named groups are carried over untranslated.
_DETAILS: list[tuple[str, str, str]] = [
    (
        r"a Bearer token is required",
        "Bearer-tunniste vaaditaan",
        "en Bearer-token krävs",
    ),
    (r"the token is not valid", "tunniste ei kelpaa", "token är inte giltig"),
    (
        r"the token's organisation is not registered",
        "tunnisteen organisaatiota ei ole rekisteröity",
        "tokens organisation är inte registrerad",
    ),
    (
        r"the token's client is no longer registered",
        "tunnisteen asiakasohjelma ei ole enää rekisteröity",
        "tokens klient är inte längre registrerad",
    ),
    (
        r"X-Road-Client does not match the (?:token's organisation|client certificate)",
        "X-Road-Client ei vastaa tunnistautumista",
        "X-Road-Client motsvarar inte autentiseringen",
    ),
    (
        r"services are reached through the gateway",
        "palveluihin pääsee vain yhdyskäytävän kautta",
        "tjänsterna nås endast via gatewayen",
    ),
    (
        r"this operation needs the scope (?P<scope>\S+)",
        "tämä toiminto vaatii oikeuden {scope}",
        "åtgärden kräver behörigheten {scope}",
    ),
    (
        r"(?P<role>\w+) callers cannot (?:use this operation|read client data)",
        "roolilla {role} ei ole pääsyä tähän",
        "rollen {role} har inte åtkomst till detta",
    ),
    (
        r"the client has not consented to disclosing (?P<category>\S+) data to your "
        r"organisation for (?P<purpose>\S+)",
        "asiakas ei ole antanut suostumusta tietojen ({category}) luovuttamiseen "
        "organisaatiollenne tarkoitukseen {purpose}",
        "klienten har inte samtyckt till att uppgifter ({category}) lämnas ut till er "
        "organisation för ändamålet {purpose}",
    ),
    (
        r"no (?P<what>\w+) with id in the path",
        "polun tunnisteilla ei löydy kohdetta ({what})",
        "inget objekt ({what}) finns med sökvägens id",
    ),
    (
        r"no (?P<what>[\w ]+) with id (?P<ident>\S+)",
        "kohdetta ({what}) tunnisteella {ident} ei löydy",
        "objektet ({what}) med id {ident} finns inte",
    ),
    (
        r"plan (?P<id>\S+) is closed; open a new plan instead",
        "suunnitelma {id} on suljettu; avaa uusi suunnitelma",
        "planen {id} är stängd; öppna en ny plan",
    ),
    (
        r"version (?P<v>\d+) is already approved",
        "versio {v} on jo hyväksytty",
        "version {v} är redan godkänd",
    ),
    (
        r"request bodies are limited to (?P<n>\d+) bytes",
        "pyynnön runko saa olla enintään {n} tavua",
        "begärans innehåll får vara högst {n} byte",
    ),
    (
        r"request headers are limited to (?P<n>\d+) bytes in all",
        "otsakkeet saavat olla yhteensä enintään {n} tavua",
        "huvudfälten får vara högst {n} byte sammanlagt",
    ),
    (r"retry after (?P<n>\d+) s", "yritä uudelleen {n} s kuluttua", "försök igen om {n} s"),
    (
        r"the access log could not be recorded, so no data is returned",
        "käyttölokia ei voitu kirjata, joten tietoja ei palauteta",
        "åtkomstloggen kunde inte skrivas, så inga uppgifter returneras",
    ),
    (
        r"(?P<what>.+) could not be completed: the (?P<upstream>\w+) service is .+",
        "pyyntöä ei voitu suorittaa: palvelu {upstream} ei ole käytettävissä",
        "begäran kunde inte slutföras: tjänsten {upstream} är inte tillgänglig",
    ),
    (
        r"metrics are for the configured scraper or the internal credential",
        "mittarit vain määritetylle keräimelle tai sisäisellä tunnisteella",
        "mätvärden endast för den konfigurerade insamlaren eller med intern nyckel",
    ),
    # Validation messages (pydantic's and ours), one per field.
    (r"Field required", "kenttä on pakollinen", "fältet är obligatoriskt"),
    (r"Extra inputs are not permitted", "ylimääräinen kenttä", "extra fält är inte tillåtna"),
    (r"Input should be a valid UUID.*", "pitää olla UUID", "måste vara ett UUID"),
    (r"Input should be a valid integer.*", "pitää olla kokonaisluku", "måste vara ett heltal"),
    (r"Input should be a valid string", "pitää olla merkkijono", "måste vara en sträng"),
    (
        r"Input should be greater than or equal to (?P<n>\S+)",
        "pitää olla vähintään {n}",
        "måste vara minst {n}",
    ),
    (
        r"Input should be less than or equal to (?P<n>\S+)",
        "saa olla enintään {n}",
        "får vara högst {n}",
    ),
    (r"must be at most (?P<n>\S+)", "saa olla enintään {n}", "får vara högst {n}"),
    (r"give it once", "anna vain kerran", "ange endast en gång"),
    (
        r"String should have at most (?P<n>\d+) characters?",
        "saa olla enintään {n} merkkiä",
        "får vara högst {n} tecken",
    ),
    (
        r"must be an RFC 3339 date-time.*",
        "pitää olla RFC 3339 -aikaleima, esim. 2026-03-01T00:00:00Z",
        "måste vara en RFC 3339-tidsstämpel, t.ex. 2026-03-01T00:00:00Z",
    ),
    (
        r"is not a valid personal identity code",
        "ei ole kelvollinen henkilötunnus",
        "är inte en giltig personbeteckning",
    ),
]
DETAILS = [(re.compile(p), fi, sv) for p, fi, sv in _DETAILS]
_FIELD_MESSAGE = re.compile(r"^(?P<field>[\w.\[\]-]+): (?P<message>.+)$", re.DOTALL)


def negotiate(header: str | None) -> str:
    """Return the best of en, fi and sv for an Accept-Language header (RFC 9110 q-values)."""
    best, best_q = "en", 0.0
    for item in (header or "").split(",")[:20]:
        tag, _, params = item.strip().partition(";")
        language = tag.strip().lower().split("-")[0]
        q = _quality(params)
        if language == "*":
            language = "en"
        if language in LANGUAGES and q > best_q:
            best, best_q = language, q
    return best


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def translate(text: str, language: str) -> str | None:
    """Return the text in the language, or None when the catalogue does not know it."""
    if language == "en":
        return text
    parts = [_one(part, language) for part in text.split("; ")]
    return None if any(p is None for p in parts) else "; ".join(p for p in parts if p)


def _one(text: str, language: str) -> str | None:
    field = _FIELD_MESSAGE.match(text)
    if field is not None and " " not in field["field"]:
        message = _sentence(field["message"], language)
        return None if message is None else f"{field['field']}: {message}"
    return _sentence(text, language)


def _sentence(text: str, language: str) -> str | None:
    for pattern, fi, sv in DETAILS:
        found = pattern.fullmatch(text)
        if found is not None:
            return (fi if language == "fi" else sv).format(**found.groupdict())
    return None


def localise(body: dict[str, Any], header: str | None) -> str:
    """Translate the body's title, detail and error messages in place; return Content-Language."""
    language = negotiate(header)
    if language == "en":
        return "en"
    complete = True
    if body.get("status") in TITLES:
        body["title"] = TITLES[body["status"]][0 if language == "fi" else 1]
    for holder, key in [(body, "detail")] + [
        (e, "message") for e in body.get("errors") or [] if isinstance(e, dict)
    ]:
        if isinstance(holder.get(key), str):
            translated = translate(holder[key], language)
            complete = complete and translated is not None
            holder[key] = translated or holder[key]
    return language if complete else f"{language}, en"
