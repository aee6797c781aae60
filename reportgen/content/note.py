"""The content format of a note: metadata, sections, data and bilag, declared once.

The dataclasses below are the content format; the README's reference is written from them
and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .. import domain, formatting, names
from ..formatting import DateError
from ..schema import ProblemAt, Sted, placement, spec
from .bilag import Afsnit, Bilag
from .values import Filsti, Text

# The parameters a for_hver note can be built for, each the incident column of its values.
PARAMETRE: tuple[str, ...] = ("lokation", "bydel")


@dataclass(frozen=True)
class Eksport:
    """The incident export, and the days it covers when that is more than its rows show."""

    fil: Filsti = spec("Eksportens sti, regnet fra projektmappen.", example="data/haendelser.csv")
    daekker: str | None = spec(
        "De dage, eksporten dækker, som første og sidste dag med tankestreg imellem. Udelades "
        "den, dækker eksporten fra den første dag i den første måned til den sidste dag i den "
        "sidste måned, den har hændelser i.",
        example="2022-10-01 – 2026-03-31",
        default=None,
    )
    sted: Sted = placement()

    def check(self, problem: ProblemAt) -> None:
        """Check that the coverage reads as two dates, the first not after the last."""
        if self.daekker is None:
            return
        try:
            declared = domain.parse_daekning(self.daekker, "")
        except DateError as error:
            problem("daekker", f"'daekker': {error}")
            return
        if declared.slut > date.today():
            problem(
                "daekker",
                f"'daekker' slutter {formatting.dato(declared.slut)}, efter i dag: data kan ikke "
                "dække dage, der ikke er kommet endnu. Skriv den sidste dag, eksporten dækker.",
            )


@dataclass(frozen=True)
class Datakilder:
    """The data a note's numbers come from; paths are relative to the project folder."""

    haendelser: Eksport | None = spec(
        "Hændelser: eksporten fra MainManager (CSV eller xlsx). Skriv stien, eller 'fil:' og "
        "'daekker:' for at angive, hvilke dage eksporten dækker.",
        example="data/haendelser.csv",
        default=None,
    )
    rettelser: Filsti | None = spec(
        "Rettelser til hændelserne; udelades den, bruges <eksport>.rettelser.yaml, "
        "hvis den findes.",
        example="data/haendelser.rettelser.yaml",
        default=None,
    )
    maalinger: Filsti | None = spec(
        "Tryghedsmålinger: én række pr. besvarelse (eller med kolonnen Antal).",
        example="data/tryghedsmaalinger.csv",
        default=None,
    )
    besoeg: Filsti | None = spec(
        "Besøgstal pr. lokation og år.", example="data/besoeg.csv", default=None
    )
    relativ_score: dict[str, int] = spec(
        "Vægte til relativ score pr. urotype; de nævnte erstatter standardvægtene.",
        example="{Trusler: 4, Fysisk vold: 6}",
        default={},
    )

    def check(self, problem: ProblemAt) -> None:
        """Check that the weights name urotyper."""
        for name, weight in self.relativ_score.items():
            if weight < 0:
                problem(
                    "relativ_score",
                    f"Vægten for '{name}' er {weight}; en vægt er 0 eller mere, så en alvorlig "
                    "hændelse aldrig trækker scoren ned.",
                )
            if names.canonical(name, domain.UROTYPER) is None:
                problem(
                    "relativ_score",
                    f"'{name}' under relativ_score er ikke en urotype. Urotyperne er: "
                    + ", ".join(domain.UROTYPER)
                    + ".",
                )

    def weights(self) -> dict[str, int]:
        """Return the relativ score weight of every urotype, defaults filled in."""
        chosen = {names.canonical(k, domain.UROTYPER): v for k, v in self.relativ_score.items()}
        return {
            name: chosen.get(name, weight) for name, weight in domain.RELATIV_SCORE_VAEGTE.items()
        }


