"""The bulk fast path of an upload's writes, and every performance trick it needs, in one place: the cyclic
collector paused, inserts by column straight on the DBAPI cursor, SQLite's secondary indexes set aside and its
page cache enlarged for a large insert. Measured by bench/ingest.py; nothing here changes what is written.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import operator
import re
import threading
from collections import defaultdict

from sqlalchemy import Date
from sqlalchemy.orm import Session

from core import trace
from core.db import insert_many, iso_dates

_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


def gc_paused(fn):  # noqa: ANN001, ANN201
    """Run ``fn`` with the cyclic garbage collector paused (process-wide, re-entrant, thread-safe).

    A load builds a few hundred thousand short-lived dicts, lists and records that hold no reference cycles;
    with the collector on, each young generation sweep and each full sweep over the growing heap walks them
    again (about 1.5 s of a 100,000-row load). Reference counting still frees everything as usual.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        global _gc_pausers, _gc_was_enabled
        with _gc_lock:
            if _gc_pausers == 0:
                _gc_was_enabled = gc.isenabled()
                gc.disable()
            _gc_pausers += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _gc_lock:
                _gc_pausers -= 1
                if _gc_pausers == 0 and _gc_was_enabled:
                    gc.enable()

    return wrapper



def bulk_insert(session: Session, table, rows: list[dict], constants: dict) -> None:  # noqa: ANN001
    """executemany straight on the DBAPI cursor: 100,000 rows without building SQLAlchemy parameters per row.

    Rows of one table can differ in their keys (a column absent from the file), so they are grouped by key set.
    """
    first = rows[0].keys()
    if all(r.keys() == first for r in rows):  # the usual case: one shape, no per-row grouping
        groups = {tuple(first): rows}
    else:
        groups = defaultdict(list)
        for row in rows:
            groups[tuple(row)].append(row)
    insert_columns(session, table, [{k: list(map(operator.itemgetter(k), group)) for k in keys}
                                     for keys, group in groups.items()], constants)


def insert_columns(session: Session, table, groups: list[dict[str, list]], constants: dict) -> None:  # noqa: ANN001
    """Insert rows given by column (each group: column -> values, all of one length), plus constant columns.

    The parameters are zipped from the columns; on SQLite dates go as the ISO text SQLAlchemy stores them as.
    """
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    total = sum(len(next(iter(columns.values()))) for columns in groups)
    with sqlite_indexes_set_aside(conn, table, total) if sqlite else contextlib.nullcontext():
        for columns in groups:
            values = list(columns.values())
            if sqlite:
                values = [iso_dates(c) if isinstance(table.c[k].type, Date) else c for k, c in zip(columns, values)]
            n = len(values[0])
            fixed = [itertools.repeat(v, n) for v in constants.values()]
            insert_many(conn, table, [*columns, *constants], list(zip(*values, *fixed)))
            trace.mark(f"{table.name}: {n:,} rows inserted")


@contextlib.contextmanager
def sqlite_indexes_set_aside(conn, table, inserting: int):  # noqa: ANN001, ANN201
    """SQLite: a large insert into a table no more than a few times its size goes faster without the table's
    secondary indexes, rebuilt afterwards (by sorting) from their own CREATE INDEX statements, all within the
    transaction: readers keep seeing the indexed table, and a rollback brings the indexes back as they were.
    Unique indexes stay, so a duplicate key still fails at its row.
    """
    name = table.name
    if inserting < 10_000:
        yield
        return
    stored = conn.exec_driver_sql(f'SELECT COUNT(*) FROM "{name}"').scalar()
    if stored > 4 * inserting:
        yield
        return
    indexes = [(index, sql) for index, sql in conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (name,))
        if not re.match(r"\s*CREATE\s+UNIQUE\b", sql, re.IGNORECASE)]
    for index, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{index}"')
    try:
        with sqlite_page_cache(conn, MIB_64):  # CREATE INDEX sorts in memory instead of temp files
            yield
    finally:
        for _, sql in indexes:
            conn.exec_driver_sql(sql)
        trace.mark(f"{name}: indexes rebuilt")


MIB_64 = 64 << 20


@contextlib.contextmanager
def sqlite_page_cache(conn, size: int):  # noqa: ANN001, ANN201
    """SQLite: a page cache of at least ``size`` bytes meanwhile (2 MiB by default), so that a large upload's
    dirty pages stay in memory until the commit instead of spilling into the WAL and being written again."""
    if conn.dialect.name != "sqlite":
        yield
        return
    cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()  # pages if > 0, KiB if < 0
    conn.exec_driver_sql(f"PRAGMA cache_size = {min(cache_size, -(size >> 10)) if cache_size < 0 else -(size >> 10)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")



def chunks(seq: list, size: int):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]

