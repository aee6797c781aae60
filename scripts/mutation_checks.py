"""Remove each check issue 11 names, one at a time, and show which tests then fail.

A test that cannot fail is a defect: every check below must make at least one test fail
when it is taken out. Each check is replaced in its file, the tests that should catch it
are run, and the file is put back (also on Ctrl-C). Run from the repository:

    .venv/bin/python scripts/mutation_checks.py [part of a check's name ...]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# (check, file, the check's text, what it becomes without it, the tests that should catch it)
CHECKS = [
    (
        "fall/rise direction",
        "reportgen/figures/haendelser.py",
        "        if change.retning != retning:\n",
        "        if False:\n",
        "tests/figures",
    ),
    (
        "per-note weights (merge)",
        "reportgen/content/note.py",
        "name: chosen.get(name, weight) for",
        "name: weight for",
        "tests/figures tests/content",
    ),
    (
        "per-note weights (used)",
        "reportgen/build.py",
        "weights = kilder.weights() if kilder else",
        "weights = dict(domain.RELATIV_SCORE_VAEGTE) if kilder else",
        "tests/figures",
    ),
    (
        "Periode.parse year",
        "reportgen/domain.py",
        "            if not 1900 <= year <= 2999:\n",
        "            if False:\n",
        "tests/test_domain.py",
    ),
    (
        "Forloeb order",
        "reportgen/content/bilag.py",
        "if self.fra is not None and self.til is not None and self.til < self.fra:",
        "if False:",
        "tests/content",
    ),
    (
        "lokation-or-bydel",
        "reportgen/content/bilag.py",
        "        if (self.lokation is None) == (self.bydel is None):\n",
        "        if False:\n",
        "tests/content",
    ),
    (
        "duplicate visitor years",
        "reportgen/data/besoeg.py",
        'twice = frame.duplicated(["lokation", "aar"], keep="first")',
        'twice = frame.duplicated(["lokation", "aar"], keep="first") & False',
        "tests/data",
    ),
    (
        "hand-edited PDF (full)",
        "reportgen/incremental.py",
        'entry.get("nøgle") == key and entry.get("sha256") == sha256_file(pdf)',
        'entry.get("nøgle") == key',
        "tests/test_incremental.py",
    ),
    (
        "hand-edited PDF (quick)",
        "reportgen/incremental.py",
        'if not pdf.is_file() or sha256_file(pdf) != output["sha256"]:',
        "if not pdf.is_file():",
        "tests/test_incremental.py",
    ),
    (
        "hand-edited sent PDF",
        "reportgen/build.py",
        "    if changed:\n        return (",
        "    if False:\n        return (",
        "tests/test_sendt.py",
    ),
    (
        "half-up rounding",
        "reportgen/formatting.py",
        "rounding=ROUND_HALF_UP)",
        ")",
        "tests/test_formatting.py tests/figures",
    ),
    (
        "rangliste keeps locations without incidents",
        "reportgen/figures/rangliste.py",
        "for navn in udvalg.lokationsnavne}",
        "for navn in now.lokationsnavne}",
        "tests/figures/test_figures_rangliste.py",
    ),
    (
        "rangliste: no percentage from 0",
        "reportgen/figures/values.py",
        "        if not self.har_pct:\n            return None\n",
        "",
        "tests/figures/test_figures_rangliste.py",
    ),
    (
        "rangliste: compare like with like",
        "reportgen/domain.py",
        "        if forrige.art != self.art:\n",
        "        if False:\n",
        "tests/test_domain.py tests/figures/test_figures_rangliste.py",
    ),
]


def main(only: list[str]) -> int:
    """Run every check (or those whose name holds a word of `only`); 1 if one is uncaught."""
    uncaught = []
    for name, path, old, new, tests in CHECKS:
        if only and not any(word in name for word in only):
            continue
        file = REPO / path
        source = file.read_text(encoding="utf-8")
        if source.count(old) != 1:
            sys.exit(f"{name}: the check is no longer written so in {path}; update this list.")
        file.write_text(source.replace(old, new), encoding="utf-8")
        try:
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf"]
            run = subprocess.run(
                [*command, *tests.split()], capture_output=True, text=True, cwd=REPO
            )
        finally:
            file.write_text(source, encoding="utf-8")  # the check is put back, whatever happened
        failed = [
            line.split(" ")[1] for line in run.stdout.splitlines() if line.startswith("FAILED")
        ]
        print(f"{name}: {len(failed)} tests fail without it", *failed[:4], sep="\n  ", flush=True)
        if not failed:
            uncaught.append(name)
    if uncaught:
        print("No test fails without: " + ", ".join(uncaught))
    return 1 if uncaught else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
