"""What the upload page does, as plain functions: stage a file, preview it (dry run), commit, undo, history, downloads.

The uploaded bytes stay on the server between the preview and the commit (``Staging``), under a random token that
is all the browser keeps; the commit loads exactly the bytes that were previewed, once.
"""
from __future__ import annotations

import base64
import datetime as dt
import binascii
import io
import json
import os
import re
import secrets
import time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core import i18n
from core.settings import Settings, private_dir, write_private
from dashboard import queries as q
from dashboard.request_limits import parse_slot
from loaders.inflight import recover_interrupted
from loaders.ingest import UndoRefused, demo_loaded, load_file, undo_upload
from loaders.inspect import inspect_file, mapping_from_json
from loaders.reader import FileRefused, check_size, read_workbook
from loaders.template import write_template

T = i18n.UNGGAH
# Who an upload is recorded as when no logged-in user is named (the page passes the user's name).
UPLOAD_USER = "sekretariat"
ACCEPT = ".xlsx,.xlsm,.xls,.ods"
STAGING_TTL_S = 24 * 3600
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")
_EXCEL_MAX_TEXT = 32767  # characters in one cell


# --- Staging: the uploaded bytes between the preview and the commit --------------------------------------


class Staging:
    """One folder of ``<token>.bin`` (the bytes, only for a file that may be committed) and ``<token>.json``
    (file name and the dry-run report). Shared by every worker process because it lives under the data folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def of(cls, settings: Settings) -> "Staging":
        return cls(settings.data_dir / "staging")

    def _paths(self, token: str) -> tuple[Path, Path] | None:
        if not isinstance(token, str) or not _TOKEN_RE.fullmatch(token):
            return None  # the token comes from the browser: never let it name another path
        return self.folder / f"{token}.bin", self.folder / f"{token}.json"

    def put(self, data: bytes | None, meta: dict) -> str:
        private_dir(self.folder)
        self.sweep()
        token = secrets.token_urlsafe(32)
        data_path, meta_path = self._paths(token)
        if data is not None:
            _write_atomic(data_path, data)
        _write_atomic(meta_path, json.dumps(meta, ensure_ascii=False, default=str).encode("utf-8"))
        return token

    def meta(self, token: str) -> dict | None:
        paths = self._paths(token)
        if paths is None or not paths[1].exists():
            return None
        return json.loads(paths[1].read_text("utf-8"))

    def data(self, token: str) -> bytes | None:
        """The staged bytes, read without claiming them (the mapping step reads them to show the sheets)."""
        paths = self._paths(token)
        try:
            return paths[0].read_bytes() if paths is not None else None
        except FileNotFoundError:
            return None

    def claim(self, token: str) -> tuple[bytes, dict] | None:
        """Take the staged bytes for a commit; only the first caller gets them (a double click commits once)."""
        paths = self._paths(token)
        if paths is None:
            return None
        data_path, meta_path = paths
        claimed = data_path.with_name(f"{token}.{os.getpid()}.{secrets.token_hex(4)}.claimed")
        try:
            os.replace(data_path, claimed)  # atomic: a second claim finds nothing
        except FileNotFoundError:
            return None
        try:
            data = claimed.read_bytes()
            meta = json.loads(meta_path.read_text("utf-8"))
        finally:
            claimed.unlink(missing_ok=True)
            meta_path.unlink(missing_ok=True)
        return data, meta

    def sweep(self, now: float | None = None) -> None:
        """Forget previews older than a day (a file dropped and never saved)."""
        now = time.time() if now is None else now
        for path in self.folder.glob("*"):
            try:
                if now - path.stat().st_mtime > STAGING_TTL_S:
                    path.unlink()
            except FileNotFoundError:
                continue  # another worker swept it first


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    write_private(tmp, data)
    tmp.replace(path)


# --- Preview, commit, undo ------------------------------------------------------------------------------


def decoded_size(contents: str) -> int | None:
    """The size of the file in dcc.Upload's ``data:<mime>;base64,<data>``, from the text's length alone (nothing
    decoded, nothing copied); None when it is not that."""
    if not isinstance(contents, str):
        return None
    start = contents.find(",", 0, 300) + 1  # the data URL's header is short
    if start == 0:
        return None
    length = len(contents) - start
    padding = 2 if contents.endswith("==") else 1 if contents.endswith("=") else 0
    return max(0, length * 3 // 4 - padding)


def decode_contents(contents: str) -> bytes | None:
    """dcc.Upload's ``data:<mime>;base64,<data>`` to bytes; None when it is not that."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    try:
        return base64.b64decode(contents[contents.index(",") + 1:], validate=True)
    except (binascii.Error, ValueError):
        return None


