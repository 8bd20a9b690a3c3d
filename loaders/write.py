"""Writing an upload's resolved rows: insert the new, update the changed (their previous values kept for undo),
count the unchanged, and tell the running totals what was written. The bulk inserts go through loaders/bulk.py.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from core import models as M
from core import reference as ref
from core import tally
from loaders import bulk
from loaders.names import org_key
from loaders.resolve import Resolved, _ContributionBlock, _norm, _Pending


class Writer:
    """Writes one upload's ``Resolved`` rows in the caller's transaction; with ``diff_only`` it only counts
    what would change (the dry run)."""

    def __init__(self, session: Session, resolved: Resolved, report, upload_id: int | None,  # noqa: ANN001
                 diff_only: bool = False):
        self.s = session
        self.report = report
        self.upload_id = upload_id
        self.diff_only = diff_only
        self.resolved = resolved
        self.sector_ids = resolved.sector_ids
        self.dimension_ids = resolved.dimension_ids
        self.members = resolved.members
        self.activities = resolved.activities
        self.recommendations = resolved.recommendations
        self.evaluations = resolved.evaluations
        self.attendance = resolved.attendance
        self.contributions = resolved.contributions
        self.contribution_blocks = resolved.contribution_blocks
        self.new = tally.NewRecords()  # what the running totals count, as it is written
        self.pending: list = []  # bulk inserts left to write_pending (callables)

    def apply(self) -> None:
        org_ids = self._organizations()
        wg_ids = self._upsert_named(M.WorkingGroup, {p.values["working_group"] for p in self.members
                                                     if p.values.get("working_group")})
        member_rows = []
        for p in self.members:
            v = p.values
            present = v["_present"]
            if p.existing_id is None:
                row = {"key": v["key"], "name": v["name"], "name_key": v["name_key"],
                       "organization_id": org_ids[org_key(v["organization"])], "sector_id": self.sector_ids[v["sector"]]}
            else:
                # A member found by code takes the file's name and organization (a correction, or a move), one the
                # clerk decided takes its organization; one found by name keeps the name and organization it is
                # stored with (the spelling may be poorer: capitals, no titles). Its stored key never changes:
                # contributions' keys are built on it.
                row = {}
                if v["_how"] == "code":
                    row.update(name=v["name"], name_key=v["name_key"])
                if v["_how"] in ("code", "decision"):  # a member sheet's row the clerk said is this member: moved
                    row["organization_id"] = org_ids[org_key(v["organization"])]
                if v.get("sector") and "sector" in present:
                    row["sector_id"] = self.sector_ids[v["sector"]]
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
        self._upsert(M.Member, [(p, row) for p, row in member_rows if not p.values.get("_uncounted")],
                     natural=("key",))
        # members a clerk's "new" answer made from a Kehadiran or Kontribusi row: counted in "people" only
        self._upsert(M.Member, [(p, row) for p, row in member_rows if p.values.get("_uncounted")], counted=False,
                     natural=("key",))
        self._write_aliases()

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
        self._write_guests()
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

    def _organizations(self) -> dict[str, int]:
        """The organization of every member row, by the org key of its Instansi as written: the directory's
        (by name or alias), else a new organization of that name, created on first mention."""
        if not self.members:
            return {}
        directory = self.resolved.directory
        ids: dict[str, int] = {}
        new: dict[str, str] = {}
        for p in self.members:
            text = p.values["organization"]
            k = org_key(text)
            if k in ids or k in new:
                continue
            oid = directory.resolve(text)
            if oid is not None:
                ids[k] = oid
            else:
                new[k] = text
        if new and not self.diff_only:
            rows = [{"key": k, "name": n, "aliases": "", "created_upload_id": self.upload_id,
                     "upload_id": self.upload_id} for k, n in sorted(new.items())]
            self.s.execute(insert(M.Organization), rows)
            created = {k: i for k, i in self.s.execute(select(M.Organization.key, M.Organization.id)
                                                       .where(M.Organization.created_upload_id == self.upload_id))}
            ids.update({k: created[k] for k in new})
        else:
            ids.update({k: -(n + 1) for n, k in enumerate(sorted(new))})
        return ids

    def _write_aliases(self) -> None:
        """The spellings this upload's decisions said are stored members (undone with the upload)."""
        aliases = sorted(self.resolved.aliases, key=lambda a: (a[0], a[1], a[2], a[3] or ""))
        if not aliases or self.diff_only:
            return
        stored = {tuple(r) for r in self.s.execute(select(M.MemberAlias.member_id, M.MemberAlias.name_key,
                                                          M.MemberAlias.organization_key, M.MemberAlias.code_key)
                                                   .where(M.MemberAlias.member_id.in_({a[0] for a in aliases})))}
        rows = [{"member_id": m, "name_key": nk, "organization_key": ok, "code_key": ck,
                 "created_upload_id": self.upload_id, "upload_id": self.upload_id}
                for m, nk, ok, ck in aliases if (m, nk, ok, ck) not in stored]
        if rows:
            self.s.execute(insert(M.MemberAlias), rows)

    def _upsert_named(self, model, names: set[str]) -> dict[str, int]:
        """Working groups: created on first mention, matched by normalized name."""
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
            for chunk in bulk.chunks(existing_ids, 5000):
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
            before = {c: jsonable(now[c]) for c in diff} | {"upload_id": now["upload_id"]}
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
            bulk.bulk_insert(self.s, table, [row for _, row in inserts], {"created_upload_id": uid, "upload_id": uid})
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
            for chunk in bulk.chunks(sorted(i for i in member_ids if i > 0), 2000):
                for aid, mid, actid in self.s.execute(q.where(M.Attendance.member_id.in_(chunk))):
                    stored[(mid, actid)] = aid
        items = []
        for p in self.attendance:
            mid, aid = self._ref_id(p.values["member"]), self._ref_id(p.values["activity"])
            p.existing_id = stored.get((mid, aid))
            p.values["_present"] = {"status"}
            items.append((p, {"member_id": mid, "activity_id": aid, "status": p.values["status"]}))
        self._upsert(M.Attendance, items)

    def _write_guests(self) -> None:
        """The guests of meeting lists (new ones inserted, stored ones found by key) and their attendance:
        never counted in the sheets' figures nor in any score."""
        guests = list(self.resolved.guests.values())
        if not guests:
            return
        self._upsert(M.Guest, [(p, {"key": p.values["key"], "name": p.values["name"], "name_key": p.values["name_key"],
                                    "organization": p.values["organization"]} if p.existing_id is None else {})
                               for p in guests], counted=False, natural=("key",))
        stored = {}
        known = sorted(p.existing_id for p in guests if p.existing_id and p.existing_id > 0)
        if known:
            q = select(M.GuestAttendance.id, M.GuestAttendance.guest_id, M.GuestAttendance.activity_id)
            stored = {(g, a): i for i, g, a in self.s.execute(q.where(M.GuestAttendance.guest_id.in_(known)))}
        items = []
        for p in self.resolved.guest_attendance:
            gid, aid = self._ref_id(p.values["guest"]), self._ref_id(p.values["activity"])
            p.existing_id = stored.get((gid, aid))
            p.values["_present"] = {"status"}
            items.append((p, {"guest_id": gid, "activity_id": aid, "status": p.values["status"]}))
        self._upsert(M.GuestAttendance, items, counted=False)

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
        self.pending.append(functools.partial(bulk.insert_columns, self.s, M.Contribution.__table__, [columns],
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
        for chunk in bulk.chunks(keys, 2000):
            out.update({k: i for i, k in self.s.execute(select(model.id, model.key).where(model.key.in_(chunk)))})
        return out



def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return abs(float(a) - float(b)) < 1e-9
    if isinstance(a, dt.datetime):
        a = a.date()
    return a == b


def jsonable(v: object) -> object:
    if isinstance(v, (dt.date, dt.datetime)):
        return {"__date__": v.isoformat()}
    return v


def from_jsonable(v: object) -> object:
    if isinstance(v, dict) and "__date__" in v:
        return dt.date.fromisoformat(v["__date__"][:10])
    return v

