"""Uploads in flight: the log entry written before the data, its owner's liveness lock, and abandoned ones.

``load_file`` first commits an ``upload`` row with outcome ``processing`` (``claim_upload``); its data
transaction turns that row into ``committed`` together with the data, so a commit is all or nothing and the
log names every attempt. A loader killed on the way (SIGKILL, power cut, OOM killer) leaves its row at
``processing``; ``recover_interrupted`` (run on every start of the app and of ``pokja``, before each load and
when the upload log is listed) marks such a row ``interrupted`` once it knows that the row's owner is dead.

How the owner is known to be dead: the owner holds a lock that the operating system or the database server
drops when the owner's process dies, and that nobody else can take while it lives.

* PostgreSQL: a session advisory lock on (``ADVISORY_NAMESPACE``, upload id), taken in the same transaction
  that inserts the ``processing`` row (so the row is never visible without its lock) on the connection that
  then runs the data transaction. A dead client's connection ends, and the server releases the lock and rolls
  the data back together. This works across several app servers sharing one database.
* SQLite: an exclusive ``flock`` on ``<database>.upload-<id>.lock`` beside the database file, taken before the
  row's insert commits. The kernel drops it when the process dies; ``flock`` locks belong to an open file, so
  another thread of the same process cannot take it either. An SQLite database lives on one host.

The row's owner pid or age is not used: pids are reused, and a slow upload is not a dead one.
"""
from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, insert, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from core import audit
from core import models as M
from core.i18n import LOADER

PROCESSING = "processing"
INTERRUPTED = "interrupted"
ADVISORY_NAMESPACE = 4711003  # first key of pg_advisory_lock(int, int); the second is the upload id
BUSY_PATIENCE_S = 600.0  # how long an SQLite writer waits for another process's long upload to finish
PROCESSING_MESSAGE = LOADER["processing"]
INTERRUPTED_MESSAGE = LOADER["interrupted"]
FAILED_MESSAGE = LOADER["failed"]  # {error}

R = TypeVar("R")  # a result type (T names an i18n dict in the page modules)
_memory_claims: set[int] = set()  # an in-memory SQLite database has one process: its live claims
_memory_lock = threading.Lock()


# --- SQLite: wait out another process's write lock --------------------------------------------------


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked": another connection holds the write lock past the busy timeout."""
    orig = getattr(exc, "orig", None)
    return isinstance(exc, OperationalError) and (
        getattr(orig, "sqlite_errorcode", None) in (5, 6) or "database is locked" in str(orig))


def retry_when_busy(fn: Callable[[], R], on_busy: Callable[[], object] | None = None,
                    patience_s: float = BUSY_PATIENCE_S) -> R:
    """Run ``fn``; while SQLite answers "database is locked" (a big upload in another process can hold the write
    lock longer than the driver's busy timeout), call ``on_busy`` (e.g. a rollback) and try again."""
    deadline = time.monotonic() + patience_s
    while True:
        try:
            return fn()
        except OperationalError as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            if on_busy is not None:
                on_busy()
            time.sleep(0.05)


# --- The owner's side ----------------------------------------------------------------------------------


@dataclass
class Claim:
    """This process is working on upload ``upload_id``; ``bind`` is what the data transaction must run on."""

    upload_id: int
    engine: Engine
    bind: Engine | Connection
    _file: object | None = None
    _path: Path | None = None

    def fail(self, exc: BaseException) -> None:
        """The owner stopped with an error before committing: say so in the log (nothing was written)."""
        detail = FAILED_MESSAGE.format(error=type(exc).__name__)
        with contextlib.suppress(Exception):  # the original error matters more than this note
            _mark(self.engine, self.upload_id, detail, "upload.failed")

    def release(self) -> None:
        if isinstance(self.bind, Connection):
            with contextlib.suppress(Exception):  # a broken connection has released the lock already
                self.bind.execute(text("SELECT pg_advisory_unlock(:ns, :id)"),
                                  {"ns": ADVISORY_NAMESPACE, "id": self.upload_id})
                self.bind.commit()
            self.bind.close()
        if self._path is not None:
            self._path.unlink(missing_ok=True)
        if self._file is not None:
            self._file.close()  # drops the flock
        with _memory_lock:
            _memory_claims.discard(self.upload_id)


