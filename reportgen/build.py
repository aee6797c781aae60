"""The orchestrator: content → data → figures → charts → HTML → PDF, for each note.

Everything is validated before anything is rendered: all problems in all selected notes are
collected and raised together, and no PDF is touched until the inputs are known to be good.
Then only what changed is converted and rendered again (see `incremental`), every write is
atomic, and each note gets a manifest of what went in and what came out.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, manifest
from .draft import Udkast, udkast_for
from .errors import NoteNotFound, Problems
from .incremental import (
    ChartCache,
    combined_key,
    render_key,
    tool_versions,
    unchanged_since_last_build,
    up_to_date,
)
from .output import remove_leftovers, write_atomically
from .render import RenderService

if TYPE_CHECKING:  # the heavy stages are imported where they are used: see `prepare`
    from . import content, html
    from .data import Datasets
from .project import Project

FIGURES_DIR = "figurer"  # under build/<note>/: the charts as SVG


@dataclass(frozen=True)
class PreparedNote:
    """A note that passed validation, with the HTML of the note and each bilag ready."""

    name: str
    source: content.NoteSource
    datasets: Datasets
    documents: list[html.Document]
    problems: Problems  # only for showing paths as the caseworker knows them

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
    """What a build made for one note."""

    name: str
    pdf: Path  # the note alone
    bilag: list[Path] = field(default_factory=list)  # each bilag on its own
    samlet: Path | None = None  # the note with all its bilag
    written: list[Path] = field(default_factory=list)  # the PDFs rendered and written this time

    @property
    def files(self) -> list[Path]:
        """Return every PDF of the note."""
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
    from . import domain, figures

    kilder = source.note.data
    weights = kilder.weights() if kilder else dict(domain.RELATIV_SCORE_VAEGTE)
    return figures.text_names(datasets, weights)


def prepare(project: Project, names: list[str], udkast: Udkast | None = None) -> list[PreparedNote]:
    """Validate the selected notes and render their HTML; raise ProblemsFound on any problem."""
    project.house_style.validate()  # `build` has done so already, in the house style's digest
    return _prepare_paths(project, project.find_notes(names), udkast)


def _prepare_paths(
    project: Project, paths: list[Path], udkast: Udkast | None
) -> list[PreparedNote]:
    # Loading data, figures and templates is most of a command's start-up: only here.
    from . import content, html
    from .data import DataLoader

    problems = Problems(project.root)
    loader = DataLoader(project, problems)
    prepared = []
    for path in paths:
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
            udkast=udkast,
        )
        prepared.append(PreparedNote(source.name, source, datasets, documents, problems))
    problems.raise_if_any()
    return prepared


def build(
    project: Project,
    names: list[str],
    on_progress: ProgressCallback | None = None,
    *,
    draft: bool = False,
) -> list[BuiltNote]:
    """Build the selected notes (all when none are named) into build/<note>/."""
    paths = project.find_notes(names)
    project.check_output_inside()
    udkast = udkast_for(project.root) if draft else None
    # A note whose inputs and outputs are as the last build left them is not even validated
    # again: it was valid then, and nothing it is made from has changed.
    house_style = project.house_style.digest()
    fresh = (
        set()
        if draft
        else {p for p in paths if unchanged_since_last_build(project, p, house_style)}
    )
    stale = [p for p in paths if p not in fresh]
    # The renderer starts first, so it loads and warms up while the notes are prepared.
    with _render_service(project) if stale else nullcontext() as service:
        prepared = {n.source.path: n for n in _prepare_paths(project, stale, udkast)}
        job = None if service is None else _Job(project, service, house_style, udkast)
        built = []
        for index, path in enumerate(paths):
            if path in fresh:
                built.append(_as_built(project, path))
            else:
                assert job is not None  # the service started because this note is stale
                built.append(job.build(prepared[path]))
            if on_progress:
                on_progress(Progress(index + 1, len(paths), path.stem))
    return built


def _render_service(project: Project) -> RenderService:
    return RenderService(project.house_style)


def _as_built(project: Project, note: Path) -> BuiltNote:
    """Return what the last build made of a note that has not changed since."""
    out = project.output_dir(note.stem)
    documents = manifest.read(out / manifest.FILENAME)["dokumenter"]  # type: ignore[index]

    def pdf(name: str) -> Path:
        return project.root / documents[name]["pdf"]

    prefix = f"{note.stem}-bilag-"
    numbered = sorted(
        (n for n in documents if n.startswith(prefix)), key=lambda n: int(n[len(prefix) :])
    )
    samlet = f"{note.stem}-samlet"
    return BuiltNote(
        note.stem,
        pdf(note.stem),
        [pdf(n) for n in numbered],
        pdf(samlet) if samlet in documents else None,
        [],
    )


def build_bilag(project: Project, name: str, numbers: list[int]) -> list[Path]:
    """Build only the bilag of one note (all, or those numbered); the note PDF is untouched."""
    project.find_notes([name])  # an unknown note is reported before anything starts
    project.check_output_inside()
    with _render_service(project) as service:  # warms up while the note is prepared
        (note,) = prepare(project, [name])
        chosen = note.bilag if not numbers else []
        for number in numbers:
            if not 1 <= number <= len(note.bilag):
                raise NoteNotFound(
                    f"Notatet '{note.name}' har {len(note.bilag)} bilag; "
                    f"der er intet bilag {number}."
                )
            chosen.append(note.bilag[number - 1])
        out = project.output_dir(note.name)
        _Job(project, service, project.house_style.digest()).write_charts(out, chosen)
        pdfs, _ = service.render([(document.html, True) for document in chosen])
        targets = [out / f"{document.name}.pdf" for document in chosen]
        for target, data in zip(targets, pdfs, strict=True):
            write_atomically(target, data)  # type: ignore[arg-type]  # all were wanted
    return targets


def check(project: Project, names: list[str]) -> list[PreparedNote]:
    """Validate content, data and corrections and evaluate every expression; render nothing."""
    return prepare(project, names)


class _Job:
    """One build: converts charts and renders documents only where something changed."""

    def __init__(
        self,
        project: Project,
        service: RenderService,
        house_style: str,
        udkast: Udkast | None = None,
    ) -> None:
        self.project = project
        self.service = service
        self.udkast = udkast
        self.house_style = house_style  # its digest: part of every render key
        self.charts = ChartCache(project.build_dir, house_style, service.svg)

    def write_charts(self, out: Path, documents: list[html.Document]) -> None:
        """Write the SVG of every chart the documents show."""
        for document in documents:
            for chart in document.charts:
                self.charts.write(chart, out / FIGURES_DIR / f"{chart.key}.svg")

    def build(self, note: PreparedNote) -> BuiltNote:
        """Render and write what changed in one note, then its manifest."""
        out = self.project.output_dir(note.name)
        remove_leftovers(out)
        remove_leftovers(out / FIGURES_DIR)
        previous = manifest.read(out / manifest.FILENAME)
        self.write_charts(out, note.documents)
        keys = {d.name: render_key(d, self.house_style) for d in note.documents}
        outputs = {d.name: out / f"{d.name}.pdf" for d in note.documents}
        stale = [
            d
            for d in note.documents
            if not up_to_date(previous, d.name, keys[d.name], outputs[d.name])
        ]
        samlet_name = f"{note.name}-samlet"
        if len(note.documents) > 1:
            keys[samlet_name] = combined_key([keys[d.name] for d in note.documents])
            outputs[samlet_name] = out / f"{samlet_name}.pdf"
        samlet_stale = samlet_name in keys and not up_to_date(
            previous, samlet_name, keys[samlet_name], outputs[samlet_name]
        )
        written = [outputs[d.name] for d in stale]
        if stale or samlet_stale:
            # The combined PDF is made from the laid-out pages of every part, so when it is
            # stale every part is laid out; only the stale parts are written.
            needed = note.documents if samlet_stale else stale
            laid_out, combined = self.service.render(
                [(d.html, d in stale) for d in needed], samlet_stale
            )
            for document, data in zip(needed, laid_out, strict=True):
                if data is not None:
                    write_atomically(outputs[document.name], data)
            if combined is not None:
                write_atomically(outputs[samlet_name], combined)
                written.append(outputs[samlet_name])
        manifest.write(out / manifest.FILENAME, self._manifest(note, keys, outputs))
        pdfs = [outputs[d.name] for d in note.documents]
        samlet = outputs.get(samlet_name)
        return BuiltNote(note.name, pdfs[0], pdfs[1:], samlet, written)

    def _manifest(
        self, note: PreparedNote, keys: dict[str, str], outputs: dict[str, Path]
    ) -> dict[str, Any]:
        shown = note.problems.shown_path
        inputs = [
            note.source.path,
            *note.datasets.input_files(),
            *_files(self.project.snippets_dir),
            *_files(self.project.templates_dir),
        ]
        return {
            "reportgen": __version__,
            "værktøjer": tool_versions(),
            "notat": note.name,
            "udkast": self.udkast.linje if self.udkast else None,
            "husstil": self.house_style,
            "input": {shown(path): manifest.sha256_file(path) for path in inputs},
            "rettelser": manifest.corrections(note.datasets),
            **manifest.figures(note.documents, note.problems),
            "dokumenter": {
                name: {
                    "pdf": shown(path),
                    "nøgle": keys[name],
                    "sha256": manifest.sha256_file(path),
                }
                for name, path in outputs.items()
            },
        }


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
