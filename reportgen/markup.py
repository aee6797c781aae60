"""Markdown-light: the little markup caseworkers write, turned into safe HTML.

Supported: paragraphs (separated by a blank line), **fed**, *kursiv* (or _kursiv_), bullet
lists (lines starting with "- " or "* "), numbered lists ("1. ") and footnote references
([^navn]). Nothing else: no links, no images, no headings inside text, and never raw HTML.
All text is HTML-escaped before any markup is applied, so nothing typed can become a tag.

Danish typography is set here too, by `typografi`: non-breaking spaces where a line must not
break, „…“ for "…", and ’ for the apostrophe. It is the one home of those rules, for the
caseworkers' texts (with the values of their expressions) and for what reportgen writes itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

# Anything that looks like the start of an HTML tag, comment or declaration.
_RAW_HTML = re.compile(r"<\s*(?:[A-Za-z][\w:-]*|/\s*[A-Za-z][\w:-]*|!|\?)[^>\n]{0,60}>?")
_BULLET = re.compile(r"^[-*•]\s+")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM_STAR = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_EM_UNDERSCORE = re.compile(r"(?<![_\w])_(?=\S)(.+?)(?<=\S)_(?![_\w])")
FOOTNOTE_REF = re.compile(r"\[\^([\w-]+)\]")
# A text's last word of 8 letters or more, and what may follow it: punctuation, spaces, the
# end of bold or italics, footnote references.
_LAST_WORD = re.compile(r"([^\W\d_]{8,})((?:[^\w<\[]|</?\w+>|\[\^[\w-]+\])*)$")

NBSP = "\u00a0"
_MONTH = (
    r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
    r"|jan\.|feb\.|aug\.|sept\.|okt\.|nov\.|dec\.)(?!\w)"
)
# Where a line must not break, the space becomes U+00A0. Each rule joins the word before the
# space (group 1) to what follows it. Only short units and abbreviations keep their number:
# "249 besvarelser" breaks like any two words.
_UNBROKEN = (
    # a number and its unit: "83 pct.", "12 kr.", "3 mio."
    re.compile(r"(\d) (?=(?:pct\.|procent|kr\.|mio\.|mia\.|%)(?!\w))"),
    # a time of day: "kl. 13", "kl. 13–17"
    re.compile(r"(?<![\w.])([Kk]l\.) (?=\d)"),
    # a number and what it numbers: "bilag 2", "nr. 3", "side 2", "tabel 2.1", "uge 43", "§ 17"
    re.compile(r"(?<![\w.])([Bb]ilag|[Nn]r\.|[Ss]ide|[Tt]abel|[Ff]igur|[Uu]ge|[Ss]tk\.|§) (?=\d)"),
    # a date: the day and its month, "1. januar", "6. jan."; a whole date keeps its year too
    re.compile(rf"(?<![\w.])(\d{{1,2}}\.) (?={_MONTH})"),
    re.compile(rf"(?<![\w.])(\d{{1,2}}\.\u00a0{_MONTH}) (?=\d{{4}}(?!\d))"),
    # a range keeps its dash on the first line: "6. – 30. jan.", "1. nov. – 23. dec.", "13 – 17"
    re.compile(rf"(\d\.?|{_MONTH}) (?=– \d)"),
)
# A quotation mark opens at the start of a text, after a space, a bracket, a dash or the
# markup that starts bold or italic; anywhere else it closes.
_OPENS_AFTER = frozenset(" \t\n\u00a0([{/–—-*_")
_LETTER = re.compile(r"\w")
_WIDOW_LIMIT = 35  # characters in a title's last two words, at most, to join them
# What typography changes, and the plain characters it is compared as.
_PLAIN = str.maketrans({NBSP: " ", **dict.fromkeys("„“”‚‘’'", '"')})
_PLAIN_ENTITY = {"nbsp": " ", "#160": " ", "#xa0": " "} | dict.fromkeys(
    ("quot", "#34", "#x22", "apos", "#39", "#x27"), '"'
)
_ENTITY = re.compile(r"&(nbsp|#160|#x[aA]0|quot|#34|#x22|apos|#39|#x27);", re.IGNORECASE)

# Renders the footnote named by a reference as inline HTML (or records that it is unknown).
FootnoteRenderer = Callable[[str], Markup]


def typografi(text: str) -> str:
    """Set Danish typography in plain text: unbroken spaces, „quotes“ and apostrophes."""
    for rule in _UNBROKEN:
        text = rule.sub(rf"\1{NBSP}", text)
    return _quotes(text)


def _quotes(text: str) -> str:
    """Replace straight quotes: "…" and '…' by „…“ (‚…‘ inside „…“), an apostrophe ' by ’."""
    out: list[str] = []
    double_open = False  # inside "…"
    single_open = False  # inside '…' used as quotation marks
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opens = before in _OPENS_AFTER
        mark = char
        if char == '"':
            mark, double_open = ("„", True) if opens else ("“", False)
        elif char == "'":
            if _LETTER.match(before) and _LETTER.match(after):
                mark = "’"  # inside a word: "NGO'er", "Forvaltningen's"
            elif opens and not after.isspace():
                # '…' is written as quotation marks are: the single ones only inside „…“
                mark, single_open = ("‚" if double_open else "„"), True
            elif single_open:
                mark, single_open = ("‘" if double_open else "“"), False
            else:
                mark = "’"  # after a word: "Niels' bil"
        out.append(mark)
    return "".join(out)


