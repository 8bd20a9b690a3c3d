"""Engine and sessions, and bringing a database's schema up to date (Alembic) before anything uses it."""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import os
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, create_engine, event, select, text
from sqlalchemy.orm import Session, sessionmaker

from core.models import AppState
from core.settings import PRIVATE_FILE, PROJECT_ROOT, private_dir

MIGRATIONS_DIR = PROJECT_ROOT / "dashboard" / "migrations"  # the app's schema history (Alembic loads it by path)
DATA_VERSION_KEY = "data_version"
SQLITE_MMAP_BYTES = 1 << 30  # address space, not memory: the OS pages in what is read
CLIENT_CHECK_MS = 2000  # PostgreSQL: how often a running statement checks that its client is still there


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            _private_database_file(Path(path))
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001 - DBAPI hook
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            # Read through a memory map: pages stay in the OS cache across commits, where SQLite's own page
            # cache is dropped whenever another connection writes (the first query after an upload is faster).
            cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
            # Sorts and GROUP BYs (the running totals' rebuild, the ranks) in memory instead of temp files.
            cur.execute("PRAGMA temp_store=MEMORY")
            cur.close()

        return engine
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _pg_session(dbapi_conn, _record):  # noqa: ANN001 - DBAPI hook
        # A client that dies mid-statement (a loader killed half way) is noticed within seconds and its
        # statement cancelled; by default PostgreSQL runs the statement to its end, holding the write lock.
        if getattr(getattr(dbapi_conn, "info", None), "server_version", 0) < 140000:
            return
        autocommit = dbapi_conn.autocommit
        dbapi_conn.autocommit = True  # a SET inside the pool's first transaction would be rolled back
        cur = dbapi_conn.cursor()
        cur.execute(f"SET client_connection_check_interval = {CLIENT_CHECK_MS}")
        cur.close()
        dbapi_conn.autocommit = autocommit

    return engine


def _private_database_file(path: Path) -> None:
    """The SQLite file (and its -wal and -shm, which SQLite makes with the database's mode) readable by the app's
    user only: made 0600 before SQLite opens it, and an older 0644 one tightened."""
    if not path.parent.exists():
        private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if file.stat().st_mode & 0o077:
                os.chmod(file, PRIVATE_FILE)
        except FileNotFoundError:
            pass


@functools.lru_cache(maxsize=None)
def _alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_database(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision; safe to call on every start."""
    from alembic import command

    cfg = _alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several app workers may start at once: one migrates, the others wait for it.
            conn.execute(text("SELECT pg_advisory_xact_lock(4711001)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@contextlib.contextmanager
def startup_lock(engine: Engine):  # noqa: ANN201
    """One app process at a time through start-up work (migrations, the demo load).

    gunicorn starts several workers at once; on PostgreSQL a session advisory lock serializes them, on
    SQLite an exclusive lock on a file beside the database does.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(4711002)"))
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(4711002)"))
                conn.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.startup.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


SQLITE_ROWS_PER_INSERT = 500


def insert_many(conn: Connection, table: Table, names: Sequence[str], rows: list[tuple]) -> None:
    """INSERT ``rows`` (tuples in the order of ``names``) with one executemany straight on the DBAPI cursor:
    100,000 rows without SQLAlchemy's parameter processing per row. On SQLite, dates must already be the ISO
    text SQLAlchemy stores (``iso_dates``), and a large insert goes ``SQLITE_ROWS_PER_INSERT`` rows to a
    statement: the driver then steps and resets one statement per 500 rows instead of per row (about a quarter
    less CPU for the ingest benchmark's contributions and running totals, measured alone with their indexes)."""
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    one = f"({', '.join([marker] * len(names))})"
    head = f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({', '.join(map(quote, names))}) VALUES "
    if dialect.name == "sqlite" and len(rows) >= 2 * SQLITE_ROWS_PER_INSERT:
        per = min(SQLITE_ROWS_PER_INSERT, _sqlite_max_variables(conn) // len(names))
        whole = len(rows) - len(rows) % per
        if per > 1 and whole:
            flat = list(itertools.chain.from_iterable(rows[:whole]))
            step = per * len(names)
            conn.exec_driver_sql(head + ", ".join([one] * per),
                                 [tuple(flat[i:i + step]) for i in range(0, len(flat), step)])
            rows = rows[whole:]
    if rows:
        conn.exec_driver_sql(head + one, rows)


def _sqlite_max_variables(conn: Connection) -> int:
    """How many ``?`` one SQLite statement may hold (999 before SQLite 3.32, 32,766 since)."""
    import sqlite3

    try:
        return conn.connection.dbapi_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except (AttributeError, sqlite3.Error):
        return 999


def iso_dates(values: list) -> list:
    """Dates as 'YYYY-MM-DD' (how SQLAlchemy's Date stores them on SQLite), each distinct date formatted once."""
    iso = {d: d.isoformat() for d in set(values) if type(d) is dt.date}
    return list(map(iso.get, values, values))


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def data_version(session: Session) -> int:
    row = session.get(AppState, DATA_VERSION_KEY)
    return int(row.value) if row else 0


def bump_data_version(session: Session) -> int:
    """The next data version, in the session's transaction: every cached figure is keyed by it. Flows call
    core.derived.after_change, which calls this after updating the running totals and before storing
    today's periods for the new version."""
    row = session.execute(
        select(AppState).where(AppState.key == DATA_VERSION_KEY).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        row = AppState(key=DATA_VERSION_KEY, value="0")
        session.add(row)
    row.value = str(int(row.value) + 1)
    session.flush()
    return int(row.value)
