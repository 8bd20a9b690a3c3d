"""Load one recap workbook: read, validate everything, then write it in one transaction, traced to its upload.

``load_file`` is what the CLI and the upload page call. With any error nothing is written; otherwise every
sheet is upserted by its natural key (loading the same file twice changes nothing), the upload is logged,
the original bytes are archived by hash, and ``undo_upload`` can revert exactly what it did.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import io
import itertools
import json
import operator
import re
import threading
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Date, Engine, func, insert, select, text, update
from sqlalchemy.orm import Session

from dashboard import audit
from dashboard import models as M
from dashboard import reference as ref
from dashboard import tally, trace
from dashboard.db import bump_data_version, insert_many, iso_dates
from dashboard.settings import Settings, private_dir, write_private
from loaders import sheets as S
from loaders.inflight import Claim, claim_upload, recover_interrupted, retry_when_busy
from loaders.parse import Issue, ParsedSheet, Record, Vocab, parse_sheet
from loaders.reader import FileRefused, PendingRead, read_workbook
from loaders.values import clean_text, fold

KIND_ORDER = ("members", "recommendations", "activities", "evaluations", "attendance", "contributions")


@dataclass
class SheetCounts:
    kind: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def as_dict(self) -> dict:
        return {"kind": self.kind, "inserted": self.inserted, "updated": self.updated,
                "unchanged": self.unchanged, "skipped": self.skipped}


@dataclass
class LoadReport:
    filename: str
    dry_run: bool
    ok: bool = False
    refused: bool = False
    upload_id: int | None = None
    sheets: dict[str, SheetCounts] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 2 if self.refused else (0 if self.ok else 1)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "upload_id": self.upload_id,
            "dry_run": self.dry_run,
            "sheets": {name: c.as_dict() for name, c in self.sheets.items()},
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "ignored_sheets": self.ignored_sheets,
            "ignored_columns": self.ignored_columns,
        }


class UndoRefused(Exception):
    """The upload cannot be undone; ``str(exc)`` says why, in Bahasa Indonesia."""


# --- Entry point ---------------------------------------------------------------------------------

_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


def _gc_paused(fn):  # noqa: ANN001, ANN201
    """Run ``fn`` with the cyclic garbage collector paused (process-wide, re-entrant, thread-safe).

    A load builds a few hundred thousand short-lived dicts, lists and records that hold no reference cycles;
    with the collector on, each young generation sweep and each full sweep over the growing heap walks them
    again (about 1.5 s of a 100,000-row load). Reference counting still frees everything as usual.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        global _gc_pausers, _gc_was_enabled
        with _gc_lock:
            if _gc_pausers == 0:
                _gc_was_enabled = gc.isenabled()
                gc.disable()
            _gc_pausers += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _gc_lock:
                _gc_pausers -= 1
                if _gc_pausers == 0 and _gc_was_enabled:
                    gc.enable()

    return wrapper


@_gc_paused
def load_file(engine: Engine, settings: Settings, data: bytes, filename: str, user: str,
              dry_run: bool = False, reading: PendingRead | None = None) -> LoadReport:
    """A dry run writes nothing. Otherwise the upload is logged as ``processing`` first (committed on its own,
    see loaders/inflight.py) and that log row becomes ``committed`` in the data's transaction, or ``rejected``,
    ``refused``, or (when this process dies or fails on the way) ``interrupted``.

    ``reading``: the same ``data`` already being parsed (``start_reading``), e.g. while the CLI migrated."""
    sha = hashlib.sha256(data).hexdigest()
    if dry_run:
        return _load_file(engine, settings, data, sha, filename, user, None, reading)
    recover_interrupted(engine)
    claim = claim_upload(engine, filename, sha, len(data), user)
    try:
        return _load_file(engine, settings, data, sha, filename, user, claim, reading)
    except BaseException as exc:
        claim.fail(exc)
        raise
    finally:
        claim.release()


def _load_file(engine: Engine, settings: Settings, data: bytes, sha: str, filename: str, user: str,
               claim: Claim | None, reading: PendingRead | None = None) -> LoadReport:
    dry_run = claim is None
    report = LoadReport(filename=filename, dry_run=dry_run)
    try:
        trace.mark("waiting for the reader")
        if reading is not None:
            workbook = reading.result()
        else:
            workbook = read_workbook(data, filename, settings.limits, wanted=S.match_sheet)
    except FileRefused as exc:
        report.refused = True
        report.errors.append(Issue(None, None, None, None, str(exc)))
        if not dry_run:
            _record_failure(engine, settings, data, claim.upload_id, filename, user, "refused", report)
        return report

    with Session(engine if dry_run else claim.bind) as session:
        vocab = _vocab(session)
        parsed: list[ParsedSheet] = []
        matched = []
        for name in workbook.sheet_names:
            spec = S.match_sheet(name)
            sheet = workbook.sheets.get(name)
            if spec is None or sheet is None:
                report.ignored_sheets.append(name)
                continue
            report.sheets[name] = SheetCounts(spec.kind)
            matched.append((sheet, spec))
        # Attendance last: a matrix header may name activities by the codes the other sheets define.
        for sheet, spec in sorted(matched, key=lambda m: m[1].kind == "attendance"):
            if spec.kind == "attendance" and not dry_run:
                _lock(session)  # the stored activity codes are read next: under the write lock (see below)
            codes = _activity_codes(session, parsed) if spec.kind == "attendance" else frozenset()
            ps = parse_sheet(sheet, spec, vocab, report.errors, report.warnings, codes)
            parsed.append(ps)
            report.sheets[sheet.name].skipped = ps.skipped
            if ps.ignored_columns:
                report.ignored_columns[sheet.name] = ps.ignored_columns
        trace.mark("parsed")
        if not parsed and not report.errors:
            accepted = ", ".join(s.name for s in S.SPECS)
            report.errors.append(Issue(None, None, None, None,
                                       f"Tidak ada sheet yang dikenali. Nama sheet yang diterima: {accepted} "
                                       "(atau nama lainnya, lihat Petunjuk di templat)."))

        if not dry_run:
            # Take the write lock before reading what is stored, so the diff is exact under concurrency.
            _lock(session)
        writer = _Writer(session, vocab, report)
        writer.resolve(parsed)
        trace.mark("resolved")
        if report.errors:
            session.rollback()
            if not dry_run:
                _record_failure(engine, settings, data, claim.upload_id, filename, user, "rejected", report)
            return report
        if dry_run:
            writer.diff_only = True
            writer.apply()
            session.rollback()
            report.ok = True
            return report

        upload = session.get(M.Upload, claim.upload_id)
        upload.outcome = "committed"
        upload.archive_path = _archive(settings, data, sha, filename)
        writer.upload_id = upload.id
        with _sqlite_page_cache(session.connection(), MIB_64):
            writer.apply()
            trace.mark("applied (bulk inserts pending)")
            # The new contributions are inserted while their running totals are summed (tally.rebuild).
            tally.rebuild(session, writer.new.touched(session), writer.new, writer.write_pending)
            writer.write_pending()  # nothing left when rebuild ran it
            upload.counts_json = json.dumps({n: c.as_dict() for n, c in report.sheets.items()})
            upload.message = _summary(report)
            audit.record(session, user, "upload.commit", f"#{upload.id} {filename}: {upload.message}")
            bump_data_version(session)
            trace.mark("data version bumped (periods stored)")
        session.commit()
        trace.mark("committed")
        report.upload_id = upload.id
        report.ok = True
        return report


