"""Several app processes starting at once (gunicorn workers) migrate once and load the demo data once; a demo start
makes one demo account with a random password printed once."""
from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M
from core.db import make_engine, upgrade_database
from core.settings import Settings
from dashboard import auth
from loaders.ingest import load_file
from tests.conftest import DEMO_WORKBOOK, PASSWORD, login

START = "from dashboard.web import create_app; create_app()"


def test_concurrent_starts_migrate_and_load_the_demo_once(db_url, tmp_path):
    env = dict(os.environ, DATABASE_URL=db_url, POKJA_DATA_DIR=str(tmp_path / "data"), POKJA_DEMO="1")
    procs = [subprocess.Popen([sys.executable, "-c", START], env=env, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    errs = []
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        errs.append(err)
    engine = make_engine(db_url)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.Upload)) == 1
        assert s.scalar(select(func.count()).select_from(M.Member)) == 65
        assert list(s.execute(select(M.User.username, M.User.role))) == [("demo", "admin")]
    # one demo account, its password printed by the one process that made it; one session key for all three
    printed = [m for err in errs for m in re.findall(r"kata sandi '([^']+)'", err)]
    assert len(printed) == 1
    assert auth.authenticate(engine, "demo", printed[0]) is not None
    assert (tmp_path / "data" / "secret_key").exists()
    engine.dispose()


def test_the_demo_account_is_made_once_with_a_fresh_random_password(settings, capsys):  # noqa: ANN001
    from dashboard.web import create_app

    demo_settings = dataclasses.replace(settings, load_demo_when_empty=True)
    app = create_app(demo_settings)
    password = re.search(r"kata sandi '([^']+)'", capsys.readouterr().err).group(1)
    assert len(password) >= 16
    client = app.server.test_client()
    assert login(client, "demo", password).status_code == 302
    assert client.get("/unggah").status_code == 200  # an admin
    create_app(demo_settings)  # the data is there now: no second account, nothing printed
    assert "Akun demo" not in capsys.readouterr().err
    assert [u["username"] for u in auth.list_users(app.server.extensions["pokja.engine"])] == ["demo"]


def test_no_demo_account_when_accounts_exist(settings, engine, capsys):  # noqa: ANN001
    from dashboard.web import create_app

    auth.add_user(engine, "admin1", "admin", PASSWORD, "pytest")
    create_app(dataclasses.replace(settings, load_demo_when_empty=True))
    assert "Akun demo" not in capsys.readouterr().err
    assert [u["username"] for u in auth.list_users(engine)] == ["admin1"]


# Each process starts the app with the weekly schedule on, as every gunicorn worker does, and reports what its
# scheduler's first round did (catch-up and exports; then it asks for its next run). The wrappers only listen.
SCHEDULED_START = """
import json, threading
from dashboard import snapshots
done, seen = threading.Event(), []
real_catch_up, real_next_run = snapshots.catch_up, snapshots.next_run
def catch_up(*args, **kwargs):
    results = real_catch_up(*args, **kwargs)
    seen.extend({"week": r.week, "created": r.created} for r in results)
    return results
def next_run(*args, **kwargs):
    done.set()
    return real_next_run(*args, **kwargs)
snapshots.catch_up, snapshots.next_run = catch_up, next_run
from dashboard.web import create_app
create_app()
assert done.wait(180), "the scheduler did not run"
print(json.dumps(seen))
"""


def test_several_app_processes_with_the_schedule_freeze_the_week_once(db_url, tmp_path):
    data_dir = tmp_path / "data"
    # data without weekly history (the demo as the tests load it; a demo start would bring its history along)
    engine = make_engine(db_url)
    upgrade_database(engine)
    settings = Settings(database_url=db_url, data_dir=data_dir, secret_key="test", load_demo_when_empty=False)
    assert load_file(engine, settings, DEMO_WORKBOOK.read_bytes(), DEMO_WORKBOOK.name, "demo").ok
    engine.dispose()
    env = dict(os.environ, DATABASE_URL=db_url, POKJA_DATA_DIR=str(data_dir), POKJA_DEMO="0",
               POKJA_SNAPSHOT_SCHEDULE="1")
    procs = [subprocess.Popen([sys.executable, "-c", SCHEDULED_START], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        reports.append(json.loads(out))
    # Every scheduler ran; exactly one froze the week, the others found it frozen (or being frozen) and did nothing.
    tried = [r for report in reports for r in report]
    assert len(reports) == 3 and sum(r["created"] for r in tried) == 1, reports
    assert len({r["week"] for r in tried}) == 1
    engine = make_engine(db_url)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.Snapshot)) == 1
        assert s.scalar(select(func.count()).select_from(M.AuditEvent)
                        .where(M.AuditEvent.action.like("snapshot.%"))) == 1
    engine.dispose()
    week = tried[0]["week"]
    assert [p.name for p in (data_dir / "snapshots" / week).glob("*.xlsx")] == [f"rekap-mingguan-{week}.xlsx"]


def test_the_migrations_build_exactly_the_schema_the_models_declare(engine):  # noqa: ANN001
    """Tables, columns, indexes and constraints after `upgrade head` match core/models.py: a model change
    without its migration (or the reverse) fails here, on SQLite and on PostgreSQL."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), M.Base.metadata)
    assert diff == []