@dataclass(frozen=True)
class Sagsnumre:
    """The note's case numbers: Edoc and F2, or the older case and document number."""

    edoc: str | None = spec("Edoc-sagsnummer.", example="2025-0612345", default=None)
    f2: str | None = spec("F2-sagsnummer.", example="2025 - 18321", default=None)
    sagsnummer: str | None = spec(
        "Sagsnummer, i den ældre blok med dokumentnummer (i stedet for Edoc og F2).",
        example="2023-0260393",
        default=None,
    )
    dokumentnummer: str | None = spec(
        "Dokumentnummer: sagsnummeret med dokumentets løbenummer efter en bindestreg.",
        example="2023-0260393-1",
        default=None,
    )

    def check(self, problem: ProblemAt) -> None:
        """Check that one form is used, and that the document belongs to the case."""
        older = self.sagsnummer is not None or self.dokumentnummer is not None
        if older and (self.edoc is not None or self.f2 is not None):
            problem(
                "sagsnummer" if self.sagsnummer is not None else "dokumentnummer",
                "Skriv enten 'edoc' og 'f2' eller den ældre form 'sagsnummer' og "
                "'dokumentnummer' – ikke begge, så første side kun viser ét sæt numre.",
            )
        if self.dokumentnummer is None:
            return
        if self.sagsnummer is None:
            problem(
                "dokumentnummer",
                "Et dokumentnummer står sammen med sit sagsnummer. Tilføj 'sagsnummer', fx "
                f"sagsnummer: {self.dokumentnummer.rsplit('-', 1)[0]}.",
            )
            return
        case, _, loebenummer = self.dokumentnummer.strip().rpartition("-")
        if case.strip() != self.sagsnummer.strip() or not loebenummer.isdigit():
            problem(
                "dokumentnummer",
                f"Dokumentnummeret {self.dokumentnummer} hører ikke til sagen "
                f"{self.sagsnummer}: et dokumentnummer er sagsnummeret med dokumentets "
                f"løbenummer efter, fx {self.sagsnummer.strip()}-1. Ret et af numrene.",
            )


@dataclass(frozen=True)
class Afsender:
    """The sending unit, shown in the metadata column on page 1."""

    enhed: str = spec("Den enhed, der sender notatet.", example="Analyse og Udvikling")
    adresse: list[str] = spec(
        "Postadressen, en linje pr. punkt.",
        example="[Nyropsgade 3, 1602 København V]",
        one_or_many=True,
    )
    email: str = spec("Enhedens e-mailadresse.", key="e-mail", example="analyse@example.dk")
    ean: str = spec("EAN-nummer til fakturering.", example="5798009780515")
    forvaltning: str | None = spec(
        "Forvaltningen, vist øverst på første side.",
        example="Kultur-, Fritids- og Borgerserviceforvaltningen",
        default=None,
    )


@dataclass(frozen=True)
class Datapunkt:
    """One bullet in a dataspor: a bold lead-in and the text that backs it."""

    titel: Text = spec("Punktets fede indledning.", example="Fald i antallet af hændelser")
    tekst: Text = spec("Teksten under punktet (Markdown-light).", example="|")


@dataclass(frozen=True)
class Dataspor:
    """The data trail of one location (or a few, or a district)."""

    punkter: list[Datapunkt] = spec("Punkterne, hver med titel og tekst.", example="[…]")
    lokation: str | None = spec(
        "Lokationen, sporet handler om, som den hedder i data.",
        example="Vesterbro Bibliotek og Kulturhus",
        default=None,
    )
    lokationer: list[str] = spec(
        "… eller flere lokationer, som sporet handler om.",
        example="[Blågårdens Bibliotek, Nørrebro Bibliotek]",
        default=[],
    )
    bydel: str | None = spec("… eller en bydel.", example="Nørrebro", default=None)
    overskrift: str | None = spec(
        "Overskrift; udelades den, står der 'Dataspor på <lokation>'.", default=None
    )
    sted: Sted = placement()

    def check(self, problem: ProblemAt) -> None:
        """Check that the trail names exactly one place: a location, locations or a district."""
        named = [self.lokation is not None, bool(self.lokationer), self.bydel is not None]
        if sum(named) != 1:
            problem(
                "punkter",
                "Et dataspor handler om én 'lokation', nogle 'lokationer' eller én 'bydel' – "
                "angiv præcis én af dem, som stederne hedder i data.",
            )

    @property
    def steder(self) -> list[str]:
        """Return the locations the trail names."""
        return [self.lokation] if self.lokation is not None else list(self.lokationer)

    @property
    def heading(self) -> str:
        """Return the heading shown above the bullets."""
        if self.overskrift:
            return self.overskrift
        if self.bydel is not None:
            return f"Dataspor i bydelen {self.bydel}"
        return f"Dataspor på {formatting.opremsning(self.steder)}"


