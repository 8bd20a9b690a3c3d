"""Which language a request is served in: Bahasa Indonesia (the default) or English.

In order: an explicit ``?lang=en|id`` on the request (a kiosk has no account: ``/layar?lang=en``), then the choice
kept in this browser's session (the last ``?lang=`` or the navbar switch: Dash's callbacks carry no query string,
so a page's callbacks follow its address this way), then the logged-in user's stored setting (app_user.language,
read into the session at login), then Indonesian. Outside a request (the CLI, the scheduler) and inside
``use("id")`` (the exports, which stay Indonesian) the answer is fixed.

``POST /bahasa`` (the navbar switch: a form with the CSRF token, ``lang`` and ``next``) stores the choice for
the logged-in user and in the session, then goes back to the page.
"""
from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

DEFAULT = "id"
LANGUAGES = ("id", "en")
SESSION_KEY = "lang"
SWITCH_PATH = "/bahasa"
# Babel's locale per language: en_GB writes day-month-year ("13 May 2023") and starts weeks on Monday.
BABEL_LOCALES = {"id": "id", "en": "en_GB"}
# date-fns locale files served from assets/ (the date picker reads window.dateFns.locale): one per language
DATE_FNS_ASSETS = {"id": "date-fns-id.js", "en": "date-fns-en-GB.js"}

_forced: contextvars.ContextVar[str | None] = contextvars.ContextVar("pokja_language", default=None)


def valid(value: object) -> str | None:
    return value if isinstance(value, str) and value in LANGUAGES else None


def current() -> str:
    """The language of this request (see the module's docstring)."""
    forced = _forced.get()
    if forced:
        return forced
    from flask import has_request_context, request, session

    if not has_request_context():
        return DEFAULT
    asked = valid(request.args.get("lang"))
    if asked:
        return asked
    return valid(session.get(SESSION_KEY)) or DEFAULT


def babel_locale() -> str:
    return BABEL_LOCALES[current()]


@contextlib.contextmanager
def use(language: str) -> Iterator[None]:
    """Serve ``language`` inside the block whatever the request asks (the exports stay Indonesian)."""
    token = _forced.set(valid(language) or DEFAULT)
    try:
        yield
    finally:
        _forced.reset(token)


def remember(language: str) -> None:
    """Keep ``language`` in this browser's session (the page's callbacks and later pages follow it)."""
    from flask import session

    session[SESSION_KEY] = language


def store_user_language(engine: Engine, user_id: int, language: str) -> None:
    from core import models as M

    with Session(engine) as s, s.begin():
        s.execute(update(M.User).where(M.User.id == user_id).values(language=language))


def user_language(engine: Engine, user_id: int) -> str:
    from sqlalchemy import select

    from core import models as M

    with Session(engine) as s:
        return valid(s.scalar(select(M.User.language).where(M.User.id == user_id))) or DEFAULT
