"""Soak: many big screens refreshing /layar at once, against gunicorn with several workers, for a bounded time.

    python bench/soak.py [--duration 60] [--clients 200] [--workers 3] [--threads 8] [--interval 1 2]
                         [--changes 1] [--database-url URL] [--token TOKEN] [--hostile [N]]

Starts ``gunicorn app:server`` on loopback (a free port on 127.0.0.1) against a fresh temporary SQLite database with
the demo data loaded (or ``--database-url``, e.g. a throwaway PostgreSQL database; the demo data is loaded when it is
empty), then runs ``--clients`` simulated big screens for ``--duration`` seconds. Each screen does what the browser
does on /layar: loads the page (GET /layar, GET /_dash-layout, and the page-content callback that Dash pages POSTs
for the URL), reads the ids of the panels' slots from that layout, then POSTs the layar data-refresh callback to
/_dash-update-component with the body the browser sends (every slot and figure as an output, the refresh
interval's n_intervals as input, the version it holds as state), every ``--interval`` seconds (uniform between the
two numbers: the page's 60 s refresh, compressed), keeping the version each answer gives it. ``--changes`` uploads
(``pokja load`` of the demo workbook, which bumps the data version) happen evenly spread during the run, so every
screen once receives the full panels as after a real upload.

With ``--token`` (or when a ``pokja kiosk add`` command exists, a kiosk token it creates) each screen first GETs
/layar?token=... with its own cookie jar and sends the session cookie with every callback.

With ``--hostile`` (N threads, default 6 with the flag) hostile traffic arrives meanwhile, one request after another
per thread, in turn: a kiosk session POSTing a callback that announces 400 MB (the body is streamed until the server
answers or closes); a secretariat login uploading a 100 MB file (133 MB of base64); the same login uploading an
18 MB workbook whose sheet holds ~195 MB of XML without a <dimension>; and large honest uploads (a 100,000-row recap)
that compete for the parse slots. Their answers are counted by kind (413, 503, a refusal in the preview, a
preview); the resident memory of the gunicorn master, workers and their parse children is sampled every 0.2 s and its
peak printed. Target: the screens keep 0 errors and the peak stays bounded.

Prints requests per second, latency percentiles (p50/p95/p99) of the refreshes (and separately of the full ones
and of the page loads), the errors (status >= 400, connection failures, bodies that are not a Dash answer), and the
resident memory of the gunicorn master and workers at the start and at the end. Targets: 0 errors, p95 < 300 ms on
2 cores. A measurement, not a test: it asserts nothing and exits 0. Sends traffic to 127.0.0.1 only; stops itself.
"""
from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_WORKBOOK = PROJECT_ROOT / "data" / "demo" / "rekap-demo.xlsx"
HOST = "127.0.0.1"
TARGET_P95_MS = 300.0
PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
REFRESH_OUTPUT = ('..{"key":["ALL"],"type":"layar-slot"}.children...{"key":["ALL"],"type":"layar-figure"}.figure...'
                  "layar-updated.children...layar-updated.data-updated-at...layar-version.data..")


# --- The server ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def pokja_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dashboard.cli", *args]