@dataclass(frozen=True)
class Stedfilter:
    """The places of the incident data a for_hver takes: all with this facility (and district)."""

    facilitet: str | None = spec(
        "Faciliteten, som den står i hændelsernes kolonne Facilitet.",
        example="Bibliotek",
        default=None,
    )
    bydel: str | None = spec("… og kun steder i denne bydel.", example="Nørrebro", default=None)
    sted: Sted = placement()

    def check(self, problem: ProblemAt) -> None:
        """Check that the district is one of Copenhagen's ten."""
        if self.bydel is not None and names.canonical(self.bydel, domain.BYDELE) is None:
            problem("bydel", domain.not_a_bydel(self.bydel))


@dataclass(frozen=True)
class ForHver:
    """The parameter a note is built once per value of, and its values: a list or a filter."""

    lokation: list[str] | Stedfilter | None = spec(
        "Lokationerne: en liste, eller et filter på hændelsernes steder "
        "({facilitet: Bibliotek}, evt. med bydel).",
        example="{facilitet: Bibliotek}",
        default=None,
    )
    bydel: list[str] | Stedfilter | None = spec(
        "… eller bydelene: en liste, eller et filter ({facilitet: Bibliotek}: hver bydel "
        "med et bibliotek i hændelserne).",
        example="[Nørrebro, Vesterbro/Kongens Enghave]",
        default=None,
    )
    sted: Sted = placement()

    @property
    def parameter(self) -> str | None:
        """Return the parameter's name, if exactly one is given."""
        given = [name for name in PARAMETRE if getattr(self, name) is not None]
        return given[0] if len(given) == 1 else None

    @property
    def vaerdier(self) -> list[str] | Stedfilter | None:
        """Return the values (a list) or the filter that finds them."""
        return getattr(self, self.parameter) if self.parameter else None

    def check(self, problem: ProblemAt) -> None:
        """Check that exactly one parameter is given, and that a list names each value once."""
        given = [name for name in PARAMETRE if getattr(self, name) is not None]
        if len(given) != 1:
            problem(
                given[-1] if given else "",
                "Under for_hver står præcis én parameter: 'lokation' eller 'bydel', fx "
                "for_hver: {lokation: {facilitet: Bibliotek}}.",
            )
            return
        values = self.vaerdier
        if isinstance(values, list):
            if not values:
                problem(given[0], f"Listen under for_hver.{given[0]} er tom. Skriv mindst én.")
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                problem(
                    given[0],
                    f"{formatting.opremsning(twice)} står flere gange under for_hver.{given[0]}; "
                    "skriv hver værdi én gang.",
                )


