"""Benchmark: many one-bilag notes at once, with one render process and with several.

    .venv/bin/python benchmarks/batch.py [--notes 20 50 200] [--jobs 1 2] [--runs 1]

Each case is a cold `reportgen build --jobs J` of N notes: copies of the `reportgen init`
example (a short note with a Tryghedsbarometer of two charts), each with its own title, so
no two notes are the same document. The cases take turns (`measure.interleaved`), each on
its own copy, with no build/ before the run. Reported per case: seconds per note (wall and
CPU), cores used, and the peak memory of each kind of process (main, render, …): a peak
that stays put from 20 to 200 notes is memory that does not grow with the batch.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Case, interleaved, summary  # the benchmarks share their measuring

REPORTGEN = [sys.executable, "-m", "reportgen"]
TITLE = "vinterhalvåret 2025/2026\n"  # the end of the example's title line


def make_batch(root: Path, notes: int) -> Path:
    """Write a content repository of `notes` retitled copies of the init example into `root`."""
    subprocess.run([*REPORTGEN, "init", str(root)], check=True, capture_output=True)
    example = root / "content" / "eksempel.yaml"
    text = example.read_text(encoding="utf-8")
    example.unlink()
    for number in range(1, notes + 1):
        retitled = text.replace(TITLE, f"vinterhalvåret 2025/2026 (nr. {number})\n", 1)
        (root / "content" / f"notat-{number:03d}.yaml").write_text(retitled, encoding="utf-8")
    return root


def main() -> None:
    """Run the cases and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[20, 50, 200])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        cases = []
        for notes in args.notes:
            for jobs in args.jobs:
                project = make_batch(Path(scratch) / f"{notes}-{jobs}", notes)

                def cold(build_dir: Path = project / "build") -> None:
                    shutil.rmtree(build_dir, ignore_errors=True)

                command = [*REPORTGEN, "build", "--jobs", str(jobs)]
                cases.append(Case(f"{notes} notes, --jobs {jobs}", command, project, cold))
        results = interleaved(cases, args.runs)
    print("| case | s/note wall | s/note CPU | cores | peak MB per process |")
    print("| --- | --- | --- | --- | --- |")
    for case in cases:
        notes = int(case.name.split()[0])
        found = summary(results[case.name])
        peaks = ", ".join(
            f"{key.removeprefix('peak_mb_')} {mb:.0f}"
            for key, mb in found.items()
            if key.startswith("peak_mb_")
        )
        print(
            f"| {case.name} | {found['wall_s'] / notes:.3f} | {found['cpu_s'] / notes:.3f} "
            f"| {found['cores']:.2f} | {peaks} |"
        )


if __name__ == "__main__":
    main()