def server_env(database_url: str, data_dir: Path) -> dict:
    path = os.pathsep.join([str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return dict(os.environ, DATABASE_URL=database_url, POKJA_DATA_DIR=str(data_dir), POKJA_DEMO="1",
                PYTHONPATH=path, SECRET_KEY=os.environ.get("SECRET_KEY") or os.urandom(16).hex())


def start_gunicorn(env: dict, port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "gunicorn", "--config", str(PROJECT_ROOT / "gunicorn.conf.py"),
           "--workers", str(workers), "--threads", str(threads),
           "--bind", f"{HOST}:{port}", "--chdir", str(PROJECT_ROOT), "--timeout", "120", "--keep-alive", "75",
           "app:server"]
    proc = subprocess.Popen(cmd, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited ({proc.returncode}); its log: {log}\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"gunicorn did not answer /health in time; its log: {log}")


def wait_for_workers(proc: subprocess.Popen, workers: int, port: int) -> None:
    """Every worker has imported the app (the first answer may come while the others still start)."""
    import psutil

    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(psutil.Process(proc.pid).children()) < workers:
        time.sleep(0.2)
    # A few rounds of requests so that each worker has served (and built its process-local caches) before t=0.
    for _ in range(workers * 4):
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.request("GET", "/health")
        conn.getresponse().read()
        conn.close()


def rss(proc: subprocess.Popen) -> dict:
    import psutil

    master = psutil.Process(proc.pid)
    workers = master.children(recursive=True)
    mib = lambda p: p.memory_info().rss / 2**20  # noqa: E731
    return {"master": mib(master), "workers": [mib(w) for w in workers],
            "total": mib(master) + sum(mib(w) for w in workers)}


def kiosk_token(env: dict) -> str | None:
    """A token from ``pokja kiosk add`` when that command exists (another part of the project adds it)."""
    probe = subprocess.run(pokja_command("kiosk", "add", "--help"), env=env, capture_output=True, text=True,
                           timeout=120)
    if probe.returncode != 0:
        return None
    name = f"soak-{os.getpid()}"
    for extra in (["--json"], []):
        if extra and "--json" not in probe.stdout:
            continue
        made = subprocess.run(pokja_command("kiosk", "add", name, *extra), env=env, capture_output=True, text=True,
                              timeout=120)
        if made.returncode != 0:
            continue
        try:
            data = json.loads(made.stdout)
            if isinstance(data, dict) and data.get("token"):
                return str(data["token"])
        except ValueError:
            pass
        found = re.search(r"token=([A-Za-z0-9_\-.~]{16,})", made.stdout) or re.search(r"\b([A-Za-z0-9_\-]{24,})\b",
                                                                                       made.stdout)
        if found:
            return found.group(1)
    print("pokja kiosk add exists but gave no token I could read; running without one", file=sys.stderr)
    return None


# --- One big screen ---------------------------------------------------------------------------------------


class Failure(Exception):
    pass


class Screen:
    """One browser on /layar: its keep-alive connection, its cookie jar, the version it shows."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        self.version: object = None
        self.outputs: list = []
        self.n = 0

    def _send(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes, http.client.HTTPResponse]:
        headers = {"Accept": "application/json"} if body is not None else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (0, 1):  # a keep-alive connection the server closed meanwhile: reconnect once
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                self.close()
                if fresh or attempt:
                    raise Failure(f"{type(exc).__name__}") from None
                continue
            except OSError as exc:
                self.close()
                raise Failure(f"{type(exc).__name__}") from None
            for header in resp.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            if resp.getheader("Connection", "").lower() == "close":
                self.close()
            return resp.status, data, resp
        raise Failure("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def get(self, path: str) -> bytes:
        for _ in range(5):
            status, data, resp = self._send("GET", path, None)
            if status in (301, 302, 303, 307, 308):
                target = urllib.parse.urlsplit(resp.getheader("Location", "/"))
                path = (target.path or "/") + (f"?{target.query}" if target.query else "")
                continue
            if status >= 400:
                raise Failure(f"GET {path.split('?')[0]} {status}")
            return data
        raise Failure("too many redirects")

    def post(self, body: dict) -> dict:
        status, data, _ = self._send("POST", "/_dash-update-component", json.dumps(body).encode())
        if status >= 400:
            raise Failure(f"POST {status}")
        try:
            answer = json.loads(data)
        except ValueError:
            raise Failure("not JSON") from None
        if not isinstance(answer, dict) or "response" not in answer:
            raise Failure("not a Dash answer")
        return answer["response"]

    def load_page(self, token: str | None) -> None:
        """What the browser does to open /layar: the HTML, the app shell, then the page's content for the URL."""
        search = f"?token={urllib.parse.quote(token)}" if token else ""
        self.get(f"/layar{search}")
        self.get("/_dash-layout")
        self.outputs, self.version = refresh_outputs(self.post(page_body(search)))

    def refresh(self) -> bool:
        """One tick of the page's refresh interval; True when the answer carried the panels (the data changed)."""
        self.n += 1
        response = self.post(refresh_body(self.outputs, self.n, self.version))
        version = response.get("layar-version", {}).get("data")
        if version is None:
            raise Failure("no version in the answer")
        full = version != self.version
        self.version = version
        return full


# --- The request bodies the browser sends on /layar ------------------------------------------------------------


def page_body(search: str = "") -> dict:
    """Dash pages' routing callback: the page's layout for the URL (sent once when the page opens)."""
    return {
        "output": PAGES_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/layar"},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
        "state": [],
    }


def refresh_outputs(page_response: dict) -> tuple[list, object]:
    """From the routing callback's answer: the refresh callback's outputs (every slot and figure in the layout, as
    the renderer expands the ALL wildcards) and the data version the page holds."""
    slots, figures = [], []
    found: dict[str, object] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict):
                cid = props.get("id")
                if isinstance(cid, dict) and cid.get("type") == "layar-slot":
                    slots.append(cid)
                elif isinstance(cid, dict) and cid.get("type") == "layar-figure":
                    figures.append(cid)
                elif cid == "layar-version":
                    found["version"] = props.get("data")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(page_response.get("_pages_content", {}).get("children"))
    if not slots or "version" not in found:
        raise Failure("the /layar layout has no slots (a login page instead?)")
    outputs = [[{"id": i, "property": "children"} for i in slots], [{"id": i, "property": "figure"} for i in figures],
               {"id": "layar-updated", "property": "children"}, {"id": "layar-updated", "property": "data-updated-at"},
               {"id": "layar-version", "property": "data"}]
    return outputs, found["version"]


def refresh_body(outputs: list, n_intervals: int, version: object) -> dict:
    """The layar data-refresh callback, as the refresh interval's tick sends it."""
    return {
        "output": REFRESH_OUTPUT,
        "outputs": outputs,
        "inputs": [{"id": "layar-refresh", "property": "n_intervals", "value": n_intervals}],
        "changedPropIds": ["layar-refresh.n_intervals"],
        "state": [{"id": "layar-version", "property": "data", "value": version}],
    }


# --- Hostile traffic (--hostile) ----------------------------------------------------------------------------------

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def huge_sheet_workbook(path: Path, xml_mb: int = 195) -> None:
    """A workbook whose one sheet holds about ``xml_mb`` MB of XML and no <dimension>: small enough to upload (the
    numbers vary, so it compresses about 11:1, not like a zip bomb: about 17 MB), passing every check that reads only
    the zip's directory and the parts' first bytes."""
    import zipfile

    from openpyxl import Workbook

    base = path.with_suffix(".base.xlsx")
    wb = Workbook()
    wb.active.title = "Kontribusi"
    wb.active.append(["Tanggal", "Kode Anggota", "Jenis Kontribusi"])
    wb.save(base)
    rnd = random.Random(3)
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))
        with dst.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS_MAIN}"><sheetData>'.encode())
            written, n = 0, 0
            while written < xml_mb * 2**20:
                rows = []
                for _ in range(20_000):
                    n += 1
                    rows.append(f'<row r="{n}"><c r="A{n}"><v>{rnd.randrange(100)}</v></c>'
                                f'<c r="B{n}" t="inlineStr"><is><t>ANG-{rnd.randrange(2000):06d}</t></is></c>'
                                f'<c r="C{n}" t="inlineStr"><is><t>Rapat koordinasi kelompok kerja smart city</t>'
                                f'</is></c></row>')
                chunk = "".join(rows).encode()
                fh.write(chunk)
                written += len(chunk)
            fh.write(b"</sheetData></worksheet>")
    base.unlink()


