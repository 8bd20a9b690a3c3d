"""Accounts and roles: who may do what. Passwords are hashed with scrypt; no default password exists."""
from __future__ import annotations

import re

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard import audit
from dashboard.models import User, utcnow

# pimpinan: every page but upload and administration; sekretariat: upload, undo, snapshots; admin: everything.
ROLES = ("pimpinan", "sekretariat", "admin")
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")


class AccountError(ValueError):
    """A user-facing refusal (Bahasa Indonesia)."""


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")


def add_user(engine: Engine, username: str, role: str, password: str, actor: str) -> None:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AccountError("Nama pengguna hanya huruf kecil, angka, titik, garis bawah atau tanda hubung (2-63).")
    if role not in ROLES:
        raise AccountError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    _check_password(password)
    with Session(engine) as s, s.begin():
        if s.scalar(select(User).where(User.username == username)) is not None:
            raise AccountError(f"Pengguna '{username}' sudah ada.")
        s.add(User(username=username, role=role, password_hash=hash_password(password), active=True))
        audit.record(s, actor, "user.add", f"{username} ({role})")


def set_password(engine: Engine, username: str, password: str, actor: str) -> None:
    _check_password(password)
    with Session(engine) as s, s.begin():
        user = _get(s, username)
        user.password_hash = hash_password(password)
        audit.record(s, actor, "user.passwd", user.username)


def disable_user(engine: Engine, username: str, actor: str) -> None:
    with Session(engine) as s, s.begin():
        user = _get(s, username)
        user.active = False
        audit.record(s, actor, "user.disable", user.username)


def enable_user(engine: Engine, username: str, actor: str) -> None:
    with Session(engine) as s, s.begin():
        user = _get(s, username)
        user.active = True
        audit.record(s, actor, "user.enable", user.username)


def set_role(engine: Engine, username: str, role: str, actor: str) -> None:
    if role not in ROLES:
        raise AccountError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    with Session(engine) as s, s.begin():
        user = _get(s, username)
        before, user.role = user.role, role
        audit.record(s, actor, "user.role", f"{user.username}: {before} → {role}")


def list_users(engine: Engine) -> list[dict]:
    with Session(engine) as s:
        return [{"username": u.username, "role": u.role, "active": u.active, "created_at": u.created_at,
                 "last_login_at": u.last_login_at} for u in s.scalars(select(User).order_by(User.username))]


def authenticate(engine: Engine, username: str, password: str, address: str | None = None) -> dict | None:
    """The user if the password is right and the account active; every attempt is audited."""
    with Session(engine) as s, s.begin():
        user = s.scalar(select(User).where(User.username == (username or "").strip().lower()))
        ok = user is not None and user.active and check_password_hash(user.password_hash, password or "")
        audit.record(s, username or "-", "login.success" if ok else "login.failure", "", address)
        if not ok:
            return None
        user.last_login_at = utcnow()
        return {"id": user.id, "username": user.username, "role": user.role}


def _get(s: Session, username: str) -> User:
    user = s.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise AccountError(f"Pengguna '{username}' tidak ditemukan.")
    return user


def current_actor() -> str:
    """The name of the signed-in user for the audit trail ("admin" until logins are enforced on the pages)."""
    from flask import current_app, has_request_context

    if not has_request_context() or not hasattr(current_app, "login_manager"):
        return "admin"
    from flask_login import current_user

    return getattr(current_user, "username", None) or "admin"
