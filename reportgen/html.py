"""Stage 5, HTML: each document's view becomes one HTML page.

The page comes from the house style's templates — reportgen's own, or the project's where
it overrides one — rendered in a sandbox and autoescaped; the caseworkers' texts in the
views are rendered and escaped already. This stage needs no PDF renderer, so it can be
tested and checked on its own.
"""

from __future__ import annotations

import functools
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    FunctionLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from .charts import Chart
from .draft import Udkast
from .errors import HouseStyleError, Problems, ReportgenError, WorkLimitExceeded
from .house_style import HouseStyle
from .narrative import FigureUse
from .output import FIGURES_DIR
from .sandbox import BoundedSandbox, bounded_join, time_limit
from .views import DocumentView

# What a page needs for a tagged, accessible PDF: its language and a title.
_ACCESSIBLE_PAGE = re.compile(r"<html\b[^>]*\blang=\"da\"", re.IGNORECASE)
_TITLE = re.compile(r"<title>", re.IGNORECASE)


def template_environment(style: HouseStyle) -> BoundedSandbox:
    """Return the Jinja environment for the house style's templates (the project's first).

    One per house style and set of files in it, so templates are compiled once per process
    (Jinja checks each file's time stamp before it uses its compiled template).
    """
    return _environment(style, tuple(sorted(style.files().items())))


@functools.lru_cache(maxsize=8)
def _environment(style: HouseStyle, files: tuple[tuple[str, Path], ...]) -> BoundedSandbox:
    """Create the Jinja environment of a house style whose files are `files`."""
    # Sandboxed: a project may override a template, and what a content repository holds is
    # not trusted to reach Python's insides, nor to work without bounds, any more than the
    # notes' texts are.
    env = BoundedSandbox(
        loader=FunctionLoader(style.template),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    return env


def css_string(text: str) -> Markup:
    """Escape text to stand inside a double-quoted CSS string in a <style> element."""
    # HTML escaping does not apply inside <style>; CSS escapes do, and < cannot end it.
    escaped = text.replace("\\", "\\\\").replace('"', "\\22 ").replace("<", "\\3C ")
    return Markup(escaped.replace("\n", " "))


@dataclass(frozen=True)
class Document:
    """A document's view laid out as one HTML page, ready for the PDF stage."""

    view: DocumentView
    html: str

    @property
    def name(self) -> str:
        """Return the name of the document's PDF, without .pdf."""
        return self.view.name

    @property
    def title(self) -> str:
        """Return the PDF's title."""
        return self.view.title

    @property
    def bilag(self) -> int | None:
        """Return the bilag's number, or None for the note itself."""
        return self.view.nummer

    @property
    def charts(self) -> list[Chart]:
        """Return the charts the page shows."""
        return self.view.charts

    @property
    def uses(self) -> list[FigureUse]:
        """Return the figures the page's texts state."""
        return self.view.uses

    @property
    def cells(self) -> dict[str, str]:
        """Return every number in the page's tables."""
        return self.view.cells


def render_pages(
    style: HouseStyle,
    views: list[DocumentView],
    problems: Problems,
    udkast: Udkast | None = None,
) -> list[Document]:
    """Lay out each view with its template; a broken template is recorded as a problem.

    The charts are referenced as `figurer/<key>.svg`: the PDF stage finds them in the
    folder of the note's outputs, so no page depends on where the project lies.
    """
    env = template_environment(style)
    documents = []
    for view in views:
        common = {"note": view.note, "title": view.title, "author": view.note.author}
        common |= {"figurer": FIGURES_DIR, "udkast": udkast}
        if view.bilag is None:
            html = _page(env, style, "note.html", problems, **common)
        else:
            html = _page(env, style, "bilag.html", problems, bilag=view.bilag, **common)
        documents.append(Document(view, html))
    return documents


def _page(
    env: BoundedSandbox, style: HouseStyle, name: str, problems: Problems, **context: Any
) -> str:
    """Render one page template; a broken template (a project's own) is a problem, not a crash."""
    used = str(style.path(name) or name)  # the file of the template
    try:
        template = env.get_template(name)
        with time_limit():
            page = bounded_join(template.generate(**context))
    except HouseStyleError as error:  # a file the template uses cannot be used
        problems.add(*_where(error, used), f"{error}{_FIX}")
        return ""
    except ReportgenError as error:
        if not isinstance(error, WorkLimitExceeded):
            raise
        problems.add(*_where(error, used), _explained(error, name) + _FIX)
        return ""
    except Exception as error:  # RecursionError too: any failure of a template is its own
        problems.add(*_where(error, used), _explained(error, name) + _FIX)
        return ""
    if not (_ACCESSIBLE_PAGE.search(page) and _TITLE.search(page)):
        # The page or the base it builds on is the project's own: reportgen's have both.
        own = [style.project_dir / n for n in (name, "base.html")]
        problems.add(str(next((p for p in own if p.is_file()), used)), None, _INACCESSIBLE + _FIX)
        return ""
    return page


_FIX = " Ret filen i templates/, eller slet den, så bruges reportgens egen."
_INACCESSIBLE = (
    'Siden mangler <html lang="da"> eller en <title>, og uden dem er PDF\'en ikke tilgængelig '
    "for skærmlæsere (PDF/UA). Byg videre på reportgens base.html med "
    '{% extends "reportgen/base.html" %} i stedet for at fjerne dem.'
)


def _explained(error: Exception, name: str) -> str:
    """Say in Danish what went wrong in a template (Jinja's own details stay as they are)."""
    if isinstance(error, TemplateSyntaxError):
        return f"Skabelonen kan ikke læses ({error.message})."
    if isinstance(error, TemplateNotFound):
        return f"Skabelonen '{error.name}' findes hverken i templates/ eller i reportgens husstil."
    if isinstance(error, SecurityError):
        detail = str(error).rstrip(".")
        return f"Skabelonen prøver at nå programmets indre, og det må den ikke ({detail})."
    if isinstance(error, UndefinedError):
        return f"Skabelonen bruger et navn eller felt, der ikke findes ({error})."
    if isinstance(error, WorkLimitExceeded):
        return f"Skabelonen gør mere arbejde, end nogen side kræver: {error}."
    if isinstance(error, RecursionError):  # e.g. a project's note.html extending "note.html"
        return (
            "Skabelonen går i for mange lag (fx en makro, der kalder sig selv, "
            f'{{% extends "{name}" %}} i {name}, eller udtryk i hundredvis af parenteser). Vil '
            f'den bygge videre på reportgens egen, så skriv {{% extends "reportgen/{name}" %}}.'
        )
    if isinstance(error, TemplateError):
        return f"Skabelonen fejler ({error})."
    return f"Skabelonen fejler ({type(error).__name__}: {error})."


def _where(error: Exception, used: str) -> tuple[str, int | None]:
    """Return the template file and line an error was raised in (Jinja keeps them as frames)."""
    if isinstance(error, TemplateSyntaxError):
        return error.filename or used, error.lineno
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".html") and Path(frame.filename).is_file():
            return frame.filename, frame.lineno
    return used, None