def claim_upload(engine: Engine, filename: str, sha256: str, size: int, user: str) -> Claim:
    """Commit the ``processing`` row of a new upload, already locked by this process (see the module's doc)."""
    row = {"filename": filename, "sha256": sha256, "size_bytes": size, "uploaded_by": user, "outcome": PROCESSING,
           "message": PROCESSING_MESSAGE, "uploaded_at": M.utcnow(), "counts_json": "{}", "error_count": 0}
    if engine.dialect.name == "postgresql":
        conn = engine.connect()
        try:
            with conn.begin():
                upload_id = conn.execute(insert(M.Upload).values(**row).returning(M.Upload.id)).scalar_one()
                # Session level: outlives this commit, ends with the connection (i.e. with this process).
                conn.execute(text("SELECT pg_advisory_lock(:ns, :id)"), {"ns": ADVISORY_NAMESPACE, "id": upload_id})
        except BaseException:
            conn.close()
            raise
        return Claim(upload_id, engine, conn)

    def insert_locked() -> Claim:
        with Session(engine) as s:
            upload_id = s.execute(insert(M.Upload).values(**row).returning(M.Upload.id)).scalar_one()
            path = lock_path(engine, upload_id)
            fh = None
            # Locked before the row can be seen.
            if path is None:
                with _memory_lock:
                    _memory_claims.add(upload_id)
            else:
                fh = _lock_file(path, wait=True)
            claim = Claim(upload_id, engine, engine, fh, path)
            try:
                s.commit()
            except BaseException:
                claim.release()
                raise
        return claim

    return retry_when_busy(insert_locked)


def lock_path(engine: Engine, upload_id: int) -> Path | None:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(f"{database}.upload-{upload_id}.lock")


def _lock_file(path: Path, wait: bool):  # noqa: ANN202 - an open file
    import fcntl

    fh = open(path, "a+")  # noqa: SIM115 - kept open: the lock lives as long as the file is open
    try:
        fcntl.flock(fh, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        return None
    return fh


# --- Everyone else's side: abandoned uploads -----------------------------------------------------------


def recover_interrupted(engine: Engine) -> list[int]:
    """Mark ``interrupted`` every ``processing`` upload whose owner is dead; returns their ids."""
    with Session(engine) as s:
        ids = list(s.scalars(select(M.Upload.id).where(M.Upload.outcome == PROCESSING).order_by(M.Upload.id)))
    if not ids:
        return []
    if engine.dialect.name == "postgresql":
        return [i for i in ids if _recover_pg(engine, i)]
    return [i for i in ids if _recover_sqlite(engine, i)]


def _recover_pg(engine: Engine, upload_id: int) -> bool:
    params = {"ns": ADVISORY_NAMESPACE, "id": upload_id}
    with engine.connect() as conn:
        if not conn.execute(text("SELECT pg_try_advisory_lock(:ns, :id)"), params).scalar():
            conn.rollback()
            return False  # its owner is alive
        try:
            conn.commit()
            return _mark(engine, upload_id, INTERRUPTED_MESSAGE, "upload.interrupted")
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:ns, :id)"), params)
            conn.commit()


def _recover_sqlite(engine: Engine, upload_id: int) -> bool:
    path = lock_path(engine, upload_id)
    if path is None:
        with _memory_lock:
            if upload_id in _memory_claims:
                return False
        return _mark(engine, upload_id, INTERRUPTED_MESSAGE, "upload.interrupted")
    fh = _lock_file(path, wait=False)
    if fh is None:
        return False  # its owner is alive
    try:
        return _mark(engine, upload_id, INTERRUPTED_MESSAGE, "upload.interrupted")
    finally:
        path.unlink(missing_ok=True)
        fh.close()


def _mark(engine: Engine, upload_id: int, message: str, action: str) -> bool:
    """``processing`` -> ``interrupted`` with ``message`` and an audit event; False when it was no longer
    processing (its owner finished meanwhile)."""

    def run() -> bool:
        with Session(engine) as s, s.begin():
            done = s.execute(update(M.Upload).where(M.Upload.id == upload_id, M.Upload.outcome == PROCESSING)
                             .values(outcome=INTERRUPTED, message=message)).rowcount
            if done:
                filename = s.scalar(select(M.Upload.filename).where(M.Upload.id == upload_id))
                audit.record(s, "sistem", action, f"#{upload_id} {filename}: {message}")
            return bool(done)

    return retry_when_busy(run)

