"""Load one recap workbook: read, validate everything, then write it in one transaction, traced to its upload.

``load_file`` is what the CLI and the upload page call. With any error nothing is written; otherwise every
sheet is upserted by its natural key (loading the same file twice changes nothing), the upload is logged,
the original bytes are archived by hash, and ``undo_upload`` can revert exactly what it did.
"""
from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, insert, select, text, update
from sqlalchemy.orm import Session

from core import audit
from core import derived, tally, trace
from core.i18n import LOADER as T
from core import models as M
from core.settings import Settings, private_dir, write_private
from core.values import fold
from loaders import profiles
from loaders import sheets as S
from loaders.bulk import MIB_64, gc_paused, sqlite_page_cache
from loaders.detect import Detection, detect
from loaders.error_groups import group_errors, suspect_sheets
from loaders.identity import DEMO_USER, Decision, demo_uploads
from loaders.inflight import Claim, claim_upload, recover_interrupted, retry_when_busy
from loaders.parse import Issue, ParsedSheet, SheetMapping, Vocab, parse_sheet, skip_summary
from loaders.reader import FileRefused, PendingRead, read_workbook
from loaders.resolve import Resolver
from loaders.write import Writer, from_jsonable

KIND_ORDER = ("members", "recommendations", "activities", "evaluations", "attendance", "contributions")


@dataclass
class SheetCounts:
    kind: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skips: dict[str, int] = field(default_factory=dict)  # rows that are not records, by why (loaders/layout.py)
    note: str | None = None  # the same in words: `63 orang; 63 baris NIP digabung; 9 judul unit dilewati`

    def as_dict(self) -> dict:
        out = {"kind": self.kind, "inserted": self.inserted, "updated": self.updated,
               "unchanged": self.unchanged, "skipped": self.skipped}
        if self.skips:  # only real-world layouts skip such rows; the template's report keeps its shape
            out["skips"], out["note"] = self.skips, self.note
        return out


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
    decisions: list[Decision] = field(default_factory=list)  # open: nothing is written until they are answered
    people: dict[str, int] = field(default_factory=dict)  # how the people named were found (loaders/identity.py)
    unclear_sheets: list[Detection] = field(default_factory=list)  # data of an unclear kind: the load stops
    detected_sheets: dict[str, dict] = field(default_factory=dict)  # sheets taken by content: kind, confidence
    demo_removed: int | None = None  # rows of the demo data removed in this upload's transaction (replace_demo)
    profiles_used: dict[str, str] = field(default_factory=dict)  # sheet -> the mapping profile that read it
    profiles_saved: list[str] = field(default_factory=list)  # sheets whose mapping this load saved as a profile
    guests: list[dict] = field(default_factory=list)  # people of meeting lists no member is: stored, never scored
    rows_read: dict[str, list[int]] = field(default_factory=dict)  # sheet -> its records' rows (suspect sheets)
    meeting_lists: list[str] = field(default_factory=list)  # sheets read as meeting lists (not in the JSON)

    @property
    def exit_code(self) -> int:
        return 2 if self.refused else (0 if self.ok else 1)

    def as_dict(self) -> dict:
        groups = group_errors(self.errors) if self.errors else []
        return {
            "ok": self.ok,
            "upload_id": self.upload_id,
            "dry_run": self.dry_run,
            "sheets": {name: c.as_dict() for name, c in self.sheets.items()},
            "errors": [e.as_dict() for e in self.errors],
            "error_groups": groups,
            "suspect_sheets": suspect_sheets(self.errors, self.rows_read, groups) if self.errors else [],
            "warnings": [w.as_dict() for w in self.warnings],
            "ignored_sheets": self.ignored_sheets,
            "ignored_columns": self.ignored_columns,
            "decisions": [d.as_dict() for d in self.decisions],
            "guests": self.guests,
            "people": self.people,
            "unclear_sheets": [d.as_dict() for d in self.unclear_sheets],
            "detected_sheets": self.detected_sheets,
            "profiles_used": self.profiles_used,
        }


class UndoRefused(Exception):
    """The upload cannot be undone; ``str(exc)`` says why, in Bahasa Indonesia."""


# --- Entry point ---------------------------------------------------------------------------------


