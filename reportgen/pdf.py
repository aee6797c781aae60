"""Stage 6, PDF: HTML rendered by WeasyPrint into a tagged PDF/UA document, written atomically.

WeasyPrint may read only the project's own files and the shipped house style, after
resolving links; every other URL — the network, /etc/passwd — is refused, and a refusal
stops the build. This module imports WeasyPrint, so commands that do not render must not
import it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import RenderError
from .house_style import HouseStyle

try:
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


class ProjectOnlyFetcher(weasyprint.URLFetcher):
    """Fetch only the project's files and the shipped house style; refuse and remember the rest."""

    def __init__(self, style: HouseStyle) -> None:
        super().__init__(allowed_protocols=("file",))
        self.style = style
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch `url` if it is (or, for the house style, stands for) an allowed file."""
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = self.style.locate(Path(unquote(parts.path))).resolve()
            if any(path.is_relative_to(root) for root in self.style.readable_roots):
                response = super().fetch(path.as_uri(), headers)
                # Links inside a fetched file (the CSS's fonts) start from the URL asked for,
                # so they are looked up project first, house style second, like the file was.
                response.url = url
                return response
        self.refused.append(url)
        raise ValueError(f"reportgen henter ikke {url}: kun projektets egne filer må bruges.")


class Renderer:
    """Render a note's documents with one font configuration and one cache, and combine them."""

    def __init__(self, style: HouseStyle, cache: dict | None = None) -> None:
        self._style = style
        self._font_config = FontConfiguration()
        self._cache = cache if cache is not None else {}

    def render(self, html: str) -> weasyprint.Document:
        """Lay out one HTML document into pages; refuse it if it reaches outside the project."""
        fetcher = ProjectOnlyFetcher(self._style)
        document = weasyprint.HTML(
            string=html, base_url=self._style.base_url, url_fetcher=fetcher
        ).render(font_config=self._font_config, cache=self._cache, **_OPTIONS)
        if fetcher.refused:
            raise RenderError(
                "Dokumentet henviser til filer uden for projektet, som ikke må hentes: "
                + ", ".join(fetcher.refused)
                + ". Ret skabelonen, så den kun bruger filer i projektets mapper."
            )
        return document

    @staticmethod
    def to_pdf(document: weasyprint.Document) -> bytes:
        """Write a rendered document as tagged PDF bytes."""
        return document.write_pdf(**_OPTIONS)

    @staticmethod
    def combined(documents: list[weasyprint.Document]) -> bytes:
        """Write several rendered documents as one PDF, with the first one's metadata."""
        pages = [page for document in documents for page in document.pages]
        return documents[0].copy(pages).write_pdf(**_OPTIONS)


def render_pdf(html: str, style: HouseStyle) -> bytes:
    """Render one HTML document in a project's house style to tagged PDF."""
    renderer = Renderer(style)
    return renderer.to_pdf(renderer.render(html))
