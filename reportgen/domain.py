"""The domain's own rules and words: districts, the konflikttrappe, weights and half-years.

Everything here is defined once and used by the loaders, the figures and the charts alike.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

from . import formatting, names
from .errors import FigureError

BYDELE = (
    "Indre By",
    "Østerbro",
    "Nørrebro",
    "Vesterbro/Kongens Enghave",
    "Valby",
    "Vanløse",
    "Brønshøj-Husum",
    "Bispebjerg",
    "Amager Øst",
    "Amager Vest",
)

# The konflikttrappe in order (1 is the lowest step), then the two categories outside it.
KONFLIKTTRAPPE = ("Uønsket adfærd", "Ubehagelige tilråb", "Trusler", "Fysisk vold")
UROTYPER = (*KONFLIKTTRAPPE, "Hærværk", "Andet")
UROTYPE_ALIASER = {"Utryghedsskabende adfærd": "Uønsket adfærd"}

UNDERKATEGORIER = (
    "Generende adfærd",
    "Alkohol og euforiserende stoffer",
    "Gratister (brug uden booking)",
    "Tilberedning af mad",
    "Andet",
)

# No incident export reaches back before this year: an earlier one is a typo ("0205" for 2025).
FOERSTE_AAR = 2000

# Severity weights for the relativ score; they reproduce the published 112 and 89.
RELATIV_SCORE_VAEGTE = {
    "Uønsket adfærd": 1,
    "Ubehagelige tilråb": 2,
    "Trusler": 4,
    "Fysisk vold": 6,
    "Hærværk": 2,
    "Andet": 1,
}

TRYGHEDSSVAR = (
    "Meget tryg",
    "Tryg",
    "Hverken tryg eller utryg",
    "Utryg",
    "Meget utryg",
    "Ved ikke",
)
TRYGGE = ("Meget tryg", "Tryg")
GRUPPER = ("Medarbejder", "Bruger")


class PeriodError(FigureError):
    """A period label that cannot be read."""


def aarstal(value: object) -> int:
    """Read a year given to a figure, 2024 or "2024"; anything else is explained in Danish."""
    text = formatting.shown(str(value).strip(), 20)
    if isinstance(value, bool) or not re.fullmatch(r"\d{4}", text) or int(text) < 1900:
        raise FigureError(f"'{text}' er ikke et årstal. Skriv året med fire cifre, fx 2024.")
    return int(text)


class CoverageError(FigureError):
    """A figure for a period the data does not wholly cover."""


# The forms a period may be written in, for messages that say what to write instead.
PERIODEFORMER = "'vinter 2024/25', 'sommer 2023', 'marts 2026' (eller '2026-03') eller '2024'"


@dataclass(frozen=True, order=True)
class Periode:
    """A half-year (vinter Y/Y+1: 1 Oct–31 Mar; sommer Y: 1 Apr–30 Sep), a month or a year."""

    start: date
    slut: date  # inclusive
    art: str  # "vinter", "sommer", "måned" or "år"

    @classmethod
    def vinter(cls, first_year: int) -> Periode:
        """Return vinterhalvåret first_year/first_year+1."""
        return cls(date(first_year, 10, 1), date(first_year + 1, 3, 31), "vinter")

    @classmethod
    def sommer(cls, year: int) -> Periode:
        """Return sommerhalvåret of `year`."""
        return cls(date(year, 4, 1), date(year, 9, 30), "sommer")

    @classmethod
    def aar(cls, year: int) -> Periode:
        """Return the calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31), "år")

    @classmethod
    def maaned(cls, year: int, month: int) -> Periode:
        """Return one calendar month, e.g. marts 2026."""
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), "måned")

    @property
    def forrige(self) -> Periode:
        """Return the comparable period before: the month, the half-year or the year before.

        A half-year is compared with the same half a year earlier (vinter with vinter), since
        winter and summer differ in their own right.
        """
        if self.art == "måned":
            year, month = self.start.year, self.start.month
            return Periode.maaned(year - 1, 12) if month == 1 else Periode.maaned(year, month - 1)
        if self.art == "vinter":
            return Periode.vinter(self.start.year - 1)
        if self.art == "sommer":
            return Periode.sommer(self.start.year - 1)
        return Periode.aar(self.start.year - 1)

    def sammenlign_med(self, forrige: Periode | None) -> Periode:
        """Return the period to compare with: `forrige` if it is comparable, else `.forrige`.

        A change is only meaningful between periods of the same kind (a month has not as many
        days as a half-year), from an earlier one to a later one.
        """
        if forrige is None:
            return self.forrige
        if forrige.art != self.art:
            raise PeriodError(
                f"{self.omtale.capitalize()} kan ikke sammenlignes med {forrige.omtale}: en "
                "måned, et halvår og et år har ikke lige mange dage. Sammenlign med samme slags "
                f"periode, fx {self.forrige.navn}."
            )
        if forrige.slut >= self.start:
            raise PeriodError(
                f"Sammenlign med en periode før {self.omtale}, fx {self.forrige.navn} – ikke "
                f"{forrige.omtale}."
            )
        return forrige

    @classmethod
    def parse(cls, label: str | int) -> Periode:
        """Read 'vinter 2024/25', '2024/25', 'sommer 2023', 'marts 2026', '2026-03', '2024'."""
        text = str(label).strip().lower()
        month = _parse_maaned(text, str(label))
        if month is not None:
            return month
        match = re.fullmatch(
            r"(?:(vinter|sommer)(?:halvåret)?\s+)?(\d{4})(?:\s*/\s*(\d{2}|\d{4}))?", text
        )
        if match:
            art, year_text, second = match.groups()
            year = int(year_text)
            if not 1900 <= year <= 2999:
                raise PeriodError(
                    f"'{formatting.shown(str(label))}' er ikke en periode: {year} er ikke et "
                    "årstal, fx 2024."
                )
            if second is not None:
                if art == "sommer":
                    raise PeriodError(f"Sommerhalvåret har kun ét årstal, fx 'sommer {year}'.")
                # '2099/00' is 2099/2100: two digits count in the century of the following year.
                century = (year + 1) // 100 * 100
                following = int(second) if len(second) == 4 else century + int(second)
                if following != year + 1:
                    raise PeriodError(
                        f"'{formatting.shown(str(label))}' er ikke et vinterhalvår: årene skal "
                        f"følge hinanden, fx 'vinter {year}/{(year + 1) % 100:02d}'."
                    )
                return cls.vinter(year)
            if art == "vinter":
                raise PeriodError(
                    f"Skriv vinterhalvåret med begge år, fx 'vinter {year}/{(year + 1) % 100:02d}'."
                )
            return cls.sommer(year) if art == "sommer" else cls.aar(year)
        raise PeriodError(
            f"'{formatting.shown(str(label))}' er ikke en periode. Skriv fx {PERIODEFORMER}."
        )

    @property
    def kort(self) -> str:
        """Return the short label: '2024/25', 'sommer 2023' or '2024'."""
        if self.art == "vinter":
            return f"{self.start.year}/{self.slut.year % 100:02d}"
        if self.art == "sommer":
            return f"sommer {self.start.year}"
        if self.art == "måned":
            return self.navn
        return str(self.start.year)

    @property
    def navn(self) -> str:
        """Return the long label: 'vinterhalvåret 2024/2025', 'marts 2026', '2024'."""
        if self.art == "vinter":
            return f"vinterhalvåret {self.start.year}/{self.slut.year}"
        if self.art == "sommer":
            return f"sommerhalvåret {self.start.year}"
        if self.art == "måned":
            return f"{formatting.MAANEDER[self.start.month - 1]} {self.start.year}"
        return str(self.start.year)

    @property
    def omtale(self) -> str:
        """Return the label as a sentence names it: 'vinterhalvåret 2024/2025', 'året 2024'."""
        return f"året {self.start.year}" if self.art == "år" else self.navn

    @property
    def datoer(self) -> str:
        """Return the dates it spans: '1. oktober 2024 – 31. marts 2025'."""
        return formatting.datospaend(self.start, self.slut)

    @property
    def maaneder(self) -> list[tuple[int, int]]:
        """Return (year, month) for every month of the period, in order."""
        months = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.slut.year, self.slut.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def __str__(self) -> str:
        return self.navn


