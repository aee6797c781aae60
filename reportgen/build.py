"""The orchestrator: content → data → figures → charts → HTML → PDF, for each note.

Everything is validated before anything is rendered: all problems in all selected notes are
collected and raised together, and no PDF is touched until the inputs are known to be good.
Then only what changed is converted and rendered again (see `incremental`), every write is
atomic, and each note gets a manifest of what went in and what came out.
"""

from __future__ import annotations

import glob
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, formatting, manifest
from .draft import Udkast, build_day, source_date_epoch, udkast_for
from .errors import NoteNotFound, NotSent, Problem, Problems
from .incremental import (
    ChartCache,
    combined_key,
    content_key,
    render_key,
    tool_versions,
    unchanged_since_last_build,
    up_to_date,
)
from .output import remove_leftovers, write_atomically
from .render import RenderService

if TYPE_CHECKING:  # the heavy stages are imported where they are used: see `prepare`
    from . import content, figures, html
    from .data import Datasets
from .project import Project

FIGURES_DIR = "figurer"  # under build/<note>/: the charts as SVG
NY_VERSION_PREFIX = "ny-version-"  # build/<note>/ny-version-<dato>/: a sent note corrected


@dataclass(frozen=True)
class PreparedNote:
    """A note that passed validation, with the HTML of the note and each bilag ready."""

    name: str
    source: content.NoteSource
    datasets: Datasets
    documents: list[html.Document]
    problems: Problems  # only for showing paths as the caseworker knows them
    out: Path  # its folder: build/<note>/, or a new version's folder inside it
    # A sent note's figures that the current data can no longer give (check and diff say so).
    afvigelser: list[Problem] = field(default_factory=list)

    @property
    def sendt(self) -> date | None:
        """Return the day the note was sent to the committee, if it has been."""
        return self.source.note.sendt

    @property
    def figures_url(self) -> str:
        """Return the address its HTML finds its charts at."""
        return (self.out / FIGURES_DIR).as_uri()

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
    sendt: date | None = None  # the day a sent note went to the committee
    urort: bool = False  # a sent note whose record was left as it is (nothing built)
    ny_version: Path | None = None  # the folder of a corrected version of a sent note
    # For a sent note left as it is: what is wrong with its record, if anything.
    bemaerkning: str | None = None
    # Build state that was damaged (a manifest, cached charts) and was made again.
    genskabt: list[str] = field(default_factory=list)

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


def text_names(
    source: content.NoteSource, datasets: Datasets, steder: figures.Steder
) -> dict[str, Any]:
    """Return the names a note's text may use in `{{ … }}` expressions."""
    from . import domain, figures

    kilder = source.note.data
    weights = kilder.weights() if kilder else dict(domain.RELATIV_SCORE_VAEGTE)
    return figures.text_names(datasets, weights, steder)


def prepare(project: Project, names: list[str], udkast: Udkast | None = None) -> list[PreparedNote]:
    """Validate the selected notes and render their HTML; raise ProblemsFound on any problem.

    A sent note is compared, not built: figures its text can no longer give with the current
    data are kept as its `afvigelser` instead of stopping the others.
    """
    project.house_style.validate()  # `build` has done so already, in the house style's digest
    sources, problems = _load_sources(project, project.find_notes(names))
    prepared = _prepare_sources(project, sources, problems, udkast, lenient_sent=True)
    problems.raise_if_any()
    return prepared


def _load_sources(project: Project, paths: list[Path]) -> tuple[list[content.NoteSource], Problems]:
    """Read and validate the notes' content (and the project's settings); no data yet."""
    problems = Problems(project.root)
    if not paths:
        return [], problems  # a build where nothing changed loads nothing
    from . import content

    settings = content.load_settings(project.settings_file, problems)
    sources = [content.load_note(project, path, problems, settings) for path in paths]
    return [s for s in sources if s is not None], problems


def _prepare_sources(
    project: Project,
    sources: list[content.NoteSource],
    problems: Problems,
    udkast: Udkast | None,
    *,
    lenient_sent: bool = False,
    version: date | None = None,
) -> list[PreparedNote]:
    if not sources:
        return []
    # Loading data, figures and templates is most of a command's start-up: only here.
    from . import figures, html
    from .data import DataLoader, Datasets

    loader = DataLoader(project)
    prepared = []
    for source in sources:
        lenient = lenient_sent and source.note.sendt is not None
        own = Problems(project.root) if lenient else problems
        datasets = loader.load(source.note.data, own)
        if datasets is None and lenient:  # what was sent cannot be computed again at all
            afvigelser = list(own)
            out = output_folder(project, source.name)
            note = PreparedNote(source.name, source, Datasets(), [], problems, out, afvigelser)
            prepared.append(note)
            continue
        if datasets is None:
            continue  # the data's problems are recorded; the text cannot be checked without it
        steder = figures.known_places(datasets)
        steder.check_dataspor(source.note.dataspor, own)
        out = output_folder(project, source.name, version)
        documents = html.render_documents(
            project,
            source,
            names=text_names(source, datasets, steder),
            input_files=datasets.input_files(),
            problems=own,
            figures_url=(out / FIGURES_DIR).as_uri(),
            udkast=udkast,
            ny_version=version,
            steder=steder,
        )
        afvigelser = list(own) if lenient else []
        prepared.append(
            PreparedNote(source.name, source, datasets, documents, problems, out, afvigelser)
        )
    return prepared


