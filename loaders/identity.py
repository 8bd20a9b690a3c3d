"""Who a row names: stored members and organizations found by code, name key and directory, never by a guess.

A row's person is found, in order, (1) by code (a member's own or a remembered one), (2) by name key and
organization (resolved through the directory's names and aliases), or by a remembered spelling, (3) by name key
alone when exactly one member has it and the row names no organization the directory knows. Anything else is
unknown; an unknown person with a close stored name (the same name key in another organization, or a similarity
of at least SIMILARITY on the name keys) is a question for the clerk (a ``Decision``), one per spelling.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import models as M
from loaders.names import code_key, infer_sector, name_key, org_key

# rapidfuzz's token_sort_ratio (0..100) of two name keys at or above which a stored member is a candidate: one or
# two letters off in a usual Indonesian name ("hasan sulistyo" / "hasan sulistio" 93, "rina wulandari" /
# "rina wulandary" 93), while two different names sharing a first name stay apart ("budi santoso" / "budi
# susanto" 83, "ahmad" / "ahmad fauzi" 63).
SIMILARITY = 85
MAX_CANDIDATES = 5
_DIGITS = re.compile(r"\d+")
# A member row waiting for the clerk's decision: rows that name it by code are skipped without an error of
# their own (the decision is the one question to answer).
DEFERRED = object()

DEMO_USER = "demo"  # the demo workbook's uploads are made as this user (dashboard/demo.py, `pokja demo`)


def demo_uploads():  # noqa: ANN201
    """The committed uploads of the demo data (a select of their ids)."""
    return select(M.Upload.id).where(M.Upload.uploaded_by == DEMO_USER, M.Upload.outcome == "committed")


# how a row's person was found
BY_CODE, BY_NAME_ORG, BY_ALIAS, BY_NAME, BY_DECISION = "code", "name_org", "alias", "name", "decision"


class OrgDirectory:
    """The organizations as stored, by the key of their name and of each alias; new names of this upload too."""

    def __init__(self, session: Session):
        self.by_key: dict[str, int] = {}
        self.key_of: dict[int, str] = {}
        self.names: dict[int, str] = {}
        self.sector_ids: dict[int, int | None] = {}
        rows = session.execute(select(M.Organization.id, M.Organization.key, M.Organization.name,
                                      M.Organization.aliases, M.Organization.sector_id))
        for oid, key, name, aliases, sector_id in rows:
            self.names[oid] = name
            self.key_of[oid] = key
            self.sector_ids[oid] = sector_id
            self.by_key.setdefault(key, oid)
            self.by_key.setdefault(org_key(name), oid)
            for alias in (aliases or "").split("|"):
                if alias:
                    self.by_key.setdefault(org_key(alias), oid)

    def resolve(self, text: str | None) -> int | None:
        """The stored organization ``text`` names (by name or alias), else None."""
        if not text:
            return None
        return self.by_key.get(org_key(text))

    def key(self, text: str) -> str:
        """The key a member of this organization is stored under: the directory's own for a known one."""
        oid = self.resolve(text)
        return self.key_of[oid] if oid is not None else org_key(text)

    def ref(self, text: str | None) -> int | str | None:
        """What a row's Instansi stands for: a stored organization's id, ``"?<key>"`` for a name the directory
        does not know (a new organization, if anything), or None when the row names none."""
        if not text:
            return None
        oid = self.resolve(text)
        return oid if oid is not None else "?" + org_key(text)


@dataclass
class Candidate:
    member_id: int
    code: str | None
    name: str
    organization: str
    similarity: float

    def as_dict(self) -> dict:
        return {"ref": f"#{self.member_id}", "code": self.code, "name": self.name, "organization": self.organization,
                "similarity": round(self.similarity / 100, 3)}


@dataclass
class Found:
    """A row's person: ``member`` (a stored id or a pending row of this upload) and how, or None with the close
    stored members (``candidates``)."""

    member: object | None
    how: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    ambiguous: bool = False  # several members share the row's name key and organization, or its name key alone