@dataclass(frozen=True)
class Note:
    """One orientering or notat: metadata first, then the sections in the order they print."""

    type: Literal["orientering", "notat"] = spec(
        "Notatets art: orientering eller notat.", example="orientering"
    )
    til: list[str] = spec(
        "Det eller de udvalg, notatet går til.",
        example="[Kultur- og Fritidsudvalget, Socialudvalget]",
        one_or_many=True,
    )
    titel: str = spec("Notatets titel.", example="Status på den socialfaglige indsats")
    dato: date = spec("Notatets dato, ÅÅÅÅ-MM-DD.", example="2025-11-20")
    afsender: Afsender = spec("Den afsendende enhed (se nedenfor).", example="…")
    sagsbehandler: list[str] = spec(
        "Sagsbehandleren eller -behandlerne.", example="[A. Jensen, B. Hansen]", one_or_many=True
    )
    sagsnumre: Sagsnumre | None = spec(
        "Edoc- og F2-sagsnumre, eller sagsnummer og dokumentnummer.", default=None
    )
    sendt: date | None = spec(
        "Den dag, notatet blev sendt til udvalget. Derefter bygges det aldrig om; en rettet "
        "udgave laves kun med 'reportgen build --ny-version'.",
        example="2025-11-20",
        default=None,
    )
    data: Datakilder | None = spec(
        "Datafilerne, notatets tal kommer fra (se nedenfor).", default=None
    )
    navne: dict[str, Text] = spec(
        "Korte navne for udtryk, der bruges flere gange i teksten.",
        example='{vesterbro: haendelser.lokation("Vesterbro Bibliotek og Kulturhus")}',
        default={},
    )
    resume: Text | None = spec("Kort resume øverst i notatet.", default=None)
    indhold: Text | None = spec("Afsnittet 'Indhold'.", default=None)
    afsnit: list[Afsnit] = spec("Frie afsnit med egne overskrifter, i rækkefølge.", default=[])
    dataspor: list[Dataspor] = spec("Dataspor pr. lokation.", default=[])
    videre_proces: Text | None = spec("Afsnittet 'Videre proces'.", default=None)
    fodnoter: dict[str, Text] = spec(
        "Fodnoter efter navn; i teksten henvises med [^navn].", default={}
    )
    bilag: list[Bilag] = spec("Bilagene i rækkefølge; rækkefølgen giver numrene.", default=[])
    for_hver: ForHver | None = spec(
        "Byg notatet én gang for hver værdi af en parameter; teksten siger {{ param.<navn> }}.",
        example="{lokation: {facilitet: Bibliotek}}",
        default=None,
    )

    @property
    def parametre(self) -> list[str]:
        """Return the names of the note's for_hver parameters (none without for_hver)."""
        parameter = self.for_hver.parameter if self.for_hver else None
        return [parameter] if parameter else []

    def check(self, problem: ProblemAt) -> None:
        """Check recipients, the day it was sent, and that no two bilag share a name."""
        if self.for_hver is not None and self.sendt is not None:
            # Each value's PDFs live in a folder of their own, and the record of what was
            # sent is kept per note: a sent batch would be built again, not left as it was.
            problem(
                "sendt",
                "Et notat med for_hver kan ikke markeres som sendt: reportgen kan endnu ikke "
                "holde hver værdis PDF'er urørte. Gem de sendte PDF'er i sagssystemet, og "
                "fjern 'sendt' (eller 'for_hver').",
            )
        if self.til is not None and not [name for name in self.til if name and name.strip()]:
            problem("til", "'til' er tom. Skriv det eller de udvalg, notatet går til.")
        if self.sendt is not None and self.dato is not None and self.sendt < self.dato:
            problem(
                "sendt",
                f"'sendt' ({formatting.dato(self.sendt)}) ligger før notatets dato "
                f"({formatting.dato(self.dato)}). Ret en af datoerne.",
            )
        if self.sendt is not None and self.sendt > date.today():
            problem(
                "sendt",
                f"'sendt' ({formatting.dato(self.sendt)}) ligger efter i dag. Skriv 'sendt', "
                "når notatet er sendt, med den dag, det blev sendt.",
            )
        seen: set[str] = set()
        for item in self.bilag:
            if item is None or item.navn is None:  # an unreadable bilag is told on its own
                continue
            name = item.navn
            if name in seen:
                problem("bilag", f"To bilag hedder '{name}'. Giv dem hvert sit navn.")
            seen.add(name)
