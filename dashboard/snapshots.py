"""Weekly snapshots: freeze one ISO week (WITA) into snapshot tables, and export it for printing and reuse.

A snapshot is a fact: taking the same week again reports the existing one and writes nothing unless forced
(and a forced replacement is written to the audit trail). Exports write every user-supplied text as text,
never as a formula (OWASP CSV injection), in the xlsx and in the CSVs.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit, i18n
from core import models as M
from core import reference as ref
from core.db import data_version
from core.periods import week_bounds, week_of
from dashboard.queries import (
    latest_evaluation,
    member_scores,
    participation_summary,
    recommendation_summary,
    today_wita,
)

def last_completed_week(today: dt.date | None = None) -> str:
    today = today or today_wita()
    return week_of(today - dt.timedelta(days=today.weekday() + 1))


def weeks_between(first: str, last: str) -> list[str]:
    """ISO weeks from first to last inclusive."""
    start, _ = week_bounds(first)
    end, _ = week_bounds(last)
    out = []
    while start <= end:
        out.append(week_of(start))
        start += dt.timedelta(days=7)
    return out


# --- Freezing ------------------------------------------------------------------------------------


@dataclass
class SnapshotResult:
    week: str
    created: bool
    snapshot_id: int
    replaced: bool = False


def build_week(session: Session, week: str) -> dict:
    """Everything a snapshot holds, computed live (also used to export the current week on demand)."""
    start, end = week_bounds(week)
    ytd_start = dt.date(end.year, 1, 1)
    weekly = {r["member_id"]: r for r in member_scores(session, start, end)}
    ytd = member_scores(session, ytd_start, end)
    members = []
    for r in ytd:
        w = weekly.get(r["member_id"], {})
        members.append({
            "member_id": r["member_id"], "code": r["code"], "name": r["name"], "organization": r["organization"],
            "sector": r["sector"], "internal": r["internal"],
            "week_score": w.get("score", 0.0), "week_rank": w.get("rank", 0), "week_standing": w.get("standing", ""),
            "week_attendance_rate": w.get("attendance_rate"), "week_contributions": w.get("contributions", 0),
            "ytd_score": r["score"], "ytd_rank": r["rank"], "ytd_standing": r["standing"],
            "ytd_attendance_rate": r["attendance_rate"], "ytd_contributions": r["contributions"],
        })
    recs = recommendation_summary(session, today=end)
    headline = {
        "week": week, "week_start": start.isoformat(), "week_end": end.isoformat(),
        "week_participation": participation_summary(session, start, end),
        "ytd_participation": participation_summary(session, ytd_start, end),
        "completion": recs["completion"], "status_counts": recs["status_counts"], "overdue": recs["overdue"],
    }
    recommendations = [{
        "code": i["code"], "source": i["source"], "year": i["year"], "text": i["text"], "status": i["status"],
        "progress": i["progress"], "target": dt.date.fromisoformat(i["target"]) if i["target"] else None,
        "overdue": i["overdue"], "evidence": i["evidence"],
    } for i in recs["items"]]
    return {"week": week, "start": start, "end": end, "headline": headline, "members": members,
            "recommendations": recommendations, "evaluation": latest_evaluation(session)}


def take_snapshot(engine: Engine, week: str, user: str, force: bool = False) -> SnapshotResult:
    week_bounds(week)  # validates
    with Session(engine) as s:
        existing = s.scalar(select(M.Snapshot).where(M.Snapshot.week == week))
        if existing is not None and not force:
            return SnapshotResult(week, False, existing.id)
        # One writer at a time (several app workers may try the scheduled snapshot at once).
        s.execute(text("UPDATE app_state SET value = value WHERE key = 'data_version'"))
        existing = s.scalar(select(M.Snapshot).where(M.Snapshot.week == week))
        if existing is not None and not force:
            s.rollback()
            return SnapshotResult(week, False, existing.id)
        replaced = existing is not None
        if replaced:
            old_id = existing.id
            s.execute(delete(M.SnapshotMember).where(M.SnapshotMember.snapshot_id == old_id))
            s.execute(delete(M.SnapshotRecommendation).where(M.SnapshotRecommendation.snapshot_id == old_id))
            s.delete(existing)
            s.flush()
        data = build_week(s, week)
        snap = M.Snapshot(week=week, week_start=data["start"], week_end=data["end"], created_by=user,
                          data_version=data_version(s), headline_json=json.dumps(data["headline"]),
                          evaluation_json=json.dumps(data["evaluation"]))
        s.add(snap)
        s.flush()
        if data["members"]:
            s.execute(M.SnapshotMember.__table__.insert(), [{**m, "snapshot_id": snap.id} for m in data["members"]])
        if data["recommendations"]:
            s.execute(M.SnapshotRecommendation.__table__.insert(),
                      [{**r, "snapshot_id": snap.id} for r in data["recommendations"]])
        audit.record(s, user, "snapshot.replace" if replaced else "snapshot.create",
                     f"{week}" + (f" (menggantikan snapshot #{old_id})" if replaced else ""))
        try:
            s.commit()
        except IntegrityError:  # another worker froze the same week a moment earlier
            s.rollback()
            other = s.scalar(select(M.Snapshot.id).where(M.Snapshot.week == week))
            return SnapshotResult(week, False, other)
        return SnapshotResult(week, True, snap.id, replaced)


def catch_up(engine: Engine, user: str = "jadwal", today: dt.date | None = None) -> list[SnapshotResult]:
    """Freeze every completed week since the newest snapshot (or just the last completed week)."""
    last = last_completed_week(today)
    with Session(engine) as s:
        newest = s.scalar(select(M.Snapshot.week).order_by(M.Snapshot.week_start.desc()).limit(1))
    weeks = [last] if newest is None else [w for w in weeks_between(newest, last) if w != newest]
    return [take_snapshot(engine, w, user) for w in weeks]


# The label of a week frozen after the fact (`pokja snapshot --backfill`), after the user in created_by: its figures
# are today's data and rules over that week's dated records, not what the dashboard showed that week.
BACKFILLED = "(diisi mundur)"


def backfill(engine: Engine, first_week: str, user: str, today: dt.date | None = None) -> list[SnapshotResult]:
    """Freeze every completed week from ``first_week`` on that has no snapshot yet, each once (a week already
    frozen is reported and left as it is), labelled BACKFILLED. ValueError for a malformed week."""
    week_bounds(first_week)  # validates
    last = last_completed_week(today)
    if week_bounds(first_week)[0] > week_bounds(last)[0]:
        return []
    return [take_snapshot(engine, w, f"{user} {BACKFILLED}"[:100]) for w in weeks_between(first_week, last)]


def stored_week(session: Session, week: str) -> dict | None:
    """A frozen snapshot read back in the same shape as build_week."""
    snap = session.scalar(select(M.Snapshot).where(M.Snapshot.week == week))
    if snap is None:
        return None
    cols = [c.name for c in M.SnapshotMember.__table__.columns if c.name not in ("id", "snapshot_id")]
    members = [{c: getattr(m, c) for c in cols} for m in session.scalars(
        select(M.SnapshotMember).where(M.SnapshotMember.snapshot_id == snap.id).order_by(M.SnapshotMember.ytd_rank,
                                                                                         M.SnapshotMember.name))]
    rcols = [c.name for c in M.SnapshotRecommendation.__table__.columns if c.name not in ("id", "snapshot_id")]
    recs = [{c: getattr(r, c) for c in rcols} for r in session.scalars(
        select(M.SnapshotRecommendation).where(M.SnapshotRecommendation.snapshot_id == snap.id)
        .order_by(M.SnapshotRecommendation.year, M.SnapshotRecommendation.code))]
    return {"week": snap.week, "start": snap.week_start, "end": snap.week_end,
            "headline": json.loads(snap.headline_json), "members": members, "recommendations": recs,
            "evaluation": json.loads(snap.evaluation_json), "created_at": snap.created_at, "created_by": snap.created_by}


def previous_week_data(session: Session, week: str) -> dict | None:
    start, _ = week_bounds(week)
    prev = session.scalar(select(M.Snapshot.week).where(M.Snapshot.week_start < start)
                          .order_by(M.Snapshot.week_start.desc()).limit(1))
    return stored_week(session, prev) if prev else None


def rank_trend(session: Session, up_to: dt.date | None = None) -> tuple[list[str], dict[int, dict]]:
    """Year-to-date rank of every member per snapshot week: (weeks, {member_id: {name, ranks: {week: rank}}})."""
    q = select(M.Snapshot.week, M.SnapshotMember.member_id, M.SnapshotMember.name, M.SnapshotMember.ytd_rank) \
        .join(M.Snapshot, M.Snapshot.id == M.SnapshotMember.snapshot_id).order_by(M.Snapshot.week_start)
    if up_to is not None:
        q = q.where(M.Snapshot.week_start <= up_to)
    weeks: list[str] = []
    members: dict[int, dict] = {}
    for week, mid, name, rank in session.execute(q):
        if not weeks or weeks[-1] != week:
            weeks.append(week)
        members.setdefault(mid, {"name": name, "ranks": {}})["ranks"][week] = rank
    return weeks, members


def changes(current: dict, previous: dict | None) -> dict:
    """Week over week: rank moves, new contributors, members who fell to Belum Berkontribusi, status changes."""
    if previous is None:
        return {"moves": [], "new_contributors": [], "fell": [], "status_changes": []}
    before = {m["member_id"]: m for m in previous["members"]}
    moves, new, fell = [], [], []
    for m in current["members"]:
        b = before.get(m["member_id"])
        if b is None:
            continue
        if b["ytd_rank"] != m["ytd_rank"]:
            moves.append({**m, "previous_rank": b["ytd_rank"], "change": b["ytd_rank"] - m["ytd_rank"]})
        if m["ytd_standing"] == ref.CONTRIBUTING and b["ytd_standing"] != ref.CONTRIBUTING:
            new.append(m)
        if m["ytd_standing"] == ref.NOT_CONTRIBUTING and b["ytd_standing"] != ref.NOT_CONTRIBUTING:
            fell.append({**m, "previous_standing": b["ytd_standing"]})
    moves.sort(key=lambda x: (-abs(x["change"]), x["ytd_rank"]))
    prev_recs = {r["code"]: r for r in previous["recommendations"]}
    status_changes = [{**r, "previous_status": prev_recs[r["code"]]["status"]} for r in current["recommendations"]
                      if r["code"] in prev_recs and prev_recs[r["code"]]["status"] != r["status"]]
    return {"moves": moves, "new_contributors": new, "fell": fell, "status_changes": status_changes}


# --- Export --------------------------------------------------------------------------------------

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F5")


def csv_safe(value: object) -> object:
    """OWASP: a CSV cell starting with = + - @ tab CR LF is prefixed with ' so no spreadsheet evaluates it."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