@gc_paused
def load_file(engine: Engine, settings: Settings, data: bytes, filename: str, user: str,
              dry_run: bool = False, reading: PendingRead | None = None,
              decisions: dict[str, str] | None = None,
              mapping: dict[str, SheetMapping] | None = None, replace_demo: bool = False,
              save_profile: str | None = None) -> LoadReport:
    """A dry run writes nothing. Otherwise the upload is logged as ``processing`` first (committed on its own,
    see loaders/inflight.py) and that log row becomes ``committed`` in the data's transaction, or ``rejected``,
    ``refused``, or (when this process dies or fails on the way) ``interrupted``.

    ``reading``: the same ``data`` already being parsed (``start_reading``), e.g. while the CLI migrated.
    ``decisions``: the clerk's answers to the questions a previous run asked (``LoadReport.decisions``), by the
    decision's id (``SHEET!ROW``): a member's ``#id`` or code, ``new`` / ``new:UNSUR``, or ``guest``. A load
    that leaves a question open writes nothing. ``mapping``: the clerk's reading of some sheets, by name
    (``pokja load --mapping``, loaders/inspect.py); the others are read as inspect reads them. ``replace_demo``:
    the demo data (every row its uploads created, and the weekly snapshots) goes in the same transaction, before
    the file's rows are matched (a demo member is never a match). ``save_profile``: a committed load stores the
    ``mapping`` of each sheet it names as that profile (loaders/profiles.py), in the same transaction."""
    sha = hashlib.sha256(data).hexdigest()
    if dry_run:
        return _load_file(engine, settings, data, sha, filename, user, None, reading, decisions, mapping,
                          replace_demo, save_profile)
    recover_interrupted(engine)
    claim = claim_upload(engine, filename, sha, len(data), user)
    try:
        return _load_file(engine, settings, data, sha, filename, user, claim, reading, decisions, mapping,
                          replace_demo, save_profile)
    except BaseException as exc:
        claim.fail(exc)
        raise
    finally:
        claim.release()


