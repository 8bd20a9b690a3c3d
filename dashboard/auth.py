"""Accounts and roles: who may do what. Passwords are hashed with scrypt; no default password exists.

What each role may call is decided here, as data and small pure functions; dashboard/access.py applies it to
every request (Flask routes and Dash callbacks alike).
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import secrets
import threading
from dataclasses import dataclass

from sqlalchemy import Engine, case, delete, func, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from core import audit
from core.models import AttemptCounter, LoginSession, User, utcnow
from core.settings import SCRYPT, Access

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
    if _output_ids(entry) == list(PAGES_ROUTER_OUTPUTS) and not all(
            isinstance(i.get("value"), (str, type(None))) for i in body["inputs"] if i.get("id") == PAGES_LOCATION):
        return "inputs"  # Dash's router takes the location's pathname and search as text
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


# scrypt's cost: N=2^17, r=8, p=1 takes 128 * N * r bytes = 128 MiB of memory per hash (and about 0.3 s of one
# core), so at most SCRYPT_CONCURRENCY hashes run at once in a process; the others wait their turn. Tests use a
# cheaper N through POKJA_SCRYPT_N. A hash made at another cost is made again at its owner's next login.
_hash_slots = threading.BoundedSemaphore(SCRYPT.concurrency)


def _method() -> str:
    return f"scrypt:{SCRYPT.n}:{SCRYPT.r}:{SCRYPT.p}"


def hash_password(password: str) -> str:
    with _hash_slots:
        return generate_password_hash(password, method=_method())


def _verify(stored: str, password: str) -> bool:
    with _hash_slots:
        return check_password_hash(stored, password)


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made at another cost than today's (werkzeug's ``scrypt:N:r:p$salt$hash``)."""
    return stored.split("$", 1)[0] != _method()


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked when the username is unknown, so a wrong name costs as long as a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


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
    hashed = hash_password(password)  # outside the transaction: no write lock held while scrypt runs
    with Session(engine) as s, s.begin():
        if s.scalar(select(User).where(User.username == username)) is not None:
            raise AccountError(f"Pengguna '{username}' sudah ada.")
        s.add(User(username=username, role=role, password_hash=hashed, active=True))
        audit.record(s, actor, "user.add", f"{username} ({role})")


def set_password(engine: Engine, username: str, password: str, actor: str) -> None:
    """A new password; every open session of the account ends."""
    _check_password(password)
    hashed = hash_password(password)
    with Session(engine) as s, s.begin():
        user = _get(s, username)
        user.password_hash = hashed
        end_sessions(s, user.id, "password")
        audit.record(s, actor, "user.passwd", user.username)


def disable_user(engine: Engine, username: str, actor: str) -> None:
    with Session(engine) as s, s.begin():
        user = _get(s, username)
        user.active = False
        end_sessions(s, user.id, "disabled")
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


def authenticate(engine: Engine, username: str, password: str, address: str | None = None) -> dict | None:
    """The user if the password is right and the account active; every attempt is audited. A hash made at an
    older cost is made again at today's (the password is at hand only now)."""
    name = normalize_username(username)[:ACTOR_MAX]
    with Session(engine) as s:
        found = s.execute(select(User.id, User.password_hash).where(User.username == name)).one_or_none() \
            if name else None
    # scrypt outside any transaction: a burst of logins never holds the database's write lock
    right = _verify(found.password_hash if found else _dummy_hash(), password or "")
    rehashed = hash_password(password) if found and right and needs_rehash(found.password_hash) else None
    with Session(engine) as s, s.begin():
        user = s.get(User, found.id) if found else None
        ok = user is not None and user.active and right and user.password_hash == found.password_hash
        audit.record(s, name or "-", "login.success" if ok else "login.failure", "", address)
        if not ok:
            return None
        user.last_login_at = utcnow()
        if rehashed:
            user.password_hash = rehashed
        return {"id": user.id, "username": user.username, "role": user.role}


def _get(s: Session, username: str) -> User:
    user = s.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise AccountError(f"Pengguna '{username}' tidak ditemukan.")
    return user


