"""The benchmarks' shared harness: one result shape, statistics, machine facts, processes.

Every script under bench/ writes one `Result` to bench/results/<name>.json; bench/render.py
turns those files into bench/README.md and its plots. Importable as `harness` from any
script under bench/ (Python puts a script's own folder first on sys.path).
"""

from harness.cli import mode_arguments
from harness.machine import machine, versions
from harness.processes import Process, broker, launch_app, postgres, start_app, start_apps
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
    "launch_app",
    "machine",
    "mode_arguments",
    "percentile",
    "postgres",
    "start_app",
    "start_apps",
    "summarise",
    "timed_ms",
    "versions",
]
