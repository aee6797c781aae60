"""Stage 5, HTML: a validated note and the names its text may use become one HTML page.

Caseworkers' text is rendered by `narrative` (sandboxed, escaped); the page around it comes
from the house style's templates — reportgen's own, or the project's where it overrides one —
rendered in a sandbox too, and autoescaped. This stage needs no PDF renderer, so it can be
tested and checked on its own.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
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

from . import formatting, markup
from .bilag import build_views
from .bilag.context import BilagContext
from .charts import Chart
from .content import Note, NoteSource, Text
from .draft import Udkast
from .errors import HouseStyleError, Problems, ReportgenError, WorkLimitExceeded
from .figures import Steder
from .house_style import HouseStyle
from .narrative import FigureUse, Narrative
from .project import Project
from .sandbox import BoundedSandbox, bounded_join, time_limit

KIND_LABELS = {"orientering": "Orientering", "notat": "Notat"}
# What a page needs for a tagged, accessible PDF: its language and a title.
_ACCESSIBLE_PAGE = re.compile(r"<html\b[^>]*\blang=\"da\"", re.IGNORECASE)
_TITLE = re.compile(r"<title>", re.IGNORECASE)


@dataclass(frozen=True)
class MetaItem:
    """One entry of the metadata column: an optional label above one or more lines."""

    label: str | None
    lines: list[str]


@dataclass(frozen=True)
class Section:
    """A heading and its rendered body."""

    heading: str
    body: Markup
    css_class: str = ""


@dataclass(frozen=True)
class DatasporView:
    """A dataspor heading and its bullets as (lead-in, body) pairs."""

    heading: str
    points: list[tuple[Markup, Markup]]


@dataclass
class NoteView:
    """Everything the note template lays out, already rendered and formatted."""

    title: str
    kind_label: str
    recipients: str
    author: str
    forvaltning: str | None
    meta: list[MetaItem]
    sections: list[Section]
    dataspor: list[DatasporView]
    closing: list[Section] = field(default_factory=list)
    bilag: list[BilagRef] = field(default_factory=list)


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
class BilagRef:
    """A bilag as the note's text refers to it: {{ bilag.barometer }} gives 'bilag 2'."""

    nummer: int
    titel: str

    def __str__(self) -> str:
        return f"bilag {self.nummer}"


@dataclass(frozen=True)
class Document:
    """One document made from a note: the note itself or one of its bilag."""

    name: str  # the PDF's file name without .pdf
    title: str  # the PDF's title
    html: str
    charts: list[Chart]
    bilag: int | None = None  # its number, for a bilag
    uses: list[FigureUse] = field(default_factory=list)  # the figures its texts state
    cells: dict[str, str] = field(default_factory=dict)  # its tables: "Tabel 2.1 › row › col"


def render_documents(
    project: Project,
    source: NoteSource,
    *,
    names: Mapping[str, Any],
    input_files: list[Path],
    problems: Problems,
    figures_url: str,
    udkast: Udkast | None = None,
    ny_version: date | None = None,
    steder: Steder | None = None,
) -> list[Document]:
    """Render the note and each of its bilag as HTML; problems in texts are recorded.

    `ny_version` is the day of a corrected version of a sent note: page 1 says so.
    """
    note = source.note
    bilag = [item for item in note.bilag if item is not None]
    refs = bilag_refs(bilag)
    narrative = Narrative({**names, "bilag": refs}, problems)
    for name, expression in note.navne.items():
        narrative.define(name, expression)
    style = project.house_style
    env = template_environment(style)
    footnotes = Footnotes(note, narrative, problems)
    view = note_view(note, narrative, footnotes, ny_version)
    view.bilag = [refs[number] for number in range(1, len(bilag) + 1)]
    common = {
        "author": view.author,
        "figurer": figures_url,
        "udkast": udkast,
    }
    documents = [
        Document(
            source.name,
            view.title,
            _page(env, style, "note.html", problems, note=view, title=view.title, **common),
            [],
            uses=list(narrative.uses),
        )
    ]

    def context_for(nummer: int) -> BilagContext:
        return BilagContext(
            nummer,
            names,
            narrative,
            problems,
            input_files,
            footnotes=footnotes.renderer,
            sendt=note.sendt,
            steder=steder or Steder(frozenset()),
        )

    stated = len(narrative.uses)
    for bilag_view in build_views(bilag, context_for):
        html = _page(
            env,
            style,
            "bilag.html",
            problems,
            bilag=bilag_view,
            note=view,
            title=bilag_view.overskrift,
            **common,
        )
        documents.append(
            Document(
                f"{source.name}-bilag-{bilag_view.nummer}",
                bilag_view.overskrift,
                html,
                [figur.chart for figur in bilag_view.figurer()],
                bilag=bilag_view.nummer,
                uses=narrative.uses[stated:],
                cells=bilag_view.cells(),
            )
        )
        stated = len(narrative.uses)
    footnotes.report_unused()
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


