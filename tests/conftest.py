"""Fixtures: a fresh database per test (SQLite always, PostgreSQL when POKJA_TEST_PG_URL names a server)."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dashboard.db import make_engine, upgrade_database
from dashboard.settings import Limits, Settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PG_URL = os.environ.get("POKJA_TEST_PG_URL")
BACKENDS = ["sqlite", "postgresql"]


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    if PG_URL or os.environ.get("POKJA_REQUIRE_PG") != "1":
        return
    raise pytest.UsageError("POKJA_REQUIRE_PG=1 but POKJA_TEST_PG_URL is not set: the PostgreSQL tests would not run.")


def _pg_database():
    """Create a throwaway database on the test server; yields its URL and drops it afterwards."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"pokja_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):  # noqa: ANN001
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pokja.db'}"
        return
    if not PG_URL:
        pytest.skip("POKJA_TEST_PG_URL not set (.ci/run starts a PostgreSQL server and sets it)")
    yield from _pg_database()


@pytest.fixture
def sqlite_url(tmp_path):  # noqa: ANN001
    return f"sqlite:///{tmp_path / 'pokja.db'}"


@pytest.fixture
def settings(db_url, tmp_path):  # noqa: ANN001
    return Settings(database_url=db_url, data_dir=tmp_path / "data", secret_key="test", load_demo_when_empty=False,
                    limits=Limits(parse_timeout_s=30))


@pytest.fixture
def engine(settings):  # noqa: ANN001
    eng = make_engine(settings.database_url)
    upgrade_database(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def cli_env(settings, monkeypatch):  # noqa: ANN001
    """Environment for running `pokja` against this test's database."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("POKJA_DATA_DIR", str(settings.data_dir))
    return dict(os.environ)


DEMO_WORKBOOK = Path(__file__).resolve().parents[1] / "data" / "demo" / "rekap-demo.xlsx"


@pytest.fixture
def demo(engine, settings):  # noqa: ANN001
    """The engine with the demo workbook loaded."""
    from loaders.ingest import load_file

    report = load_file(engine, settings, DEMO_WORKBOOK.read_bytes(), DEMO_WORKBOOK.name, "demo")
    assert report.ok, report.as_dict()["errors"][:3]
    return engine


@pytest.fixture
def app(settings):  # noqa: ANN001
    """The Dash app on this test's database."""
    from dashboard.web import create_app

    return create_app(settings)


PASSWORD = "sandi-uji-rahasia-1"


def login(client, username: str, password: str = PASSWORD, next_path: str = "/", **kwargs):  # noqa: ANN001, ANN003, ANN201
    """Log in through the real /masuk form (its CSRF token included); returns the POST's response."""
    import re

    form = client.get("/masuk", **kwargs).get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    return client.post("/masuk", data={"username": username, "password": password, "csrf": csrf,
                                       "next": next_path}, **kwargs)


@pytest.fixture
def client_as(app):  # noqa: ANN001
    """``client_as("pimpinan")``: a test client logged in with that role (its account made on first use)."""
    from dashboard import auth
    from dashboard.web import ENGINE_KEY

    engine = app.server.extensions[ENGINE_KEY]

    def make(role: str):  # noqa: ANN202
        username = f"uji-{role}"
        if username not in {u["username"] for u in auth.list_users(engine)}:
            auth.add_user(engine, username, role, PASSWORD, "pytest")
        client = app.server.test_client()
        response = login(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return make