class People:
    """The stored members (and the members this upload's Anggota sheets add) by code, name key and organization,
    plus the remembered spellings and codes (member_alias).

    With ``apart_demo`` (a real upload while the demo data is kept beside it) the demo's members are no candidates
    at all, exact or close: their keys and codes are only kept (``apart_keys``, ``apart_codes``) so a real
    namesake gets a key of its own and a real row is not stored under a demo member's code."""

    def __init__(self, session: Session, directory: OrgDirectory, apart_demo: bool = False):
        self.directory = directory
        self.by_code: dict[str, object] = {}
        self.by_name_org: dict[tuple[str, object], list[object]] = defaultdict(list)
        self.by_name: dict[str, list[object]] = defaultdict(list)
        self.by_spelling: dict[tuple[str, str], int] = {}
        self.key_of: dict[int, str] = {}
        self.info: dict[int, tuple[str | None, str, int]] = {}  # id -> (code, name, organization id)
        self.stored_name_keys: dict[str, list[int]] = defaultdict(list)
        self.pending_name_keys: set[str] = set()  # of this upload's new members
        self.apart: set[int] = set(session.scalars(select(M.Member.id).where(
            M.Member.created_upload_id.in_(demo_uploads())))) if apart_demo else set()  # demo members left out
        self.apart_keys: set[str] = set()
        self.apart_codes: set[str] = set()
        q = select(M.Member.id, M.Member.key, M.Member.code, M.Member.name, M.Member.name_key,
                   M.Member.organization_id)
        for mid, key, code, name, nk, oid in session.execute(q):
            if mid in self.apart:
                self.apart_keys.add(key)
                if code_key(code):
                    self.apart_codes.add(code_key(code))
                continue
            self.key_of[mid] = key
            self.info[mid] = (code, name, oid)
            ck = code_key(code)
            if ck:
                self.by_code[ck] = mid
            self.by_name_org[(nk, oid)].append(mid)
            self.by_name[nk].append(mid)
            self.stored_name_keys[nk].append(mid)
        for mid, nk, okey, ck in session.execute(select(M.MemberAlias.member_id, M.MemberAlias.name_key,
                                                        M.MemberAlias.organization_key, M.MemberAlias.code_key)):
            if mid in self.apart:
                if ck:
                    self.apart_codes.add(ck)
                continue
            if ck:
                self.by_code.setdefault(ck, mid)
            if nk:
                self.by_spelling[(nk, okey or "")] = mid
        self._choices: list[str] | None = None

    # -- this upload's members -------------------------------------------------------------------------
    def add_pending(self, pending: object, code: str | None, name: str, organization: str | None) -> None:
        ck = code_key(code)
        if ck:
            self.by_code[ck] = pending
        nk = name_key(name)
        self.by_name_org[(nk, self.directory.ref(organization))].append(pending)
        self.by_name[nk].append(pending)
        self.pending_name_keys.add(nk)

    def own_key(self, key: str) -> str:
        """The key a new member is stored under: ``key``, unless a demo member kept apart has it (the same name
        and organization): then ``key|nyata``, so the real member never becomes that demo row."""
        return f"{key}|nyata" if key in self.apart_keys else key

    def demo_code(self, code: str | None) -> bool:
        """A code only a demo member kept apart has."""
        ck = code_key(code)
        return bool(ck) and ck in self.apart_codes and ck not in self.by_code

    # -- finding -------------------------------------------------------------------------------------------
    def defer(self, code: str | None) -> None:
        """A member row of this upload that waits for a decision: its code is known, its member is not yet."""
        ck = code_key(code)
        if ck and ck not in self.by_code:
            self.by_code[ck] = DEFERRED

    def by_code_only(self, code: str | None) -> object | None:
        ck = code_key(code)
        return self.by_code.get(ck) if ck else None

    def find(self, name: str | None, organization: str | None, close: bool = True) -> Found:
        """The person a name (and Instansi) names, by the rules in this module's docstring (code aside). With
        ``close`` False an unknown person gets no candidates (the caller found the member by code already)."""
        nk = name_key(name)
        if not nk:
            return Found(None)
        oref = self.directory.ref(organization)
        spelled = self.by_spelling.get((nk, org_key(organization)))
        if spelled is not None:
            return Found(spelled, BY_ALIAS)
        if oref is not None:
            hits = _distinct(self.by_name_org.get((nk, oref), ()))
            if len(hits) == 1:
                return Found(hits[0], BY_NAME_ORG)
            if len(hits) > 1:
                return Found(None, candidates=self._candidates_of(hits, 100.0), ambiguous=True)
        if oref is None or isinstance(oref, str):  # no organization, or one the directory does not know
            hits = _distinct(self.by_name.get(nk, ()))
            if len(hits) == 1:
                return Found(hits[0], BY_NAME)
            if len(hits) > 1:
                stored = [h for h in hits if isinstance(h, int)]
                return Found(None, candidates=self._candidates_of(stored, 100.0), ambiguous=True)
        if not close:
            return Found(None)
        return Found(None, candidates=self.close_to(nk))

    def close_to(self, nk: str) -> list[Candidate]:
        """Stored members whose name key equals ``nk`` or is close to it, best first."""
        if self._choices is None:
            self._choices = list(self.stored_name_keys)
        out: list[Candidate] = []
        digits = _DIGITS.findall(nk)
        for choice, score, _ in process.extract(nk, self._choices, scorer=fuzz.token_sort_ratio,
                                                score_cutoff=SIMILARITY, limit=MAX_CANDIDATES):
            if _DIGITS.findall(choice) != digits:  # "Peserta 12" is not "Peserta 13"
                continue
            out.extend(self._candidates_of(self.stored_name_keys[choice], score))
        out.sort(key=lambda c: (-c.similarity, c.name, c.member_id))
        return out[:MAX_CANDIDATES]

    def near_pending(self, name: str) -> str | None:
        """The name of this upload's new member closest to ``name`` (for an error message), or None."""
        nk = name_key(name)
        pending = list(self.pending_name_keys)
        best = process.extractOne(nk, pending, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILARITY) \
            if pending else None
        if best is None or _DIGITS.findall(best[0]) != _DIGITS.findall(nk):
            return None
        ref = next(r for r in self.by_name[best[0]] if not isinstance(r, int))
        return getattr(ref, "values", {}).get("name")

    def _candidates_of(self, ids: list, score: float) -> list[Candidate]:
        out = []
        for mid in ids:
            if not isinstance(mid, int) or mid not in self.info:
                continue
            code, name, oid = self.info[mid]
            out.append(Candidate(mid, code, name, self.directory.names.get(oid, ""), score))
        return out

    def member_ref(self, ref: str) -> int | None:
        """A stored member named by a decision's ``ref``: ``#123`` (its id) or its code."""
        ref = ref.strip()
        if ref.startswith("#") and ref[1:].isdigit():
            mid = int(ref[1:])
            return mid if mid in self.info else None
        found = self.by_code.get(code_key(ref) or "")
        return found if isinstance(found, int) else None


