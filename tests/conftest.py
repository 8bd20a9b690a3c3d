"""Fixtures: a fresh database per test (SQLite always, PostgreSQL when POKJA_TEST_PG_URL names a server)."""
from __future__ import annotations

import dataclasses
import os
import shutil
import uuid
from pathlib import Path

import pytest

# Password hashes at a test cost (the product's is N=2^17, 128 MiB and ~0.3 s each): read by core.settings at
# import, here and in every `pokja`/app subprocess the tests start. tests/test_auth.py checks the product's cost.
os.environ.setdefault("POKJA_SCRYPT_N", "16384")
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from core.db import make_engine, upgrade_database
from core.settings import Limits, Settings

# The shared corpus of hostile and odd spreadsheets (tests/test_hostile_files.py); POKJA_CORPUS_DIR moves it.
CORPUS = Path(os.environ.get("POKJA_CORPUS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "corpus")
CORPUS_SKIP_REASON = f"corpus folder {CORPUS} not present"
PG_URL = os.environ.get("POKJA_TEST_PG_URL")
BACKENDS = ["sqlite", "postgresql"]


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    if PG_URL or os.environ.get("POKJA_REQUIRE_PG") != "1":
        return
    raise pytest.UsageError("POKJA_REQUIRE_PG=1 but POKJA_TEST_PG_URL is not set: the PostgreSQL tests would not run.")


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ANN001
    """One line when the corpus tests were skipped for want of the corpus: a skip must never pass for a pass."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if isinstance(r.longrepr, tuple) and CORPUS_SKIP_REASON in str(r.longrepr[2])]
    if skipped:
        terminalreporter.write_line(f"skipped {len(skipped)} corpus tests: {CORPUS_SKIP_REASON} "
                                    "(set POKJA_CORPUS_DIR or put the corpus at ../shared/corpus)", yellow=True)


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


_TEMPLATES: dict[str, str] = {}  # backend -> a migrated database that fresh test databases are copied from


def _migrated_copy(url: str, tmp_root: Path, create: bool = False) -> None:
    """Make the (still untouched) test database at ``url`` a copy of one migrated once per test session
    (``create``: the database does not exist yet, make it so).

    Running every migration for each test costs 0.2-2 s; copying a migrated SQLite file or creating a PostgreSQL
    database from a migrated template costs a few milliseconds. ``upgrade_database`` still runs afterwards, so a
    copy that is behind the migrations would be brought up to date (and the test would notice a broken one)."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        target = Path(make_url(url).database)
        if target.exists():  # something (the app, a CLI call) made it already: leave it to the migrations
            return
        if backend not in _TEMPLATES:
            template = tmp_root / f"template-{uuid.uuid4().hex[:8]}.db"
            eng = make_engine(f"sqlite:///{template}")
            upgrade_database(eng)
            eng.dispose()  # the last connection to close checkpoints the WAL into the file
            _TEMPLATES[backend] = str(template)
        shutil.copyfile(_TEMPLATES[backend], target)
        return
    name = make_url(url).database
    if backend not in _TEMPLATES:
        template = f"pokja_template_{uuid.uuid4().hex[:12]}"
        _admin(f'CREATE DATABASE "{template}"')
        eng = make_engine(make_url(PG_URL).set(database=template).render_as_string(hide_password=False))
        upgrade_database(eng)
        eng.dispose()
        _TEMPLATES[backend] = template
    if create:
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{_TEMPLATES[backend]}"')
        return
    probe = create_engine(url, poolclass=NullPool)
    with probe.connect() as c:
        untouched = c.scalar(text("SELECT to_regclass('public.alembic_version') IS NULL"))
    probe.dispose()
    if untouched:  # else something (the app, a CLI call) made it already: leave it to the migrations
        _recreate_from(name, _TEMPLATES[backend])


def _admin(*statements: str) -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as c:
        for statement in statements:
            c.execute(text(statement))
    admin.dispose()


def _recreate_from(name: str, template: str) -> None:
    _admin(f'DROP DATABASE "{name}"', f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def pytest_sessionfinish(session, exitstatus):  # noqa: ANN001
    demo = _DEMO_TEMPLATES.pop("postgresql", None)
    for name in filter(None, [_TEMPLATES.pop("postgresql", None), demo and make_url(demo[0]).database]):
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def engine(settings, tmp_path_factory):  # noqa: ANN001
    _migrated_copy(settings.database_url, tmp_path_factory.getbasetemp())
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


_DEMO_TEMPLATES: dict[str, tuple[str, Path]] = {}  # backend -> (database URL, data dir) with the demo loaded


def _load_demo(engine, settings) -> None:  # noqa: ANN001
    from loaders.ingest import load_file

    report = load_file(engine, settings, DEMO_WORKBOOK.read_bytes(), DEMO_WORKBOOK.name, "demo")
    assert report.ok, report.as_dict()["errors"][:3]


def _untouched(engine) -> bool:  # noqa: ANN001
    """Nothing written since the migrations: no records, upload, account or audit event, no data version bump."""
    tables = ("upload", "member", "recommendation", "evaluation", "app_user", "audit_event", "snapshot",
              "kiosk_token", "login_session", "attempt_counter")
    with engine.connect() as c:
        version = c.scalar(text("SELECT value FROM app_state WHERE key = 'data_version'"))
        return int(version or 0) == 0 and not any(c.scalar(text(f"SELECT count(*) FROM {t}")) for t in tables)


def _copy_of_demo(engine, settings, tmp_root: Path) -> bool:  # noqa: ANN001
    """Make this test's untouched database a copy of one the demo workbook was loaded into once per session
    (with the kept original file in the data directory); False when it is not untouched."""
    url = make_url(settings.database_url)
    backend = url.get_backend_name()
    if not _untouched(engine):
        return False
    if backend not in _DEMO_TEMPLATES:
        folder = tmp_root / f"demo-template-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        if backend == "sqlite":
            template_url = f"sqlite:///{folder / 'pokja.db'}"
        else:
            template_url = make_url(PG_URL).set(database=f"pokja_demo_{uuid.uuid4().hex[:12]}") \
                .render_as_string(hide_password=False)
        _migrated_copy(template_url, tmp_root, create=True)
        template_engine = make_engine(template_url)
        _load_demo(template_engine, dataclasses.replace(settings, database_url=template_url,
                                                        data_dir=folder / "data"))
        template_engine.dispose()
        _DEMO_TEMPLATES[backend] = (template_url, folder / "data")
    template_url, template_data = _DEMO_TEMPLATES[backend]
    engine.dispose()
    if backend == "sqlite":
        target = Path(url.database)
        for extra in ("-wal", "-shm"):
            Path(f"{target}{extra}").unlink(missing_ok=True)
        shutil.copyfile(make_url(template_url).database, target)
    else:
        _recreate_from(url.database, make_url(template_url).database)
    shutil.copytree(template_data, settings.data_dir, dirs_exist_ok=True)
    return True


@pytest.fixture
def demo(engine, settings, tmp_path_factory):  # noqa: ANN001
    """The engine with the demo workbook loaded (a copy of a database it was loaded into once per session)."""
    if not _copy_of_demo(engine, settings, tmp_path_factory.getbasetemp()):
        _load_demo(engine, settings)
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
