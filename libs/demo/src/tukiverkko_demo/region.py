"""The pilots the synthetic region is modelled on, their organisations, and the sizes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    role: str
    sector: str
    region: str
    municipality: str | None = None


@dataclass(frozen=True)
class Pilot:
    region: str
    municipality: str
    language: str
    orgs: tuple[Org, ...]

    def by_sector(self, sector: str) -> Org:
        return next(o for o in self.orgs if o.sector == sector)


def _pilot(region: str, code: str, language: str, names: dict[str, str]) -> Pilot:
    """One pilot's organisations: the region, the municipality and producers of every sector."""
    roles = {
        "wellbeing_region": "wellbeing_region",
        "municipal": "municipality",
        "third_sector": "ngo",
        "private": "service_provider",
        "parish": "service_provider",
        "joint_authority": "service_provider",
    }
    orgs = tuple(
        Org(
            f"{code}:{sector}",
            name,
            roles[sector],
            sector,
            region,
            code if sector == "municipal" else None,
        )
        for sector, name in names.items()
    )
    dashboard = Org(
        f"{code}:dashboard",
        f"{names['wellbeing_region']}, tilannekuva",
        "dashboard",
        "wellbeing_region",
        region,
    )
    return Pilot(region, code, language, (*orgs, dashboard))


PILOTS = (
    _pilot("kymenlaakso", "286", "fi", {
        "wellbeing_region": "Kymenlaakson hyvinvointialue (demo)",
        "municipal": "Kouvolan kaupunki (demo)",
        "third_sector": "Kouvolan Asumisen Tuki ry (demo)",
        "private": "Hoivapalvelu Kaarna Oy (demo)",
        "parish": "Kouvolan seurakuntayhtymä (demo)",
    }),
    _pilot("etela-savo", "491", "fi", {
        "wellbeing_region": "Etelä-Savon hyvinvointialue (demo)",
        "municipal": "Mikkelin kaupunki (demo)",
        "third_sector": "Mikkelin Tukiverkko ry (demo)",
        "private": "Palvelukoti Kuusi Oy (demo)",
    }),
    _pilot("varsinais-suomi", "445", "sv", {
        "wellbeing_region": "Varsinais-Suomen hyvinvointialue (demo)",
        "municipal": "Paraisten kaupunki – Pargas stad (demo)",
        "joint_authority": "Kårkulla samkommun (demo)",
        "third_sector": "Pargas Stödförening rf (demo)",
        "private": "Skärgårdsomsorg Ab (demo)",
    }),
)  # fmt: skip


@dataclass(frozen=True)
class Size:
    clients_per_region: int
    cards_per_region: int
    alters_per_map: int
    apartments_per_network: int


SIZES = {
    "small": Size(clients_per_region=4, cards_per_region=4, alters_per_map=3, apartments_per_network=2),
    # 5,000 clients, 50,000 cards and 100,000 ties: per region 4,445 organisation and 1,111
    # citizen cards, each holding a competence and a strength card (3 × 5,556 × 3 regions).
    "large": Size(clients_per_region=1667, cards_per_region=4445, alters_per_map=20, apartments_per_network=20),
}  # fmt: skip
PHASES = ("readiness_assessment", "intensive", "normal", "light")
LIFE_AREAS = (
    "housing", "mobility", "work", "leisure", "participation",
    "daily_living", "finances", "health", "relationships",
)  # fmt: skip