def _problem(filename: str, message: str) -> dict:
    """A report of the loader's shape for a problem found before the loader ran."""
    return {"ok": False, "upload_id": None, "dry_run": True, "sheets": {}, "warnings": [], "ignored_sheets": [],
            "ignored_columns": {}, "decisions": [], "people": {}, "errors": [{"sheet": None, "row": None, "column": None, "value": None,
                                               "message": message}],
            "error_groups": [{"sheet": None, "column": None, "message": message, "count": 1, "rows": [],
                              "values": []}], "suspect_sheets": []}


def _decode_upload(contents_b64: str, settings: Settings) -> tuple[bytes | None, str | None]:
    """The dropped file's bytes, or the clerk's reason why not. Its size is judged from the base64 text before
    anything is decoded: an oversized upload costs no more memory than its text already did."""
    size = decoded_size(contents_b64)
    if size is not None:
        try:
            check_size(size, settings.limits)
        except FileRefused as exc:
            return None, str(exc)
    data = decode_contents(contents_b64)
    return (None, T["bad_contents"]) if data is None else (data, None)


def preview(engine: Engine, settings: Settings, contents_b64: str, filename: str,
            actor: str = UPLOAD_USER) -> dict:
    """Dry-run a dropped file. Returns ``token`` (for the errors download and, when ``committable``, the commit),
    ``filename``, ``committable``, ``refused``, ``deciding`` (questions about people are open: the bytes stay
    staged for the answers) and the loader's ``report`` (``LoadReport.as_dict()``)."""
    filename = re.split(r"[\\/]", str(filename or "rekap.xlsx"))[-1] or "rekap.xlsx"  # a name, never a path
    data, problem = _decode_upload(contents_b64, settings)
    if problem is not None:
        report = _problem(filename, problem)
        token = Staging.of(settings).put(None, {"filename": filename, "report": report, "staged_at": time.time()})
        return {"token": token, "filename": filename, "committable": False, "refused": True, "deciding": False,
                "report": report}
    with parse_slot(settings):  # ServerBusy: answered 503, nothing read or staged
        return _dry_run(engine, settings, data, filename, actor, {})


def _dry_run(engine: Engine, settings: Settings, data: bytes, filename: str, actor: str,
             decisions: dict[str, str], mapping: list[dict] | None = None, profile: str | None = None) -> dict:
    """The dry run of staged or dropped bytes, with the clerk's answers so far and the clerk's column mapping
    (inspect's objects, edited in the mapping step; ``profile``: the name to save it under when committed). The
    caller holds a parse slot. ``mappable``: the sheets' reading looks unsure (unclear or suspect sheets, or no
    sheet recognised, or a meeting list whose invitees the clerk may pick) and the bytes stay staged for the
    mapping step."""
    try:
        sheet_mapping = mapping_from_json(mapping) if mapping else None
    except ValueError as exc:
        report = _problem(filename, str(exc))
        token = Staging.of(settings).put(data, {"filename": filename, "report": report, "staged_at": time.time(),
                                                "decisions": decisions})
        return {"token": token, "filename": filename, "committable": False, "refused": False, "deciding": False,
                "report": report, "demo": False, "mappable": True}
    result = load_file(engine, settings, data, filename, actor, dry_run=True, decisions=decisions,
                       mapping=sheet_mapping)
    report = result.as_dict()
    committable = bool(report["ok"])
    deciding = not report["errors"] and bool(report["decisions"])
    mappable = not result.refused and bool(report["unclear_sheets"] or report["suspect_sheets"] or mapping
                                           or (not report["sheets"] and report["ignored_sheets"])
                                           or result.meeting_lists)
    token = Staging.of(settings).put(data if committable or deciding or mappable else None,
                                     {"filename": filename, "report": report, "staged_at": time.time(),
                                      "decisions": decisions, "mapping": mapping, "profile": profile})
    return {"token": token, "filename": filename, "committable": committable, "refused": result.refused,
            "deciding": deciding, "report": report, "demo": committable and demo_loaded(engine),
            "mappable": mappable}


