"""Uploads that die half way, and uploads that run at the same time, on SQLite and PostgreSQL.

A loader killed with SIGKILL in the middle of its data transaction leaves all of its upload or none of it, and the
upload log says which ("interrupted"); two loaders started together on workbooks that share organizations and
members both commit, without losing or duplicating anything, every row traced to its upload.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import false, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from core import models as M
from core.db import make_engine
from loaders.inflight import INTERRUPTED, PROCESSING, claim_upload, lock_path, recover_interrupted
from loaders.ingest import load_file
from tests.workbooks import big_recap

ROOT = Path(__file__).resolve().parents[1]
BIG_ROWS = 40_000  # contributions: seconds of writing on this 2-core machine, so a kill lands inside them


def pokja(*args: str) -> list[str]:
    exe = shutil.which("pokja")
    return [exe, *args] if exe else [sys.executable, "-m", "dashboard.cli", *args]


def cli_environment(settings) -> dict:  # noqa: ANN001
    path = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return dict(os.environ, DATABASE_URL=settings.database_url, POKJA_DATA_DIR=str(settings.data_dir),
                PYTHONPATH=path, POKJA_DEMO="0")


def counts(engine) -> dict[str, int]:  # noqa: ANN001
    with Session(engine) as s:
        # rows written by uploads (the organization directory's seed is not one)
        out = {m.__tablename__: s.scalar(select(func.count()).select_from(m).where(m.created_upload_id.is_not(None)))
               for m in M.TRACED_TABLES}
        out["upload_change"] = s.scalar(select(func.count()).select_from(M.UploadChange))
        out["data_version"] = int(s.scalar(select(M.AppState.value).where(M.AppState.key == "data_version")))
    return out


def outcomes(engine) -> dict[int, str]:  # noqa: ANN001
    with Session(engine) as s:
        return {i: o for i, o in s.execute(select(M.Upload.id, M.Upload.outcome))}


def untraced(engine) -> list[str]:  # noqa: ANN001
    """Rows whose upload columns do not name a committed upload (orphans of an upload that did not commit). The
    organization directory's seed (migration 0012: neither column set) is reference data, not an orphan."""
    committed = select(M.Upload.id).where(M.Upload.outcome == "committed")
    bad = []
    with Session(engine) as s:
        for model in M.TRACED_TABLES:
            seeded = (model.created_upload_id.is_(None) & model.upload_id.is_(None)) if model is M.Organization \
                else false()
            for column in (model.created_upload_id, model.upload_id):
                n = s.scalar(select(func.count()).select_from(model)
                             .where((column.is_(None) | column.not_in(committed)), ~seeded))
                if n:
                    bad.append(f"{model.__tablename__}.{column.key}: {n}")
        n = s.scalar(select(func.count()).select_from(M.UploadChange).where(M.UploadChange.upload_id.not_in(committed)))
        if n:
            bad.append(f"upload_change: {n}")
    return bad


# --- Watching another process's upload from outside -------------------------------------------------------


def write_lock_held(engine) -> bool:  # noqa: ANN001
    """Someone holds the write lock every upload's data transaction takes (app_state's data_version row)."""
    if engine.dialect.name == "sqlite":
        conn = sqlite3.connect(engine.url.database, timeout=0)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()
    with engine.connect() as conn:
        try:
            conn.execute(text("SELECT 1 FROM app_state WHERE key = 'data_version' FOR UPDATE NOWAIT"))
            return False
        except OperationalError:
            return True
        finally:
            conn.rollback()


def wal_size(engine) -> int:  # noqa: ANN001
    wal = Path(f"{engine.url.database}-wal")
    return wal.stat().st_size if wal.exists() else 0


