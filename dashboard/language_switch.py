"""The language switch on the web server: the ``?lang=`` hook and the navbar's POST route (core/language.py keeps
the request's language; this module is the Flask side of choosing it)."""
from __future__ import annotations

from sqlalchemy import Engine

from core.language import SWITCH_PATH, remember, store_user_language, valid


def install(app, engine: Engine) -> None:  # noqa: ANN001 - a dash.Dash
    """The ``?lang=`` hook and the switch's route, on the app's Flask server (after dashboard.access.install, so
    a kiosk's fresh session keeps the language its address asks for)."""
    from flask import redirect, request

    from dashboard import access, auth

    server = app.server
    paths = auth.SitePaths.of(app)

    @server.before_request
    def follow_query() -> None:
        asked = valid(request.args.get("lang"))
        if asked and request.method in ("GET", "HEAD"):
            remember(asked)

    @server.route(paths.route(SWITCH_PATH), methods=["POST"])
    def bahasa():  # noqa: ANN202 - a Flask view
        from flask_login import current_user

        chosen = valid(request.form.get("lang"))
        back = paths.url(access.safe_next(request.form.get("next")))
        if chosen is None or not access.csrf_ok():
            return redirect(back)
        remember(chosen)
        if current_user.is_authenticated:
            store_user_language(engine, current_user.id, chosen)
        return redirect(back)
