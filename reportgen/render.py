"""The renderer in a second process, warmed up while the build validates and prepares.

Loading WeasyPrint and vl-convert and laying out the first page cost about a second. A
build starts this process first, so that time passes on the second core while the main
process reads the content and data, computes the figures and writes the HTML. The process
then converts the charts and lays out the PDFs it is sent; the caller writes the files.
This module itself loads neither library; only the process does.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from .errors import RenderError, ReportgenError
from .house_style import HouseStyle

# The time fonts are stamped with when no SOURCE_DATE_EPOCH is set: a font's "modified"
# date says nothing about a note, and a fixed one keeps builds byte for byte the same.
FONT_EPOCH = 1_767_225_600  # 1 January 2026

# A tiny page in the house style: rendering it loads the fonts and warms the layout engine.
_WARM_UP = (
    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>-</title>'
    '<link rel="stylesheet" href="style.css"></head><body><p>Varm op</p></body></html>'
)


class RenderService:
    """Convert charts and lay out PDFs in a separate process; the caller writes the files."""

    def __init__(self, style: HouseStyle, epoch: int | None = None) -> None:
        # Spawn, not fork: a process that has loaded vl-convert or WeasyPrint has threads and
        # locks a forked child would inherit half-held. Spawning costs a fresh interpreter,
        # and that time passes while the caller prepares the notes.
        context: Any = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        fixed = FONT_EPOCH if epoch is None else epoch
        self._process = context.Process(target=_serve, args=(child, style, fixed), daemon=True)
        self._process.start()
        child.close()

    def svg(self, spec: dict[str, Any]) -> str:
        """Return the SVG of a Vega-Lite spec."""
        return self._ask("svg", spec)

    def render(
        self, documents: Sequence[tuple[str, bool]], combined: bool = False
    ) -> tuple[list[bytes | None], bytes | None]:
        """Lay out (html, wanted) documents; return the PDF of each wanted one, and combined."""
        return self._ask("render", list(documents), combined)

    def close(self) -> None:
        """Stop the process."""
        if self._process.is_alive():
            try:
                self._conn.send(("stop",))
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

    def _ask(self, *message: Any) -> Any:
        try:
            self._conn.send(message)
            reply = self._conn.recv()
        except (EOFError, OSError) as error:
            raise RenderError(_stopped()) from error
        if reply[0] == "ok":
            return reply[1]
        _, kind, text = reply
        if kind == "report":
            raise RenderError(text)
        raise RenderError(f"PDF'en kunne ikke laves: {text}. Den sidste gode PDF er urørt.")


def _stopped() -> str:
    """Say that the render process died, and the likeliest reason."""
    limit, _ = resource.getrlimit(resource.RLIMIT_AS)
    if limit != resource.RLIM_INFINITY:
        # vl-convert's JavaScript engine reserves several GB of address space up front (it
        # uses little of it); under `ulimit -v` it cannot start and the process dies.
        return (
            f"PDF-motoren stoppede, fordi maskinen begrænser hukommelsen til {limit >> 20} MB "
            "adresserum (ulimit -v), og diagrammotoren (vl-convert) skal reservere flere GB "
            "for at starte. Fjern grænsen med 'ulimit -v unlimited', og byg igen."
        )
    return (
        "PDF-motoren stoppede uventet. Prøv igen; sker det igen, så kør 'make build' for at "
        "tjekke systembibliotekerne."
    )


def _serve(conn: Connection, style: HouseStyle, epoch: int) -> None:
    """Run in the second process: load the libraries, warm up, then answer requests."""
    # Ctrl-C in the terminal reaches the whole process group: the caller stops this process
    # when it stops, so here it must not die on its own with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Without HarfBuzz's subsetter, WeasyPrint subsets fonts with fontTools, which stamps
    # each font with the time now unless SOURCE_DATE_EPOCH says otherwise: a fixed time
    # keeps the PDF the same from build to build.
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    worker = _Worker(style)
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message[0] == "stop":
            return
        try:
            conn.send(("ok", worker.handle(message)))
        except ReportgenError as error:
            conn.send(("error", "report", str(error)))
        except BaseException as error:  # everything goes back to the caller
            conn.send(("error", type(error).__name__, f"{type(error).__name__}: {error}"))


class _Worker:
    """The libraries, loaded and warmed up once; a failure to load is kept for the caller."""

    def __init__(self, style: HouseStyle) -> None:
        self.failure: BaseException | None = None
        try:
            from . import pdf
            from .charts import ChartConverter

            self.charts = ChartConverter(style.font_dirs())
            self.renderer = pdf.Renderer(style)
            self.renderer.render(_WARM_UP)
            self.charts.svg({"mark": "point", "data": {"values": [{}]}})
        except BaseException as error:  # told to the first request
            self.failure = error

    def handle(self, message: tuple[Any, ...]) -> Any:
        """Answer one request: ("svg", spec) or ("render", documents, combined)."""
        if self.failure is not None:
            raise self.failure
        if message[0] == "svg":
            return self.charts.svg(message[1])
        _, documents, combined = message
        pages = [self.renderer.render(html) for html, _ in documents]
        pdfs = [
            self.renderer.to_pdf(laid_out) if wanted else None
            for (_, wanted), laid_out in zip(documents, pages, strict=True)
        ]
        return pdfs, self.renderer.combined(pages) if combined else None
