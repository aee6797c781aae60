"""Markdown-light: the little markup caseworkers write, turned into safe HTML.

Supported: paragraphs (separated by a blank line), **fed**, *kursiv* (or _kursiv_), bullet
lists (lines starting with "- " or "* "), numbered lists ("1. ") and footnote references
([^navn]). Nothing else: no links, no images, no headings inside text, and never raw HTML.
All text is HTML-escaped before any markup is applied, so nothing typed can become a tag.
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
# A number and its unit stay on one line: "63 pct.", "20. november".
_KEEP_TOGETHER = re.compile(r"(\d) (pct\.|procent)")

# Renders the footnote named by a reference as inline HTML (or records that it is unknown).
FootnoteRenderer = Callable[[str], Markup]


def find_raw_html(text: str) -> list[tuple[int, str]]:
    """Return (line offset, snippet) for every piece of raw HTML in `text`."""
    found = []
    for match in _RAW_HTML.finditer(text):
        found.append((text.count("\n", 0, match.start()), match.group(0)))
    return found


def inline(text: str, footnote: FootnoteRenderer | None = None) -> Markup:
    """Render one line of Markdown-light (bold, italic, footnote references) as HTML."""
    html = str(escape(text))
    html = _KEEP_TOGETHER.sub("\\1\u00a0\\2", html)
    html = _STRONG.sub(r"<strong>\1</strong>", html)
    html = _EM_STAR.sub(r"<em>\1</em>", html)
    html = _EM_UNDERSCORE.sub(r"<em>\1</em>", html)
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
            out.append(f"<p>{inline(' '.join(paragraph), footnote)}</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            rendered = "".join(f"<li>{inline(' '.join(item), footnote)}</li>" for item in items)
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
        if marker and paragraph and not _BULLET.match(line) and not line.startswith("1"):
            # As in CommonMark, only "1." starts a numbered list inside a paragraph: a wrapped
            # line that happens to begin "3. Trusler" is text, not a list.
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