def output_folder(project: Project, name: str, version: date | None = None) -> Path:
    """Return where a note's outputs go: build/<note>/, or a new version's folder in it."""
    out = project.output_dir(name)
    return out if version is None else out / f"{NY_VERSION_PREFIX}{version.isoformat()}"


def record(project: Project, name: str) -> dict[str, Any] | None:
    """Return the manifest of a note's last final build: for a sent note, what was sent."""
    return _final(manifest.read(project.output_dir(name) / manifest.FILENAME))


def _final(found: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if found is None or found.get("udkast") else found


def build(
    project: Project,
    names: list[str],
    on_progress: ProgressCallback | None = None,
    *,
    draft: bool = False,
    ny_version: bool = False,
) -> list[BuiltNote]:
    """Build the selected notes (all when none are named) into build/<note>/.

    A note with `sendt` is left as it was sent. With `ny_version`, the named sent notes are
    built again from the current data into a new folder dated today, beside what was sent.
    """
    paths = project.find_notes(names)
    project.check_output_inside()
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH is told before anything is done
    udkast = udkast_for(project.root) if draft else None
    version = build_day() if ny_version else None
    # A note whose inputs and outputs are as the last build left them is not even validated
    # again: it was valid then, and nothing it is made from has changed.
    house_style = project.house_style.digest()
    fresh = (
        set()
        if draft or ny_version
        else {p for p in paths if unchanged_since_last_build(project, p, house_style)}
    )
    sources, problems = _load_sources(project, [p for p in paths if p not in fresh])
    left = {s.path: s for s in sources if _left_as_sent(project, s, draft, version)}
    stale = [s for s in sources if s.path not in left]
    # The renderer starts first, so it loads and warms up while the notes are prepared.
    with _render_service(project) if stale else nullcontext() as service:
        prepared = {
            n.source.path: n
            for n in _prepare_sources(project, stale, problems, udkast, version=version)
        }
        problems.raise_if_any()
        job = None if service is None else _Job(project, service, house_style, udkast)
        built = []
        for index, path in enumerate(paths):
            if path in fresh:
                last = manifest.read(project.output_dir(path.stem) / manifest.FILENAME)
                assert last is not None  # a fresh note was judged by it
                built.append(_as_built(project, path.stem, last))
            elif path in left:
                built.append(_left(project, left[path]))
            else:
                assert job is not None  # the service started because this note is stale
                built.append(job.build(prepared[path]))
            if on_progress:
                on_progress(Progress(index + 1, len(paths), path.stem))
    return built


def _left_as_sent(
    project: Project, source: content.NoteSource, draft: bool, version: date | None
) -> bool:
    """Tell whether a sent note must be left as it is; refuse a new version of one not sent."""
    sendt = source.note.sendt
    if version is not None:
        if sendt is not None and version < sendt:
            raise NotSent(
                f"En ny version af '{source.name}' ville få datoen "
                f"{formatting.dato(version)}, før notatet blev sendt "
                f"({formatting.dato(sendt)}). Tjek maskinens ur eller SOURCE_DATE_EPOCH."
            )
        if sendt is None:
            raise NotSent(
                f"Notatet '{source.name}' er ikke sendt, så der er ingen udgave at lave en ny "
                f"version af. Byg det med 'reportgen build {source.name}'; er det sendt, så "
                "skriv sendt: <dato> i notatet."
            )
        return False
    # Its last final build is the record of what the committee got; with none (a fresh
    # clone, say) the note is built once, and that build is its record from then on. PDFs
    # without a readable manifest are a record too: they are what was sent.
    return sendt is not None and (draft or built_before(project, source.name))


def built_before(project: Project, name: str) -> bool:
    """Tell whether build/<note>/ holds a manifest or a PDF of the note."""
    out = project.output_dir(name)
    return (out / manifest.FILENAME).exists() or any(out.glob(f"{glob.escape(name)}*.pdf"))


def _left(project: Project, source: content.NoteSource) -> BuiltNote:
    """Return a sent note that was left as it is, with the files of its record."""
    out = project.output_dir(source.name)
    last = manifest.read(out / manifest.FILENAME)
    sent = _final(last)
    found = _as_built(project, source.name, sent) if sent else None
    pdf = found.pdf if found else out / f"{source.name}.pdf"
    remark = None
    if last is not None and found is None:
        remark = "den sidste build her var et udkast"
    elif found is None and (out / manifest.FILENAME).exists():
        remark = "dets manifest.json kan ikke læses"
    elif found is None:
        remark = "dets manifest.json mangler"
    if found is not None and not all(path.is_file() for path in found.files):
        remark = (
            "nogle af dets PDF'er mangler i build/ – hent dem dér, hvor det sendte notat er gemt"
        )
    return BuiltNote(
        source.name,
        pdf,
        found.bilag if found else [],
        found.samlet if found else None,
        [],
        sendt=source.note.sendt,
        urort=True,
        bemaerkning=remark,
    )


def _render_service(project: Project) -> RenderService:
    return RenderService(project.house_style, source_date_epoch())


def _as_built(project: Project, name: str, found: dict[str, Any]) -> BuiltNote:
    """Return what the last build, whose manifest is `found`, made of a note."""
    documents = found["dokumenter"]

    def pdf(document: str) -> Path:
        entry = documents.get(document)
        return (
            project.root / entry["pdf"] if entry else project.output_dir(name) / f"{document}.pdf"
        )

    prefix = f"{name}-bilag-"
    numbered = sorted(
        (n for n in documents if n.startswith(prefix)), key=lambda n: int(n[len(prefix) :])
    )
    samlet = f"{name}-samlet"
    sendt = found.get("sendt")
    return BuiltNote(
        name,
        pdf(name),
        [pdf(n) for n in numbered],
        pdf(samlet) if samlet in documents else None,
        [],
        sendt=date.fromisoformat(sendt) if sendt else None,
    )


def build_bilag(project: Project, name: str, numbers: list[int]) -> list[Path]:
    """Build only the bilag of one note (all, or those numbered); the note PDF is untouched."""
    project.find_notes([name])  # an unknown note is reported before anything starts
    project.check_output_inside()
    source_date_epoch()
    with _render_service(project) as service:  # warms up while the note is prepared
        (note,) = prepare(project, [name])
        if note.sendt is not None:
            raise NotSent(
                f"Notatet '{note.name}' er sendt ({formatting.dato(note.sendt)}), og dets "
                "bilag bygges ikke om. Lav en rettet udgave med 'reportgen build --ny-version "
                f"{note.name}'."
            )
        chosen = note.bilag if not numbers else []
        for number in numbers:
            if not 1 <= number <= len(note.bilag):
                raise NoteNotFound(
                    f"Notatet '{note.name}' har {len(note.bilag)} bilag; "
                    f"der er intet bilag {number}."
                )
            chosen.append(note.bilag[number - 1])
        out = note.out
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
        out = note.out
        remove_leftovers(out)
        remove_leftovers(out / FIGURES_DIR)
        genskabt = []  # damaged build state is treated as absent, and said so once
        if manifest.damaged(out / manifest.FILENAME):
            shown = note.problems.shown_path(out / manifest.FILENAME)
            genskabt.append(f"{shown} kunne ikke læses, så alt i notatet er bygget forfra")
        previous = manifest.read(out / manifest.FILENAME)
        damaged_before = self.charts.damaged
        self.write_charts(out, note.documents)
        if self.charts.damaged > damaged_before:
            genskabt.append(_damaged_charts(self.charts.damaged - damaged_before))
        keys = {d.name: render_key(d, self.house_style, note.figures_url) for d in note.documents}
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
        version = out if out != self.project.output_dir(note.name) else None
        return BuiltNote(
            note.name,
            pdfs[0],
            pdfs[1:],
            samlet,
            written,
            note.sendt,
            ny_version=version,
            genskabt=genskabt,
        )

    def _manifest(
        self, note: PreparedNote, keys: dict[str, str], outputs: dict[str, Path]
    ) -> dict[str, Any]:
        shown = note.problems.shown_path
        contents = {d.name: content_key(d, note.figures_url) for d in note.documents}
        settings = self.project.settings_file
        inputs = [
            note.source.path,
            *note.datasets.input_files(),
            *_files(self.project.snippets_dir),
            *_files(self.project.templates_dir),
            *([settings] if settings.is_file() else []),
        ]
        return {
            "reportgen": __version__,
            "værktøjer": tool_versions(),
            "notat": note.name,
            "udkast": self.udkast.linje if self.udkast else None,
            "sendt": note.sendt.isoformat() if note.sendt else None,
            "husstil": self.house_style,
            "input": {shown(path): manifest.sha256_file(path) for path in inputs},
            "dækning": manifest.coverage(note.datasets, shown),
            "rettelser": manifest.corrections(note.datasets),
            **manifest.figures(note.documents, note.problems),
            "dokumenter": {
                name: {
                    "pdf": shown(path),
                    "nøgle": keys[name],
                    "sha256": manifest.sha256_file(path),
                    **({"indhold": contents[name]} if name in contents else {}),
                }
                for name, path in outputs.items()
            },
        }


def _damaged_charts(count: int) -> str:
    if count == 1:
        return "1 gemt figur i build/.cache/ var beskadiget og er lavet forfra"
    return f"{count} gemte figurer i build/.cache/ var beskadigede og er lavet forfra"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
