"""The orchestrator: content → data → figures → charts → HTML → PDF, for each note.

Everything is validated before anything is rendered: all problems in all selected notes are
collected and raised together, and no PDF is touched until the inputs are known to be good.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import content, domain, figures, html
from .data import DataLoader, Datasets
from .errors import NoteNotFound, Problems
from .output import write_atomically
from .project import Project

FIGURES_DIR = "figurer"  # under build/<note>/: the charts as SVG


@dataclass(frozen=True)
class PreparedNote:
    """A note that passed validation, with the HTML of the note and each bilag ready."""

    name: str
    source: content.NoteSource
    datasets: Datasets
    documents: list[html.Document]

    @property
    def note(self) -> html.Document:
        """Return the document of the note itself."""
        return self.documents[0]

    @property
    def bilag(self) -> list[html.Document]:
        """Return the documents of the bilag, in order."""
        return self.documents[1:]


@dataclass(frozen=True)
class BuiltNote:
    """What a build wrote for one note."""

    name: str
    pdf: Path  # the note alone
    bilag: list[Path] = field(default_factory=list)  # each bilag on its own
    samlet: Path | None = None  # the note with all its bilag

    @property
    def files(self) -> list[Path]:
        """Return every PDF written."""
        return [self.pdf, *self.bilag, *([self.samlet] if self.samlet else [])]


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
        figures_url = (project.output_dir(source.name) / FIGURES_DIR).as_uri()
        documents = html.render_documents(
            project,
            source,
            names=text_names(source, datasets),
            input_files=datasets.input_files(),
            problems=problems,
            figures_url=figures_url,
        )
        prepared.append(PreparedNote(source.name, source, datasets, documents))
    problems.raise_if_any()
    return prepared


def build(
    project: Project, names: list[str], on_progress: ProgressCallback | None = None
) -> list[BuiltNote]:
    """Build the selected notes (all when none are named) into build/<note>/."""
    prepared = prepare(project, names)
    renderer = _renderer(project)
    built = []
    for index, note in enumerate(prepared):
        out = project.output_dir(note.name)
        _write_charts(project, note.name, note.documents)
        rendered = [renderer.render(document.html) for document in note.documents]
        written = [
            _write(out / f"{document.name}.pdf", renderer.to_pdf(pages))
            for document, pages in zip(note.documents, rendered, strict=True)
        ]
        samlet = None
        if len(rendered) > 1:
            samlet = _write(out / f"{note.name}-samlet.pdf", renderer.combined(rendered))
        built.append(BuiltNote(note.name, written[0], written[1:], samlet))
        if on_progress:
            on_progress(Progress(index + 1, len(prepared), note.name))
    return built


def build_bilag(project: Project, name: str, numbers: list[int]) -> list[Path]:
    """Build only the bilag of one note (all, or those numbered); the note PDF is untouched."""
    (note,) = prepare(project, [name])
    chosen = note.bilag if not numbers else []
    for number in numbers:
        if not 1 <= number <= len(note.bilag):
            raise NoteNotFound(
                f"Notatet '{note.name}' har {len(note.bilag)} bilag; der er intet bilag {number}."
            )
        chosen.append(note.bilag[number - 1])
    renderer = _renderer(project)
    _write_charts(project, note.name, chosen)
    out = project.output_dir(note.name)
    return [_write(out / f"{d.name}.pdf", renderer.to_pdf(renderer.render(d.html))) for d in chosen]


def _renderer(project: Project) -> Any:
    from . import pdf  # imported here: validation alone must not load WeasyPrint

    return pdf.Renderer(base_dir=project.templates_dir, allowed=[project.root])


def _write_charts(project: Project, note: str, documents: list[html.Document]) -> None:
    from . import charts  # and converting charts loads vl-convert

    fonts = project.templates_dir / "fonts"
    target = project.output_dir(note) / FIGURES_DIR
    for document in documents:
        for chart in document.charts:
            _write(target / f"{chart.key}.svg", charts.to_svg(chart.spec, fonts).encode("utf-8"))


def _write(target: Path, data: bytes) -> Path:
    write_atomically(target, data)
    return target
