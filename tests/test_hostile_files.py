"""Hostile, encrypted and odd spreadsheets: the loader refuses them quickly, safely and in Bahasa Indonesia.

Three parts:

* every file of the shared corpus (``../shared/corpus``, described in its SOURCES.md) through a SQLite
  dry run of ``load_file``;
* a few corpus files through the real ``pokja load --dry-run --json`` command in a subprocess;
* hostile files built here (zip bombs, the calamine#693 crasher, billion laughs, a macro-enabled
  workbook, files that are not workbooks at all, an over-size upload).

Only SQLite is used: what is under test is the reader, not the database.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.db import make_engine, upgrade_database
from core.models import Member, Upload
from core.settings import Limits, Settings
from loaders.ingest import LoadReport, load_file

from tests.conftest import CORPUS, CORPUS_SKIP_REASON  # tests/ -> repo -> its parent -> shared/corpus

HAVE_CORPUS = CORPUS.is_dir()
needs_corpus = pytest.mark.skipif(not HAVE_CORPUS, reason=CORPUS_SKIP_REASON)

TIME_LIMIT_S = 30.0  # per load; the reader's own child-process timeout is set to the same value below

# SOURCES.md: "Encrypted / password-protected".
ENCRYPTED = frozenset({
    "apache-poi/60320-protected.xlsx",
    "apache-poi/extenxls_pwd123.xlsx",
    "apache-poi/password.xls",
    "apache-poi/protect.xlsx",
    "apache-poi/protected_passtika.xlsx",
    "apache-poi/protected_sha512.xlsx",
    "apache-poi/xor-encryption-abc.xls",
    "calamine/pass_protected.ods",
    "calamine/pass_protected.xlsx",
    "python-calamine/password.xls",
    "python-calamine/password.xlsx",
    "sheetjs-test_files/password_2002_128_strong.xls",
    "sheetjs-test_files/password_2002_40_basecrypto.xls",
    "sheetjs-test_files/password_2002_40_xor.xls",
})

# SOURCES.md: HOSTILE XML entity bombs (DOCTYPE with nested entities): refused by the pre-check.
ENTITY_BOMBS = frozenset({
    "apache-poi/54764.xlsx",
    "apache-poi/54764-2.xlsx",
    "apache-poi/poc-xmlbomb.xlsx",
    "apache-poi/poc-xmlbomb-empty.xlsx",
})

# SOURCES.md calls this "XXE inside a custom-XML-mapping schema part", but the part (xl/xmlMaps.xml) holds
# no DOCTYPE/ENTITY at all: only an XML-Schema <xs:redefine schemaLocation="http://localhost">. The reader
# never opens xl/xmlMaps.xml and never resolves schema locations, so the file is harmless here and ends as
# "no recognised sheet" (exit 1). It must still never load, and must not hang or fetch anything.
SCHEMA_XXE = "apache-poi/xxe_in_schema.xlsx"

# Words of the clerk-facing messages; every message must contain at least one.
INDONESIAN_WORDS = ("berkas", "tidak", "sheet", "baris", "kolom", "batasnya", "ditolak", "kata sandi", "isi",
                    "yang", "atau", "dengan", "format")


def _corpus_files() -> list[Path]:
    if not HAVE_CORPUS:
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md")


CORPUS_FILES = _corpus_files()


def _rel(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


# --- Fixtures and helpers ------------------------------------------------------------------------


def _settings(url: str, tmp_path: Path, **limits: int) -> Settings:
    return Settings(database_url=url, data_dir=tmp_path / "data", secret_key="test", load_demo_when_empty=False,
                    limits=Limits(parse_timeout_s=int(TIME_LIMIT_S), **limits))


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:  # noqa: ANN001
    """One migrated SQLite file; each test gets a copy (migrating 150 times would cost ~15 s)."""
    path = tmp_path_factory.mktemp("migrated") / "pokja.db"
    eng = make_engine(f"sqlite:///{path}")
    upgrade_database(eng)
    eng.dispose()
    return path


@pytest.fixture
def sqlite_engine(sqlite_url, migrated_sqlite, tmp_path):  # noqa: ANN001
    """A fresh, migrated SQLite database for this test (a copy of the module's), with its Settings."""
    shutil.copyfile(migrated_sqlite, make_url(sqlite_url).database)
    settings = _settings(sqlite_url, tmp_path)
    eng = make_engine(sqlite_url)
    yield settings, eng
    eng.dispose()


def _load(engine, settings: Settings, data: bytes, filename: str, dry_run: bool = True) -> LoadReport:  # noqa: ANN001
    start = time.monotonic()
    report = load_file(engine, settings, data, filename, "penguji", dry_run=dry_run)
    elapsed = time.monotonic() - start
    assert elapsed < TIME_LIMIT_S, f"{filename}: load took {elapsed:.1f} s"
    return report


def _assert_clerk_message(message: object, where: str) -> None:
    """A message the clerk can read: Indonesian prose, never a Python traceback or repr."""
    assert isinstance(message, str), f"{where}: message is {type(message).__name__}, not str"
    assert len(message.strip()) > 10, f"{where}: message too short: {message!r}"
    assert "Traceback" not in message, f"{where}: traceback leaked: {message!r}"
    assert 'File "' not in message, f"{where}: traceback leaked: {message!r}"
    lowered = message.casefold()
    assert any(w in lowered for w in INDONESIAN_WORDS), f"{where}: not Bahasa Indonesia? {message!r}"


def _assert_not_loaded(report: LoadReport, where: str) -> None:
    assert report.exit_code in (1, 2), f"{where}: exit {report.exit_code}, errors {report.errors}"
    assert not report.ok
    assert report.errors, f"{where}: exit {report.exit_code} without any error message"
    for issue in report.errors:
        _assert_clerk_message(issue.message, where)


def _messages(report: LoadReport) -> str:
    return " | ".join(i.message for i in report.errors)


# --- 1. The whole corpus, dry run ----------------------------------------------------------------


@needs_corpus
def test_corpus_lists_are_real_files() -> None:
    """The explicit lists above name files that exist (a renamed corpus file must not silently drop a check)."""
    present = {_rel(p) for p in CORPUS_FILES}
    missing = sorted((ENCRYPTED | ENTITY_BOMBS | {SCHEMA_XXE}) - present)
    assert not missing, f"not in the corpus: {missing}"
    assert len(CORPUS_FILES) >= 100


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[_rel(p) for p in CORPUS_FILES])
def test_corpus_file_dry_run(path: Path, sqlite_engine) -> None:  # noqa: ANN001
    settings, engine = sqlite_engine
    rel = _rel(path)
    report = _load(engine, settings, path.read_bytes(), path.name)
    text = _messages(report)
    if rel in ENCRYPTED:
        assert report.exit_code == 2, f"{rel}: exit {report.exit_code}: {text}"
        assert "kata sandi" in text, f"{rel}: {text}"
    if rel in ENTITY_BOMBS:
        assert report.exit_code == 2, f"{rel}: exit {report.exit_code}: {text}"
        assert "DOCTYPE" in text, f"{rel}: {text}"
    if rel == SCHEMA_XXE:
        assert report.exit_code in (1, 2), f"{rel}: exit {report.exit_code}: {text}"
    if report.exit_code == 0:
        # No corpus file follows the recap contract; if one ever does, it must be a clean, error-free report.
        assert report.ok and not report.errors and report.sheets
        return
    _assert_not_loaded(report, rel)


