"""Finnish personal identity code (henkilötunnus): validation with a specific message, lookup hash, mask.

Messages never repeat the code: they end up in responses that may be logged upstream.
"""

import hashlib
import hmac
import re
from datetime import date

from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError
from stdnum.fi import hetu

from tukiverkko_common.clock import helsinki_date, utcnow
from tukiverkko_common.problems import invalid

FIELD = "personal_identity_code"
CENTURY_SIGNS = "+-ABCDEFYXWVU"
_SHAPE = re.compile(r"^\d{6}.\d{3}[0-9A-Y]$")


def validate_identity_code(raw: str, *, allow_temporary: bool) -> str:
    """Return the code in canonical form, or raise a 422 problem naming the field and the fault."""
    code = raw.strip().upper()
    if len(code) != 11:
        raise invalid(
            FIELD, "must be 11 characters: DDMMYY, century sign, individual number, check character"
        )
    if code[6] not in CENTURY_SIGNS:
        raise invalid(
            FIELD, f"century sign (7th character) must be one of {' '.join(CENTURY_SIGNS)}"
        )
    if not _SHAPE.match(code):
        raise invalid(
            FIELD, "must be six digits, a century sign, three digits and a check character"
        )
    try:
        code = hetu.validate(code, allow_temporary=allow_temporary)
    except InvalidChecksum:
        raise invalid(
            FIELD, "check character does not match the date and individual number"
        ) from None
    except InvalidComponent:
        raise invalid(FIELD, _component_fault(code, allow_temporary)) from None
    except ValidationError:
        raise invalid(FIELD, "is not a valid personal identity code") from None
    if birth_date(code) > helsinki_date(utcnow()):
        raise invalid(FIELD, "birth date is in the future (check the century sign)")
    return code


def birth_date(code: str) -> date:
    """Return the birth date a valid code encodes."""
    century = {"+": 1800, "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}.get(
        code[6], 1900
    )
    return date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))


def _component_fault(code: str, allow_temporary: bool) -> str:
    individual = int(code[7:10])
    if individual < 2:
        return "individual number 000 and 001 are never issued"
    if individual >= 900 and not allow_temporary:
        return "temporary identity codes (individual number 900-999) are not accepted here"
    return "birth date is not a real calendar date"


def identity_hash(code: str, key: str) -> str:
    """Return the keyed hash that finds a duplicate code through a unique index."""
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()


def mask(code: str) -> str:
    """Return the code with the individual number and check character hidden."""
    return code[:7] + "****"
