"""Stage 6, PDF: HTML rendered by WeasyPrint into a tagged PDF/UA document, written atomically.

WeasyPrint may read only files inside the folders it is given (the project); every other
URL — the network, /etc/passwd — is refused, and a refusal stops the build. This module
imports WeasyPrint, so commands that do not render must not import it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import RenderError

try:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
except OSError as error:  # Pango or its friends are missing from the system
    raise RenderError(
        "WeasyPrint kan ikke starte, fordi et systembibliotek mangler "
        f"({error}). Kør 'make build', der installerer det, eller installer selv Debians "
        "pakker libpango-1.0-0 og libpangoft2-1.0-0."
    ) from error

PDF_VARIANT = "pdf/ua-1"


class ProjectOnlyFetcher(weasyprint.URLFetcher):
    """Fetch only files inside the allowed folders; refuse and remember everything else."""

    def __init__(self, allowed: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.allowed = [p.resolve() for p in allowed]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch `url` if it is a file inside an allowed folder."""
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in self.allowed):
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"reportgen henter ikke {url}: kun projektets egne filer må bruges.")


def render_pdf(
    html: str, *, base_dir: Path, allowed: Iterable[Path], cache: dict | None = None
) -> bytes:
    """Render `html` (whose relative links start in `base_dir`) to tagged PDF bytes."""
    fetcher = ProjectOnlyFetcher(allowed)
    document = weasyprint.HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(
        font_config=FontConfiguration(),
        pdf_variant=PDF_VARIANT,
        cache=cache if cache is not None else {},
    )
    if fetcher.refused:
        raise RenderError(
            "Dokumentet henviser til filer uden for projektet, som ikke må hentes: "
            + ", ".join(fetcher.refused)
            + ". Ret skabelonen, så den kun bruger filer i projektets mapper."
        )
    return pdf


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` so that a reader sees the old file or the new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a PDF is meant to be shared
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
