"""The benchmark harness and renderer on synthetic results (no benchmark runs here)."""

import argparse
import json
import statistics
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))  # the scripts import the harness as `harness`

import run  # noqa: E402
from harness import Result, bounded, percentile, summarise  # noqa: E402
from harness.cli import apply_mode, mode_arguments  # noqa: E402
from harness.machine import cpu_ticks, stolen_share  # noqa: E402
from render import SUMMARY_END, SUMMARY_START, render, write_summary  # noqa: E402
from run import BENCHMARKS  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def test_percentiles_interpolate_between_the_closest_ranks():
    values = list(range(1, 101))  # 1..100, shuffled order must not matter
    shuffled = values[50:] + values[:50]
    assert percentile(shuffled, 0.5) == pytest.approx(50.5)
    assert percentile(shuffled, 0.99) == pytest.approx(99.01)
    assert percentile(shuffled, 0) == 1 and percentile(shuffled, 1) == 100
    assert percentile([7.0], 0.99) == 7.0
    inclusive = statistics.quantiles(values, n=100, method="inclusive")
    assert percentile(values, 0.95) == pytest.approx(inclusive[94])
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_summary_and_bounded_samples():
    samples = [float(x) for x in range(1, 5001)]
    summary = summarise(samples)
    assert summary == {"n": 5000, "mean": 2500.5, "p50": 2500.5, "p95": 4750.05,
                       "p99": 4950.01, "max": 5000.0}  # fmt: skip
    kept = bounded(samples, limit=1000)
    assert len(kept) == 1000 and kept[0] == 1.0 and kept[-1] == 4996.0
    assert bounded([1.23456], limit=10) == [1.235]


def test_the_mode_fills_only_the_options_left_unset():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, nargs="+")
    parser.add_argument("--samples", type=int)
    mode_arguments(parser)
    args = parser.parse_args(["--small", "--samples", "7"])
    apply_mode(args, small={"cards": [1000, 5000], "samples": 60}, full={"samples": 400})
    assert (args.mode, args.cards, args.samples) == ("small", [1000, 5000], 7)
    assert parser.parse_args([]).mode == "full"


def synthetic(folder: Path) -> None:
    """Two results as the scripts write them: one with targets, samples and a curve; one bare."""
    search = Result("search_demo", "small", "Search over cards", sizes={"cards": [1000, 5000]},
                    baseline="card by id")  # fmt: skip
    search.latency("card by id", [1.0, 1.2, 1.1, 1.4] * 50)
    p99 = search.latency("search", [3.0, 4.0, 12.0, 5.0] * 50).summary["p99"]
    search.target("search p99", p99, "<=", 10.0, "ms", ratio=p99 / 1.4, ratio_label="id p99")
    search.target("matches/s", 80.0, ">=", 100.0, "matches/s")
    search.scaling = {"title": "Search by cards", "x": "cards", "y": "p99 (ms)",
                      "series": {"sqlite search": [[1000, 6.0], [5000, 12.0]]}}  # fmt: skip
    search.write(folder)
    bare = Result("profile_demo", "small", "A profile", baseline="the ORM view")
    bare.ratios["one statement / ORM view"] = 0.42
    bare.write(folder)


def test_a_result_file_holds_machine_versions_mode_sizes_and_verdicts(tmp_path):
    synthetic(tmp_path)
    document = json.loads((tmp_path / "search_demo.json").read_text())
    machine = document["machine"]
    assert machine["cpu_count"] >= 1 and machine["cpu_model"]
    assert len(machine["load_average_start"]) == len(machine["load_average_end"]) == 3
    assert document["versions"]["python"] and document["versions"]["sqlite"]
    assert (document["mode"], document["sizes"]) == ("small", {"cards": [1000, 5000]})
    assert document["measurements"]["search"]["summary"]["p99"] == 12.0
    assert len(document["measurements"]["search"]["samples"]) == 200
    assert [t["met"] for t in document["targets"]] == [False, False]
    assert document["targets"][0]["ratio"] == pytest.approx(12.0 / 1.4, abs=1e-3)


