"""Accounts and roles: who may do what. Passwords are hashed with scrypt; no default password exists.

What each role may call is decided here, as data and small pure functions; dashboard/access.py applies it to
every request (Flask routes and Dash callbacks alike).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard import audit
from dashboard.models import AuditEvent, User, utcnow
from dashboard.settings import Access

# pimpinan: every page but upload and administration; sekretariat: upload, undo, snapshots; admin: everything.
ROLES = ("pimpinan", "sekretariat", "admin")
PIMPINAN, SEKRETARIAT, ADMIN = ROLES
KIOSK = "kiosk"  # a big screen holding a kiosk token: /layar and its refresh only, no account
# Each level may do everything the levels before it may.
LEVELS = (KIOSK, *ROLES)
ROLE_NAMES = {PIMPINAN: "Pimpinan", SEKRETARIAT: "Sekretariat", ADMIN: "Admin"}
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
ACTOR_MAX = 100  # audit_event.actor

# --- What each level may call ---------------------------------------------------------------------------
# Every path below is relative to the app ("/anggota"): under a Dash URL prefix (DASH_URL_BASE_PATHNAME, or
# requests_pathname_prefix behind a proxy) the guard first takes the prefix off (SitePaths.app_path).

PUBLIC_PATHS = frozenset({"/masuk", "/keluar", "/health", "/_favicon.ico"})
# Static files anyone may fetch: the login page's stylesheet and the scripts Dash's renderer is made of.
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
# What the Dash renderer fetches before it can show any page, the big screen included.
RENDERER_PATHS = frozenset({"/_dash-layout", "/_dash-dependencies", "/_reload-hash"})
CALLBACK_PATH = "/_dash-update-component"  # the level is the callback's own (see callback_level)
# Parts of the site and the level they need: a path equal to the prefix or below it. Anything else: pimpinan.
PATH_LEVELS = (("/admin", ADMIN), ("/unggah", SEKRETARIAT), ("/layar", KIOSK))
DEFAULT_LEVEL = PIMPINAN
ADMIN_ID_PREFIX = "admin-"  # outputs of the administration page: callbacks writing only these need admin
PAGES_ROUTER_OUTPUTS = ("_pages_content", "_pages_store")  # Dash's own page router (renders a page's layout)
LEVEL_ATTR = "pokja_level"  # set on a callback function by `callback`


@dataclass(frozen=True)
class SitePaths:
    """Where the app lives, from the Dash app's config: ``routes`` (routes_pathname_prefix) prefixes the paths
    this server is asked for, ``requests`` (requests_pathname_prefix) the paths the browser asks for (they
    differ behind a proxy that takes a prefix off). Both end with a slash."""

    routes: str = "/"
    requests: str = "/"

    @classmethod
    def of(cls, app) -> "SitePaths":  # noqa: ANN001 - a dash.Dash
        return cls(app.config.routes_pathname_prefix, app.config.requests_pathname_prefix)

    def app_path(self, server_path: str) -> str | None:
        """A path this server was asked for, relative to the app (``/anggota``); None when outside the app."""
        if server_path.startswith(self.routes):
            return "/" + server_path[len(self.routes):]
        if server_path == self.routes.rstrip("/"):
            return "/"
        return None

    def route(self, app_path: str) -> str:
        """The server's rule for a path of the app (Flask routes of our own: /masuk, /keluar, /health)."""
        return self.routes + app_path.lstrip("/")

    def url(self, app_path: str) -> str:
        """What the browser asks for to reach a path of the app (links, forms, redirects)."""
        return self.requests + app_path.lstrip("/")


ROOT = SitePaths()


def allows(held: str | None, needed: str) -> bool:
    """Whether someone at level ``held`` (a role, KIOSK, or None for nobody) may do what needs ``needed``."""
    return held in LEVELS and LEVELS.index(held) >= LEVELS.index(needed)


def path_level(path: str) -> str | None:
    """The level a request path needs; None: public. Callback requests need more (see callback_level)."""
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return None
    if path in RENDERER_PATHS:
        return KIOSK
    return page_level(path)


