"""Danish formats for dates, numbers and lists, shared by text, tables and charts."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

MAANEDER = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class DateForm:
    """One way of writing a date: the shape of the text, and the order of its parts."""

    pattern: str  # a regular expression with three groups, matched against the whole text
    order: tuple[str, str, str]  # which group is the day, the month and the year


# The one grammar of dates, in content and in data: ISO first, then the Danish forms.
DATE_FORMS = (
    DateForm(r"(\d{4})-(\d{1,2})-(\d{1,2})", ("y", "m", "d")),
    DateForm(r"(\d{1,2})-(\d{1,2})-(\d{4})", ("d", "m", "y")),
    DateForm(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", ("d", "m", "y")),
    DateForm(r"(\d{1,2})/(\d{1,2})/(\d{4})", ("d", "m", "y")),
)


class DateError(ValueError):
    """A text that is not a date, or names a day that does not exist."""


def shown(text: str, limit: int = 60) -> str:
    """Return a caseworker's text as a message quotes it: cut short when it is very long."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_date(text: str) -> date:
    """Read a date written as 2025-01-14, 14-01-2025, 14.01.2025 or 14/01/2025."""
    cleaned = shown(text.strip())
    for form in DATE_FORMS:
        match = re.fullmatch(form.pattern, cleaned)
        if match:
            parts = dict(zip(form.order, (int(g) for g in match.groups()), strict=True))
            return _checked_date(cleaned, parts["y"], parts["m"], parts["d"])
    raise DateError(
        f"'{cleaned}' er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2025-11-20, "
        "eller DD-MM-ÅÅÅÅ, fx 20-11-2025."
    )


def _checked_date(text: str, year: int, month: int, day: int) -> date:
    if year < 1:
        raise DateError(f"Datoen {text} findes ikke, for der er intet år {year}. Ret datoen.")
    if not 1 <= month <= 12:
        raise DateError(f"Datoen {text} findes ikke, for der er ingen måned {month}. Ret datoen.")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise DateError(
            f"Datoen {text} findes ikke, for {MAANEDER[month - 1]} {year} har kun "
            f"{days_in_month} dage. Ret datoen."
        )
    return date(year, month, day)


def dato(value: date) -> str:
    """Format a date the Danish way: 20. november 2025."""
    return f"{value.day}. {MAANEDER[value.month - 1]} {value.year}"


def datospaend(start: date, end: date) -> str:
    """Format a span of days: '1. april – 30. september 2026', '1.–31. marts 2026'."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}.–{dato(end)}"
    if start.year == end.year:
        return f"{start.day}. {MAANEDER[start.month - 1]} – {dato(end)}"
    return f"{dato(start)} – {dato(end)}"


MAANEDER_KORT = (
    "jan.",
    "feb.",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "aug.",
    "sept.",
    "okt.",
    "nov.",
    "dec.",
)


def kort_dato(value: date) -> str:
    """Format a date as short as a chart's label needs: 31.12.2028."""
    return f"{value.day}.{value.month}.{value.year}"


def datointerval(start: date, end: date) -> str:
    """Format a span of days compactly: '1. nov. – 23. dec. 2024', '6. – 30. jan. 2025'."""
    first_month, last_month = MAANEDER_KORT[start.month - 1], MAANEDER_KORT[end.month - 1]
    if start == end:
        return f"{end.day}. {last_month} {end.year}"
    if start.year != end.year:
        return f"{start.day}. {first_month} {start.year} – {end.day}. {last_month} {end.year}"
    if start.month != end.month:
        return f"{start.day}. {first_month} – {end.day}. {last_month} {end.year}"
    return f"{start.day}. – {end.day}. {last_month} {end.year}"


# No figure in a note comes near a million billions; a number this large is a mistake (and
# Python will not even write an integer of more than 4.300 digits).
LARGEST_NUMBER = 10**15
MOST_DECIMALS = 6


class NumberTooLarge(ValueError):
    """A number, or a number of decimals, that no note would print."""


def afrundet(value: float | int | Decimal, decimaler: int = 0) -> Decimal:
    """Round half up, as people do: 0,5 to 1 and 2,5 to 3 (Python's round gives 0 and 2)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    with localcontext() as context:  # enough digits for any whole number, however long
        context.prec = max(context.prec, number.adjusted() + decimaler + 2)
        return number.quantize(Decimal(1).scaleb(-decimaler), rounding=ROUND_HALF_UP)


def tal(value: float | int | Decimal, decimaler: int = 0) -> str:
    """Format a number the Danish way: 138.010, or 12,5 with one decimal."""
    if not (isinstance(decimaler, int) and 0 <= decimaler <= MOST_DECIMALS):
        raise NumberTooLarge(f"et tal skrives med 0 til {MOST_DECIMALS} decimaler")
    if isinstance(value, float) and not -LARGEST_NUMBER < value < LARGEST_NUMBER:
        raise NumberTooLarge("tallet er uendeligt eller over en billiard")
    if not -LARGEST_NUMBER < value < LARGEST_NUMBER:
        raise NumberTooLarge("tallet er over en billiard, og så store tal står ikke i et notat")
    rounded = afrundet(value, decimaler)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    if fraction:
        text += "," + fraction
    return sign + text


def pct(value: float | int | Decimal, decimaler: int = 0) -> str:
    """Format a percentage (already multiplied by 100) as '63 pct.'."""
    return f"{tal(value, decimaler)} pct."


def antal(count: int, ental: str, flertal: str) -> str:
    """Write a count with its noun in the right number: '1 notat', '2 notater', '0 notater'."""
    return f"{tal(count)} {ental if count == 1 else flertal}"


# Æ, Ø and Å come last in the Danish alphabet, in that order (Python's order is Å, Æ, Ø).
_DANSK_ORDEN = str.maketrans({"æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003"})


def dansk_orden(name: str) -> str:
    """Return a key that sorts names as a Danish reader expects: … Z, Æ, Ø, Å."""
    return name.casefold().translate(_DANSK_ORDEN)


def opremsning(items: Iterable[str]) -> str:
    """Join names the Danish way: 'A', 'A og B', 'A, B og C'."""
    names = [str(item) for item in items]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


def saetning(text: str) -> str:
    """Return `text` begun as a sentence: its first letter a capital ("vinterhalvåret …")."""
    return text[:1].upper() + text[1:]
