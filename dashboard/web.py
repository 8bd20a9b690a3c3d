"""Builds the Dash app (and its Flask server): database, demo data on first start, pages, shared layout."""
from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from sqlalchemy.orm import Session

from core import i18n, language
from core.db import make_engine, startup_lock, upgrade_database
from core.settings import PROJECT_ROOT, Settings
from dashboard import access, auth, language_switch, request_limits
from dashboard.inputs import BadInput

log = logging.getLogger(__name__)
ENGINE_KEY = "pokja.engine"
SETTINGS_KEY = "pokja.settings"
BOOT_WATCHDOG = "layar-watchdog.js"  # assets/: reloads a big screen whose Dash app never started
DATE_FNS_PREFIX = "date-fns-"  # assets/date-fns-*.js: the date picker's locales, one per page by its language


def load_demo_if_empty(engine, settings: Settings) -> bool:  # noqa: ANN001
    """On a fresh database, load the demo workbook (dated to today, with its weekly history: dashboard/demo.py) so
    a first start shows something real."""
    from dashboard.demo import load_demo
    from dashboard.queries import has_data

    with Session(engine) as s:
        if has_data(s):
            return False
    report = load_demo(engine, settings)
    if not report.ok:
        log.error("demo workbook did not load: %s", report.as_dict()["errors"][:3])
    return report.ok


# The folded navigation: the button opens and closes it; following a link closes it (no request to the server).
NAV_TOGGLE_JS = """function (clicks, path, open) {
    const trigger = (dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
    return trigger.indexOf("nav-toggler") === 0 ? !open : false;
}"""


def create_app(settings: Settings | None = None) -> dash.Dash:
    from loaders.inflight import recover_interrupted
    from loaders.reader import check_xml_safety

    check_xml_safety()
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    with startup_lock(engine):
        upgrade_database(engine)
        recover_interrupted(engine)  # uploads whose loader died before this start: "interrupted" in the log
        if settings.load_demo_when_empty and load_demo_if_empty(engine, settings):
            password = auth.create_demo_account(engine)
            if password:  # printed once, here; only its hash is stored
                print(i18n.AKSES["demo_account"].format(username="demo", password=password), file=sys.stderr,
                      flush=True)
    if settings.keep_periods:
        from core.derived import start_keeper

        start_keeper(engine)  # each day's standard periods, stored in the background (never by a read)
    if settings.snapshot_schedule:
        from dashboard.snapshots import start_scheduler

        start_scheduler(engine, settings)

    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).resolve().parent / "pages"),
        assets_folder=str(PROJECT_ROOT / "assets"),
        serve_locally=True,  # no CDN: meeting-room screens and the city intranet are often offline
        title=i18n.APP_TITLE,  # the tab of a page without its own title
        suppress_callback_exceptions=True,
        update_title=None,
        # loaded by the index itself (below), not by Dash
        assets_ignore=f"{re.escape(BOOT_WATCHDOG)}|^{re.escape(DATE_FNS_PREFIX)}",
    )
    # The big screen's boot watchdog must run when Dash's own scripts did not: a plain script of the index page.
    app.index_string = dash.dash._default_index.replace(
        "{%css%}", "{%css%}\n        " + f'<script src="{app.get_asset_url(BOOT_WATCHDOG)}"></script>')
    _localize_index(app)
    request_limits.install(app.server, settings)  # before the guard: it reads callback bodies
    access.install(app, engine, settings)  # sessions, login, guards; behind nginx: POKJA_TRUSTED_PROXIES
    language_switch.install(app, engine)  # ?lang=, the navbar switch (after the guard: a kiosk's new session keeps it)

    @app.server.errorhandler(BadInput)
    def bad_input(error: BadInput):  # noqa: ANN202 - a Flask error handler
        """A callback input no page sends (a hand-made request): 400, one line in the log, no traceback."""
        from flask import jsonify, request

        log.warning("refused a callback input on %s: %s", request.path, error)
        return jsonify({"error": i18n.AKSES["bad_call"]}), 400

    app.clientside_callback(NAV_TOGGLE_JS, dash.Output("nav-collapse", "is_open"),
                            dash.Input("nav-toggler", "n_clicks"), dash.Input("url", "pathname"),
                            dash.State("nav-collapse", "is_open"), prevent_initial_call=True)
    app.server.extensions[ENGINE_KEY] = engine
    app.server.extensions[SETTINGS_KEY] = settings
    app.layout = _layout

    @app.server.route(auth.SitePaths.of(app).route("/health"))
    def health():  # noqa: ANN202 - a Flask view
        """For load balancers and the container HEALTHCHECK: the database answers and is migrated."""
        from flask import jsonify
        from sqlalchemy.exc import SQLAlchemyError

        from core.db import data_version

        try:
            with Session(engine) as s:
                version = data_version(s)
        except SQLAlchemyError:
            log.exception("health check: database unreachable")
            return jsonify({"status": "error", "database": "unreachable"}), 503
        return jsonify({"status": "ok", "data_version": version})

    finish_dash_setup(app)
    return app