def _activity_codes(session: Session, parsed: list[ParsedSheet]) -> frozenset[str]:
    codes = {fold(c) for c in session.scalars(select(M.Activity.code).where(M.Activity.code.is_not(None)))}
    codes |= {fold(r.values["code"]) for ps in parsed if ps.spec.kind == "activities" for r in ps.records
              if r.values.get("code")}
    return frozenset(codes)


def _lock(session: Session) -> None:
    """The write lock every upload and undo takes first: one writer at a time, on SQLite and PostgreSQL.

    On SQLite another process's big upload can hold it longer than the driver's busy timeout: keep waiting."""
    retry_when_busy(lambda: session.execute(text("UPDATE app_state SET value = value WHERE key = 'data_version'")),
                    on_busy=session.rollback)


def _vocab(session: Session) -> Vocab:
    sectors = [(s.name, s.aliases) for s in session.scalars(select(M.Sector).order_by(M.Sector.sort_order))]
    dims = [(d.name, d.aliases, d.cross_cutting)
            for d in session.scalars(select(M.Dimension).order_by(M.Dimension.sort_order))]
    return Vocab(sectors, dims)


def _summary(report: LoadReport) -> str:
    total = defaultdict(int)
    for c in report.sheets.values():
        total["inserted"] += c.inserted
        total["updated"] += c.updated
        total["unchanged"] += c.unchanged
    return f"{total['inserted']} baru, {total['updated']} diubah, {total['unchanged']} tetap"


def _archive(settings: Settings, data: bytes, sha: str, filename: str) -> str:
    """Keep the original bytes, content-addressed. Macro parts of an .xlsm are never kept."""
    ext = Path(filename).suffix.casefold() or ".bin"
    if ext == ".xlsm":
        data = strip_macros(data)
    folder = private_dir(settings.archive_dir / sha[:2])
    path = folder / f"{sha}{ext}"
    if not path.exists():
        tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")  # two loads of one file at once
        write_private(tmp, data)
        tmp.replace(path)
    return str(path.relative_to(settings.data_dir))


