"""End-to-end fixtures: the real app (`python app.py`) on a free loopback port, driven by headless Chromium.

Accounts are made with the real `pokja user add` (password on stdin); each role logs in once per session through
the real /masuk page, and its browser state (the session cookie) is reused by that role's pages.

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
PASSWORD = "sandi-e2e-rahasia-1"
ROLES = ("pimpinan", "sekretariat", "admin")
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
            with urllib.request.urlopen(url + "/health", timeout=5) as r:
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

    def pokja(self, *args: str, stdin: str | None = None) -> str:
        """Run the real `pokja` command against this server's database; its standard output."""
        done = subprocess.run([sys.executable, "-m", "dashboard.cli", *args], cwd=ROOT, env=self.env, input=stdin,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def console(self) -> str:
        return (self.tmp / "server.log").read_text(errors="replace")


def refresh_every(page, ms: int) -> None:  # noqa: ANN001
    """Tests only: the big screen refreshes its data every ``ms`` (the URL allows 10 s at the least; the refresh
    itself, its refusal and its recovery are what these tests watch, not the interval)."""
    page.wait_for_selector("#layar-active-panel")
    page.evaluate("(ms) => window.dash_clientside.set_props('layar-refresh', {interval: ms})", ms)


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    """Through the real login form; waits until the browser has left /masuk."""
    if "/masuk" not in page.url:
        page.goto(base_url + "/masuk")
    page.fill("#masuk-username", username)
    page.fill("#masuk-password", password)
    with page.expect_navigation():
        page.click("#masuk-submit")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):  # noqa: ANN001
    server = LiveServer(tmp_path_factory.mktemp("e2e"))
    server.start()
    for role in ROLES:  # after the start: the first start on an empty database made (and printed) a demo account
        server.pokja("user", "add", f"e2e-{role}", "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
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


@pytest.fixture(scope="session")
def login_states(browser, live_server):  # noqa: ANN001
    """Each role's browser state after logging in once through /masuk, made when first asked for."""
    states: dict[str, dict] = {}

    def state(role: str) -> dict:
        if role not in states:
            context = browser.new_context()
            pg = context.new_page()
            log_in(pg, live_server.url, f"e2e-{role}")
            assert "/masuk" not in pg.url, pg.inner_text("body")
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return state


@pytest.fixture
def page_as(browser, login_states, request):  # noqa: ANN001
    """``page_as("pimpinan")``: a fresh 1920x1080 page logged in with that role (None: nobody logged in).
    Console errors and failed requests fail the test."""
    contexts = []
    errors: list[str] = []

    def make(role: str | None):  # noqa: ANN202
        context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID",
                                      timezone_id="Asia/Makassar",
                                      storage_state=login_states(role) if role else None)
        contexts.append(context)
        pg = context.new_page()
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.console_errors = errors  # type: ignore[attr-defined]
        return pg

    yield make
    for context in contexts:
        context.close()
    if not getattr(request.node, "allow_console_errors", False):
        assert errors == [], errors


@pytest.fixture
def page(page_as):  # noqa: ANN001, ANN201
    """A page logged in as an admin, who may open every page."""
    return page_as("admin")
