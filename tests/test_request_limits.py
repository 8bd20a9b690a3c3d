"""Request bodies are limited by the caller's level, from Content-Length, before a byte of the body is read: a
kiosk session's 400 MB POST is answered 413 without being read (it cost 1.15 GiB before its 403), and only the
secretariat may send an upload's worth (the upload limit in base64, plus the callback's envelope)."""
from __future__ import annotations

import dataclasses
import io

import pytest

from dashboard import kiosk
from dashboard.web import ENGINE_KEY, create_app
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the web layer, not the database

KIB = 1024
UPLOAD_LIMIT = 2 * 2**20  # this test's POKJA_MAX_UPLOAD_MB
UPLOAD_REQUEST = 4 * -(-UPLOAD_LIMIT // 3) + 2**20  # base64 of the largest file plus the callback's envelope
EXPECTED = {None: 16 * KIB, "kiosk": 64 * KIB, "pimpinan": 256 * KIB, "sekretariat": UPLOAD_REQUEST,
            "admin": UPLOAD_REQUEST}


class CountingBody(io.RawIOBase):
    """A request body of ``size`` bytes, made as it is read; ``taken`` says how much the server read."""

    def __init__(self, size: int, head: bytes = b""):
        self.size, self.head, self.taken = size, head, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:  # the test client asks where the body starts
        return self.taken

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.taken, 2: self.size}[whence]  # the test client measures the body by seeking
        self.taken = base + offset
        return self.taken

    def readinto(self, buffer) -> int:  # noqa: ANN001
        n = min(len(buffer), self.size - self.taken)
        chunk = (self.head[self.taken:self.taken + n] + b" " * n)[:n]
        buffer[:n] = chunk
        self.taken += n
        return n


@pytest.fixture
def small_app(settings):  # noqa: ANN001
    return create_app(dataclasses.replace(settings, limits=dataclasses.replace(settings.limits,
                                                                                 max_upload_bytes=UPLOAD_LIMIT)))


def _client(app, who: str | None):  # noqa: ANN001, ANN202
    from dashboard import auth

    engine = app.server.extensions[ENGINE_KEY]
    client = app.server.test_client()
    if who == "kiosk":
        _, token = kiosk.create(engine, "Lobi", "pytest")
        assert client.get(kiosk.path_for(token)).status_code == 200
    elif who is not None:
        auth.add_user(engine, f"uji-{who}", who, PASSWORD, "pytest")
        assert login(client, f"uji-{who}").status_code == 302
    return client


def _post(client, path: str, body: CountingBody, content_length: int | None, **extra):  # noqa: ANN001, ANN003, ANN202
    environ = {"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"} if content_length is None else {}
    return client.post(path, input_stream=body, content_length=content_length, content_type="application/json",
                       environ_overrides=environ, **extra)


def test_a_kiosk_session_cannot_make_the_server_read_400_mb(small_app) -> None:  # noqa: ANN001
    client = _client(small_app, "kiosk")
    body = CountingBody(400 * 2**20, b'{"output": "anggota-grid.getRowsResponse", "inputs": [')
    r = _post(client, "/_dash-update-component", body, body.size)
    assert r.status_code == 413
    assert body.taken == 0  # refused from the header: not a byte read, nothing parsed
    assert "terlalu besar" in r.get_json()["error"]
    assert r.headers.get("Connection") == "close"  # gunicorn must not read the rest to keep the connection


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_level_may_send_up_to_its_limit(small_app, who) -> None:  # noqa: ANN001
    client = _client(small_app, who)
    path = "/masuk" if who is None else "/_dash-update-component"
    limit = EXPECTED[who]
    over = CountingBody(limit + 1, b'{"output": "x"}')
    assert _post(client, path, over, over.size).status_code == 413
    assert over.taken == 0
    within = CountingBody(limit, b'{"output": "x"}')
    assert _post(client, path, within, within.size).status_code in (400, 403)  # judged on its content, not size


def test_a_body_without_length_is_cut_at_the_limit(small_app) -> None:  # noqa: ANN001
    """Chunked bodies (no Content-Length) are read only up to the caller's limit, then refused."""
    client = _client(small_app, "kiosk")
    body = CountingBody(50 * 2**20, b'{"output": "x", "pad": "')
    r = _post(client, "/_dash-update-component", body, None)
    assert r.status_code == 413
    assert body.taken <= EXPECTED["kiosk"] + 64 * KIB
