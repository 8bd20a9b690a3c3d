"""Benchmark: what a leader feels. Each page's time from navigation to settled, in headless Chromium.

    python bench/browser.py [--repeat 5] [--db PATH] [--only demo|large] [--pages /,/anggota,...]
                            [--width 1366 --height 768]

Starts the real app (`python app.py`, one process, as `POKJA_BENCH_FLOOR=1`) twice: on a fresh SQLite database
where it loads the demo (dated to today, with its weekly history), and on bench/pages.py's large dataset (40,000
members, 4,000,000 attendance rows; generated once into --db when missing). Logs in as an admin and opens every
page by a full navigation, one warm-up then ``--repeat`` times, and prints the median time to settled:

  settled = the page's content is drawn, no Dash callback request is in flight, every visible grid shows rows (or
            its "no rows" overlay), and all of this has held for 300 ms; the time is when that stretch began,
            from the navigation's start (performance.now() in the page).

  Every chart shown (a dcc.Graph in view or not, unless hidden) must be drawn too.

Beside each page, two floors measured in the same run from the same app: `/bench-floor`, a bare page with the
same shell and no callback of its own (dashboard/pages/bench_floor.py), and `/bench-floor-bundles`, the same with
one AG Grid of five rows and one dcc.Graph (dashboard/pages/bench_floor_bundles.py): what loading the grid and
chart bundles costs before a page does any work. Targets: every page settled within 1.0 s with the demo, 1.5 s
with the large dataset, and within 2x the bare floor; the bundles floor's ratio is shown beside it. It asserts
nothing; exit 0.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

PAGES = ["/", "/anggota", "/rekomendasi", "/peringkat", "/unggah", "/unduhan", "/admin"]
FLOOR = "/bench-floor"
FLOOR_BUNDLES = "/bench-floor-bundles"
FLOORS = (FLOOR, FLOOR_BUNDLES)
TARGETS = {"demo": 1000.0, "large": 1500.0}
PASSWORD = "sandi-bench-rahasia-1"
QUIET_MS = 300

# Counts Dash's callback requests in flight and marks, frame by frame, when the page has settled.
SETTLE_SCRIPT = """
(() => {
  const B = window.__settle = {inflight: 0, at: null};
  const original = window.fetch;
  window.fetch = function (input, init) {
    const url = String((input && input.url) || input);
    const dash = url.indexOf('_dash-update-component') >= 0;
    if (dash) { B.inflight += 1; }
    const done = () => { if (dash) { B.inflight -= 1; } };
    return original.apply(this, arguments).then(r => { done(); return r; }, e => { done(); throw e; });
  };
  const gridsDrawn = () => Array.from(document.querySelectorAll('.ag-root-wrapper')).every(g => {
    if (g.offsetParent === null) { return true; }  // a grid on a tab not shown
    if (g.querySelector('.ag-overlay-no-rows-wrapper, .ag-overlay-no-rows-center')) { return true; }
    return Array.from(g.querySelectorAll('.ag-row .ag-cell')).some(c => c.textContent.trim() !== '');
  });
  const chartsDrawn = () => Array.from(document.querySelectorAll('.dash-graph')).every(
    g => g.offsetParent === null || !!g.querySelector('.main-svg'));
  const ready = () => !!document.querySelector('#_pages_content > *') && B.inflight === 0 && gridsDrawn()
    && chartsDrawn();
  let since = null;
  const timer = setInterval(() => {  // a timer, not requestAnimationFrame: it runs in a page not painted
    const now = performance.now();
    let drawn = false;
    try { drawn = ready(); } catch (e) { B.error = String(e); }
    if (!drawn) { since = null; return; }
    if (since === null) { since = now; }
    if (now - since >= %d) { B.at = since; clearInterval(timer); }
  }, 10);
})();
""" % QUIET_MS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """`python app.py` on a database, with the floor page registered; an admin account to log in with."""

    def __init__(self, database_url: str, data_dir: Path, demo: bool):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, DATABASE_URL=database_url, POKJA_DATA_DIR=str(data_dir), PORT=str(self.port),
                        POKJA_DEMO="1" if demo else "0", POKJA_BENCH_FLOOR="1", PYTHONPATH=str(PROJECT_ROOT))
        self.log = open(data_dir.parent / f"bench-browser-{self.port}.log", "ab")  # noqa: SIM115 - closed in stop
        self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 300
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"the app exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the app did not come up") from None
                time.sleep(0.5)
        done = subprocess.run([sys.executable, "-m", "dashboard.cli", "user", "add", "bench", "--role", "admin",
                               "--password-stdin"], cwd=PROJECT_ROOT, env=self.env, input=PASSWORD + "\n",
                              capture_output=True, text=True)
        if done.returncode != 0 and "sudah ada" not in done.stderr + done.stdout:
            raise SystemExit(done.stderr)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


STATE = """() => ({inflight: window.__settle.inflight, error: window.__settle.error, hidden: document.hidden, content: !!document.querySelector('#_pages_content > *'),
    grids: Array.from(document.querySelectorAll('.ag-root-wrapper'), g => [g.offsetParent !== null,
        g.querySelectorAll('.ag-row .ag-cell').length, Array.from(g.querySelectorAll('.ag-row .ag-cell'),
        c => c.innerText + '|' + c.textContent.slice(0, 10)).slice(0, 6)])})"""


def settle_ms(page, url: str) -> float:  # noqa: ANN001
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_function("() => window.__settle && window.__settle.at !== null", timeout=30000, polling=50)
    except Exception:  # noqa: BLE001 - say what never settled, then stop
        print(f"  {url} did not settle in 30 s: {page.evaluate(STATE)}", flush=True)
        raise
    return page.evaluate("window.__settle.at")


def measure(app: App, browser, paths: list[str], repeat: int, size: tuple[int, int]) -> dict[str, float]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="id-ID",
                                  timezone_id="Asia/Makassar")
    page = context.new_page()
    page.goto(app.url + "/masuk")
    page.fill("#masuk-username", "bench")
    page.fill("#masuk-password", PASSWORD)
    with page.expect_navigation():
        page.click("#masuk-submit")
    context.add_init_script(SETTLE_SCRIPT)
    page.close()
    page = context.new_page()
    out = {}
    for path in [*FLOORS, *[p for p in paths if p not in FLOORS]]:
        settle_ms(page, app.url + path)  # warm-up: the server's caches and the browser's cache of the bundles
        out[path] = statistics.median(settle_ms(page, app.url + path) for _ in range(repeat))
        print(f"  {path:14} {out[path]:7.0f} ms", flush=True)
    context.close()
    return out


def report(name: str, times: dict[str, float]) -> bool:
    floor, bundles = times[FLOOR], times[FLOOR_BUNDLES]
    target = TARGETS[name]
    print(f"\n{name}: floor ({FLOOR}) {floor:.0f} ms, bundles floor ({FLOOR_BUNDLES}) {bundles:.0f} ms; "
          f"target <= {target:.0f} ms and <= 2x the floor ({2 * floor:.0f} ms)")
    print(f"{'page':14} {'settled ms':>11} {'x floor':>8} {'x bundles':>10}")
    ok = True
    for path, ms in times.items():
        if path in FLOORS:
            continue
        met = ms <= target and ms <= 2 * floor
        ok &= met
        print(f"{path:14} {ms:11.0f} {ms / floor:8.2f} {ms / bundles:10.2f} {'ok' if met else 'MISSED'}")
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "pokja-bench-pages.db",
                    help="bench/pages.py's large dataset (generated here when missing)")
    ap.add_argument("--only", choices=("demo", "large"))
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--height", type=int, default=768)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    paths = [p for p in args.pages.split(",") if p]
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
        for name in ("demo", "large"):
            if args.only and args.only != name:
                continue
            if name == "large" and not args.db.exists():
                from bench.pages import generate

                t = time.perf_counter()
                generate(args.db, 40_000, 5_000, 4_000_000, 500_000)
                print(f"generated {args.db} in {time.perf_counter() - t:.0f} s")
            url = f"sqlite:///{Path(tmp) / 'demo.db'}" if name == "demo" else f"sqlite:///{args.db}"
            print(f"{name}: starting the app on {url}", flush=True)
            app = App(url, Path(tmp) / f"data-{name}", demo=name == "demo")
            try:
                results[name] = measure(app, browser, paths, args.repeat, (args.width, args.height))
            finally:
                app.stop()
        browser.close()
    ok = all([report(name, times) for name, times in results.items()])
    print(f"\ntargets: {'all met' if ok else 'NOT all met'} (medians of {args.repeat}, {args.width}x{args.height})")


if __name__ == "__main__":
    main()
