"""Benchmark: loading a big recap workbook, against a naive pandas baseline.

    python bench/ingest.py [--rows 100000] [--members 2000] [--repeat 3] [--profile] [--no-trace]

Builds (in a temporary directory) a recap workbook with ``--rows`` contributions (sheet ``Kontribusi``) and
``--members`` members (sheet ``Anggota``), then times, each ``--repeat`` times on a fresh SQLite database:

  (a)  baseline: ``pandas.read_excel(sheet_name=None, engine="openpyxl")`` + ``DataFrame.to_sql`` per sheet;
  (b)  our reader alone: ``loaders.reader.read_workbook`` (checks + calamine in a child process);
  (c)  ``pokja load FILE`` end to end, as a subprocess (interpreter start-up and migrations included);
  (c') ``loaders.ingest.load_file`` in-process (schema created beforehand, not timed).

Prints the medians, the ratios a/c (target >= 5x) and c/b (target <= 2x), and checks that (c) loaded every row.
It is a measurement, not a test: it asserts nothing and exits 0.

Then (w), the write floor (``--no-floor`` skips it): the writes a load of this file must make once the reader is
done, replayed alone through the loader's own functions on a copy of a loaded database whose contributions,
running totals and stored periods were emptied: the contributions (``loaders.bulk.insert_columns``, indexes set aside as in a
load), the running totals (``insert_many``), the derived step (``derived.after_change``) and the commit, in one
transaction, nothing else running. calamine hands nothing over before a sheet is parsed whole, and SQLite takes
one writer at a time, so no load can finish sooner than b + w after it starts reading: (b + w) / b is a lower
bound of c/b, before interpreter start-up, parsing and resolving are counted.

Then one more (c) run with ``POKJA_TRACE=1`` (not in the medians) prints where its time went, phase by phase
(``--no-trace`` skips it). ``--profile`` adds a cProfile of one in-process ``load_file`` (top 25 by cumulative time).
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

A_OVER_C_TARGET = 5.0
C_OVER_B_TARGET = 2.0


# --- The workbook ----------------------------------------------------------------------------------

FIRST_NAMES = ("Budi", "Siti", "Rahmat", "Dewi", "Agus", "Nur", "Andi", "Rina", "Joko", "Wulan", "Hendra", "Fitri",
               "Yusuf", "Ratna", "Bambang", "Lestari", "Ahmad", "Maya", "Dedi", "Indah")
LAST_NAMES = ("Santoso", "Aminah", "Hidayat", "Lestari", "Salim", "Pratama", "Wijaya", "Saputra", "Kurniawan",
              "Rahayu", "Nugroho", "Setiawan", "Hasanah", "Gunawan", "Siregar", "Nasution")
ORGANIZATIONS = ("Diskominfo", "Bappeda", "Dinas Perhubungan", "DLH", "Disdukcapil", "Universitas Balikpapan",
                 "Politeknik Negeri Balikpapan", "Telkom Witel Balikpapan", "Pertamina RU V", "PDAM Tirta Manuntung",
                 "Komunitas Balikpapan Digital", "Tribun Kaltim", "Forum RT", "Kecamatan Balikpapan Kota")
WORDS = ("menyusun", "data", "dukung", "paparan", "FGD", "masterplan", "SPBE", "laporan", "kegiatan", "rapat",
         "koordinasi", "aplikasi", "layanan", "publik", "sosialisasi", "warga", "dasbor", "WiFi", "CCTV",
         "perwali", "evaluasi", "indikator", "inovasi", "UMKM", "sampah", "drainase", "transportasi", "berita")


def build_workbook(path: Path, rows: int, members: int, seed: int = 20240501) -> None:
    """Write the workbook with xlsxwriter (shared strings, real dates: what Excel itself writes)."""
    import xlsxwriter

    from core import reference as ref

    rnd = random.Random(seed)
    kinds = ref.CONTRIBUTION_KINDS.values
    sectors = [s.name for s in ref.SECTORS]
    verification = ref.VERIFICATION.values  # Terverifikasi, Menunggu, Ditolak
    start = dt.date(2022, 1, 1)
    span = (dt.date(2024, 12, 31) - start).days

    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    bold = wb.add_format({"bold": True})

    ws = wb.add_worksheet("Anggota")
    ws.write_row(0, 0, ["Kode Anggota", "Nama", "Instansi", "Unsur"], bold)
    for i in range(members):
        name = f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)} {i + 1}"
        ws.write_row(i + 1, 0, [f"ANG-{i + 1:05d}", name, rnd.choice(ORGANIZATIONS), rnd.choice(sectors)])

    ws = wb.add_worksheet("Kontribusi")
    ws.write_row(0, 0, ["Kode Kontribusi", "Tanggal", "Kode Anggota", "Jenis Kontribusi", "Uraian", "Bukti",
                        "Verifikasi"], bold)
    for i in range(rows):
        r = i + 1
        kind = rnd.choice(kinds)
        day = start + dt.timedelta(days=rnd.randrange(span + 1))
        text = f"{kind}: {' '.join(rnd.choices(WORDS, k=5))} ({i + 1})"
        ws.write_string(r, 0, f"KON-{i + 1:07d}")
        ws.write_datetime(r, 1, dt.datetime(day.year, day.month, day.day), date_fmt)
        ws.write_string(r, 2, f"ANG-{rnd.randrange(members) + 1:05d}")
        ws.write_string(r, 3, kind)
        ws.write_string(r, 4, text)
        if rnd.random() < 0.7:
            ws.write_string(r, 5, f"https://drive.example.go.id/bukti/{i + 1}.pdf")
        ws.write_string(r, 6, rnd.choices(verification, weights=(8, 1, 1))[0])
    wb.close()


# --- The measurements ------------------------------------------------------------------------------


def run_baseline(path: Path, db: Path) -> dict[str, int]:
    """(a) The naive way: pandas + openpyxl, then to_sql each sheet."""
    import pandas as pd
    from sqlalchemy import create_engine

    frames = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    engine = create_engine(f"sqlite:///{db}")
    try:
        for name, frame in frames.items():
            frame.to_sql(name, engine, if_exists="replace", index=False)
    finally:
        engine.dispose()
    return {name: len(frame) for name, frame in frames.items()}


def run_reader(data: bytes, filename: str) -> dict[str, int]:
    """(b) Our reader alone, child process included."""
    from core.settings import Limits
    from loaders.reader import read_workbook
    from loaders.sheets import match_sheet

    wb = read_workbook(data, filename, Limits(), wanted=match_sheet)
    # The height, not len(sheet.rows): the reader hands columns over and the loader never builds the rows.
    return {name: sheet.height for name, sheet in wb.sheets.items()}


def pokja_command() -> list[str]:
    """The console script installed beside this interpreter: what a deployment runs. ``shutil.which`` may find a
    version manager's shim first (pyenv's is a bash script that costs about 0.2 s before Python starts)."""
    beside = Path(sys.executable).parent / "pokja"
    return [str(beside) if beside.exists() else (shutil.which("pokja") or "pokja")]


def run_cli(path: Path, workdir: Path, **extra_env: str) -> tuple[float, subprocess.CompletedProcess, Path]:
    """(c) ``pokja load FILE`` as a subprocess on a fresh SQLite file and data directory; wall clock."""
    db = workdir / "pokja.db"
    data_dir = workdir / "data"
    data_dir.mkdir(parents=True)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", POKJA_DATA_DIR=str(data_dir), **extra_env)
    t0 = time.perf_counter()
    proc = subprocess.run([*pokja_command(), "load", str(path)], env=env, cwd=str(workdir),
                          capture_output=True, text=True)
    return time.perf_counter() - t0, proc, db


def fresh_engine(workdir: Path):
    """An engine on a fresh SQLite file, schema created (not timed), and the settings pointing there."""
    from core.db import make_engine, upgrade_database
    from core.settings import Limits, Settings

    workdir.mkdir(parents=True)
    url = f"sqlite:///{workdir / 'pokja.db'}"
    engine = make_engine(url)
    upgrade_database(engine)
    settings = Settings(database_url=url, data_dir=workdir / "data", secret_key="bench", limits=Limits())
    return engine, settings


def run_load_file(data: bytes, filename: str, workdir: Path) -> tuple[float, object]:
    """(c') ``load_file`` in-process; returns (seconds, report)."""
    from loaders.ingest import load_file

    engine, settings = fresh_engine(workdir)
    try:
        t0 = time.perf_counter()
        report = load_file(engine, settings, data, filename, "bench")
        return time.perf_counter() - t0, report
    finally:
        engine.dispose()


def db_counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(str(db))
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("member", "contribution")}
    finally:
        con.close()