def _localize_index(app: dash.Dash) -> None:
    """The index page in the request's language: `<html lang>`, the first "Loading..." and, before Dash's
    scripts, the date picker's date-fns locale for that language (served from assets/, no CDN; Dash 4's
    DatePickerRange formats with the locale it finds in window.dateFns.locale)."""
    interpolate = app.interpolate_index

    def localized(**kwargs) -> str:  # noqa: ANN003 - Dash's own keyword arguments
        lang = language.current()
        kwargs["app_entry"] = kwargs["app_entry"].replace("Loading...", i18n.SHELL["loading"])
        locale_script = f'<script src="{app.get_asset_url(language.DATE_FNS_ASSETS[lang])}"></script>'
        kwargs["scripts"] = locale_script + "\n" + kwargs["scripts"]
        return interpolate(**kwargs).replace("<html>", f'<html lang="{lang}">', 1)

    app.interpolate_index = localized  # type: ignore[method-assign]


def finish_dash_setup(app: dash.Dash) -> None:
    """Run Dash's first-request set-up now, before the app serves anything.

    Dash 4 does it in before_request hooks (``Dash._setup_server``: the scripts' registry, the page modules'
    callbacks; with pages, the router's callback) that flag themselves done before doing the work, so on a threaded
    gunicorn worker a second thread could serve the React bundle before it was registered (500 "dash is not a
    registered library") or the callback list without the page router, and a big screen stayed on "Loading..."
    for good (tests/test_first_requests.py). Both hooks are idempotent once run; they are Dash's own functions
    (module ``dash.*``), so ours (the access guard) are left to the requests. The layout function needs a request
    (it asks who is logged in): an anonymous one here.
    """
    hooks = [f for f in app.server.before_request_funcs.get(None, ())
             if (getattr(f, "__module__", None) or "").split(".")[0] == "dash"]
    with app.server.test_request_context(app.config.requests_pathname_prefix):
        for hook in hooks:
            hook()


def current_engine():  # noqa: ANN201
    """The engine of the app serving this request (pages and callbacks run inside a Flask request)."""
    from flask import current_app

    return current_app.extensions[ENGINE_KEY]


def current_settings() -> Settings:
    from flask import current_app

    return current_app.extensions[SETTINGS_KEY]


def _demo_banner() -> html.Div | None:
    from dashboard.queries import cached

    if not cached.is_demo(current_engine()):
        return None
    return dbc.Alert(i18n.DEMO_BANNER, color="warning", className="py-1 mb-2 small", id="demo-banner")