@dataclass
class Table:
    sheet: str
    columns: list[tuple[str, str, str]]  # (header, key, format: text|int|score|rate|date|bool)
    rows: list[dict]


def _tables(data: dict, previous: dict | None, trend: tuple[list[str], dict[int, dict]]) -> list[Table]:
    h = data["headline"]
    ytd = h["ytd_participation"]
    wk = h["week_participation"]
    ev = data["evaluation"] or {}
    X, C = i18n.SNAPSHOT_EXPORT["summary"], i18n.SNAPSHOT_EXPORT["columns"]
    summary = [
        (X["week"], f"{data['week']} ({i18n.format_date(data['start'])} – {i18n.format_date(data['end'])})"),
        (X["members"], ytd["members"]),
        (X["internal_members"], ytd["internal_members"]),
        (X["external_members"], ytd["external_members"]),
        (X["week_internal"], wk["internal_attendance_rate"]),
        (X["week_external"], wk["external_attendance_rate"]),
        (X["ytd_internal"], ytd["internal_attendance_rate"]),
        (X["ytd_external"], ytd["external_attendance_rate"]),
        *[(X["standing"].format(standing=k), v) for k, v in ytd["standings"].items()],
        (X["completion"], h["completion"]),
        *[(X["status"].format(status=k), v) for k, v in h["status_counts"].items()],
        (X["overdue"], h["overdue"]),
        (X["evaluation"],
         X["evaluation_value"].format(rank=ev.get("rank"), field_size=ev.get("field_size"), year=ev.get("year"))
         if ev else "-"),
    ]
    rate_rows = {X[k] for k in ("week_internal", "week_external", "ytd_internal", "ytd_external", "completion")}
    member_cols = [(C["rank"], "ytd_rank", "int"), (C["code"], "code", "text"), (C["name"], "name", "text"),
                   (C["organization"], "organization", "text"), (C["sector"], "sector", "text"),
                   (C["ytd_score"], "ytd_score", "score"), (C["attendance"], "ytd_attendance_rate", "rate"),
                   (C["contributions"], "ytd_contributions", "int"), (C["status"], "ytd_standing", "text"),
                   (C["week_score"], "week_score", "score"), (C["week_contributions"], "week_contributions", "int")]
    members = data["members"]
    # Belum Diundang (never invited this year) is no one to correct; a snapshot frozen before that standing
    # existed keeps its members under Belum Berkontribusi, and so on this sheet.
    order = {standing: i for i, standing in enumerate(ref.CORRECTION_STANDINGS)}
    correction = sorted((m for m in members if m["ytd_standing"] in order),
                        key=lambda m: (order[m["ytd_standing"]], m["name"]))
    weeks, trend_members = trend
    trend_rows = [{"name": v["name"], **{w: v["ranks"].get(w) for w in weeks}}
                  for _, v in sorted(trend_members.items(), key=lambda kv: kv[1]["name"])]
    ch = changes(data, previous)
    W, N = i18n.SNAPSHOT_EXPORT["changes"], i18n.SNAPSHOT_EXPORT["sheets"]
    change_rows = (
        [{"what": W["rank"], "name": m["name"], "organization": m["organization"],
          "before": str(m["previous_rank"]), "after": str(m["ytd_rank"]),
          "note": W["up" if m["change"] > 0 else "down"].format(n=abs(m["change"]))} for m in ch["moves"]]
        + [{"what": W["new"], "name": m["name"], "organization": m["organization"], "before": "",
            "after": m["ytd_standing"], "note": ""} for m in ch["new_contributors"]]
        + [{"what": W["fell"], "name": m["name"], "organization": m["organization"],
            "before": m["previous_standing"], "after": m["ytd_standing"], "note": ""} for m in ch["fell"]]
        + [{"what": W["status"], "name": r["code"], "organization": r["text"],
            "before": r["previous_status"], "after": r["status"], "note": ""} for r in ch["status_changes"]]
    )
    return [
        Table(N["summary"], [(C["label"], "label", "text"), (C["value"], "value", "auto")],
              [{"label": k, "value": v, "_fmt": "rate" if k in rate_rows else None} for k, v in summary]),
        Table(N["members"], member_cols, members),
        Table(N["appreciation"], member_cols, [m for m in members if m["ytd_standing"] == ref.CONTRIBUTING]),
        Table(N["correction"], member_cols, correction),
        Table(N["recommendations"], [(C["code"], "code", "text"), (C["source"], "source", "text"),
                                     (C["text"], "text", "text"), (C["status"], "status", "text"),
                                     (C["progress"], "progress", "rate"), (C["target"], "target", "date"),
                                     (C["overdue"], "overdue", "bool"), (C["evidence"], "evidence", "int")],
              data["recommendations"]),
        Table(N["trend"], [(C["name"], "name", "text")] + [(w, w, "int") for w in weeks], trend_rows),
        Table(N["changes"], [(C["what"], "what", "text"), (C["name_code"], "name", "text"),
                             (C["organization_text"], "organization", "text"), (C["before"], "before", "text"),
                             (C["after"], "after", "text"), (C["note"], "note", "text")], change_rows),
    ]


