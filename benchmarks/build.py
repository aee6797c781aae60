"""Benchmark: the commands caseworkers and CI run, against a floor of bare WeasyPrint.

    .venv/bin/python benchmarks/build.py [--runs 5]

Every case runs the command line in a fresh process (imports included: a user waits for
them) on a throwaway copy of the example project, and reports the median of several runs:

  cold          `reportgen build` of every example note, with no build/ at all
  unchanged     `reportgen build` again, with nothing changed
  correction    `reportgen build` after one correction is added to the data
  check         `reportgen check` of every example note
  blaagaarden   `reportgen build 2026-04-blaagaarden` from scratch (the note, 4 bilag, combined)
  bilag         `reportgen bilag 2026-04-blaagaarden` (the 4 bilag only)
  edit          `reportgen build` after one sentence is added to the Blågården note's resume
                (the note and the combined PDF are made again; no bilag is laid out)
  floor         benchmarks/floor.py: imports only WeasyPrint and vl-convert, converts the same
                chart specs and renders the same final HTML as the cold build

Seconds depend on the machine; the ratios (unchanged/cold, cold/floor) are what to compare.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTE = "2026-04-blaagaarden"
REPORTGEN = [sys.executable, "-m", "reportgen"]


def fresh_copy(target: Path) -> Path:
    """Copy the example content repository (content, data) to an empty `target`; return it."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for folder in ("content", "data"):  # the house style ships with reportgen
        shutil.copytree(REPO / folder, target / folder)
    return target


def run(command: list[str], cwd: Path) -> None:
    """Run a command; stop the benchmark if it fails."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")


def median(runs: int, setup: Callable[[], None], command: list[str], cwd: Path) -> float:
    """Return the median wall time of `command`, with `setup` run (untimed) before each."""
    times = []
    for _ in range(runs):
        setup()
        start = time.perf_counter()
        run(command, cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def add_correction(project: Path) -> None:
    """Exclude one incident at Blågårdens Bibliotek in vinter 2024/25, as a caseworker would."""
    with (project / "data" / "haendelser.csv").open(encoding="utf-8") as stream:
        incident = next(
            row["ID"]
            for row in csv.DictReader(stream)
            if row["Lokation"] == "Blågårdens Bibliotek"
            and "2024-10-01" <= row["Dato"] <= "2025-03-31"
        )
    with (project / "data" / "haendelser.rettelser.yaml").open("a", encoding="utf-8") as stream:
        stream.write(
            f"- id: {incident}\n  udelad: true\n  begrundelse: Benchmark.\n  dato: 2026-04-20\n"
        )


def add_sentence(project: Path) -> None:
    """Add one sentence to the end of the Blågården note's resume, as a caseworker would."""
    note = project / "content" / f"{NOTE}.yaml"
    lines = note.read_text(encoding="utf-8").split("\n")
    first = lines.index("resume: |") + 1
    lines[first] += " Benchmarken tilføjede denne sætning."
    note.write_text("\n".join(lines), encoding="utf-8")


def write_floor_job(project: Path, job_file: Path) -> None:
    """Write the final HTML and chart specs of every example note, as a build makes them."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from reportgen.build import check\n"
        "from reportgen.project import Project\n"
        "project = Project.at(Path('.'))\n"
        "notes = []\n"
        "for note in check(project, []):\n"
        "    out = note.outputs.figures\n"
        "    out.mkdir(parents=True, exist_ok=True)\n"
        "    notes.append({'name': note.name, 'documents': [\n"
        # The pages name their charts figurer/<key>.svg; the floor has no fetcher that
        # knows the note's folder, so it is given their full address.
        "        {'name': d.name,\n"
        "         'html': d.html.replace('\"figurer/', '\"' + out.as_uri() + '/'),\n"
        "         'charts': [\n"
        "            {'spec': c.spec, 'target': str(out / f'{c.key}.svg')} for c in d.charts]}\n"
        "        for d in note.documents]})\n"
        "style = project.house_style.shipped_dir\n"
        "job = {'notes': notes, 'fonts': str(style / 'fonts'), 'base_url': style.as_uri() + '/'}\n"
        "Path(sys.argv[1]).write_text(json.dumps(job), encoding='utf-8')\n"
    )
    run([sys.executable, "-c", script, str(job_file)], project)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = args.runs
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        project = work / "projekt"

        results["cold_s"] = median(
            runs, lambda: fresh_copy(project), [*REPORTGEN, "build"], project
        )
        # The last cold build is in place: build again with nothing changed.
        results["unchanged_s"] = median(runs, lambda: None, [*REPORTGEN, "build"], project)

        built = work / "bygget"
        shutil.copytree(project, built)

        def corrected() -> None:
            shutil.rmtree(project)
            shutil.copytree(built, project)
            add_correction(project)

        results["correction_s"] = median(runs, corrected, [*REPORTGEN, "build"], project)

        def edited() -> None:
            shutil.rmtree(project)
            shutil.copytree(built, project)
            add_sentence(project)

        results["edit_s"] = median(runs, edited, [*REPORTGEN, "build"], project)
        results["check_s"] = median(runs, lambda: None, [*REPORTGEN, "check"], project)
        results["blaagaarden_s"] = median(
            runs, lambda: fresh_copy(project), [*REPORTGEN, "build", NOTE], project
        )
        results["bilag_s"] = median(runs, lambda: None, [*REPORTGEN, "bilag", NOTE], project)

        fresh_copy(project)
        job = work / "job.json"
        write_floor_job(project, job)
        out = work / "floor"
        out.mkdir()
        results["floor_s"] = median(
            runs,
            lambda: None,
            [sys.executable, str(REPO / "benchmarks" / "floor.py"), str(job), str(out)],
            project,
        )
    report = {key: round(value, 3) for key, value in results.items()}
    report["runs"] = runs
    report["unchanged_over_cold"] = round(results["unchanged_s"] / results["cold_s"], 3)
    report["correction_over_cold"] = round(results["correction_s"] / results["cold_s"], 3)
    report["edit_over_cold"] = round(results["edit_s"] / results["cold_s"], 3)
    report["edit_over_blaagaarden"] = round(results["edit_s"] / results["blaagaarden_s"], 3)
    report["cold_over_floor"] = round(results["cold_s"] / results["floor_s"], 3)
    report["bilag_over_blaagaarden"] = round(results["bilag_s"] / results["blaagaarden_s"], 3)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