def code_fingerprint() -> str:
    """A hash of the sources a load runs through, to notice code edited while the benchmark ran."""
    import hashlib

    h = hashlib.sha256()
    files = [*PROJECT_ROOT.glob("loaders/*.py"), *PROJECT_ROOT.glob("dashboard/migrations/**/*.py"),
             *(PROJECT_ROOT / "dashboard" / f"{m}.py" for m in ("audit", "cli", "db", "i18n", "models", "periods",
                                                               "queries", "reference", "settings", "tally", "trace"))]
    for f in sorted(f for f in files if f.exists()):
        h.update(str(f.relative_to(PROJECT_ROOT)).encode() + f.read_bytes())
    return h.hexdigest()[:12]


def timed(fn, *args):  # noqa: ANN001, ANN201
    t0 = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t0, out


def fmt_times(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=100_000, help="contribution rows (default 100000)")
    p.add_argument("--members", type=int, default=2_000, help="member rows (default 2000)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median is reported")
    p.add_argument("--skip-baseline", action="store_true", help="skip (a), the slow pandas/openpyxl baseline")
    p.add_argument("--profile", action="store_true", help="also cProfile one in-process load_file (top 25)")
    p.add_argument("--no-trace", action="store_true", help="skip the extra traced run of (c) at the end")
    p.add_argument("--no-floor", action="store_true", help="skip (w), the writes of a load replayed alone")
    p.add_argument("--keep", type=Path, help="keep the temporary files in this directory instead")
    args = p.parse_args(argv)

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        tmp_ctx = None
        tmp = args.keep
    else:
        tmp_ctx = tempfile.TemporaryDirectory(prefix="pokja-bench-")
        tmp = Path(tmp_ctx.name)
    try:
        return _bench(args, tmp)
    finally:
        if tmp_ctx is not None:
            tmp_ctx.cleanup()


