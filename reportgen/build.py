"""The orchestrator: the pipeline from content to PDF, one path for every note.

    select → validate all → plan → convert charts → render → write → manifest

Everything is validated before anything is rendered: all problems in all selected notes are
collected and raised together, and no PDF is touched until the inputs are known to be good.
Then only what changed is converted and rendered again (see `incremental`), every write is
atomic, and each note's manifest records what went in and what came out. What a build made
of a note is read back from that manifest, whether the note was built now, was unchanged,
or was left as it was sent.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, formatting, manifest
from .draft import Udkast, build_day, source_date_epoch, udkast_for
from .errors import (
    ManyValues,
    NeedsFinalBuild,
    NoteNotFound,
    NotSent,
    OutputError,
    Problem,
    Problems,
    os_reason,
)
from .incremental import (
    ChartCache,
    charts_expected,
    combined_key,
    content_key,
    render_key,
    tool_versions,
    unchanged_since_last_build,
    up_to_date,
)
from .output import (
    NY_VERSION_PREFIX,
    NoteOutputs,
    page_label,
    remove_leftovers,
    samlet_name,
    write_atomically,
)
from .render import RenderService

if TYPE_CHECKING:  # the heavy stages are imported where they are used: see `_prepare`
    from . import content, figures, html
    from .data import DataLoader, Datasets
from .project import Project


@dataclass(frozen=True)
class PreparedNote:
    """A note that passed validation, with the HTML page of the note and each bilag ready."""

    name: str
    source: content.NoteSource
    datasets: Datasets
    documents: list[html.Document]
    outputs: NoteOutputs  # build/<note>/, or a new version's folder inside it
    # A sent note's figures that the current data can no longer give (check and diff say so).
    afvigelser: list[Problem] = field(default_factory=list)

    @property
    def sendt(self) -> date | None:
        """Return the day the note was sent to the committee, if it has been."""
        return self.source.note.sendt

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
    written: list[Path] = field(default_factory=list)  # the PDFs made and written this time
    # The documents laid out this time, by name: the combined PDF is joined, never laid out.
    laid_out: list[str] = field(default_factory=list)
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


@dataclass(frozen=True)
class _Written:
    """What rendering one note wrote, and the damaged build state it made again."""

    outputs: NoteOutputs
    pdfs: list[Path] = field(default_factory=list)
    genskabt: list[str] = field(default_factory=list)
    laid_out: list[str] = field(default_factory=list)  # the documents laid out, by name


def check(project: Project, names: list[str]) -> list[PreparedNote]:
    """Validate the selected notes and lay out their pages as HTML; render no PDF.

    Raise ProblemsFound on any problem. A sent note is compared, not built: figures its
    text can no longer give with the current data are kept as its `afvigelser` instead of
    stopping the others.
    """
    project.house_style.validate()  # `build` has done so already, in the house style's digest
    sources, problems = _load_sources(project, project.find_notes(names))
    prepared = _prepare(project, sources, problems, None, lenient_sent=True)
    problems.raise_if_any()
    return prepared


def build(
    project: Project,
    names: list[str],
    on_progress: ProgressCallback | None = None,
    *,
    draft: bool = False,
    ny_version: bool = False,
    service: RenderService | None = None,
    loader: DataLoader | None = None,
    samlet: bool = True,
) -> list[BuiltNote]:
    """Build the selected notes (all when none are named) into build/<note>/.

    A note with `sendt` is left as it was sent. With `ny_version`, the named sent notes are
    built again from the current data into a new folder dated today, beside what was sent.
    A running `service` and a `loader` with data in it (the preview's, kept between builds)
    are used and left as they are.
    Without `samlet`, the combined PDFs are left as they were (the preview shows the parts),
    and the manifest says so, so that the next build makes them.
    """
    selected = project.find_notes(names)
    project.check_output_inside()
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH is told before anything is done
    udkast = udkast_for(project.root) if draft else None
    version = build_day() if ny_version else None
    # A note whose inputs and outputs are as the last build left them is not even read
    # again: it was valid then, and nothing it is made from has changed.
    house_style = project.house_style.digest()
    unchanged = (
        set()
        if draft or ny_version
        else {p for p in selected if unchanged_since_last_build(project, p, house_style)}
    )
    sources, problems = _load_sources(project, [p for p in selected if p not in unchanged])
    left = {s.path: s for s in sources if _left_as_sent(project, s, draft, version)}
    to_build = [s for s in sources if s.path not in left]
    # The renderer starts first, so it loads and warms up while the notes are prepared; a
    # caller's running one (the preview's) is used as it is.
    starting: AbstractContextManager[RenderService | None] = nullcontext(service)
    if service is None and to_build:
        expected = charts_expected(project, [source.path for source in to_build])
        starting = _render_service(project, charts_soon=expected)
    with starting as renderer:
        prepared: dict[Path, list[PreparedNote]] = {}  # a for_hver note: one per value
        for note in _prepare(project, to_build, problems, udkast, version=version, loader=loader):
            prepared.setdefault(note.source.path, []).append(note)
        problems.raise_if_any()
        job = _Job(project, renderer, house_style, udkast, samlet=samlet)
        built = []
        for index, path in enumerate(selected):
            notes = prepared.get(path)  # None: unchanged, or left as it was sent
            made = [job.build(note) for note in notes] if notes else []
            sent = left[path].note.sendt if path in left else None
            for written in made or [_Written(project.outputs(path.stem))]:
                built.append(_as_built(project, written, sent, unchanged=path in unchanged))
            if on_progress:
                on_progress(Progress(index + 1, len(selected), path.stem))
    return built


def build_bilag(project: Project, name: str, numbers: list[int]) -> BuiltNote:
    """Build only the bilag of one note (all, or those numbered); the note PDF is untouched.

    The manifest records the bilag as built now and the note and combined PDF as they were,
    so the next `build` lays out those two again if they no longer match the inputs.
    """
    project.find_notes([name])  # an unknown note is reported before anything starts
    project.check_output_inside()
    source_date_epoch()
    with _render_service(project) as service:  # warms up while the note is prepared
        notes = check(project, [name])
        if len(notes) != 1:  # a for_hver note is many notes; build them whole
            raise ManyValues(
                f"Notatet '{name}' bygges for hver værdi af sin for_hver, så bilagene bygges "
                f"ikke for sig. Byg det hele med 'reportgen build {name}'."
            )
        (note,) = notes
        if note.sendt is not None:
            raise NotSent(
                f"Notatet '{note.name}' er sendt ({formatting.dato(note.sendt)}), og dets "
                "bilag bygges ikke om. Lav en rettet udgave med 'reportgen build --ny-version "
                f"{note.name}'."
            )
        for number in numbers:
            if not 1 <= number <= len(note.bilag):
                raise NoteNotFound(
                    f"Notatet '{note.name}' har {len(note.bilag)} bilag; "
                    f"der er intet bilag {number}."
                )
        if (manifest.read(note.outputs.manifest) or {}).get("udkast"):
            # The note and combined PDF beside the new bilag would stay drafts under a
            # record that says final: the whole note is built again, or not at all.
            raise NeedsFinalBuild(
                f"Den sidste build af '{note.name}' var et udkast. Byg hele notatet med "
                f"'reportgen build {note.name}' (eller bilagene som udkast med "
                f"'reportgen build --draft {note.name}')."
            )
        chosen = [note.bilag[n - 1] for n in numbers] if numbers else note.bilag
        if not chosen:  # a note without bilag: nothing to build, its record stays as it is
            return _as_built(project, _Written(note.outputs), None)
        job = _Job(project, service, project.house_style.digest())
        written = job.build(note, only=[document.name for document in chosen])
        return _as_built(project, written, None)


def compute_figures(
    source: content.NoteSource, datasets: Datasets, steder: figures.Steder
) -> figures.Figures:
    """Compute a note's figures, with its own weights for the relativ score."""
    from . import domain, figures

    kilder = source.note.data
    weights = kilder.weights() if kilder else dict(domain.RELATIV_SCORE_VAEGTE)
    if datasets.daekning is not None:  # a period the note names must be over by its date
        datasets = replace(datasets, daekning=datasets.daekning.for_notat(source.note.dato))
    return figures.compute(datasets, weights, steder)


def _load_sources(project: Project, paths: list[Path]) -> tuple[list[content.NoteSource], Problems]:
    """Read and validate the notes' content (and the project's settings); no data yet."""
    problems = Problems(project.shown_path)
    if not paths:
        return [], problems  # a build where nothing changed loads nothing
    from . import content

    settings = content.load_settings(project.settings_file, problems)
    sources = [content.load_note(project, path, problems, settings) for path in paths]
    return [s for s in sources if s is not None], problems


def _prepare(
    project: Project,
    sources: list[content.NoteSource],
    problems: Problems,
    udkast: Udkast | None,
    *,
    lenient_sent: bool = False,
    version: date | None = None,
    loader: DataLoader | None = None,
) -> list[PreparedNote]:
    """Load each note's data, compute its figures, make its views and lay out its pages."""
    if not sources:
        return []
    # Loading data, figures and templates is most of a command's start-up: only here.
    from . import figures, forhver, html, views
    from .data import DataLoader, Datasets

    loader = loader or DataLoader(project)
    prepared = []
    for source in sources:
        lenient = lenient_sent and source.note.sendt is not None
        own = Problems(project.shown_path) if lenient else problems
        outputs = project.outputs(source.name)
        outputs = outputs.version(version) if version else outputs
        datasets = loader.load(source.note.data, own)
        if datasets is None and lenient:  # what was sent cannot be computed again at all
            prepared.append(PreparedNote(source.name, source, Datasets(), [], outputs, list(own)))
            continue
        if datasets is None:
            continue  # the data's problems are recorded; the text cannot be checked without it
        steder = figures.known_places(datasets)
        computed = compute_figures(source, datasets, steder)  # shared by a for_hver's values
        samler = forhver.Problemsamler(own, project.shown_path)
        # The note itself, or one instance per value of its for_hver, each in its own folder.
        for instance in forhver.instances(source, datasets, steder, own):
            mine = samler.of(instance)
            steder.check_dataspor(instance.source.note.dataspor, mine)
            document_views = views.document_views(
                instance.source,
                figures=computed,
                input_files=[project.shown_path(path) for path in datasets.input_files()],
                problems=mine,
                ny_version=version,
                steder=steder,
                param=instance.param,
            )
            documents = html.render_pages(project.house_style, document_views, mine, udkast)
            afvigelser = list(own) if lenient else []
            place = instance.outputs(outputs)  # build/<note>/, or build/<note>/<slug>/
            name = instance.source.name
            prepared.append(
                PreparedNote(name, instance.source, datasets, documents, place, afvigelser)
            )
        samler.report()
    return prepared


def record(project: Project, name: str) -> dict[str, Any] | None:
    """Return the manifest of a note's last final build: for a sent note, what was sent."""
    return _final(manifest.read(project.outputs(name).manifest))


def _final(found: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if found is None or found.get("udkast") else found


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
    outputs = project.outputs(name)
    return outputs.manifest.exists() or outputs.pdfs_present()


def _render_service(project: Project, charts_soon: bool = True) -> RenderService:
    # When charts will be converted (`incremental.charts_expected`), their engine warms up
    # while the notes are prepared; else it starts only if a chart turns out to be new.
    return RenderService(project.house_style, source_date_epoch(), charts_soon=charts_soon)


def _as_built(
    project: Project, written: _Written, sendt: date | None, *, unchanged: bool = False
) -> BuiltNote:
    """Return what the build made of a note, read from its manifest.

    `sendt` is given for a sent note that was left as it is: its record is read, and what
    is wrong with it, if anything, is said. An `unchanged` note was not read again: whether
    it is sent, and so left as it is, its record says.
    """
    outputs = written.outputs
    found = manifest.read(outputs.manifest)
    if unchanged:
        sendt = _sendt(found)
    record = _final(found) if sendt else found
    pdfs = [outputs.pdf(n) for n in outputs.names(len(record.get("bilag", {})))] if record else []
    # The manifest's documents in order: the note, each bilag, and samlet if it has bilag.
    return BuiltNote(
        outputs.name,
        pdf=pdfs[0] if pdfs else outputs.pdf(outputs.name),
        bilag=pdfs[1:-1],
        samlet=pdfs[-1] if len(pdfs) > 1 else None,
        written=written.pdfs,
        laid_out=written.laid_out,
        sendt=sendt or _sendt(found),
        urort=sendt is not None,
        ny_version=outputs.folder if outputs.folder.name.startswith(NY_VERSION_PREFIX) else None,
        bemaerkning=_remark(outputs, found, pdfs) if sendt else None,
        genskabt=written.genskabt,
    )


def _sendt(found: dict[str, Any] | None) -> date | None:
    sendt = found.get("sendt") if found else None
    return date.fromisoformat(sendt) if isinstance(sendt, str) else None


def _remark(outputs: NoteOutputs, found: dict[str, Any] | None, pdfs: list[Path]) -> str | None:
    """Say what is wrong with the record of a sent note, if anything."""
    if found is not None and not pdfs:
        return "den sidste build her var et udkast"
    if not pdfs and outputs.manifest.exists():
        return "dets manifest.json kan ikke læses"
    if not pdfs:
        return "dets manifest.json mangler"
    if not all(path.is_file() for path in pdfs):
        return "nogle af dets PDF'er mangler i build/ – hent dem dér, hvor det sendte notat er gemt"
    recorded = found.get("dokumenter", {}) if found else {}
    changed = [
        path.name
        for path in pdfs
        if recorded.get(path.stem, {}).get("sha256") != manifest.sha256_file(path)
    ]
    if changed:
        return (
            f"{formatting.opremsning(changed)} er ændret, siden notatet blev bygget (stemmer "
            "ikke med manifestet) – er det ikke den udgave, udvalget fik, så hent den dér, hvor "
            "det sendte notat er gemt"
        )
    return None


class _Job:
    """One build: converts charts and renders documents only where something changed."""

    def __init__(
        self,
        project: Project,
        service: RenderService | None,
        house_style: str,
        udkast: Udkast | None = None,
        *,
        samlet: bool = True,
    ) -> None:
        self.project = project
        self.service = service
        self.udkast = udkast
        self.samlet = samlet  # whether the combined PDF is made, when it is stale
        self.house_style = house_style  # its digest: part of every render key
        self.charts = ChartCache(project.build_dir, house_style, self._svg)

    def _svg(self, spec: dict[str, Any]) -> str:
        if self.service is None:  # `build` starts the service whenever a note is to be built
            raise RuntimeError("der er ingen PDF-motor at tegne figurerne med")
        return self.service.svg(spec)

    def build(self, note: PreparedNote, only: list[str] | None = None) -> _Written:
        """Plan, convert, render and write what changed in one note, then its manifest.

        With `only`, exactly those documents are rendered, changed or not (`reportgen
        bilag`), and the others are left as they are.
        """
        outputs = note.outputs
        remove_leftovers(outputs.folder)
        remove_leftovers(outputs.figures)
        genskabt = []  # damaged build state is treated as absent, and said so once
        previous = manifest.read(outputs.manifest)
        if previous is None and outputs.manifest.is_file():  # see manifest.damaged
            shown = self.project.shown_path(outputs.manifest)
            genskabt.append(f"{shown} kunne ikke læses, så alt i notatet er bygget forfra")
        # Plan: the key of every document, and which are stale.
        keys = {d.name: render_key(d, self.house_style) for d in note.documents}
        if len(note.documents) > 1:
            keys[samlet_name(note.name)] = combined_key(list(keys.values()))
        pdfs = {name: outputs.pdf(name) for name in keys}
        if only is None:
            stale = [n for n in keys if not up_to_date(previous, n, keys[n], pdfs[n])]
            # A combined PDF not made now keeps its old record, which says it is stale.
            kept = [] if self.samlet else [n for n in stale if n == samlet_name(note.name)]
            stale = [n for n in stale if n not in kept]
        else:
            stale = only
            kept = [name for name in keys if name not in only]
        # Convert the charts of the pages to be rendered.
        damaged_before = self.charts.damaged
        for document in note.documents:
            if only is None or document.name in only:
                for chart in document.charts:
                    self.charts.write(chart, outputs.figures / f"{chart.key}.svg")
        if self.charts.damaged > damaged_before:
            genskabt.append(_damaged_charts(self.charts.damaged - damaged_before))
        # Render and write.
        written, laid_out = self._render(note, stale)
        # The manifest: every document is recorded as it now is on disk.
        manifest.write(outputs.manifest, self._manifest(note, keys, previous, kept))
        return _Written(outputs, written, genskabt, laid_out)

    def _render(self, note: PreparedNote, stale: list[str]) -> tuple[list[Path], list[str]]:
        """Render the stale documents, join the combined PDF if stale, and write them atomically.

        Return the PDFs written and the names of the documents laid out. The combined PDF is
        joined from the finished PDFs of the note and its bilag: those rendered now, and the
        others as they are on disk (the plan found them up to date), so a part that did not
        change is never laid out again.
        """
        outputs = note.outputs
        parts = [d for d in note.documents if d.name in stale]
        rendered: dict[str, bytes] = {}
        if parts:
            if self.service is None:
                raise RuntimeError("der er ingen PDF-motor at bygge notatet med")
            pdfs = self.service.render([d.html for d in parts], figures_dir=outputs.figures)
            rendered = {d.name: data for d, data in zip(parts, pdfs, strict=True)}
        samlet = samlet_name(note.name)
        # Joined before anything is written: a part that cannot be joined leaves every PDF
        # as the last build made it.
        made = rendered | ({samlet: _joined(note, rendered)} if samlet in stale else {})
        written = []
        for name, data in made.items():
            write_atomically(outputs.pdf(name), data)
            written.append(outputs.pdf(name))
        return written, list(rendered)

    def _manifest(
        self,
        note: PreparedNote,
        keys: dict[str, str],
        previous: dict[str, Any] | None,
        kept: list[str],
    ) -> dict[str, Any]:
        """Return the note's manifest; documents left as they were keep what their record said."""
        shown = self.project.shown_path
        current = [d for d in note.documents if d.name not in kept]
        old_documents = (previous or {}).get("dokumenter", {})
        documents = {
            name: {
                "pdf": shown(note.outputs.pdf(name)),
                "nøgle": keys[name],
                "sha256": manifest.sha256_file(note.outputs.pdf(name)),
            }
            for name in keys
            if name not in kept
        }
        for document in current:
            documents[document.name]["indhold"] = content_key(document)
        documents |= {name: old_documents[name] for name in kept if name in old_documents}
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
            # A partial build leaves documents made from the last build's inputs: they are
            # what the record says went in, so diff still names the files that changed.
            "input": (previous or {}).get("input", {})
            if kept and previous
            else {shown(path): manifest.sha256_file(path) for path in inputs},
            "dækning": manifest.coverage(note.datasets, shown),
            "rettelser": manifest.corrections(note.datasets),
            **manifest.figures(note.documents, shown, previous, kept),
            "dokumenter": documents,
            **({"delvis": sorted(kept)} if kept else {}),
        }


def _joined(note: PreparedNote, rendered: dict[str, bytes]) -> bytes:
    """Return the combined PDF of a note: its part PDFs, rendered now or on disk, joined."""
    # pikepdf is loaded only by a build that joins a combined PDF.
    from .samlet import join

    parts = [rendered.get(d.name) or _read(note.outputs.pdf(d.name)) for d in note.documents]
    return join(parts, [page_label(d.bilag) for d in note.documents])


def _read(pdf: Path) -> bytes:
    """Return the bytes of a part's PDF on disk, which the plan found up to date."""
    try:
        return pdf.read_bytes()
    except OSError as error:
        raise OutputError(
            f"{pdf} kunne ikke læses til den samlede PDF ({os_reason(error)}). Byg notatet igen."
        ) from error


def _damaged_charts(count: int) -> str:
    if count == 1:
        return "1 gemt figur i build/.cache/ var beskadiget og er lavet forfra"
    return f"{count} gemte figurer i build/.cache/ var beskadigede og er lavet forfra"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
