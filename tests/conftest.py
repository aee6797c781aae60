"""Shared fixtures: throwaway content repositories made from the example content and data."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE_NOTE = "2025-11-socialfaglig-indsats"
# The example built once per library (for_hver): a dozen notes, left out unless asked for.
BATCH_NOTE = "2026-04-tryghed-pr-bibliotek"


def run_reportgen(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run reportgen's command line in `cwd` as a caseworker would; return what it printed."""
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )


def run_and_list_loaded(
    cwd: Path, args: list[str], modules: tuple[str, ...]
) -> tuple[subprocess.CompletedProcess[str], list[str] | None]:
    """Run reportgen's command line in a fresh interpreter; return it and which `modules` it loaded.

    The modules are printed as JSON on the last line, after what reportgen printed; None if the
    command failed before they were.
    """
    script = (
        "import json, sys\n"
        "from reportgen.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        f"print(json.dumps([m for m in {modules!r} if m in sys.modules]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True)
    lines = result.stdout.splitlines()
    return result, json.loads(lines[-1]) if result.returncode == 0 and lines else None


def make_project(
    root: Path,
    *,
    notes: dict[str, str] | None = None,
    example: bool = True,
    data: dict[str, str] | None = None,
    batch: bool = False,
) -> Project:
    """Create a content repository in `root`: the example content and data, and `notes`.

    `data` maps file names in data/ to their text; without it the example data is copied.
    The example built once per library (BATCH_NOTE) is copied only with `batch`: the many
    tests that build every note would otherwise build a dozen more each.
    The house style is reportgen's own, as in every content repository that overrides none.
    """
    if example:
        left_out = () if batch else (f"{BATCH_NOTE}.yaml",)
        shutil.copytree(
            REPO / "content", root / "content", ignore=shutil.ignore_patterns(*left_out)
        )
    else:
        (root / "content" / "snippets").mkdir(parents=True)
    if data is None:
        shutil.copytree(REPO / "data", root / "data")
    else:
        (root / "data").mkdir()
        for name, text in data.items():
            (root / "data" / name).write_text(text, encoding="utf-8")
    for name, text in (notes or {}).items():
        (root / "content" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return Project.at(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh copy of the example project."""
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build every example note once per test run; return each note's PDF by name."""
    from reportgen.build import build

    project = make_project(tmp_path_factory.mktemp("eksempel"))
    return {built.name: built.pdf for built in build(project, [])}


@pytest.fixture(scope="session")
def built_example(built_examples: dict[str, Path]) -> Path:
    """Return the PDF of the November 2025 example note."""
    return built_examples[EXAMPLE_NOTE]


def blaagaarden_incident_in_winter_2024(export: Path) -> str:
    """Return the ID of an incident at Blågårdens Bibliotek in vinter 2024/25 in `export`."""
    with export.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if (
                row["Lokation"] == "Blågårdens Bibliotek"
                and "2024-10-01" <= row["Dato"] <= "2025-03-31"
            ):
                return row["ID"]
    raise AssertionError("no such incident in the example data")
