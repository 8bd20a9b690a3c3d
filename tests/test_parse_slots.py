"""At most N workbook parses at once per server, across its worker processes (flock'ed slot files under the data
folder), with a short bounded queue before them: an upload beyond it is answered 503 ("server sedang memeriksa
berkas lain") at once, instead of holding a thread the big screens need or a parse child's memory."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from core.settings import Limits
from dashboard import upload_flow as flow
from tests.test_upload_page import as_upload
from tests.workbooks import messy_recap

ROOT = Path(__file__).resolve().parents[1]
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the slots live in files, not the database


def _holder(folder: Path, slots: int) -> subprocess.Popen:
    """Another process (another gunicorn worker) holding one parse slot until it is killed."""
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from loaders.slots import ParseSlots
        with ParseSlots(Path({str(folder)!r}), slots={slots}, queue=0, wait_s=0).hold():
            print("held", flush=True)
            time.sleep(600)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_at_most_n_parses_across_processes_and_a_bounded_queue(tmp_path) -> None:  # noqa: ANN001
    from loaders.slots import ParseSlots, ServerBusy

    folder = tmp_path / "parse-slots"
    holders = [_holder(folder, 2), _holder(folder, 2)]
    try:
        slots = ParseSlots(folder, slots=2, queue=1, wait_s=1.0)
        started = time.monotonic()
        outcome: dict = {}

        def wait_in_queue() -> None:
            try:
                with slots.hold():
                    outcome["first"] = "held"
            except ServerBusy:
                outcome["first"] = ("busy", time.monotonic() - started)

        waiter = threading.Thread(target=wait_in_queue)
        waiter.start()
        time.sleep(0.2)  # the first waiter has the only place in the queue
        second = time.monotonic()
        with pytest.raises(ServerBusy):
            with slots.hold():
                pass
        assert time.monotonic() - second < 0.5  # the queue is full: refused at once, no thread held
        waiter.join()
        assert outcome["first"][0] == "busy" and 0.9 < outcome["first"][1] < 3  # waited its bounded time
        holders.pop().kill()  # a worker's parse ends (or the worker dies: the kernel frees its lock)
        time.sleep(0.1)
        with slots.hold():  # now there is room
            with pytest.raises(ServerBusy):
                with ParseSlots(folder, slots=2, queue=0, wait_s=0).hold():
                    pass  # ...and it is taken again
    finally:
        for proc in holders:
            proc.kill()


def test_a_waiting_upload_gets_the_slot_when_it_frees(tmp_path) -> None:  # noqa: ANN001
    from loaders.slots import ParseSlots

    folder = tmp_path / "parse-slots"
    holder = _holder(folder, 1)
    threading.Timer(0.5, holder.kill).start()
    started = time.monotonic()
    with ParseSlots(folder, slots=1, queue=1, wait_s=10).hold():
        waited = time.monotonic() - started
    holder.wait()
    assert 0.4 < waited < 5


def _busy_settings(settings):  # noqa: ANN001, ANN202
    return dataclasses.replace(settings, limits=dataclasses.replace(settings.limits, parse_slots=1, parse_queue=1,
                                                                     parse_wait_s=0.3))


@sqlite_only
def test_the_upload_page_answers_503_while_every_slot_is_taken(settings) -> None:  # noqa: ANN001
    from loaders.slots import ParseSlots

    from dashboard.web import create_app
    from tests.conftest import PASSWORD, login

    busy = _busy_settings(settings)
    app = create_app(busy)
    from dashboard import auth
    from dashboard.web import ENGINE_KEY

    auth.add_user(app.server.extensions[ENGINE_KEY], "uji-sekretariat", "sekretariat", PASSWORD, "pytest")
    client = app.server.test_client()
    assert login(client, "uji-sekretariat").status_code == 302
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["inputs"][0]["id"] == "unggah-upload")
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]}
               for o in dep["output"][2:-2].split("...")]
    body = {"output": dep["output"], "outputs": outputs,
            "inputs": [{"id": "unggah-upload", "property": "contents", "value": as_upload(messy_recap())}],
            "state": [{"id": "unggah-upload", "property": "filename", "value": "rekap.xlsx"}],
            "changedPropIds": ["unggah-upload.contents"]}
    with ParseSlots.of(busy).hold():  # another upload is being read
        r = client.post("/_dash-update-component", json=body)
        assert r.status_code == 503
        assert r.get_json()["error"] == "Server sedang memeriksa berkas lain, coba lagi sebentar lagi."
        assert r.headers.get("Retry-After")
    assert not list((busy.data_dir / "staging").glob("*"))  # nothing was read or staged
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200  # the slot is free again


@sqlite_only
def test_preview_and_commit_hold_a_slot_while_they_read(engine, settings, monkeypatch) -> None:  # noqa: ANN001
    """The slot is held around the loader (its child process) and let go afterwards, whatever happened."""
    from loaders.slots import ParseSlots, ServerBusy

    busy = _busy_settings(settings)
    seen = []
    real = flow.load_file

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        with pytest.raises(ServerBusy):  # the only slot is this upload's
            with ParseSlots.of(busy).hold():
                pass
        seen.append(kwargs.get("dry_run", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(flow, "load_file", spy)
    p = flow.preview(engine, busy, as_upload(messy_recap()), "rekap.xlsx")
    assert p["committable"]
    assert flow.commit(engine, busy, p["token"])["ok"]
    assert seen == [True, False]
    with ParseSlots.of(busy).hold():  # released
        pass
    with ParseSlots.of(busy).hold():
        with pytest.raises(ServerBusy):
            flow.commit(engine, busy, "x" * 43)  # even an expired token waits its turn: nothing to claim yet


def test_defaults_fit_together() -> None:
    """N parse children at their memory cap fit in the budget the README gives them."""
    d = Limits()
    assert d.parse_slots * d.parse_memory_bytes <= 2 * 2**30
    assert d.parse_queue >= 1 and d.parse_wait_s <= 15


@sqlite_only
def test_an_upload_sized_body_waits_for_a_slot_before_it_is_read(settings) -> None:  # noqa: ANN001
    """A body only the secretariat may send (an upload: megabytes of base64) takes its parse slot before the body is
    read, so at most N upload bodies are in a server's memory at once, however many arrive; the slot is the one its
    preview then uses (re-entered, not taken twice), and it is let go when the request ends."""
    from loaders.slots import ParseSlots

    from dashboard import auth
    from dashboard.web import ENGINE_KEY, create_app
    from tests.conftest import PASSWORD, login
    from tests.test_request_limits import CountingBody

    busy = _busy_settings(settings)
    app = create_app(busy)
    auth.add_user(app.server.extensions[ENGINE_KEY], "uji-sekretariat", "sekretariat", PASSWORD, "pytest")
    client = app.server.test_client()
    assert login(client, "uji-sekretariat").status_code == 302
    with ParseSlots.of(busy).hold():
        body = CountingBody(3 * 2**20, b'{"output": "x"}')
        r = client.post("/_dash-update-component", input_stream=body, content_length=body.size,
                        content_type="application/json")
        assert r.status_code == 503 and body.taken == 0
        small = client.post("/_dash-update-component", json={"output": "x"})  # a click, not an upload: no slot
        assert small.status_code == 403
    body = CountingBody(3 * 2**20, b'{"output": "x"}')
    r = client.post("/_dash-update-component", input_stream=body, content_length=body.size,
                    content_type="application/json")
    assert r.status_code == 403 and body.taken == body.size  # read, judged on its content
    with ParseSlots.of(busy).hold():  # and the request gave its slot back
        pass
