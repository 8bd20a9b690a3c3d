"""The Flask side of accounts: the session cookie, /masuk and /keluar, kiosk sessions, and the guard that checks
every request (Flask routes and Dash callbacks) against what dashboard/auth.py says each role may call."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import os
import re
import secrets
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import dash
from flask import Flask, Response, jsonify, redirect, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from jinja2 import DictLoader, Environment
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from werkzeug.middleware.proxy_fix import ProxyFix

from core import audit, i18n, language
from core.settings import Settings, private_dir
from dashboard import auth, kiosk

log = logging.getLogger(__name__)
T = i18n.AKSES
LOGIN_PATH, LOGOUT_PATH = "/masuk", "/keluar"  # relative to the app (see auth.SitePaths)
KIOSK_KEY, LOGIN_AT_KEY, CSRF_KEY = "kiosk_id", "login_at", "csrf"


def current_kiosk_id() -> int | None:
    """The kiosk token of this request's session when it is a kiosk's (no account logged in), else None. The guard
    has checked the token before any page or callback runs."""
    if current_user.is_authenticated:
        return None
    token_id = session.get(KIOSK_KEY)
    return token_id if isinstance(token_id, int) else None
PATHS_KEY = "pokja.paths"  # the app's auth.SitePaths, in the Flask server's extensions


def _now() -> float:
    return time.time()


# --- Content-Security-Policy ----------------------------------------------------------------------------
# Scripts only from this site, plus the inline scripts of the page being sent, each allowed by its SHA-256:
# Dash's index carries its renderer start-up (`var renderer = new DashRenderer();`) and one inline script per
# clientside callback written as a string; they are hashed from the response itself, so the policy always
# matches what was sent. Styles need 'unsafe-inline': Plotly adds <style> elements for its charts and modebar
# at run time (and Bootstrap's components set style attributes); a style cannot run code. data: images and
# fonts: Bootstrap's icons in its CSS, Plotly's modebar; blob: images: charts exported as PNG.
CSP_BASE = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
_INLINE_SCRIPT = re.compile(rb"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)


def content_security_policy(html: bytes | None) -> str:
    """The policy for a response: for an HTML page, with the hashes of its inline scripts."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
                     for body in _INLINE_SCRIPT.findall(html or b"") if body.strip()})
    return CSP_BASE.format(hashes="".join(" " + h for h in hashes))


class SessionUser(UserMixin):
    """The logged-in account as Flask-Login sees it; its id is the login's session token (auth.open_session), so
    every request finds the login's record on the server."""

    def __init__(self, user: dict):
        self.id, self.username, self.role, self.token = user["id"], user["username"], user["role"], user["token"]

    def get_id(self) -> str:
        return self.token


def session_secret(settings: Settings) -> str:
    """SECRET_KEY, or a random key kept in POKJA_DATA_DIR/secret_key: every gunicorn worker and every restart
    signs sessions with the same key (a per-process key would log users out at random)."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    if not path.parent.exists():
        private_dir(path.parent)
    if not path.exists():
        tmp = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)  # atomic and never replaces: the first worker's key wins
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


def safe_next(target: str | None) -> str:
    """Where to go after logging in, relative to the app: a path on this site only (never `//host`, `/\\host`,
    `https://...`)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if not target.isprintable() or any(c.isspace() for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or auth.path_level(parts.path) is None:
        return "/"
    return target


# --- Pages of our own (plain HTML with the local Bootstrap: they must render without a session) ----------

_TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page_title.format(page=title) }}</title>
<link rel="stylesheet" href="{{ css }}"></head>
<body class="bg-light">
<nav class="navbar navbar-dark bg-primary mb-4"><div class="container-fluid">
<a class="navbar-brand text-wrap" href="{{ home }}">{{ t.brand }}</a></div></nav>
<main class="container" style="max-width: 30rem">
<div class="card shadow-sm"><div class="card-body p-4">
<h1 class="h4 mb-3">{{ title }}</h1>
{% block body %}{% endblock %}
</div></div></main></body></html>""",
    "masuk.html": """{% extends "base.html" %}{% block body %}
{% if notice %}<div class="alert alert-info" id="masuk-notice">{{ notice }}</div>{% endif %}
{% if error %}<div class="alert alert-danger" id="masuk-error" role="alert">{{ error }}</div>{% endif %}
<form method="post" action="{{ login_url }}">
<input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="next" value="{{ next }}">
<div class="mb-3"><label for="masuk-username" class="form-label">{{ t.username }}</label>
<input class="form-control" id="masuk-username" name="username" autocomplete="username" required autofocus
 value="{{ username }}"></div>
