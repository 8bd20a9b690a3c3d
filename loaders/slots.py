"""At most N workbook parses at once on this server, across all its worker processes, with a short queue before them.

Each parse runs a child process that may take ``POKJA_PARSE_MEMORY_MB``; three at once took 2.7 GiB. The slots are
N files under ``POKJA_DATA_DIR/parse-slots`` locked with ``flock`` (per open file, so threads of one worker exclude
each other too; the kernel frees the lock of a process that dies, so a killed worker never leaks a slot). Before the
slots stand Q waiting places, locked the same way: an upload that finds no free slot takes a place and polls for a
slot for at most ``POKJA_PARSE_WAIT_S``; one that finds the queue full is refused at once. So waiting uploads hold
at most Q threads of the server, each for a bounded time, and never the threads the big screens need.
"""
from __future__ import annotations

import fcntl
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.settings import Settings

POLL_S = 0.05


class ServerBusy(Exception):
    """Every parse slot is taken and the queue before them is full, or the wait ran out: try again shortly."""


@dataclass(frozen=True)
class ParseSlots:
    folder: Path
    slots: int
    queue: int
    wait_s: float

    @classmethod
    def of(cls, settings: Settings) -> "ParseSlots":
        limits = settings.limits
        return cls(settings.data_dir / "parse-slots", limits.parse_slots, limits.parse_queue, limits.parse_wait_s)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold one parse slot for the block; ServerBusy when none comes free in time (or the queue is full)."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        slot = self._take("slot", self.slots)
        if slot is None:
            place = self._take("queue", self.queue)
            if place is None:
                raise ServerBusy
            try:
                deadline = time.monotonic() + self.wait_s
                while slot is None and time.monotonic() < deadline:
                    time.sleep(min(POLL_S, max(0.0, deadline - time.monotonic())))
                    slot = self._take("slot", self.slots)
            finally:
                os.close(place)
            if slot is None:
                raise ServerBusy
        try:
            yield
        finally:
            os.close(slot)  # closing the last descriptor of the open file releases its flock

    def _take(self, kind: str, count: int) -> int | None:
        """A locked descriptor of one free ``kind-i.lock`` file, or None when all ``count`` are taken."""
        order = list(range(count))
        random.shuffle(order)  # waiters do not all contend for slot 0
        for i in order:
            fd = os.open(self.folder / f"{kind}-{i}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            except BaseException:
                os.close(fd)
                raise
            return fd
        return None
