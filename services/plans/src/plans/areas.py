"""Municipalities and the wellbeing region that organises social welfare in each (public data).

The mapping is Statistics Finland's classification of municipalities and wellbeing regions
(`data/municipalities.csv`, `data/wellbeing_regions.csv`): a client's home municipality must
lie inside the region that registers the client, so a region can never file a client under
another region's municipality. Helsinki organises its own services; Åland is outside the
reform, so no region here organises its residents.

The municipality list is the classification in force 2021–2024 (309 municipalities, 16 of
them on Åland), each with the region that organises it since 2023. Statistics Finland's
2025 classification has 308: the one merger of 1 January 2025 is not applied here yet
(replace the file from the classification when it is checked).
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tukiverkko_common.problems import invalid

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Municipality:
    """One municipality with its names and the region code that organises it ('' outside the reform)."""

    code: str
    name_fi: str
    name_sv: str
    region: str


@cache
def regions() -> dict[str, tuple[str, str]]:
    """Return region code (e.g. kymenlaakso) → (Finnish name, Swedish name) of every organiser."""
    with (DATA / "wellbeing_regions.csv").open(encoding="utf-8") as f:
        return {
            row["region"]: (row["name_fi"], row["name_sv"])
            for row in csv.DictReader(f)
            if row["region"]
        }


@cache
def municipalities() -> dict[str, Municipality]:
    """Return municipality code → municipality, with its organising region's code."""
    with (DATA / "wellbeing_regions.csv").open(encoding="utf-8") as f:
        slug = {row["region_code"]: row["region"] for row in csv.DictReader(f)}
    with (DATA / "municipalities.csv").open(encoding="utf-8") as f:
        return {
            row["municipality"]: Municipality(
                row["municipality"], row["name_fi"], row["name_sv"], slug[row["region_code"]]
            )
            for row in csv.DictReader(f)
        }


def check_area(region: str, municipality: str) -> None:
    """Raise a 422 naming the field unless the region exists and the municipality lies inside it."""
    if region not in regions():
        raise invalid(
            "region", "is not a wellbeing region code (e.g. kymenlaakso, etela-savo, helsinki)"
        )
    found = municipalities().get(municipality)
    if found is None:
        raise invalid(
            "municipality", "is not a municipality code of Statistics Finland's classification"
        )
    if found.region != region:
        raise invalid("municipality", f"{found.name_fi} is not in the wellbeing region {region}")