<div class="mb-3"><label for="masuk-password" class="form-label">{{ t.password }}</label>
<input class="form-control" type="password" id="masuk-password" name="password" autocomplete="current-password"
 required></div>
<button class="btn btn-primary w-100" type="submit" id="masuk-submit">{{ t.login_button }}</button>
</form>
<p class="text-muted small mt-3 mb-0">{{ t.login_help }}</p>
<p class="small mt-2 mb-0"><a href="?lang={{ other_lang }}{% if next and next != '/' %}&amp;next={{ next|urlencode }}{% endif %}"
 id="masuk-bahasa" lang="{{ other_lang }}">{{ shell.switch_to }}</a></p>
{% endblock %}""",
    "pesan.html": """{% extends "base.html" %}{% block body %}
<p id="pesan-text">{{ message }}</p>
{% if user %}<p class="text-muted small">{{ t.signed_in_as }} {{ user }}</p>{% endif %}
<div class="d-flex gap-2">
{% if back_home %}<a class="btn btn-primary" href="{{ home }}">{{ t.back_home }}</a>{% endif %}
{% if logout %}<form method="post" action="{{ logout_url }}"><input type="hidden" name="csrf" value="{{ csrf }}"><button class="btn btn-outline-secondary" type="submit"
 id="keluar-submit">{{ t.logout_button }}</button></form>{% endif %}
</div>
{% endblock %}""",
}
_jinja = Environment(loader=DictLoader(_TEMPLATES), autoescape=True)


def _html(template: str, status: int = 200, **context) -> Response:  # noqa: ANN003
    paths = site_paths()
    css = paths.url("/assets/00-bootstrap.min.css")
    context.setdefault("csrf", csrf_token())
    lang = language.current()
    body = _jinja.get_template(template).render(t=T, css=css, home=paths.url("/"), login_url=paths.url(LOGIN_PATH),
                                                logout_url=paths.url(LOGOUT_PATH), lang=lang, shell=i18n.SHELL, page_title=i18n.PAGE_TITLE,
                                                other_lang="en" if lang == "id" else "id", **context)
    return Response(body, status=status, mimetype="text/html")


def _message(title: str, message: str, status: int, **context) -> Response:  # noqa: ANN003
    return _html("pesan.html", status, title=title, message=message, **context)


def _json_error(message: str, status: int) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def csrf_token() -> str:
    """This session's token for our own forms (login, logout): a form posted from another site lacks it."""
    return session.setdefault(CSRF_KEY, secrets.token_urlsafe(24))


def csrf_ok() -> bool:
    expected = session.get(CSRF_KEY)
    return bool(expected) and secrets.compare_digest(expected, request.form.get("csrf", ""))


def _login_form(status: int = 200, error: str | None = None, notice: str | None = None,
                username: str = "", next_path: str = "/") -> Response:
    return _html("masuk.html", status, title=T["login_title"], error=error, notice=notice, username=username,
                 next=safe_next(next_path))


# --- Wiring ---------------------------------------------------------------------------------------------


