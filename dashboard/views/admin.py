"""What /admin's tabs read: the members that may be one person (the directory tab), the sectors, and the evidence
cut-off (the letters tab)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from dashboard import people_flow
from dashboard.cache import cached_view
from dashboard.queries import cached, today_wita


@cached_view
def duplicate_pairs(engine: Engine) -> list[dict]:
    """people_flow.duplicates, cached by the data version (every merge, undo and upload bumps it): it compares
    every stored member's name, 1.8 s at 40,000 members, and /admin showed it on every visit (bench/browser.py)."""
    return people_flow.duplicates(engine)


def sector_names(engine: Engine) -> list[str]:
    """The sectors, in their order."""
    return cached.template_choices(engine)[0]


def evidence_cutoff(engine: Engine) -> dt.date:
    """The cut-off evidence must be dated on or after (set on /admin; else 1 January of this year)."""
    return cached.stored_cutoff(engine, today_wita())