def _parse_maaned(text: str, label: str) -> Periode | None:
    """Read a month written 'marts 2026' or '2026-03'; None if `text` is not a month's form."""
    named = re.fullmatch(r"([a-zæøå]+)\s+(\d{4})", text)
    # Only 01–12 after the dash: '2024-25' is more likely a winter written wrongly.
    numbered = re.fullmatch(r"(\d{4})-(0?[1-9]|1[0-2])", text)
    if named and named.group(1) in formatting.MAANEDER:
        year_text, month = named.group(2), formatting.MAANEDER.index(named.group(1)) + 1
    elif named and named.group(1) not in ("vinter", "sommer", "vinterhalvåret", "sommerhalvåret"):
        hint = names.mente_du(named.group(1), formatting.MAANEDER)
        raise PeriodError(
            f"'{formatting.shown(label)}' er ikke en periode: '{named.group(1)}' er ikke en "
            f"måned.{hint} Skriv fx {PERIODEFORMER}."
        )
    elif numbered:
        year_text, month = numbered.group(1), int(numbered.group(2))
    else:
        return None
    if not 1900 <= int(year_text) <= 2999:
        raise PeriodError(
            f"'{formatting.shown(label)}' er ikke en periode: {year_text} er ikke et årstal, "
            "fx 2026."
        )
    return Periode.maaned(int(year_text), month)