def _bench(args: argparse.Namespace, tmp: Path) -> int:
    filename = f"rekap-bench-{args.rows}.xlsx"
    path = tmp / filename
    fingerprint = code_fingerprint()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}; "
          f"temp dir {tmp}; load-path sources {fingerprint}")
    gen_s, _ = timed(build_workbook, path, args.rows, args.members)
    data = path.read_bytes()
    print(f"Workbook: {filename}, {len(data):,} bytes ({len(data) / 2**20:.2f} MiB), built in {gen_s:.1f} s; "
          f"sheets Anggota = {args.members:,} rows, Kontribusi = {args.rows:,} rows (+1 header row each)")

    # Imports happen before any timing: only (c), a fresh interpreter, pays for them (as a user would).
    import openpyxl  # noqa: F401
    import pandas  # noqa: F401
    import sqlalchemy  # noqa: F401

    import loaders.ingest  # noqa: F401
    import loaders.reader  # noqa: F401
    import loaders.sheets  # noqa: F401

    results: dict[str, list[float]] = {"a": [], "b": [], "c": [], "c'": []}

    # (a) baseline
    if not args.skip_baseline:
        for i in range(args.repeat):
            db = tmp / f"baseline-{i}.db"
            secs, counts = timed(run_baseline, path, db)
            results["a"].append(secs)
            print(f"  (a) run {i + 1}: {secs:.2f} s  rows read {counts}", flush=True)
            db.unlink(missing_ok=True)

    # (b) reader alone
    for i in range(args.repeat):
        secs, counts = timed(run_reader, data, filename)
        results["b"].append(secs)
        print(f"  (b) run {i + 1}: {secs:.2f} s  rows read (header included) {counts}", flush=True)

    # (c) pokja load, end to end
    cli_checks: list[str] = []
    cli_ok = True
    for i in range(args.repeat):
        workdir = tmp / f"cli-{i}"
        workdir.mkdir()
        secs, proc, db = run_cli(path, workdir)
        results["c"].append(secs)
        counts = db_counts(db) if db.exists() else {}
        ok = proc.returncode == 0 and counts.get("contribution") == args.rows and counts.get("member") == args.members
        cli_ok &= ok
        cli_checks.append(f"run {i + 1}: exit code {proc.returncode}, contributions in DB "
                          f"{counts.get('contribution')} (expected {args.rows}), members {counts.get('member')} "
                          f"(expected {args.members}) -> {'OK' if ok else 'FAILED'}")
        print(f"  (c) run {i + 1}: {secs:.2f} s  exit {proc.returncode}  DB {counts}", flush=True)
        if proc.returncode != 0 or i == args.repeat - 1:
            out = (proc.stdout + proc.stderr).strip()
            print("      pokja output: " + ("\n      ".join(out.splitlines()[-12:]) or "(none)"))
        shutil.rmtree(workdir, ignore_errors=True)

    # (c') load_file in-process
    for i in range(args.repeat):
        workdir = tmp / f"inproc-{i}"
        secs, report = run_load_file(data, filename, workdir)
        results["c'"].append(secs)
        counts = db_counts(workdir / "pokja.db")
        print(f"  (c') run {i + 1}: {secs:.2f} s  ok={report.ok} errors={len(report.errors)}  DB {counts}",
              flush=True)
        shutil.rmtree(workdir, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in results.items() if v}
    med_c_inproc = med["c'"]
    labels = {
        "a": "(a)  pandas.read_excel(openpyxl) + to_sql",
        "b": "(b)  loaders.reader.read_workbook",
        "c": "(c)  pokja load FILE (subprocess, wall)",
        "c'": "(c') load_file in-process",
    }
    print()
    print(f"Medians of {args.repeat} run(s), {args.rows:,} contributions + {args.members:,} members, "
          f"{len(data) / 2**20:.2f} MiB:")
    print(f"  {'measurement':<44} {'median s':>9}   runs")
    for k, label in labels.items():
        if k in med:
            print(f"  {label:<44} {med[k]:>9.2f}   [{fmt_times(results[k])}]")
        else:
            print(f"  {label:<44} {'skipped':>9}")
    print()
    print("Ratios:")
    if "a" in med:
        ac = med["a"] / med["c"]
        print(f"  a/c  = {ac:6.2f}x   target >= {A_OVER_C_TARGET:.0f}x : {'MET' if ac >= A_OVER_C_TARGET else 'NOT MET'}")
        print(f"  a/c' = {med['a'] / med_c_inproc:6.2f}x   (information)")
    else:
        print("  a/c  = n/a (baseline skipped)")
    cb = med["c"] / med["b"]
    print(f"  c/b  = {cb:6.2f}x   target <= {C_OVER_B_TARGET:.0f}x : {'MET' if cb <= C_OVER_B_TARGET else 'NOT MET'}")
    print(f"  c'/b = {med_c_inproc / med['b']:6.2f}x   (information)")
    print()
    print("Check of (c) pokja load:")
    for line in cli_checks:
        print("  " + line)
    print(f"  => {'everything loaded' if cli_ok else 'NOT everything loaded'}")

    print(f"  load average at the end: {os.getloadavg()[0]:.2f}")
    if code_fingerprint() != fingerprint:
        print("  NOTE: the load-path sources changed while the benchmark ran: runs may mix code versions "
              "((c) starts a fresh interpreter each run; (b) and (c') use the code imported at the start).")

    if not args.no_floor:
        report_write_floor(data, filename, tmp / "floor", args.repeat, med["b"], med.get("a"))
    if not args.no_trace:
        trace_cli(path, tmp / "traced")
    if args.profile:
        profile_load_file(data, filename, tmp / "profile")
    return 0