def page_level(path: str | None) -> str:
    """The level a page (or any other path of the site) needs. Normalised as Dash matches pages: surrounding
    slashes dropped; lower-cased here so that no spelling of a path reaches a page under a weaker rule."""
    path = "/" + (path or "").strip("/").lower()
    for prefix, level in PATH_LEVELS:
        if path == prefix or path.startswith(prefix + "/"):
            return level
    return DEFAULT_LEVEL


def callback(*args, level: str, **kwargs):  # noqa: ANN002, ANN003, ANN201 - dash.callback's own signature
    """`dash.callback` with the level needed to call it, declared where the callback is defined.

    The level travels on the function (Dash's wrapper copies its attributes), so the request guard finds it
    from Dash's callback map; a callback declared without this decorator is refused (unless it writes only
    ``admin-*`` components: then it needs admin)."""
    import dash

    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    register = dash.callback(*args, **kwargs)

    def decorate(func):  # noqa: ANN001, ANN202
        setattr(func, LEVEL_ATTR, level)
        return register(func)

    return decorate


def _output_ids(entry: dict) -> list:
    outputs = entry.get("output")
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs] if outputs is not None else []
    return [getattr(o, "component_id", None) for o in outputs]


def _is_admin_id(component_id: object) -> bool:
    if isinstance(component_id, str):
        return component_id.startswith(ADMIN_ID_PREFIX)
    if isinstance(component_id, dict):  # a pattern-matching id: {"type": "admin-...", "index": ...}
        return any(isinstance(v, str) and v.startswith(ADMIN_ID_PREFIX) for v in component_id.values())
    return False


def callback_level(entry: dict | None, body: dict, strip_path=None) -> str | None:  # noqa: ANN001
    """The level a callback request needs, from the callback's entry in Dash's callback map and the request
    body (for Dash's page router: the page asked for). None: refused, whoever asks (fail closed).

    The body must already have passed `call_mismatch` (its inputs are the declared ones, in order): Dash hands
    the callback its inputs by position, so the page router's pathname is the input at the declared position of
    ``_pages_location.pathname``, whatever a label says. ``strip_path``: the app's `strip_relative_path` (drops
    the Dash URL prefix as the router does; raises for a path outside it)."""
    if entry is None or not callable(entry.get("callback")):  # unknown, or clientside: never run on the server
        return None
    fn = entry["callback"]
    declared = getattr(fn, LEVEL_ATTR, None) or getattr(getattr(fn, "__wrapped__", None), LEVEL_ATTR, None)
    if declared in LEVELS:
        return declared
    ids = _output_ids(entry)
    if ids and all(_is_admin_id(i) for i in ids):
        return ADMIN
    if ids == list(PAGES_ROUTER_OUTPUTS):
        position = next((n for n, spec in enumerate(entry.get("inputs") or [])
                         if spec.get("id") == PAGES_LOCATION and spec.get("property") == "pathname"), None)
        inputs = body.get("inputs")
        if position is None or not isinstance(inputs, list) or position >= len(inputs) \
                or not isinstance(inputs[position], dict):
            return None
        pathname = inputs[position].get("value")
        if not isinstance(pathname, str):
            return page_level(None)
        from dash.exceptions import UnsupportedRelativePath

        try:
            stripped = strip_path(pathname) if strip_path else pathname.strip("/")
        except UnsupportedRelativePath:  # outside the app's URL prefix: Dash's router would fail on it
            return None
        return page_level(stripped)
    return None


# --- The shape of a callback request ----------------------------------------------------------------------
# Dash runs the callback named by a request's ``output`` with the request's inputs and state by position, and
# never compares their ids and properties with the ones declared. The guard does, before any level decision.

PAGES_LOCATION = "_pages_location"
MULTI_WILDCARDS = frozenset({"ALL", "ALLSMALLER"})  # such an id stands for a list of components
ITEM_KEYS = frozenset({"id", "property", "value", "allow_optional"})  # what the renderer sends per input