NUMBER_FORMATS = {"int": "#,##0", "score": "#,##0.0", "rate": "0.0%"}


def _write_cell(ws, row: int, col: int, value: object, fmt: str) -> None:  # noqa: ANN001
    cell = ws.cell(row=row, column=col)
    if value is None:
        return
    if fmt == "date" and isinstance(value, dt.date):
        cell.value = i18n.format_date(value)
        cell.data_type = "s"
    elif fmt == "bool":
        cell.value = "Ya" if value else "Tidak"
    elif isinstance(value, bool):
        cell.value = "Ya" if value else "Tidak"
    elif isinstance(value, (int, float)):
        cell.value = value
        if fmt in NUMBER_FORMATS:
            cell.number_format = NUMBER_FORMATS[fmt]
    else:
        # openpyxl turns a string starting with "=" into a formula; force every text to be a string cell.
        cell.value = str(value)
        cell.data_type = "s"


def write_xlsx(tables: list[Table], path: Path, title: str) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for t in tables:
        ws = wb.create_sheet(t.sheet)
        for j, (header, _key, _fmt) in enumerate(t.columns, start=1):
            c = ws.cell(row=1, column=j, value=header)
            c.data_type = "s"
            c.font = Font(bold=True)
            c.fill = HEADER_FILL
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for i, row in enumerate(t.rows, start=2):
            for j, (_header, key, fmt) in enumerate(t.columns, start=1):
                _write_cell(ws, i, j, row.get(key), row.get("_fmt") or fmt)
        for j, (header, key, _fmt) in enumerate(t.columns, start=1):
            longest = max([len(str(header))] + [len(str(r.get(key) or "")) for r in t.rows[:500]])
            ws.column_dimensions[get_column_letter(j)].width = min(max(8, longest + 2), 60)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddHeader.center.text = title
        ws.oddFooter.right.text = "Halaman &P dari &N"
    wb.save(path)