def mapping_sheets(engine: Engine, settings: Settings, token: str, first_rows: int = 6) -> list[dict] | None:
    """The mapping step's sheets: inspect's objects (loaders/inspect.py) of the staged file, the clerk's mapping
    so far applied, each with ``first_rows`` (its first rows as text) and, for a meeting list, ``groups`` (the
    working groups it may name as invited: those stored and those it names). None when nothing is staged."""
    data, meta = Staging.of(settings).data(token), Staging.of(settings).meta(token)
    if data is None or meta is None:
        return None
    with parse_slot(settings):
        sheets = inspect_file(engine, settings, data, meta["filename"])
        workbook = read_workbook(data, meta["filename"], settings.limits)
    chosen = {m["sheet"]: m for m in meta.get("mapping") or []}
    with Session(engine) as session:
        groups = q.working_group_names(session)
    out = []
    for entry in sheets:
        entry = {**entry, **chosen.get(entry["sheet"], {})}
        sheet = workbook.sheets.get(entry["sheet"])
        entry["first_rows"] = [[_cell_text(v) if v is not None else "" for v in row]
                               for row in (sheet.head(first_rows) if sheet is not None else [])]
        if entry.get("shape") == "meeting_list":
            entry["groups"] = list(dict.fromkeys([*groups, *(entry.get("invited") or [])]))
        out.append(entry)
    return out


def remap(engine: Engine, settings: Settings, token: str, mapping: list[dict], profile: str | None,
          actor: str = UPLOAD_USER) -> dict | None:
    """Preview the staged file again read as the clerk mapped it. None when the preview expired."""
    with parse_slot(settings):
        staged = Staging.of(settings).claim(token)
        if staged is None:
            return None
        data, meta = staged
        return _dry_run(engine, settings, data, meta["filename"], actor, meta.get("decisions") or {}, mapping,
                        (profile or "").strip() or None)


def answer(engine: Engine, settings: Settings, token: str, answers: dict[str, str | None],
           actor: str = UPLOAD_USER) -> dict | None:
    """Preview the staged file again with the clerk's answers to its questions about people (decision id ->
    a candidate's ref, ``new``, ``new:UNSUR``; unanswered ones left out). None when the preview expired."""
    with parse_slot(settings):  # taken before the bytes are claimed: a busy server (503) leaves them staged
        staged = Staging.of(settings).claim(token)
        if staged is None:
            return None
        data, meta = staged
        decisions = {**meta.get("decisions", {}), **{k: v for k, v in answers.items() if v}}
        return _dry_run(engine, settings, data, meta["filename"], actor, decisions, meta.get("mapping"),
                        meta.get("profile"))


