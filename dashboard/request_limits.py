"""Load shedding on the web: how big a request body each caller may send (decided from Content-Length before a byte
of the body is read: 413), and the 503 of an upload that found every parse slot taken (loaders/slots.py).

The access guard parses a callback's JSON body to find the level the callback needs, so without a limit before it
anyone with a session (a kiosk screen included) could make a worker read and parse hundreds of megabytes before
being refused (a 400 MB body from a kiosk session cost 1.15 GiB before its 403). A big screen and a reader send
a few kilobytes per callback; only the secretariat sends files, as base64 inside the upload callback's JSON.
"""
from __future__ import annotations

import ctypes
from contextlib import AbstractContextManager, nullcontext

from flask import Flask, Response, g, has_request_context, jsonify, request, session
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from core import i18n
from core.settings import Limits, Settings
from dashboard import auth
from loaders.slots import ParseSlots, ServerBusy

KIB = 1024
# A callback's JSON besides the file (ids, outputs, the other states such as the history grid's rows).
UPLOAD_ENVELOPE = 1024 * KIB
# Measured bodies are far below these: the big screen's refresh about 3 KB, the leaderboard's block request
# about 2 KB, a login form under 1 KB.
FIXED = {None: 16 * KIB, auth.KIOSK: 64 * KIB, auth.PIMPINAN: 256 * KIB}
SLOT_KEY = "pokja_parse_slot"  # flask.g: the parse slot this request holds


def limit_for(level: str | None, limits: Limits) -> int:
    """The largest body (bytes) a caller at ``level`` may send: an upload's worth for the secretariat and up."""
    if level in FIXED:
        return FIXED[level]
    return base64_size(limits.max_upload_bytes) + UPLOAD_ENVELOPE


def base64_size(n: int) -> int:
    """The length of ``n`` bytes in base64 (without line breaks, as browsers' FileReader writes it)."""
    return 4 * -(-n // 3)


def _level() -> str | None:
    """Who is asking, as cheaply as the guard will ask again: the logged-in role, KIOSK, or None. An expired login
    or a revoked kiosk token still counts at its level here; the guard refuses it right after (small bodies only)."""
    from dashboard.access import KIOSK_KEY

    if current_user.is_authenticated:
        return current_user.role
    return auth.KIOSK if isinstance(session.get(KIOSK_KEY), int) else None


def too_large(limit: int, level: str | None, limits: Limits, size: int | None) -> Response:
    if level not in FIXED:  # the secretariat: it was a file, say the file limit (shown in the upload page)
        message = i18n.UNGGAH["too_large"].format(mb=i18n.format_number(round(limits.max_upload_bytes / 2**20, 1)))
    else:
        message = i18n.AKSES["request_too_large"].format(kb=i18n.format_number(-(-(size or limit + 1) // KIB)),
                                                         limit_kb=i18n.format_number(limit // KIB))
    response = jsonify({"error": message, "limit": limit})
    response.status_code = 413
    # The body was not read: gunicorn would read (and drop) the rest to keep the connection alive. Close it.
    response.headers["Connection"] = "close"
    return response


def parse_slot(settings: Settings) -> AbstractContextManager:
    """The parse slot an upload reads under: the one its request took before reading its body (see install), or,
    for a request that took none (a commit: a small body, the file is staged), one taken now."""
    if has_request_context():
        g.pokja_trim = True  # the request ends by giving the upload's memory back (see release_parse_slot)
        if g.get(SLOT_KEY) is not None:
            return nullcontext()
    return ParseSlots.of(settings).hold()


def _give_memory_back() -> None:
    """Return the freed heap of an upload to the system (glibc's malloc_trim). An upload's request allocates a few
    hundred MB for a moment (its body, the decoded file, the parsed columns); glibc keeps freed memory in each
    thread's arena, so without this every worker's resident size stayed at its high-water mark (430-590 MiB per
    worker in `bench/soak.py --hostile`, from 136 MiB)."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError):  # not glibc: nothing to do
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim = None


def install(server: Flask, settings: Settings) -> None:
    """A before_request hook that must run before the access guard: dashboard/web.py installs it first."""
    limits = settings.limits
    slots = ParseSlots.of(settings)

    @server.before_request
    def limit_request_size() -> Response | None:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            request.max_content_length = FIXED[None]
            return None
        level = _level()
        limit = limit_for(level, limits)
        size = request.content_length
        if size is not None and size > limit:
            return too_large(limit, level, limits, size)
        request.max_content_length = limit
        if size is not None and size > FIXED[auth.PIMPINAN]:
            # An upload's body (megabytes of base64; only the secretariat may send one): its parse slot is taken
            # before the body is read (ServerBusy: 503), so at most N such bodies are in this server's memory at
            # once, and the preview re-enters the same slot. Let go when the request ends (teardown below).
            held = slots.hold()
            held.__enter__()
            g.setdefault(SLOT_KEY, held)
        if size is None and request.environ.get("wsgi.input_terminated"):
            # A chunked body: read here, at most ``limit`` bytes (kept for the guard and Dash). werkzeug stops at
            # the limit without a word, so a body that filled it is answered 413 (not cut into "not JSON").
            if len(request.get_data(cache=True)) >= limit:
                return too_large(limit, level, limits, None)
        return None

    @server.teardown_request
    def release_parse_slot(_exc: BaseException | None) -> None:
        held = g.pop(SLOT_KEY, None)
        if held is not None:
            held.__exit__(None, None, None)
        if g.pop("pokja_trim", False) or held is not None:
            _give_memory_back()

    @server.errorhandler(ServerBusy)
    def server_busy(_exc: ServerBusy) -> Response:
        """Every parse slot is taken (loaders/slots.py): the upload page shows the message; try again shortly."""
        response = jsonify({"error": i18n.UNGGAH["server_busy"]})
        response.status_code = 503
        response.headers["Retry-After"] = "5"
        return response

    @server.errorhandler(RequestEntityTooLarge)
    def entity_too_large(_exc: RequestEntityTooLarge) -> Response:
        level = _level()
        return too_large(limit_for(level, limits), level, limits, None)
