"""End-to-end fixtures: the real app (`python app.py`) on a free loopback port, driven by headless Chromium.

Chromium is Debian's (`/usr/bin/chromium`, or CHROMIUM_PATH); Playwright drives it through
``executable_path`` and never downloads a browser of its own. Without a browser the e2e tests are skipped,
unless POKJA_REQUIRE_PG=1 (set by scripts/test.sh), where a missing browser fails the run instead.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_dash-layout", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("app did not come up")


class LiveServer:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp / 'e2e.db'}", POKJA_DATA_DIR=str(tmp / "data"),
                        PORT=str(self.port), POKJA_DEMO="1")
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = open(self.tmp / "server.log", "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        _wait_until_up(self.url, self.proc)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):  # noqa: ANN001
    server = LiveServer(tmp_path_factory.mktemp("e2e"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201
    path = chromium_path()
    if path is None:
        if os.environ.get("POKJA_REQUIRE_PG") == "1":
            pytest.fail("Chromium is required for the end-to-end tests (scripts/test.sh installs it)")
        pytest.skip("no chromium on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):  # noqa: ANN001, ANN201
    """A fresh 1920x1080 page; console errors and failed requests fail the test."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID",
                                  timezone_id="Asia/Makassar")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.console_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()
    if not getattr(request.node, "allow_console_errors", False):
        assert errors == [], errors
