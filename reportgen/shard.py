"""A stable share of a project's notes, so that a CI matrix can spread a build over runners.

`reportgen build --shard 2/3` builds the notes whose name falls in the second of three
shares. A note's share depends on its name and the number of shares alone: adding or removing
another note moves no note to another runner, and every note is in exactly one share.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .errors import ReportgenError


class BadShard(ReportgenError):
    """A --shard that is not K/N with 1 ≤ K ≤ N."""


_FORM = re.compile(r"\s*(\d{1,4})\s*/\s*(\d{1,4})\s*")


@dataclass(frozen=True)
class Shard:
    """Share `nummer` of `antal` (counted from 1, as a CI matrix counts its jobs)."""

    nummer: int
    antal: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Read "K/N"; refuse anything else with a message that says what to write."""
        found = _FORM.fullmatch(text)
        if found is None:
            raise BadShard(
                f"'{text}' er ikke en andel af notaterne. Skriv --shard K/N, fx --shard 2/3 "
                "for den anden af tre andele."
            )
        nummer, antal = int(found[1]), int(found[2])
        if not 1 <= nummer <= antal:
            raise BadShard(
                f"Andel {nummer} af {antal} findes ikke: K i --shard K/N skal være fra 1 til N "
                f"(her 1 til {antal})."
                if antal
                else "N i --shard K/N skal være mindst 1."
            )
        return cls(nummer, antal)

    def rummer(self, name: str) -> bool:
        """Tell whether the note (or for_hver value) called `name` is in this share."""
        digest = hashlib.sha256(name.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.antal == self.nummer - 1

    def __str__(self) -> str:
        return f"{self.nummer}/{self.antal}"
