"""Benchmark: the commands caseworkers and CI run, against a floor of bare WeasyPrint.

    .venv/bin/python benchmarks/build.py [--runs 5]

Every case runs the command line in a fresh process (imports included: a user waits for
them) on its own throwaway copy of the example project. The cases take turns (A B C … A B C,
see `measure.interleaved`), and each reports the median wall and CPU time of its runs, the
cores it used (CPU / wall), and the highest peak memory of each of its processes: the main
process and the render process apart.

  cold          `reportgen build` of every example note (the for_hver batch aside: see
                benchmarks/batch.py), with no build/ at all, with one render process per
                core (the default)
  cold --jobs 1 the same with one render process
  unchanged     `reportgen build` again, with nothing changed
  correction    `reportgen build` after one correction is added to the data
  check         `reportgen check` of every example note
  blaagaarden   `reportgen build 2026-04-blaagaarden` from scratch (the note, 4 bilag, combined)
  bilag         `reportgen bilag 2026-04-blaagaarden` (the 4 bilag only)
  edit          `reportgen build` after one sentence is added to the Blågården note's resume
                (the note and the combined PDF are made again; no bilag is laid out)
  floor         benchmarks/floor.py: imports only WeasyPrint and vl-convert, converts the same
                chart specs and renders the same final HTML as the cold build

Seconds depend on the machine; the ratios (unchanged/cold, cold/floor in wall and CPU time)
are what to compare.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Case, interleaved, summary  # the benchmarks share their measuring

REPO = Path(__file__).resolve().parent.parent
NOTE = "2026-04-blaagaarden"
REPORTGEN = [sys.executable, "-m", "reportgen"]


def fresh_copy(target: Path) -> Path:
    """Copy the example content repository (content, data) to an empty `target`; return it."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    # The house style ships with reportgen; the example built for every library (for_hver)
    # is a batch of a dozen notes, not one of the example notes these cases measure.
    batch = shutil.ignore_patterns("2026-04-tryghed-pr-bibliotek.yaml")
    for folder in ("content", "data"):
        shutil.copytree(REPO / folder, target / folder, ignore=batch)
    return target


def run(command: list[str], cwd: Path) -> None:
    """Run a command; stop the benchmark if it fails."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")


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


def with_sentence(note: str, sentence: str) -> str:
    """Return the note's YAML with `sentence` added to the end of the resume's first line."""
    lines = note.split("\n")
    first = lines.index("resume: |") + 1
    lines[first] = f"{lines[first]} {sentence}"
    return "\n".join(lines)


def add_sentence(project: Path) -> None:
    """Add one sentence to the end of the Blågården note's resume, as a caseworker would."""
    note = project / "content" / f"{NOTE}.yaml"
    text = note.read_text(encoding="utf-8")
    note.write_text(with_sentence(text, "Benchmarken tilføjede denne sætning."), encoding="utf-8")


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
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        built = work / "bygget"  # every example note built once, untimed: the edits start here
        fresh_copy(built)
        run([*REPORTGEN, "build"], built)

        def from_built(name: str, change: Callable[[Path], None]) -> Callable[[], None]:
            def setup() -> None:
                target = work / name
                if target.exists():
                    shutil.rmtree(target)
                shutil.copytree(built, target)
                change(target)

            return setup

        for name in ("uaendret", "bilag"):
            shutil.copytree(built, work / name)
        job = work / "job.json"
        write_floor_job(built, job)
        out = work / "floor"
        out.mkdir()
        cases = [
            Case("cold", [*REPORTGEN, "build"], work / "kold", lambda: fresh_copy(work / "kold")),
            Case(
                "cold --jobs 1",
                [*REPORTGEN, "build", "--jobs", "1"],
                work / "kold1",
                lambda: fresh_copy(work / "kold1"),
            ),
            Case("unchanged", [*REPORTGEN, "build"], work / "uaendret"),
            Case(
                "correction",
                [*REPORTGEN, "build"],
                work / "rettelse",
                from_built("rettelse", add_correction),
            ),
            Case(
                "edit", [*REPORTGEN, "build"], work / "sætning", from_built("sætning", add_sentence)
            ),
            Case("check", [*REPORTGEN, "check"], work / "uaendret"),
            Case(
                "blaagaarden",
                [*REPORTGEN, "build", NOTE],
                work / "blaa",
                lambda: fresh_copy(work / "blaa"),
            ),
            Case("bilag", [*REPORTGEN, "bilag", NOTE], work / "bilag"),
            Case(
                "floor",
                [sys.executable, str(REPO / "benchmarks" / "floor.py"), str(job), str(out)],
                built,
            ),
        ]
        results = {name: summary(runs) for name, runs in interleaved(cases, args.runs).items()}
    report: dict[str, object] = {"runs": args.runs, **results}

    def ratio(a: str, b: str, what: str) -> float:
        return round(float(results[a][what]) / float(results[b][what]), 3)

    report["ratios"] = {
        "unchanged/cold (wall)": ratio("unchanged", "cold", "wall_s"),
        "correction/cold (wall)": ratio("correction", "cold", "wall_s"),
        "edit/cold (wall)": ratio("edit", "cold", "wall_s"),
        "edit/blaagaarden (wall)": ratio("edit", "blaagaarden", "wall_s"),
        "bilag/blaagaarden (wall)": ratio("bilag", "blaagaarden", "wall_s"),
        "cold/floor (wall)": ratio("cold", "floor", "wall_s"),
        "cold/floor (cpu)": ratio("cold", "floor", "cpu_s"),
        "cold --jobs 1/floor (wall)": ratio("cold --jobs 1", "floor", "wall_s"),
        "cold --jobs 1/floor (cpu)": ratio("cold --jobs 1", "floor", "cpu_s"),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
