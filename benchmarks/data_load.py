"""Benchmark: load + validate + figures for a 100.000-row incident export.

    .venv/bin/python benchmarks/data_load.py [--rows 100000] [--runs 5]

Builds the export by repeating the example rows (fresh IDs, same dates) and times, as the
median of several runs:
  floor   pandas.read_csv of the file, all columns as text — the least any loader does;
  load    reportgen's load: detect, read, validate, type (corrections included);
  figures a note's worth of figures on it (counts, urotyper, help, months, hours, rankings).
The ratio load/floor is the loader's own overhead; machines differ, ratios less so. Peak
memory (max RSS) of one load + figures run is measured in a child process.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from reportgen import domain
from reportgen.data import haendelser
from reportgen.errors import Problems
from reportgen.figures import Steder, Udvalg

REPO = Path(__file__).resolve().parent.parent


def make_export(rows: int, target: Path) -> Path:
    """Write an export of `rows` rows by repeating the example data with fresh IDs."""
    with (REPO / "data" / "haendelser.csv").open(encoding="utf-8") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        example = list(reader)
    path = target / "haendelser.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        for number in range(rows):
            row = list(example[number % len(example)])
            row[0] = f"B-{number:07d}"
            writer.writerow(row)
    return path


def figures(loaded: haendelser.Haendelser) -> int:
    """Compute the figures a status note and its bilag use; return a checksum."""
    steder = Steder(frozenset(loaded.frame["lokation"]))
    alle = Udvalg.alle(loaded.frame, domain.RELATIV_SCORE_VAEGTE, loaded.udledt_daekning(), steder)
    total = 0
    for winter in ("2022/23", "2023/24", "2024/25", "2025/26"):
        period = alle.vinter(winter)
        total += sum(row.antal for row in period.bydele)
        place = period.lokation("Blågårdens Bibliotek")
        total += place.antal + place.relativ_score + place.hjaelp_i_alt.tilkaldt
        total += sum(row.antal for row in place.forurettede + place.demografi + place.pr_time)
        total += sum(c.antal for _, _, counts in place.pr_maaned for c in counts)
    total += (
        alle.lokation("Vesterbro Bibliotek og Kulturhus")
        .fald("vinter 2022/23", "vinter 2024/25")
        .pct
    )
    return total


def load(path: Path) -> haendelser.Haendelser:
    problems = Problems()
    loaded = haendelser.load(path, None, problems)
    if loaded is None:
        raise SystemExit("\n".join(str(p) for p in problems))
    return loaded


def timed(function, runs: int) -> float:  # type: ignore[no-untyped-def]
    """Return the median wall time of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_mb(path: Path) -> float:
    """Return the max RSS of a fresh process that loads `path` and computes the figures."""
    here = str(Path(__file__).parent)
    code = (
        f"import resource, sys; sys.path.insert(0, {here!r}); import data_load as b; "
        f"from pathlib import Path; b.figures(b.load(Path({str(path)!r}))); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = make_export(args.rows, Path(folder))
        floor = timed(lambda: pd.read_csv(path, dtype=str, keep_default_na=False), args.runs)
        load_time = timed(lambda: load(path), args.runs)
        loaded = load(path)
        figure_time = timed(lambda: figures(loaded), args.runs)
        memory = peak_memory_mb(path)
    result = {
        "rows": args.rows,
        "runs": args.runs,
        "floor_read_csv_s": round(floor, 3),
        "load_s": round(load_time, 3),
        "figures_s": round(figure_time, 3),
        "load_over_floor": round(load_time / floor, 2),
        "load_and_figures_over_floor": round((load_time + figure_time) / floor, 2),
        "peak_rss_mb": round(memory, 1),
        "rss_of_this_process_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