def bilag_refs(bilag: list[Any]) -> dict[object, BilagRef]:
    """Return each bilag by number and, where it has one, by name."""
    refs: dict[object, BilagRef] = {}
    for number, item in enumerate(bilag, start=1):
        ref = BilagRef(number, item.titel)
        refs[number] = ref
        if getattr(item, "navn", None):
            refs[item.navn] = ref
    return refs


def note_view(
    note: Note, narrative: Narrative, footnotes: Footnotes, ny_version: date | None = None
) -> NoteView:
    """Render every text of the note and gather what the template shows."""

    def body(text: Text | None) -> Markup:
        return narrative.blocks(text, footnotes.renderer(text)) if text else Markup("")

    sections = []
    if note.resume:
        sections.append(Section("Resume", body(note.resume), "resume"))
    if note.indhold:
        sections.append(Section("Indhold", body(note.indhold)))
    sections += [Section(a.overskrift, body(a.tekst)) for a in note.afsnit]
    dataspor = [
        DatasporView(
            spor.heading,
            [
                (narrative.inline(p.titel, footnotes.renderer(p.titel)), body(p.tekst))
                for p in spor.punkter
            ],
        )
        for spor in note.dataspor
    ]
    closing = [Section("Videre proces", body(note.videre_proces))] if note.videre_proces else []
    # A note that failed validation may lack metadata; its texts are still checked above, so
    # every problem is reported in one run, but the page header is left empty.
    complete = note.afsender is not None and note.dato is not None and note.type is not None
    return NoteView(
        title=note.titel or "",
        kind_label=KIND_LABELS.get(note.type or "", ""),
        recipients="Til " + formatting.opremsning(note.til),
        author=note.afsender.enhed if note.afsender else "",
        forvaltning=note.afsender.forvaltning if note.afsender else None,
        meta=_meta_items(note, ny_version) if complete else [],
        sections=sections,
        dataspor=dataspor,
        closing=closing,
    )


def _meta_items(note: Note, ny_version: date | None) -> list[MetaItem]:
    items = [MetaItem(None, [formatting.dato(note.dato)])]
    if ny_version is not None:
        # A corrected version keeps its date and says when it was corrected.
        items.append(MetaItem("Rettet udgave", [formatting.dato(ny_version)]))
    if note.sagsnumre and note.sagsnumre.edoc:
        items.append(MetaItem("Edoc sagsnummer", [note.sagsnumre.edoc]))
    if note.sagsnumre and note.sagsnumre.f2:
        items.append(MetaItem("F2 sagsnummer", [note.sagsnumre.f2]))
    items.append(MetaItem("Sagsbehandler", list(note.sagsbehandler)))
    items.append(MetaItem(None, [note.afsender.enhed, *note.afsender.adresse]))
    items.append(MetaItem("E-mail", [note.afsender.email]))
    items.append(MetaItem("EAN-nummer", [note.afsender.ean]))
    return items


class Footnotes:
    """Render [^navn] references as footnotes and notice footnotes no text refers to."""

    def __init__(self, note: Note, narrative: Narrative, problems: Problems) -> None:
        self._texts = note.fodnoter
        self._narrative = narrative
        self._problems = problems
        self._used: set[str] = set()
        self._rendered: dict[str, Markup] = {}

    def renderer(self, where: Text) -> markup.FootnoteRenderer:
        """Return the footnote renderer for references inside the text `where`."""
        # The references are read from the source, so a footnote counts as used even when
        # another problem in the same text stops it from being rendered.
        for match in markup.FOOTNOTE_REF.finditer(where.source):
            name = match.group(1)
            if name in self._texts:
                self._used.add(name)
            else:
                known = ", ".join(self._texts) or "ingen"
                self._problems.add(
                    where.path,
                    where.line_at(match.start()),
                    f"Fodnoten [^{name}] findes ikke under 'fodnoter' (fodnoter: {known}).",
                )

        def render(name: str) -> Markup:
            if name not in self._texts:
                return Markup("")  # reported above
            if name not in self._rendered:
                self._rendered[name] = self._narrative.inline(self._texts[name])
            return Markup('<span class="fodnote">{}</span>').format(self._rendered[name])

        return render

    def report_unused(self) -> None:
        """Record every footnote that no text refers to."""
        for name, text in self._texts.items():
            if name not in self._used:
                self._problems.add(
                    text.path,
                    text.line,
                    f"Fodnoten '{name}' bruges ikke. Henvis til den med [^{name}] i teksten, "
                    "eller slet den.",
                )
