"""Several render processes at once: notes are handed in as they are prepared.

The main process prepares one note after another (data, figures, views, HTML and the plan)
and hands each plan to the pool. Each render process is driven by a thread of its own that
lays out one document at a time (`NoteJob.draw`), so a note's bilag are laid out side by
side; a finishing thread joins, writes and records each note once all its documents are
laid out (`NoteJob.finish`). The threads mostly wait on their processes, so preparing the
next notes and laying out the last ones overlap, on every core. What a note becomes does
not depend on which process lays out which document, nor on the order.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import ExitStack
from typing import Any, Generic, TypeVar

from .errors import DocumentFailed
from .job import Drawn, NoteJob, Plan, Written
from .render import RenderService

# Plans waiting per render process: enough that a process never waits for the next note,
# few enough that prepared notes (their HTML and views) do not pile up in memory.
WAITING_PER_PROCESS = 2

# A note's PDFs, or why the renderer could not make them. Any other error (a full disk, say)
# is no note's own: it stops the build.
Outcome = Written | DocumentFailed
K = TypeVar("K", bound=Hashable)  # what a caller calls a note by


class RenderPool(Generic[K]):
    """Carry out plans on `len(jobs)` render processes; collect each note's outcome."""

    def __init__(
        self, jobs: list[NoteJob], restart: Callable[[], RenderService] | None = None
    ) -> None:
        self._idle: queue.SimpleQueue[NoteJob] = queue.SimpleQueue()
        for job in jobs:
            self._idle.put(job)
        self._finisher = jobs[0]  # joining and writing need no render process
        self._restart = restart  # a process that died is replaced, if the pool owns them
        self._threads = ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="render")
        # One thread joins, writes and records the notes, in the order they were handed in.
        self._finishing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="finish")
        self._pending: dict[Future[Written], K] = {}
        self._limit = WAITING_PER_PROCESS * len(jobs)

    def submit(self, key: K, plan: Plan) -> Iterator[tuple[K, Outcome]]:
        """Hand in a note's plan under `key`; yield the notes (by key) finished meanwhile."""
        shares = [self._threads.submit(self._draw, plan, share) for share in plan.shares()]
        self._pending[self._finishing.submit(self._finish, plan, shares)] = key
        while len(self._pending) >= self._limit:
            yield from self._finished(block=True)
        yield from self._finished(block=False)

    def finish(self) -> Iterator[tuple[K, Outcome]]:
        """Yield every note still being made, as each is done."""
        while self._pending:
            yield from self._finished(block=True)

    def close(self) -> None:
        """Wait for the work handed out; plans not started are dropped (a build that stopped)."""
        self._threads.shutdown(wait=True, cancel_futures=True)
        self._finishing.shutdown(wait=True, cancel_futures=True)

    def abandon(self) -> None:
        """Start nothing more, and give no process that dies a new one: the build stops."""
        self._restart = None
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._finishing.shutdown(wait=False, cancel_futures=True)

    def _finished(self, *, block: bool) -> Iterator[tuple[K, Outcome]]:
        if not self._pending:
            return
        done, _ = wait(self._pending, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in [f for f in self._pending if f in done]:  # in the order handed in
            key = self._pending.pop(future)
            try:
                yield key, future.result()
            except DocumentFailed as error:  # this note's; the others go on
                yield key, error

    def _draw(self, plan: Plan, names: list[str]) -> Drawn:
        job = self._idle.get()
        try:
            if self._restart is not None and job.service is not None and not job.service.alive:
                # The process died on an earlier note (told there): this one gets a new one.
                job.service.close()
                job.service = self._restart()
            return job.draw(plan, names)
        finally:
            self._idle.put(job)

    def _finish(self, plan: Plan, shares: list[Future[Drawn]]) -> Written:
        drawn = [share.result() for share in shares]  # a share that failed fails the note
        return self._finisher.finish(plan, drawn)


def started(
    count: int, start: Callable[[], RenderService], make_job: Callable[[RenderService], NoteJob]
) -> tuple[ExitStack, RenderPool[Any]]:
    """Start `count` render processes and a pool over them; the stack stops them all."""
    stack = ExitStack()
    services = [stack.enter_context(start()) for _ in range(count)]
    pool: RenderPool[Any] = RenderPool(
        [make_job(s) for s in services], restart=lambda: stack.enter_context(start())
    )
    return stack, pool
