"""Synthetic people: invented Finnish and Swedish names and artificial identity codes.

Identity codes use the individual-number range 900–999, which is reserved for test use, with
a valid check character, so the services' validation accepts them and no real person is named.
"""

import random

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
FINNISH_FIRST = ["Aino", "Eetu", "Helmi", "Ilmari", "Kerttu", "Lauri", "Maija", "Onni", "Siiri"]
FINNISH_LAST = ["Virtala", "Korhonen-Testi", "Mäkelä", "Niemistö", "Rautio", "Salmela", "Peltola"]
SWEDISH_FIRST = ["Alva", "Bo", "Ebba", "Gustav", "Ines", "Linnea", "Nils", "Stina", "Vilhelm"]
SWEDISH_LAST = ["Backlund", "Enqvist", "Holmström", "Lindroos", "Sjöblom", "Åkerfelt", "Westling"]


def identity_code(serial: int) -> str:
    """The `serial`-th artificial identity code: a distinct birth date and 900–999 number each."""
    n = serial % 2_352_000  # 28 days × 12 months × 70 years × 100 individual numbers
    day, month, year = 1 + n % 28, 1 + (n // 28) % 12, 30 + (n // 336) % 70
    digits = f"{day:02d}{month:02d}{year:02d}{900 + (n // 23_520) % 100:03d}"
    return f"{digits[:6]}-{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"


def name(rng: random.Random, language: str) -> str:
    """An invented full name in the person's language."""
    first, last = (
        (SWEDISH_FIRST, SWEDISH_LAST) if language == "sv" else (FINNISH_FIRST, FINNISH_LAST)
    )
    return f"{rng.choice(first)} {rng.choice(last)}"