def contributions_being_written(engine) -> bool:  # noqa: ANN001
    """PostgreSQL: another backend's open transaction has inserted into the contribution table."""
    with engine.connect() as conn:
        return bool(conn.scalar(text(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'contribution' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()")))


def wait_for(condition, what: str, proc: subprocess.Popen | None = None, timeout: float = 180) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the loader ended (exit {proc.returncode}) before {what}; make the workbook bigger?\n"
                        f"{out}\n{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.005)


def wait_for_backends_to_end(engine, application_name: str) -> None:  # noqa: ANN001
    """PostgreSQL notices a dead client when its socket closes (within client_connection_check_interval if a
    statement is running); wait until it has ended the killed client's backends, named by PGAPPNAME."""
    if engine.dialect.name != "postgresql":
        return
    query = text("SELECT pid, state, wait_event, left(query, 200) FROM pg_stat_activity "
                 "WHERE datname = current_database() AND application_name = :name")
    with engine.connect() as conn:
        def ended() -> bool:
            rows = conn.execute(query, {"name": application_name}).all()
            conn.rollback()
            return not rows

        try:
            wait_for(ended, "the killed loader's backends ended", timeout=60)
        except BaseException:
            print("still there:", conn.execute(query, {"name": application_name}).all())
            raise


def processing_ids(engine) -> list[int]:  # noqa: ANN001
    with Session(engine) as s:
        return list(s.scalars(select(M.Upload.id).where(M.Upload.outcome == PROCESSING)))


# --- 1. SIGKILL in the middle of an upload ------------------------------------------------------------------


def test_sigkill_in_the_middle_of_an_upload_leaves_all_or_nothing_and_the_log_says_which(engine, settings,
                                                                                          tmp_path):
    env = cli_environment(settings)
    small = big_recap(tmp_path / "rekap-awal.xlsx", range(1, 1001), range(1, 501), "lama")
    big = big_recap(tmp_path / "rekap-besar.xlsx", range(1, 2001), range(1, BIG_ROWS + 1), "baru")
    first = subprocess.run(pokja("load", str(small), "--json"), env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = counts(engine)
    # five of workbooks.BIG_ORGANIZATIONS are seeded agencies (migration 0012): an upload creates the other five
    assert before["member"] == 1000 and before["contribution"] == 500 and before["organization"] == 5

    baseline_wal = wal_size(engine) if engine.dialect.name == "sqlite" else 0
    victim = "pokja-test-killed-loader"
    proc = subprocess.Popen(pokja("load", str(big)), env=dict(env, PGAPPNAME=victim), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: processing_ids(engine), "the upload is logged as processing", proc)
        [killed] = processing_ids(engine)
        wait_for(lambda: write_lock_held(engine), "its data transaction holds the write lock", proc)
        if engine.dialect.name == "sqlite":  # uncommitted pages spill into the WAL while rows are written
            wait_for(lambda: wal_size(engine) > baseline_wal + 2**20, "rows are being written", proc)
        else:
            wait_for(lambda: contributions_being_written(engine), "contributions are being written", proc)
        assert proc.poll() is None
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    wait_for_backends_to_end(engine, victim)

    # Nothing of the killed upload was written; the log still says processing until someone starts again.
    assert counts(engine) == before
    assert outcomes(engine)[killed] == PROCESSING

    # Start again: any `pokja` command marks the dead upload interrupted.
    listed = subprocess.run(pokja("uploads", "--json"), env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    row = next(r for r in json.loads(listed.stdout) if r["id"] == killed)
    assert row["outcome"] == INTERRUPTED and "terputus" in row["summary"].lower()
    assert counts(engine) == before and untraced(engine) == []
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.AuditEvent)
                        .where(M.AuditEvent.action == "upload.interrupted")) == 1
        assert s.scalar(select(func.count()).select_from(M.Contribution)
                        .where(M.Contribution.description.like("baru%"))) == 0
    if engine.dialect.name == "sqlite":
        assert not list(Path(engine.url.database).parent.glob("*.upload-*.lock")), "a stale upload lock file was left"

    # Load it again: all of it now, traced to the new upload.
    again = subprocess.run(pokja("load", str(big), "--json"), env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    redone = json.loads(again.stdout)["upload_id"]
    after = counts(engine)
    assert after["member"] == 2000 and after["contribution"] == BIG_ROWS and after["organization"] == 5
    assert after["data_version"] == before["data_version"] + 1
    assert after["upload_change"] == 500  # the 500 contributions of the first file, updated once
    assert outcomes(engine) == {1: "committed", killed: INTERRUPTED, redone: "committed"}
    assert untraced(engine) == []


SLEEPER = """
import sys
from sqlalchemy import text
from core.db import make_engine
with make_engine(sys.argv[1]).connect() as conn:
    print("connected", flush=True)
    conn.execute(text("SELECT pg_sleep(600)"))
"""


def test_postgresql_cancels_the_statement_of_a_client_that_died(engine, settings):
    """A killed loader's statement does not run on for minutes holding locks: the engine asks PostgreSQL to
    check the client every few seconds (client_connection_check_interval)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's client check")
    victim = "pokja-test-sleeper"
    sleeper = subprocess.Popen([sys.executable, "-c", SLEEPER, settings.database_url],
                               env=dict(cli_environment(settings), PGAPPNAME=victim), stdout=subprocess.PIPE, text=True)
    try:
        assert sleeper.stdout.readline().strip() == "connected"
        def sleeping() -> bool:  # a new transaction per look: pg_stat_activity is a snapshot per transaction
            with engine.connect() as conn:
                return bool(conn.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = :n AND query LIKE '%pg_sleep%' "
                    "AND state = 'active'"), {"n": victim}))

        wait_for(sleeping, "the sleeper's statement runs", sleeper, timeout=60)
    finally:
        sleeper.kill()
        sleeper.wait()
    started = time.monotonic()
    wait_for_backends_to_end(engine, victim)
    assert time.monotonic() - started < 30


# --- The liveness rule on its own: a live owner is never declared dead -----------------------------------------

HOLD = """
import sys, time
from core.db import make_engine
from loaders.inflight import claim_upload
claim = claim_upload(make_engine(sys.argv[1]), "ditahan.xlsx", "0" * 64, 1, "uji")
print(claim.upload_id, flush=True)
time.sleep(600)
"""


def test_a_processing_upload_is_interrupted_only_once_its_owner_is_dead(engine, settings):
    env = cli_environment(settings)
    # Another process owns an upload and lives: nobody may declare it dead, however often they look.
    victim = "pokja-test-holder"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, settings.database_url], env=dict(env, PGAPPNAME=victim),
                              stdout=subprocess.PIPE, text=True)
    try:
        held = int(holder.stdout.readline())
        # This process owns one too: another thread looking (the web app lists uploads while loading) sees it alive.
        mine = claim_upload(engine, "milik-saya.xlsx", "1" * 64, 1, "uji")
        seen: list[list[int]] = []
        thread = threading.Thread(target=lambda: seen.append(recover_interrupted(engine)))
        thread.start()
        thread.join()
        assert seen == [[]] and recover_interrupted(engine) == []
        assert outcomes(engine) == {held: PROCESSING, mine.upload_id: PROCESSING}
        mine.release()  # released without finishing: as good as dead
        assert recover_interrupted(engine) == [mine.upload_id]
    finally:
        holder.kill()
        holder.wait()
    wait_for_backends_to_end(engine, victim)
    assert recover_interrupted(engine) == [held]
    assert outcomes(engine) == {held: INTERRUPTED, mine.upload_id: INTERRUPTED}
    assert recover_interrupted(engine) == []
    if engine.dialect.name == "sqlite":
        assert lock_path(engine, held) is not None and not lock_path(engine, held).exists()


def test_a_load_that_fails_inside_its_transaction_is_logged_interrupted(engine, settings, tmp_path, monkeypatch):
    from loaders import write

    data = big_recap(tmp_path / "rekap.xlsx", range(1, 51), range(1, 101)).read_bytes()

    def broken_apply(self):  # noqa: ANN001, ANN202
        raise RuntimeError("disk full")

    monkeypatch.setattr(write.Writer, "apply", broken_apply)
    with pytest.raises(RuntimeError):
        load_file(engine, settings, data, "rekap.xlsx", "uji")
    [(upload_id, outcome)] = outcomes(engine).items()
    assert outcome == INTERRUPTED and counts(engine)["member"] == 0
    with Session(engine) as s:
        assert "RuntimeError" in s.get(M.Upload, upload_id).message
    monkeypatch.undo()
    report = load_file(engine, settings, data, "rekap.xlsx", "uji")
    assert report.ok and counts(engine)["member"] == 50 and outcomes(engine)[report.upload_id] == "committed"


def test_the_upload_history_names_an_interrupted_upload(engine, settings):
    from dashboard import upload_flow

    claim = claim_upload(engine, "terputus.xlsx", "2" * 64, 10, "sekretariat")
    [row] = upload_flow.history(engine)
    assert row["outcome"] == "sedang diproses" and not row["can_undo"]
    claim.release()
    [row] = upload_flow.history(engine)  # listing the log recovers it
    assert row["outcome"] == "terputus" and not row["can_undo"] and "unggah ulang" in row["summary"]


# --- 2. Two uploads at the same time -------------------------------------------------------------------------

SHARED_MEMBERS = (range(1, 1501), range(501, 2001))  # 1,000 members (and every organization) in both
CONTRIBUTIONS = (range(1, 15_001), range(15_001, 30_001))


def _check_both_committed(engine, upload_ids: list[int]) -> None:  # noqa: ANN001
    assert sorted(outcomes(engine).values()) == ["committed", "committed"]
    assert set(outcomes(engine)) == set(upload_ids)
    c = counts(engine)
    assert c["member"] == 2000 and c["organization"] == 5 and c["contribution"] == 30_000
    assert c["data_version"] == 2 and c["upload_change"] == 0
    assert untraced(engine) == []
    with Session(engine) as s:
        # Each upload wrote its own contributions; the shared members belong to whichever committed first.
        per_upload = {u: n for u, n in s.execute(select(M.Contribution.created_upload_id, func.count())
                                                 .group_by(M.Contribution.created_upload_id))}
        assert sorted(per_upload.values()) == [15_000, 15_000]
        members = {u: n for u, n in s.execute(select(M.Member.created_upload_id, func.count())
                                              .group_by(M.Member.created_upload_id))}
        assert sorted(members.values()) == [500, 1500]
        assert s.scalar(select(func.count(func.distinct(M.Member.key)))) == 2000


def test_two_pokja_loads_started_together_both_commit(engine, settings, tmp_path):
    env = cli_environment(settings)
    paths = [big_recap(tmp_path / f"rekap-{n}.xlsx", m, c) for n, (m, c) in enumerate(zip(SHARED_MEMBERS,
                                                                                          CONTRIBUTIONS))]
    procs = [subprocess.Popen(pokja("load", str(p), "--json"), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for p in paths]
    try:
        # They overlap: one is writing (logged as processing) while the other process is still running, on its way
        # to the write lock. (Both rows are not always processing at once: on SQLite the second log row waits for
        # the first upload's write transaction, and `pokja load` reads its file before it logs the upload.)
        wait_for(lambda: len(processing_ids(engine)) >= 1 and all(p.poll() is None for p in procs),
                 "one upload processing while both loaders run")
        results = [p.communicate(timeout=600) for p in procs]
    finally:
        for p in procs:
            p.kill()
            p.wait()
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err
    _check_both_committed(engine, [json.loads(out)["upload_id"] for out, _ in results])


def test_two_threads_loading_at_once_both_commit(engine, settings, tmp_path):
    data = [big_recap(tmp_path / f"rekap-{n}.xlsx", m, c).read_bytes()
            for n, (m, c) in enumerate(zip(SHARED_MEMBERS, CONTRIBUTIONS))]
    barrier = threading.Barrier(2)
    reports, errors = {}, []

    def run(n: int) -> None:
        try:
            barrier.wait()
            reports[n] = load_file(engine, settings, data[n], f"rekap-{n}.xlsx", f"uji{n}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert errors == []
    assert all(r.ok for r in reports.values()), [r.as_dict()["errors"][:3] for r in reports.values()]
    _check_both_committed(engine, [r.upload_id for r in reports.values()])


def test_an_sqlite_load_waits_out_a_write_lock_held_longer_than_the_busy_timeout(db_url, settings, tmp_path):
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's busy timeout")
    from sqlalchemy import event

    from core.db import upgrade_database

    engine = make_engine(db_url)
    upgrade_database(engine)
    engine.dispose()

    @event.listens_for(engine, "connect")
    def short_timeout(dbapi_conn, _record):  # noqa: ANN001, ANN202 - a driver timeout far below the hold below
        dbapi_conn.execute("PRAGMA busy_timeout = 100")

    other = sqlite3.connect(engine.url.database, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process's long upload holds the write lock for 1.5 s
    releaser = threading.Timer(1.5, other.rollback)
    releaser.start()
    try:
        data = big_recap(tmp_path / "rekap.xlsx", range(1, 21), range(1, 41)).read_bytes()
        report = load_file(engine, settings, data, "rekap.xlsx", "uji")
    finally:
        releaser.join()
        other.close()
    assert report.ok and counts(engine)["contribution"] == 40
    engine.dispose()