def write_csvs(tables: list[Table], folder: Path, stem: str) -> list[Path]:
    paths = []
    for t in tables:
        path = folder / f"{stem}-{re.sub(r'[^a-z0-9]+', '-', t.sheet.casefold()).strip('-')}.csv"
        with path.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow([h for h, _, _ in t.columns])
            for row in t.rows:
                out = []
                for _h, key, fmt in t.columns:
                    v = row.get(key)
                    if isinstance(v, dt.date):
                        v = v.isoformat()
                    elif isinstance(v, bool) or fmt == "bool":
                        v = "Ya" if v else "Tidak"
                    out.append(csv_safe(v))
                w.writerow(out)
        paths.append(path)
    return paths


def export_week(engine: Engine, week: str, out_dir: Path, live: bool = False) -> list[Path]:
    """Write rekap-mingguan-<week>.xlsx and one CSV per table. ``live`` exports without freezing."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with Session(engine) as s:
        data = build_week(s, week) if live else stored_week(s, week)
        if data is None:
            raise ValueError(i18n.SNAPSHOT_EXPORT["not_found"].format(week=week))
        previous = previous_week_data(s, week)
        trend = rank_trend(s, up_to=data["start"])
    if live:
        weeks, members = trend
        weeks = weeks + [week]
        for m in data["members"]:
            members.setdefault(m["member_id"], {"name": m["name"], "ranks": {}})["ranks"][week] = m["ytd_rank"]
        trend = (weeks, members)
    stem = f"rekap-mingguan-{week}" + ("-sementara" if live else "")
    tables = _tables(data, previous, trend)
    xlsx = out_dir / f"{stem}.xlsx"
    title = i18n.SNAPSHOT_EXPORT["title"].format(week=week) + (i18n.SNAPSHOT_EXPORT["provisional"] if live else "")
    write_xlsx(tables, xlsx, title)
    return [xlsx, *write_csvs(tables, out_dir, stem)]


def snapshot_rows(engine: Engine) -> list[dict]:
    with Session(engine) as s:
        return [{"week": w.week, "start": w.week_start, "end": w.week_end, "created_at": w.created_at,
                 "created_by": w.created_by}
                for w in s.scalars(select(M.Snapshot).order_by(M.Snapshot.week_start.desc()))]


def export_bytes(engine: Engine, week: str, kind: str, live: bool = False) -> tuple[bytes, str]:
    """The week's xlsx, or all its CSVs in one zip, built into a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = export_week(engine, week, Path(tmp), live=live)
        if kind == "xlsx":
            return paths[0].read_bytes(), paths[0].name
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in paths[1:]:
                zf.write(p, p.name)
        return buf.getvalue(), paths[0].stem + "-csv.zip"


