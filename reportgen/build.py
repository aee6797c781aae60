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

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import formatting, manifest
from .draft import Udkast, build_day, source_date_epoch, udkast_for
from .errors import (
    DocumentFailed,
    ManyValues,
    NeedsFinalBuild,
    NoteNotFound,
    NotesNotBuilt,
    NotSent,
    Problem,
    Problems,
)
from .incremental import charts_expected, unchanged_since_last_build
from .job import NoteJob, Written, plan
from .output import NY_VERSION_PREFIX, NoteOutputs
from .pool import Outcome, RenderPool, started
from .render import RenderService
from .shard import Shard

if TYPE_CHECKING:  # the heavy stages are imported where they are used: see `_prepare`
    from . import content, figures, forhver, html
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
    # One value of a for_hver note: its parameter, its value, and the folders of all values.
    for_hver: dict[str, Any] | None = None

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


def check(project: Project, names: list[str]) -> list[PreparedNote]:
    """Validate the selected notes and lay out their pages as HTML; render no PDF.

    Raise ProblemsFound on any problem. A sent note is compared, not built: figures its
    text can no longer give with the current data are kept as its `afvigelser` instead of
    stopping the others.
    """
    project.house_style.validate()  # `build` has done so already, in the house style's digest
    sources, problems, _ = _load_sources(project, project.find_notes(names))
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
    jobs: int = 1,
    shard: Shard | None = None,
) -> list[BuiltNote]:
    """Build the selected notes (all when none are named) into build/<note>/.

    A note with `sendt` is left as it was sent. With `ny_version`, the named sent notes are
    built again from the current data into a new folder dated today, beside what was sent.
    A running `service` and a `loader` with data in it (the preview's, kept between builds)
    are used and left as they are; else `jobs` render processes lay the notes out.
    Without `samlet`, the combined PDFs are left as they were (the preview shows the parts),
    and the manifest says so, so that the next build makes them. With `shard`, only the
    notes in that share are built (see `Shard`).

    A note with problems is not built, and its last PDFs are left as they are; the others
    are built. Then every problem is raised together (NotesNotBuilt, with what was built).
    """
    selected = project.find_notes(names)
    if shard is not None:
        selected = [path for path in selected if _maybe_in_share(shard, path)]
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
    sources, problems, failed = _load_sources(project, [p for p in selected if p not in unchanged])
    if shard is not None:  # a note that only mentions for_hver, and is another share's
        others = {s.path for s in sources if not _in_share(shard, s)}
        selected = [path for path in selected if path not in others]
        sources = [s for s in sources if s.path not in others]
    left = {
        s.path: s
        for s in sources
        if s.name not in failed and _left_as_sent(project, s, draft, version)
    }
    to_build = [s for s in sources if s.path not in left]
    results = _Results(selected, on_progress)
    read = {source.path for source in sources}
    for path in selected:  # unchanged, unreadable, or left as it was sent: done at once
        if path.stem in failed and path not in read and path not in unchanged:
            results.prepared(path, [], [path.stem])
        elif path in unchanged or path in left:
            kept = _outputs_as_built(project, path)  # a for_hver note: each value's
            results.kept(path, [o for o in kept if shard is None or shard.rummer(o.name)])

    # The render processes start first, so they load and warm up while the notes are
    # prepared; a caller's running one (the preview's) is used as it is.
    def job(renderer: RenderService | None) -> NoteJob:
        return NoteJob(project, renderer, house_style, udkast)

    with _render_pool(project, service, to_build, job=job, jobs=jobs) as pool:
        # The notes with most bilag first: the longest to lay out starts first, and the
        # others fill the other processes meanwhile, instead of it starting last and alone.
        for source in sorted(to_build, key=lambda source: -len(source.note.bilag)):
            loader = loader or _data_loader(project)
            own = Problems(project.shown_path)
            ready, not_ready = _prepare_note(
                project, source, own, udkast, loader, version=version, shard=shard
            )
            problems.extend(own)
            if source.name in failed:  # its file has problems: none of it is built
                ready, not_ready = [], [source.name]
            results.prepared(source.path, [note.name for note in ready], not_ready)
            for note in ready:
                note_plan = plan(project, note, house_style, samlet=samlet)
                results.finished(pool.submit((source.path, note.name), note_plan))
        results.finished(pool.finish())
    built = []
    for (path, name), result in results.in_order():
        if isinstance(result, DocumentFailed):  # the renderer failed on this note
            value = "" if name == path.stem else f"{name}: "  # which of a for_hver's values
            problems.add(path, None, f"{value}{result}")
            results.failed.add((path, name))
        elif result is not None:
            sent = left[path].note.sendt if path in left else None
            built.append(_as_built(project, result, sent, unchanged=path in unchanged))
    if problems:
        raise NotesNotBuilt(problems, built, len(results.failed))
    return built


