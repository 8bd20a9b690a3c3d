"""The interface's languages: Babel's formats, the gettext catalog behind the i18n dicts, and the language a
request is served in (?lang=, the session, the user's stored choice, POST /bahasa), with caches kept apart."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import i18n, language
from core import models as M
from dashboard import auth, kiosk
from dashboard.web import ENGINE_KEY
from tests.conftest import PASSWORD, login
from tests.test_pages import everything, page

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import i18n_catalog  # noqa: E402


# --- Formats (Babel) and the catalog: no database ------------------------------------------------------------

def test_babel_formats_in_both_languages():
    day, moment = dt.date(2023, 5, 13), dt.datetime(2023, 5, 13, 6, 5)  # 06.05 UTC = 14.05 WITA
    assert (i18n.format_date(day), i18n.format_number(1234.5), i18n.format_number(1234), i18n.format_number(None),
            i18n.format_percent(0.1234), i18n.format_datetime(moment), i18n.format_number(-0.25, 2)) == \
        ("13 Mei 2023", "1.234,5", "1.234", "-", "12,3%", "13 Mei 2023 14.05 WITA", "-0,25")
    with language.use("en"):
        assert (i18n.format_date(day), i18n.format_number(1234.5), i18n.format_percent(0.1234),
                i18n.format_datetime(moment)) == ("13 May 2023", "1,234.5", "12.3%", "13 May 2023 14:05 WITA")
    assert i18n.format_date(dt.date(2026, 8, 17)) == "17 Agustus 2026"  # back to Indonesian after the block


def test_weeks_read_as_people_say_them():
    assert i18n.format_week("2026-W49") == "Minggu ke-49, 30 Nov–6 Des 2026"
    assert i18n.format_week("2026-W01") == "Minggu ke-1, 29 Des 2025–4 Jan 2026"  # a week across the new year
    assert i18n.format_week_short("2026-W05") == "Mg 5 2026"
    with language.use("en"):
        assert i18n.format_week("2026-W49") == "Week 49, 30 Nov–6 Dec 2026"


def test_the_dicts_answer_in_the_current_language():
    assert i18n.RINGKASAN["title"] == "Ringkasan partisipasi dan tindak lanjut"
    assert i18n.PAGE_TITLE.format(page="Unduhan") == "Unduhan · Dasbor Smart City Balikpapan"
    with language.use("en"):
        assert i18n.RINGKASAN["title"] == "Participation and follow-up summary"
        assert i18n.RINGKASAN["standing_note"]["Hadir Saja"] == "present, but no contribution yet"  # nested
        assert i18n.PAGE_TITLE.format(page="Downloads") == "Downloads · Balikpapan Smart City Dashboard"
        assert i18n.gettext("Belum Diundang") == "Not Invited Yet"  # a standing, on display
        assert i18n.GRID_LOCALE.plain()["noRowsToShow"] == "No data to show"
        assert i18n.gettext("teks yang tidak ada di katalog") == "teks yang tidak ada di katalog"
    assert json.dumps(i18n.GRID_LOCALE.plain())  # a plain dict for a component's property


def test_every_msgid_has_an_english_translation_with_the_same_placeholders():
    """Fails when someone adds an Indonesian entry to an i18n dict without translating it: run
    `python scripts/i18n_catalog.py`, then fill in the msgstr in core/locale/en/LC_MESSAGES/messages.po."""
    wanted = i18n_catalog.msgids()
    po = i18n_catalog.read(i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po", "en")
    missing, mismatched = i18n_catalog.problems(po, wanted)
    assert missing == [] and mismatched == []
    assert len(wanted) > 500 and "Ringkasan partisipasi dan tindak lanjut" in wanted
    pot = i18n.LOCALE_DIR / "messages.pot"
    with pot.open("rb") as fh:
        template = {m.id for m in i18n_catalog.read_po(fh) if m.id}
    assert set(wanted) <= template, "the .pot is stale: run python scripts/i18n_catalog.py"


def test_the_check_catches_a_new_untranslated_entry(monkeypatch):
    monkeypatch.setitem(i18n.RINGKASAN.source, "baru_uji", "Kalimat baru tanpa terjemahan {n}")
    wanted = i18n_catalog.msgids()
    po = i18n_catalog.read(i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po", "en")
    assert i18n_catalog.problems(po, wanted)[0] == ["Kalimat baru tanpa terjemahan {n}"]
    assert i18n_catalog.main(["--check"]) == 1
    po.add("Kalimat baru tanpa terjemahan {n}", "A new sentence {m}")  # a wrong placeholder
    assert i18n_catalog.problems(po, wanted) == ([], ["Kalimat baru tanpa terjemahan {n}"])


def test_the_catalog_script_runs_from_the_command_line():
    done = subprocess.run([sys.executable, "scripts/i18n_catalog.py", "--check"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"en: (\d+) of \1 msgids translated", done.stdout)


# --- Requests: ?lang=, the session, the stored choice, the switch, the caches ---------------------------------

def _csrf(client) -> str:  # noqa: ANN001
    page = client.get("/keluar").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _layout_text(client) -> str:  # noqa: ANN001
    r = client.get("/_dash-layout")
    assert r.status_code == 200
    return json.dumps(r.get_json(), ensure_ascii=False)


def test_the_switch_is_kept_per_user_and_the_index_follows(app):  # noqa: ANN001
    engine = app.server.extensions[ENGINE_KEY]
    auth.add_user(engine, "sekda", "pimpinan", PASSWORD, "pytest")
    auth.add_user(engine, "kabid", "pimpinan", PASSWORD, "pytest")
    client = app.server.test_client()
    login(client, "sekda")
    index = client.get("/anggota").get_data(as_text=True)
    assert '<html lang="id">' in index and "Memuat..." in index and "Loading..." not in index
    assert "date-fns-id.js" in index and "date-fns-en-GB.js" not in index
    assert "Partisipasi Anggota" in _layout_text(client)

    # a form from another site (no token) changes nothing
    assert client.post("/bahasa", data={"lang": "en", "next": "/anggota"}).status_code == 302
    assert "Partisipasi Anggota" in _layout_text(client)
    r = client.post("/bahasa", data={"lang": "en", "next": "/anggota?period=bulan", "csrf": _csrf(client)})
    assert r.status_code == 302 and r.headers["Location"].endswith("/anggota?period=bulan")
    index = client.get("/anggota?period=bulan").get_data(as_text=True)
    assert '<html lang="en">' in index and "Loading..." in index and "date-fns-en-GB.js" in index
    text = _layout_text(client)
    assert "Member Participation" in text and "Partisipasi Anggota" not in text and "Bahasa Indonesia" in text
    with Session(engine) as s:
        stored = dict(s.execute(select(M.User.username, M.User.language)).all())
    assert stored == {"sekda": "en", "kabid": "id"}

    # kept per user: a new login of sekda (another browser) is in English, kabid's in Indonesian
    again, other = app.server.test_client(), app.server.test_client()
    login(again, "sekda")
    login(other, "kabid")
    assert "Member Participation" in _layout_text(again)
    assert "Partisipasi Anggota" in _layout_text(other)
    # and back
    again.post("/bahasa", data={"lang": "id", "next": "/", "csrf": _csrf(again)})
    assert "Partisipasi Anggota" in _layout_text(again)
    with Session(engine) as s:
        assert s.scalar(select(M.User.language).where(M.User.username == "sekda")) == "id"
    # an unknown language is no choice
    again.post("/bahasa", data={"lang": "fr", "next": "/", "csrf": _csrf(again)})
    assert "Partisipasi Anggota" in _layout_text(again)


def test_a_kiosk_asks_for_english_in_its_address(app):  # noqa: ANN001
    engine = app.server.extensions[ENGINE_KEY]
    _, token = kiosk.create(engine, "Lobi", "admin")
    screen = app.server.test_client()
    index = screen.get(f"/layar?token={token}&lang=en").get_data(as_text=True)
    assert '<html lang="en">' in index
    text = _layout_text(screen)  # the callbacks carry no query string: the session keeps the language
    assert "/bahasa" not in text
    assert screen.get("/layar").get_data(as_text=True).count('<html lang="en">') == 1
    plain = app.server.test_client()
    assert '<html lang="id">' in plain.get(f"/layar?token={token}").get_data(as_text=True)


def test_the_login_page_and_its_link_to_english(app):  # noqa: ANN001
    client = app.server.test_client()
    page = client.get("/masuk").get_data(as_text=True)
    assert '<html lang="id">' in page and 'id="masuk-bahasa"' in page and ">English<" in page
    assert "<title>Masuk · Dasbor Smart City Balikpapan</title>" in page  # the tab, through i18n.PAGE_TITLE
    page = client.get("/masuk?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Username" in page and ">Bahasa Indonesia<" in page
    assert "<title>Log in · Balikpapan Smart City Dashboard</title>" in page


def _render(app, name: str, url: str) -> str:  # noqa: ANN001
    with app.server.test_request_context(url):
        return everything(page(name).layout())


def test_cached_views_are_kept_apart_by_language(demo, app):  # noqa: ANN001
    indonesian = _render(app, "ringkasan", "/?lang=id")
    english = _render(app, "ringkasan", "/?lang=en")
    assert "Partisipasi anggota" in indonesian and "Member participation" in english
    assert "Partisipasi anggota" not in english and "Mei" not in english
    assert _render(app, "ringkasan", "/?lang=id") == indonesian  # the cached Indonesian view, not the English


def test_statuses_charts_and_numbers_follow_the_language(demo, app):  # noqa: ANN001
    english = _render(app, "rekomendasi", "/rekomendasi?lang=en")
    indonesian = _render(app, "rekomendasi", "/rekomendasi?lang=id")
    # cards, badges, legends in English; the grid's colour rules still match the stored (Indonesian) value
    assert "Not Yet Done" in english
    shown = english.replace("params.value === 'Belum Sesuai'", "")
    assert "Belum Sesuai" not in re.sub(r'"status": "[^"]*"', "", shown)  # the grid's rows carry the stored value
    assert '"separators": ".,"' in english and '"separators": ",."' in indonesian  # plotly's 1,234.5 / 1.234,5
    assert "Belum Sesuai" in indonesian and "Not Yet Done" not in indonesian


def test_unduhan_names_weeks_and_never_shows_a_shell_command(app):  # noqa: ANN001
    text = _render(app, "unduhan", "/unduhan")
    assert "Belum ada rekap mingguan yang dibekukan" in text and "hubungi sekretariat atau admin" in text
    assert "pokja" not in text and "`" not in text and "snapshot" not in text.lower()
    assert re.search(r"Minggu berjalan: Minggu ke-\d+, ", text)


def test_an_evaluation_stage_is_named_in_the_page_language(demo):  # noqa: ANN001
    """/peringkat, Ringkasan and the big screen name an evaluation stage through one label, in the page's language
    (the read model used to write "Tahap" whatever the language)."""
    from dashboard import queries as q

    with Session(demo) as s:
        s.add(M.Evaluation(year=2030, stage="I", rank=9, field_size=100, score=3.5))
        s.flush()
        assert q.evaluations(s)[-1]["label"] == "2030 Tahap I"
        assert q.latest_evaluation(s)["label"] == "2030 Tahap I"
        with language.use("en"):
            assert q.evaluations(s)[-1]["label"] == "2030 Stage I"
            assert q.latest_evaluation(s)["label"] == "2030 Stage I"
        s.rollback()
