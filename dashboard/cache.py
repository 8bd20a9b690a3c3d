"""Results cached per process, keyed by the data version that every upload commit and undo bumps.

Data changes only through an upload or an undo, and both bump ``app_state.data_version`` in the same
transaction as the data; a cached figure is served only while that version is unchanged, so it is never
older than the last commit. Reading the version is one primary-key lookup.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dashboard.db import data_version

_MAX_ENTRIES = 512
_lock = threading.Lock()
_store: OrderedDict[tuple, Any] = OrderedDict()


def cached_query(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap ``fn(session, *args)`` as ``wrapper(engine, *args)`` with a cache keyed by the data version."""

    @functools.wraps(fn)
    def wrapper(engine: Engine, *args: Any) -> Any:
        with Session(engine) as session:
            key = (fn.__module__, fn.__qualname__, str(engine.url), data_version(session), args)
            with _lock:
                if key in _store:
                    _store.move_to_end(key)
                    return _store[key]
            value = fn(session, *args)
        with _lock:
            _store[key] = value
            while len(_store) > _MAX_ENTRIES:
                _store.popitem(last=False)
        return value

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper


def clear() -> None:
    with _lock:
        _store.clear()
