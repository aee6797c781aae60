"""What every bilag builder is given: the figures, the text renderer and a numbering."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from ..content import Text
from ..errors import FigureError, Problems
from ..figures import Besoegstal, Figures, Maalingstal, Steder, Udvalg
from ..markup import FootnoteRenderer
from ..narrative import Narrative
from ..schema import Sted

WIDE_PX = 960  # usable width of a landscape A4 page, in CSS pixels
NARROW_PX = 620  # usable width of a portrait bilag page
BESIDE_PX = 470  # a chart beside its table: half the landscape page


@dataclass
class BilagContext:
    """The names, texts and numbering one bilag is built with."""

    nummer: int
    figures: Figures
    narrative: Narrative
    problems: Problems
    input_files: list[str] = field(default_factory=list)  # as the caseworker knows them
    footnotes: Callable[[Text], FootnoteRenderer] | None = None  # the note's own footnotes
    sendt: date | None = None  # the day the note was sent, if it has been
    steder: Steder = field(default_factory=lambda: Steder(frozenset()))  # the data's places
    _tables: int = 0
    _figures: int = 0

    def haendelser(self) -> Udvalg:
        """Return the incidents, or explain that the note names none."""
        if self.figures.haendelser is None:
            raise FigureError("notatet har ingen hændelser. Tilføj data: haendelser: <fil>.")
        return self.figures.haendelser

    def maalinger(self) -> Maalingstal:
        """Return the survey measurements, or explain that the note names none."""
        if self.figures.maalinger is None:
            raise FigureError("notatet har ingen tryghedsmålinger. Tilføj data: maalinger: <fil>.")
        return self.figures.maalinger

    def besoeg(self) -> Besoegstal:
        """Return the visitor numbers, or explain that the note names none."""
        if self.figures.besoeg is None:
            raise FigureError("notatet har ingen besøgstal. Tilføj data: besoeg: <fil>.")
        return self.figures.besoeg

    def input_files_shown(self) -> list[str]:
        """Return the data files behind the note, as the caseworker knows them."""
        return list(self.input_files)

    def text(self, text: Text | None) -> Markup:
        """Render a caseworker's text (empty when there is none)."""
        if text is None:
            return Markup("")
        return self.narrative.blocks(text, self.footnotes(text) if self.footnotes else None)

    def inline(self, text: Text, *, ends_paragraph: bool = False) -> Markup:
        """Render a short caseworker's text as one line (no paragraphs)."""
        one_line = Text(" ".join(text.source.split()), text.path, text.line)
        footnotes = self.footnotes(one_line) if self.footnotes else None
        return self.narrative.inline(one_line, footnotes, ends_paragraph=ends_paragraph)

    def next_table(self) -> int:
        """Return the number of the next table in this bilag."""
        self._tables += 1
        return self._tables

    def next_figure(self) -> int:
        """Return the number of the next figure in this bilag."""
        self._figures += 1
        return self._figures

    def chart_key(self, name: str) -> str:
        """Return a key for a chart that is unique within the note."""
        return f"bilag-{self.nummer}-{name}"

    @contextmanager
    def felt(self, key: str) -> Iterator[None]:
        """Tie a figure that cannot be given to the field of the bilag it came from."""
        try:
            yield
        except FigureError as error:
            error.felt = error.felt or key
            raise

    def problem(self, sted: Sted | None, message: str, key: str | None = None) -> None:
        """Record a problem at the bilag's place in the note (at `key`'s line, if given)."""
        if sted is None:
            self.problems.add("(ukendt)", None, message)
        else:
            self.problems.add(sted.path, sted.line_of(key), message)
