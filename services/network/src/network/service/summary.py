"""Plain-language summaries of a comparison in Finnish, Swedish and English.

Templated sentences with counts and sectors; an alter's label appears only where the alter
consented to it (a label exists only with that consent), otherwise the role code's label.
"""

from collections import Counter
from typing import Any

from network.codes import ROLE_LABELS, SECTOR_LABELS

SENTENCES: dict[str, dict[str, str]] = {
    "fi": {
        "added": "Verkostoon tulleita: {n} ({where}).",
        "removed": "Verkostosta poistuneita: {n} ({where}).",
        "tie_added": "Uusia suhteita: {n}.",
        "strengthened": "Vahvistuneita suhteita: {n}.",
        "weakened": "Heikentyneitä suhteita: {n}.",
        "broken": "Katkenneita suhteita: {n}.",
        "quality": "Suhteita, joiden laatu muuttui: {n}.",
        "size": "Verkoston koko muuttui {before} henkilöstä {after} henkilöön.",
        "isolated": "Muista erillään olevia: ennen {before}, nyt {after}.",
        "none": "Verkostossa ei ole muutoksia.",
        "named": "Nimetyt uudet: {names}.",
    },
    "sv": {
        "added": "Nya i nätverket: {n} ({where}).",
        "removed": "Borta ur nätverket: {n} ({where}).",
        "tie_added": "Nya relationer: {n}.",
        "strengthened": "Relationer som blev starkare: {n}.",
        "weakened": "Relationer som blev svagare: {n}.",
        "broken": "Relationer som bröts: {n}.",
        "quality": "Relationer vars kvalitet ändrades: {n}.",
        "size": "Nätverkets storlek ändrades från {before} till {after} personer.",
        "isolated": "Isolerade från de andra: förut {before}, nu {after}.",
        "none": "Nätverket har inte ändrats.",
        "named": "Namngivna nya: {names}.",
    },
    "en": {
        "added": "Joined the network: {n} ({where}).",
        "removed": "Left the network: {n} ({where}).",
        "tie_added": "New ties: {n}.",
        "strengthened": "Ties that grew stronger: {n}.",
        "weakened": "Ties that grew weaker: {n}.",
        "broken": "Ties that were broken: {n}.",
        "quality": "Ties whose quality changed: {n}.",
        "size": "The network changed from {before} to {after} people.",
        "isolated": "Isolated from the others: {before} before, {after} now.",
        "none": "The network has not changed.",
        "named": "Named newcomers: {names}.",
    },
}


def _where(alters: list[dict[str, Any]], lang: str) -> str:
    counts = Counter(a["sector"] for a in alters)
    return ", ".join(f"{SECTOR_LABELS[s][lang].lower()} {n}" for s, n in sorted(counts.items()))


def summarise(comparison: dict[str, Any], lang: str) -> str:
    """Return the comparison in a few sentences of one language."""
    say = SENTENCES[lang]
    added, removed = comparison["alters_added"], comparison["alters_removed"]
    ties = comparison["ties"]
    parts = []
    if added:
        parts.append(say["added"].format(n=len(added), where=_where(added, lang)))
        named = [a["label"] for a in added if a.get("label")]
        if named:
            parts.append(say["named"].format(names=", ".join(named)))
    if removed:
        parts.append(say["removed"].format(n=len(removed), where=_where(removed, lang)))
    for key, sentence in (
        ("added", "tie_added"),
        ("strengthened", "strengthened"),
        ("weakened", "weakened"),
        ("broken", "broken"),
        ("quality_changed", "quality"),
    ):
        if ties[key]:
            parts.append(say[sentence].format(n=len(ties[key])))
    if not parts:
        return say["none"]
    size = comparison["metrics"]["size"]
    if size["change"]:
        parts.append(say["size"].format(before=size["before"], after=size["after"]))
    isolated = comparison["metrics"]["isolated_alters"]
    if isolated["change"]:
        parts.append(say["isolated"].format(before=isolated["before"], after=isolated["after"]))
    return " ".join(parts)


def role_label(role: str, lang: str) -> str:
    """Return the label of a role code in a language."""
    return ROLE_LABELS.get(role, ROLE_LABELS["other"])[lang]
