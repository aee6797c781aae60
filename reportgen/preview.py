"""Write and see: keep one note built while it is written, its pages ready to be shown.

A `Forhaandsvisning` keeps the renderer process warm and builds the note again, exactly as
`reportgen build` does, every time one of its inputs is saved: the note, a snippet, a data
file, a correction, a template. Only the documents whose inputs changed are laid out again,
and only the PDFs written are rasterised again. A problem (bad YAML, an unknown name, a
period without data) is kept as the messages `check` prints, beside the last good pages,
which stay; the next good save recovers without a restart.

What is shown is the note's own build folder, build/<note>/: the preview writes nothing a
build would not, and the server (`preview_server`) serves nothing else. This module never
prints; who watches is told through `vent`.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from . import build as builder
from . import formatting
from .charts import drawn_once
from .content import load_note
from .data import DataLoader
from .errors import ManyValues, Problems, ProblemsFound, ReportgenError
from .project import Project
from .render import RenderService

# Pages are rasterised at this many pixels per point: 1.5 gives a sharp A4 page of 893 px
# on an ordinary screen, and a page in about 30 ms.
SKALA = 1.5


@dataclass(frozen=True)
class Side:
    """One page of a PDF as an image, and its text (for search and screen readers)."""

    png: bytes
    tekst: str
    bredde: int
    hoejde: int


@dataclass(frozen=True)
class Dokument:
    """One PDF of the note (the note itself or a bilag), page by page."""

    navn: str  # the PDF's name without .pdf
    pdf: Path
    sider: tuple[Side, ...]


@dataclass(frozen=True)
class Tilstand:
    """What the preview shows now: the last good pages, and the problems since, if any."""

    version: int = 0
    dokumenter: tuple[Dokument, ...] = ()
    problemer: tuple[str, ...] = ()
    bemaerkninger: tuple[str, ...] = ()  # a sent note, repaired build state: said, not wrong
    bygget: datetime | None = None  # when the pages were last built (or found unchanged)
    bygger: bool = True  # a build is under way


@dataclass
class _Rasters:
    """The pages of each PDF, kept by the PDF's digest: an unchanged PDF is not drawn again."""

    by_digest: dict[str, tuple[Side, ...]] = field(default_factory=dict)

    def draw(self, pdfs: list[Path]) -> list[tuple[Side, ...]]:
        """Return the pages of each PDF, drawing only new ones; forget PDFs no longer shown."""
        kept: dict[str, tuple[Side, ...]] = {}
        pages = []
        for pdf in pdfs:
            data = pdf.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest not in kept:
                kept[digest] = self.by_digest.get(digest) or _rasterise(data)
            pages.append(kept[digest])
        self.by_digest = kept
        return pages


def _refuse_many_values(project: Project, path: Path) -> None:
    """Refuse a note built once per value: the preview shows one note's pages, in one folder."""
    source = load_note(project, path, Problems())  # its problems are told when it is built
    if source is not None and source.note.for_hver is not None:
        raise ManyValues(
            f"'{path.stem}' bygges for hver værdi af sin for_hver, og forhåndsvisningen viser "
            f"ét notat. Byg det med 'reportgen build {path.stem}', og se PDF'erne i "
            f"build/{path.stem}/<værdi>/."
        )


