"""Derived data as one explicit step: what every change to the records, the members or the rules must update in
its own transaction, and what is kept current in the background.

A flow (an upload's commit, an undo, a merge, a guest made member, a rule or reference change) calls
``after_change`` after its writes, inside its transaction:

1. the running totals (core/tally.py) of the members it touched;
2. a new data version (core/db.py: a counter; every cached figure is keyed by it);
3. today's stored periods (core/periods.py) carried to the new version, recomputed only for those members;
   a change of the weights recomputes them all.

What needs no change of the data is left to ``keep_current``: the first change of a new day finds no period of
that day to carry, so the commit stays cheap and a background thread of the web app (``start_keeper``) stores the
day's periods; the pages compute live until then, as they do for any period not stored.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core import periods, tally
from core.db import bump_data_version

log = logging.getLogger(__name__)

KEEPER_INTERVAL_S = 30.0


def after_change(session: Session, members: Collection[int] = (), *, weights: bool = False,
                 new: tally.NewRecords | None = None, pending: Callable[[], object] | None = None) -> int:
    """Update the derived data after a change in ``session``'s transaction (the caller commits) and return the
    new data version.

    ``members``: those whose records (attendance, contributions, membership) the change wrote or deleted; their
    running totals are rebuilt (``new`` and ``pending`` as in tally.rebuild) and their stored scores recomputed.
    Members who joined or left the Aktif members are found by the periods themselves. ``weights``: the points
    changed, so every stored score is recomputed (the only case that costs as much as the board)."""
    if members or pending is not None:
        tally.rebuild(session, members, new, pending)
    version = bump_data_version(session)
    today = periods.today_wita()
    if weights:
        periods.drop_all(session)
        periods.store_missing(session, today)
    else:
        periods.carry_forward(session, version - 1, version, members, today)
    return version


def keep_current(engine: Engine) -> int:
    """Store today's standard periods at the current data version when some are missing (a new day, a database
    just migrated, a change made while none was stored), and drop older ones. Returns the periods computed."""
    try:
        with Session(engine) as s:
            today = periods.today_wita()
            if not periods.missing(s, today):
                return 0
            n = periods.store_missing(s, today)
            s.commit()
            log.info("stored the scores of %d periods for %s", n, today)
            return n
    except SQLAlchemyError as exc:  # e.g. a commit or another worker came first: the next round sees theirs
        log.info("period refresh skipped: %s", exc)
        return 0


def start_keeper(engine: Engine, interval: float = KEEPER_INTERVAL_S) -> threading.Thread:
    """A daemon thread per app process running ``keep_current`` now and every ``interval`` seconds (the check is
    one small query). With several workers each runs one; a period stored twice is refused by its unique key."""

    def loop() -> None:
        while True:
            keep_current(engine)
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="pokja-periods", daemon=True)
    thread.start()
    return thread
