"""Several app processes starting at once (gunicorn workers) migrate once and load the demo data once."""
from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard import models as M
from dashboard.db import make_engine

START = "from dashboard.web import create_app; create_app()"


def test_concurrent_starts_migrate_and_load_the_demo_once(db_url, tmp_path):
    env = dict(os.environ, DATABASE_URL=db_url, POKJA_DATA_DIR=str(tmp_path / "data"), POKJA_DEMO="1")
    procs = [subprocess.Popen([sys.executable, "-c", START], env=env, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
    engine = make_engine(db_url)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(M.Upload)) == 1
        assert s.scalar(select(func.count()).select_from(M.Member)) == 60
    engine.dispose()