def uden_enke(title: str) -> str:
    """Join a title's last two words, so its last line never holds one word alone."""
    head, space, last = title.rpartition(" ")
    # Two long words together could be wider than the line; then one alone is the lesser evil.
    if not space or len(last) + len(head) - head.rfind(" ") > _WIDOW_LIMIT:
        return title
    return f"{head}{NBSP}{last}"


def uden_typografi(text: str) -> str:
    """Return text with its typography undone, as texts are compared: plain spaces, one quote.

    A sent note is then still the same text when only a typography rule changed: U+00A0 and
    a space compare equal, and so do every quotation mark and apostrophe, Danish or straight,
    also as HTML writes them (&nbsp;, &#34;, &#39;).
    """
    return _ENTITY.sub(lambda m: _PLAIN_ENTITY[m.group(1).lower()], text).translate(_PLAIN)


def find_raw_html(text: str) -> list[tuple[int, str]]:
    """Return (line offset, snippet) for every piece of raw HTML in `text`."""
    found = []
    for match in _RAW_HTML.finditer(text):
        found.append((text.count("\n", 0, match.start()), match.group(0)))
    return found


def inline(
    text: str, footnote: FootnoteRenderer | None = None, *, ends_paragraph: bool = False
) -> Markup:
    """Render one line of Markdown-light (bold, italic, footnote references) as HTML."""
    # Typography first, on the text as typed: it adds only U+00A0 and quotation marks, which
    # escaping leaves as they are, and its quotes are easier to read before " is &#34;.
    html = str(escape(typografi(text)))
    html = _STRONG.sub(r"<strong>\1</strong>", html)
    html = _EM_STAR.sub(r"<em>\1</em>", html)
    html = _EM_UNDERSCORE.sub(r"<em>\1</em>", html)
    if ends_paragraph:
        # A paragraph's last word is never hyphenated: its end ("ligt.") would stand alone on
        # the last line. Shorter words are never hyphenated anyway (hyphenate-limit-chars).
        html = _LAST_WORD.sub(r'<span class="hel">\1</span>\2', html, count=1)
    if footnote is not None:
        html = FOOTNOTE_REF.sub(lambda m: str(footnote(m.group(1))), html)
    return Markup(html)


def blocks(text: str, footnote: FootnoteRenderer | None = None) -> Markup:
    """Render Markdown-light text with paragraphs and lists as HTML."""
    out: list[str] = []
    paragraph: list[str] = []
    list_tag: str | None = None
    items: list[list[str]] = []

    def close_paragraph() -> None:
        if paragraph:
            out.append(f"<p>{inline(' '.join(paragraph), footnote, ends_paragraph=True)}</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            rendered = "".join(
                f"<li>{inline(' '.join(item), footnote, ends_paragraph=True)}</li>"
                for item in items
            )
            out.append(f"<{list_tag}>{rendered}</{list_tag}>")
            items.clear()
            list_tag = None

    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            close_paragraph()
            close_list()
            continue
        marker = _BULLET.match(line) or _NUMBERED.match(line)
        goes_on = paragraph or (list_tag is not None and raw_line[:1].isspace())
        if marker and goes_on and not _BULLET.match(line) and int(line[:3].rstrip(".) ")) != 1:
            # As in CommonMark, only "1." starts a numbered list inside a paragraph or a list
            # item: a wrapped line that happens to begin "3. Trusler" or "12. Af dem" (an
            # expression's value, say) is text, not a list.
            marker = None
        if marker:
            tag = "ul" if _BULLET.match(line) else "ol"
            close_paragraph()
            if list_tag != tag:
                close_list()
                list_tag = tag
            items.append([line[marker.end() :]])
        elif list_tag and raw_line[:1].isspace():
            items[-1].append(line)  # an indented line continues the list item above
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return Markup("".join(out))
