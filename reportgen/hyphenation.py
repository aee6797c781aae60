"""Danish hyphenation a committee secretary would not send back: the dictionary corrected.

Pyphen's Danish patterns break many compounds and names wrongly ("me-darbejdere",
"loka-lområdet", "Ve-sterbro"). The house style's `orddeling.txt` lists such words with the
breaks they allow; the render process teaches them to Pyphen as patterns of the whole word,
which outweigh the dictionary's own. The pages' HTML is not touched, so what a page says,
and the keys that tell whether it changed, stay the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from .errors import HouseStyleError

FILENAME = "orddeling.txt"

# The Danish dictionary's patterns weigh at most 6. A whole word's pattern weighs 8 (no
# break) or 9 (a break: odd values allow one) at every gap, so it decides alone.
_KEEP, _BREAK = 8, 9
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def read_exceptions(files: list[Path], shown: Callable[[Path], str] = str) -> dict[str, list[int]]:
    """Return each listed word (in lower case) with where it may break, later files winning.

    `shown` writes a file's name as messages show it.
    """
    words: dict[str, list[int]] = {}
    for path in files:
        try:
            # utf-8-sig: Notepad begins a UTF-8 file with a byte-order mark.
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise HouseStyleError(
                f"{shown(path)} kan ikke læses som tekst i UTF-8 ({error}). Gem filen som UTF-8."
            ) from None
        for number, line in enumerate(lines, start=1):
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if not _WORD.fullmatch(entry):
                raise HouseStyleError(
                    f"{shown(path)}:{number}: '{entry[:60]}' er ikke ét ord med - dér, hvor det må "
                    "deles (fx sam-værs-til-bud). Skriv ét ord pr. linje, uden mellemrum."
                )
            parts = entry.lower().split("-")
            breaks = [sum(len(part) for part in parts[: i + 1]) for i in range(len(parts) - 1)]
            words["".join(parts)] = breaks
    return words


def teach(words: dict[str, list[int]], language: str = "da") -> None:
    """Make Pyphen break `words` only where they are listed to, in this process."""
    import pyphen  # WeasyPrint's own; only the render process needs it

    path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    dictionary = pyphen.HyphDict(path)  # a fresh copy: the next call starts from the original
    for word, breaks in words.items():
        # Gap g lies before letter g of ".word."; the word's own gaps are 2 … len(word).
        values = [_BREAK if gap - 1 in breaks else _KEEP for gap in range(2, len(word) + 1)]
        dictionary.patterns[f".{word}."] = (2, values)
        dictionary.maxlen = max(dictionary.maxlen, len(word) + 2)
    pyphen.hdcache[path] = dictionary