FLOOR_PHASES = ("contributions", "running totals", "stored periods", "commit")


def write_floor_template(data: bytes, filename: str, workdir: Path) -> tuple[Path, dict, list[tuple], int]:
    """A database as a first load of the file leaves it, less what that load's big writes wrote, and those writes'
    rows: (emptied database, the contributions by column, the running totals' rows, the upload's id).

    Loaded in-process (not timed); then contributions, running totals and stored periods are read back in id
    order, exactly as the loader hands them to its insert functions (dates as ``datetime.date``, the running
    totals' days as ISO text, see ``NewRecords.running_rows``), deleted, and the file vacuumed."""
    from sqlalchemy import select, text

    from core import models as M
    from core.tally import COUNT_COLUMNS
    from loaders.ingest import load_file

    engine, settings = fresh_engine(workdir)
    try:
        report = load_file(engine, settings, data, filename, "bench")
        if not report.ok:
            raise RuntimeError(f"the load for the write floor failed: {report.errors[:3]}")
        c = M.Contribution.__table__
        names = ("key", "code", "date", "member_id", "kind", "recommendation_id", "description", "evidence",
                 "verification")
        with engine.connect() as conn:
            rows = conn.execute(select(*(c.c[n] for n in names), c.c.created_upload_id).order_by(c.c.id)).all()
            tally = [tuple(r) for r in conn.exec_driver_sql(
                f"SELECT member_id, day, {', '.join(COUNT_COLUMNS)} FROM member_tally ORDER BY id")]
        upload_ids = {r[-1] for r in rows}
        if len(upload_ids) != 1:
            raise RuntimeError(f"expected the contributions of one upload, found uploads {sorted(upload_ids)}")
        columns = {n: [r[i] for r in rows] for i, n in enumerate(names)}
        with engine.begin() as conn:
            for table in ("period_score", "score_period", "member_tally", "contribution"):
                conn.execute(text(f"DELETE FROM {table}"))
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM")
    finally:
        engine.dispose()
    return workdir / "pokja.db", columns, tally, upload_ids.pop()


