"""What marks a draft: "UDKAST" on every page, the build time and the content's commit.

A final build carries neither. The time honours SOURCE_DATE_EPOCH, so a draft can be made
byte-identical too.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from . import formatting
from .errors import ReportgenError


@dataclass(frozen=True)
class Udkast:
    """When a draft was built and from which commit of the content."""

    bygget: str  # "23. november 2026 kl. 10.15"
    commit: str | None  # "3f2a9c1", "3f2a9c1 med ikke-committede ændringer", or None

    @property
    def linje(self) -> str:
        """Return the footer line of a draft."""
        commit = f" · commit {self.commit}" if self.commit else ""
        return f"UDKAST · bygget {self.bygget}{commit}"


def source_date_epoch() -> int | None:
    """Return SOURCE_DATE_EPOCH if it is set (checked: a bad value stops the build)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(_from_epoch(epoch).timestamp()) if epoch.strip() else None


def build_moment() -> tuple[datetime, str]:
    """Return the time of this build in Copenhagen (SOURCE_DATE_EPOCH if set) and its zone."""
    epoch = source_date_epoch()
    moment = datetime.fromtimestamp(epoch, UTC) if epoch is not None else datetime.now(UTC)
    try:
        from zoneinfo import ZoneInfo

        return moment.astimezone(ZoneInfo("Europe/Copenhagen")), ""
    except Exception:  # without time zone data, say it is UTC
        return moment, " UTC"


def _from_epoch(epoch: str) -> datetime:
    """Read SOURCE_DATE_EPOCH: whole seconds since 1 January 1970, as reproducible builds set it."""
    try:
        return datetime.fromtimestamp(int(epoch.strip()), UTC)
    except (ValueError, OverflowError, OSError):
        raise ReportgenError(
            f"SOURCE_DATE_EPOCH er sat til '{epoch[:40]}', men skal være et helt antal sekunder "
            "siden 1. januar 1970, fx 1767225600. Ret variablen, eller fjern den."
        ) from None


def build_day() -> date:
    """Return the day of this build: a new version of a sent note is named by it."""
    return build_moment()[0].date()


def udkast_for(root: Path) -> Udkast:
    """Return the draft marking for a build of the project in `root`, now."""
    moment, zone = build_moment()
    return Udkast(f"{formatting.dato(moment.date())} kl. {moment:%H.%M}{zone}", _commit(root))


def _commit(root: Path) -> str | None:
    """Return the content repository's commit, and whether content has changed since."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "content", "data", "templates"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None  # not a git repository, or no git
    return f"{head} med ikke-committede ændringer" if dirty else head
