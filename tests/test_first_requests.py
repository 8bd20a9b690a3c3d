"""A freshly started gunicorn (3 workers x 8 threads) answers the very first, concurrent requests of a big screen.

Dash does its set-up on the first request (its scripts' registry, the callbacks of the page modules, the pages'
router callback) and flags it done before it is done: another thread of the same worker could serve the React
bundle before it was registered (500 "dash is not a registered library") or the callback list without the router,
and the screen stayed on "Loading..." for good. The app finishes that set-up when it is created, before any
worker serves.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core.db import make_engine, upgrade_database
from core.settings import Limits, Settings
from dashboard import kiosk

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
SECRET = "first-requests-secret"
PER_URL = 30


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _layar_urls(tmp_path: Path) -> list[str]:
    """Every URL a browser fetches to draw /layar, read from the index the app serves (its scripts and styles,
    the layout and the callback list). The versions in the URLs depend only on the installed files."""
    from dashboard.web import create_app

    url = f"sqlite:///{tmp_path / 'index.db'}"
    upgrade_database(make_engine(url))
    settings = Settings(database_url=url, data_dir=tmp_path / "index-data", secret_key=SECRET,
                        load_demo_when_empty=False, limits=Limits())
    app = create_app(settings)
    _, token = kiosk.create(make_engine(url), "indeks", "pytest")
    page = app.server.test_client().get(f"/layar?token={token}")
    assert page.status_code == 200, page.status_code
    body = page.get_data(as_text=True)
    assets = re.findall(r'<script src="([^"]+)"', body) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', body)
    assert any("dash_renderer" in a for a in assets) and any("react" in a for a in assets), assets
    return ["/layar", *assets, "/_dash-layout", "/_dash-dependencies"]


def _kiosk_cookie(kiosk_id: int) -> str:
    """The session cookie a kiosk token opens, signed with the server's SECRET_KEY (no request may warm the server
    before the test's own)."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    app = Flask("cookie")
    app.secret_key = SECRET
    value = SecureCookieSessionInterface().get_signing_serializer(app).dumps({"kiosk_id": kiosk_id, "_permanent": True})
    return f"pokja_session={value}"


def _get(port: int, path: str, cookie: str, results: list, start: threading.Event) -> None:
    start.wait()
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        body = response.read()
        results.append((path, response.status, body[:200] if response.status != 200 else b""))
        conn.close()
    except OSError as exc:
        results.append((path, repr(exc), b""))


def test_thirty_concurrent_first_requests_per_asset_all_answer(tmp_path) -> None:  # noqa: ANN001
    urls = _layar_urls(tmp_path)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'live.db'}", POKJA_DATA_DIR=str(tmp_path / "data"),
               POKJA_DEMO="1", SECRET_KEY=SECRET,
               PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    made = subprocess.run([sys.executable, "-m", "dashboard.cli", "kiosk", "add", "layar-uji", "--json"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    cookie = _kiosk_cookie(json.loads(made.stdout)["id"])
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
                               "--workers", "3", "--threads", "8", "--bind", f"{HOST}:{port}", "--chdir", str(ROOT),
                               "app:server"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:  # the master listens before its workers have loaded the app: connect, send nothing
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn never listened"
                time.sleep(0.05)
        results: list = []
        start = threading.Event()
        threads = [threading.Thread(target=_get, args=(port, path, cookie, results, start))
                   for _ in range(PER_URL) for path in urls]
        for t in threads:
            t.start()
        start.set()
        for t in threads:
            t.join(180)
        failed = [r for r in results if r[1] != 200]
        assert len(results) == PER_URL * len(urls)
        assert not failed, (f"{len(failed)} of {len(results)} first requests failed, e.g. {failed[:5]}\n"
                            + (tmp_path / "gunicorn.log").read_text()[-2000:])
        # The callback list every worker served holds the pages' router: without it no page is ever drawn.
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        for _ in range(6):
            conn.request("GET", "/_dash-dependencies", headers={"Cookie": cookie})
            deps = json.loads(conn.getresponse().read())
            assert any("_pages_content" in d["output"] for d in deps)
        conn.close()
    finally:
        server.terminate()
        server.wait(60)
        log.close()