def test_the_readme_tables_every_target_with_its_verdict_and_writes_the_plots(tmp_path):
    synthetic(tmp_path)
    run = {"mode": "small", "benchmarks": {"search_demo": {"seconds": 300.0, "ok": True}},
           "total_seconds": 300.0, "load_average_start": [1.5, 1, 1],
           "load_average_end": [2.25, 1, 1]}  # fmt: skip
    (tmp_path / "_run.json").write_text(json.dumps(run))  # bench/run.py's summary, not a result
    readme = tmp_path / "README.md"
    plots = render(tmp_path, readme)
    text = readme.read_text()
    row = next(line for line in text.splitlines() if "| search p99 |" in line)
    assert "**8.57×** id p99" in row and "<= 10 ms" in row and "**not met**" in row
    assert "| matches/s |" in text and "| `profile_demo` |" in text
    assert "one statement / ORM view: **0.42**" in text
    assert "1 benchmarks in small mode, 300 s, 1-minute load average 1.5 → 2.2" in text
    names = sorted(p.name for p in plots)
    assert names == ["search_demo_latency.png", "search_demo_scaling.png"]
    for plot in plots:
        assert plot.read_bytes().startswith(PNG) and f"]({plot.name})" in text


def test_a_met_target_reads_met(tmp_path):
    result = Result("quick_demo", "full", "Quick", baseline="trivial")
    result.target("p99", 2.0, "<=", 10.0, "ms")
    result.write(tmp_path)
    render(tmp_path, tmp_path / "README.md")
    row = next(
        line for line in (tmp_path / "README.md").read_text().splitlines() if "| p99 |" in line
    )
    assert "| met |" in row


def test_make_bench_runs_every_benchmark_script_through_the_harness():
    helpers = {"gateway_common", "passthrough", "run", "render"}
    scripts = {p.stem for p in (ROOT / "bench").glob("*.py")} - helpers
    assert scripts == set(BENCHMARKS)
    for name in BENCHMARKS:
        source = (ROOT / "bench" / f"{name}.py").read_text()
        assert "from harness.cli import parse" in source and "Result(" in source, name
    assert "bench/run.py" in (ROOT / "Makefile").read_text().split("\nbench:", 1)[1]


def test_a_failing_benchmark_fails_the_run_with_its_name(tmp_path, monkeypatch, capsys):
    """bench/run.py goes on with the others, renders, and exits non-zero naming the failure."""
    ran = []

    def fake(name: str, mode: str) -> tuple[bool, float]:
        ran.append((name, mode))
        return name != "gateway_sse", 1.0

    monkeypatch.setattr(run, "run_one", fake)
    monkeypatch.setattr(run, "RESULTS", tmp_path)
    monkeypatch.setattr(run, "BENCH", tmp_path)
    project = tmp_path / "PROJECT.md"
    project.write_text(f"{SUMMARY_START}\n{SUMMARY_END}\n")
    monkeypatch.setattr(run, "PROJECT_README", project)
    only = ["outbox_latency", "gateway_sse", "plans_realisation"]
    monkeypatch.setattr(sys, "argv", ["run.py", "--only", *only])
    assert run.main() == 1
    assert ran == [(name, "small") for name in only]
    assert "failed: gateway_sse" in capsys.readouterr().err
    summary = json.loads((tmp_path / "_run.json").read_text())
    assert summary["benchmarks"]["gateway_sse"]["ok"] is False
    assert (tmp_path / "README.md").exists()
    assert "| benchmark | measurement | ratio to the same-run baseline |" in project.read_text()


def test_the_project_readme_quotes_every_target_as_a_ratio_between_its_markers(tmp_path):
    synthetic(tmp_path)
    bench_readme = tmp_path / "bench" / "README.md"
    bench_readme.parent.mkdir()
    project = tmp_path / "README.md"
    project.write_text(f"# P\n\n### Performance\n{SUMMARY_START}\nstale\n{SUMMARY_END}\n## Next\n")
    write_summary(tmp_path, bench_readme, project)
    text = project.read_text()
    assert "stale" not in text and text.startswith("# P") and text.endswith("## Next\n")
    row = next(line for line in text.splitlines() if "| search p99 |" in line)
    assert "8.57× id p99" in row and "<= 10 ms" in row and "**not met**" in row
    assert "(bench/README.md)" in text
    untouched = tmp_path / "OTHER.md"
    untouched.write_text("no markers here\n")
    write_summary(tmp_path, bench_readme, untouched)
    assert untouched.read_text() == "no markers here\n"


def test_the_share_of_cpu_time_stolen_by_the_host_is_reported():
    assert stolen_share([1000, 50], [3000, 350]) == 0.15
    assert stolen_share(None, [3000, 350]) is None
    assert stolen_share([3000, 350], [3000, 350]) is None  # no time passed: nothing to say
    ticks = cpu_ticks()
    assert ticks is None or (ticks[0] > 0 and 0 <= ticks[1] <= ticks[0])
