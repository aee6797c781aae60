"""One note's PDFs: plan what is stale, convert its charts, render, write, and its manifest.

The plan is made where the note was prepared (it draws the charts' specs, which Python does
under one lock anyway). Drawing its documents mostly waits on a render process, so several
documents are drawn at once, each by a `NoteJob` with its own render process; finishing
(join, write, manifest) needs none (see `pool`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, manifest
from .draft import Udkast
from .errors import OutputError, os_reason
from .incremental import (
    ChartCache,
    combined_key,
    content_key,
    render_key,
    tool_versions,
    up_to_date,
)
from .output import NoteOutputs, page_label, remove_leftovers, samlet_name, write_atomically
from .project import Project
from .render import RenderService

if TYPE_CHECKING:
    from .build import PreparedNote


@dataclass(frozen=True)
class Written:
    """What rendering one note wrote, and the damaged build state it made again."""

    outputs: NoteOutputs
    pdfs: list[Path] = field(default_factory=list)
    genskabt: list[str] = field(default_factory=list)
    laid_out: list[str] = field(default_factory=list)  # the documents laid out, by name


@dataclass(frozen=True)
class Plan:
    """What to make of one prepared note: every document's key, and which are stale."""

    note: PreparedNote
    keys: dict[str, str]  # document name → render key (the combined PDF's included)
    stale: list[str]  # the documents to make now
    kept: list[str]  # documents left as they are, whose record the manifest keeps
    previous: dict[str, Any] | None  # the note's last manifest, if it could be read
    only: list[str] | None  # `reportgen bilag`: exactly these documents
    genskabt: list[str] = field(default_factory=list)

    def parts(self) -> list[str]:
        """Return the documents whose charts are converted (and, if stale, rendered) now."""
        return [d.name for d in self.note.documents if self.only is None or d.name in self.only]

    def shares(self) -> list[list[str]]:
        """Split the parts into shares for separate render processes: one stale document each.

        The documents left as they are go with the first share: their charts are only
        checked, which costs nothing when they are in the cache.
        """
        parts = self.parts()
        stale = [[name] for name in parts if name in self.stale]
        rest = [name for name in parts if name not in self.stale]
        if not stale:
            return [rest]
        stale[0] += rest
        return stale


@dataclass(frozen=True)
class Drawn:
    """What one render process made of some of a note's documents."""

    rendered: dict[str, bytes]  # document name → PDF, for the stale ones among them
    damaged: int = 0  # cached charts found damaged and made again


def plan(
    project: Project,
    note: PreparedNote,
    house_style: str,
    *,
    only: list[str] | None = None,
    samlet: bool = True,
) -> Plan:
    """Find each document's render key and which documents are stale.

    With `only`, exactly those documents are rendered, changed or not (`reportgen bilag`),
    and the others are left as they are. Without `samlet`, a stale combined PDF is left as
    it is, and its old record says it is stale.
    """
    outputs = note.outputs
    remove_leftovers(outputs.folder)
    remove_leftovers(outputs.figures)
    genskabt = []  # damaged build state is treated as absent, and said so once
    previous = manifest.read(outputs.manifest)
    if previous is None and outputs.manifest.is_file():  # see manifest.damaged
        shown = project.shown_path(outputs.manifest)
        genskabt.append(f"{shown} kunne ikke læses, så alt i notatet er bygget forfra")
    keys = {d.name: render_key(d, house_style) for d in note.documents}
    if len(note.documents) > 1:
        keys[samlet_name(note.name)] = combined_key(list(keys.values()))
    if only is None:
        stale = [
            name
            for name, key in keys.items()
            if not up_to_date(previous, name, key, outputs.pdf(name))
        ]
        kept = [] if samlet else [n for n in stale if n == samlet_name(note.name)]
        stale = [n for n in stale if n not in kept]
    else:
        stale = only
        kept = [name for name in keys if name not in only]
    return Plan(note, keys, stale, kept, previous, only, genskabt)


class NoteJob:
    """Draw a plan's documents with one render process (charts, layout), and finish a note."""

    def __init__(
        self,
        project: Project,
        service: RenderService | None,
        house_style: str,
        udkast: Udkast | None = None,
    ) -> None:
        self.project = project
        self.service = service
        self.udkast = udkast
        self.house_style = house_style  # its digest: part of every render key
        self.charts = ChartCache(project.build_dir, house_style, self._svg)

    def _svg(self, spec: dict[str, Any]) -> str:
        if self.service is None:  # `build` starts the service whenever a note is to be built
            raise RuntimeError("der er ingen PDF-motor at tegne figurerne med")
        return self.service.svg(spec)

    def carry_out(self, plan: Plan) -> Written:
        """Convert the charts, render and write what the plan found stale, then the manifest."""
        return self.finish(plan, [self.draw(plan, plan.parts())])

    def draw(self, plan: Plan, names: list[str]) -> Drawn:
        """Convert the charts of the named documents, and render those the plan found stale."""
        note = plan.note
        damaged_before = self.charts.damaged
        documents = [d for d in note.documents if d.name in names]
        for document in documents:
            for chart in document.charts:
                self.charts.write(chart, note.outputs.figures / f"{chart.key}.svg")
        stale = [d for d in documents if d.name in plan.stale]
        rendered: dict[str, bytes] = {}
        if stale:
            if self.service is None:
                raise RuntimeError("der er ingen PDF-motor at bygge notatet med")
            pdfs = self.service.render([d.html for d in stale], figures_dir=note.outputs.figures)
            rendered = {d.name: data for d, data in zip(stale, pdfs, strict=True)}
        return Drawn(rendered, self.charts.damaged - damaged_before)

    def finish(self, plan: Plan, drawn: list[Drawn]) -> Written:
        """Join the combined PDF if stale, write the PDFs atomically, then the manifest.

        The combined PDF is joined from the finished PDFs of the note and its bilag: those
        rendered now, and the others as they are on disk (the plan found them up to date), so
        a part that did not change is never laid out again.
        """
        note, outputs = plan.note, plan.note.outputs
        genskabt = list(plan.genskabt)
        damaged = sum(part.damaged for part in drawn)
        if damaged:
            genskabt.append(_damaged_charts(damaged))
        # In the note's order, whichever process rendered each.
        rendered = {
            d.name: part.rendered[d.name]
            for d in note.documents
            for part in drawn
            if d.name in part.rendered
        }
        samlet = samlet_name(note.name)
        # Joined before anything is written: a part that cannot be joined leaves every PDF
        # as the last build made it.
        made = rendered | ({samlet: _joined(note, rendered)} if samlet in plan.stale else {})
        written = []
        for name, data in made.items():
            write_atomically(outputs.pdf(name), data)
            written.append(outputs.pdf(name))
        # The manifest: every document is recorded as it now is on disk.
        manifest.write(outputs.manifest, self._manifest(plan))
        return Written(outputs, written, genskabt, list(rendered))

    def _manifest(self, plan: Plan) -> dict[str, Any]:
        """Return the note's manifest; documents left as they were keep what their record said."""
        note, keys, previous, kept = plan.note, plan.keys, plan.previous, plan.kept
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
            "titel": note.note.title,  # the index of a gathered build shows it
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
            **({"for_hver": note.for_hver} if note.for_hver else {}),
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
