"""One result shape for every benchmark, written to bench/results/<name>.json."""

import json
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness.machine import cpu_ticks, load_average, machine, stolen_share, versions
from harness.stats import bounded, summarise

RESULTS = Path(__file__).resolve().parents[1] / "results"


@dataclass
class Measurement:
    """One measured quantity: latency samples (summarised, a bounded sample kept) or one value."""

    unit: str
    summary: dict[str, float] = field(default_factory=dict)
    samples: list[float] = field(default_factory=list)
    value: float | None = None
    note: str = ""


@dataclass
class Target:
    """A target an issue names: `value` against `limit`, and its ratio to the same-run baseline."""

    name: str
    value: float
    limit: float
    comparison: str  # "<=" or ">="
    unit: str
    baseline: str = ""
    ratio: float | None = None
    ratio_label: str = ""
    note: str = ""

    @property
    def met(self) -> bool:
        return self.value <= self.limit if self.comparison == "<=" else self.value >= self.limit


@dataclass
class Result:
    """A benchmark run: machine, versions, mode, sizes, measurements, baseline, ratios, targets."""

    name: str
    mode: str
    description: str
    sizes: dict[str, Any] = field(default_factory=dict)
    baseline: str = ""
    measurements: dict[str, Measurement] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    scaling: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    machine: dict[str, Any] = field(default_factory=machine)
    versions: dict[str, Any] = field(default_factory=versions)
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    _began: float = field(default_factory=time.perf_counter, repr=False)

    def latency(self, name: str, samples_ms: list[float], note: str = "") -> Measurement:
        """Record latency samples in milliseconds under `name`; return the measurement."""
        measured = Measurement("ms", summarise(samples_ms), bounded(samples_ms), note=note)
        self.measurements[name] = measured
        return measured

    def value(self, name: str, value: float, unit: str, note: str = "") -> Measurement:
        """Record one value (a throughput, a duration) under `name`."""
        measured = Measurement(unit, value=round(value, 4), note=note)
        self.measurements[name] = measured
        return measured

    def target(
        self, name: str, value: float, comparison: str, limit: float, unit: str, **extra: Any
    ) -> Target:
        """Record a target and whether `value` meets it."""
        if extra.get("ratio") is not None:
            extra["ratio"] = round(extra["ratio"], 3)
        found = Target(name, round(value, 4), limit, comparison, unit, **extra)
        self.targets.append(found)
        return found

    def document(self) -> dict[str, Any]:
        """The JSON document: every field, the load at the end, and each target's verdict."""
        body = {k: v for k, v in asdict(self).items() if not k.startswith("_")}
        stolen = stolen_share(self.machine.get("cpu_ticks_start"), cpu_ticks())
        body["machine"] = {**self.machine, "load_average_end": load_average(), "stolen": stolen}
        body["seconds"] = round(time.perf_counter() - self._began, 1)
        for target, written in zip(self.targets, body["targets"], strict=True):
            written["met"] = target.met
        return body

    def write(self, folder: Path = RESULTS) -> Path:
        """Write bench/results/<name>.json and print where, with each target's verdict."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.name}.json"
        path.write_text(json.dumps(self.document(), indent=2, ensure_ascii=False) + "\n")
        for t in self.targets:
            ratio = (
                ""
                if t.ratio is None or t.unit.startswith("×")
                else f" ({t.ratio:.2f}× {t.ratio_label})"
            )
            verdict = "met" if t.met else "NOT MET"
            print(
                f"  {t.name}: {t.value:.4g} {t.unit}{ratio}, target {t.comparison} {t.limit:g}: {verdict}"
            )
        print(f"results: {path}")
        return path
