"""Accounts: hashed passwords, roles, disable, and every login attempt audited."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import auth
from dashboard import models as M
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
