"""The Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit."""

import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
SHAPE = re.compile(r"^\d{7}-\d$")


def check_digit(digits: str) -> int | None:
    """Return the check digit of seven digits (None when no valid ID has them: remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def valid_business_id(value: str) -> str:
    """Return the ID when its shape and check digit hold; raise ValueError naming the rule."""
    if not SHAPE.match(value):
        raise ValueError("must be seven digits, a hyphen and a check digit (e.g. 1572860-0)")
    if check_digit(value[:7]) != int(value[8]):
        raise ValueError("check digit does not match (not a valid Y-tunnus)")
    return value