def _load_file(engine: Engine, settings: Settings, data: bytes, sha: str, filename: str, user: str,
               claim: Claim | None, reading: PendingRead | None = None,
               decisions: dict[str, str] | None = None,
               mapping: dict[str, SheetMapping] | None = None, replace_demo: bool = False,
               save_profile: str | None = None) -> LoadReport:
    dry_run = claim is None
    report = LoadReport(filename=filename, dry_run=dry_run)
    try:
        trace.mark("waiting for the reader")
        if reading is not None:
            workbook = reading.result()
        else:
            workbook = read_workbook(data, filename, settings.limits)  # every sheet: its content decides
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
        stored_codes: frozenset[str] | None = None
        mapping = dict(mapping or {})
        any_profile = session.scalar(select(M.MappingProfile.id).limit(1)) is not None
        for name in workbook.sheet_names:
            sheet = workbook.sheets.get(name)
            if sheet is None:
                report.ignored_sheets.append(name)
                continue
            if any_profile and name not in mapping and S.match_sheet(name) is None:
                found_profile = profiles.find(session, sheet)
                if found_profile is not None:  # a layout the clerk mapped before: read it the same way
                    report.profiles_used[name], mapping[name] = found_profile
            chosen = mapping.get(name)
            if chosen is not None:  # the clerk's reading: its kind, null to ignore the sheet
                if chosen.kind is None:
                    report.ignored_sheets.append(name)
                    continue
                report.sheets[name] = SheetCounts(chosen.kind)
                matched.append((sheet, S.SPEC_BY_KIND[chosen.kind]))
                continue
            if S.match_sheet(name) is None and stored_codes is None:
                stored_codes = _activity_codes(session, [])
            found = detect(sheet, vocab, stored_codes or frozenset())
            if found.spec is None:
                if found.unclear:
                    report.unclear_sheets.append(found)
                    shown = ", ".join(f"{S.SPEC_BY_KIND[g.kind].name} ({g.confidence:.0%})" for g in found.guesses)
                    report.errors.append(Issue(name, None, None, None, T["unclear_sheet"].format(name=name, guesses=shown)))
                else:
                    report.ignored_sheets.append(name)
                continue
            if not found.by_name:
                report.detected_sheets[name] = {"kind": found.spec.kind, "confidence": round(found.confidence, 2)}
            report.sheets[name] = SheetCounts(found.spec.kind)
            matched.append((sheet, found.spec))
        # Attendance last: a matrix header may name activities by the codes the other sheets define.
        for sheet, spec in sorted(matched, key=lambda m: m[1].kind == "attendance"):
            if spec.kind == "attendance" and not dry_run:
                lock_for_writing(session)  # the stored activity codes are read next: under the write lock (see below)
            codes = _activity_codes(session, parsed) if spec.kind == "attendance" else frozenset()
            ps = parse_sheet(sheet, spec, vocab, report.errors, report.warnings, codes, mapping.get(sheet.name))
            parsed.append(ps)
            if ps.meeting_list:
                report.meeting_lists.append(ps.name)
            counts = report.sheets[sheet.name]
            counts.skipped, counts.skips, counts.note = ps.skipped, dict(ps.skips), skip_summary(ps)
            if ps.ignored_columns:
                report.ignored_columns[sheet.name] = ps.ignored_columns
        for name in sorted(set(mapping or {}) - set(workbook.sheet_names)):
            report.errors.append(Issue(name, None, None, None, T["mapped_sheet_missing"].format(name=name)))
        trace.mark("parsed")
        if not parsed and not report.errors:
            accepted = ", ".join(s.name for s in S.SPECS)
            report.errors.append(Issue(None, None, None, None, T["no_known_sheet"].format(accepted=accepted)))

        if not dry_run:
            # Take the write lock before reading what is stored, so the diff is exact under concurrency.
            lock_for_writing(session)
        if replace_demo:
            report.demo_removed = remove_demo(session, user)
        # a real upload's rows never attach to demo members kept beside it (loaders/identity.py People)
        resolved = Resolver(session, vocab, report, decisions, apart_demo=user != DEMO_USER).resolve(parsed)
        trace.mark("resolved")
        if report.errors or report.decisions:
            report.rows_read = {ps.name: ps.rows for ps in parsed}
            session.rollback()
            if not dry_run:
                _record_failure(engine, settings, data, claim.upload_id, filename, user, "rejected", report)
            return report
        if dry_run:
            Writer(session, resolved, report, None, diff_only=True).apply()
            session.rollback()
            report.ok = True
            return report

        upload = session.get(M.Upload, claim.upload_id)
        upload.outcome = "committed"
        upload.archive_path = _archive(settings, data, sha, filename)
        writer = Writer(session, resolved, report, upload.id)
        with sqlite_page_cache(session.connection(), MIB_64):
            writer.apply()
            trace.mark("applied (bulk inserts pending)")
            # The new contributions are inserted while their running totals are summed (tally.rebuild).
            derived.after_change(session, writer.new.touched(session), new=writer.new, pending=writer.write_pending)
            writer.write_pending()  # nothing left when rebuild ran it
            upload.counts_json = json.dumps({n: c.as_dict() for n, c in report.sheets.items()})
            upload.message = _summary(report)
            audit.record(session, user, "upload.commit", f"#{upload.id} {filename}: {upload.message}")
            if save_profile:
                for ps in parsed:
                    if ps.name in mapping and ps.name not in report.profiles_used:
                        profiles.save(session, save_profile, workbook.sheets[ps.name], mapping[ps.name],
                                      ps.header_rows, user)
                        report.profiles_saved.append(ps.name)
        session.commit()
        trace.mark("committed")
        report.upload_id = upload.id
        report.ok = True
        return report


DEMO_REFUSED = T["demo_refused"]


def demo_loaded(engine: Engine) -> bool:
    """Rows written by the demo upload are stored (dashboard.queries.is_demo asks the same for the banner)."""
    from sqlalchemy import func

    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(M.Member)
                              .where(M.Member.created_upload_id.in_(demo_uploads()))) > 0


