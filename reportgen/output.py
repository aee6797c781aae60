"""Writing output so that nothing is lost: a reader sees the old file or the new, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError, os_reason


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file in the same folder and a rename."""
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a PDF is meant to be shared
        os.replace(temporary, target)
    except BaseException as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(
                f"{target} kunne ikke skrives ({os_reason(error)}). Den sidste gode "
                "udgave af filen er urørt; ret fejlen (fx plads på disken) og byg igen."
            ) from error
        raise


def remove_leftovers(folder: Path) -> None:
    """Remove temporary files a write that was killed half-way left behind in `folder`."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        # write_atomically names them ".<target name>.<random>"; nothing else starts so.
        if path.is_file() and path.name.startswith(".") and path.name.count(".") >= 3:
            path.unlink(missing_ok=True)
