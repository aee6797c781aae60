"""The orchestrator: content → names for the text → HTML → PDF, in that order, for each note.

Everything is validated before anything is rendered: all problems in all selected notes are
collected and raised together, and no PDF is touched until the inputs are known to be good.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import content, domain, figures, html
from .data import DataLoader, Datasets
from .errors import Problems
from .project import Project


@dataclass(frozen=True)
class PreparedNote:
    """A note that passed validation, with its HTML ready to render."""

    name: str
    source: content.NoteSource
    datasets: Datasets
    html: str


@dataclass(frozen=True)
class BuiltNote:
    """A note rendered to PDF."""

    name: str
    pdf: Path


@dataclass(frozen=True)
class Progress:
    """One step of a build, for the CLI to show."""

    done: int
    total: int
    note: str


ProgressCallback = Callable[[Progress], None]


def text_names(source: content.NoteSource, datasets: Datasets) -> dict[str, Any]:
    """Return the names a note's text may use in `{{ … }}` expressions."""
    kilder = source.note.data
    weights = kilder.weights() if kilder else dict(domain.RELATIV_SCORE_VAEGTE)
    return figures.text_names(datasets, weights)


def prepare(project: Project, names: list[str]) -> list[PreparedNote]:
    """Validate the selected notes and render their HTML; raise ProblemsFound on any problem."""
    problems = Problems(project.root)
    loader = DataLoader(project, problems)
    prepared = []
    for path in project.find_notes(names):
        source = content.load_note(project, path, problems)
        if source is None:
            continue
        datasets = loader.load(source.note.data)
        if datasets is None:
            continue  # the data's problems are recorded; the text cannot be checked without it
        page = html.render_note(project, source, text_names(source, datasets), problems)
        prepared.append(PreparedNote(source.name, source, datasets, page))
    problems.raise_if_any()
    return prepared


def build(
    project: Project, names: list[str], on_progress: ProgressCallback | None = None
) -> list[BuiltNote]:
    """Build the selected notes (all when none are named) into build/<note>/<note>.pdf."""
    prepared = prepare(project, names)
    from . import pdf  # imported here: validation alone must not load WeasyPrint

    cache: dict = {}  # shared across documents: fonts and images are parsed once
    built = []
    for index, note in enumerate(prepared):
        target = project.output_dir(note.name) / f"{note.name}.pdf"
        data = pdf.render_pdf(
            note.html, base_dir=project.templates_dir, allowed=[project.root], cache=cache
        )
        pdf.write_atomically(target, data)
        built.append(BuiltNote(note.name, target))
        if on_progress:
            on_progress(Progress(index + 1, len(prepared), note.name))
    return built
