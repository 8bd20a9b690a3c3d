"""Accounts: hashed passwords, roles, disable, and every login attempt audited."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import models as M
from dashboard import auth
from dashboard.cli import main


def test_accounts_and_logins(engine):
    auth.add_user(engine, "Sekda", "pimpinan", "rahasia-sekali-1", "admin")
    with Session(engine) as s:
        user = s.scalar(select(M.User))
        assert user.username == "sekda" and user.password_hash.startswith("scrypt:")
        assert "rahasia" not in user.password_hash
    assert auth.authenticate(engine, "sekda", "salah-sandi-xx", "127.0.0.1") is None
    assert auth.authenticate(engine, "SEKDA", "rahasia-sekali-1", "127.0.0.1")["role"] == "pimpinan"
    with pytest.raises(auth.AccountError, match="sudah ada"):
        auth.add_user(engine, "sekda", "admin", "rahasia-sekali-2", "admin")
    with pytest.raises(auth.AccountError, match="minimal"):
        auth.add_user(engine, "baru", "admin", "pendek", "admin")
    with pytest.raises(auth.AccountError, match="Peran"):
        auth.add_user(engine, "baru", "raja", "rahasia-sekali-1", "admin")
    auth.set_password(engine, "sekda", "sandi-baru-panjang", "admin")
    assert auth.authenticate(engine, "sekda", "rahasia-sekali-1") is None
    assert auth.authenticate(engine, "sekda", "sandi-baru-panjang") is not None
    auth.disable_user(engine, "sekda", "admin")
    assert auth.authenticate(engine, "sekda", "sandi-baru-panjang") is None
    with Session(engine) as s:
        actions = [e.action for e in s.scalars(select(M.AuditEvent).order_by(M.AuditEvent.id))]
    assert actions == ["user.add", "login.failure", "login.success", "user.passwd", "login.failure",
                       "login.success", "user.disable", "login.failure"]


def test_cli_user_commands(cli_env, settings, monkeypatch, capsys):
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the CLI wiring is the same on both databases")
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-rahasia-123\n"))
    assert main(["user", "add", "sekretariat1", "--role", "sekretariat", "--password-stdin"]) == 0
    assert main(["user", "add", "x", "--role", "admin", "--password-stdin"]) == 1  # stdin empty: too short
    capsys.readouterr()
    assert main(["user", "list", "--json"]) == 0
    users = json.loads(capsys.readouterr().out)
    assert [(u["username"], u["role"], u["active"]) for u in users] == [("sekretariat1", "sekretariat", True)]
    assert main(["user", "disable", "sekretariat1"]) == 0
    assert main(["user", "disable", "tidak-ada"]) == 1


def test_the_product_hashes_at_n_2_17_r_8_p_1(tmp_path):  # noqa: ANN001
    """The tests hash at a cheaper cost (POKJA_SCRYPT_N in tests/conftest.py); the product's own is checked here,
    in a process without that setting."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "POKJA_SCRYPT_N"}
    done = subprocess.run([sys.executable, "-c", "from dashboard import auth; print(auth.hash_password('x' * 12))"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("$")[0] == f"scrypt:{2**17}:8:1"


def test_an_old_hash_is_made_again_at_the_next_login(engine):  # noqa: ANN001
    from werkzeug.security import generate_password_hash

    from core.settings import SCRYPT

    auth.add_user(engine, "sekda", "pimpinan", "rahasia-sekali-1", "admin")
    old = generate_password_hash("rahasia-sekali-1", method="scrypt:1024:8:1")
    with Session(engine) as s, s.begin():
        s.scalar(select(M.User)).password_hash = old
    assert auth.authenticate(engine, "sekda", "salah-sandi-xx") is None
    with Session(engine) as s:
        assert s.scalar(select(M.User)).password_hash == old  # a wrong password changes nothing
    assert auth.authenticate(engine, "sekda", "rahasia-sekali-1") is not None
    with Session(engine) as s:
        stored = s.scalar(select(M.User)).password_hash
    assert stored != old and stored.startswith(f"scrypt:{SCRYPT.n}:8:1$")
    assert auth.authenticate(engine, "sekda", "rahasia-sekali-1") is not None


def test_at_most_a_few_hashes_run_at_once(engine, monkeypatch):  # noqa: ANN001
    """Each hash at the product's cost takes 128 MiB: a burst of logins waits for a slot instead of taking
    128 MiB per request."""
    import threading
    import time

    from core.settings import SCRYPT

    running, peak, lock = [0], [0], threading.Lock()
    real = auth.check_password_hash

    def counted(stored: str, password: str) -> bool:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        try:
            return real(stored, password)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(auth, "check_password_hash", counted)
    auth.add_user(engine, "sekda", "pimpinan", "rahasia-sekali-1", "admin")
    threads = [threading.Thread(target=auth.authenticate, args=(engine, "sekda", "salah-sandi-xx"))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= peak[0] <= SCRYPT.concurrency == 2


def test_the_data_folder_is_private(settings, monkeypatch):  # noqa: ANN001
    """pokja.db, the archive of uploaded originals and the staged uploads: files 0600, folders 0700, whatever the
    umask (022 is the usual one)."""
    import dataclasses
    import os
    import stat

    from dashboard.upload_flow import Staging
    from dashboard.web import create_app
    from tests.conftest import DEMO_WORKBOOK

    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the database file is SQLite's")
    previous = os.umask(0o022)
    try:
        data = settings.data_dir
        url = f"sqlite:///{data / 'pokja.db'}"
        app_settings = dataclasses.replace(settings, database_url=url, load_demo_when_empty=True)
        create_app(app_settings)  # makes the database and loads the demo workbook (archived)
        Staging.of(app_settings).put(DEMO_WORKBOOK.read_bytes(), {"filename": "x.xlsx"})
    finally:
        os.umask(previous)
    found = {}
    for path in [data, *data.rglob("*")]:
        found[str(path.relative_to(data))] = stat.S_IMODE(path.stat().st_mode)
    assert "pokja.db" in found and any(p.startswith("archive/") for p in found) and "staging" in found
    wrong = {p: oct(m) for p, m in found.items()
             if m != (0o700 if (data / p).is_dir() else 0o600) and not p.endswith(".lock")}
    assert wrong == {}