def remove_demo(session: Session, user: str) -> int:
    """Delete every row the demo uploads created (but the organizations and working groups real members kept
    beside it belong to) and every weekly snapshot (frozen while the demo was there),
    mark those uploads undone, and recompute the running totals of their members; the caller's transaction
    commits or drops it with its own writes. Returns the rows deleted."""
    from sqlalchemy import delete

    demo = list(session.scalars(select(M.Upload).where(M.Upload.uploaded_by == DEMO_USER,
                                                       M.Upload.outcome == "committed")))
    if not demo:
        return 0
    ids = [u.id for u in demo]
    touched: set[int] = set()
    for uid in ids:
        touched |= tally.members_touched_by(session, uid)
    deleted = 0
    # an organization or working group a real member kept beside the demo belongs to stays (the directory)
    real = select(M.Member).where(M.Member.created_upload_id.not_in(ids))
    shared = {M.Organization: real.with_only_columns(M.Member.organization_id),
              M.WorkingGroup: real.with_only_columns(M.Member.working_group_id)
              .where(M.Member.working_group_id.is_not(None))}
    for model in reversed(M.TRACED_TABLES):
        doomed = model.created_upload_id.in_(ids)
        if model in shared:
            doomed = doomed & model.id.not_in(shared[model])
        deleted += session.execute(delete(model).where(doomed)).rowcount or 0
    for model in (M.SnapshotMember, M.SnapshotRecommendation, M.Snapshot):
        session.execute(delete(model))
    for u in demo:
        u.outcome, u.undone_at, u.undone_by = "undone", M.utcnow(), user
    session.flush()
    tally.rebuild(session, touched)
    audit.record(session, user, "upload.undo", T["demo_removed_audit"].format(n=deleted))
    return deleted


def _activity_codes(session: Session, parsed: list[ParsedSheet]) -> frozenset[str]:
    codes = {fold(c) for c in session.scalars(select(M.Activity.code).where(M.Activity.code.is_not(None)))}
    codes |= {fold(r.values["code"]) for ps in parsed if ps.spec.kind == "activities" for r in ps.records
              if r.values.get("code")}
    return frozenset(codes)


def lock_for_writing(session: Session) -> None:
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
            upload.message = report.errors[0].message if report.errors else (
                f"{len(report.decisions)} keputusan menunggu jawaban" if report.decisions else None)
            upload.counts_json = json.dumps({n: c.as_dict() for n, c in report.sheets.items()})
            audit.record(session, user, f"upload.{outcome}", f"{filename}: {upload.message or ''}")

    retry_when_busy(record)


# --- Undo ----------------------------------------------------------------------------------------


def undo_upload(engine: Engine, upload_id: int, user: str) -> dict[str, int]:
    """Revert exactly what one upload did, in one transaction; refuse when a later upload built on it."""
    from sqlalchemy import delete
    from sqlalchemy.exc import IntegrityError

    with Session(engine) as s:
        lock_for_writing(s)
        upload = s.get(M.Upload, upload_id)
        if upload is None:
            raise UndoRefused(T["undo_not_found"].format(id=upload_id))
        if upload.outcome == "undone":
            raise UndoRefused(T["undo_already"].format(id=upload_id))
        if upload.outcome != "committed":
            raise UndoRefused(T["undo_nothing_stored"].format(id=upload_id, outcome=upload.outcome))
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
            raise UndoRefused(T["undo_changed_later"].format(id=upload_id, later=names))
        counts = {"restored": 0, "deleted": 0}
        touched = tally.members_touched_by(s, upload_id)
        try:
            # rows the entry deleted (a merge deletes the member or organization it merged, and duplicate
            # records) come back first, parents before the rows that refer to them
            befores = [(ch, {k: from_jsonable(v) for k, v in json.loads(ch.before_json).items()}) for ch in changes]
            order = {m.__tablename__: i for i, m in enumerate(M.TRACED_TABLES)}
            deleted = sorted(((ch, b) for ch, b in befores if b.pop("__deleted__", False)),
                             key=lambda cb: order[cb[0].table_name])
            for ch, before in deleted:
                s.execute(insert(tables[ch.table_name]).values(**before))
                counts["restored"] += 1
            for ch, before in befores:
                if any(ch is d for d, _ in deleted):
                    continue
                model = tables[ch.table_name]
                s.execute(update(model).where(model.id == ch.row_id).values(**before))
                counts["restored"] += 1
            for model in reversed(M.TRACED_TABLES):
                res = s.execute(delete(model).where(model.created_upload_id == upload_id))
                counts["deleted"] += res.rowcount or 0
            s.flush()
        except IntegrityError:
            s.rollback()
            raise UndoRefused(T["undo_used_later"].format(id=upload_id)) from None
        upload.outcome = "undone"
        upload.undone_at = M.utcnow()
        upload.undone_by = user
        audit.record(s, user, "upload.undo", T["undo_audit"].format(id=upload_id, filename=upload.filename,
                                                                     deleted=counts["deleted"], restored=counts["restored"]))
        derived.after_change(s, touched)
        s.commit()
        return counts
