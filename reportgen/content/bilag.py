"""The content format of bilag: each kind with its parameters, chosen by `type`.

A note lists its bilag in order; the order gives their numbers ("Bilag 1: …"). A bilag with
a `navn` can be referred to from the note's text as `{{ bilag.navn }}` ("bilag 2").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from .. import domain, names
from ..errors import FigureError
from ..schema import ProblemAt, Sted, placement, spec
from .parametre import parameters_in
from .values import Text

NAVN_DOC = "Kort navn, så teksten kan henvise til bilaget med {{ bilag.<navn> }}."


def _check_periods(labels: list[str], key: str, problem: ProblemAt) -> None:
    for label in labels:
        try:
            domain.Periode.parse(label)
        except FigureError as error:
            problem(key, str(error))


@dataclass(frozen=True)
class Afsnit:
    """A section with its own heading, in a note or a narrative bilag."""

    overskrift: str = spec("Afsnittets overskrift.", example="Baggrund")
    tekst: Text = spec("Afsnittets tekst (Markdown-light) eller {uddrag: navn}.", example="|")


# The components of a tryghedsbarometer, in the order it shows them by default: the order
# that fills the landscape pages (two charts with their tables a page), not the seed's.
Komponent = Literal[
    "noegletal",
    "bydel",
    "lokation",
    "facilitet",
    "forurettede",
    "tilkaldt_hjaelp",
    "demografi",
    "urotyper",
    "over_tid",
    "tidspunkt",
    "maaned",
    "ud_fra_demografi",
    "for_uoensket_adfaerd",
]
KOMPONENTER: tuple[str, ...] = get_args(Komponent)


@dataclass(frozen=True)
class Visning:
    """A component of a tryghedsbarometer shown under a title of the caseworker's own."""

    komponent: Komponent = spec("Komponentens navn (se vis).", example="maaned")
    titel: str = spec(
        "Overskrift, der siger, hvad figuren eller tabellen viser.",
        example="Januar var den travleste måned",
    )

    @property
    def navn(self) -> str:
        """Return the component's name."""
        return self.komponent


@dataclass(frozen=True)
class Tryghedsbarometer:
    """Incidents at one location (or district) in two periods, side by side."""

    type: Literal["tryghedsbarometer"] = spec("Bilagets art.", example="tryghedsbarometer")
    titel: str = spec("Bilagets titel.", example="Tryghedsbarometer for Blågårdens Bibliotek")
    perioder: list[str] = spec(
        "De perioder, der sammenlignes (én til tre).",
        example='["vinter 2024/25", "vinter 2025/26"]',
    )
    lokation: str | None = spec(
        "Lokationen (eller brug bydel).", example="Blågårdens Bibliotek", default=None
    )
    bydel: str | None = spec(
        "Bydelen, hvis bilaget gælder en hel bydel.", example="Nørrebro", default=None
    )
    tekst: Text | None = spec("Indledende tekst øverst i bilaget.", default=None)
    vis: list[Komponent | Visning] | None = spec(
        "De komponenter, bilaget viser, i den rækkefølge (udelades den: alle). En komponent med "
        "egen overskrift skrives {komponent: navn, titel: …}.",
        example="[noegletal, bydel, maaned]",
        default=None,
    )
    navn: str | None = spec(NAVN_DOC, example="barometer", default=None)
    sted: Sted = placement()

    @property
    def komponenter(self) -> list[tuple[str, str | None]]:
        """Return the components to show, in order, each with its own title (or None)."""
        if not self.vis:
            return [(name, None) for name in KOMPONENTER]
        return [
            (item.navn, item.titel) if isinstance(item, Visning) else (item, None)
            for item in self.vis
        ]

    def check(self, problem: ProblemAt) -> None:
        """Check the place, the periods and that no component is chosen twice."""
        chosen = [name for name, _ in self.komponenter]
        twice = sorted({name for name in chosen if chosen.count(name) > 1})
        if twice:
            problem(
                "vis",
                f"Vælg hver komponent én gang under 'vis': {', '.join(twice)} står flere gange.",
            )
        if (self.lokation is None) == (self.bydel is None):
            problem(
                "type",
                "Et tryghedsbarometer gælder enten en 'lokation' eller en 'bydel' – "
                "angiv én af dem.",
            )
        # A for_hver note's {{ param.bydel }} is checked once it is put in (`forhver`).
        if (
            self.bydel is not None
            and not parameters_in(self.bydel)
            and names.canonical(self.bydel, domain.BYDELE) is None
        ):
            problem("bydel", domain.not_a_bydel(self.bydel))
        if not 1 <= len(self.perioder) <= 3:
            problem(
                "perioder", "Angiv én, to eller tre perioder, fx [vinter 2024/25, vinter 2025/26]."
            )
        _check_periods(self.perioder, "perioder", problem)