def _distinct(refs) -> list:  # noqa: ANN001
    """The refs once each, in order (a pending row is not hashable: compared by identity)."""
    seen: set[int] = set()
    out = []
    for r in refs:
        k = r if isinstance(r, int) else id(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def sector_for(directory: OrgDirectory, organization: str | None, sector_names: dict[int, str]) -> tuple[str | None, bool]:
    """The sector a new member with no Unsur gets: its organization's (when the directory knows it), else the one
    the organization's name implies (``inferred`` True), else None."""
    oid = directory.resolve(organization)
    if oid is not None and directory.sector_ids.get(oid) is not None:
        return sector_names.get(directory.sector_ids[oid]), False
    inferred = infer_sector(organization)
    return inferred, inferred is not None


@dataclass
class Decision:
    """One question for the clerk: a spelling (name and organization as written) the loader is not sure of.
    ``id`` is the ``SHEET!ROW`` of its first row; ``rows`` every row that carries the spelling, as ``SHEET!ROW``
    (one decision serves all the sheets of the upload)."""

    id: str
    sheet: str
    row: int
    name: str
    organization: str | None
    rows: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    needs_sector: bool = False  # a new member with no Unsur the loader could tell: answer new:UNSUR
    guest_allowed: bool = False  # asked from a meeting list: ``guest`` (a guest, never scored) is an answer
    kind: str = "person"  # person | activity (a meeting list's activity with a close name on the same date)

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "sheet": self.sheet, "row": self.row, "rows": self.rows,
                "name": self.name, "organization": self.organization,
                "candidates": [c.as_dict() for c in self.candidates], "guest_allowed": self.guest_allowed}


