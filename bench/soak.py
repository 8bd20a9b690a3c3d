"""Soak: many big screens refreshing /layar at once, against gunicorn with several workers, for a bounded time.

    python bench/soak.py [--duration 60] [--clients 200] [--workers 3] [--threads 8] [--interval 1 2]
                         [--changes 1] [--database-url URL] [--token TOKEN]

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
        for t in threads:
            t.start()
        uploader.start()
        for t in threads:
            t.join(timeout=max(1.0, stop_at - time.monotonic() + 90))
        uploader.join(timeout=300)
        elapsed = time.monotonic() - begin - ramp
        rss_end = rss(server)
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
    print(f"targets:            0 errors: {'met' if errors == 0 else 'NOT met'}; p95 {p95:.1f} ms < "
          f"{TARGET_P95_MS:.0f} ms: {'met' if p95 < TARGET_P95_MS else 'NOT met'}")
    if errors or args.database_url:
        print(f"gunicorn log: {workdir / 'gunicorn.log'}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