def _declared_id(spec_id: str) -> str | dict:
    """A dependency's id as Dash's callback map holds it (a pattern-matching id is JSON with each wildcard
    written ``["ALL"]``): a string, or a dict whose wildcard values are one-element lists."""
    if isinstance(spec_id, str) and spec_id.startswith("{"):
        return json.loads(spec_id)
    return spec_id


def _is_wildcard(value: object) -> bool:
    return isinstance(value, list) and len(value) == 1 and isinstance(value[0], str)


def _is_multi(declared: str | dict) -> bool:
    return isinstance(declared, dict) and any(_is_wildcard(v) and v[0] in MULTI_WILDCARDS
                                              for v in declared.values())


def _id_value(value: object) -> bool:
    """What may stand in for a wildcard in a component id: a string or a number (never a list or a dict)."""
    return isinstance(value, (str, int, float)) and not (isinstance(value, float) and value != value)


def _id_matches(declared: str | dict, actual: object) -> bool:
    if isinstance(declared, str):
        return isinstance(actual, str) and actual == declared
    if not isinstance(actual, dict) or actual.keys() != declared.keys():
        return False
    for key, want in declared.items():
        got = actual[key]
        if _is_wildcard(want):
            if not _id_value(got):
                return False
        elif type(got) is not type(want) or got != want:
            return False
    return True


def _item_matches(declared: str | dict, prop: str, item: object, keys: frozenset, output: bool) -> bool:
    if not isinstance(item, dict) or not item.keys() <= keys or "id" not in item:
        return False
    got = item.get("property")
    if not isinstance(got, str) or (got.split("@", 1)[0] if output else got) != prop:
        return False
    return _id_matches(declared, item["id"])


def _dependency_matches(spec_id: str, prop: str, given: object, keys: frozenset = ITEM_KEYS,
                        output: bool = False) -> bool:
    declared = _declared_id(spec_id)
    if _is_multi(declared):
        return isinstance(given, list) and all(_item_matches(declared, prop, i, keys, output) for i in given)
    return _item_matches(declared, prop, given, keys, output)


def _dependencies_match(specs: list[dict], given: object) -> bool:
    return isinstance(given, list) and len(given) == len(specs) and all(
        _dependency_matches(spec["id"], spec["property"], item) for spec, item in zip(specs, given))


def call_mismatch(entry: dict, body: dict) -> str | None:
    """Why a callback request does not have the shape its callback declares, or None when it does: its inputs
    and state (each id and property, position by position; a pattern-matching id by its keys and fixed values,
    a list of such for ALL and ALLSMALLER), its outputs likewise, and changedPropIds a list of strings."""
    if not _dependencies_match(entry.get("inputs") or [], body.get("inputs")):
        return "inputs"
    state = body.get("state")
    declared_state = entry.get("state") or []
    if not (state is None and not declared_state) and not _dependencies_match(declared_state, state):
        return "state"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds"
    if not entry.get("no_output") and "outputs" in body:
        declared = entry.get("output")
        outputs = body["outputs"]
        specs = declared if isinstance(declared, (list, tuple)) else [declared]
        given = outputs if isinstance(declared, (list, tuple)) else [outputs]
        if not isinstance(given, list) or len(given) != len(specs) or not all(
                _dependency_matches(o.component_id_str(), o.component_property, g, frozenset({"id", "property"}),
                                    output=True) for o, g in zip(specs, given)):
            return "outputs"
    return None


# --- Accounts -------------------------------------------------------------------------------------------


class AccountError(ValueError):
    """A user-facing refusal (Bahasa Indonesia)."""


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


# Checked when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")


def normalize_username(username: str | None) -> str:
    return (username or "").strip().lower()


def add_user(engine: Engine, username: str, role: str, password: str, actor: str) -> None:
    username = normalize_username(username)
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


