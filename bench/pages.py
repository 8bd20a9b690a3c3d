"""Benchmark: every page's data callbacks on a large synthetic dataset, cold and warm, against a pandas baseline.

    python bench/pages.py [--members 40000] [--activities 5000] [--attendance 4000000]
                          [--contributions 500000] [--repeat 5] [--db PATH]

Generates (once, cached in --db) a year of records: 40,000 members, 5,000 activities, 4,000,000 attendance
rows and 500,000 contributions, written straight into a SQLite database migrated by the app. Then, from one
run, prints the median of ``--repeat`` for each page's data functions:

  cold: the first call after a commit (``derived.after_change`` runs before every cold call: a new data version,
        today's stored periods carried to it, core/periods.py; its median is printed as the commit's cost;
        bench/commit.py measures a commit that touches members);
  warm: the same call again (served from the cache keyed by the data version);
  baseline: ``pandas.read_sql`` of the tables the figure needs, aggregated in pandas.

Targets: warm <= 20 ms, cold <= 500 ms, cold >= 10x faster than the baseline. It asserts nothing; exit 0.

``--without LAYER`` (repeatable) switches one cache layer off, to see what it pays for:

  stored     today's stored periods (core/periods.py): every score is computed live from the running totals;
  version    the data-version cache of the read models (queries.cached, dashboard/cache.py cached_query);
  view       the cache of whole views (dashboard/cache.py cached_view).

(A fourth layer, an lru_cache of the built score statements, was dropped: bench/statement_cache.py.)
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

YEAR = 2026
SECTOR_WEIGHTS = [("Pemerintah", 60), ("Akademisi", 10), ("Swasta", 12), ("Komunitas", 8), ("Masyarakat", 6),
                  ("Media", 4)]
STATUSES = [("Hadir", 62), ("Diwakili", 8), ("Izin", 12), ("Tidak Hadir", 15), ("Tidak Diundang", 3)]
KINDS = ["Tindak Lanjut Rekomendasi", "Data Dukung", "Paparan (Narasumber)", "Usulan Program", "Laporan",
         "Publikasi", "Lainnya"]


def _weighted(rng: random.Random, pairs):  # noqa: ANN001, ANN202
    names, weights = zip(*pairs, strict=True)
    return rng.choices(names, weights=weights)


def generate(db: Path, members: int, activities: int, attendance: int, contributions: int) -> None:
    from core.db import make_engine, upgrade_database

    engine = make_engine(f"sqlite:///{db}")
    upgrade_database(engine)
    rng = random.Random(2026)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    cur = con.cursor()
    now = dt.datetime(2026, 11, 1).isoformat(sep=" ")
    cur.execute("INSERT INTO upload (id, filename, sha256, size_bytes, uploaded_by, uploaded_at, outcome, "
                "counts_json, error_count) VALUES (1, 'bench.xlsx', 'x', 0, 'bench', ?, 'committed', '{}', 0)", (now,))
    sector_ids = dict(cur.execute("SELECT name, id FROM sector").fetchall())
    orgs = [f"Instansi {i:04d}" for i in range(800)]
    base = cur.execute("SELECT COALESCE(MAX(id), 0) FROM organization").fetchone()[0]  # after the seeded agencies
    cur.executemany("INSERT INTO organization (id, key, name, created_upload_id, upload_id) VALUES (?, ?, ?, 1, 1)",
                    [(base + i + 1, o.casefold(), o) for i, o in enumerate(orgs)])
    cur.executemany("INSERT INTO working_group (id, key, name, created_upload_id, upload_id) VALUES (?, ?, ?, 1, 1)",
                    [(i + 1, f"pokja {i}", f"Pokja {i}") for i in range(12)])
    sectors = [_weighted(rng, SECTOR_WEIGHTS)[0] for _ in range(members)]
    cur.executemany(
        "INSERT INTO member (id, key, code, name, name_key, organization_id, sector_id, role, working_group_id,"
        " dimension_id, status, created_upload_id, upload_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'Anggota', ?, ?, ?, 1, 1)",
        [(i + 1, f"anggota {i}|instansi", f"M{i:05d}", f"Anggota {i:05d}", f"anggota {i:05d}",
          base + rng.randrange(800) + 1,
          sector_ids[sectors[i]], rng.randrange(12) + 1, rng.randrange(6) + 1, "Aktif" if i % 50 else "Nonaktif")
         for i in range(members)])
    start = dt.date(YEAR, 1, 1)
    days = [start + dt.timedelta(days=d) for d in range(365)]
    cur.executemany(
        "INSERT INTO activity (id, key, code, date, name, kind, created_upload_id, upload_id)"
        " VALUES (?, ?, ?, ?, ?, 'Rapat', 1, 1)",
        [(i + 1, f"k{i}", f"K{i:05d}", rng.choice(days).isoformat(), f"Kegiatan {i}") for i in range(activities)])
    per_activity = attendance // activities
    status_names, status_weights = zip(*STATUSES, strict=True)
    batch = []
    n = 0
    for a in range(activities):
        for m in rng.sample(range(members), per_activity):
            n += 1
            batch.append((n, m + 1, a + 1, rng.choices(status_names, weights=status_weights)[0]))
        if len(batch) >= 200_000:
            cur.executemany("INSERT INTO attendance (id, member_id, activity_id, status, created_upload_id, upload_id)"
                            " VALUES (?, ?, ?, ?, 1, 1)", batch)
            batch.clear()
    if batch:
        cur.executemany("INSERT INTO attendance (id, member_id, activity_id, status, created_upload_id, upload_id)"
                        " VALUES (?, ?, ?, ?, 1, 1)", batch)
    rows = []
    for i in range(contributions):
        member = int(rng.paretovariate(1.2)) % members + 1
        verification = "Terverifikasi" if rng.random() < 0.9 else rng.choice(["Menunggu", "Ditolak"])
        rows.append((i + 1, f"#c{i}", f"C{i:06d}", rng.choice(days).isoformat(), member, rng.choice(KINDS),
                     f"Kontribusi {i}", verification))
    cur.executemany("INSERT INTO contribution (id, key, code, date, member_id, kind, description, verification,"
                    " created_upload_id, upload_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1)", rows)
    con.commit()
    con.close()
    # The running totals every upload keeps up to date (core/tally.py), built here in one go.
    from sqlalchemy.orm import Session

    from core import tally

    with Session(engine) as s:
        tally.rebuild(s)
        s.commit()
    with engine.connect() as c:
        c.exec_driver_sql("ANALYZE")
    engine.dispose()


def _without_stored() -> None:
    from core import periods

    periods.stored_id = lambda *_args, **_kwargs: None  # every read computes its scores live


def _bypass(views: bool) -> None:
    """cached_value computing every time for the keys of one layer: cached_view's keys start with "view"."""
    from dashboard import cache

    keep = cache.cached_value

    def cached_value(key, compute, busy=cache._WAIT):  # noqa: ANN001, ANN202
        is_view = isinstance(key, tuple) and key[:1] == ("view",)
        return compute() if is_view == views else keep(key, compute, busy)

    cache.cached_value = cached_value