# How coverage is found when a note does not declare it; printed in the manifest.
UDLEDT_DAEKNING = (
    "udledt af eksporten: fra den første dag i den første måned til den sidste dag i den "
    "sidste måned, eksporten har hændelser i"
)


@dataclass(frozen=True)
class Daekning:
    """The days a data source covers: a figure for a period outside them does not exist."""

    start: date
    slut: date  # inclusive
    regel: str  # how it was found: declared where, or derived how
    # The note's date: a period that ends after it had days still to come when the note was
    # written, even if the data, exported later, covers them.
    notatdato: date | None = None

    @classmethod
    def udledt(cls, first: date, last: date) -> Daekning:
        """Return the coverage of an export whose rows run from `first` to `last`."""
        end = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
        return cls(date(first.year, first.month, 1), end, UDLEDT_DAEKNING)

    @classmethod
    def ingen(cls) -> Daekning:
        """Return the coverage of an export without incidents, when none is declared."""
        return cls(date.max, date.min, "ingen: eksporten har ingen hændelser at udlede den af")

    def rummer(self, periode: Periode) -> bool:
        """Tell whether the whole of `periode` lies inside the coverage."""
        return self.start <= periode.start and periode.slut <= self.slut

    def for_notat(self, dato: date | None) -> Daekning:
        """Return the coverage as a note dated `dato` may use it."""
        return replace(self, notatdato=dato)

    def tjek(self, periode: Periode) -> None:
        """Raise FigureError unless the whole of `periode` lies inside the coverage, and is over."""
        if self.rummer(periode):
            if self.notatdato is not None and periode.slut > self.notatdato:
                raise CoverageError(
                    f"{periode.omtale.capitalize()} ({periode.datoer}) slutter efter notatets "
                    f"dato, {formatting.dato(self.notatdato)}: et tal for perioden ville tælle "
                    "dage, der ikke var gået endnu, da notatet blev skrevet. Vælg en afsluttet "
                    "periode, eller ret notatets dato."
                )
            return
        if self.start > self.slut:
            raise CoverageError(
                f"Eksporten har ingen hændelser (efter rettelserne), så det kan ikke ses, hvilke "
                f"dage den dækker, og et tal for {periode.omtale} kan ikke gives. Angiv "
                "dækningen under data: haendelser: med 'fil:' og 'daekker:', fx daekker: "
                "2022-10-01 – 2026-03-31."
            )
        outside = periode.slut < self.start or periode.start > self.slut
        where = "uden for" if outside else "delvis uden for"
        raise CoverageError(
            f"{periode.omtale.capitalize()} ({periode.datoer}) ligger {where} data, som dækker "
            f"{self}. Et tal for perioden ville mangle hændelser. Vælg en periode inden for "
            "data, eller brug en eksport, der dækker perioden."
        )

    @property
    def datoer(self) -> str:
        """Return the covered days: '1. oktober 2022 – 31. marts 2026'."""
        if self.start > self.slut:
            return "ingen dage"
        return formatting.datospaend(self.start, self.slut)

    def __str__(self) -> str:
        return self.datoer


def parse_daekning(text: str, regel: str) -> Daekning:
    """Read a declared coverage written '2022-10-01 – 2026-03-31'."""
    pattern = r"\s*(\S+)\s+(?:–|—|-|til)\s+(\S+)\s*|\s*(\S+?)\s*[–—]\s*(\S+)\s*"
    match = re.fullmatch(pattern, text) if len(text) < 100 else None
    if not match:
        raise formatting.DateError(
            f"'{formatting.shown(text)}' er ikke to datoer. Skriv dækningen som første og "
            "sidste dag med en tankestreg imellem, fx 2022-10-01 – 2026-03-31."
        )
    first, last = (g for g in match.groups() if g is not None)
    start, slut = formatting.parse_date(first), formatting.parse_date(last)
    if slut < start:
        raise formatting.DateError(
            f"Dækningen slutter ({last}) før den starter ({first}). Byt om på datoerne."
        )
    return Daekning(start, slut, regel)


def not_a_bydel(name: str) -> str:
    """Say that `name` is not one of the ten districts, and which one was likely meant."""
    return (
        f"'{formatting.shown(name)}' er ikke en bydel.{names.mente_du(name, BYDELE)} "
        f"Bydelene er: {', '.join(BYDELE)}."
    )