def honest_workbook(path: Path, rows: int = 100_000) -> None:
    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    from ingest import build_workbook

    build_workbook(path, rows, 2_000)


class Hostile:
    """One hostile client: a kiosk session and a secretariat login of its own, taking its turn at each attack."""

    def __init__(self, port: int, token: str | None, username: str, password: str, files: dict[str, Path]):
        self.port, self.token, self.files = port, token, files
        self.kiosk = Screen(port)
        self.clerk = Screen(port)
        self.username, self.password = username, password
        self.upload_dep: dict | None = None

    def login(self) -> None:
        form = self.clerk.get("/masuk").decode()
        csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"username": self.username, "password": self.password, "csrf": csrf,
                                       "next": "/unggah"}).encode()
        status, _, _ = self.clerk._send_form("/masuk", body)
        if status != 302:
            raise Failure(f"login {status}")
        deps = json.loads(self.clerk.get("/_dash-dependencies"))
        self.upload_dep = next(d for d in deps if d["inputs"] and d["inputs"][0]["id"] == "unggah-upload")
        if self.token:
            self.kiosk.get(f"/layar?token={urllib.parse.quote(self.token)}")

    def stream_post(self, jar: Screen, prefix: bytes, filler: int, suffix: bytes,
                    read_body: bool = False) -> tuple[str, float]:
        """POST a callback of ``len(prefix) + filler + len(suffix)`` bytes (the filler is base64's "A"), streamed 64 KiB
        at a time until the server answers or closes, as a browser would. The status (or "closed"), MB sent."""
        size = len(prefix) + filler + len(suffix)
        sock = socket.create_connection((HOST, self.port), timeout=30)
        try:
            cookie = "; ".join(f"{k}={v}" for k, v in jar.cookies.items())
            head = (f"POST /_dash-update-component HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {size}\r\nCookie: {cookie}\r\n\r\n").encode()
            sock.sendall(head)
            sent, answer = 0, b""
            view = memoryview(prefix)
            sock.settimeout(0)
            while sent < len(prefix):  # the file itself, when there is one (the server may answer early)
                try:
                    answer += sock.recv(4096)
                    if answer:
                        break
                except BlockingIOError:
                    pass
                except OSError:
                    break
                try:
                    sent += sock.send(view[sent:sent + 65536])
                except BlockingIOError:
                    time.sleep(0.001)
                except OSError:
                    break
            chunk = b"A" * 65536
            while not answer and sent < size:
                try:
                    answer += sock.recv(4096)
                    if answer:
                        break
                except BlockingIOError:
                    pass
                except OSError:
                    break
                try:
                    left = size - len(suffix) - sent
                    sent += sock.send(chunk[:left] if left > 0 else suffix[len(suffix) - (size - sent):])
                except BlockingIOError:
                    time.sleep(0.001)
                except OSError:
                    break
            sock.settimeout(60)
            try:
                while b"\r\n" not in answer:
                    more = sock.recv(4096)
                    if not more:
                        break
                    answer += more
            except OSError:
                pass
            status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "closed"
            if read_body and status == "200":
                head_end = answer.find(b"\r\n\r\n")
                while head_end < 0:
                    more = sock.recv(65536)
                    if not more:
                        break
                    answer += more
                    head_end = answer.find(b"\r\n\r\n")
                length = int(re.search(rb"(?i)content-length: *(\d+)", answer[:head_end]).group(1))
                while len(answer) < head_end + 4 + length:
                    more = sock.recv(65536)
                    if not more:
                        break
                    answer += more
                self.last_body = answer[head_end + 4:].decode(errors="replace")
            return status, sent / 2**20
        finally:
            sock.close()

    def announce_400mb(self) -> str:
        """A kiosk session's callback announcing 400 MB (it cost 1.15 GiB before its 403)."""
        status, sent = self.stream_post(self.kiosk, b'{"output": "anggota-grid.getRowsResponse", "x": "',
                                        400 * 2**20, b'"}')
        return f"400 MB kiosk body: {status} after {sent:.1f} MB sent"

    def upload(self, kind: str) -> str:
        """The upload callback as the page sends it, with a file of ``kind``; the outcome in a few words."""
        import base64

        dep = self.upload_dep
        outputs = [{"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
                   for o in dep["output"][2:-2].split("...")]
        marker = "@@CONTENTS@@"
        filename = "rekap-100mb.xlsx" if kind == "100 MB upload" else self.files[kind].name
        template = json.dumps({"output": dep["output"], "outputs": outputs,
                               "inputs": [{"id": "unggah-upload", "property": "contents", "value": marker}],
                               "state": [{"id": "unggah-upload", "property": "filename", "value": filename}],
                               "changedPropIds": ["unggah-upload.contents"]})
        prefix, suffix = template.split(marker)
        prefix += f"data:{XLSX_MIME};base64,"
        if kind == "100 MB upload":
            status, sent = self.stream_post(self.clerk, prefix.encode(), 4 * -(-100 * 2**20 // 3), suffix.encode())
            return f"{kind}: {status} after {sent:.1f} MB sent"
        status, sent = self.stream_post(self.clerk, prefix.encode() + base64.b64encode(self.files[kind].read_bytes()),
                                        0, suffix.encode(), read_body=True)
        if status != "200":
            return f"{kind}: {status}"
        text = self.last_body
        if "terlalu besar" in text or "lebih dari" in text or "Ditolak" in text or "ditolak" in text:
            return f"{kind}: refused in the preview"
        return f"{kind}: previewed"


def _send_form(self: Screen, path: str, body: bytes) -> tuple[int, bytes, http.client.HTTPResponse]:
    """A form POST (the login) with the screen's cookie jar."""
    conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if self.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
    conn.request("POST", path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    for header in resp.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            self.cookies[name] = morsel.value
    conn.close()
    return resp.status, data, resp


Screen._send_form = _send_form  # type: ignore[attr-defined]

HOSTILE_TURNS = ("400 MB kiosk body", "100 MB upload", "195 MB of sheet XML", "honest 100,000 rows")


def run_hostile(client: Hostile, index: int, start_at: float, stop_at: float, outcomes: collections.Counter,
                log: list[str]) -> None:
    time.sleep(max(0.0, start_at - time.monotonic()))
    try:
        client.login()
    except (Failure, StopIteration, AttributeError) as exc:
        outcomes[f"hostile login failed: {exc}"] += 1
        return
    turn = 0  # every thread takes the same turn at about the same time: bursts of uploads compete for the slots
    while time.monotonic() < stop_at:
        kind = HOSTILE_TURNS[turn % len(HOSTILE_TURNS)]
        turn += 1
        t0 = time.perf_counter()
        try:
            outcome = client.announce_400mb() if kind == "400 MB kiosk body" else client.upload(kind)
        except (OSError, Failure) as exc:
            outcome = f"{kind}: {type(exc).__name__}"
        outcomes[re.sub(r" after [0-9.]+ MB sent", "", outcome)] += 1
        log.append(f"{outcome} ({time.perf_counter() - t0:.1f} s)")
        time.sleep(0.5)


def sample_rss(server: subprocess.Popen, stop: threading.Event, peak: dict) -> None:
    while not stop.is_set():
        try:
            r = rss(server)
        except Exception:  # noqa: BLE001 - a child that ended between the listing and the reading
            continue
        if r["total"] > peak.get("total", 0):
            peak.update(r)
        peak["children_max"] = max(peak.get("children_max", 0), len(r["workers"]))
        stop.wait(0.2)


# --- The run -------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    refresh_ms: list[float] = field(default_factory=list)
    refresh_at: list[float] = field(default_factory=list)  # monotonic start of each refresh, for the timeline
    full_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    errors: collections.Counter = field(default_factory=collections.Counter)


def run_screen(port: int, token: str | None, start_at: float, stop_at: float, interval: tuple[float, float],
               figures: Figures, rnd: random.Random) -> None:
    screen = Screen(port)
    time.sleep(max(0.0, start_at - time.monotonic()))
    t0 = time.perf_counter()
    try:
        screen.load_page(token)
    except Failure as exc:
        figures.errors[f"page load: {exc}"] += 1
        screen.close()
        return
    figures.page_ms.append((time.perf_counter() - t0) * 1000)
    next_at = time.monotonic() + rnd.uniform(*interval)
    while True:
        delay = next_at - time.monotonic()
        if next_at >= stop_at:
            break
        if delay > 0:
            time.sleep(delay)
        t0, started = time.perf_counter(), time.monotonic()
        try:
            full = screen.refresh()
        except Failure as exc:
            figures.errors[f"refresh: {exc}"] += 1
        else:
            ms = (time.perf_counter() - t0) * 1000
            figures.refresh_at.append(started)
            figures.refresh_ms.append(ms)
            if full:
                figures.full_ms.append(ms)
        next_at += rnd.uniform(*interval)
    screen.close()


def upload_changes(env: dict, begin: float, times: list[float], log: list[str]) -> None:
    """Real uploads during the run: each commits (and bumps the data version) so every screen gets new panels."""
    for at in times:
        time.sleep(max(0.0, at - time.monotonic()))
        t0 = time.perf_counter()
        proc = subprocess.run(pokja_command("load", str(DEMO_WORKBOOK)), env=env, capture_output=True, text=True,
                              timeout=300)
        log.append(f"upload at +{at - begin:.0f} s: pokja load exit {proc.returncode}, "
                   f"{time.perf_counter() - t0:.1f} s")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def describe(values: list[float]) -> str:
    if not values:
        return "none"
    return (f"n={len(values)}  p50 {pct(values, 50):.1f} ms  p95 {pct(values, 95):.1f} ms  "
            f"p99 {pct(values, 99):.1f} ms  max {max(values):.1f} ms  mean {statistics.fmean(values):.1f} ms")


def timeline(figures: Figures, t0: float, duration: float) -> str:
    """p95 of the refreshes per tenth of the run (after the ramp), to see where slow answers cluster."""
    step = duration / 10
    buckets: list[list[float]] = [[] for _ in range(10)]
    for at, ms in zip(figures.refresh_at, figures.refresh_ms):
        if at >= t0:
            buckets[min(9, int((at - t0) / step))].append(ms)
    return " ".join(f"{pct(b, 95):.0f}" if b else "-" for b in buckets) + f"  (p95 ms per {step:.0f} s)"


def describe_rss(r: dict) -> str:
    workers = ", ".join(f"{w:.0f}" for w in r["workers"])
    return f"master {r['master']:.0f} MiB + workers [{workers}] MiB = {r['total']:.0f} MiB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of refreshing (default 60)")
    ap.add_argument("--clients", type=int, default=200, help="simulated big screens (default 200)")
    ap.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    ap.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker (default 8)")
    ap.add_argument("--interval", type=float, nargs=2, default=(1.0, 2.0), metavar=("MIN", "MAX"),
                    help="seconds between one screen's refreshes, uniform (default 1 2)")
    ap.add_argument("--ramp", type=float, default=10.0, help="seconds over which the screens open /layar (default 10)")
    ap.add_argument("--changes", type=int, default=1, help="uploads during the run (default 1)")
    ap.add_argument("--database-url", help="instead of a temporary SQLite database (e.g. a throwaway PostgreSQL one)")
    ap.add_argument("--token", help="kiosk token for /layar?token=... (default: made by `pokja kiosk add` if it exists)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--hostile", type=int, nargs="?", const=6, default=0, metavar="N",
                    help="N threads of hostile traffic during the run (oversized bodies and uploads; default 6)")
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="pokja-soak-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'pokja.db'}"
    env = server_env(database_url, workdir / "data")
    port = free_port()
    shown_url = re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", database_url)
    print(f"soak: {args.clients} screens for {args.duration:.0f} s, refresh every {args.interval[0]:g}-"
          f"{args.interval[1]:g} s, {args.changes} upload(s) during the run")
    print(f"server: gunicorn --workers {args.workers} --threads {args.threads} on {HOST}:{port}, {shown_url}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the start")

    server = start_gunicorn(env, port, args.workers, args.threads, workdir / "gunicorn.log")
    try:
        wait_for_workers(server, args.workers, port)
        token = args.token or kiosk_token(env)
        print(f"kiosk token: {'given' if args.token else 'made by pokja kiosk add' if token else 'none (no kiosk command)'}")
        hostile_files: dict[str, Path] = {}
        if args.hostile:
            password = "soak-" + os.urandom(8).hex()
            for i in range(args.hostile):
                subprocess.run(pokja_command("user", "add", f"soak-sek-{i}", "--role", "sekretariat",
                                             "--password-stdin"), env=env, input=password + "\n", text=True,
                               capture_output=True, check=True, timeout=120)
            t_files = time.perf_counter()
            hostile_files["195 MB of sheet XML"] = workdir / "rekap-xml-besar.xlsx"
            huge_sheet_workbook(hostile_files["195 MB of sheet XML"])
            hostile_files["honest 100,000 rows"] = workdir / "rekap-100000.xlsx"
            honest_workbook(hostile_files["honest 100,000 rows"])
            sizes = ", ".join(f"{k} {v.stat().st_size / 2**20:.1f} MB" for k, v in hostile_files.items())
            print(f"hostile: {args.hostile} threads; files {sizes} (made in {time.perf_counter() - t_files:.0f} s)")
        rss_start = rss(server)
        figures = Figures()
        rnd = random.Random(args.seed)
        begin = time.monotonic()
        ramp = min(args.ramp, args.duration / 2)
        stop_at = begin + ramp + args.duration
        threads = [threading.Thread(target=run_screen, daemon=True,
                                    args=(port, token, begin + ramp * i / max(1, args.clients), stop_at,
                                          tuple(args.interval), figures, random.Random(rnd.random())))
                   for i in range(args.clients)]
        change_times = [begin + ramp + args.duration * (k + 1) / (args.changes + 1) for k in range(args.changes)]
        change_log: list[str] = []
        uploader = threading.Thread(target=upload_changes, args=(env, begin, change_times, change_log), daemon=True)
        hostile_outcomes: collections.Counter = collections.Counter()
        hostile_log: list[str] = []
        hostile = [threading.Thread(target=run_hostile, daemon=True,
                                    args=(Hostile(port, token, f"soak-sek-{i}", password, hostile_files), i,
                                          begin + ramp, stop_at, hostile_outcomes, hostile_log))
                   for i in range(args.hostile)]
        peak: dict = {}
        sampling = threading.Event()
        sampler = threading.Thread(target=sample_rss, args=(server, sampling, peak), daemon=True)
        sampler.start()
        for t in threads + hostile:
            t.start()
        uploader.start()
        for t in threads + hostile:
            t.join(timeout=max(1.0, stop_at - time.monotonic() + 90))
        uploader.join(timeout=300)
        elapsed = time.monotonic() - begin - ramp
        rss_end = rss(server)
        sampling.set()
        sampler.join(5)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    refreshes = len(figures.refresh_ms)
    errors = sum(figures.errors.values())
    p95 = pct(figures.refresh_ms, 95)
    print()
    for line in change_log:
        print(line)
    print(f"page loads:         {describe(figures.page_ms)}")
    print(f"refreshes:          {describe(figures.refresh_ms)}")
    print(f"  with new panels:  {describe(figures.full_ms)}")
    print("timeline:           " + timeline(figures, begin + ramp, args.duration))
    print(f"throughput:         {refreshes / elapsed:.1f} refreshes/s over {elapsed:.1f} s "
          f"({(refreshes + len(figures.page_ms) * 3) / (elapsed + ramp):.1f} requests/s with the page loads)")
    print(f"errors:             {errors}" + (f"  {dict(figures.errors)}" if errors else ""))
    print(f"RSS at start:       {describe_rss(rss_start)}")
    print(f"RSS at end:         {describe_rss(rss_end)}")
    if peak:
        print(f"RSS peak (0.2 s):   {describe_rss(peak)} (processes incl. parse children: up to "
              f"{peak['children_max']})")
    if args.hostile:
        print(f"hostile requests:   {sum(hostile_outcomes.values())}")
        for outcome, n in sorted(hostile_outcomes.items()):
            print(f"  {n:4d} x {outcome}")
        sent = [float(m.group(1)) for line in hostile_log if (m := re.search(r"after ([0-9.]+) MB sent", line))]
        if sent:
            print(f"  oversized bodies: at most {max(sent):.1f} MB sent before the server answered")
    print(f"targets:            0 errors: {'met' if errors == 0 else 'NOT met'}; p95 {p95:.1f} ms < "
          f"{TARGET_P95_MS:.0f} ms: {'met' if p95 < TARGET_P95_MS else 'NOT met'}")
    if errors or args.database_url:
        print(f"gunicorn log: {workdir / 'gunicorn.log'}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
