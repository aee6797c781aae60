"""Shared fixtures: throwaway projects built from the repository's templates and content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE_NOTE = "2025-11-socialfaglig-indsats"


def make_project(
    root: Path, *, notes: dict[str, str] | None = None, example: bool = True
) -> Project:
    """Create a project in `root` with the real templates, the example content and `notes`."""
    shutil.copytree(REPO / "templates", root / "templates")
    if example:
        shutil.copytree(REPO / "content", root / "content")
    else:
        (root / "content" / "snippets").mkdir(parents=True)
    for name, text in (notes or {}).items():
        (root / "content" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return Project.at(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh copy of the example project."""
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the example note once per test run and return its PDF."""
    from reportgen.build import build

    project = make_project(tmp_path_factory.mktemp("eksempel"))
    (built,) = build(project, [EXAMPLE_NOTE])
    return built.pdf
