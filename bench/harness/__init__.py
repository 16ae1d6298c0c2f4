"""The benchmarks' shared harness: one result shape, statistics, machine facts, processes.

Every script under bench/ writes one `Result` to bench/results/<name>.json; bench/render.py
turns those files into bench/README.md and its plots. Importable as `harness` from any
script under bench/ (Python puts a script's own folder first on sys.path).
"""

from harness.cli import mode_arguments
from harness.machine import machine, versions
from harness.processes import Process, broker, postgres, start_app
from harness.result import RESULTS, Measurement, Result, Target
from harness.stats import bounded, percentile, summarise, timed_ms

__all__ = [
    "RESULTS",
    "Measurement",
    "Process",
    "Result",
    "Target",
    "bounded",
    "broker",
    "machine",
    "mode_arguments",
    "percentile",
    "postgres",
    "start_app",
    "summarise",
    "timed_ms",
    "versions",
]