LONGEST_TIMELINE_YEARS = 30  # a location's history; the drawing has one tick per month


@dataclass(frozen=True)
class Forloeb:
    """One dated period of a location's history: a reduced opening, extra staff …"""

    gruppe: str = spec("Overskriften, forløbet hører under.", example="Ekstra bemanding")
    fra: date = spec("Første dag, ÅÅÅÅ-MM-DD.", example="2024-11-15")
    til: date = spec("Sidste dag, ÅÅÅÅ-MM-DD.", example="2024-11-30")
    tekst: str = spec("Hvad der skete.", example="Ekstra assistance fra eksternt vagtselskab")

    def check(self, problem: ProblemAt) -> None:
        """Check that the period does not end before it starts."""
        if self.fra is not None and self.til is not None and self.til < self.fra:
            problem("til", f"'til' ({self.til}) ligger før 'fra' ({self.fra}). Byt om på dem.")


@dataclass(frozen=True)
class Historik:
    """A location's history as dated periods, with visitors and incidents."""

    type: Literal["historik"] = spec("Bilagets art.", example="historik")
    titel: str = spec("Bilagets titel.", example="Historik og baggrundsfakta")
    forloeb: list[Forloeb] = spec("De daterede forløb.", example="[…]")
    lokation: str | None = spec(
        "Lokationen, hvis besøgstal og hændelser skal med.",
        example="Blågårdens Bibliotek",
        default=None,
    )
    besoeg: list[int] = spec("År, hvis besøgstal vises.", example="[2024, 2025]", default=[])
    vintre: list[str] = spec(
        "Vinterhalvår, hvis antal hændelser vises.", example='["2024/25", "2025/26"]', default=[]
    )
    tidslinje_fra: date | None = spec(
        "Tidslinjens start; udelades den, starter den med det første forløb.", default=None
    )
    tidslinje_til: date | None = spec(
        "Tidslinjens slutning; udelades den, slutter den med det sidste forløb.", default=None
    )
    tekst: Text | None = spec("Indledende tekst.", default=None)
    navn: str | None = spec(NAVN_DOC, example="historik", default=None)
    sted: Sted = placement()

    def check(self, problem: ProblemAt) -> None:
        """Check that data is asked for only with a location, and that the winters read."""
        if (self.besoeg or self.vintre) and self.lokation is None:
            problem("type", "Besøgstal og hændelser kræver en 'lokation'.")
        written = [v for v in self.vintre if v.strip().lower().startswith("vinter")]
        for vinter in written:
            problem("vintre", f"Skriv '{vinter}' uden 'vinter' under 'vintre', fx 2024/25.")
        _check_periods([f"vinter {v}" for v in self.vintre if v not in written], "vintre", problem)
        start, end = self.tidslinje_fra, self.tidslinje_til
        if start is not None and end is not None:
            if end <= start:
                problem("tidslinje_til", "'tidslinje_til' skal ligge efter 'tidslinje_fra'.")
            elif end.year - start.year > LONGEST_TIMELINE_YEARS:
                problem(
                    "tidslinje_til",
                    f"Tidslinjen spænder over {end.year - start.year} år; den kan højst vise "
                    f"{LONGEST_TIMELINE_YEARS}. Ret 'tidslinje_fra' eller 'tidslinje_til'.",
                )


@dataclass(frozen=True)
class Kategori:
    """A MainManager category (or sub-category) and what it covers."""

    navn: str = spec("Kategoriens navn, som i MainManager.", example="Trusler")
    beskrivelse: Text = spec("Hvad kategorien dækker.", example="|")
    eksempel: Text | None = spec("Et eksempel.", default=None)
    underkategorier: list[Kategori] = spec("Underkategorierne (kun Uønsket adfærd).", default=[])


@dataclass(frozen=True)
class Kategoribeskrivelse:
    """The description of MainManager's categories, kept as a reusable YAML snippet."""

    kategorier: list[Kategori] = spec("Kategorierne i konflikttrappens orden.", example="[…]")
    indledning: Text | None = spec("Tekst før kategorierne.", default=None)
    konflikttrappe: Text | None = spec("Forklaringen af konflikttrappen.", default=None)
    kilde: Text | None = spec("Om datagrundlaget.", default=None)

    def check(self, problem: ProblemAt) -> None:
        """Check that the categories are the urotyper the data knows."""
        for kategori in self.kategorier:
            if names.canonical(kategori.navn or "", domain.UROTYPER) is None:
                problem(
                    "kategorier",
                    f"'{kategori.navn}' er ikke en urotype. "
                    f"Urotyperne er: {', '.join(domain.UROTYPER)}.",
                )
            for under in kategori.underkategorier:
                if names.canonical(under.navn or "", domain.UNDERKATEGORIER) is None:
                    problem(
                        "kategorier",
                        f"'{under.navn}' er ikke en underkategori. Underkategorierne er: "
                        f"{', '.join(domain.UNDERKATEGORIER)}.",
                    )


