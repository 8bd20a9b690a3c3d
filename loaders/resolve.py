"""Resolving an upload's parsed rows against what is stored: which member, activity, recommendation each row
names (people through loaders/identity.py), duplicates within the file, and the rows to write (``Resolved``).
Reads the database, writes nothing.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import models as M
from core import reference as ref
from core.i18n import LOADER as T
from core.values import BadValue, clean_text, fold
from loaders.identity import (
    BY_ALIAS,
    ActivityCandidate,
    BY_CODE,
    BY_NAME,
    BY_DECISION,
    BY_NAME_ORG,
    DEFERRED,
    Answer,
    Decision,
    Found,
    OrgDirectory,
    People,
    Spellings,
    demo_uploads,
    sector_for,
)
from loaders import sheets as S
from loaders.names import code_key, name_key, org_key
from loaders.parse import Issue, ParsedSheet, Record, Vocab


def _norm(value: object) -> str:
    return fold(value)


def _fold_clean(text: str | None) -> str:
    """``fold`` of a parsed text cell (already ``clean_text``-ed, or None), without cleaning it again."""
    return text.casefold() if text else ""


def natural_key(spec: S.SheetSpec, parts: dict[str, str]) -> str:
    """A row's natural key: its spec's ``natural_key`` fields, each already keyed (``key_part``; a person's name by
    its name key, an organization by the directory's key, a reference by the key of the row it names)."""
    return "|".join([parts[f] for f in spec.natural_key])


def key_part(value: object) -> str:
    """One field of a natural key: a date in ISO form, anything else folded (case and spaces)."""
    return value.isoformat() if isinstance(value, dt.date) else _norm(value)


def activity_key(day: dt.date, name: str) -> str:
    return natural_key(S.ACTIVITIES, {"date": key_part(day), "name": key_part(name)})


MEMBER_MESSAGES = T["member_duplicates"]
ACTIVITY_MESSAGES = T["activity_duplicates"]


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




@dataclass
class _StoredActivities:
    by_key: dict[str, int]
    by_code: dict[str, int]
    by_date: dict[dt.date, list[tuple[int, str]]]


@dataclass
class Resolved:
    """What an upload will write, by kind, once every row is resolved; and the remembered spellings
    (member_alias rows) its decisions make."""

    sector_ids: dict[str, int]
    dimension_ids: dict[str, int]
    # the organization directory the people were matched with (None: no sheet named a person)
    directory: OrgDirectory | None = None
    members: list[_Pending] = field(default_factory=list)
    activities: list[_Pending] = field(default_factory=list)
    recommendations: list[_Pending] = field(default_factory=list)
    evaluations: list[_Pending] = field(default_factory=list)
    attendance: list[_Pending] = field(default_factory=list)
    contributions: list[_Pending] = field(default_factory=list)
    contribution_blocks: list[_ContributionBlock] = field(default_factory=list)
    # (member: a stored id, name key, organization key, code key) of each spelling decided to be that member
    aliases: set[tuple[int, str, str, str | None]] = field(default_factory=set)
    # guests of meeting lists by key (kind "guests"), and their attendance (kind "guest_attendance": never scored)
    guests: dict[str, _Pending] = field(default_factory=dict)
    guest_attendance: list[_Pending] = field(default_factory=list)


class Resolver:
    """Turns parsed sheets into ``Resolved`` rows: each row's references found, duplicates and unknown
    references reported, questions about people asked (loaders/identity.py)."""

    def __init__(self, session: Session, vocab: Vocab, report: "LoadReport", answers: dict[str, str] | None = None,
                 apart_demo: bool = False):
        self.s = session
        self.apart_demo = apart_demo  # a real upload: the demo's members are no candidates (identity.People)
        self.vocab = vocab
        self.report = report
        sector_ids = {n: i for i, n in session.execute(select(M.Sector.id, M.Sector.name))}
        self.sector_names = {i: n for n, i in sector_ids.items()}
        dimension_ids = {n: i for i, n in session.execute(select(M.Dimension.id, M.Dimension.name))}
        self.spellings = Spellings(answers)
        self.out = Resolved(sector_ids, dimension_ids)
        # Parsed rows by kind, after resolution (the lists of ``out``)
        self.members = self.out.members
        self.activities = self.out.activities
        self.recommendations = self.out.recommendations
        self.evaluations = self.out.evaluations
        self.attendance = self.out.attendance
        self.contributions = self.out.contributions
        self.contribution_blocks = self.out.contribution_blocks
        self.decided_new: dict[str, _Pending] = {}  # decision id -> the member a "new" answer made
        self.said_by_name: set[tuple[str, str]] = set()  # spellings already reported as matched by name alone
        # this upload's own definitions, found by the sheets that refer to them
        self.file_recommendations: set[str] = set()
        self.file_activity_by_code: dict[str, _Pending] = {}
        self.file_activity_by_key: dict[str, _Pending] = {}
        self.file_activity_by_date: dict[dt.date, list[_Pending]] = defaultdict(list)
        self.asked_activities: set[str] = set()  # meeting lists' activity keys with a close name: said once

    # -- errors --------------------------------------------------------------------------------
    def error(self, sheet: str, row: int | None, column: str | None, value: object, message: str) -> None:
        self.report.errors.append(Issue(sheet, row, column, clean_text(value), message))

    # -- stored rows -------------------------------------------------------------------------------
    @functools.cached_property
    def directory(self) -> OrgDirectory:
        return OrgDirectory(self.s)

    @functools.cached_property
    def people(self) -> People:
        """Every stored member, read once and only when a sheet names people (a Rekomendasi-only upload never
        does)."""
        return People(self.s, self.directory, self.apart_demo)

    @functools.cached_property
    def demo_rows(self) -> tuple[_StoredActivities, dict[str, int]]:
        """The demo's activities and recommendations (by code), apart from the stored ones while a real upload
        keeps the demo: nothing real is written into them (empty otherwise)."""
        acts, recs = _StoredActivities({}, {}, defaultdict(list)), {}
        if self.apart_demo:
            demo = M.Activity.created_upload_id.in_(demo_uploads())
            for aid, key, code, day in self.s.execute(
                    select(M.Activity.id, M.Activity.key, M.Activity.code, M.Activity.date).where(demo)):
                acts.by_key[key] = aid
                if code:
                    acts.by_code[_norm(code)] = aid
            recs = {_norm(code): rid for rid, code in self.s.execute(
                select(M.Recommendation.id, M.Recommendation.code)
                .where(M.Recommendation.created_upload_id.in_(demo_uploads())))}
        return acts, recs

    def _demo_row(self, ps: ParsedSheet, rec: Record, column: str, shown: object, what: str, label: str) -> None:
        self.error(ps.name, rec.row, rec.columns.get(column), shown, T["demo_row"].format(what=what, label=label))

    @functools.cached_property
    def stored_activities(self) -> _StoredActivities:
        out = _StoredActivities({}, {}, defaultdict(list))
        demo = set(self.demo_rows[0].by_key.values())
        for aid, key, code, day in self.s.execute(select(M.Activity.id, M.Activity.key, M.Activity.code, M.Activity.date)):
            if aid in demo:
                continue
            out.by_key[key] = aid
            if code:
                out.by_code[_norm(code)] = aid
            out.by_date[day].append((aid, key))
        return out

    @functools.cached_property
    def stored_guests(self) -> dict[str, tuple[int, int | None]]:
        """Stored guests by key: (id, the member a promotion made of them or None)."""
        return {k: (i, m) for i, k, m in self.s.execute(select(M.Guest.id, M.Guest.key, M.Guest.member_id))}

    @functools.cached_property
    def stored_recommendations(self) -> dict[str, int]:
        """Stored recommendation ids by folded code (not the demo's, while a real upload keeps it apart)."""
        demo = self.demo_rows[1]
        return {_norm(code): rid for rid, code in self.s.execute(select(M.Recommendation.id, M.Recommendation.code))
                if _norm(code) not in demo}

    # -- resolution --------------------------------------------------------------------------------
    def resolve(self, parsed: list[ParsedSheet]) -> Resolved:
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
        for ps in by_kind["attendance"]:
            self._resolve_attendance(ps)
        for ps in by_kind["contributions"]:
            self._resolve_contributions(ps)
        for ident in self.spellings.unused():
            sheet, _, row = ident.rpartition("!")
            self.error(sheet, int(row), None, ident,
                       T["decision_unasked"].format(id=ident))
        self.out.directory = self.__dict__.get("directory")
        self.report.guests = self._guest_summary()
        self.report.decisions = list(self.spellings.open)
        self.report.people = self.spellings.people()
        return self.out

    def _resolve_members(self, ps: ParsedSheet) -> None:
        """Anggota rows: each matched to a stored member (by code, then name key and organization, then a
        remembered spelling, then name key alone), or new; a close stored name is a question for the clerk."""
        seen_key: dict[str, int] = {}
        seen_code: dict[str, int] = {}
        for rec in ps.records:
            v = rec.values
            nk = name_key(v["name"])
            key = natural_key(ps.spec, {"name": nk, "organization": self.directory.key(v["organization"])})
            code = v.get("code")
            if key in seen_key:
                self.error(ps.name, rec.row, rec.columns.get("name"), v["name"],
                           MEMBER_MESSAGES["same_key"].format(row=seen_key[key]))
                continue
            if code and code_key(code) in seen_code:
                self.error(ps.name, rec.row, rec.columns.get("code"), code,
                           MEMBER_MESSAGES["same_code"].format(code=code, row=seen_code[code_key(code)]))
                continue
            seen_key[key] = rec.row
            if code:
                seen_code[code_key(code)] = rec.row
            by_code = self.people.by_code_only(code) if code else None
            if by_code is None and self.people.demo_code(code):
                self.error(ps.name, rec.row, rec.columns.get("code"), code, MEMBER_MESSAGES["demo_code"].format(code=code))
                continue
            found = self.people.find(v["name"], v["organization"], close=by_code is None)
            if found.member is not None and not isinstance(found.member, int):
                found = Found(None)  # a namesake defined earlier in this file (another organization): two people
            existing, how, sector = None, None, v.get("sector")
            if by_code is not None:
                if found.how in (BY_NAME_ORG, BY_ALIAS) and found.member != by_code:
                    self.error(ps.name, rec.row, rec.columns.get("code"), code, MEMBER_MESSAGES["code_conflict"])
                    continue
                existing, how = by_code, BY_CODE
            elif found.member is not None:
                existing, how = found.member, found.how
                if how == BY_NAME:
                    self._by_name_only(v["name"], v.get("organization"), existing, ps.name, rec.row)
            elif found.candidates:
                decision, answer = self.spellings.ask(ps.name, rec.row, v["name"], v.get("organization"),
                                                      found.candidates)
                if answer is None:
                    self.people.defer(code)
                    continue
                parsed = self._answer(ps, rec, decision, answer, allow_guest=False)
                if parsed is None:
                    continue
                if parsed.member is not None:
                    existing, how = parsed.member, BY_DECISION
                    self._remember(existing, v["name"], v.get("organization"), code)
                else:
                    sector = parsed.sector or sector
            if existing is None:
                how = "new"
                if sector is None:
                    sector = self._new_member_sector(ps, rec, v["name"], v.get("organization"))
                    if sector is None:
                        continue
            values = {**v, "key": key if existing is not None else self.people.own_key(key), "name_key": nk,
                      "sector": sector, "_how": how}
            pending = _Pending(ps.name, "members", rec.row, values, existing)
            self.spellings.count(existing if existing is not None else pending, how)
            pending.values["_present"] = ps.present_fields
            self.members.append(pending)
            if existing is None:
                self.people.add_pending(pending, code, v["name"], v.get("organization"))

    def _new_member_sector(self, ps: ParsedSheet, rec: Record, name: str, organization: str | None) -> str | None:
        """The Unsur of a new member whose row has none: its organization's, else the one its name implies
        (said in the warnings), else the clerk's answer to a question (``new:UNSUR``); None while unanswered."""
        sector, inferred = sector_for(self.directory, organization, self.sector_names)
        if sector is not None:
            if inferred:
                self.report.warnings.append(Issue(
                    ps.name, rec.row, rec.columns.get("organization"), organization,
                    T["sector_inferred"].format(name=name, sector=sector)))
            return sector
        decision, answer = self.spellings.ask(ps.name, rec.row, name, organization, [], needs_sector=True)
        if answer is None:
            return None
        parsed = self._answer(ps, rec, decision, answer, allow_guest=False)
        if parsed is None:
            return None
        if parsed.member is not None or not parsed.sector:
            self.error(ps.name, rec.row, rec.columns.get("organization"), answer,
                       T["new_member_sector"].format(name=name, id=decision.id))
            return None
        return parsed.sector

    def _answer(self, ps: ParsedSheet, rec: Record, decision: Decision, answer: str,
                allow_guest: bool) -> Answer | None:
        """A clerk's answer checked: a stored member, ``new`` (with a known Unsur), or ``guest`` where guests
        are recorded. None (with an error) when it is none of these."""
        text = answer.strip()
        folded = text.casefold()
        if folded == "guest":
            if allow_guest:
                return Answer(guest=True)
            self.error(ps.name, rec.row, None, text,
                       T["guest_not_here"].format(id=decision.id, sheet=ps.name))
            return None
        if folded == "new" or folded.startswith("new:"):
            sector = None
            if ":" in text:
                try:
                    sector = self.vocab.sector.parse(text.split(":", 1)[1])
                except BadValue as exc:
                    self.error(ps.name, rec.row, None, text, T["decision_error"].format(id=decision.id, error=exc))
                    return None
            return Answer(new=True, sector=sector)
        member = self.people.member_ref(text)
        if member is None:
            self.error(ps.name, rec.row, None, text,
                       T["not_a_member"].format(id=decision.id, text=text))
            return None
        return Answer(member=member)

    def _by_name_only(self, name: str, organization: str | None, member: object, sheet: str | None = None,
                      row: int | None = None) -> None:
        """Say once per spelling that it was matched by its name alone (the Instansi was empty or unknown)."""
        spelling = Spellings.spelling(name, organization)
        if spelling in self.said_by_name or not isinstance(member, int):
            return
        self.said_by_name.add(spelling)
        _, stored_name, oid = self.people.info[member]
        where = T["organization_unknown"].format(organization=organization) if organization else T["organization_empty"]
        self.report.warnings.append(Issue(sheet, row, None, name, T["matched_by_name"].format(
            name=name, where=where, member=stored_name, organization=self.directory.names.get(oid, "-"))))

    def _remember(self, member: int, name: str, organization: str | None, code: str | None) -> None:
        """A spelling decided to be ``member``: stored as its alias, found by itself in the next file."""
        self.out.aliases.add((member, name_key(name), org_key(organization), code_key(code)))

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
        stored = self.stored_recommendations
        seen: dict[str, int] = {}
        for rec in ps.records:
            v = rec.values
            code = _norm(v["code"])
            if code in seen:
                self.error(ps.name, rec.row, rec.columns.get("code"), v["code"],
                           T["recommendation_code_used"].format(code=v["code"], row=seen[code]))
                continue
            seen[code] = rec.row
            if code in self.demo_rows[1]:
                self._demo_row(ps, rec, "code", v["code"], "Rekomendasi", v["code"])
                continue
            if v.get("year") is None:
                m = re.search(r"(19|20)\d{2}", v["source"])
                if m is None:
                    self.error(ps.name, rec.row, rec.columns.get("source"), v["source"],
                               T["year_missing"])
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
        seen_key: dict[str, int] = {}
        seen_code: dict[str, int] = {}
        for rec in ps.records:
            v = rec.values
            key = activity_key(v["date"], v["name"])
            code = v.get("code")
            demo = self.demo_rows[0]
            if code and _norm(code) in demo.by_code:
                self._demo_row(ps, rec, "code", code, "Kegiatan berkode", code)
                continue
            if key in demo.by_key:
                self._demo_row(ps, rec, "name", v["name"], "Kegiatan", f"'{v['name']}' pada {v['date']:%d/%m/%Y}")
                continue
            ok, existing = self._match_coded(ps, rec, key, code, seen_key, seen_code, self.stored_activities.by_code,
                                             self.stored_activities.by_key, ACTIVITY_MESSAGES)
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
                           T["evaluation_twice"].format(year=v["year"], stage=stage, row=seen[k]))
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
        """The member a Kehadiran or Kontribusi row names (an id or a pending row); on a meeting list, a person
        no member is and close to none is a guest (a pending row of kind ``guests``)."""
        v = rec.values
        name, org = v.get("member_name"), v.get("organization")
        found, problem = self._member_ref(v.get("member_code"), name, org, (ps.name, rec.row))
        if ps.meeting_list and name and problem is not None and not isinstance(problem, Found):
            if v.get("member_code"):  # an unknown NIP on a meeting list: the name may still be a member's
                found, problem = self._member_ref(None, name, org, (ps.name, rec.row))
            if problem is not None and not isinstance(problem, Found):
                return self._guest(name, org)
            if found is not None:
                return found
        if isinstance(problem, Found):  # close stored names: the clerk decides, once per spelling
            decision, answer = self.spellings.ask(ps.name, rec.row, name, org, problem.candidates)
            decision.guest_allowed = decision.guest_allowed or ps.meeting_list
            if answer is None:
                return None
            if ps.meeting_list and answer.strip().casefold() == "guest":
                self.spellings.used.add(decision.id)
                return self._guest(name, org)
            return self._decided_member(ps, rec, decision, answer)
        if problem is not None:
            columns, value, message = problem
            self.error(ps.name, rec.row, next((rec.columns[c] for c in columns if rec.columns.get(c)), None), value,
                       message)
        return found

    def _guest(self, name: str, org: str | None) -> object:
        """The guest a meeting list names: one already met in this upload, a stored one (recognised by name key
        and organization), the member a stored guest was promoted to, else a new guest."""
        key = f"{name_key(name)}|{self.directory.key(org) if org else ''}"
        pending = self.out.guests.get(key)
        if pending is not None:
            return pending
        stored = self.stored_guests.get(key)
        if stored is not None and stored[1] is not None:  # promoted: a member now, their attendance counts
            self.spellings.count(stored[1], BY_ALIAS)
            return stored[1]
        pending = _Pending("", "guests", 0, {"name": name, "organization": org, "key": key,
                                             "name_key": name_key(name), "_present": {"name", "organization"}},
                           stored[0] if stored else None)
        self.out.guests[key] = pending
        self.spellings.count(pending, "guest")
        return pending

    def _guest_summary(self) -> list[dict]:
        """The guests of this upload for the preview: name, organization, whether already stored, the activities
        (name and date as the lists wrote them) and the rows."""
        out: dict[int, dict] = {}
        for p in self.out.guest_attendance:
            g = p.values["guest"]
            item = out.setdefault(id(g), {"name": g.values["name"], "organization": g.values["organization"],
                                          "known": g.existing_id is not None, "activities": [], "rows": []})
            if p.values["label"] not in item["activities"]:
                item["activities"].append(p.values["label"])
            item["rows"].append(f"{p.sheet}!{p.row}")
        return list(out.values())

    def _decided_member(self, ps: ParsedSheet, rec: Record, decision: Decision, answer: str) -> object | None:
        """The member a Kehadiran or Kontribusi row names by the clerk's answer: a stored one (its spelling
        remembered), or a new member made from the row (once per decision)."""
        v = rec.values
        name, org = v.get("member_name"), v.get("organization")
        parsed = self._answer(ps, rec, decision, answer, allow_guest=False)
        if parsed is None:
            return None
        if parsed.member is not None:
            self._remember(parsed.member, name, org, None)
            self.spellings.count(parsed.member, BY_DECISION)
            return parsed.member
        if decision.id in self.decided_new:
            return self.decided_new[decision.id]
        if not org:
            self.error(ps.name, rec.row, rec.columns.get("member_name"), name,
                       T["new_member_organization"].format(name=name))
            return None
        sector = parsed.sector or sector_for(self.directory, org, self.sector_names)[0]
        if sector is None:
            self.error(ps.name, rec.row, rec.columns.get("organization"), org,
                       T["new_member_sector"].format(name=name, id=decision.id))
            return None
        nk = name_key(name)
        pending = _Pending(ps.name, "members", rec.row,
                           {"name": name, "organization": org,
                            "key": self.people.own_key(f"{nk}|{self.directory.key(org)}"),
                            "name_key": nk, "sector": sector, "_how": "new", "_present": {"name", "organization"},
                            "_uncounted": True})  # not a row of this sheet: counted in "people" only
        self.members.append(pending)
        self.people.add_pending(pending, None, name, org)
        self.decided_new[decision.id] = pending
        self.spellings.count(pending, "new")
        return pending

    def _member_ref(self, code: str | None, name: str | None, org: str | None,
                    where: tuple[str, int] | None = None) -> tuple[object | None, object]:
        """The member a row refers to (an id or a pending row), else None and the problem: (columns, value,
        message) for an error, or the ``Found`` whose candidates the clerk must choose from."""
        if code:
            found = self.people.by_code_only(code)
            if found is DEFERRED:  # its Anggota row waits for a decision: that is the question to answer
                return None, None
            if found is None:
                return None, (("member_code",), code,
                              T["member_code_unknown"].format(code=code))
            self.spellings.count(found, BY_CODE)
            return found, None
        if not name:
            return None, (("member_name", "member_code"), None, T["member_missing"])
        found = self.people.find(name, org)
        if found.member is not None:
            self.spellings.count(found.member, found.how)
            if found.how == BY_NAME:
                self._by_name_only(name, org, found.member, *(where or (None, None)))
            return found.member, None
        if found.candidates:
            return None, found
        where = T["member_from"].format(organization=org) if org else ""
        near = self.people.near_pending(name)
        near = T["member_near"].format(name=near) if near else ""
        return None, (("member_name",), name, T["member_unknown"].format(name=name, where=where, near=near))

    def _find_activity(self, ps: ParsedSheet, row: int, column: str | None, code: str | None,
                       day: dt.date | None, name: str | None, shown: object) -> object | None:
        if code:
            found = self.file_activity_by_code.get(_norm(code)) or self.stored_activities.by_code.get(_norm(code))
            if found is None:
                self.error(ps.name, row, column, shown,
                           T["activity_code_unknown"].format(code=code))
            return found
        if day is not None and name:
            key = activity_key(day, name)
            found = self.file_activity_by_key.get(key) or self.stored_activities.by_key.get(key)
            if found is None:
                self.error(ps.name, row, column, shown,
                           T["activity_unknown"].format(name=name, day=day))
            return found
        if day is not None:
            keys: dict[str, object] = {}
            for p in self.file_activity_by_date.get(day, []):
                keys[p.values["key"]] = p
            for aid, key in self.stored_activities.by_date.get(day, []):
                keys.setdefault(key, aid)
            if len(keys) == 1:
                return next(iter(keys.values()))
            if not keys:
                self.error(ps.name, row, column, shown, T["no_activity_on"].format(day=day))
            else:
                self.error(ps.name, row, column, shown,
                           T["activities_on"].format(n=len(keys), day=day))
            return None
        self.error(ps.name, row, column, shown, T["activity_missing"])
        return None

    def _meeting_activity(self, ps: ParsedSheet) -> None:
        """A meeting list's activity (its date and name, from its columns or title block): the stored or listed one
        with that natural key, else a new one, said in a warning. An activity on the same date with a close name
        ("FGD Masterplan" for "FGD Masterplan Smart City") is neither taken nor duplicated: an error asks the
        clerk to write the name as stored, or another name."""
        asked = self.asked_activities
        for rec in ps.records:
            v = rec.values
            day, name = v.get("activity_date"), v.get("activity_name")
            if v.get("activity_code") or day is None or not name:
                continue
            key = activity_key(day, name)
            if key in self.file_activity_by_key or key in self.stored_activities.by_key or key in asked:
                continue
            if key in self.demo_rows[0].by_key:
                asked.add(key)  # said once per sheet's activity
                self._demo_row(ps, rec, "activity_name", name, "Kegiatan", f"'{name}' pada {day:%d/%m/%Y}")
                continue
            close = self._close_activity(day, key)
            if close is not None:
                ident = f"{ps.name}!{rec.row}"
                answer = (self.spellings.answers.get(ident) or "").strip().casefold()
                if answer:
                    self.spellings.used.add(ident)
                if answer == "same":  # the clerk said it is that activity: this key names it in this upload
                    if isinstance(close.ref, _Pending):
                        self.file_activity_by_key[key] = close.ref
                    else:
                        self.stored_activities.by_key[key] = close.ref
                    continue
                if answer != "new":
                    asked.add(key)
                    if answer:
                        self.error(ps.name, rec.row, rec.columns.get("activity_name"), answer,
                                   T["same_or_new"].format(id=ident, name=close.name))
                    else:
                        self.spellings.open.append(Decision(ident, ps.name, rec.row, name, None, [ident], [close],
                                                            kind="activity"))
                    continue
            pending = _Pending(ps.name, "activities", rec.row,
                               {"date": day, "name": name, "key": key, "_present": {"date", "name"}})
            self.activities.append(pending)
            self.file_activity_by_key[key] = pending
            self.file_activity_by_date[day].append(pending)
            self.report.warnings.append(Issue(ps.name, rec.row, rec.columns.get("activity_name"), name,
                                              T["activity_from_list"].format(name=name, day=day)))

    def _close_activity(self, day: dt.date, key: str) -> ActivityCandidate | None:
        """An activity stored or listed on ``day`` whose name is close to the key's: one name's words contain the
        other's, or rapidfuzz token_set_ratio at least 85."""
        from rapidfuzz import fuzz

        name_key = key.split("|", 1)[1] if "|" in key else key
        names: dict[str, tuple[str, object, str | None]] = {}
        for p in self.file_activity_by_date.get(day, []):
            names[p.values["key"]] = (p.values["name"], p, p.values.get("code"))
        stored = [aid for aid, k in self.stored_activities.by_date.get(day, []) if k not in names]
        if stored:
            for aid, k, n, code in self.s.execute(select(M.Activity.id, M.Activity.key, M.Activity.name, M.Activity.code)
                                                  .where(M.Activity.id.in_(stored))):
                names[k] = (n, aid, code)
        for other_key, (other, ref, code) in names.items():
            other_name = other_key.split("|", 1)[1] if "|" in other_key else other_key
            score = fuzz.token_set_ratio(name_key, other_name)
            if score >= 85:
                return ActivityCandidate(ref, other, day, code, score)
        return None

    def _invited_members(self, ps: ParsedSheet) -> tuple[list[object], bool]:
        """The Aktif members of the working groups a meeting list's title block names as invited (stored, and
        those the upload's Anggota sheets add), and whether every group named was found."""
        groups = {fold(n): i for i, n in self.s.execute(select(M.WorkingGroup.id, M.WorkingGroup.name))}
        named = [g for g in ps.invited or []]
        known = True
        ids = []
        for g in named:
            gid = groups.get(fold(g))
            in_file = any(fold(p.values.get("working_group")) == fold(g) for p in self.members)
            if gid is None and not in_file:
                known = False
                self.error(ps.name, ps.header_row, None, g,
                           T["group_unknown"].format(group=g))
            elif gid is not None:
                ids.append(gid)
        out: list[object] = []
        if ids:
            out += [m for m in self.s.scalars(select(M.Member.id).where(M.Member.working_group_id.in_(ids),
                                                                         M.Member.status == "Aktif"))
                    if m not in self.people.apart]  # never a demo member kept beside a real upload
        wanted = {fold(g) for g in named}
        out += [p for p in self.members if fold(p.values.get("working_group")) in wanted
                and (p.values.get("status") or "Aktif") == "Aktif" and p.existing_id is None]
        return out, known

    @staticmethod
    def _activity_label(v: dict, activity: object) -> str:
        if isinstance(activity, _Pending):
            return f"{activity.values['name']} ({activity.values['date']:%d/%m/%Y})"
        day, name = v.get("activity_date"), v.get("activity_name") or v.get("activity_code") or f"#{activity}"
        return f"{name} ({day:%d/%m/%Y})" if day else str(name)

    def _resolve_attendance(self, ps: ParsedSheet) -> None:
        seen: dict[tuple, int] = {}
        guests_seen: dict[tuple, int] = {}
        if ps.meeting_list:
            self._meeting_activity(ps)
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
                if (ps.meeting_list and v.get("activity_date") and v.get("activity_name") and not v.get("activity_code")
                        and activity_key(v["activity_date"], v["activity_name"]) in self.asked_activities):
                    continue  # its close name was already said (_meeting_activity)
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
                if isinstance(member, _Pending) and member.kind == "guests":
                    if k not in guests_seen:  # a guest listed twice at one meeting: once
                        guests_seen[k] = rec.row
                        self.out.guest_attendance.append(_Pending(
                            ps.name, "guest_attendance", rec.row,
                            {"guest": member, "activity": activity, "status": status,
                             "label": self._activity_label(rec.values, activity)}))
                    continue
                if k in seen:
                    self.error(ps.name, rec.row, column, status,
                               T["attendance_twice"].format(row=seen[k]))
                    continue
                seen[k] = rec.row
                self.attendance.append(_Pending(ps.name, "attendance", rec.row,
                                                {"member": member, "activity": activity, "status": status}))
        if ps.meeting_list:
            self._absent_invitees(ps, seen, guests_seen)

    def _absent_invitees(self, ps: ParsedSheet, seen: dict[tuple, int], guests_seen: dict[tuple, int]) -> None:
        """Invitees not on the list are Tidak Hadir; with no invitees named, only presence is recorded (said)."""
        activities = {a for _, a in seen} | {a for _, a in guests_seen}
        if not ps.invited:
            self.report.warnings.append(Issue(
                ps.name, ps.header_row, None, None,
                T["presence_only"]))
            return
        invited, known = self._invited_members(ps)
        if not known:
            return
        by_key = {id(a) if isinstance(a, _Pending) else a: a for a in
                  (p.values["activity"] for rows in (self.attendance, self.out.guest_attendance) for p in rows
                   if p.sheet == ps.name)}
        for akey in activities:
            activity = by_key[akey]
            for member in invited:
                mkey = id(member) if isinstance(member, _Pending) else member
                if (mkey, akey) in seen:
                    continue
                seen[(mkey, akey)] = ps.header_row
                self.attendance.append(_Pending(ps.name, "attendance", ps.header_row,
                                                {"member": member, "activity": activity, "status": ref.ABSENT}))

    def _resolve_contributions(self, ps: ParsedSheet) -> None:
        block = self._contribution_block(ps)
        if block is not None:
            self.contribution_blocks.append(block)
            return
        # Some row has a problem: row by row, so that each gets its error in order.
        stored_recs = self.stored_recommendations
        file_recs = self.file_recommendations
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
                               T["recommendation_unknown"].format(code=rcode))
                    continue
            if member is None:
                continue
            code = v.get("code")
            if code:
                folded = _fold_clean(code)
                if folded in seen_code:
                    self.error(sheet, rec.row, rec.columns.get("code"), code,
                               T["contribution_code_used"].format(code=code, row=seen_code[folded]))
                    continue
                seen_code[folded] = rec.row
                key = "#" + folded
            else:
                mkey = member.values["key"] if isinstance(member, _Pending) else self.people.key_of[member]
                key = natural_key(ps.spec, {"date": v["date"].isoformat(), "member": mkey, "kind": _norm(v["kind"]),
                                            "description": _fold_clean(v.get("description"))})
                if key in seen:
                    self.error(sheet, rec.row, rec.columns.get("description") or rec.columns.get("kind"),
                               v.get("description"),
                               T["contribution_twice"].format(row=seen[key]))
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
            for row, code, name, org in zip(ps.rows, member_codes, col.get("member_name", none),
                                            col.get("organization", none)):
                ref_key = code if code else (name, org)
                if ref_key not in found:
                    found[ref_key] = self._member_ref(code, name, org, (ps.name, row))[0]
                if found[ref_key] is None:
                    return None
                members.append(found[ref_key])
        if "recommendation_code" in col:
            stored_recs = self.stored_recommendations
            file_recs = self.file_recommendations
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
                mkey = member.values["key"] if isinstance(member, _Pending) else self.people.key_of[member]
                keys.append(natural_key(ps.spec, {"date": dates[i].isoformat(), "member": mkey, "kind": _norm(kinds[i]),
                                                  "description": _fold_clean(descriptions[i])}))
        if len(set(keys)) != n:  # a code or a natural key twice
            return None
        return _ContributionBlock(ps.name, ps, keys, members, ps.present_fields | {"verification"},
                                  "verification" not in ps.present_fields)

    # -- writing -----------------------------------------------------------------------------------
