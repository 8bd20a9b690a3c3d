"""Benchmark: does caching the built score statements pay? The same reads with the statements built on every call
and with them kept in an lru_cache, interleaved in one process so that the machine's load hits both alike.

    python bench/statement_cache.py [--db /tmp/pokja-bench-pages.db] [--rounds 12]

Uses bench/pages.py's database (40,000 members; run bench/pages.py once to generate it). The reads: the year's
board with the rank change (stored periods), a sector's board and ranks (stored, filtered), the board's groups,
and a custom range's board (computed live by core/score_sql.py). Prints the median of each way and their ratio,
and what building and compiling one board statement costs without a database. It asserts nothing; exit 0.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "pokja-bench-pages.db")
    ap.add_argument("--rounds", type=int, default=12)
    args = ap.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} is missing: run bench/pages.py once to generate it")
    from sqlalchemy.orm import Session

    from core import derived, periods, score_sql
    from core.db import make_engine
    from dashboard.queries import groups, scores
    from dashboard.queries.scores import MemberFilter

    engine = make_engine(f"sqlite:///{args.db}")
    derived.keep_current(engine)
    built = {name: getattr(getattr(mod, name), "__wrapped__", getattr(mod, name))
             for mod, name in ((scores, "scores_select"), (scores, "_stored"), (score_sql, "scored"))}
    owners = {"scores_select": (scores,), "_stored": (scores,), "scored": (score_sql, scores)}  # scores imports it
    cached = {name: functools.lru_cache(maxsize=256)(fn) for name, fn in built.items()}

    def use(way: dict) -> None:
        for name, fn in way.items():
            for module in owners[name]:
                setattr(module, name, fn)

    today = periods.today_wita()
    year = periods.calendar_period("tahun", today)
    custom = (year[0] + dt.timedelta(days=10), today - dt.timedelta(days=3))
    sector = MemberFilter(sector="Akademisi")

    def reads(s: Session) -> None:
        scores.leaderboard_page(s, *year, None, previous=(year[0] - periods.WEEK, today - periods.WEEK), limit=100)
        scores.leaderboard_page(s, *year, sector, limit=100)
        scores.member_ranks(s, *year, sector)
        groups.board_groups(s, *year, None)
        scores.leaderboard_page(s, *custom, sector, limit=100)

    times: dict[str, list[float]] = {"built every call": [], "lru_cache": []}
    with Session(engine) as s:
        reads(s)
        for _ in range(args.rounds):
            for label, way in (("built every call", built), ("lru_cache", cached)):
                use(way)
                t = time.perf_counter()
                reads(s)
                times[label].append((time.perf_counter() - t) * 1000)
    use(built)
    t = time.perf_counter()
    for _ in range(50):
        built["scores_select"](year[0], year[1], sector, None, None).compile()
    build_ms = (time.perf_counter() - t) * 1000 / 50
    every, kept = (statistics.median(times[k]) for k in ("built every call", "lru_cache"))
    print(f"five reads, statements built every call: median {every:.1f} ms of {args.rounds}")
    print(f"five reads, statements in an lru_cache:  median {kept:.1f} ms of {args.rounds}")
    print(f"ratio built/cached: {every / kept:.2f}x; building and compiling one board statement: {build_ms:.2f} ms")


if __name__ == "__main__":
    main()
