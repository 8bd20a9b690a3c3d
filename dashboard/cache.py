"""Results cached per process, keyed by the data version that every upload commit and undo bumps.

Figures change only through an upload, an undo or an administrator's change to the scoring rules or the
reference data (dashboard.admin_flow), and each bumps ``app_state.data_version`` in the same transaction as the
change; a cached figure is served only while that version is unchanged, so it is never older than the last
commit. Reading the version is one primary-key lookup.

Taking a weekly snapshot does not bump the data version (a snapshot freezes data, it does not change it), so
read models over the snapshot tables go through ``cached_snapshot_query``, whose key also holds the number of
snapshots, the newest id and the newest creation time: a new or replaced snapshot shows at once.

Every key also holds the request's language (core.language): a view or a read model that holds words or
formatted figures is built once per language, and an English page never gets an Indonesian panel.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from core import language
from core import models as M
from core.db import data_version

_MAX_ENTRIES = 512
_lock = threading.Lock()
_store: OrderedDict[Hashable, Any] = OrderedDict()
_computing: dict[Hashable, threading.Event] = {}
R = TypeVar("R")  # a result type (T names an i18n dict in the page modules)
_WAIT = object()


def cached_value(key: Hashable, compute: Callable[[], R], busy: object = _WAIT) -> R:
    """The value stored under ``key`` in this process, computed by ``compute()`` when missing.

    One computation per key at a time: after a commit every worker thread serving the big screens misses at once,
    and one of them builds while the others wait for its result (instead of each building the same thing), or,
    when ``busy`` is given, get ``busy`` back at once (a caller that can make do without the value for now).
    """
    while True:
        with _lock:
            if key in _store:
                _store.move_to_end(key)
                return _store[key]
            waiting = _computing.get(key)
            if waiting is None:
                done = _computing[key] = threading.Event()
        if waiting is None:
            break
        if busy is not _WAIT:
            return busy  # type: ignore[return-value]
        waiting.wait()  # then read it from the store (or compute it, if the other computation failed)
    try:
        value = compute()
        with _lock:
            _store[key] = value
            while len(_store) > _MAX_ENTRIES:
                _store.popitem(last=False)
        return value
    finally:
        with _lock:
            del _computing[key]
        done.set()


def cached_query(fn: Callable[..., Any], also_key: Callable[[Session], Any] | None = None) -> Callable[..., Any]:
    """Wrap ``fn(session, *args, **kwargs)`` as ``wrapper(engine, *args, **kwargs)`` with a cache keyed by the
    data version (and by ``also_key(session)``, read uncached on every call, when given); the arguments must be
    hashable."""

    @functools.wraps(fn)
    def wrapper(engine: Engine, *args: Any, **kwargs: Any) -> Any:
        with Session(engine) as session:
            key = (fn.__module__, fn.__qualname__, str(engine.url), data_version(session),
                   also_key(session) if also_key else None, language.current(), args, tuple(sorted(kwargs.items())))
            return cached_value(key, lambda: fn(session, *args, **kwargs))

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper


def snapshot_state(session: Session) -> tuple:
    """(number of snapshots, newest id, newest creation time): changes whenever a snapshot is taken or replaced
    (SQLite may give a forced replacement the very id it replaces, so the id alone is not enough)."""
    return tuple(session.execute(select(func.count(), func.max(M.Snapshot.id), func.max(M.Snapshot.created_at))
                                 .select_from(M.Snapshot)).one())


def cached_snapshot_query(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``cached_query`` for read models over the snapshot tables (see the module's docstring)."""
    return cached_query(fn, also_key=snapshot_state)


def cached_view(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Cache a page's whole view, ``fn(engine, *args)``, by the data version, the snapshots, today's date in
    WITA (views say "this week") and the language, so a warm call skips building grid rows and charts again. The arguments may
    be dicts (a filter's values): they are keyed by their JSON form."""
    import datetime as dt
    import json

    from core.settings import TIMEZONE

    @functools.wraps(fn)
    def wrapper(engine: Engine, *args: Any) -> Any:
        with Session(engine) as session:
            key = ("view", fn.__module__, fn.__qualname__, str(engine.url), data_version(session),
                   snapshot_state(session), dt.datetime.now(TIMEZONE).date(), language.current(),
                   json.dumps(args, sort_keys=True, default=str))
        return cached_value(key, lambda: fn(engine, *args))

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper


def clear() -> None:
    with _lock:
        _store.clear()
