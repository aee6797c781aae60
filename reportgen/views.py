"""Stage 4, views: a validated note and its figures become what each page shows.

The caseworkers' texts are rendered here (by `narrative`, sandboxed and escaped), the bilag
are made from the figures (by `bilag`, one module per kind), and each document gets a
typed view: its texts and tables, the charts it shows and every figure it states. The HTML
stage only lays these views out with templates.

Danish typography (`markup.typografi`) is set once for every text a page shows: by
`narrative` in the caseworkers' texts, here in the headings, dates and tables reportgen
writes itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from markupsafe import Markup

from . import formatting, markup
from .bilag import build_view
from .bilag.context import BilagContext
from .bilag.elements import Besked, BilagView, Element, Gitter, Overskrift, Tabel
from .charts import Chart
from .content import Note, NoteSource, Text
from .content.bilag import Bilag
from .errors import Problems
from .figures import Figures, Steder
from .forhver import Parametre
from .narrative import FigureUse, Narrative
from .output import document_name

KIND_LABELS = {"orientering": "Orientering", "notat": "Notat"}


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

    title: str  # as the PDF's metadata and the bilag's header give it
    kind_label: str
    recipients: str
    author: str
    forvaltning: str | None
    meta: list[MetaItem]
    sections: list[Section]
    dataspor: list[DatasporView]
    closing: list[Section] = field(default_factory=list)
    bilag: list[BilagRef] = field(default_factory=list)

    @property
    def overskrift(self) -> str:
        """Return the title as page 1 sets it: Danish typography, no word alone on a line."""
        return heading(self.title)


@dataclass(frozen=True)
class BilagRef:
    """A bilag as the note's text refers to it: {{ bilag.barometer }} gives 'bilag 2'."""

    nummer: int
    titel: str

    def __str__(self) -> str:
        return f"bilag {self.nummer}"


@dataclass(frozen=True)
class DocumentView:
    """One document made from a note, the note itself or one bilag, as its pages show it."""

    name: str  # the PDF's file name without .pdf
    title: str  # the PDF's title
    note: NoteView  # every page shows the note's header and author
    bilag: BilagView | None = None  # for a bilag: its view
    uses: list[FigureUse] = field(default_factory=list)  # the figures its texts state

    @property
    def nummer(self) -> int | None:
        """Return the bilag's number, or None for the note itself."""
        return self.bilag.nummer if self.bilag else None

    @property
    def charts(self) -> list[Chart]:
        """Return the charts the document shows, in order."""
        return [figur.chart for figur in self.bilag.figurer()] if self.bilag else []

    @property
    def cells(self) -> dict[str, str]:
        """Return every number in the document's tables: 'Tabel 2.1 › row › column'."""
        return self.bilag.cells() if self.bilag else {}


def document_views(
    source: NoteSource,
    *,
    figures: Figures,
    input_files: list[str],
    problems: Problems,
    ny_version: date | None = None,
    steder: Steder | None = None,
    param: Mapping[str, str] | None = None,
) -> list[DocumentView]:
    """Return the views of the note and each of its bilag; problems in texts are recorded.

    `input_files` are the note's data files as the caseworker knows them; `ny_version` is
    the day of a corrected version of a sent note: page 1 says so. `param` holds the value
    of one instance of a for_hver note, which its texts see as {{ param.<navn> }}.
    """
    note = source.note
    bilag = [item for item in note.bilag if item is not None]
    refs = bilag_refs(bilag)
    own = {"param": Parametre(dict(param))} if param else {}
    narrative = Narrative({**figures.text_names(), "bilag": refs, **own}, problems)
    for name, expression in note.navne.items():
        narrative.define(name, expression)
    footnotes = Footnotes(note, narrative, problems)
    with narrative.stating() as uses:
        view = note_view(note, narrative, footnotes, ny_version)
    view.bilag = [
        BilagRef(number, markup.typografi(refs[number].titel))
        for number in range(1, len(bilag) + 1)
    ]
    documents = [DocumentView(source.name, view.title, view, uses=uses)]

    def context_for(nummer: int) -> BilagContext:
        return BilagContext(
            nummer,
            figures,
            narrative,
            problems,
            input_files,
            footnotes=footnotes.renderer,
            sendt=note.sendt,
            steder=steder or Steder(frozenset()),
        )

    for nummer, item in enumerate(bilag, start=1):
        with narrative.stating() as uses:
            bilag_view = build_view(item, context_for(nummer))
        if bilag_view is not None:  # else its problem is recorded
            name = document_name(source.name, nummer)
            title = bilag_view.overskrift  # the PDF's title, before typography
            documents.append(DocumentView(name, title, view, typeset(bilag_view), uses))
    footnotes.report_unused()
    return documents