# --- 2. The real CLI ------------------------------------------------------------------------------

CLI_FILES = [
    "calamine/issue_594_dos.ods",
    "apache-poi/poc-xmlbomb.xlsx",
    "python-calamine/password.xlsx",
    "openpyxl2/bigfoot.xlsx",
]


def _pokja() -> list[str]:
    exe = Path(sys.executable).with_name("pokja")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pokja")
    assert found, "the `pokja` console command is not installed"
    return [found]


@needs_corpus
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # conftest's cli_env, SQLite only
@pytest.mark.parametrize("rel", CLI_FILES)
def test_cli_dry_run_refuses(rel: str, cli_env, tmp_path) -> None:  # noqa: ANN001
    env = dict(cli_env)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    env["POKJA_DATA_DIR"] = str(tmp_path / "cli-data")
    env["POKJA_PARSE_TIMEOUT_S"] = str(int(TIME_LIMIT_S))
    proc = subprocess.run([*_pokja(), "load", str(CORPUS / rel), "--dry-run", "--json"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode in (1, 2), f"{rel}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    out = json.loads(proc.stdout)
    assert out["ok"] is False
    assert out["dry_run"] is True
    assert isinstance(out["errors"], list) and out["errors"], out
    for err in out["errors"]:
        _assert_clerk_message(err["message"], rel)


# --- 3. Hostile files built here ------------------------------------------------------------------

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _members_workbook() -> bytes:
    """A small openpyxl workbook that fits the contract: sheet Anggota, header and two valid members."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Anggota"
    ws.append(["Nama", "Instansi", "Unsur"])
    ws.append(["Rina Wulandari", "Diskominfo", "Pemerintah"])
    ws.append(["Budi Santoso", "Institut Teknologi Kalimantan", "Akademisi"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_big_part(base: bytes, path: Path, part: str, size: int, fill: bytes) -> bytes:
    """``base`` plus one deflated part of ``size`` bytes of ``fill``, streamed so memory stays low."""
    chunk = fill * (1 << 20)
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open(part, "w") as fh:
            left = size
            while left > 0:
                fh.write(chunk[:min(left, len(chunk))])
                left -= len(chunk)
    return path.read_bytes()


def _package(sheet_xml: str, shared_strings: str | None = None, sheet_name: str = "Anggota") -> bytes:
    """A minimal, valid SpreadsheetML package written by hand (no producer would write these sheets)."""
    overrides = [
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
    ]
    rels = [("rId1", f"{NS_REL}/worksheet", "worksheets/sheet1.xml")]
    if shared_strings is not None:
        overrides.append(("/xl/sharedStrings.xml",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"))
        rels.append(("rId2", f"{NS_REL}/sharedStrings", "sharedStrings.xml"))
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{NS_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{NS_PKG_REL}">'
        + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
        + "</Relationships>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared_strings is not None:
            zf.writestr("xl/sharedStrings.xml", shared_strings)
    return buf.getvalue()


def _sheet(cells: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS_MAIN}">{dim}<sheetData>{cells}</sheetData></worksheet>')


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_package_builder_makes_a_loadable_workbook(sqlite_engine) -> None:  # noqa: ANN001
    """Control for the hand-built packages below: the same package with sane cells loads cleanly."""
    settings, engine = sqlite_engine
    cells = ('<row r="1">' + _inline("A1", "Nama") + _inline("B1", "Instansi") + _inline("C1", "Unsur") + "</row>"
             '<row r="2">' + _inline("A2", "Rina Wulandari") + _inline("B2", "Diskominfo")
             + _inline("C2", "Pemerintah") + "</row>")
    report = _load(engine, settings, _package(_sheet(cells, "A1:C2")), "rekap.xlsx")
    assert report.exit_code == 0, _messages(report)
    assert report.sheets["Anggota"].inserted == 1


# a. Zip bombs


def test_zip_bomb_over_total_size_is_refused(sqlite_engine, tmp_path) -> None:  # noqa: ANN001
    settings, engine = sqlite_engine
    data = _with_big_part(_members_workbook(), tmp_path / "bom.xlsx", "customXml/item1.xml", 300 * 2**20, b"\0")
    assert len(data) < 2 * 2**20  # ~300 KB on disk, 300 MB unpacked
    report = _load(engine, settings, data, "rekap-bom.xlsx")
    _assert_not_loaded(report, "zip bomb")
    assert report.exit_code == 2
    text = _messages(report)
    assert "terlalu besar" in text or "kompresi" in text, text


def test_zip_bomb_over_compression_ratio_is_refused(sqlite_engine, tmp_path) -> None:  # noqa: ANN001
    settings, engine = sqlite_engine
    size = 50 * 2**20  # under the 200 MB total, ~1000:1 over the 200:1 per-part ratio
    assert size < settings.limits.max_uncompressed_bytes
    data = _with_big_part(_members_workbook(), tmp_path / "rasio.xlsx", "xl/worksheets/sheet2.xml", size, b" ")
    report = _load(engine, settings, data, "rekap-rasio.xlsx")
    _assert_not_loaded(report, "compression ratio")
    assert report.exit_code == 2
    assert "kompresi" in _messages(report)


# b. calamine#693: a sheet whose last cell is XFD1048576


CRASHER_CELLS = ('<row r="1">' + _inline("A1", "Nama") + "</row>"
                 '<row r="1048576">' + _inline("XFD1048576", "x") + "</row>")


def test_last_cell_without_dimension_is_caught_by_the_child(sqlite_engine) -> None:  # noqa: ANN001
    """No <dimension>: the pre-check cannot see the size, the capped child process must (and we survive)."""
    settings, engine = sqlite_engine
    data = _package(_sheet(CRASHER_CELLS))
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    report = _load(engine, settings, data, "rekap-693.xlsx")
    _assert_not_loaded(report, "calamine#693")
    assert report.exit_code == 2, _messages(report)
    assert os.getpid()  # still here: the parser's failure did not take the test process with it


def test_reading_leaves_no_descriptor_or_file_behind(sqlite_engine, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The bytes reach the child as a temporary file the parent removes: after a read that worked, one the child died on
    (calamine#693) and one it timed out on, this process holds no more descriptors than before and the temp
    directory is empty."""
    from loaders.reader import FileRefused, read_workbook

    settings, _ = sqlite_engine
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    good = _package(_sheet(_inline("A1", "Nama") + _inline("A2", "Budi")))
    fds = len(os.listdir("/proc/self/fd"))
    for _ in range(2):
        assert read_workbook(good, "rekap.xlsx", settings.limits).sheet_names == ["Anggota"]
        with pytest.raises(FileRefused):
            read_workbook(_package(_sheet(CRASHER_CELLS)), "rekap-693.xlsx", settings.limits)
        with pytest.raises(FileRefused, match="tidak selesai dibaca"):
            read_workbook(good, "rekap.xlsx", replace(settings.limits, parse_timeout_s=0))
    assert len(os.listdir("/proc/self/fd")) == fds
    assert list(temp.iterdir()) == []


def test_reading_sweeps_copies_left_by_a_killed_process(sqlite_engine, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """A copy older than any read can last (a process killed while its child read) goes at the next read; a
    recent one (another process's read in progress) and other files stay."""
    from loaders.reader import TEMP_PREFIX, read_workbook

    settings, _ = sqlite_engine
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    stale, recent, other = temp / f"{TEMP_PREFIX}old.xlsx", temp / f"{TEMP_PREFIX}busy.xlsx", temp / "lain.xlsx"
    for path in (stale, recent, other):
        path.write_bytes(b"PK")
    old = time.time() - 2 * (settings.limits.parse_timeout_s + 60) - 5
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    good = _package(_sheet(_inline("A1", "Nama") + _inline("A2", "Budi")))
    assert read_workbook(good, "rekap.xlsx", settings.limits).sheet_names == ["Anggota"]
    assert sorted(p.name for p in temp.iterdir()) == sorted([recent.name, other.name])


def test_last_cell_with_dimension_is_refused_by_the_precheck(sqlite_engine) -> None:  # noqa: ANN001
    settings, engine = sqlite_engine
    data = _package(_sheet(CRASHER_CELLS, "A1:XFD1048576"))
    report = _load(engine, settings, data, "rekap-693-dim.xlsx")
    _assert_not_loaded(report, "calamine#693 with dimension")
    assert report.exit_code == 2
    text = _messages(report)
    assert "1.048.576 baris" in text, text  # the pre-check's message, not the parser's


# c. Billion laughs


def _lol_doctype(root: str) -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    return f'<!DOCTYPE {root} [{"".join(entities)}]>'


@pytest.mark.parametrize("where", ["sharedStrings", "sheet"])
def test_billion_laughs_is_refused(where: str, sqlite_engine) -> None:  # noqa: ANN001
    settings, engine = sqlite_engine
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if where == "sharedStrings":
        sst = (prolog + _lol_doctype("sst") + f'<sst xmlns="{NS_MAIN}" count="2" uniqueCount="2">'
               "<si><t>Nama</t></si><si><t>&lol9;</t></si></sst>")
        cells = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
        data = _package(_sheet(cells), shared_strings=sst)
    else:
        sheet = (prolog + _lol_doctype("worksheet") + f'<worksheet xmlns="{NS_MAIN}"><sheetData>'
                 '<row r="1">' + _inline("A1", "Nama") + '</row><row r="2">' + _inline("A2", "&lol9;")
                 + "</row></sheetData></worksheet>")
        data = _package(sheet)
    report = _load(engine, settings, data, "rekap-lol.xlsx")
    _assert_not_loaded(report, "billion laughs")
    assert report.exit_code == 2
    assert "DOCTYPE" in _messages(report)


@pytest.mark.parametrize("entity", ["lol", "xxe"])
def test_doctype_past_the_precheck_window_is_still_refused(entity: str, sqlite_engine) -> None:  # noqa: ANN001
    """A long comment before the DOCTYPE does not hide it: the pre-check reads each part up to its root element."""
    settings, engine = sqlite_engine
    if entity == "lol":
        doctype, ref = _lol_doctype("worksheet"), "&lol9;"
    else:
        doctype, ref = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>\n<!--' + " " * 9000 + "-->" + doctype
             + f'<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1">' + _inline("A1", "Nama")
             + _inline("B1", "Instansi") + _inline("C1", "Unsur") + '</row><row r="2">' + _inline("A2", ref)
             + _inline("B2", "Diskominfo") + _inline("C2", "Pemerintah") + "</row></sheetData></worksheet>")
    report = _load(engine, settings, _package(sheet), "rekap-doctype-jauh.xlsx")
    _assert_not_loaded(report, "late DOCTYPE")
    assert report.exit_code == 2, _messages(report)
    assert "DOCTYPE" in _messages(report)


# d. Macro-enabled workbook: loads, but the archived copy holds no macros


def _xlsm(base: bytes) -> bytes:
    """Turn an openpyxl .xlsx into an .xlsm with a (fake) VBA project part, as Excel would package it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                text = body.decode()
                text = text.replace("spreadsheetml.sheet.main+xml", "PLACEHOLDER")
                text = text.replace("application/vnd.openxmlformats-officedocument.PLACEHOLDER",
                                    "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                text = text.replace("</Types>", '<Default Extension="bin" '
                                    'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
                assert "macroEnabled" in text
                body = text.encode()
            elif info.filename == "xl/_rels/workbook.xml.rels":
                body = body.decode().replace(
                    "</Relationships>",
                    '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                    'vbaProject" Target="vbaProject.bin"/></Relationships>').encode()
            dst.writestr(info, body)
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Modul1\"" * 64)
    return out.getvalue()


def test_macro_workbook_loads_and_archive_has_no_macros(sqlite_engine) -> None:  # noqa: ANN001
    settings, engine = sqlite_engine
    data = _xlsm(_members_workbook())
    assert "xl/vbaProject.bin" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    report = _load(engine, settings, data, "rekap-makro.xlsm", dry_run=False)
    assert report.exit_code == 0, _messages(report)
    assert report.sheets["Anggota"].inserted == 2
    with Session(engine) as s:
        upload = s.get(Upload, report.upload_id)
        assert upload is not None and upload.outcome == "committed"
        archive_path = upload.archive_path
        assert s.scalar(select(func.count()).select_from(Member)) == 2
    assert archive_path
    archived = settings.data_dir / archive_path
    assert archived.is_file()
    with zipfile.ZipFile(archived) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
    assert not [n for n in names if "vbaproject" in n.casefold()], names
    assert "xl/worksheets/sheet1.xml" in names  # the data itself is kept


# e. Not workbooks at all


NOT_WORKBOOKS = {
    "empty": ("kosong.xlsx", b""),
    "text-renamed": ("catatan.xlsx", "Daftar anggota pokja\nRina Wulandari, Diskominfo\n".encode()),
    "csv": ("anggota.csv", b"Nama,Instansi,Unsur\nRina Wulandari,Diskominfo,Pemerintah\n"),
    "pdf-renamed": ("laporan.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"),
}


@pytest.mark.parametrize("case", list(NOT_WORKBOOKS))
def test_not_a_workbook_is_refused(case: str, sqlite_engine) -> None:  # noqa: ANN001
    settings, engine = sqlite_engine
    filename, data = NOT_WORKBOOKS[case]
    report = _load(engine, settings, data, filename)
    _assert_not_loaded(report, case)
    assert report.exit_code == 2
    text = _messages(report)
    assert "Berkas" in text or "berkas" in text, text
    if case == "csv":
        assert ".csv" in text, text
    if case == "empty":
        assert "kosong" in text, text


# f. Over the upload size limit


def test_upload_over_size_limit_is_refused(sqlite_url, migrated_sqlite, tmp_path) -> None:  # noqa: ANN001
    shutil.copyfile(migrated_sqlite, make_url(sqlite_url).database)
    settings = _settings(sqlite_url, tmp_path, max_upload_bytes=1000)
    engine = make_engine(sqlite_url)
    try:
        data = _members_workbook()
        assert len(data) > 1000
        report = _load(engine, settings, data, "rekap.xlsx")
    finally:
        engine.dispose()
    _assert_not_loaded(report, "size limit")
    assert report.exit_code == 2
    assert "MB" in _messages(report)


# g. Sheets without a <dimension> (or with one that lies): counted while streaming, before any parser runs


def _numbers(rows: int, cols: int, prefix: str = "") -> str:
    letters = [chr(65 + i) for i in range(cols)]
    return "".join(f'<{prefix}row r="{r}">' + "".join(f'<{prefix}c r="{c}{r}"><{prefix}v>{r}</{prefix}v></{prefix}c>'
                                                        for c in letters) + f"</{prefix}row>"
                   for r in range(1, rows + 1))


def _prefixed_sheet(cells: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<x:worksheet xmlns:x="{NS_MAIN}"><x:sheetData>{cells}</x:sheetData></x:worksheet>')


@pytest.mark.parametrize("case", ["no dimension", "prefixed", "dimension that lies"])
def test_rows_of_a_sheet_without_dimension_are_counted_before_parsing(case: str) -> None:
    from loaders.reader import FileRefused, check_file

    limits = Limits(max_rows=1000)
    if case == "prefixed":
        data = _package(_prefixed_sheet(_numbers(3000, 2, "x:")))
    else:
        data = _package(_sheet(_numbers(3000, 2), "A1:B2" if case == "dimension that lies" else None))
    with pytest.raises(FileRefused, match=r"lebih dari 1\.000 baris"):
        check_file(data, "rekap.xlsx", limits)
    # The same sheet within the limits passes the check (and the child reads it).
    assert check_file(data, "rekap.xlsx", Limits(max_rows=3000)) == "xlsx"


def test_cells_of_a_sheet_without_dimension_are_counted_before_parsing() -> None:
    from loaders.reader import FileRefused, check_file

    data = _package(_sheet(_numbers(500, 20)))  # 10,000 cells, no <dimension>
    with pytest.raises(FileRefused, match=r"lebih dari 5\.000 sel"):
        check_file(data, "rekap.xlsx", Limits(max_cells=5000))
    assert check_file(data, "rekap.xlsx", Limits(max_cells=10_000)) == "xlsx"


def test_a_huge_sheet_without_dimension_is_refused_cheaply(tmp_path) -> None:  # noqa: ANN001
    """The 18 MB workbook holding 195 MB of sheet XML passed every pre-check and reached calamine: here 320,000 rows
    (over the default 300,000) of 2 cells, about 26 MB of XML in a 2 MB file, refused by a streaming count that
    holds a bounded buffer, not the part."""
    import tracemalloc

    from loaders.reader import FileRefused, check_file

    row = '<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}" t="inlineStr"><is><t>Rapat koordinasi</t></is></c></row>'
    path = tmp_path / "besar.xlsx"
    base = _package(_sheet(""))
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))
        with dst.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS_MAIN}"><sheetData>'.encode())
            for start in range(1, 320_001, 10_000):
                fh.write("".join(row.format(n=n) for n in range(start, start + 10_000)).encode())
            fh.write(b"</sheetData></worksheet>")
    data = path.read_bytes()
    limits = Limits()
    assert len(data) < limits.max_upload_bytes
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused, match=r"lebih dari 300\.000 baris"):
            check_file(data, "rekap.xlsx", limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"{peak / 2**20:.1f} MiB"