# --- Sessions on the server -----------------------------------------------------------------------------
# The session cookie carries a random token; the server keeps its SHA-256 with the account, and every request
# looks it up, so a session ends for good when its row is ended (a copy of the cookie opens nothing after).


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(engine: Engine, user_id: int, address: str | None) -> str:
    """A new login's session token (for the cookie; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with Session(engine) as s, s.begin():
        s.add(LoginSession(user_id=user_id, token_hash=_token_hash(token), address=address))
    return token


def session_user(engine: Engine, token: str) -> dict | None:
    """The active account whose live session ``token`` names, or None (unknown, ended, account disabled)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    with Session(engine) as s:
        row = s.execute(select(User.id, User.username, User.role, LoginSession.created_at)
                        .join(LoginSession, LoginSession.user_id == User.id)
                        .where(LoginSession.token_hash == _token_hash(token), LoginSession.ended_at.is_(None),
                               User.active.is_(True))).one_or_none()
    if row is None:
        return None
    return {"id": row.id, "username": row.username, "role": row.role, "token": token, "since": row.created_at}


def end_session(engine: Engine, token: str, reason: str) -> None:
    with Session(engine) as s, s.begin():
        s.execute(update(LoginSession).where(LoginSession.token_hash == _token_hash(token),
                                             LoginSession.ended_at.is_(None))
                  .values(ended_at=utcnow(), end_reason=reason))


def end_sessions(s: Session, user_id: int, reason: str) -> None:
    """End every open session of an account, in the caller's transaction."""
    s.execute(update(LoginSession).where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
              .values(ended_at=utcnow(), end_reason=reason))


# --- Slowing down password guessing ---------------------------------------------------------------------
# Each attempt is counted before its password is checked, in one statement per counter that counts only while
# the counter is under its limit (so 40 attempts at once check at most the limit's worth of passwords, on every
# worker and server), and given back when the password was right. Three counters:
#   - the account from one address (POKJA_LOGIN_MAX_FAILURES, 5): a guesser locks out only their own address;
#   - the account from every address (POKJA_LOGIN_MAX_FAILURES_PER_ACCOUNT, 50): the ceiling for guessing from
#     many addresses; reaching it locks the account out everywhere for the rest of the window, which takes 50
#     failures from at least three addresses (each address stops at POKJA_LOGIN_MAX_FAILURES_PER_ADDRESS);
#   - one address, whatever the usernames (POKJA_LOGIN_MAX_FAILURES_PER_ADDRESS, 20).
# A window starts at its counter's first failure and lasts POKJA_LOGIN_WINDOW_MINUTES (15).


