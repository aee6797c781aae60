"""Stage 6, PDF: HTML rendered by WeasyPrint into a tagged PDF/UA document, written atomically.

WeasyPrint may read only the project's own files and the shipped house style, after
resolving links; every other URL — the network, /etc/passwd — is refused, and a refusal
stops the build. This module imports WeasyPrint, so commands that do not render must not
import it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from . import hyphenation, tagging
from .errors import RenderError
from .house_style import HouseStyle
from .output import FIGURES_DIR

try:
    import pydyf
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
except OSError as error:  # Pango or its friends are missing from the system
    raise RenderError(
        "WeasyPrint kan ikke starte, fordi et systembibliotek mangler "
        f"({error}). Kør 'make build', der installerer det, eller installer selv Debians "
        "pakker libpango-1.0-0 og libpangoft2-1.0-0."
    ) from error

PDF_VARIANT = "pdf/ua-1"
_OPTIONS = {"pdf_variant": PDF_VARIANT}


# A file fetched more often than this while one document is laid out is part of a loop (two
# CSS files that @import each other); the real documents fetch each file once or twice.
MAX_FETCHES_PER_FILE = 20

# How often a document is laid out again to keep whole a word hyphenated at a page's end.
MAX_RELAYOUTS = 3


class ProjectOnlyFetcher(weasyprint.URLFetcher):
    """Fetch only the project's files and the shipped house style; refuse and remember the rest."""

    def __init__(self, style: HouseStyle) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.style = style
        self.refused: dict[str, str] = {}  # URL → why, in Danish
        self._fetched: Counter[str] = Counter()
        self._figures: Path | None = None

    def start(self, figures: Path | None = None) -> None:
        """Forget what was fetched and refused: a new document, its charts in `figures`."""
        self.refused.clear()
        self._fetched.clear()
        self._figures = figures

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch `url` if it is (or, for the house style, stands for) an allowed file."""
        parts = urlsplit(url)
        if parts.scheme == "data":  # the bytes are in the URL itself: nothing is read
            return super().fetch(url, headers)
        if parts.scheme != "file":
            return self._refuse(url, "ligger uden for projektet")
        path = self.style.locate(self._document_file(Path(unquote(parts.path)))).resolve()
        self._fetched[url] += 1
        if not any(path.is_relative_to(root) for root in self.style.readable_roots):
            return self._refuse(url, "ligger uden for projektet")
        if self._fetched[url] > MAX_FETCHES_PER_FILE:
            why = "hentes igen og igen (CSS-filer, der importerer sig selv eller hinanden)"
            return self._refuse(url, why)
        if not path.is_file():  # a pipe or a device would block the renderer
            return self._refuse(
                url, "er ikke en almindelig fil" if path.exists() else "findes ikke"
            )
        response = super().fetch(path.as_uri(), headers)
        # Links inside a fetched file (the CSS's fonts) start from the URL asked for, so they
        # are looked up project first, house style second, like the file itself was.
        response.url = url
        return response

    def _document_file(self, path: Path) -> Path:
        """Return where a file the page names relative to itself lies: its charts' folder.

        A page names its charts `figurer/<key>.svg`, relative to the house style's base URL
        like every other link; they lie in the note's own build folder. A file the project
        keeps in templates/figurer/ itself is its own, and found there.
        """
        charts = self.style.project_dir / FIGURES_DIR
        if self._figures is not None and path.is_relative_to(charts) and not path.is_file():
            return self._figures / path.relative_to(charts)
        return path

    def _refuse(self, url: str, why: str) -> Any:
        self.refused.setdefault(url, why)
        raise ValueError(f"reportgen henter ikke {url}: {why}.")


class Renderer:
    """Render a note's documents with one font configuration and one cache."""

    def __init__(self, style: HouseStyle, cache: dict | None = None) -> None:
        self._exceptions = hyphenation.read_exceptions(_word_lists(style))
        hyphenation.teach(self._exceptions)
        tagging.remember_origins()
        self._fetcher = ProjectOnlyFetcher(style)
        self._base_url = style.base_url
        self._font_config = FontConfiguration()
        self._cache = cache if cache is not None else {}

    def render(self, html: str, figures: Path | None = None) -> weasyprint.Document:
        """Lay out one HTML page, its charts in `figures`; refuse it if it reaches outside.

        No word is hyphenated across a page, nor on a third line in a row: such a word is
        taught whole and the document laid out again. Keeping it whole moves the lines after
        it, which may break another word the same way, so this is tried a few times.
        """
        self._forget_charts()
        document = self._lay_out(html, figures)
        whole: set[str] = set()
        try:
            for _ in range(MAX_RELAYOUTS):
                # A word still broken after it was taught whole (at a soft hyphen, say) is
                # not worth another layout.
                split = hyphenation.words_to_keep_whole(document.pages) - whole
                if not split:
                    break
                whole |= split
                hyphenation.teach(self._exceptions | {word: [] for word in whole})
                document = self._lay_out(html, figures)
        finally:
            if whole:  # the next document starts from the word lists alone
                hyphenation.teach(self._exceptions)
        return document

    def _forget_charts(self) -> None:
        """Drop the charts of earlier documents from the image cache, which WeasyPrint keys by URL.

        A page names its charts `figurer/<key>.svg`, and a key is unique only within a note:
        the same URL is another chart in another note (or in each value of a for_hver note),
        and the same chart again after its data changed (the preview).
        """
        charts = urljoin(self._base_url, f"{FIGURES_DIR}/")
        for url in [key for key in self._cache if isinstance(key, str) and key.startswith(charts)]:
            del self._cache[url]

    def _lay_out(self, html: str, figures: Path | None) -> weasyprint.Document:
        """Lay out one HTML page once; refuse it if it reaches outside."""
        self._fetcher.start(figures)
        document = weasyprint.HTML(
            string=html, base_url=self._base_url, url_fetcher=self._fetcher
        ).render(font_config=self._font_config, cache=self._cache, **_OPTIONS)
        self._stop_if_refused()
        return document

    def to_pdf(self, document: weasyprint.Document) -> bytes:
        """Write a rendered document as tagged PDF bytes."""
        # Images inside an SVG (the watermark, a chart) are fetched only now.
        data = document.write_pdf(finisher=_finished, **_OPTIONS)
        self._stop_if_refused()
        return data

    def _stop_if_refused(self) -> None:
        refused = self._fetcher.refused
        if refused:
            raise RenderError(
                "Dokumentet henviser til filer, som ikke må eller kan hentes: "
                + "; ".join(f"{url} {why}" for url, why in refused.items())
                + ". Ret den skabelon, CSS- eller SVG-fil i templates/, der henviser til dem."
            )


def _finished(_: Any, pdf: pydyf.PDF) -> None:
    """Correct WeasyPrint's structure tree before the PDF is written (see `tagging`)."""
    tagging.finish(pdf)


def _word_lists(style: HouseStyle) -> list[Path]:
    """Return the house style's list of words to hyphenate by hand, then the project's own."""
    shipped = style.shipped_dir / hyphenation.FILENAME
    own = style.project_dir / hyphenation.FILENAME
    return [shipped, *([own] if own.is_file() and own.resolve() != shipped.resolve() else [])]


def render_pdf(html: str, style: HouseStyle) -> bytes:
    """Render one HTML document in a project's house style to tagged PDF."""
    renderer = Renderer(style)
    return renderer.to_pdf(renderer.render(html))