def decision_options(engine: Engine, decision: dict, sectors: list[str] | None = None) -> list[dict]:
    """The choices of one question: each candidate, a new member (with its Unsur when the loader could not
    tell it), as dropdown options; for an activity, the same one or a new one. ``sectors``: the sector names, when
    the caller read them once for many questions."""
    if decision.get("kind") == "activity":
        c = decision["candidates"][0]
        return [{"label": T["decide_same_activity"].format(name=c["name"], similarity=i18n.format_percent(c["similarity"]),
                                                           date=i18n.format_date(dt.date.fromisoformat(c["date"]))),
                 "value": "same"},
                {"label": T["decide_new_activity"].format(name=decision["name"]), "value": "new"}]
    options = [{"label": T["decide_same"].format(name=c["name"], organization=c["organization"],
                                                  code=f", {c['code']}" if c["code"] else "",
                                                  similarity=i18n.format_percent(c["similarity"])),
                "value": c["ref"]} for c in decision["candidates"]]
    if decision["candidates"]:
        options.append({"label": T["decide_new"], "value": "new"})
    if decision.get("guest_allowed"):  # asked from a meeting list: a guest, never scored
        options.append({"label": T["decide_guest"], "value": "guest"})
    if sectors is None:
        sectors = sector_names(engine)
    options.extend({"label": T["decide_new_sector"].format(sector=name), "value": f"new:{name}"} for name in sectors)
    return options