Unit = tuple[Path, str]  # a note's file and the name of what is built of it (a value's)


class _Results:
    """What became of each note a build selected, and of each for_hver value, as it comes.

    Each is told to `on_progress` as it is finished (built, unchanged, or stopped by its
    problems); the total grows when a for_hver note turns out to be several.
    """

    def __init__(self, selected: list[Path], on_progress: ProgressCallback | None) -> None:
        self._names: dict[Path, list[str]] = {path: [path.stem] for path in selected}
        self._outcomes: dict[Unit, Outcome] = {}
        self.failed: set[Unit] = set()
        self._on_progress = on_progress
        self._done, self._total = 0, len(selected)

    def kept(self, path: Path, outputs: list[NoteOutputs]) -> None:
        """Record a note left as it is (unchanged, or sent), as its last build made it."""
        self._names[path] = [o.name for o in outputs]
        self._outcomes.update({(path, o.name): Written(o) for o in outputs})
        self._total += len(outputs) - 1
        self._step(*self._names[path])

    def prepared(self, path: Path, ready: list[str], not_ready: list[str]) -> None:
        """Record what a note turned out to be: the values to build, and those with problems."""
        self._names[path] = ready + not_ready
        self._total += len(ready) + len(not_ready) - 1  # a for_hver's values
        self.failed.update((path, name) for name in not_ready)
        self._step(*not_ready)

    def finished(self, done: Iterable[tuple[Unit, Outcome]]) -> None:
        """Record the notes the render pool finished."""
        for unit, outcome in done:
            self._outcomes[unit] = outcome
            self._step(unit[1])

    def in_order(self) -> list[tuple[Unit, Outcome | None]]:
        """Return every note and value in the order selected; None for one not built."""
        return [
            ((path, name), self._outcomes.get((path, name)))
            for path, names in self._names.items()
            for name in names
        ]

    def _step(self, *names: str) -> None:
        for name in names:
            self._done += 1
            if self._on_progress:
                self._on_progress(Progress(self._done, self._total, name))


def _outputs_as_built(project: Project, path: Path) -> list[NoteOutputs]:
    """Return where the last build put a note: its folder, or each of its for_hver values'."""
    outputs = project.outputs(path.stem)
    values = None if outputs.manifest.exists() else manifest.value_folders(outputs.folder)
    return [outputs.instance(slug) for slug in values] if values else [outputs]


def _data_loader(project: Project) -> DataLoader:
    from .data import DataLoader  # pandas: only when a note is to be prepared

    return DataLoader(project)


def _maybe_in_share(shard: Shard, path: Path) -> bool:
    """Tell whether a note may belong in `shard`: by its name, or if it may be a for_hver note.

    A for_hver note is read in every share, and each share builds its own share of the
    values (`_prepare_note`), which are known only once the data is loaded. Whether it is
    one is decided when it is read (`_in_share`); its text only tells which notes cannot be.
    """
    if shard.rummer(path.stem):
        return True
    try:
        return "for_hver" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # the note is read in full, and what is wrong with it is told


def _in_share(shard: Shard | None, source: content.NoteSource) -> bool:
    """Tell whether a note that was read belongs in `shard` (a for_hver note always does)."""
    return shard is None or source.note.for_hver is not None or shard.rummer(source.name)


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
            return _as_built(project, Written(note.outputs), None)
        house_style = project.house_style.digest()
        chosen_plan = plan(project, note, house_style, only=[d.name for d in chosen])
        written = NoteJob(project, service, house_style).carry_out(chosen_plan)
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


def _load_sources(
    project: Project, paths: list[Path]
) -> tuple[list[content.NoteSource], Problems, set[str]]:
    """Read and validate the notes' content (and the project's settings); no data yet.

    Return the notes read (with problems or not), every problem, and the names of the notes
    with problems: every note, if the project's settings have any.
    """
    problems = Problems(project.shown_path)
    if not paths:
        return [], problems, set()  # a build where nothing changed loads nothing
    from . import content

    settings = content.load_settings(project.settings_file, problems)
    everyone = bool(problems)
    sources, failed = [], set()
    for path in paths:
        own = Problems(project.shown_path)
        source = content.load_note(project, path, own, settings)
        problems.extend(own)
        if source is None or own or everyone:
            failed.add(path.stem)
        if source is not None:  # read far enough to check its text as well
            sources.append(source)
    return sources, problems, failed