def install(app: dash.Dash, engine: Engine, settings: Settings) -> None:
    """Sessions, the login and logout pages and the request guard, on the Dash app's Flask server."""
    server: Flask = app.server
    access = settings.access
    paths = auth.SitePaths.of(app)
    server.extensions[PATHS_KEY] = paths
    if access.trusted_proxies > 0:
        n = access.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    server.secret_key = session_secret(settings)
    lifetime = dt.timedelta(hours=access.session_hours)
    server.config.update(
        SESSION_COOKIE_NAME="pokja_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=access.https,
        PERMANENT_SESSION_LIFETIME=lifetime,
        PREFERRED_URL_SCHEME="https" if access.https else "http",
    )
    manager = LoginManager()
    manager.init_app(server)
    manager.session_protection = None  # the guard checks the login's age; the login's record is on the server

    @manager.user_loader
    def load_user(token: str) -> SessionUser | None:
        found = auth.session_user(engine, token)  # None once logged out, the password changed, disabled
        return SessionUser(found) if found else None

    prefix = app.config.routes_pathname_prefix
    page_rules = {prefix, prefix + "<path:path>"}  # Dash's index and catch-all: they serve every page

    def held_level() -> str | None:
        """The requester's level: a role, KIOSK for a live kiosk session, None for nobody."""
        if current_user.is_authenticated:
            login_at = session.get(LOGIN_AT_KEY)
            now = _now()
            if isinstance(login_at, (int, float)) and 0 <= now - login_at <= lifetime.total_seconds():
                return current_user.role
            auth.end_session(engine, current_user.token, "expired")  # older than the session lifetime
            logout_user()
            session.clear()
            return None
        token_id = session.get(KIOSK_KEY)
        if isinstance(token_id, int):
            if kiosk.is_active(engine, token_id):
                return auth.KIOSK
            session.clear()  # revoked since the session started
        return None

    def start_kiosk() -> Response | None:
        """`/layar?token=...`: a valid token opens a kiosk session (unless someone is logged in already)."""
        limit, window = access.max_kiosk_refusals_per_address, access.failure_window_minutes
        found = kiosk.verify(engine, request.args.get("token"), request.remote_addr, limit, window)
        if found is None:
            session.pop(KIOSK_KEY, None)
            if kiosk.refused_too_often(engine, request.remote_addr, limit, window):
                return _message(T["kiosk_title"], T["kiosk_throttled"], 429)
            return _message(T["kiosk_title"], T["kiosk_invalid"], 403)
        if not current_user.is_authenticated:
            session.clear()
            session[KIOSK_KEY] = found["id"]
            session.permanent = True
        return None

    def refuse(status: int, is_page: bool) -> Response:
        if status == 401:
            if is_page and request.method in ("GET", "HEAD"):
                target = (paths.app_path(request.path) or "/") + (
                    f"?{request.query_string.decode('latin-1')}" if request.query_string else "")
                return redirect(f"{paths.url(LOGIN_PATH)}?next={quote(target, safe='/')}")
            return _json_error(T["session_ended"], 401)
        if is_page:
            user = f"{current_user.username} ({auth.ROLE_NAMES[current_user.role]})" \
                if current_user.is_authenticated else None
            return _message(T["forbidden_title"], T["forbidden"], 403, user=user, back_home=True, logout=bool(user))
        return _json_error(T["forbidden_call"], 403)

    @server.before_request
    def guard() -> Response | None:
        path = paths.app_path(request.path)
        # Outside the app's prefix nothing is public and no rule of the app applies: at least a login.
        needed = auth.page_level(request.path) if path is None else auth.path_level(path)
        if needed is None:
            return None
        is_page = request.url_rule is not None and request.url_rule.rule in page_rules
        if is_page and needed == auth.KIOSK and "token" in request.args:
            refused = start_kiosk()
            if refused is not None:
                return refused
        held = held_level()
        if held is None:
            return refuse(401, is_page)
        if path == auth.CALLBACK_PATH:
            body = request.get_json(silent=True)  # cached: Dash reads the same parsed body
            body = body if isinstance(body, dict) else {}
            output = body.get("output")
            entry = app.callback_map.get(output) if isinstance(output, str) else None
            if entry is not None and (mismatch := auth.call_mismatch(entry, body)) is not None:
                # Dash would run the callback with these values by position whatever their labels say.
                log.warning("refused a callback request for %r whose %s differ from the declared ones (%s)",
                            output, mismatch, held)
                return _json_error(T["bad_call"], 400)
            needed = auth.callback_level(entry, body, app.strip_relative_path)
            if needed is None:
                log.warning("refused an undeclared callback %r for %s", output, held)
                return refuse(403, False)
        if not auth.allows(held, needed):
            # A big screen's session has no account: any other page asks for a login rather than refusing.
            return refuse(401 if held == auth.KIOSK and is_page else 403, is_page)
        return None

    @server.after_request
    def headers(response: Response) -> Response:
        html = response.get_data() if response.mimetype == "text/html" and not response.direct_passthrough \
            else None
        response.headers.setdefault("Content-Security-Policy", content_security_policy(html))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        # Kiosk tokens travel in /layar's URL: never hand them to another site as a Referer.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @server.route(paths.route(LOGIN_PATH), methods=["GET", "POST"])
    def masuk() -> Response:
        next_path = request.values.get("next", "/")
        if request.method == "GET":
            if current_user.is_authenticated and held_level() is not None:
                return redirect(paths.url(safe_next(next_path)))
            notice = T["logged_out"] if request.args.get("keluar") else None
            return _login_form(notice=notice, next_path=next_path)
        username = request.form.get("username", "")
        if not csrf_ok():
            return _login_form(400, T["form_expired"], username=username, next_path=next_path)
        address = request.remote_addr
        # Counted before the password is checked (auth.begin_login), so attempts at once cannot pass the limit.
        attempt = auth.begin_login(engine, username, address, access)
        if isinstance(attempt, auth.Refusal):
            auth.record_refusal(engine, username, attempt, address, access.failure_window_minutes)
            return _login_form(429, T["login_throttled"].format(minutes=attempt.minutes(auth.utcnow())),
                               username=username, next_path=next_path)
        user = auth.authenticate(engine, username, request.form.get("password", ""), address)
        if user is None:
            return _login_form(401, T["login_failed"], username=username, next_path=next_path)
        auth.login_succeeded(engine, attempt)
        token = auth.open_session(engine, user["id"], address)
        session.clear()  # nothing from before the login (a kiosk session, an old CSRF token) carries over
        login_user(SessionUser({**user, "token": token}))
        session.permanent = True
        session[LOGIN_AT_KEY] = _now()
        language.remember(language.user_language(engine, user["id"]))  # the language kept for this user
        csrf_token()
        return redirect(paths.url(safe_next(next_path)))

    @server.route(paths.route(LOGOUT_PATH), methods=["GET", "POST"])
    def keluar() -> Response:
        if request.method == "GET":  # a page to confirm: logging out by a mere link would let any site do it
            if held_level() is None:
                return redirect(paths.url(LOGIN_PATH))
            return _message(T["logout_title"], T["logout_question"], 200, logout=True)
        if not csrf_ok():  # a form on another site: neither the session nor its cookie changes
            return _message(T["logout_title"], T["form_expired"], 400, logout=held_level() is not None)
        if current_user.is_authenticated:
            auth.end_session(engine, current_user.token, "logout")  # a copy of the cookie opens nothing now
            with Session(engine) as s, s.begin():
                audit.record(s, current_user.username, "logout", "", request.remote_addr)
            logout_user()
        session.clear()
        return redirect(f"{paths.url(LOGIN_PATH)}?keluar=1")


def site_paths() -> auth.SitePaths:
    """The paths of the app serving this request (auth.ROOT outside a request)."""
    from flask import current_app, has_app_context

    return current_app.extensions.get(PATHS_KEY, auth.ROOT) if has_app_context() else auth.ROOT


def current_level() -> str | None:
    """The level of whoever the page is being built for: a role, KIOSK, or None."""
    if current_user.is_authenticated:
        return current_user.role
    return auth.KIOSK if isinstance(session.get(KIOSK_KEY), int) else None
