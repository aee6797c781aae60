"""Danish hyphenation a committee secretary would not send back: the dictionary corrected.

Pyphen's Danish patterns break many compounds and names wrongly ("me-darbejdere",
"loka-lområdet", "Ve-sterbro"). The house style's `orddeling.txt` lists such words with the
breaks they allow; the render process teaches them to Pyphen as patterns of the whole word,
which outweigh the dictionary's own. The pages' HTML is not touched, so what a page says,
and the keys that tell whether it changed, stay the same.

Two rules no CSS property of WeasyPrint's can say: a word is never hyphenated across a page,
and no more than two lines in a row end in a hyphen. `words_to_keep_whole` finds the words
that break them after layout, and the PDF stage lays the document out again with them taught
whole.
"""

from __future__ import annotations

import collections
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .errors import HouseStyleError

FILENAME = "orddeling.txt"

# The Danish dictionary's patterns weigh at most 6. A whole word's pattern weighs 8 (no
# break) or 9 (a break: odd values allow one) at every gap, so it decides alone.
_KEEP, _BREAK = 8, 9
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LETTERS_AT_END = re.compile(r"[^\W\d_]+$")
_LETTERS_AT_START = re.compile(r"^[^\W\d_]+")
# More lines in a row ending in a hyphen make a ladder down the margin, hard to read.
MAX_HYPHENATED_IN_A_ROW = 2


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


def words_to_keep_whole(pages: Sequence[Any]) -> set[str]:
    """Return the words (in lower case) hyphenated where the house style does not allow it."""
    lines = _lines_per_page(pages)  # walked once for both rules: this runs after every layout
    return _split_across_pages(lines) | _hyphenated_too_often_in_a_row(lines)


def split_across_pages(pages: Sequence[Any]) -> set[str]:
    """Return the words (in lower case) hyphenated at the end of a page's last line of text.

    `pages` are a laid-out WeasyPrint document's pages; their boxes are WeasyPrint's own.
    """
    return _split_across_pages(_lines_per_page(pages))


def _lines_per_page(pages: Sequence[Any]) -> list[list[Any]]:
    """Return each page's lines of running text, in document order."""
    # WeasyPrint 70 shows a page's laid-out boxes only as the private `_page_box`.
    return [list(_flow_lines(page._page_box)) for page in pages]


def _hyphenated_too_often_in_a_row(lines: list[list[Any]]) -> set[str]:
    """Return the words that make a line the third in a row to end in a hyphen."""
    words: set[str] = set()
    in_a_row = 0
    for line, following in itertools.pairwise(itertools.chain.from_iterable(lines)):
        word = _split_word(line, following)
        in_a_row = in_a_row + 1 if word is not None else 0
        if word is not None and in_a_row > MAX_HYPHENATED_IN_A_ROW:
            words.add(word.lower())
            in_a_row = 0  # kept whole, this line ends in a whole word
    return words


def _split_across_pages(lines: list[list[Any]]) -> set[str]:
    """Return the words hyphenated at the end of a page's last line and going on overleaf."""
    words: set[str] = set()
    for page, following in itertools.pairwise(lines):
        word = _split_word(page[-1], following[0]) if page and following else None
        if word is not None:
            words.add(word.lower())
    return words


def _split_word(last: Any, first: Any) -> str | None:
    """Return the word hyphenated at the end of line `last` and going on in line `first`."""
    # The word goes on in the same paragraph on the next page, or it was not split.
    if last.element is None or first.element is not last.element:
        return None
    end, start = _last(_texts(last)), next(_texts(first), None)
    if end is None or start is None or not end.text.endswith(end.style["hyphenate_character"]):
        return None
    head = _LETTERS_AT_END.search(end.text[: -len(end.style["hyphenate_character"])])
    tail = _LETTERS_AT_START.search(start.text)
    if head is None or tail is None:
        return None
    word = head.group() + tail.group()
    # The house style's hyphenate character is "-", like a hyphen typed in the text
    # ("aktivitets- og", "SSP-medarbejder"): only a word the paragraph says without it was
    # broken by hyphenation. (A soft hyphen is a break the author asked for: it counts.)
    said = "".join(last.element.itertext()).replace("\xad", "")
    return word if word.lower() in said.lower() else None


def _flow_lines(box: Any) -> Iterator[Any]:
    """Yield the line boxes of running text in `box`, in document order."""
    from weasyprint.formatting_structure import boxes  # only the render process lays out

    for child in getattr(box, "children", ()):
        # The footer and the footnotes are not running text; floats and positioned boxes
        # stand beside it.
        if isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            continue
        if not child.is_in_normal_flow():
            continue
        if isinstance(child, boxes.LineBox):
            yield child
        else:
            yield from _flow_lines(child)


def _texts(line: Any) -> Iterator[Any]:
    """Yield the text boxes in `line` that hold text, in document order."""
    from weasyprint.formatting_structure import boxes

    for child in getattr(line, "children", ()):
        if isinstance(child, boxes.TextBox):
            if child.text:
                yield child
        elif not isinstance(child, boxes.AtomicInlineLevelBox):  # an inline-block is its own
            yield from _texts(child)


def _last(items: Iterator[Any]) -> Any | None:
    """Return the last of `items`, or None if there are none."""
    return next(iter(collections.deque(items, maxlen=1)), None)