def _account() -> html.Div | None:
    """Who is logged in, and the way out (a POST form: a plain link would let any site log users out)."""
    from flask_login import current_user

    if not current_user.is_authenticated:
        return None
    return html.Div([
        html.Span([html.Strong(current_user.username), html.Br(), auth.ROLE_NAMES[current_user.role]],
                  id="akun-user", title=f"{i18n.AKSES['signed_in_as']} {current_user.username}",
                  className="navbar-text small text-nowrap text-end lh-sm me-2"),
        html.Form([dcc.Input(type="hidden", name="csrf", value=access.csrf_token(), id="akun-csrf"),
                   html.Button(i18n.AKSES["logout_button"], type="submit", id="akun-keluar",
                               className="btn btn-outline-light btn-sm text-nowrap")], method="POST",
                  action=access.site_paths().url(access.LOGOUT_PATH)),
    ], className="d-flex align-items-center")


def _language_switch() -> html.Form:
    """The other language, as a POST form (core.language stores the choice for the logged-in user)."""
    other = "en" if language.current() == "id" else "id"
    path, _, query = _request_path().partition("?")
    here = (access.site_paths().app_path(path) or "/") + (f"?{query}" if query else "")
    return html.Form([
        dcc.Input(type="hidden", name="csrf", value=access.csrf_token()),
        dcc.Input(type="hidden", name="lang", value=other),
        dcc.Input(type="hidden", name="next", value=here),
        html.Button([html.Span(i18n.SHELL["switch_to"], className="d-none d-xxl-inline"),
                     html.Span(i18n.SHELL["switch_short"], className="d-xxl-none")],
                    type="submit", id="nav-language-button", lang=other, **{"aria-label": i18n.SHELL["switch_to"]},
                    title=i18n.SHELL["switch_help"], className="btn btn-outline-light btn-sm text-nowrap"),
    ], method="POST", action=access.site_paths().url(language.SWITCH_PATH), id="nav-language", className="me-2")


def _request_path() -> str:
    """The page's own address (path and query, less `lang`): the index request's, or in Dash's layout request the
    page that asked for it."""
    from urllib.parse import parse_qsl, urlencode, urlparse

    from flask import request

    url = urlparse(request.referrer) if request.path.endswith("/_dash-layout") and request.referrer \
        else urlparse(request.full_path)
    query = urlencode([(k, v) for k, v in parse_qsl(url.query) if k != "lang"])
    return url.path + (f"?{query}" if query else "")


def _layout() -> html.Div:
    # Links the requester may not follow are left out (the guard in dashboard/access.py is the protection).
    level = access.current_level()
    paths = access.site_paths()
    nav = dbc.Navbar(
        dbc.Container([
            # The city's name gives way below 1400 px so that every link keeps to one line at 1366 x 768.
            dbc.NavbarBrand([i18n.SHELL["brand"],
                             html.Span(i18n.SHELL["brand_city"], className="d-none d-xxl-inline")],
                            href=paths.url("/")),
            # Below 1200 px (a phone, a tablet) the links fold behind this button (NAV_TOGGLE_JS opens and closes it).
            html.Button(html.Span(className="navbar-toggler-icon"), id="nav-toggler", n_clicks=0, type="button",
                        className="navbar-toggler", title=i18n.NAV_TOGGLE,
                        **{"aria-label": i18n.NAV_TOGGLE, "aria-controls": "nav-collapse"}),
            dbc.Collapse([
                # page["relative_path"] is fixed when the page module is imported: the prefix of this app instead
                dbc.Nav([dbc.NavLink(i18n.gettext(page["name"]), href=paths.url(page["path"]), active="exact")
                         for page in dash.page_registry.values()
                         if page.get("nav", True) and auth.allows(level, auth.page_level(page["path"]))],
                        navbar=True),
                _language_switch() if level not in (None, auth.KIOSK) else None,  # id nav-language
                _account(),
            ], id="nav-collapse", is_open=False, navbar=True),
        ], fluid=True),
        color="primary", dark=True, expand="xl", className="mb-3",
    )
    # `app-chrome` (navigation, demo banner) is hidden on the big screen (/layar) by assets/chrome.js.
    return html.Div([dcc.Location(id="url"), html.Div([nav, dbc.Container(_demo_banner(), fluid=True)],
                                                      id="app-chrome"),
                     dbc.Container(dash.page_container, fluid=True, id="app-page")])