@dataclass(frozen=True)
class Kategorier:
    """MainManager's categories and the konflikttrappe, from a reusable snippet."""

    type: Literal["kategorier"] = spec("Bilagets art.", example="kategorier")
    titel: str = spec("Bilagets titel.", example="Kategorier i MainManager")
    uddrag: Kategoribeskrivelse = spec(
        "Navnet på YAML-uddraget i content/snippets/ med kategorierne.",
        example="mainmanager-kategorier",
    )
    navn: str | None = spec(NAVN_DOC, example="kategorier", default=None)
    sted: Sted = placement()


@dataclass(frozen=True)
class Tekstbilag:
    """A narrative bilag: sections with headings."""

    type: Literal["tekst"] = spec("Bilagets art.", example="tekst")
    titel: str = spec("Bilagets titel.", example="Socialfaglig indsats på bibliotekerne")
    afsnit: list[Afsnit] = spec("Afsnittene, hver med overskrift og tekst.", example="[…]")
    tekst: Text | None = spec("Indledende tekst.", default=None)
    navn: str | None = spec(NAVN_DOC, example="indsats", default=None)
    sted: Sted = placement()


@dataclass(frozen=True)
class Maalingsvalg:
    """One survey result to show: a location, a survey and a group."""

    lokation: str = spec("Lokationen.", example="Vesterbro Bibliotek og Kulturhus")
    maaling: str = spec("Målingen, som i filen.", example="Vinter 2025")
    gruppe: Literal["Medarbejder", "Bruger"] = spec(
        "Medarbejder eller Bruger.", example="Medarbejder", default="Medarbejder"
    )
    sted: Sted = placement()


@dataclass(frozen=True)
class Databilag:
    """The data behind a note's dataspor: incidents per period, survey results, corrections."""

    type: Literal["data"] = spec("Bilagets art.", example="data")
    titel: str = spec("Bilagets titel.", example="Data bag dataspor")
    lokation: str = spec(
        "Lokationen, hvis hændelser vises.", example="Vesterbro Bibliotek og Kulturhus"
    )
    perioder: list[str] = spec(
        "Perioderne, hændelserne vises for.", example='["vinter 2022/23", …]'
    )
    maalinger: list[Maalingsvalg] = spec("Tryghedsmålingerne, der vises.", default=[])
    tekst: Text | None = spec("Indledende tekst.", default=None)
    navn: str | None = spec(NAVN_DOC, example="data", default=None)
    sted: Sted = placement()

    def check(self, problem: ProblemAt) -> None:
        """Check that there are periods, and that they can be read."""
        if self.perioder is not None and not self.perioder:
            problem("perioder", "Angiv mindst én periode, fx [vinter 2024/25].")
        _check_periods(self.perioder, "perioder", problem)


@dataclass(frozen=True)
class Rangliste:
    """An overview: every location matching a filter, ranked by relativ score in a period."""

    type: Literal["rangliste"] = spec("Bilagets art.", example="rangliste")
    titel: str = spec("Bilagets titel.", example="Bibliotekerne efter relativ score, marts 2026")
    periode: str = spec("Perioden, lokationerne rangeres efter.", example="marts 2026")
    sammenlign_med: str | None = spec(
        "Perioden, ændringen regnes fra; udelades den: perioden før af samme slags (måneden, "
        "halvåret eller året før).",
        example="februar 2026",
        default=None,
    )
    facilitet: str | None = spec(
        "Kun lokationer med denne facilitet, som i data.", example="Bibliotek", default=None
    )
    bydel: str | None = spec("Kun lokationer i denne bydel.", example="Nørrebro", default=None)
    tekst: Text | None = spec("Indledende tekst.", default=None)
    navn: str | None = spec(NAVN_DOC, example="rangliste", default=None)
    sted: Sted = placement()

    def check(self, problem: ProblemAt) -> None:
        """Check that the periods can be read and that the district is one of the ten."""
        _check_periods([self.periode], "periode", problem)
        if self.sammenlign_med is not None:
            _check_periods([self.sammenlign_med], "sammenlign_med", problem)
        if self.bydel is not None and names.canonical(self.bydel, domain.BYDELE) is None:
            problem("bydel", domain.not_a_bydel(self.bydel))


Bilag = Tryghedsbarometer | Historik | Kategorier | Tekstbilag | Databilag | Rangliste
BILAG_ARTER: dict[str, type] = {
    "tryghedsbarometer": Tryghedsbarometer,
    "historik": Historik,
    "kategorier": Kategorier,
    "tekst": Tekstbilag,
    "data": Databilag,
    "rangliste": Rangliste,
}
