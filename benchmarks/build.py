"""Benchmark: building the example notes with the command line, as caseworkers do.

    .venv/bin/python benchmarks/build.py [--runs 5] [--note 2026-04-blaagaarden]

Each case runs `reportgen …` in a fresh process (imports included, as a user waits for
them) on a throwaway copy of the project, and reports the median wall time of several runs:
  build   `reportgen build NOTE` — the note, each bilag, the combined PDF, the charts;
  bilag   `reportgen bilag NOTE` — only the bilag;
  import  `python -c "import reportgen.cli"` — the floor every command pays.
Ratios between the cases say more than the seconds, which depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """Copy content, data and templates to `target` and return it."""
    for folder in ("content", "data", "templates"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def median_seconds(command: list[str], cwd: Path, runs: int) -> float:
    """Run `command` `runs` times and return the median wall time; fail loudly on errors."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--note", default="2026-04-blaagaarden")
    args = parser.parse_args()
    reportgen = [sys.executable, "-m", "reportgen"]
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder))
        results = {
            "runs": args.runs,
            "note": args.note,
            "import_s": median_seconds(
                [sys.executable, "-c", "import reportgen.cli"], project, args.runs
            ),
            "build_s": median_seconds([*reportgen, "build", args.note], project, args.runs),
            "bilag_s": median_seconds([*reportgen, "bilag", args.note], project, args.runs),
        }
        pages = 0
        from pypdf import PdfReader  # the test extra; only to report the size of the job

        for pdf in (project / "build" / args.note).glob("*-samlet.pdf"):
            pages = len(PdfReader(pdf).pages)
    results["pages_in_combined_pdf"] = pages
    results["bilag_over_build"] = round(results["bilag_s"] / results["build_s"], 2)
    for key in ("import_s", "build_s", "bilag_s"):
        results[key] = round(results[key], 3)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
