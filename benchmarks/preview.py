"""Benchmark: how soon `reportgen preview` serves the new pages after a one-sentence save.

    .venv/bin/python benchmarks/preview.py [--runs 9]

Starts `reportgen preview 2026-04-blaagaarden` on a throwaway copy of the example project,
waits for its first build, then appends a new sentence to the note's resume again and again.
Each run measures from the moment the file is saved to the moment the server's page holds
the new sentence, laid out in the note's PDF and drawn as an image: what a caseworker waits
for. It reports the median and the spread in seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import NOTE, REPORTGEN, fresh_copy  # the benchmarks share their helpers


def with_sentence(note: str, sentence: str) -> str:
    """Return the note's YAML with `sentence` added to the end of the resume's first line."""
    lines = note.split("\n")
    first = lines.index("resume: |") + 1
    lines[first] = f"{lines[first]} {sentence}"
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = fresh_copy(Path(folder) / "projekt")
        note = project / "content" / f"{NOTE}.yaml"
        original = note.read_text(encoding="utf-8")
        process = subprocess.Popen(
            [*REPORTGEN, "preview", NOTE, "--projekt", str(project)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            url = process.stdout.readline().split(": ", 1)[1].strip()  # type: ignore[union-attr]

            def page() -> str:
                with urllib.request.urlopen(url + "indhold") as response:
                    return response.read().decode("utf-8")

            while "Bygget kl." not in page():
                time.sleep(0.1)
            latencies = []
            for run in range(args.runs):
                word = f"Zebrafink{run}"  # one word: never hyphenated, found in the page text
                note.write_text(with_sentence(original, f"{word} kom."), encoding="utf-8")
                saved = time.perf_counter()
                while True:
                    shown = page()
                    if word in shown and "Bygger" not in shown:
                        break
                    time.sleep(0.005)
                latencies.append(time.perf_counter() - saved)
                time.sleep(0.5)  # the next save is a new edit, not part of this one
        finally:
            process.terminate()
            process.wait(timeout=20)
    print(
        json.dumps(
            {
                "runs": args.runs,
                "save_to_pages_median_s": round(statistics.median(latencies), 3),
                "min_s": round(min(latencies), 3),
                "max_s": round(max(latencies), 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
