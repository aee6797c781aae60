"""Names a note writes — places, districts, committees — matched against the known ones.

The one home of what counts as the same name — the allowed spelling, whatever the case and
spacing ("  nørrebro " is "Nørrebro") — and of what counts as a near miss: "Noerrebro
Bibliotek" for "Nørrebro Bibliotek" (æ, ø and å typed as ae, oe and aa), a different case, a
missing "s" or hyphen, or a small typo. A near miss is never accepted silently; it gets "Mente
du …?" so the caseworker can write the name as the data (or the City) has it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})
_NOT_A_LETTER = re.compile(r"[^a-z0-9]+")
_CLOSE_ENOUGH = 0.85


_LONGEST_NAME = 200  # letters; the longest location name has some 40


def folded(name: str) -> str:
    """Return the form names are compared in: no case, æøå spelled out, letters and digits only."""
    return _NOT_A_LETTER.sub("", str(name).casefold().translate(_DANISH_LETTERS))


def slug(value: str) -> str:
    """Return a value's folder name: lowercase, æøåé spelled out, other signs one '-' each run.

    "Blågårdens Bibliotek" gives "blaagaardens-bibliotek". Other accented letters lose their
    accent ("ü" gives "u"), so a folder name is plain ASCII on every machine and file system.
    """
    spelled = unicodedata.normalize("NFKD", str(value).casefold().translate(_DANISH_LETTERS))
    plain = "".join(c for c in spelled if not unicodedata.combining(c))
    return _NOT_A_LETTER.sub("-", plain).strip("-")


def spelling(name: object) -> str:
    """Return the form a name is matched in exactly: no case, no surrounding or doubled spaces."""
    return " ".join(str(name).split()).casefold()


def canonical(
    value: str, allowed: Iterable[str], aliases: Mapping[str, str] | None = None
) -> str | None:
    """Return the allowed spelling of `value` (ignoring case and spaces), or None.

    An allowed name is matched before an alias of the same spelling.
    """
    return _spellings(allowed, aliases).get(spelling(value))


def _spellings(allowed: Iterable[str], aliases: Mapping[str, str] | None) -> dict[str, str]:
    """Return the allowed spelling for the matched form of every allowed name and alias."""
    found = {spelling(alias): name for alias, name in (aliases or {}).items()}
    found.update({spelling(name): name for name in allowed})  # a name wins over an alias
    return found


def nearest(name: str, known: Iterable[str]) -> list[str]:
    """Return the known names `name` is a near miss of (at most three), best first."""
    by_fold: dict[str, str] = {}
    for candidate in known:
        by_fold.setdefault(folded(candidate), candidate)
    key = folded(name)
    if not key or len(key) > _LONGEST_NAME:
        return []  # no name is this long; comparing it with every name would take long
    if key in by_fold:
        return [by_fold[key]]
    # A shortened name ("Blågården" for "Blågårdens Bibliotek") starts the full one.
    started = [by_fold[k] for k in sorted(by_fold) if len(key) >= 5 and k.startswith(key)]
    if started:
        return started[:3]
    close = difflib.get_close_matches(key, list(by_fold), n=3, cutoff=_CLOSE_ENOUGH)
    return [by_fold[k] for k in close]


def mente_du(name: str, known: Iterable[str]) -> str:
    """Return " Mente du 'X'?" for a near miss of a known name, else an empty string."""
    found = [f"'{n}'" for n in nearest(name, known) if n != name]
    if not found:
        return ""
    return f" Mente du {' eller '.join(found)}?"


def listed(known: Iterable[str], limit: int = 30) -> str:
    """Return the known names as a message lists them: sorted, and cut off when very many."""
    names = sorted(set(known))
    shown = ", ".join(names[:limit])
    return shown + (f" … og {len(names) - limit} flere" if len(names) > limit else "")
