"""Benchmark: how soon `reportgen preview` serves the new pages after a one-sentence save.

    .venv/bin/python benchmarks/preview.py [--runs 9]

Starts `reportgen preview 2026-04-blaagaarden` on a throwaway copy of the example project,
waits for its first build, then appends a new sentence to the note's resume again and again.
Each run measures from the moment the file is saved to the moment the server's page holds
the new sentence, laid out in the note's PDF and drawn as an image: what a caseworker waits
for. Like the page in the browser, it listens to the server's events and fetches the page
once per event (polling would take the server's time from the build it waits for). It
reports the median and the spread in seconds.
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import NOTE, REPORTGEN, fresh_copy, with_sentence  # the benchmarks share their helpers


def listen(url: str, events: queue.Queue[str]) -> None:
    """Put each event the server sends on `events`, as the page's EventSource gets them."""
    with urllib.request.urlopen(url + "begivenheder") as stream:
        for line in stream:
            if line.startswith(b"data:"):
                events.put(line.decode("utf-8").strip())


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
            events: queue.Queue[str] = queue.Queue()
            threading.Thread(target=listen, args=(url, events), daemon=True).start()

            def page() -> str:
                with urllib.request.urlopen(url + "indhold") as response:
                    return response.read().decode("utf-8")

            def wait_until(shown: Callable[[str], bool]) -> None:
                while not shown(page()):
                    events.get(timeout=60)  # the next event, then the page as it is now

            wait_until(lambda text: "Bygget kl." in text)
            latencies = []
            for run in range(args.runs):
                word = f"Zebrafink{run}"  # one word: never hyphenated, found in the page text
                note.write_text(with_sentence(original, f"{word} kom."), encoding="utf-8")
                saved = time.perf_counter()
                wait_until(lambda text, word=word: word in text and "Bygger" not in text)
                latencies.append(time.perf_counter() - saved)
                time.sleep(0.5)  # the next save is a new edit, not part of this one
                while not events.empty():
                    events.get()
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