@dataclass(frozen=True)
class Refusal:
    """A login attempt refused before the password is checked: until when, and why (for the audit trail)."""

    until: dt.datetime
    reason: str

    def minutes(self, now: dt.datetime) -> int:
        return max(1, -(-int((self.until - now).total_seconds()) // 60))


@dataclass(frozen=True)
class Attempt:
    """The counters one login attempt was counted in (given back when its password was right)."""

    keys: tuple[str, ...]
    account_address_key: str


class _Full(Exception):
    """A counter is at its limit: roll the attempt's other counts back."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _insert_ignore(s: Session):  # noqa: ANN202
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(AttemptCounter)


def count_attempt(s: Session, key: str, limit: int, window: dt.timedelta, now: dt.datetime) -> int | None:
    """Count one attempt under ``key`` unless ``limit`` attempts are counted in its window already: the count
    now, or None when full. A window older than ``window`` starts again. One statement decides, so attempts at
    once on several workers never count past the limit."""
    stale = AttemptCounter.window_start <= now - window
    counted = update(AttemptCounter).where(AttemptCounter.key == key, or_(AttemptCounter.count < limit, stale)) \
        .values(count=case((stale, 1), else_=AttemptCounter.count + 1),
                window_start=case((stale, now), else_=AttemptCounter.window_start)) \
        .returning(AttemptCounter.count)
    for _ in range(2):
        found = s.scalar(counted)
        if found is not None:
            return found
        # No row yet (or full): make it; when another request made it first, look at the row it made.
        made = s.scalar(_insert_ignore(s).values(key=key, window_start=now, count=1)
                        .on_conflict_do_nothing(index_elements=["key"]).returning(AttemptCounter.count))
        if made is not None:
            return made
    return None


def _window_end(s: Session, key: str, window: dt.timedelta, now: dt.datetime) -> dt.datetime:
    start = s.scalar(select(AttemptCounter.window_start).where(AttemptCounter.key == key))
    return (start or now) + window


def _login_keys(name: str, address: str | None, limits: Access) -> list[tuple[str, int, str]]:
    address = (address or "-")[:100]
    return [(key, limit, reason) for key, limit, reason in (
        (f"login:account-address:{name}\n{address}", limits.max_failures_per_user, "username"),
        (f"login:account:{name}", limits.max_failures_per_account, "account"),
        (f"login:address:{address}", limits.max_failures_per_address, "address"),
    ) if limit > 0]


def begin_login(engine: Engine, username: str, address: str | None, limits: Access,
                now: dt.datetime | None = None) -> Attempt | Refusal:
    """Count a login attempt in its counters before its password is checked, or refuse it (nothing counted)
    when one of them is full."""
    now = now or utcnow()
    window = dt.timedelta(minutes=limits.failure_window_minutes)
    name = normalize_username(username)[:ACTOR_MAX] or "-"
    keys = _login_keys(name, address, limits)
    try:
        with Session(engine) as s, s.begin():
            for key, limit, _ in keys:  # always in this order: concurrent attempts lock rows alike, no deadlock
                if count_attempt(s, key, limit, window, now) is None:
                    raise _Full(key)
    except _Full as full:
        with Session(engine) as s:
            until = _window_end(s, full.key, window, now)
        return Refusal(until, next(reason for key, _, reason in keys if key == full.key))
    _forget_stale(engine, now - window)
    return Attempt(tuple(key for key, _, _ in keys), keys[0][0] if keys else "")


def login_succeeded(engine: Engine, attempt: Attempt) -> None:
    """A right password: its attempt is given back, and the account's failures from this address forgotten."""
    with Session(engine) as s, s.begin():
        s.execute(delete(AttemptCounter).where(AttemptCounter.key == attempt.account_address_key))
        s.execute(update(AttemptCounter).where(AttemptCounter.key.in_(attempt.keys), AttemptCounter.count > 0)
                  .values(count=AttemptCounter.count - 1))


def _forget_stale(engine: Engine, cutoff: dt.datetime) -> None:
    """Counters whose window has passed count nothing: drop them, in a transaction of its own after the
    attempt's, skipping rows another attempt holds (PostgreSQL; SQLite writes one at a time): it never waits on
    a row while holding another, so it can take no part in a deadlock."""
    stale = select(AttemptCounter.key).where(AttemptCounter.window_start <= cutoff) \
        .with_for_update(skip_locked=True)
    with Session(engine) as s, s.begin():
        s.execute(delete(AttemptCounter).where(AttemptCounter.key.in_(stale)))


def record_refusal(engine: Engine, username: str, refusal: Refusal, address: str | None,
                   window_minutes: int = 15) -> None:
    """Audit a refused login once per address, reason and window (a flood of refusals writes one row, not
    thousands; the counter holds how many there were)."""
    now = utcnow()
    with Session(engine) as s, s.begin():
        seen = count_attempt(s, f"audit:login.throttled:{refusal.reason}:{(address or '-')[:100]}", 2**31 - 1,
                             dt.timedelta(minutes=window_minutes), now)
        if seen == 1:
            audit.record(s, normalize_username(username)[:ACTOR_MAX] or "-", "login.throttled",
                         f"terlalu banyak kegagalan ({refusal.reason})", address)


def current_actor(default: str = "admin") -> str:
    """The name of the logged-in user for the audit trail; ``default`` outside a login (tests, the CLI)."""
    from flask import current_app, has_request_context

    if not has_request_context() or not hasattr(current_app, "login_manager"):
        return default
    from flask_login import current_user

    return getattr(current_user, "username", None) or default
