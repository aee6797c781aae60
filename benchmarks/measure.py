"""How the benchmarks measure a command: wall time, CPU time, and each process's own peak memory.

    measure(command, cwd) -> Measurement

CPU time is the command's and every process it waited for (the render process included),
read from `wait4`; divided by the wall time, it says how many cores were used. Peak memory is
each process's own high-water mark (VmHWM in /proc), sampled while the command runs, so the
render process's peak is not reported as its parent's. `interleaved` runs cases A B C A B C …
rather than A A A B B B, so a machine that slows down or speeds up during the benchmark
shifts every case alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Measurement:
    """One run of a command."""

    wall: float  # seconds
    cpu: float  # seconds of user + system time, the command and what it waited for
    peaks: dict[str, int] = field(default_factory=dict)  # process role -> peak RSS in MB


@dataclass(frozen=True)
class Case:
    """A command to measure, and what to do (untimed) before each run of it."""

    name: str
    command: list[str]
    cwd: Path
    setup: Callable[[], None] = lambda: None


def measure(command: Sequence[str], cwd: Path) -> Measurement:
    """Run `command` in `cwd`; stop the benchmark if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peaks: dict[int, tuple[str, int]] = {}
    while True:
        _sample(process.pid, peaks)
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{error}")
    by_role: dict[str, int] = {}
    for role, kilobytes in peaks.values():
        by_role[role] = max(by_role.get(role, 0), kilobytes // 1024)
    return Measurement(wall, usage.ru_utime + usage.ru_stime, by_role)


def interleaved(cases: Sequence[Case], runs: int) -> dict[str, list[Measurement]]:
    """Run every case `runs` times, one run of each in turn."""
    found: dict[str, list[Measurement]] = {case.name: [] for case in cases}
    for _ in range(runs):
        for case in cases:
            case.setup()
            found[case.name].append(measure(case.command, case.cwd))
    return found


def summary(runs: list[Measurement]) -> dict[str, float]:
    """Return the median wall and CPU time, the cores used, and each role's highest peak."""
    wall = statistics.median(m.wall for m in runs)
    cpu = statistics.median(m.cpu for m in runs)
    roles = {role for m in runs for role in m.peaks}
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "cores": round(cpu / wall, 2),
        **{f"peak_mb_{role}": max(m.peaks.get(role, 0) for m in runs) for role in sorted(roles)},
    }


def _sample(root: int, peaks: dict[int, tuple[str, int]]) -> None:
    """Record the high-water mark of `root` and every process under it."""
    for pid in _tree(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue  # it ended between the listing and the reading
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                kilobytes = int(line.split()[1])
                role = "main" if pid == root else _role(cmdline)
                if kilobytes > peaks.get(pid, ("", 0))[1]:
                    peaks[pid] = (role, kilobytes)


def _tree(root: int) -> list[int]:
    """Return `root` and its descendants, as /proc lists them now."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            except OSError:
                continue
            todo.extend(int(child) for child in children)
    return found


def _role(cmdline: bytes) -> str:
    """Name a child process by what it is: the render process, or something else."""
    if b"spawn_main" in cmdline:
        return "render"
    if b"resource_tracker" in cmdline:
        return "tracker"
    return "child"
