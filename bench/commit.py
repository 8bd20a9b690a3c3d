"""Benchmark: what a commit costs at national scale (issue: commits that stay cheap), before and after, one run.

    python bench/commit.py [--db PATH] [--rows 20] [--repeat 5]

Uses bench/pages.py's database (40,000 members, a year of records; generated there, ``--db`` as there) on a copy,
with today's standard periods stored (as in the middle of a working day), and prints medians of ``--repeat``:

  full:   recomputing every stored row of today's periods (``periods.drop_all`` + ``store_missing``): what every
          data-version bump cost before core/derived.py (and what a change of the weights still costs);
  carry:  the bump's own cost for the ``--rows`` members a small upload touches: the version, today's periods
          carried forward with those members' rows recomputed (``periods.carry_forward``); then the whole
          ``derived.after_change`` (their running totals too);
  load:   ``pokja load`` of a ``--rows``-row Kontribusi workbook end to end, as a subprocess (interpreter start-up
          and the read included), committed, with today's periods stored;
  load, first of the day: the same with no period of today stored (the commit finds nothing to carry; the web
          app's keeper stores the day afterwards).

Targets: carry <= 10 % of full; a 20-row upload commits in under 1 s end to end. It asserts nothing; exit 0.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))


def _workbook(path: Path, rows: int, first: int, members: list[str]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kontribusi"
    ws.append(["Kode Kontribusi", "Tanggal", "Kode Anggota", "Jenis Kontribusi", "Uraian"])
    today = dt.date.today()
    for j in range(rows):
        ws.append([f"BENCH-{first + j:07d}", today - dt.timedelta(days=j % 7), members[j % len(members)],
                   "Data Dukung", f"kontribusi bench {first + j}"])
    wb.save(path)
    return path


def _timed_ms(fn) -> float:  # noqa: ANN001
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "pokja-bench-pages.db")
    ap.add_argument("--rows", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if not args.db.exists():
        print(f"{args.db} missing: run `python bench/pages.py --db {args.db}` first (it generates the data)")
        return 0
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from core import derived, periods
    from core import models as M
    from core.db import bump_data_version, make_engine, upgrade_database

    work = Path(tempfile.mkdtemp(prefix="pokja-bench-commit-"))
    try:
        db = work / "pokja.db"
        shutil.copyfile(args.db, db)
        url = f"sqlite:///{db}"
        engine = make_engine(url)
        upgrade_database(engine)
        derived.keep_current(engine)
        today = periods.today_wita()
        with Session(engine) as s:
            aktif = s.scalar(select(M.Member.id).where(M.Member.status == "Aktif").limit(1))
            # typical members, spread over the table (the lowest ids hold most of the generated contributions)
            codes = list(s.scalars(select(M.Member.code).where(M.Member.status == "Aktif", M.Member.id % 997 == 0)
                                   .order_by(M.Member.id).limit(args.rows)))
            touched = list(s.scalars(select(M.Member.id).where(M.Member.code.in_(codes))))
            members = s.scalar(select(M.Member.id).order_by(M.Member.id.desc()).limit(1))
        assert aktif is not None

        def full() -> None:
            with Session(engine) as s:
                periods.drop_all(s)
                periods.store_missing(s, today)
                s.rollback()

        def carry() -> None:  # the bump's own cost: a new version, today's periods carried
            with Session(engine) as s:
                version = bump_data_version(s)
                periods.carry_forward(s, version - 1, version, touched, today)
                s.rollback()

        def step() -> None:  # and with the touched members' running totals, as a flow calls it
            with Session(engine) as s:
                derived.after_change(s, touched)
                s.rollback()

        full_ms = statistics.median(_timed_ms(full) for _ in range(max(1, min(args.repeat, 3))))
        carry_ms = statistics.median(_timed_ms(carry) for _ in range(args.repeat))
        step_ms = statistics.median(_timed_ms(step) for _ in range(args.repeat))
        env = {**os.environ, "DATABASE_URL": url, "POKJA_DATA_DIR": str(work / "data"), "POKJA_DEMO": "0",
               "PYTHONPATH": str(PROJECT_ROOT)}

        def load(n: int) -> float:
            book = _workbook(work / f"rekap-{n}.xlsx", args.rows, n * args.rows, codes)
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "dashboard.cli", "load", str(book)], env=env,
                                  capture_output=True, text=True, check=False)
            ms = (time.perf_counter() - t) * 1000
            if proc.returncode != 0:
                raise SystemExit(f"pokja load failed:\n{proc.stdout}\n{proc.stderr}")
            return ms

        load(0)  # warms the page cache of the copied database, as a working day has
        loads = []
        for n in range(1, args.repeat + 1):
            derived.keep_current(engine)  # the day's periods stored (a commit carried them, or the keeper)
            loads.append(load(n))
        firsts = []
        for n in range(args.repeat + 1, args.repeat + 1 + max(1, min(args.repeat, 3))):
            with Session(engine) as s:
                periods.drop_all(s)
                s.commit()
            firsts.append(load(n))
        engine.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_ms, first_ms = statistics.median(loads), statistics.median(firsts)
    print(f"members: {members:,}; upload: {args.rows} contribution rows for {len(touched)} members; "
          f"medians of {args.repeat}")
    print(f"  full (every stored row of today's {len(periods.standard_periods(today))} periods, "
          f"the cost of every bump before): {full_ms:8.0f} ms")
    print(f"  carry (the bump's own cost: version + today's periods carried): {carry_ms:7.0f} ms   "
          f"{carry_ms / full_ms:.1%} of full (target <= 10 %): {'ok' if carry_ms <= 0.1 * full_ms else 'MISSED'}")
    print(f"  derived.after_change (carry + the members' running totals):    {step_ms:8.0f} ms")
    print(f"  pokja load, end to end:                                        {load_ms:8.0f} ms   "
          f"(target < 1000 ms): {'ok' if load_ms < 1000 else 'MISSED'}")
    print(f"  pokja load, first of the day (nothing to carry):               {first_ms:8.0f} ms   "
          f"(target < 1000 ms): {'ok' if first_ms < 1000 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
