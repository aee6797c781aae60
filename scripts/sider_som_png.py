"""Render every page of built PDFs as PNG, to look at them as a reader would.

Charts and tables are checked at 200 dpi. Run from the repository after `make build`:

    .venv/bin/python scripts/sider_som_png.py build/2026-04-blaagaarden/*-bilag-2.pdf
    .venv/bin/python scripts/sider_som_png.py --dpi 100 --mappe /tmp/sider build/*/*.pdf

Each page becomes <mappe>/<pdf-navn>-side-<n>.png (the folder is build/sider by default).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2


def rasterise(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    """Write each page of `pdf` as a PNG in `folder` and return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            target = folder / f"{pdf.stem}-side-{number}.png"
            page.render(scale=dpi / 72).to_pil().save(target)
            written.append(target)
    finally:
        document.close()
    return written


def main() -> None:
    """Parse the command line and render the PDFs it names."""
    parser = argparse.ArgumentParser(description="Gem hver side af PDF'erne som PNG.")
    parser.add_argument("pdf", nargs="+", type=Path, help="de PDF'er, der skal vises")
    parser.add_argument("--dpi", type=int, default=200, help="opløsning (standard 200)")
    parser.add_argument(
        "--mappe", type=Path, default=Path("build/sider"), help="hvor PNG'erne gemmes"
    )
    arguments = parser.parse_args()
    for pdf in arguments.pdf:
        for png in rasterise(pdf, arguments.mappe, arguments.dpi):
            print(png)


if __name__ == "__main__":
    main()
