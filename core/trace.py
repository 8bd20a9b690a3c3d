"""Phase marks for `pokja load`, printed to stderr only when ``POKJA_TRACE`` is set (bench/ingest.py uses it).

``mark("label")`` prints the seconds since the process started (from /proc, so interpreter start-up counts)
and the label. The reader's child process inherits the parent's start (``POKJA_TRACE_T0``), so both print on
one time line. When tracing is off a mark is a call that returns at once.
"""
from __future__ import annotations

import os
import sys
import threading
import time

ON = bool(os.environ.get("POKJA_TRACE"))


def _process_start() -> float:
    """Wall-clock time this process started (10 ms ticks); now, where /proc is missing."""
    try:
        with open("/proc/self/stat", "rb") as fh:
            ticks = int(fh.read().rsplit(b")", 1)[1].split()[19])
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
        return time.time() - age
    except (OSError, ValueError, IndexError, AttributeError):
        return time.time()


T0 = (float(os.environ.get("POKJA_TRACE_T0") or 0) or _process_start()) if ON else 0.0


def mark(label: str) -> None:
    if ON:
        name = threading.current_thread().name
        where = "" if name == "MainThread" else f" [{name}]"
        print(f"[trace] {time.time() - T0:7.3f} {label}{where}", file=sys.stderr, flush=True)


def child_env() -> dict[str, str]:
    """What a child process needs to mark on the parent's time line."""
    return {"POKJA_TRACE_T0": repr(T0)} if ON else {}
