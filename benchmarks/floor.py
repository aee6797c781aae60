"""The floor: only WeasyPrint and vl-convert, doing the very conversions and renders of a build.

    .venv/bin/python benchmarks/floor.py JOB.json OUT_DIR

JOB.json (written by benchmarks/build.py from a real build's prepared documents) holds each
note's final HTML and chart specs. This script imports nothing of reportgen: it converts the
specs, renders every document, writes each PDF and each note's combined PDF. What a build
costs beyond this is reportgen's own overhead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import vl_convert
import weasyprint
from weasyprint.text.fonts import FontConfiguration


def main(job_file: Path, out: Path) -> None:
    job = json.loads(job_file.read_text(encoding="utf-8"))
    vl_convert.register_font_directory(job["fonts"])
    options = {"pdf_variant": "pdf/ua-1"}
    for note in job["notes"]:
        font_config, cache, rendered = FontConfiguration(), {}, []
        for document in note["documents"]:
            for chart in document["charts"]:
                svg = vl_convert.vegalite_to_svg(
                    chart["spec"], format_locale="da-DK", time_format_locale="da-DK"
                )
                Path(chart["target"]).write_text(svg, encoding="utf-8")
            html = weasyprint.HTML(string=document["html"], base_url=job["base_url"])
            laid_out = html.render(font_config=font_config, cache=cache, **options)
            (out / f"{document['name']}.pdf").write_bytes(laid_out.write_pdf(**options))
            rendered.append(laid_out)
        if len(rendered) > 1:
            pages = [page for laid_out in rendered for page in laid_out.pages]
            combined = rendered[0].copy(pages).write_pdf(**options)
            (out / f"{note['name']}-samlet.pdf").write_bytes(combined)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
