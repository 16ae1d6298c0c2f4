"""Area codes events may carry: wellbeing regions, municipalities and their districts (area_codes.json).

A district in an event or a dashboard record is a code from its municipality's list, so
that nothing a person typed (a name, an identity code) can ride in it. The list is part of
the published contracts: producers validate against it, consumers may name codes in
Finnish and Swedish with it.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

Language = Literal["fi", "sv"]


@dataclass(frozen=True)
class Municipality:
    """A municipality: its wellbeing region, names and district codes."""

    code: str
    region: str
    names: dict[str, str]
    districts: dict[str, dict[str, str]]


@dataclass(frozen=True)
class AreaCodes:
    """The code list, loaded once."""

    regions: dict[str, dict[str, str]]
    municipalities: dict[str, Municipality]

    def region_of(self, municipality: str | None) -> str | None:
        """Return the wellbeing region of a municipality code (None when unknown)."""
        found = self.municipalities.get(municipality or "")
        return found.region if found else None

    def is_district_of(self, municipality: str | None, district: str) -> bool:
        """Tell whether a district code is on the municipality's list."""
        found = self.municipalities.get(municipality or "")
        return found is not None and district in found.districts

    def is_district(self, district: str) -> bool:
        """Tell whether a district code is on any municipality's list."""
        return any(district in m.districts for m in self.municipalities.values())

    def district_name(self, district: str, language: Language) -> str | None:
        """Return a district's name in Finnish or Swedish (None for an unknown code)."""
        for municipality in self.municipalities.values():
            names = municipality.districts.get(district)
            if names is not None:
                return names[language]
        return None


@cache
def area_codes() -> AreaCodes:
    """Return the packaged code list."""
    raw = json.loads(files(__package__).joinpath("area_codes.json").read_text(encoding="utf-8"))
    municipalities = {
        code: Municipality(
            code=code,
            region=entry["region"],
            names={"fi": entry["fi"], "sv": entry["sv"]},
            districts=entry["districts"],
        )
        for code, entry in raw["municipalities"].items()
    }
    return AreaCodes(regions=raw["regions"], municipalities=municipalities)