@dataclass
class ActivityCandidate:
    """The stored (or listed) activity a meeting list's activity may be: answered ``same`` or ``new``."""

    ref: object  # a stored id or this upload's pending row
    name: str
    date: object
    code: str | None
    similarity: float

    def as_dict(self) -> dict:
        return {"ref": "same", "code": self.code, "name": self.name, "date": self.date.isoformat(),
                "organization": None, "similarity": round(self.similarity / 100, 3)}


@dataclass
class Answer:
    """A clerk's answer to a decision: a stored member (``member``), a new member (optionally with its
    ``sector``), or a guest."""

    member: int | None = None
    new: bool = False
    sector: str | None = None
    guest: bool = False


class Spellings:
    """The decisions of one upload, one per spelling, and the counts of how people were found."""

    def __init__(self, answers: dict[str, str] | None = None):
        self.answers = dict(answers or {})
        self.used: set[str] = set()
        self.by_spelling: dict[tuple[str, str], Decision] = {}
        self.open: list[Decision] = []
        self.counted: dict[object, str] = {}

    @staticmethod
    def spelling(name: str | None, organization: str | None) -> tuple[str, str]:
        return (" ".join((name or "").split()), " ".join((organization or "").split()))

    def ask(self, sheet: str, row: int, name: str, organization: str | None, candidates: list[Candidate],
            needs_sector: bool = False) -> tuple[Decision, str | None]:
        """The decision for this spelling (made on its first row) and the clerk's answer, if given."""
        key = self.spelling(name, organization)
        decision = self.by_spelling.get(key)
        if decision is None:
            decision = Decision(f"{sheet}!{row}", sheet, row, key[0], key[1] or None, [], candidates, needs_sector)
            self.by_spelling[key] = decision
        decision.rows.append(f"{sheet}!{row}")
        answer = self.answers.get(decision.id)
        if answer is None:
            if decision not in self.open:
                self.open.append(decision)
            return decision, None
        self.used.add(decision.id)
        return decision, answer

    def count(self, member: object, how: str) -> None:
        """``member`` (a stored id or a pending row) was found ``how``: each person counted once, the first way."""
        self.counted.setdefault(member if isinstance(member, int) else id(member), how)

    def people(self) -> dict:
        counts = {"matched": 0, "matched_by_name": 0, "new": 0, "guests": 0, "decisions": len(self.open)}
        for how in self.counted.values():
            if how in (BY_CODE, BY_NAME_ORG, BY_ALIAS, BY_DECISION):
                counts["matched"] += 1
            elif how == BY_NAME:
                counts["matched_by_name"] += 1
            elif how == "new":
                counts["new"] += 1
            elif how == "guest":
                counts["guests"] += 1
        return counts

    def unused(self) -> list[str]:
        """Answers given for decisions this upload does not ask (a typo in an ID, or a file that changed)."""
        return [i for i in self.answers if i not in self.used]