LAYERS = {"stored": _without_stored, "version": lambda: _bypass(views=False), "view": lambda: _bypass(views=True)}


def _median_ms(fn, repeat: int, before=None) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        if before:
            before()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--members", type=int, default=40_000)
    ap.add_argument("--activities", type=int, default=5_000)
    ap.add_argument("--attendance", type=int, default=4_000_000)
    ap.add_argument("--contributions", type=int, default=500_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", default="", help="measure only the callbacks whose name contains this")
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "pokja-bench-pages.db")
    ap.add_argument("--without", action="append", default=[], choices=LAYERS,
                    help="switch a cache layer off (repeatable)")
    args = ap.parse_args()

    if not args.db.exists():
        t = time.perf_counter()
        generate(args.db, args.members, args.activities, args.attendance, args.contributions)
        print(f"generated {args.db} in {time.perf_counter() - t:.0f} s")
    import pandas as pd
    from sqlalchemy.orm import Session

    from core import derived
    from core.db import make_engine
    from core.settings import Settings
    from dashboard import cache
    from dashboard.web import create_app

    for layer in args.without:
        LAYERS[layer]()
    if args.without:
        print("cache layers off:", ", ".join(args.without))
    url = f"sqlite:///{args.db}"
    settings = Settings(database_url=url, data_dir=args.db.parent / "pokja-bench-data", secret_key="bench",
                        load_demo_when_empty=False)
    app = create_app(settings)
    engine = make_engine(url)
    derived.keep_current(engine)  # today's periods stored, as the web app's keeper does
    with engine.connect() as c:
        counts = {t: c.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                  for t in ("member", "activity", "attendance", "contribution")}
    print("rows:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    commits: list[float] = []

    def bump() -> None:
        t = time.perf_counter()
        with Session(engine) as s:
            derived.after_change(s)
            s.commit()
        commits.append((time.perf_counter() - t) * 1000)

    from bench.page_calls import page_calls

    with app.server.test_request_context("/"):
        calls = page_calls(app, engine)
        base = lambda: baseline(pd, engine)  # noqa: E731
        print(f"\n{'page / callback':44} {'cold ms':>9} {'warm ms':>9} {'baseline ms':>12} {'base/cold':>10}")
        baseline_ms = _median_ms(base, max(1, min(args.repeat, 3)))
        ok = True
        for name, fn in calls:
            if args.only not in name:
                continue
            cold = _median_ms(fn, args.repeat, before=bump)
            warm = _median_ms(fn, args.repeat)
            ratio = baseline_ms / cold if cold else float("inf")
            met = warm <= 20 and cold <= 500 and ratio >= 10
            ok &= met
            print(f"{name:44} {cold:9.1f} {warm:9.1f} {baseline_ms:12.1f} {ratio:9.1f}x {'ok' if met else 'MISSED'}")
        cache.clear()
    print(f"\ncommit (derived.after_change touching no member: today's periods carried): median {statistics.median(commits):.0f} ms "
          f"of {len(commits)}")
    print(f"targets: warm <= 20 ms, cold <= 500 ms, cold >= 10x faster than baseline: "
          f"{'all met' if ok else 'NOT all met'}")


def baseline(pd, engine) -> None:  # noqa: ANN001
    """The naive way: read the tables into pandas and aggregate the leaderboard there."""
    with engine.connect() as c:
        members = pd.read_sql("SELECT id, name, organization_id, sector_id, status FROM member", c)
        activity = pd.read_sql("SELECT id, date FROM activity", c)
        att = pd.read_sql("SELECT member_id, activity_id, status FROM attendance", c)
        con = pd.read_sql("SELECT member_id, date, kind, verification FROM contribution", c)
        weights = pd.read_sql("SELECT category, key, points FROM scoring_weight", c)
    att = att.merge(activity, left_on="activity_id", right_on="id")
    att = att.merge(weights[weights.category == "attendance"], left_on="status", right_on="key", how="left")
    att_points = att.groupby("member_id")["points"].sum()
    con = con[con.verification == "Terverifikasi"]
    con = con.merge(weights[weights.category == "contribution"], left_on="kind", right_on="key", how="left")
    con_points = con.groupby("member_id")["points"].sum()
    score = members.set_index("id").join(att_points.rename("a")).join(con_points.rename("c")).fillna(0)
    score["score"] = score["a"] + score["c"]
    score.sort_values("score", ascending=False)["score"].rank(method="min", ascending=False)


if __name__ == "__main__":
    main()
