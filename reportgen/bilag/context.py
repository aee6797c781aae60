"""What every bilag builder is given: the figures, the text renderer and a numbering."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..content import Text
from ..errors import FigureError, Problems
from ..figures import Udvalg
from ..narrative import Narrative
from ..schema import Sted

WIDE_PX = 960  # usable width of a landscape A4 page, in CSS pixels
NARROW_PX = 620  # usable width of a portrait bilag page


@dataclass
class BilagContext:
    """The names, texts and numbering one bilag is built with."""

    nummer: int
    names: Mapping[str, Any]
    narrative: Narrative
    problems: Problems
    input_files: list[Path] = field(default_factory=list)
    _tables: int = 0
    _figures: int = 0

    def haendelser(self) -> Udvalg:
        """Return the incidents, or explain that the note names none."""
        if "haendelser" not in self.names:
            raise FigureError("notatet har ingen hændelser. Tilføj data: haendelser: <fil>.")
        return self.names["haendelser"]

    def name(self, name: str, what: str) -> Any:
        """Return a figure the bilag needs, or explain which data it takes."""
        if name not in self.names:
            raise FigureError(f"notatet har ingen {what}. Tilføj data: {name}: <fil>.")
        return self.names[name]

    def input_files_shown(self) -> list[str]:
        """Return the data files behind the note, as the caseworker knows them."""
        return [self.problems.shown_path(path) for path in self.input_files]

    def text(self, text: Text | None) -> Markup:
        """Render a caseworker's text (empty when there is none)."""
        return self.narrative.blocks(text) if text is not None else Markup("")

    def inline(self, text: Text) -> Markup:
        """Render a short caseworker's text as one line (no paragraphs)."""
        return self.narrative.inline(Text(" ".join(text.source.split()), text.path, text.line))

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

    def problem(self, sted: Sted | None, message: str) -> None:
        """Record a problem at the bilag's place in the note."""
        if sted is None:
            self.problems.add("(ukendt)", None, message)
        else:
            self.problems.add(sted.path, sted.line, message)