def bilag_refs(bilag: list[Bilag]) -> dict[object, BilagRef]:
    """Return each bilag by number and, where it has one, by name."""
    refs: dict[object, BilagRef] = {}
    for number, item in enumerate(bilag, start=1):
        ref = BilagRef(number, item.titel)
        refs[number] = ref
        if item.navn:
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
    sections += [Section(heading(a.overskrift), body(a.tekst)) for a in note.afsnit]
    dataspor = [
        DatasporView(
            heading(spor.heading),
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
        recipients=markup.typografi("Til " + formatting.opremsning(note.til)),
        author=note.afsender.enhed if note.afsender else "",
        forvaltning=note.afsender.forvaltning if note.afsender else None,
        meta=_meta_items(note, ny_version) if complete else [],
        sections=sections,
        dataspor=dataspor,
        closing=closing,
    )


def _meta_items(note: Note, ny_version: date | None) -> list[MetaItem]:
    items = [MetaItem(None, [markup.typografi(formatting.dato(note.dato))])]
    if ny_version is not None:
        # A corrected version keeps its date and says when it was corrected.
        items.append(MetaItem("Rettet udgave", [markup.typografi(formatting.dato(ny_version))]))
    if note.sagsnumre and note.sagsnumre.edoc:
        items.append(MetaItem("Edoc sagsnummer", [note.sagsnumre.edoc]))
    if note.sagsnumre and note.sagsnumre.f2:
        items.append(MetaItem("F2 sagsnummer", [note.sagsnumre.f2]))
    if note.sagsnumre and note.sagsnumre.sagsnummer:
        items.append(MetaItem("Sagsnummer", [note.sagsnumre.sagsnummer]))
    if note.sagsnumre and note.sagsnumre.dokumentnummer:
        items.append(MetaItem("Dokumentnummer", [note.sagsnumre.dokumentnummer]))
    items.append(MetaItem("Sagsbehandler", list(note.sagsbehandler)))
    items.append(MetaItem(None, [note.afsender.enhed, *note.afsender.adresse]))
    items.append(MetaItem("E-mail", [note.afsender.email]))
    items.append(MetaItem("EAN-nummer", [note.afsender.ean]))
    return items


def heading(text: str) -> str:
    """Return a title or heading set in Danish typography, no word alone on its last line."""
    return markup.uden_enke(markup.typografi(text))


def typeset(view: BilagView) -> BilagView:
    """Return a bilag with Danish typography in the headings, messages and tables it writes.

    Its texts (Markup) are set already: the caseworkers' by `narrative`, its own sentences
    where the bilag writes them. Its title, headings and the titles of its tables join their
    last two words, as the note's do.
    """
    return replace(
        view,
        titel=heading(view.titel),
        undertitel=markup.typografi(view.undertitel) if view.undertitel else view.undertitel,
        elementer=[_typeset(element) for element in view.elementer],
    )


def _typeset(element: Element) -> Element:
    t = markup.typografi
    if isinstance(element, Overskrift):
        return replace(element, tekst=heading(element.tekst))
    if isinstance(element, Besked):
        return replace(element, tekst=t(element.tekst))
    if isinstance(element, Tabel):
        return replace(
            element,
            titel=heading(element.titel),
            kolonner=[t(cell) for cell in element.kolonner],
            raekker=[[t(cell) for cell in row] for row in element.raekker],
            total=[t(cell) for cell in element.total] if element.total else element.total,
        )
    if isinstance(element, Gitter):
        return replace(element, elementer=[_typeset(inner) for inner in element.elementer])
    return element


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
