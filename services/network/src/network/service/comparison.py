"""Comparison of two states of a map: what was added, removed, strengthened, weakened, broken.

Alters are matched by id (a snapshot keeps the ids); ties by their ends, so a tie deleted and
drawn again is the same tie. Removing a tie, or its quality turning `broken`, breaks it.
"""

from typing import Any

from network.codes import STRENGTH_RANK
from network.service.personal import MapGraph, metrics
from network.service.summary import summarise

DELTA_METRICS = (
    "size",
    "person_ties",
    "alter_ties",
    "density",
    "effective_size",
    "constraint",
)


def tie_key(tie: dict[str, Any]) -> tuple[str, ...]:
    """The ends of a tie: ("person", alter) or the two alters in sorted order."""
    to = str(tie["to_alter_id"])
    if tie["from_alter_id"] is None:
        return ("person", to)
    return tuple(sorted((str(tie["from_alter_id"]), to)))


def _alter_view(alter: dict[str, Any]) -> dict[str, Any]:
    view = {k: alter.get(k) for k in ("id", "kind", "sector", "role")}
    return view | {"label": alter.get("label")}


def _tie_view(tie: dict[str, Any], **extra: Any) -> dict[str, Any]:
    view = {"ends": list(tie_key(tie)), "strength": tie["strength"], "quality": tie["quality"]}
    return view | extra


def _tie_changes(before: MapGraph, after: MapGraph) -> dict[str, list[dict[str, Any]]]:
    old = {tie_key(t): t for t in before.ties}
    new = {tie_key(t): t for t in after.ties}
    changes: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("added", "broken", "strengthened", "weakened", "quality_changed")
    }
    for key, tie in new.items():
        if key not in old:
            changes["added"].append(_tie_view(tie))
    for key, was in old.items():
        now = new.get(key)
        if now is None or (now["quality"] == "broken" and was["quality"] != "broken"):
            changes["broken"].append(_tie_view(was, removed=now is None))
            continue
        step = STRENGTH_RANK[now["strength"]] - STRENGTH_RANK[was["strength"]]
        moved = {"from_strength": was["strength"], "from_quality": was["quality"]}
        if step > 0:
            changes["strengthened"].append(_tie_view(now, **moved))
        elif step < 0:
            changes["weakened"].append(_tie_view(now, **moved))
        if now["quality"] != was["quality"]:
            changes["quality_changed"].append(_tie_view(now, **moved))
    return changes


def _delta(old: Any, new: Any) -> dict[str, Any]:
    diff = None if old is None or new is None else round(new - old, 6)
    return {"before": old, "after": new, "change": diff}


def compare(before: MapGraph, after: MapGraph) -> dict[str, Any]:
    """Return the changes between two states of a map and the metric deltas."""
    old_ids = {str(a["id"]) for a in before.alters}
    new_ids = {str(a["id"]) for a in after.alters}
    old_m, new_m = metrics(before), metrics(after)
    deltas = {k: _delta(old_m[k], new_m[k]) for k in DELTA_METRICS}
    deltas["isolated_alters"] = _delta(len(old_m["isolated_alters"]), len(new_m["isolated_alters"]))
    deltas["components_without_person"] = _delta(
        len(old_m["components_without_person"]), len(new_m["components_without_person"])
    )
    result = {
        "alters_added": [_alter_view(a) for a in after.alters if str(a["id"]) not in old_ids],
        "alters_removed": [_alter_view(a) for a in before.alters if str(a["id"]) not in new_ids],
        "ties": _tie_changes(before, after),
        "metrics": deltas,
    }
    result["summary"] = {lang: summarise(result, lang) for lang in ("fi", "sv", "en")}
    return result