class Forhaandsvisning:
    """One note, built again on every save of its inputs, with the renderer kept warm."""

    def __init__(self, project: Project, name: str) -> None:
        (path,) = project.find_notes([name])  # an unknown note is told before anything starts
        _refuse_many_values(project, path)
        self.project = project
        self.name = path.stem
        self._service: RenderService | None = None
        self._loader = DataLoader(project)  # keeps each data file loaded until it is saved
        self._drawn: dict[str, dict[str, Any]] = {}  # each chart's spec, until its inputs change
        self._rasters = _Rasters()
        self._changed = threading.Condition()
        self._state = Tilstand()
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._foelg, daemon=True)

    @property
    def tilstand(self) -> Tilstand:
        """Return what is shown now."""
        with self._changed:
            return self._state

    @property
    def mappe(self) -> Path:
        """Return the note's build folder: all the preview shows is in it."""
        return self.project.outputs(self.name).folder

    def watched(self) -> list[Path]:
        """Return the folders and files whose changes the note may depend on."""
        project = self.project
        candidates = [
            project.content_dir,
            project.data_dir,
            project.templates_dir,
            project.settings_file,
        ]
        return [path for path in candidates if path.exists()]

    def _foelg(self) -> None:
        """Build the note now, then again after every save of its inputs, until closed."""
        import watchfiles  # only the preview watches files

        self.opdater()
        # `step`: a save is built once it has been quiet this many ms, so an editor's
        # write-then-rename is one change, and the wait after a save stays short.
        for _ in watchfiles.watch(*self.watched(), stop_event=self._stop, step=10):
            self.opdater()

    def opdater(self) -> Tilstand:
        """Build the note again and show its new pages, or the problems beside the last ones."""
        self._set(bygger=True, ny=True)
        problems: tuple[str, ...] = ()
        remarks: tuple[str, ...] = ()
        documents = self._state.dokumenter
        try:
            # The combined PDF repeats the pages shown; `reportgen build` makes it.
            with drawn_once(self._drawn):
                (built,) = builder.build(
                    self.project,
                    [self.name],
                    service=self._renderer(),
                    loader=self._loader,
                    samlet=False,
                )
        except ProblemsFound as error:
            problems = tuple(str(problem) for problem in error.problems)
        except ReportgenError as error:
            problems = (f"Fejl: {error}",)
        except Exception as error:  # a mistake in reportgen: said in the page, not fatal to it
            problems = (
                f"reportgen fejlede ({type(error).__name__}: {error}). Gem igen for at prøve "
                "igen; sker det igen, så meld fejlen med notatet, der gav den.",
            )
        else:
            remarks = tuple(_remarks(built))
            shown = [pdf for pdf in [built.pdf, *built.bilag] if pdf.is_file()]
            documents = tuple(
                Dokument(pdf.stem, pdf, pages)
                for pdf, pages in zip(shown, self._rasters.draw(shown), strict=True)
            )
        return self._set(
            dokumenter=documents,
            problemer=problems,
            bemaerkninger=remarks,
            bygget=datetime.now() if not problems else self._state.bygget,
            bygger=False,
            ny=True,
        )

    def vent(self, version: int, timeout: float) -> Tilstand:
        """Wait until the state is newer than `version` (or `timeout` seconds); return it."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.version > version, timeout)
            return self._state

    def pdf(self, name: str) -> Path | None:
        """Return the PDF named `name` if it is one the preview shows now; else None."""
        for document in self.tilstand.dokumenter:
            if document.navn == name:
                return document.pdf
        return None

    def start(self) -> None:
        """Build the note, and again after every save, in a thread of its own."""
        self._watcher.start()

    def close(self) -> None:
        """Stop watching (if started) and stop the renderer process."""
        self._stop.set()
        if self._watcher.is_alive():
            self._watcher.join(timeout=5)
        if self._service is not None:
            self._service.close()
            self._service = None

    def _renderer(self) -> RenderService:
        """Return the warm renderer, started again if it has stopped."""
        if self._service is not None and not self._service.alive:
            self._service.close()
            self._service = None
        if self._service is None:
            self._service = RenderService(self.project.house_style, builder.source_date_epoch())
        return self._service

    def _set(self, *, ny: bool = False, **changes: object) -> Tilstand:
        with self._changed:
            version = self._state.version + 1 if ny else self._state.version
            self._state = replace(self._state, version=version, **changes)  # type: ignore[arg-type]
            self._changed.notify_all()
            return self._state


def _remarks(built: builder.BuiltNote) -> list[str]:
    """Return what the preview should say about a build that went well."""
    said = [f"Bemærk: {repaired}." for repaired in built.genskabt]
    if built.urort and built.sendt is not None:
        said.append(
            f"Notatet er sendt {formatting.dato(built.sendt)} og bygges ikke om; her ses den "
            f"sendte udgave. En rettet udgave laves med 'reportgen build --ny-version "
            f"{built.name}'."
        )
    return said


def _rasterise(data: bytes) -> tuple[Side, ...]:
    """Return every page of a PDF as PNG, with its text."""
    import pypdfium2  # only the preview draws pages

    document = pypdfium2.PdfDocument(data)
    try:
        # pdfium draws one page at a time (it is not thread-safe); the PNGs are then
        # compressed side by side, as zlib lets go of the interpreter while it works.
        drawn = [
            (page.render(scale=SKALA).to_pil(), page.get_textpage().get_text_range())
            for page in document
        ]
    finally:
        document.close()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        pngs = list(pool.map(_png, [image for image, _ in drawn]))
    return tuple(
        Side(png, text, image.width, image.height)
        for png, (image, text) in zip(pngs, drawn, strict=True)
    )


def _png(image: Any) -> bytes:
    """Return an image as PNG, compressed fast: a page is drawn on every save."""
    png = io.BytesIO()
    image.save(png, format="PNG", compress_level=1)
    return png.getvalue()