# --- Schedule inside the app ----------------------------------------------------------------------

SCHEDULE_AT = dt.time(0, 30)  # Monday 00:30 WITA


def next_run(now: dt.datetime) -> dt.datetime:
    """The next Monday 00:30 in WITA strictly after ``now`` (an aware datetime)."""
    from core.settings import TIMEZONE

    local = now.astimezone(TIMEZONE)
    monday = local.date() - dt.timedelta(days=local.weekday())
    candidate = dt.datetime.combine(monday, SCHEDULE_AT, tzinfo=TIMEZONE)
    if candidate <= local:
        candidate += dt.timedelta(days=7)
    return candidate


def start_scheduler(engine: Engine, settings) -> "threading.Thread":  # noqa: ANN001, F821
    """A daemon thread per app process: catch up missed weeks now, then freeze every Monday 00:30 WITA.

    With several gunicorn workers every worker runs one; take_snapshot serializes them on the database and
    the unique week makes sure exactly one snapshot is written, the others report it as existing.
    """
    import logging
    import threading
    import time

    log = logging.getLogger(__name__)

    def loop() -> None:
        while True:
            try:
                for r in catch_up(engine, "jadwal"):
                    if r.created:
                        export_week(engine, r.week, settings.snapshot_dir / r.week)
                        log.info("snapshot %s taken", r.week)
            except Exception:  # noqa: BLE001 - logged with its traceback; the schedule must keep running
                log.exception("scheduled snapshot failed")
            now = dt.datetime.now(dt.UTC)
            time.sleep(max(60.0, (next_run(now) - now).total_seconds()))

    thread = threading.Thread(target=loop, name="pokja-snapshots", daemon=True)
    thread.start()
    return thread
