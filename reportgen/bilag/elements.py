"""What a bilag is made of: headings, texts, tables, figures … ready for the template.

Each element has a `kind` the template lays out; numbers are already written in Danish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeVar

from markupsafe import Markup, escape

from ..charts import Chart
from ..markup import typografi

T = TypeVar("T")


@dataclass(frozen=True)
class Overskrift:
    """A heading inside a bilag (level 2 or 3); `farve` puts a colour key before it."""

    tekst: str
    niveau: int = 2
    farve: str | None = None
    kind: Literal["overskrift"] = "overskrift"


@dataclass(frozen=True)
class Tekst:
    """Rendered Markdown-light."""

    html: Markup
    kind: Literal["tekst"] = "tekst"


def afsnit(text: str) -> Tekst:
    """Return a paragraph of plain text (escaped), for sentences the bilag writes itself."""
    return Tekst(Markup("<p>{}</p>").format(escape(typografi(text))))


@dataclass(frozen=True)
class Liste:
    """A bullet list of rendered lines."""

    punkter: list[Markup]
    kind: Literal["liste"] = "liste"


@dataclass(frozen=True)
class Besked:
    """A short message in place of what cannot be shown, e.g. an empty period."""

    tekst: str
    kind: Literal["besked"] = "besked"


@dataclass(frozen=True)
class Tabel:
    """A table: column headers, rows (the first cell heads its row) and an optional total."""

    titel: str
    kolonner: list[str]
    raekker: list[list[str]]
    total: list[str] | None = None
    nummer: int = 0
    tekstkolonner: int = 1  # how many leading columns hold text (left-aligned), not numbers
    kompakt: bool = False  # many narrow columns: a chart's axis laid across the page
    kind: Literal["tabel"] = "tabel"


@dataclass(frozen=True)
class Figur:
    """A chart with its number; the build writes its SVG before the PDF is rendered."""

    chart: Chart
    nummer: int
    kind: Literal["figur"] = "figur"


@dataclass(frozen=True)
class Konflikttrappe:
    """The konflikttrappe drawn as steps, with the categories outside it beside it."""

    trin: list[tuple[str, str]]  # (urotype, colour), lowest step first
    udenfor: list[tuple[str, str]]
    kind: Literal["konflikttrappe"] = "konflikttrappe"


@dataclass(frozen=True)
class Gitter:
    """Elements set side by side in columns: small tables, or a chart beside its table."""

    elementer: list[Element]
    kolonner: int = 2
    kind: Literal["gitter"] = "gitter"


Element = Overskrift | Tekst | Liste | Besked | Tabel | Figur | Konflikttrappe | Gitter


@dataclass
class BilagView:
    """One bilag, ready for the template: number, title and elements in order."""

    nummer: int
    titel: str
    art: str
    elementer: list[Element] = field(default_factory=list)
    undertitel: str | None = None
    bred: bool = False  # landscape pages, for dashboards

    @property
    def overskrift(self) -> str:
        """Return the heading the bilag is known by: 'Bilag 2: Tryghedsbarometer …'."""
        return f"Bilag {self.nummer}: {self.titel}"

    def cells(self) -> dict[str, str]:
        """Return every number in the bilag's tables, named 'Tabel 2.1 (titel) › row › column'.

        A row is named by all its text cells ('Vesterbro Bibliotek og Kulturhus, 2023,
        Medarbejder'), so rows that share their first cell keep a name each.
        """
        found: dict[str, str] = {}
        for tabel in self._all(Tabel):
            prefix = f"Tabel {self.nummer}.{tabel.nummer} ({tabel.titel})"
            rows = [*tabel.raekker, *([tabel.total] if tabel.total else [])]
            heads = tabel.tekstkolonner
            for row in rows:
                label = ", ".join(cell for cell in row[:heads] if cell)
                for column, value in zip(tabel.kolonner[heads:], row[heads:], strict=True):
                    found[f"{prefix} › {label} › {column}"] = value
        return found

    def figurer(self) -> list[Figur]:
        """Return every figure of the bilag, in order."""
        return self._all(Figur)

    def _all(self, kind: type[T]) -> list[T]:
        found: list[T] = []

        def walk(elements: list[Element]) -> None:
            for element in elements:
                if isinstance(element, kind):
                    found.append(element)
                elif isinstance(element, Gitter):
                    walk(element.elementer)

        walk(self.elementer)
        return found
