"""The renderer in a second process, warmed up while the build validates and prepares.

Loading WeasyPrint and vl-convert and laying out the first page cost about a second. A
build starts this process first, so that time passes on the second core while the main
process reads the content and data, computes the figures and writes the HTML. The process
then converts the charts and lays out the PDFs it is sent; the caller writes the files,
and joins them into the combined PDF (`samlet`), which needs no layout engine.
This module itself loads neither library; only the process does.

The two processes speak in typed messages: a request (`ChartRequest`, `RenderRequest`,
`Stop`) goes to the process, a reply (`Done`, `Failed`) comes back. A failure carries a
ReportgenError, which the caller raises as if the renderer had run in its own process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from .errors import DocumentFailed, RenderError, ReportgenError
from .house_style import HouseStyle

if TYPE_CHECKING:  # the process loads it; this module itself loads neither library
    from .charts import ChartConverter

# The time fonts are stamped with when no SOURCE_DATE_EPOCH is set: a font's "modified"
# date says nothing about a note, and a fixed one keeps builds byte for byte the same.
FONT_EPOCH = 1_767_225_600  # 1 January 2026

# A tiny page in the house style: rendering it loads the fonts and warms the layout engine.
_WARM_UP = (
    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>-</title>'
    '<link rel="stylesheet" href="style.css"></head><body><p>Varm op</p></body></html>'
)


@dataclass(frozen=True)
class ChartRequest:
    """Convert a Vega-Lite spec to SVG; the reply is the SVG text."""

    spec: dict[str, Any]


@dataclass(frozen=True)
class RenderRequest:
    """Lay out documents, each given as its HTML; the reply is the PDF of each."""

    documents: tuple[str, ...]
    figures_dir: Path | None = None  # the folder the documents' charts lie in


@dataclass(frozen=True)
class Stop:
    """End the process."""


Request = ChartRequest | RenderRequest | Stop


@dataclass(frozen=True)
class Done:
    """A request answered: its value (the SVG, or the PDFs)."""

    value: Any


@dataclass(frozen=True)
class Failed:
    """A request that failed, with the error to raise in the caller."""

    error: ReportgenError


Reply = Done | Failed


class RenderService:
    """Convert charts and lay out PDFs in a separate process; the caller writes the files."""

    def __init__(
        self, style: HouseStyle, epoch: int | None = None, *, charts_soon: bool = True
    ) -> None:
        # Spawn, not fork: a process that has loaded vl-convert or WeasyPrint has threads and
        # locks a forked child would inherit half-held. Spawning costs a fresh interpreter,
        # and that time passes while the caller prepares the notes.
        context: Any = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        fixed = FONT_EPOCH if epoch is None else epoch
        self._process = context.Process(
            target=_serve, args=(child, style, fixed, charts_soon), daemon=True
        )
        self._process.start()
        child.close()

    def svg(self, spec: dict[str, Any]) -> str:
        """Return the SVG of a Vega-Lite spec."""
        return self._ask(ChartRequest(spec))

    def render(self, documents: Sequence[str], *, figures_dir: Path | None = None) -> list[bytes]:
        """Lay out HTML documents, their charts in `figures_dir`; return the PDF of each."""
        return self._ask(RenderRequest(tuple(documents), figures_dir))

    @property
    def alive(self) -> bool:
        """Tell whether the process still runs (a preview starts a new one if it does not)."""
        return self._process.is_alive()

    def close(self) -> None:
        """Stop the process."""
        if self._process.is_alive():
            try:
                self._conn.send(Stop())
            except OSError:
                pass
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
        self._conn.close()

    def __enter__(self) -> RenderService:
        return self

    def __exit__(self, error_type: object, *_: object) -> None:
        if error_type is not None and self._process.is_alive():
            # The build stopped (a problem in the notes, Ctrl-C): the process may still be
            # warming up, and nothing it holds is worth waiting for.
            self._process.kill()
            self._process.join()
        self.close()

    @overload
    def _ask(self, request: ChartRequest) -> str: ...
    @overload
    def _ask(self, request: RenderRequest) -> list[bytes]: ...
    def _ask(self, request: Request) -> Any:
        try:
            self._conn.send(request)
            reply: Reply = self._conn.recv()
        except (EOFError, OSError) as error:
            raise _stopped() from error
        if isinstance(reply, Failed):
            raise reply.error
        return reply.value


def _stopped() -> RenderError:
    """Say that the render process died, and the likeliest reason.

    Under a memory limit no process can start, so the build stops; else the process died on
    the note it was laying out, and a pool gives the next note a new one.
    """
    limit, _ = resource.getrlimit(resource.RLIMIT_AS)
    if limit != resource.RLIM_INFINITY:
        # vl-convert's JavaScript engine reserves several GB of address space up front (it
        # uses little of it); under `ulimit -v` it cannot start and the process dies.
        return RenderError(
            f"PDF-motoren stoppede, fordi maskinen begrænser hukommelsen til {limit >> 20} MB "
            "adresserum (ulimit -v), og diagrammotoren (vl-convert) skal reservere flere GB "
            "for at starte. Fjern grænsen med 'ulimit -v unlimited', og byg igen."
        )
    return DocumentFailed(
        "PDF-motoren stoppede uventet. Prøv igen; sker det igen, så kør 'make build' for at "
        "tjekke systembibliotekerne."
    )


def _serve(conn: Connection, style: HouseStyle, epoch: int, charts_soon: bool = True) -> None:
    """Run in the second process: load the libraries, warm up, then answer requests."""
    # Ctrl-C in the terminal reaches the whole process group: the caller stops this process
    # when it stops, so here it must not die on its own with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Without HarfBuzz's subsetter, WeasyPrint subsets fonts with fontTools, which stamps
    # each font with the time now unless SOURCE_DATE_EPOCH says otherwise: a fixed time
    # keeps the PDF the same from build to build.
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    worker = _Worker(style, charts_soon)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the caller is gone
            return
        except Exception as error:  # bytes that are no request at all: the pipe is still whole
            conn.send(Failed(_unknown_request(f"{type(error).__name__}: {error}")))
            continue
        if isinstance(request, Stop):
            return
        conn.send(_answer(worker, request))


def _answer(worker: _Worker, request: object) -> Reply:
    """Answer one request; every failure goes back to the caller as a ReportgenError."""
    try:
        return Done(worker.handle(request))
    except ReportgenError as error:
        return Failed(_portable(error))
    except BaseException as error:  # everything goes back to the caller
        return Failed(
            DocumentFailed(
                f"PDF'en kunne ikke laves: {type(error).__name__}: {error}. Den sidste gode "
                "PDF er urørt."
            )
        )


def _portable(error: ReportgenError) -> ReportgenError:
    """Return the error itself if it reaches the caller the same; else its message as such.

    An error is sent by pickling it, which rebuilds it from its message: one that is made
    from something else (ProblemsFound, from a list of problems) would come back garbled.
    """
    try:
        copy = pickle.loads(pickle.dumps(error))
    except Exception:  # an attribute that cannot be pickled
        copy = None
    if type(copy) is type(error) and str(copy) == str(error):
        return error
    return RenderError(str(error))


def _unknown_request(what: str) -> RenderError:
    """Refuse a request the process does not know: a mistake in reportgen, not in the notes."""
    return RenderError(
        f"PDF-motoren fik en forespørgsel, den ikke kender ({what}). Det er en fejl i "
        "reportgen: byg igen, og sker det igen, så meld fejlen med kommandoen, du kørte."
    )


class _Worker:
    """The libraries, loaded and warmed up once; a failure to load is kept for the caller.

    vl-convert's engine takes most of a second of CPU to start, and a build whose charts are
    all in the cache converts none: it is started with the process only when charts are
    expected soon (`charts_soon`), and otherwise by the first chart asked for.
    """

    def __init__(self, style: HouseStyle, charts_soon: bool = True) -> None:
        self.failure: BaseException | None = None
        self._style = style
        self._charts: ChartConverter | None = None
        try:
            from . import pdf

            self.renderer = pdf.Renderer(style)
            self.renderer.render(_WARM_UP)
            if charts_soon:
                self.charts()
        except BaseException as error:  # told to the first request
            self.failure = error

    def charts(self) -> ChartConverter:
        """Return the chart converter, started and warmed up the first time it is needed."""
        if self._charts is None:
            from .charts import ChartConverter

            converter = ChartConverter(self._style.font_dirs())
            converter.svg({"mark": "point", "data": {"values": [{}]}})
            self._charts = converter
        return self._charts

    def handle(self, request: object) -> Any:
        """Answer a ChartRequest with SVG, a RenderRequest with the PDF of each document."""
        if self.failure is not None:
            raise self.failure
        if isinstance(request, ChartRequest):
            return self.charts().svg(request.spec)
        if isinstance(request, RenderRequest):
            return self._render(request)
        raise _unknown_request(type(request).__name__)

    def _render(self, request: RenderRequest) -> list[bytes]:
        return [
            self.renderer.to_pdf(self.renderer.render(html, request.figures_dir))
            for html in request.documents
        ]