def sector_names(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return q.template_choices(session)[0]


DEMO_CHOICES = ("replace", "keep")  # the demo data goes with this upload, or stays beside it


def commit(engine: Engine, settings: Settings, token: str, actor: str = UPLOAD_USER,
           demo: str | None = None) -> dict:
    """Load the previewed bytes for real, with the answers given in the preview. Returns ``ok``, ``filename``,
    ``upload_id``, ``report``, ``message`` and ``demo_removed``. The parse slot is taken before the staged bytes
    are claimed: a busy server (ServerBusy, 503) leaves them staged, so pressing Simpan again works.

    ``demo``: while the demo data is loaded the clerk must say what becomes of it: ``replace`` (removed in this
    upload's transaction, its snapshots too) or ``keep``; without an answer nothing is claimed or written."""
    if demo not in DEMO_CHOICES and demo_loaded(engine):
        return {"ok": False, "filename": None, "upload_id": None, "report": None, "message": T["demo_choose"],
                "errors_token": None, "demo_removed": None, "staged": True}
    with parse_slot(settings):
        staged = Staging.of(settings).claim(token)
        if staged is None:
            return {"ok": False, "filename": None, "upload_id": None, "report": None, "message": T["expired"],
                    "errors_token": None, "demo_removed": None}
        data, meta = staged
        mapping = meta.get("mapping")
        result = load_file(engine, settings, data, meta["filename"], actor, decisions=meta.get("decisions") or {},
                           replace_demo=demo == "replace", mapping=mapping_from_json(mapping) if mapping else None,
                           save_profile=meta.get("profile") if mapping else None)
    report = result.as_dict()
    errors_token = None
    if result.ok:
        message = T["committed"].format(id=result.upload_id, summary=summary_text(report))
        if result.demo_removed is not None:
            message += " " + T["demo_removed"].format(n=i18n.format_number(result.demo_removed))
    else:
        message = T["commit_rejected"].format(n=i18n.format_number(len(report["errors"])))
        # Keep the report (not the bytes) so the errors stay downloadable.
        errors_token = Staging.of(settings).put(None, {"filename": meta["filename"], "report": report,
                                                       "staged_at": time.time()})
    return {"ok": result.ok, "filename": meta["filename"], "upload_id": result.upload_id, "report": report,
            "message": message, "errors_token": errors_token, "demo_removed": result.demo_removed}


def undo(engine: Engine, upload_id: int, actor: str = UPLOAD_USER) -> dict:
    """Revert one upload. Returns ``ok`` and the ``message`` to show (the loader's reason when refused)."""
    try:
        counts = undo_upload(engine, int(upload_id), actor)
    except UndoRefused as exc:
        return {"ok": False, "message": str(exc)}
    return {"ok": True, "message": T["undone"].format(id=upload_id, **counts), "counts": counts}


def error_group_rows(report: dict) -> list[dict]:
    """The preview's error list: one row per group (sheet, column, message) with its count, first rows and
    first values (loaders/error_groups.py); the download keeps one row per error."""
    groups = report.get("error_groups")
    if groups is None:  # a report staged before groups existed
        from loaders.error_groups import group_errors
        from loaders.parse import Issue

        groups = group_errors(Issue(**e) for e in report["errors"])
    out = []
    for g in groups:
        rows = ", ".join(str(r) for r in g["rows"]) + (" ..." if g["count"] > len(g["rows"]) else "")
        out.append({"sheet": g["sheet"] or "-", "column": g["column"] or "-", "count": g["count"],
                    "rows": rows if g["rows"] else "-", "values": ", ".join(str(v) for v in g["values"]),
                    "message": g["message"]})
    return out


def staged_report(settings: Settings, token: str) -> dict | None:
    meta = Staging.of(settings).meta(token)
    return None if meta is None else meta["report"]


def summary_text(report: dict) -> str:
    totals = {"inserted": 0, "updated": 0, "unchanged": 0}
    for counts in report["sheets"].values():
        for key in totals:
            totals[key] += counts[key]
    return (f"{i18n.format_number(totals['inserted'])} {T['col_inserted'].lower()}, "
            f"{i18n.format_number(totals['updated'])} {T['col_updated'].lower()}, "
            f"{i18n.format_number(totals['unchanged'])} {T['col_unchanged'].lower()}")


# --- History -------------------------------------------------------------------------------------------


def history(engine: Engine) -> list[dict]:
    """The upload log as the page shows it. Read uncached: a rejected upload is logged without a new data version."""
    recover_interrupted(engine)  # an upload whose loader died shows as interrupted, not as processing forever
    with Session(engine) as session:
        rows = q.uploads(session)
    out = []
    for u in rows:
        if u["outcome"] in ("rejected", "refused"):
            summary = T["rejected_summary"].format(n=i18n.format_number(u["error_count"] or 0),
                                                   message=u["summary"] or "-")
        elif u["kind"] != "file":  # a merge: its own summary
            summary = u["summary"] or ""
        elif u["counts"]:  # from the counts, so the figures read `1.477`
            summary = summary_text({"sheets": u["counts"]})
        else:
            summary = u["summary"] or ""
        can_undo = u["outcome"] == "committed"
        out.append({
            "id": u["id"],
            "filename": u["filename"],
            "by": u["by"],
            "at": i18n.to_wita(u["at"]).isoformat(timespec="seconds") if u["at"] else None,  # WITA
            "outcome": i18n.OUTCOME.get(u["outcome"], u["outcome"]),
            "summary": summary,
            "can_undo": can_undo,
            "undo": T["undo_button"] if can_undo else "",
        })
    return out


# --- Downloads -----------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))
    return text[:_EXCEL_MAX_TEXT]


def errors_xlsx(errors: list[dict]) -> bytes:
    """The error list as a workbook. Every text cell is written as a string, never a formula: values come from the
    user's file and may start with `=`, `+`, `-` or `@`."""
    wb = Workbook()
    ws = wb.active
    ws.title = T["errors_sheet"]
    headers = [T["col_sheet"], T["col_row"], T["col_column"], T["col_value"], T["col_message"]]
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=header)
        cell.font = Font(bold=True)
    for r, error in enumerate(errors, start=2):
        values = (error.get("sheet"), error.get("row"), error.get("column"), error.get("value"), error.get("message"))
        for col, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=col)
            if isinstance(value, int) and not isinstance(value, bool):
                cell.value = value
            else:
                cell.value = _cell_text(value)
                cell.data_type = "s"  # openpyxl would store a leading "=" as a formula
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:E{max(1, len(errors) + 1)}"
    for letter, width in zip("ABCDE", (22, 8, 22, 30, 90)):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def errors_filename(filename: str | None) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(filename or "rekap").stem).strip("-.") or "rekap"
    return T["errors_filename"].format(stem=stem[:60])


def template_bytes(engine: Engine) -> bytes:
    """The blank recap template with this deployment's sectors and dimensions in its dropdowns."""
    with Session(engine) as session:
        sectors, dimensions = q.template_choices(session)
    buf = io.BytesIO()
    write_template(buf, sectors, dimensions)
    return buf.getvalue()


def max_upload_mb(settings: Settings) -> str:
    return i18n.format_number(round(settings.limits.max_upload_bytes / 2**20, 1))
