"""Code lists of the resource file, each code with its Finnish and Swedish label."""

Labels = dict[str, dict[str, str]]

COMPETENCES: Labels = {
    "household_work": {"fi": "Kotityöt", "sv": "Hushållsarbete"},
    "health_care": {"fi": "Terveydenhoito", "sv": "Hälsovård"},
    "crafts": {"fi": "Käsityöt", "sv": "Hantverk"},
    "office_work": {"fi": "Toimistotyöt", "sv": "Kontorsarbete"},
    "languages": {"fi": "Kielet", "sv": "Språk"},
    "it": {"fi": "Tietotekniikka", "sv": "IT"},
    "driving": {"fi": "Autolla kuljettaminen", "sv": "Bilkörning"},
    "cooking": {"fi": "Ruoanlaitto", "sv": "Matlagning"},
    "gardening": {"fi": "Puutarhatyöt", "sv": "Trädgårdsarbete"},
    "outdoor_activities": {"fi": "Ulkoilu ja liikunta", "sv": "Friluftsliv och motion"},
    "music": {"fi": "Musiikki", "sv": "Musik"},
    "repairs": {"fi": "Korjaustyöt", "sv": "Reparationer"},
    "childcare": {"fi": "Lastenhoito", "sv": "Barnomsorg"},
    "peer_support": {"fi": "Vertaistuki", "sv": "Kamratstöd"},
    "forms_and_errands": {"fi": "Lomakkeet ja asiointi", "sv": "Blanketter och ärenden"},
}
"""The competence taxonomy: what a competence card names and an organisation's fields."""

SECTORS: Labels = {
    "municipal": {"fi": "Julkinen", "sv": "Offentlig"},
    "third_sector": {"fi": "Kolmas sektori", "sv": "Tredje sektorn"},
    "private": {"fi": "Yksityinen", "sv": "Privat"},
    "parish": {"fi": "Seurakunta", "sv": "Församling"},
    "joint_authority": {"fi": "Kuntayhtymä", "sv": "Samkommun"},
    "informal_group": {"fi": "Epävirallinen ryhmä", "sv": "Informell grupp"},
}

LIFE_AREAS: Labels = {
    "housing": {"fi": "Asuminen", "sv": "Boende"},
    "mobility": {"fi": "Liikkuminen", "sv": "Rörlighet"},
    "work": {"fi": "Työ ja opiskelu", "sv": "Arbete och studier"},
    "leisure": {"fi": "Vapaa-aika", "sv": "Fritid"},
    "participation": {"fi": "Osallisuus", "sv": "Delaktighet"},
}

TARGET_GROUPS: Labels = {
    "children": {"fi": "Lapset", "sv": "Barn"},
    "youth": {"fi": "Nuoret", "sv": "Unga"},
    "families": {"fi": "Perheet", "sv": "Familjer"},
    "adults": {"fi": "Aikuiset", "sv": "Vuxna"},
    "older_people": {"fi": "Ikäihmiset", "sv": "Äldre"},
    "disabled_people": {"fi": "Vammaiset henkilöt", "sv": "Personer med funktionsnedsättning"},
    "immigrants": {"fi": "Maahanmuuttajat", "sv": "Invandrare"},
    "mental_health": {"fi": "Mielenterveyskuntoutujat", "sv": "Mentalvårdsrehabiliterande"},
    "substance_use": {"fi": "Päihdekuntoutujat", "sv": "Missbruksrehabiliterande"},
    "everyone": {"fi": "Kaikki", "sv": "Alla"},
}

ACTIVITY_KINDS: Labels = {
    "contact": {"fi": "Yhteydenotto", "sv": "Kontakt"},
    "meeting": {"fi": "Tapaaminen", "sv": "Möte"},
    "request": {"fi": "Pyyntö", "sv": "Förfrågan"},
    "note": {"fi": "Muistiinpano", "sv": "Anteckning"},
}

NETWORK_KINDS: Labels = {
    "time_bank": {"fi": "Aikapankki", "sv": "Tidsbank"},
    "neighbourhood_network": {"fi": "Naapuruusverkosto", "sv": "Grannskapsnätverk"},
    "club": {"fi": "Kerho", "sv": "Klubb"},
    "other": {"fi": "Muu", "sv": "Annat"},
}

VOCABULARY: dict[str, Labels] = {
    "competences": COMPETENCES,
    "sectors": SECTORS,
    "life_areas": LIFE_AREAS,
    "target_groups": TARGET_GROUPS,
    "activity_kinds": ACTIVITY_KINDS,
    "network_kinds": NETWORK_KINDS,
}