def replay_writes(db: Path, columns: dict, tally: list[tuple], upload_id: int) -> dict[str, float]:
    """The load's writes after the read, alone, in one transaction on ``db``; seconds per phase."""
    from sqlalchemy.orm import Session

    from core import derived
    from core import models as M
    from core.db import insert_many, make_engine
    from core.tally import COUNT_COLUMNS
    from loaders.bulk import MIB_64, gc_paused, insert_columns, sqlite_page_cache

    @gc_paused  # as in a load: no cyclic collector while the rows are built and written
    def write() -> tuple[float, ...]:
        with Session(engine) as session:
            conn = session.connection()
            conn.exec_driver_sql("SELECT 1").all()  # connected, pragmas set: not part of the writes
            t0 = time.perf_counter()
            with sqlite_page_cache(conn, MIB_64):  # as _load_file does for an upload's whole write
                insert_columns(session, M.Contribution.__table__, [dict(columns)],
                                {"created_upload_id": upload_id, "upload_id": upload_id})
                t1 = time.perf_counter()
                insert_many(conn, M.MemberTally.__table__, ["member_id", "day", *COUNT_COLUMNS], tally)
                t2 = time.perf_counter()
                derived.after_change(session)  # the totals are in: the version and the stored periods
                t3 = time.perf_counter()
            session.commit()
            return t0, t1, t2, t3, time.perf_counter()

    engine = make_engine(f"sqlite:///{db}")
    try:
        t0, t1, t2, t3, t4 = write()
    finally:
        engine.dispose()
    return dict(zip(FLOOR_PHASES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)))