def strip_macros(data: bytes) -> bytes:
    """A copy of an .xlsm package without its VBA/XLM macro parts (data only)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            lower = info.filename.casefold()
            if "vbaproject" in lower or "vbadata" in lower or lower.startswith("xl/macrosheets/"):
                continue
            dst.writestr(info, src.read(info))
    return out.getvalue()


def _record_failure(engine: Engine, settings: Settings, data: bytes, upload_id: int, filename: str, user: str,
                    outcome: str, report: LoadReport) -> None:
    """A refused or rejected upload is logged (and its bytes kept) so the secretariat can trace it."""
    def record() -> None:
        with Session(engine) as session, session.begin():
            upload = session.get(M.Upload, upload_id)
            upload.outcome = outcome
            upload.archive_path = _archive(settings, data, upload.sha256, filename) \
                if len(data) <= settings.limits.max_upload_bytes else None
            upload.error_count = len(report.errors)
            upload.message = report.errors[0].message if report.errors else None
            upload.counts_json = json.dumps({n: c.as_dict() for n, c in report.sheets.items()})
            audit.record(session, user, f"upload.{outcome}", f"{filename}: {upload.message or ''}")

    retry_when_busy(record)


# --- Resolving references and writing -------------------------------------------------------------


def _norm(value: object) -> str:
    return fold(value)


def _fold_clean(text: str | None) -> str:
    """``fold`` of a parsed text cell (already ``clean_text``-ed, or None), without cleaning it again."""
    return text.casefold() if text else ""


def member_key(name: str, organization: str) -> str:
    return f"{_norm(name)}|{_norm(organization)}"


def activity_key(day: dt.date, name: str) -> str:
    return f"{day.isoformat()}|{_norm(name)}"


MEMBER_MESSAGES = {
    "same_key": "Anggota dengan Nama dan Instansi yang sama sudah ada di baris {row}.",
    "same_code": "Kode Anggota {code} sudah dipakai di baris {row}.",
    "code_conflict": "Nama dan Instansi ini sudah tersimpan untuk anggota dengan kode lain. Periksa Kode Anggota.",
}
ACTIVITY_MESSAGES = {
    "same_key": "Kegiatan dengan Tanggal dan Nama yang sama sudah ada di baris {row}.",
    "same_code": "Kode Kegiatan {code} sudah dipakai di baris {row}.",
    "code_conflict": "Tanggal dan Nama Kegiatan ini sudah tersimpan untuk kegiatan dengan kode lain.",
}


@dataclass
class _Pending:
    """A row to write: its table, natural key, values, and where it came from."""

    sheet: str
    kind: str
    row: int
    values: dict
    existing_id: int | None = None
    outcome: str = ""  # inserted | updated | unchanged, once written


@dataclass
class _ContributionBlock:
    """The contributions of one sheet, resolved by column (see _Writer._contribution_block): the parsed
    columns, and per row its key and member. Rows already stored become _Pending rows; new rows are
    inserted by column."""

    sheet: str
    parsed: ParsedSheet
    keys: list[str]
    members: list[object]
    present: set[str]
    default_verification: bool

    def column(self, name: str) -> list:
        ps = self.parsed
        if name in ps.fields:
            return ps.columns[ps.fields.index(name)]
        return [None] * len(ps.rows)

    def pending(self, i: int) -> _Pending:
        """Row ``i`` as the row-by-row path makes it."""
        ps = self.parsed
        v = dict(zip(ps.fields, (values[i] for values in ps.columns), strict=True))
        if self.default_verification:
            v["verification"] = ref.VERIFIED
        v["key"] = self.keys[i]
        v["member"] = self.members[i]
        v["_present"] = self.present
        return _Pending(self.sheet, "contributions", ps.rows[i], v)


class _Writer:
    """Holds what is stored (keys -> ids and values) and turns parsed records into inserts/updates."""

    def __init__(self, session: Session, vocab: Vocab, report: LoadReport):
        self.s = session
        self.vocab = vocab
        self.report = report
        self.upload_id: int | None = None
        self.diff_only = False
        self.sector_ids = {n: i for i, n in session.execute(select(M.Sector.id, M.Sector.name))}
        self.dimension_ids = {n: i for i, n in session.execute(select(M.Dimension.id, M.Dimension.name))}
        # Parsed rows by kind, after resolution
        self.members: list[_Pending] = []
        self.activities: list[_Pending] = []
        self.recommendations: list[_Pending] = []
        self.evaluations: list[_Pending] = []
        self.attendance: list[_Pending] = []
        self.contributions: list[_Pending] = []
        self.contribution_blocks: list[_ContributionBlock] = []
        self._stored_loaded: set[str] = set()
        self.new = tally.NewRecords()  # what the running totals count, as it is written
        self.pending: list = []  # bulk inserts left to write_pending (callables)

    # -- errors --------------------------------------------------------------------------------
    def error(self, sheet: str, row: int | None, column: str | None, value: object, message: str) -> None:
        self.report.errors.append(Issue(sheet, row, column, clean_text(value), message))

    # -- stored rows -------------------------------------------------------------------------------
    def _stored_members(self) -> None:
        if "members" in self._stored_loaded:
            return
        self._stored_loaded.add("members")
        q = select(M.Member.id, M.Member.key, M.Member.code, M.Member.name, M.Organization.name).join(M.Organization)
        self.db_member_by_key: dict[str, int] = {}
        self.db_member_by_code: dict[str, int] = {}
        self.db_member_by_name: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        self.db_member_key_of: dict[int, str] = {}
        for mid, key, code, name, org in self.s.execute(q):
            self.db_member_by_key[key] = mid
            self.db_member_key_of[mid] = key
            if code:
                self.db_member_by_code[_norm(code)] = mid
            self.db_member_by_name[_norm(name)].append((mid, key, _norm(org)))

    def _stored_activities(self) -> None:
        if "activities" in self._stored_loaded:
            return
        self._stored_loaded.add("activities")
        self.db_activity_by_key: dict[str, int] = {}
        self.db_activity_by_code: dict[str, int] = {}
        self.db_activity_by_date: dict[dt.date, list[tuple[int, str]]] = defaultdict(list)
        for aid, key, code, day in self.s.execute(select(M.Activity.id, M.Activity.key, M.Activity.code, M.Activity.date)):
            self.db_activity_by_key[key] = aid
            if code:
                self.db_activity_by_code[_norm(code)] = aid
            self.db_activity_by_date[day].append((aid, key))

    def _stored_recommendations(self) -> dict[str, int]:
        if not hasattr(self, "db_recommendation_by_code"):
            self.db_recommendation_by_code = {
                _norm(code): rid for rid, code in self.s.execute(select(M.Recommendation.id, M.Recommendation.code))
            }
        return self.db_recommendation_by_code

    # -- resolution --------------------------------------------------------------------------------
    def resolve(self, parsed: list[ParsedSheet]) -> None:
        by_kind: dict[str, list[ParsedSheet]] = defaultdict(list)
        for ps in parsed:
            by_kind[ps.spec.kind].append(ps)
        # Sheet order never matters: definitions first, then what refers to them.
        for ps in by_kind["members"]:
            self._resolve_members(ps)
        for ps in by_kind["recommendations"]:
            self._resolve_recommendations(ps)
        for ps in by_kind["activities"]:
            self._resolve_activities(ps)
        for ps in by_kind["evaluations"]:
            self._resolve_evaluations(ps)
        if by_kind["attendance"] or by_kind["contributions"]:
            self._stored_members()
        for ps in by_kind["attendance"]:
            self._stored_activities()
            self._resolve_attendance(ps)
        for ps in by_kind["contributions"]:
            self._resolve_contributions(ps)

    def _resolve_members(self, ps: ParsedSheet) -> None:
        self._stored_members()
        seen_key: dict[str, int] = {}
        seen_code: dict[str, int] = {}
        self.file_member_by_code: dict[str, _Pending] = getattr(self, "file_member_by_code", {})
        self.file_member_by_name: dict[str, list[_Pending]] = getattr(self, "file_member_by_name", defaultdict(list))
        for rec in ps.records:
            v = rec.values
            key = member_key(v["name"], v["organization"])
            code = v.get("code")
            ok, existing = self._match_coded(ps, rec, key, code, seen_key, seen_code, self.db_member_by_code,
                                             self.db_member_by_key, MEMBER_MESSAGES)
            if not ok:
                continue
            pending = _Pending(ps.name, "members", rec.row, {**v, "key": key}, existing)
            pending.values["_present"] = ps.present_fields
            self.members.append(pending)
            if code:
                self.file_member_by_code[_norm(code)] = pending
            self.file_member_by_name[_norm(v["name"])].append(pending)

    def _match_coded(self, ps: ParsedSheet, rec: Record, key: str, code: str | None, seen_key: dict[str, int],
                     seen_code: dict[str, int], db_by_code: dict[str, int], db_by_key: dict[str, int],
                     messages: dict[str, str]) -> tuple[bool, int | None]:
        """Rows keyed by an optional code and a natural key (members, activities): refuse duplicates in the
        file, then find the stored row by code, else by natural key. Returns (usable, stored id)."""
        if key in seen_key:
            self.error(ps.name, rec.row, rec.columns.get("name"), rec.values["name"],
                       messages["same_key"].format(row=seen_key[key]))
            return False, None
        if code and _norm(code) in seen_code:
            self.error(ps.name, rec.row, rec.columns.get("code"), code,
                       messages["same_code"].format(code=code, row=seen_code[_norm(code)]))
            return False, None
        seen_key[key] = rec.row
        if code:
            seen_code[_norm(code)] = rec.row
        existing = db_by_code.get(_norm(code)) if code else None
        by_key = db_by_key.get(key)
        if existing is None:
            return True, by_key
        if by_key is not None and by_key != existing:
            self.error(ps.name, rec.row, rec.columns.get("code"), code, messages["code_conflict"])
            return False, None
        return True, existing

    def _resolve_recommendations(self, ps: ParsedSheet) -> None:
        stored = self._stored_recommendations()
        seen: dict[str, int] = {}
        self.file_recommendations: set[str] = getattr(self, "file_recommendations", set())
        for rec in ps.records:
            v = rec.values
            code = _norm(v["code"])
            if code in seen:
                self.error(ps.name, rec.row, rec.columns.get("code"), v["code"],
                           f"Kode rekomendasi {v['code']} sudah dipakai di baris {seen[code]}.")
                continue
            seen[code] = rec.row
            if v.get("year") is None:
                m = re.search(r"(19|20)\d{2}", v["source"])
                if m is None:
                    self.error(ps.name, rec.row, rec.columns.get("source"), v["source"],
                               "Tahun tidak diisi dan tidak dapat diambil dari Sumber. Isi kolom Tahun.")
                    continue
                v["year"] = int(m.group(0))
            evidence = v.pop("evidence", None)
            if "evidence" in ps.present_fields:
                v["evidence_count"], v["evidence_links"] = evidence if evidence else (None, None)
            pending = _Pending(ps.name, "recommendations", rec.row, v, stored.get(code))
            pending.values["_present"] = (ps.present_fields - {"evidence"}) | (
                {"evidence_count", "evidence_links"} if "evidence" in ps.present_fields else set()) | {"year"}
            self.recommendations.append(pending)
            self.file_recommendations.add(code)

    def _resolve_activities(self, ps: ParsedSheet) -> None:
        self._stored_activities()
        seen_key: dict[str, int] = {}
        seen_code: dict[str, int] = {}
        self.file_activity_by_code: dict[str, _Pending] = getattr(self, "file_activity_by_code", {})
        self.file_activity_by_key: dict[str, _Pending] = getattr(self, "file_activity_by_key", {})
        self.file_activity_by_date: dict[dt.date, list[_Pending]] = getattr(self, "file_activity_by_date", defaultdict(list))
        for rec in ps.records:
            v = rec.values
            key = activity_key(v["date"], v["name"])
            code = v.get("code")
            ok, existing = self._match_coded(ps, rec, key, code, seen_key, seen_code, self.db_activity_by_code,
                                             self.db_activity_by_key, ACTIVITY_MESSAGES)
            if not ok:
                continue
            pending = _Pending(ps.name, "activities", rec.row, {**v, "key": key}, existing)
            pending.values["_present"] = ps.present_fields
            self.activities.append(pending)
            if code:
                self.file_activity_by_code[_norm(code)] = pending
            self.file_activity_by_key[key] = pending
            self.file_activity_by_date[v["date"]].append(pending)

    def _resolve_evaluations(self, ps: ParsedSheet) -> None:
        stored = {(y, s): i for i, y, s in self.s.execute(select(M.Evaluation.id, M.Evaluation.year, M.Evaluation.stage))}
        seen: dict[tuple, int] = {}
        for rec in ps.records:
            v = rec.values
            stage = v.get("stage") or ref.EVALUATION_STAGES.default
            v["stage"] = stage
            k = (v["year"], stage)
            if k in seen:
                self.error(ps.name, rec.row, rec.columns.get("year"), v["year"],
                           f"Evaluasi tahun {v['year']} tahap {stage} sudah ada di baris {seen[k]}.")
                continue
            seen[k] = rec.row
            if v.get("rank") is not None and v.get("field_size") is not None and v["rank"] > v["field_size"]:
                self.error(ps.name, rec.row, rec.columns.get("rank"), v["rank"],
                           f"Peringkat {v['rank']} lebih besar dari Jumlah Daerah {v['field_size']}.")
                continue
            pending = _Pending(ps.name, "evaluations", rec.row, v, stored.get(k))
            pending.values["_present"] = ps.present_fields | {"stage"}
            pending.values["_dimensions"] = {d: v.get("dim:" + d) for d in ps.dimension_columns}
            self.evaluations.append(pending)

    # member/activity/recommendation references: returns a "ref" that is an id or a pending row
    def _find_member(self, ps: ParsedSheet, rec: Record) -> object | None:
        v = rec.values
        found, problem = self._member_ref(v.get("member_code"), v.get("member_name"), v.get("organization"))
        if problem is not None:
            columns, value, message = problem
            self.error(ps.name, rec.row, next((rec.columns[c] for c in columns if rec.columns.get(c)), None), value,
                       message)
        return found

    def _member_ref(self, code: str | None, name: str | None, org: str | None) -> tuple[object | None, tuple | None]:
        """The member a row refers to (an id or a pending row), else None and (columns, value, message)."""
        if code:
            found = getattr(self, "file_member_by_code", {}).get(_norm(code)) or self.db_member_by_code.get(_norm(code))
            if found is None:
                return None, (("member_code",), code,
                              f"Kode Anggota {code} tidak ada di sheet Anggota maupun data tersimpan.")
            return found, None
        if not name:
            return None, (("member_name", "member_code"), None, "Isi Kode Anggota atau Nama anggota.")
        candidates: dict[str, object] = {}
        for p in getattr(self, "file_member_by_name", {}).get(_norm(name), []):
            candidates[p.values["key"]] = p
        for mid, key, morg in self.db_member_by_name.get(_norm(name), []):
            candidates.setdefault(key, mid)
        if org:
            candidates = {k: c for k, c in candidates.items() if k.split("|", 1)[1] == _norm(org)}
        if len(candidates) == 1:
            return next(iter(candidates.values())), None
        if not candidates:
            where = f" dari {org}" if org else ""
            return None, (("member_name",), name, f"Anggota '{name}'{where} tidak ada di sheet Anggota maupun data "
                                                  "tersimpan. Periksa ejaan nama.")
        return None, (("member_name",), name,
                      f"Ada {len(candidates)} anggota bernama '{name}'. Isi kolom Instansi atau Kode Anggota.")

    def _find_activity(self, ps: ParsedSheet, row: int, column: str | None, code: str | None,
                       day: dt.date | None, name: str | None, shown: object) -> object | None:
        if code:
            found = getattr(self, "file_activity_by_code", {}).get(_norm(code)) or self.db_activity_by_code.get(_norm(code))
            if found is None:
                self.error(ps.name, row, column, shown,
                           f"Kegiatan berkode {code} tidak ada di sheet Kegiatan maupun data tersimpan.")
            return found
        if day is not None and name:
            key = activity_key(day, name)
            found = getattr(self, "file_activity_by_key", {}).get(key) or self.db_activity_by_key.get(key)
            if found is None:
                self.error(ps.name, row, column, shown,
                           f"Kegiatan '{name}' pada {day:%d/%m/%Y} tidak ada di sheet Kegiatan maupun data tersimpan.")
            return found
        if day is not None:
            keys: dict[str, object] = {}
            for p in getattr(self, "file_activity_by_date", {}).get(day, []):
                keys[p.values["key"]] = p
            for aid, key in self.db_activity_by_date.get(day, []):
                keys.setdefault(key, aid)
            if len(keys) == 1:
                return next(iter(keys.values()))
            if not keys:
                self.error(ps.name, row, column, shown, f"Tidak ada kegiatan pada tanggal {day:%d/%m/%Y}.")
            else:
                self.error(ps.name, row, column, shown,
                           f"Ada {len(keys)} kegiatan pada tanggal {day:%d/%m/%Y}; tulis juga nama atau kode kegiatannya.")
            return None
        self.error(ps.name, row, column, shown, "Isi Kode Kegiatan, atau Tanggal dan Nama Kegiatan.")
        return None

    def _resolve_attendance(self, ps: ParsedSheet) -> None:
        seen: dict[tuple, int] = {}
        if ps.matrix:
            columns: dict[int, object] = {}
            for j, (hdr, a) in ps.activity_columns.items():
                found = self._find_activity(ps, ps.header_row, hdr, a["code"], a["date"], a["name"], hdr)
                if found is not None:
                    columns[j] = found
        for rec in ps.records:
            member = self._find_member(ps, rec)
            if member is None:
                continue
            if ps.matrix:
                pairs = [(columns[j], rec.values[f"col:{j}"], ps.activity_columns[j][0])
                         for j in ps.activity_columns if j in columns and f"col:{j}" in rec.values]
            else:
                v = rec.values
                activity = self._find_activity(
                    ps, rec.row, rec.columns.get("activity_code") or rec.columns.get("activity_name"),
                    v.get("activity_code"), v.get("activity_date"), v.get("activity_name"),
                    v.get("activity_code") or v.get("activity_name"))
                if activity is None:
                    continue
                pairs = [(activity, v["status"], rec.columns.get("status"))]
            for activity, status, column in pairs:
                k = (id(member) if isinstance(member, _Pending) else member,
                     id(activity) if isinstance(activity, _Pending) else activity)
                if k in seen:
                    self.error(ps.name, rec.row, column, status,
                               f"Kehadiran anggota ini pada kegiatan yang sama sudah tercatat di baris {seen[k]}.")
                    continue
                seen[k] = rec.row
                self.attendance.append(_Pending(ps.name, "attendance", rec.row,
                                                {"member": member, "activity": activity, "status": status}))

    def _resolve_contributions(self, ps: ParsedSheet) -> None:
        block = self._contribution_block(ps)
        if block is not None:
            self.contribution_blocks.append(block)
            return
        # Some row has a problem: row by row, so that each gets its error in order.
        stored_recs = self._stored_recommendations()
        file_recs = getattr(self, "file_recommendations", set())
        seen: dict[str, int] = {}
        seen_code: dict[str, int] = {}
        present = ps.present_fields | {"verification"}
        default_verification = "verification" not in ps.present_fields
        # A recap names the same members thousands of times: each reference is looked up once (a reference
        # that finds nothing is looked up again, row by row, so that each such row gets its error).
        members: dict[object, object] = {}
        append = self.contributions.append
        sheet = ps.name
        for rec in ps.records:
            v = rec.values
            code = v.get("member_code")
            ref_key = code if code else (v.get("member_name"), v.get("organization"))
            member = members.get(ref_key)
            if member is None:
                member = self._find_member(ps, rec)
                if member is not None:
                    members[ref_key] = member
            rcode = v.get("recommendation_code")
            if rcode:
                folded = _norm(rcode)
                if folded not in file_recs and folded not in stored_recs:
                    self.error(sheet, rec.row, rec.columns.get("recommendation_code"), rcode,
                               f"Kode rekomendasi {rcode} tidak ada di sheet Rekomendasi maupun data tersimpan.")
                    continue
            if member is None:
                continue
            code = v.get("code")
            if code:
                folded = _fold_clean(code)
                if folded in seen_code:
                    self.error(sheet, rec.row, rec.columns.get("code"), code,
                               f"Kode Kontribusi {code} sudah dipakai di baris {seen_code[folded]}.")
                    continue
                seen_code[folded] = rec.row
                key = "#" + folded
            else:
                mkey = member.values["key"] if isinstance(member, _Pending) else self.db_member_key_of[member]
                key = f"{v['date'].isoformat()}|{mkey}|{_norm(v['kind'])}|{_fold_clean(v.get('description'))}"
                if key in seen:
                    self.error(sheet, rec.row, rec.columns.get("description") or rec.columns.get("kind"),
                               v.get("description"),
                               f"Kontribusi yang sama (tanggal, anggota, jenis, uraian) sudah ada di baris {seen[key]}. "
                               "Beri Kode Kontribusi bila keduanya memang berbeda.")
                    continue
                seen[key] = rec.row
            if default_verification:
                v["verification"] = ref.VERIFIED
            v["key"] = key
            v["member"] = member
            v["_present"] = present
            append(_Pending(sheet, "contributions", rec.row, v))

    def _contribution_block(self, ps: ParsedSheet) -> _ContributionBlock | None:
        """The sheet resolved column by column, when no row has a problem (else None: the row-by-row path
        reports each). Each distinct member reference and recommendation code is looked up once."""
        n = len(ps.rows)
        col = dict(zip(ps.fields, ps.columns))
        none = [None] * n
        member_codes = col.get("member_code", none)
        if n and all(member_codes):
            refs = dict.fromkeys(member_codes)
            for code in refs:
                refs[code] = self._member_ref(code, None, None)[0]
            if None in refs.values():
                return None
            members = list(map(refs.__getitem__, member_codes))
        else:
            found: dict[object, object] = {}
            members = []
            for code, name, org in zip(member_codes, col.get("member_name", none), col.get("organization", none)):
                ref_key = code if code else (name, org)
                if ref_key not in found:
                    found[ref_key] = self._member_ref(code, name, org)[0]
                if found[ref_key] is None:
                    return None
                members.append(found[ref_key])
        if "recommendation_code" in col:
            stored_recs = self._stored_recommendations()
            file_recs = getattr(self, "file_recommendations", set())
            if any(_norm(rc) not in file_recs and _norm(rc) not in stored_recs
                   for rc in set(col["recommendation_code"]) if rc):
                return None
        codes = col.get("code", none)
        if n and all(codes):  # parsed text: a str each, so _fold_clean is casefold
            keys = list(map("#".__add__, map(str.casefold, codes)))
        else:
            dates, kinds, descriptions = col["date"], col["kind"], col.get("description", none)
            keys = []
            for i, code in enumerate(codes):
                if code:
                    keys.append("#" + _fold_clean(code))
                    continue
                member = members[i]
                mkey = member.values["key"] if isinstance(member, _Pending) else self.db_member_key_of[member]
                keys.append(f"{dates[i].isoformat()}|{mkey}|{_norm(kinds[i])}|{_fold_clean(descriptions[i])}")
        if len(set(keys)) != n:  # a code or a natural key twice
            return None
        return _ContributionBlock(ps.name, ps, keys, members, ps.present_fields | {"verification"},
                                  "verification" not in ps.present_fields)

    # -- writing -----------------------------------------------------------------------------------
    def apply(self) -> None:
        org_ids = self._upsert_named(M.Organization, {p.values["organization"] for p in self.members})
        wg_ids = self._upsert_named(M.WorkingGroup, {p.values["working_group"] for p in self.members
                                                     if p.values.get("working_group")})
        member_rows = []
        for p in self.members:
            v = p.values
            present = v["_present"]
            row = {"key": v["key"], "name": v["name"], "organization_id": org_ids[_norm(v["organization"])],
                   "sector_id": self.sector_ids[v["sector"]]}
            optional = {
                "code": v.get("code"),
                "position": v.get("position"),
                "role": v.get("role") or ref.ROLES.default,
                "working_group_id": wg_ids.get(_norm(v["working_group"])) if v.get("working_group") else None,
                "dimension_id": self.dimension_ids.get(v["dimension"]) if v.get("dimension") else None,
                "status": v.get("status") or ref.MEMBER_STATUS.default,
                "email": v.get("email"),
                "phone": v.get("phone"),
            }
            for f, value in optional.items():
                src = {"working_group_id": "working_group", "dimension_id": "dimension"}.get(f, f)
                if src in present or p.existing_id is None:
                    row[f] = value
            member_rows.append((p, row))
        self._upsert(M.Member, member_rows, natural=("key",))

        self._upsert(M.Recommendation, [(p, self._row(p, ("code", "source", "year", "text", "pic", "target", "status",
                                                           "progress", "evidence_count", "evidence_links", "note"),
                                                      dimension=True)) for p in self.recommendations],
                     natural=("code",))
        self._upsert(M.Activity, [(p, {**self._row(p, ("code", "date", "name", "location"), dimension=True),
                                       "key": p.values["key"],
                                       **({"kind": p.values.get("kind") or ref.ACTIVITY_KINDS.default}
                                          if "kind" in p.values["_present"] or p.existing_id is None else {})})
                                  for p in self.activities], natural=("key",))
        self._upsert(M.Evaluation, [(p, self._row(p, ("year", "stage", "rank", "field_size", "score", "predicate")))
                                    for p in self.evaluations], natural=("year", "stage"))
        score_rows = []
        stored_scores = {}
        if self.evaluations:
            stored_scores = {(e, d): i for i, e, d in self.s.execute(
                select(M.EvaluationScore.id, M.EvaluationScore.evaluation_id, M.EvaluationScore.dimension_id))}
        for p in self.evaluations:
            for dim, score in p.values["_dimensions"].items():
                eid = p.existing_id if p.existing_id else -1
                did = self.dimension_ids[dim]
                sp = _Pending(p.sheet, "evaluation_scores", p.row, {"_present": {"score"}},
                              stored_scores.get((p.existing_id, did)) if p.existing_id else None)
                sp.parent = p  # type: ignore[attr-defined]
                score_rows.append((sp, {"evaluation_id": eid, "dimension_id": did, "score": score}))
        for sp, row in score_rows:
            row["evaluation_id"] = sp.parent.existing_id  # type: ignore[attr-defined]
        self._upsert(M.EvaluationScore, score_rows, counted=False)
        for sp, _ in score_rows:  # an evaluation whose only change is a dimension score was updated
            parent = sp.parent  # type: ignore[attr-defined]
            if sp.outcome in ("inserted", "updated") and parent.outcome == "unchanged":
                parent.outcome = "updated"
                self.report.sheets[parent.sheet].unchanged -= 1
                self.report.sheets[parent.sheet].updated += 1

        self._write_attendance()
        self._write_contributions()

    def _row(self, p: _Pending, fields: tuple[str, ...], dimension: bool = False) -> dict:
        v = p.values
        present = v["_present"]
        if p.existing_id is None:
            row = dict(zip(fields, map(v.get, fields)))
        else:
            row = {f: v.get(f) for f in fields if f in present}
        if dimension and ("dimension" in present or p.existing_id is None):
            row["dimension_id"] = self.dimension_ids.get(v["dimension"]) if v.get("dimension") else None
        return row

    def _upsert_named(self, model, names: set[str]) -> dict[str, int]:
        """Organizations and working groups: created on first mention, matched by normalized name."""
        ids = {k: i for i, k in self.s.execute(select(model.id, model.key))}
        new = sorted({_norm(n): n for n in names if _norm(n) not in ids}.items())
        if new and not self.diff_only:
            rows = [{"key": k, "name": n, "created_upload_id": self.upload_id, "upload_id": self.upload_id}
                    for k, n in new]
            self.s.execute(insert(model), rows)
            ids.update({k: i for i, k in self.s.execute(
                select(model.id, model.key).where(model.created_upload_id == self.upload_id))})
        elif new:
            for n, (k, _) in enumerate(new):
                ids[k] = -(n + 1)
        return ids

    def _upsert(self, model, items: list[tuple[_Pending, dict]], counted: bool = True,
                natural: tuple[str, ...] = ()) -> None:
        """Insert new rows, update changed ones (remembering old values), count the unchanged.

        ``natural`` names the columns that identify a new row, when its id is needed afterwards (rows
        that others refer to); inserts are plain executemany, the ids are read back by that key.
        """
        if not items:
            return
        existing_ids = [p.existing_id for p, _ in items if p.existing_id is not None]
        current: dict[int, dict] = {}
        if existing_ids:
            cols = sorted({c for _, row in items for c in row} | {"upload_id"})
            table = model.__table__
            for chunk in _chunks(existing_ids, 5000):
                for r in self.s.execute(select(table.c.id, *[table.c[c] for c in cols]).where(table.c.id.in_(chunk))):
                    current[r.id] = r._asdict()
        inserts, updates, changes = [], [], []
        counts = self.report.sheets
        for p, row in items:
            if p.existing_id is None:
                inserts.append((p, row))
                p.outcome = "inserted"
                if counted:
                    counts[p.sheet].inserted += 1
                continue
            now = current[p.existing_id]
            diff = {c: v for c, v in row.items() if not _same(now.get(c), v)}
            if not diff:
                p.outcome = "unchanged"
                if counted:
                    counts[p.sheet].unchanged += 1
                continue
            p.outcome = "updated"
            if counted:
                counts[p.sheet].updated += 1
            before = {c: _jsonable(now[c]) for c in diff} | {"upload_id": now["upload_id"]}
            updates.append({"id": p.existing_id, **diff, "upload_id": self.upload_id})
            changes.append({"upload_id": self.upload_id, "table_name": model.__tablename__,
                            "row_id": p.existing_id, "before_json": json.dumps(before)})
        if self.diff_only:
            for n, (p, _) in enumerate(inserts):
                p.existing_id = -(n + 1)
            return
        self._count_new(model, [row for _, row in inserts], updates, current)
        if inserts:
            uid = self.upload_id
            table = model.__table__
            _bulk_insert(self.s, table, [row for _, row in inserts], {"created_upload_id": uid, "upload_id": uid})
            if natural:
                q = select(table.c.id, *[table.c[c] for c in natural]).where(table.c.created_upload_id == uid)
                ids = {tuple(r[1:]): r[0] for r in self.s.execute(q)}
                for p, row in inserts:
                    p.existing_id = ids[tuple(row[c] for c in natural)]
        if updates:
            self.s.execute(update(model), updates)
            self.s.execute(insert(M.UploadChange), changes)

    def _count_new(self, model, inserted: list[dict], updates: list[dict], current: dict[int, dict]) -> None:  # noqa: ANN001
        """Tell the running totals (self.new) what _upsert writes: the attendance and contributions it inserts,
        the members of those it updates, before and after, the activities it updates."""
        if model is M.Contribution and inserted:
            self.new.contributions(*([row[c] for row in inserted] for c in ("member_id", "date", "kind", "verification")))
        elif model is M.Attendance and inserted:
            self.new.attendance(*([row[c] for row in inserted] for c in ("member_id", "activity_id", "status")))
        if model in (M.Contribution, M.Attendance):
            for row in updates:
                before = current[row["id"]]["member_id"]
                self.new.updated(before, row.get("member_id", before))
        elif model is M.Activity:
            self.new.activities_updated(row["id"] for row in updates)

    def _ref_id(self, r: object) -> int:
        return r.existing_id if isinstance(r, _Pending) else r  # type: ignore[return-value]

    def _write_attendance(self) -> None:
        if not self.attendance:
            return
        stored = {}
        member_ids = {self._ref_id(p.values["member"]) for p in self.attendance}
        if any(i > 0 for i in member_ids):
            q = select(M.Attendance.id, M.Attendance.member_id, M.Attendance.activity_id)
            for chunk in _chunks(sorted(i for i in member_ids if i > 0), 2000):
                for aid, mid, actid in self.s.execute(q.where(M.Attendance.member_id.in_(chunk))):
                    stored[(mid, actid)] = aid
        items = []
        for p in self.attendance:
            mid, aid = self._ref_id(p.values["member"]), self._ref_id(p.values["activity"])
            p.existing_id = stored.get((mid, aid))
            p.values["_present"] = {"status"}
            items.append((p, {"member_id": mid, "activity_id": aid, "status": p.values["status"]}))
        self._upsert(M.Attendance, items)

    def _write_contributions(self) -> None:
        blocks = self.contribution_blocks
        if not self.contributions and not blocks:
            return
        # A coded contribution's key is "#<code>" (kept so when a later file adds the code), so the key
        # alone finds what is stored.
        keys = [p.values["key"] for p in self.contributions]
        for block in blocks:
            keys.extend(block.keys)
        stored_by_key = self._stored_ids(M.Contribution, keys)
        rec_ids = {_norm(c): i for i, c in self.s.execute(select(M.Recommendation.id, M.Recommendation.code))}
        pendings = list(self.contributions)
        new_rows = []
        for block in blocks:  # stored rows go the row-by-row way (diff, previous values), new rows by column
            new = [i for i, key in enumerate(block.keys) if key not in stored_by_key] if stored_by_key else \
                list(range(len(block.keys)))
            if len(new) < len(block.keys):
                pendings.extend(block.pending(i) for i, key in enumerate(block.keys) if key in stored_by_key)
            new_rows.append((block, new))
        fields = ("code", "date", "kind", "description", "evidence", "verification")
        items = []
        for p in pendings:
            v = p.values
            p.existing_id = stored_by_key.get(v["key"])
            row = self._row(p, fields)
            row["key"] = v["key"]
            member = v["member"]
            row["member_id"] = member.existing_id if type(member) is _Pending else member
            if p.existing_id is None or "recommendation_code" in v["_present"]:
                rc = v.get("recommendation_code")
                row["recommendation_id"] = (rec_ids.get(_norm(rc)) or -1) if rc else None
            items.append((p, row))
        self._upsert(M.Contribution, items)
        for block, new in new_rows:
            self._insert_block(block, new, fields, rec_ids)

    def _insert_block(self, block: _ContributionBlock, new: list[int], fields: tuple[str, ...],
                      rec_ids: dict[str, int]) -> None:
        """Rows ``new`` of a block, inserted by column: the values the row-by-row path would insert."""
        self.report.sheets[block.sheet].inserted += len(new)
        if self.diff_only or not new:
            return
        pick = (lambda values: values) if len(new) == len(block.keys) else (lambda values: [values[i] for i in new])
        columns = {f: pick(block.column(f)) for f in fields}
        if block.default_verification:
            columns["verification"] = [ref.VERIFIED] * len(new)
        columns["key"] = pick(block.keys)
        columns["member_id"] = [m.existing_id if type(m) is _Pending else m for m in pick(block.members)]
        columns["recommendation_id"] = [(rec_ids.get(_norm(rc)) or -1) if rc else None
                                        for rc in pick(block.column("recommendation_code"))]
        self.new.contributions(columns["member_id"], columns["date"], columns["kind"], columns["verification"])
        # Nothing written after these rows reads them: their insert is left for write_pending (see _load_file).
        self.pending.append(functools.partial(_insert_columns, self.s, M.Contribution.__table__, [columns],
                                              {"created_upload_id": self.upload_id, "upload_id": self.upload_id}))

    def write_pending(self) -> None:
        """The bulk inserts apply left (the contributions inserted by column), in order."""
        while self.pending:
            self.pending.pop(0)()

    def _stored_ids(self, model, keys: list[str]) -> dict[str, int]:  # noqa: ANN001
        """key -> id of the stored rows among ``keys``: one scan when the table is small, else by chunks."""
        stored = self.s.scalar(select(func.count()).select_from(model)) or 0
        if stored == 0:
            return {}
        if stored <= 4 * len(keys):
            wanted = set(keys)
            return {k: i for i, k in self.s.execute(select(model.id, model.key)) if k in wanted}
        out = {}
        for chunk in _chunks(keys, 2000):
            out.update({k: i for i, k in self.s.execute(select(model.id, model.key).where(model.key.in_(chunk)))})
        return out


def _bulk_insert(session: Session, table, rows: list[dict], constants: dict) -> None:  # noqa: ANN001
    """executemany straight on the DBAPI cursor: 100,000 rows without building SQLAlchemy parameters per row.

    Rows of one table can differ in their keys (a column absent from the file), so they are grouped by key set.
    """
    first = rows[0].keys()
    if all(r.keys() == first for r in rows):  # the usual case: one shape, no per-row grouping
        groups = {tuple(first): rows}
    else:
        groups = defaultdict(list)
        for row in rows:
            groups[tuple(row)].append(row)
    _insert_columns(session, table, [{k: list(map(operator.itemgetter(k), group)) for k in keys}
                                     for keys, group in groups.items()], constants)


def _insert_columns(session: Session, table, groups: list[dict[str, list]], constants: dict) -> None:  # noqa: ANN001
    """Insert rows given by column (each group: column -> values, all of one length), plus constant columns.

    The parameters are zipped from the columns; on SQLite dates go as the ISO text SQLAlchemy stores them as.
    """
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    total = sum(len(next(iter(columns.values()))) for columns in groups)
    with _sqlite_indexes_set_aside(conn, table, total) if sqlite else contextlib.nullcontext():
        for columns in groups:
            values = list(columns.values())
            if sqlite:
                values = [iso_dates(c) if isinstance(table.c[k].type, Date) else c for k, c in zip(columns, values)]
            n = len(values[0])
            fixed = [itertools.repeat(v, n) for v in constants.values()]
            insert_many(conn, table, [*columns, *constants], list(zip(*values, *fixed)))
            trace.mark(f"{table.name}: {n:,} rows inserted")


@contextlib.contextmanager
def _sqlite_indexes_set_aside(conn, table, inserting: int):  # noqa: ANN001, ANN201
    """SQLite: a large insert into a table no more than a few times its size goes faster without the table's
    secondary indexes, rebuilt afterwards (by sorting) from their own CREATE INDEX statements, all within the
    transaction: readers keep seeing the indexed table, and a rollback brings the indexes back as they were.
    Unique indexes stay, so a duplicate key still fails at its row.
    """
    name = table.name
    if inserting < 10_000:
        yield
        return
    stored = conn.exec_driver_sql(f'SELECT COUNT(*) FROM "{name}"').scalar()
    if stored > 4 * inserting:
        yield
        return
    indexes = [(index, sql) for index, sql in conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (name,))
        if not re.match(r"\s*CREATE\s+UNIQUE\b", sql, re.IGNORECASE)]
    for index, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{index}"')
    try:
        with _sqlite_page_cache(conn, MIB_64):  # CREATE INDEX sorts in memory instead of temp files
            yield
    finally:
        for _, sql in indexes:
            conn.exec_driver_sql(sql)
        trace.mark(f"{name}: indexes rebuilt")


MIB_64 = 64 << 20


@contextlib.contextmanager
def _sqlite_page_cache(conn, size: int):  # noqa: ANN001, ANN201
    """SQLite: a page cache of at least ``size`` bytes meanwhile (2 MiB by default), so that a large upload's
    dirty pages stay in memory until the commit instead of spilling into the WAL and being written again."""
    if conn.dialect.name != "sqlite":
        yield
        return
    cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()  # pages if > 0, KiB if < 0
    conn.exec_driver_sql(f"PRAGMA cache_size = {min(cache_size, -(size >> 10)) if cache_size < 0 else -(size >> 10)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return abs(float(a) - float(b)) < 1e-9
    if isinstance(a, dt.datetime):
        a = a.date()
    return a == b


def _jsonable(v: object) -> object:
    if isinstance(v, (dt.date, dt.datetime)):
        return {"__date__": v.isoformat()}
    return v


def from_jsonable(v: object) -> object:
    if isinstance(v, dict) and "__date__" in v:
        return dt.date.fromisoformat(v["__date__"][:10])
    return v


def _chunks(seq: list, size: int):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


# --- Undo ----------------------------------------------------------------------------------------


def undo_upload(engine: Engine, upload_id: int, user: str) -> dict[str, int]:
    """Revert exactly what one upload did, in one transaction; refuse when a later upload built on it."""
    from sqlalchemy import delete
    from sqlalchemy.exc import IntegrityError

    with Session(engine) as s:
        _lock(s)
        upload = s.get(M.Upload, upload_id)
        if upload is None:
            raise UndoRefused(f"Unggahan #{upload_id} tidak ditemukan.")
        if upload.outcome == "undone":
            raise UndoRefused(f"Unggahan #{upload_id} sudah dibatalkan sebelumnya.")
        if upload.outcome != "committed":
            raise UndoRefused(f"Unggahan #{upload_id} tidak menyimpan data apa pun (status: {upload.outcome}).")
        later: set[int] = set()
        for model in M.TRACED_TABLES:
            for (uid,) in s.execute(select(model.upload_id).where(model.created_upload_id == upload_id,
                                                                  model.upload_id != upload_id).distinct()):
                later.add(uid)
        changes = list(s.scalars(select(M.UploadChange).where(M.UploadChange.upload_id == upload_id)
                                 .order_by(M.UploadChange.id.desc())))
        tables = {m.__tablename__: m for m in M.TRACED_TABLES}
        for ch in changes:
            model = tables[ch.table_name]
            uid = s.execute(select(model.upload_id).where(model.id == ch.row_id)).scalar_one_or_none()
            if uid is not None and uid != upload_id:
                later.add(uid)
        if later:
            names = ", ".join(f"#{u}" for u in sorted(later))
            raise UndoRefused(f"Unggahan #{upload_id} tidak dapat dibatalkan karena sebagian datanya sudah diubah "
                              f"oleh unggahan yang lebih baru ({names}). Batalkan unggahan itu terlebih dahulu.")
        counts = {"restored": 0, "deleted": 0}
        touched = tally.members_touched_by(s, upload_id)
        try:
            for ch in changes:
                model = tables[ch.table_name]
                before = {k: from_jsonable(v) for k, v in json.loads(ch.before_json).items()}
                s.execute(update(model).where(model.id == ch.row_id).values(**before))
                counts["restored"] += 1
            for model in reversed(M.TRACED_TABLES):
                res = s.execute(delete(model).where(model.created_upload_id == upload_id))
                counts["deleted"] += res.rowcount or 0
            s.flush()
            tally.rebuild(s, touched)
        except IntegrityError:
            s.rollback()
            raise UndoRefused(f"Unggahan #{upload_id} tidak dapat dibatalkan: data yang ditambahkannya sudah dipakai "
                              "oleh unggahan lain (misalnya kehadiran atau kontribusi anggota baru). Batalkan unggahan "
                              "yang lebih baru terlebih dahulu.") from None
        upload.outcome = "undone"
        upload.undone_at = M.utcnow()
        upload.undone_by = user
        audit.record(s, user, "upload.undo", f"#{upload_id} {upload.filename}: {counts['deleted']} dihapus, "
                                             f"{counts['restored']} dikembalikan")
        bump_data_version(s)
        s.commit()
        return counts