def _prepare(
    project: Project,
    sources: list[content.NoteSource],
    problems: Problems,
    udkast: Udkast | None,
    *,
    lenient_sent: bool = False,
) -> list[PreparedNote]:
    """Prepare each note (see `_prepare_note`); their problems are recorded in `problems`."""
    if not sources:
        return []
    from .data import DataLoader  # pandas: only when a note is to be prepared

    loader = DataLoader(project)
    prepared = []
    for source in sources:
        ready, _ = _prepare_note(
            project, source, problems, udkast, loader, lenient_sent=lenient_sent
        )
        prepared += ready
    return prepared


def _prepare_note(
    project: Project,
    source: content.NoteSource,
    problems: Problems,
    udkast: Udkast | None,
    loader: DataLoader,
    *,
    lenient_sent: bool = False,
    version: date | None = None,
    shard: Shard | None = None,
) -> tuple[list[PreparedNote], list[str]]:
    """Load a note's data, compute its figures, make its views and lay out its pages.

    Return its instances that are ready to build (the note itself, or one per value of its
    for_hver, those in `shard`), and the names of those whose problems (recorded in
    `problems`) keep them from being built.
    """
    # Loading data, figures and templates is most of a command's start-up: only here.
    from . import figures, forhver, html, views
    from .data import Datasets

    lenient = lenient_sent and source.note.sendt is not None
    own = Problems(project.shown_path) if lenient else problems
    outputs = project.outputs(source.name)
    outputs = outputs.version(version) if version else outputs
    datasets = loader.load(source.note.data, own)
    if datasets is None and lenient:  # what was sent cannot be computed again at all
        return [PreparedNote(source.name, source, Datasets(), [], outputs, list(own))], []
    if datasets is None:  # the data's problems are recorded; the text cannot be checked
        return [], [source.name]
    steder = figures.known_places(datasets)
    computed = compute_figures(source, datasets, steder)  # shared by a for_hver's values
    samler = forhver.Problemsamler(own, project.shown_path)
    ready, failed = [], []
    # The note itself, or one instance per value of its for_hver, each in its own folder.
    before = len(own)
    found = forhver.instances(source, datasets, steder, own)
    if len(own) > before and not lenient:  # a problem of the note as a whole (its values)
        return [], [source.name]
    for instance in found:
        name = instance.source.name
        if shard is not None and not shard.rummer(name):
            continue  # another runner's value
        mine = samler.of(instance)  # the note's own collector, for a note without for_hver
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
        if mine and not lenient:  # recorded; this value is not built, the others are
            failed.append(name)
            continue
        afvigelser = list(own) if lenient else []  # a sent note is compared, not stopped
        place = instance.outputs(outputs)  # build/<note>/, or build/<note>/<slug>/
        ready.append(
            PreparedNote(
                name,
                instance.source,
                datasets,
                documents,
                place,
                afvigelser,
                for_hver=_value_record(instance, found),
            )
        )
    samler.report()
    return ready, failed


def _value_record(
    instance: forhver.Instance, every: list[forhver.Instance]
) -> dict[str, Any] | None:
    """Return what a value's manifest says of its for_hver: None for a note without one.

    The folders of all the values let a later build see, from the manifests alone, that
    every value is still built and none is missing (`incremental.unchanged_since_last_build`).
    """
    if instance.slug is None:
        return None
    return {"værdi": instance.param, "mapper": [other.slug for other in every]}


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


@contextmanager
def _render_pool(
    project: Project,
    service: RenderService | None,
    to_build: list[content.NoteSource],
    *,
    job: Callable[[RenderService | None], NoteJob],
    jobs: int,
) -> Iterator[RenderPool[Unit]]:
    """Start the render processes a build needs (or use the caller's `service`); stop them."""
    if service is not None or not to_build:  # nothing to start: the pool gets no work
        idle: RenderPool[Unit] = RenderPool([job(service)])
        with closing(idle):
            yield idle
        return
    expected = charts_expected(project, [source.path for source in to_build])
    documents = sum(1 + len(source.note.bilag) for source in to_build)  # at most
    stack, pool = started(
        max(1, min(jobs, documents)),
        lambda: _render_service(project, charts_soon=expected),
        job,
    )
    try:
        yield pool
    except BaseException:
        # Ctrl-C, or an error no note can get past: the processes are stopped first (they
        # ignore Ctrl-C and would finish their pages), so the threads waiting on them end.
        pool.abandon()
        stack.__exit__(*sys.exc_info())
        pool.close()
        raise
    with stack:  # the pool's threads end before their processes are stopped
        pool.close()


def _as_built(
    project: Project, written: Written, sendt: date | None, *, unchanged: bool = False
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