def create_demo_account(engine: Engine, username: str = "demo") -> str | None:
    """An admin account for a demo start on an empty database: its random password (to print once), or None
    when any account exists already."""
    with Session(engine) as s:
        if s.scalar(select(func.count()).select_from(User)):
            return None
    password = secrets.token_urlsafe(12)
    add_user(engine, username, ADMIN, password, "demo")
    return password


def session_stamp(user: User) -> str:
    """Part of the session's user id: changing the password (or disabling) ends the sessions opened before."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def authenticate(engine: Engine, username: str, password: str, address: str | None = None) -> dict | None:
    """The user if the password is right and the account active; every attempt is audited."""
    name = normalize_username(username)[:ACTOR_MAX]
    with Session(engine) as s, s.begin():
        user = s.scalar(select(User).where(User.username == name)) if name else None
        right = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
        ok = user is not None and user.active and right
        audit.record(s, name or "-", "login.success" if ok else "login.failure", "", address)
        if not ok:
            return None
        user.last_login_at = utcnow()
        return {"id": user.id, "username": user.username, "role": user.role, "stamp": session_stamp(user)}


def session_user(engine: Engine, session_id: str) -> dict | None:
    """The active user a session's ``<id>:<stamp>`` names, or None (unknown, disabled, password changed)."""
    user_id, _, stamp = (session_id or "").partition(":")
    if not user_id.isdigit():
        return None
    with Session(engine) as s:
        user = s.get(User, int(user_id))
        if user is None or not user.active or not secrets.compare_digest(session_stamp(user), stamp):
            return None
        return {"id": user.id, "username": user.username, "role": user.role, "stamp": stamp}


def _get(s: Session, username: str) -> User:
    user = s.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise AccountError(f"Pengguna '{username}' tidak ditemukan.")
    return user


# --- Slowing down password guessing ---------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """A login attempt refused before the password is checked: until when, and why (for the audit trail)."""

    until: dt.datetime
    reason: str

    def minutes(self, now: dt.datetime) -> int:
        return max(1, -(-int((self.until - now).total_seconds()) // 60))


def login_refusal(engine: Engine, username: str, address: str | None, limits: Access,
                  now: dt.datetime | None = None) -> Refusal | None:
    """Refuse attempts after too many recent failures for one username (counted since its last success) or
    from one address. The counts are the audit trail's ``login.failure`` rows, so every worker and server
    sees the same ones."""
    now = now or utcnow()
    start = now - dt.timedelta(minutes=limits.failure_window_minutes)
    window = dt.timedelta(minutes=limits.failure_window_minutes)
    name = normalize_username(username)[:ACTOR_MAX] or "-"
    with Session(engine) as s:
        last_success = s.scalar(select(func.max(AuditEvent.at)).where(
            AuditEvent.action == "login.success", AuditEvent.actor == name, AuditEvent.at > start))
        checks = [("username", AuditEvent.actor == name, max(start, last_success or start),
                   limits.max_failures_per_user)]
        if address:
            checks.append(("address", AuditEvent.address == address, start, limits.max_failures_per_address))
        for reason, where, since, limit in checks:
            if limit <= 0:
                continue
            recent = s.scalars(select(AuditEvent.at).where(AuditEvent.action == "login.failure", where,
                                                           AuditEvent.at > since)
                               .order_by(AuditEvent.at.desc()).limit(limit)).all()
            # Refused until the limit-th most recent failure leaves the window.
            if len(recent) >= limit and recent[-1] + window > now:
                return Refusal(recent[-1] + window, reason)
    return None


def record_refusal(engine: Engine, username: str, refusal: Refusal, address: str | None) -> None:
    with Session(engine) as s, s.begin():
        audit.record(s, normalize_username(username)[:ACTOR_MAX] or "-", "login.throttled",
                     f"terlalu banyak kegagalan ({refusal.reason})", address)


def current_actor(default: str = "admin") -> str:
    """The name of the logged-in user for the audit trail; ``default`` outside a login (tests, the CLI)."""
    from flask import current_app, has_request_context

    if not has_request_context() or not hasattr(current_app, "login_manager"):
        return default
    from flask_login import current_user

    return getattr(current_user, "username", None) or default
