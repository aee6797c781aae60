"""Values read from content that remember where they were written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Text:
    """A caseworker's Markdown-light text with `{{ … }}` expressions, and where it was written."""

    source: str
    path: Path
    line: int
    keeps_lines: bool = True

    def line_at(self, offset: int) -> int:
        """Return the file line of character `offset` in the text (its first line if unsure)."""
        if not self.keeps_lines:
            return self.line
        return self.line + self.source.count("\n", 0, offset)


@dataclass(frozen=True)
class Filsti:
    """A data file named in a note, relative to the project, and where it was named."""

    text: str
    path: Path  # the note that names it
    line: int