def report_write_floor(data: bytes, filename: str, workdir: Path, repeat: int, median_b: float,
                       median_a: float | None = None) -> None:
    """(w): the load's writes after the read, replayed alone ``repeat`` times; prints the medians and the bounds
    they set: c/b >= (b + w)/b and, when the baseline ran, a/c <= a/(b + w)."""
    workdir.mkdir()
    template, columns, tally, upload_id = write_floor_template(data, filename, workdir / "template")
    runs: list[dict[str, float]] = []
    for i in range(repeat):
        db = workdir / f"replay-{i}.db"
        shutil.copyfile(template, db)
        phases = replay_writes(db, columns, tally, upload_id)
        runs.append(phases)
        print(f"  (w) run {i + 1}: {sum(phases.values()):.2f} s  "
              + ", ".join(f"{k} {v:.3f}" for k, v in phases.items()), flush=True)
    totals = [sum(r.values()) for r in runs]
    w = statistics.median(totals)
    print()
    print(f"Write floor (w), medians of {repeat}: the writes a load of this file makes after the read, alone "
          f"({len(columns['key']):,} contributions, {len(tally):,} running-total rows, the stored periods):")
    for k in FLOOR_PHASES:
        print(f"  {k:<16} {statistics.median(r[k] for r in runs):7.3f} s")
    print(f"  {'total (w)':<16} {w:7.3f} s   [{fmt_times(totals)}]   w/b = {w / median_b:.2f}")
    print(f"  No load can finish sooner than b + w after it starts reading (nothing is handed over before a sheet is "
          f"parsed whole; one SQLite writer):\n  c/b >= (b + w)/b = {(median_b + w) / median_b:.2f}x before "
          f"interpreter start-up, parsing and resolving (target <= {C_OVER_B_TARGET:.0f}x)")
    if median_a is not None:
        print(f"  a/c <= a/(b + w) = {median_a / (median_b + w):.2f}x by the same bound (target >= "
              f"{A_OVER_C_TARGET:.0f}x)")
    shutil.rmtree(workdir, ignore_errors=True)


def trace_cli(path: Path, workdir: Path) -> None:
    """One more (c) run, not in the medians, with POKJA_TRACE=1: where the time goes (core/trace.py)."""
    workdir.mkdir()
    secs, proc, _ = run_cli(path, workdir, POKJA_TRACE="1")
    print()
    print(f"One more (c) run with POKJA_TRACE=1 ({secs:.2f} s wall, exit {proc.returncode}); seconds since "
          "`pokja` started, and since the mark before on the same side:")
    last: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("[trace]"):
            continue
        _, at, label = line.split(None, 2)
        side = "reader child" if label.startswith("reader child") else "pokja"
        t = float(at)
        print(f"  {t:7.3f}  +{t - last.get(side, 0.0):6.3f}  {label}")
        last[side] = t
    shutil.rmtree(workdir, ignore_errors=True)


def profile_load_file(data: bytes, filename: str, workdir: Path) -> None:
    from loaders.ingest import load_file

    engine, settings = fresh_engine(workdir)
    prof = cProfile.Profile()
    try:
        prof.enable()
        report = load_file(engine, settings, data, filename, "bench")
        prof.disable()
    finally:
        engine.dispose()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
    print()
    print(f"cProfile of one in-process load_file (ok={report.ok}), top 25 by cumulative time:")
    print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
