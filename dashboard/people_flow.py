"""The people and organization directory as plain functions, for /admin and `pokja members|org`: probable
duplicate members, merging two members (an undoable entry of the upload log, kind ``merge``), and the
organization directory's names, aliases and sectors (merging two organizations: kind ``org-merge``).

A merge is undone by ``loaders.ingest.undo_upload`` like an upload: every row it changed keeps its previous
values in ``upload_change`` (a deleted row all of its values), every row it added is traced to it.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.orm import Session

from core import audit, derived
from core import models as M
from core import reference as ref
from core.values import clean_text
from loaders.identity import SIMILARITY, OrgDirectory
from loaders.ingest import lock_for_writing
from loaders.names import code_key, name_key, org_key
from loaders.write import jsonable

# An attendance status is better than those after it: two records of one activity merged keep the better.
ATTENDANCE_ORDER = (ref.PRESENT, ref.DELEGATED, ref.EXCUSED, ref.ABSENT, ref.NOT_INVITED)


class DirectoryError(ValueError):
    """A user-facing refusal (Bahasa Indonesia)."""


def _row_values(s: Session, model, row_id: int) -> dict:  # noqa: ANN001
    table = model.__table__
    row = s.execute(select(table).where(table.c.id == row_id)).mappings().one()
    return {k: jsonable(v) for k, v in row.items()}


class _Entry:
    """One non-file entry of the upload log and the previous values of what it changes."""

    def __init__(self, s: Session, kind: str, title: str, actor: str):
        self.s = s
        self.upload = M.Upload(filename=title, sha256="", size_bytes=0, uploaded_by=actor, outcome="committed",
                               kind=kind, counts_json="{}")
        s.add(self.upload)
        s.flush()
        self.id = self.upload.id

    def update(self, model, row_id: int, **values) -> None:  # noqa: ANN001, ANN003
        table = model.__table__
        now = self.s.execute(select(table).where(table.c.id == row_id)).mappings().one()
        before = {k: jsonable(now[k]) for k in values} | {"upload_id": now["upload_id"]}
        self.s.execute(update(table).where(table.c.id == row_id).values(**values, upload_id=self.id))
        self._change(model, row_id, before)

    def delete(self, model, row_id: int) -> None:  # noqa: ANN001
        before = {"__deleted__": True, **_row_values(self.s, model, row_id)}
        self.s.execute(model.__table__.delete().where(model.__table__.c.id == row_id))
        self._change(model, row_id, before)

    def insert(self, model, **values) -> None:  # noqa: ANN001, ANN003
        self.s.execute(insert(model).values(**values, created_upload_id=self.id, upload_id=self.id))

    def _change(self, model, row_id: int, before: dict) -> None:  # noqa: ANN001
        self.s.add(M.UploadChange(upload_id=self.id, table_name=model.__tablename__, row_id=row_id,
                                  before_json=json.dumps(before)))


# --- Members ----------------------------------------------------------------------------------------------


def member_ref(s: Session, text: object) -> M.Member:
    """A member named ``#123`` (its id) or by its code."""
    ref_text = (clean_text(text) or "").strip()
    member = None
    if ref_text.startswith("#") and ref_text[1:].isdigit():
        member = s.get(M.Member, int(ref_text[1:]))
    elif ref_text:
        ck = code_key(ref_text)  # codes compare by key (lost zeros, spaces): the ids and codes only, not the rows
        mid = next((i for i, code in s.execute(select(M.Member.id, M.Member.code).where(M.Member.code.is_not(None)))
                    if code_key(code) == ck), None)
        member = s.get(M.Member, mid) if mid is not None else None
    if member is None:
        raise DirectoryError(f"Anggota '{ref_text}' tidak ditemukan. Tulis #ID (misalnya #12) atau kodenya.")
    return member


def duplicates(engine: Engine) -> list[dict]:
    """Pairs of stored members that are probably one person: the same name key, or close names (a similarity of
    at least loaders.identity.SIMILARITY) in one organization. ``keep`` is the one with a code, else the older."""
    with Session(engine) as s:
        rows = s.execute(select(M.Member.id, M.Member.name, M.Member.name_key, M.Member.organization_id,
                                M.Member.code).order_by(M.Member.id)).all()
    by_key: dict[str, list] = defaultdict(list)
    by_org: dict[int, list] = defaultdict(list)
    for r in rows:
        if not r.name_key:  # a row written around the loader, without its key: nothing to compare
            continue
        by_key[r.name_key].append(r)
        by_org[r.organization_id].append(r)
    pairs: dict[tuple[int, int], dict] = {}

    def add(a, b, why: str) -> None:  # noqa: ANN001
        keep, drop = (a, b) if (a.code or not b.code) else (b, a)
        k = (min(a.id, b.id), max(a.id, b.id))
        pairs.setdefault(k, {"keep": f"#{keep.id}", "drop": f"#{drop.id}", "names": [keep.name, drop.name],
                             "why": why})

    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                same_org = a.organization_id == b.organization_id
                add(a, b, "nama sama, instansi sama" if same_org else "nama sama, instansi berbeda")
    for group in by_org.values():
        keys = [r.name_key for r in group]
        for i, a in enumerate(group):
            for _, score, j in process.extract(a.name_key, keys, scorer=fuzz.token_sort_ratio,
                                               score_cutoff=SIMILARITY, limit=None):
                b = group[j]
                if j > i and b.name_key != a.name_key:
                    add(a, b, f"nama mirip ({round(score)}%), instansi sama")
    return [pairs[k] for k in sorted(pairs)]


def merge_members(engine: Engine, keep_ref: object, drop_ref: object, actor: str) -> dict:
    """Every record of DROP moves to KEEP; DROP's name and code become KEEP's aliases; DROP is deleted. Two
    attendance records of one activity keep the better status; two contributions that become one natural key
    keep KEEP's. One transaction, an entry of the upload log (kind merge), in the audit trail; undone by
    ``pokja undo``."""
    with Session(engine) as s:
        lock_for_writing(s)
        keep, drop = member_ref(s, keep_ref), member_ref(s, drop_ref)
        if keep.id == drop.id:
            raise DirectoryError("Anggota yang digabung harus dua anggota berbeda.")
        entry = _Entry(s, "merge", f"Gabung anggota #{drop.id} ({drop.name}) ke #{keep.id} ({keep.name})", actor)
        counts = {"attendance": 0, "contributions": 0, "dropped_duplicates": 0}
        a, c = M.Attendance, M.Contribution
        keep_att = {act: (aid, st) for aid, act, st in s.execute(
            select(a.id, a.activity_id, a.status).where(a.member_id == keep.id))}
        for aid, act, status in s.execute(select(a.id, a.activity_id, a.status).where(a.member_id == drop.id)).all():
            if act in keep_att:
                kept_id, kept_status = keep_att[act]
                if _rank(status) < _rank(kept_status):
                    entry.update(a, kept_id, status=status)
                entry.delete(a, aid)
                counts["dropped_duplicates"] += 1
            else:
                entry.update(a, aid, member_id=keep.id)
                counts["attendance"] += 1
        keys = set(s.scalars(select(c.key).where(c.member_id == keep.id)))
        for cid, key, day in s.execute(select(c.id, c.key, c.date).where(c.member_id == drop.id)).all():
            new_key = key if key.startswith("#") else _moved_key(key, day, drop.key, keep.key)
            if new_key in keys or (new_key != key and s.scalar(select(c.id).where(c.key == new_key))):
                entry.delete(c, cid)
                counts["dropped_duplicates"] += 1
                continue
            entry.update(c, cid, member_id=keep.id, **({"key": new_key} if new_key != key else {}))
            keys.add(new_key)
            counts["contributions"] += 1
        for alias_id in s.scalars(select(M.MemberAlias.id).where(M.MemberAlias.member_id == drop.id)).all():
            entry.update(M.MemberAlias, alias_id, member_id=keep.id)
        for merge_id in s.scalars(select(M.MemberMerge.id).where(M.MemberMerge.keep_id == drop.id)).all():
            entry.update(M.MemberMerge, merge_id, keep_id=keep.id)
        entry.insert(M.MemberAlias, member_id=keep.id, name_key=drop.name_key or name_key(drop.name),
                     organization_key=org_key(drop.organization.name), code_key=code_key(drop.code))
        entry.insert(M.MemberMerge, keep_id=keep.id, drop_id=drop.id)
        drop_id, drop_name, keep_id, keep_name = drop.id, drop.name, keep.id, keep.name
        s.expunge(drop)
        entry.delete(M.Member, drop_id)
        s.execute(M.MemberTally.__table__.delete().where(M.MemberTally.member_id == drop_id))
        entry.upload.message = (f"{counts['attendance']} kehadiran dan {counts['contributions']} kontribusi "
                                f"dipindahkan; {counts['dropped_duplicates']} catatan ganda dilepas")
        entry.upload.counts_json = json.dumps(counts)
        audit.record(s, actor, "member.merge", f"#{entry.id}: #{drop_id} {drop_name} -> #{keep_id} {keep_name}; "
                                               f"{entry.upload.message}")
        derived.after_change(s, [keep_id, drop_id])
        s.commit()
        return {"id": entry.id, "keep": f"#{keep_id}", "drop": f"#{drop_id}", **counts}


def _rank(status: str) -> int:
    return ATTENDANCE_ORDER.index(status) if status in ATTENDANCE_ORDER else len(ATTENDANCE_ORDER)


def _moved_key(key: str, day: dt.date, old_member: str, new_member: str) -> str:
    """A contribution's natural key "<date>|<member key>|<kind>|<description>" with another member."""
    head = f"{day.isoformat()}|{old_member}|"
    return f"{day.isoformat()}|{new_member}|{key[len(head):]}" if key.startswith(head) else key


def merged_into(s: Session, member_ids: list[int]) -> dict[int, int]:
    """drop id -> keep id of the members merged into ``member_ids`` (frozen snapshots keep the old ids)."""
    return {d: k for d, k in s.execute(select(M.MemberMerge.drop_id, M.MemberMerge.keep_id)
                                       .where(M.MemberMerge.keep_id.in_(member_ids)))}


# --- Organizations ---------------------------------------------------------------------------------------


def org_rows(engine: Engine) -> list[dict]:
    """The directory: every organization with its aliases, sector and number of members, by name."""
    with Session(engine) as s:
        members = {oid: n for oid, n in s.execute(select(M.Member.organization_id, func.count())
                                                  .group_by(M.Member.organization_id))}
        sectors = {i: n for i, n in s.execute(select(M.Sector.id, M.Sector.name))}
        return [{"id": o.id, "name": o.name, "aliases": [a for a in (o.aliases or "").split("|") if a],
                 "sector": sectors.get(o.sector_id), "members": members.get(o.id, 0), "head": o.head_name}
                for o in s.scalars(select(M.Organization).order_by(M.Organization.name))]


def _org(s: Session, text: object) -> M.Organization:
    ref_text = (clean_text(text) or "").strip()
    oid = int(ref_text[1:]) if ref_text.startswith("#") and ref_text[1:].isdigit() else \
        OrgDirectory(s).resolve(ref_text)
    org = s.get(M.Organization, oid) if oid is not None else None
    if org is None:
        raise DirectoryError(f"Instansi '{ref_text}' tidak ada di direktori. Tulis #ID, namanya atau aliasnya.")
    return org


def _check_free(s: Session, org: M.Organization, names: list[str]) -> None:
    directory = OrgDirectory(s)
    for n in names:
        other = directory.resolve(n)
        if other is not None and other != org.id:
            owner = s.get(M.Organization, other).name
            raise DirectoryError(f"'{n}' sudah dipakai oleh instansi '{owner}' (#{other}). Gabungkan kedua instansi "
                                 "bila keduanya sama.")


def org_alias(engine: Engine, org_text: object, alias: object, actor: str) -> str:
    """Add an alias (an abbreviation or another spelling) to an organization."""
    alias = clean_text(alias)
    if not alias or "|" in alias:
        raise DirectoryError("Alias tidak boleh kosong atau memuat '|'.")
    with Session(engine) as s:
        org = _org(s, org_text)
        _check_free(s, org, [alias])
        aliases = [a for a in (org.aliases or "").split("|") if a]
        if org_key(alias) in {org.key, *map(org_key, aliases)}:
            return f"'{alias}' sudah menjadi nama atau alias {org.name}."
        org.aliases = "|".join([*aliases, alias])
        audit.record(s, actor, "org.alias", f"#{org.id} {org.name}: + {alias}")
        derived.after_change(s)
        s.commit()
        return f"Alias '{alias}' ditambahkan ke {org.name}."


def org_rename(engine: Engine, org_text: object, new_name: object, actor: str) -> str:
    """Rename an organization; the old name stays as an alias, so files written before still load."""
    new_name = clean_text(new_name)
    if not new_name or "|" in new_name or len(new_name) > 300:
        raise DirectoryError("Nama instansi tidak boleh kosong, memuat '|' atau lebih dari 300 karakter.")
    with Session(engine) as s:
        org = _org(s, org_text)
        _check_free(s, org, [new_name])
        old = org.name
        aliases = [a for a in (org.aliases or "").split("|") if a and org_key(a) != org_key(new_name)]
        if org_key(old) != org_key(new_name) and org_key(old) not in map(org_key, aliases):
            aliases.append(old)
        org.name, org.key, org.aliases = new_name, org_key(new_name), "|".join(aliases)
        audit.record(s, actor, "org.rename", f"#{org.id}: {old} -> {new_name}")
        derived.after_change(s)
        s.commit()
        return f"Instansi '{old}' diganti nama menjadi '{new_name}' (nama lama menjadi alias)."


def org_sector(engine: Engine, org_text: object, sector: object, actor: str) -> str:
    """Set (or clear, with an empty sector) the Unsur new members of an organization get when their row has none."""
    with Session(engine) as s:
        org = _org(s, org_text)
        text = clean_text(sector)
        sector_id = None
        if text:
            sector_id = s.scalar(select(M.Sector.id).where(func.lower(M.Sector.name) == text.casefold()))
            if sector_id is None:
                raise DirectoryError(f"Unsur '{text}' tidak dikenal.")
        org.sector_id = sector_id
        audit.record(s, actor, "org.sector", f"#{org.id} {org.name}: {text or '-'}")
        s.commit()
        return f"Unsur bawaan {org.name}: {text or '-'}."


def org_head(engine: Engine, org_text: object, name: object, actor: str) -> str:
    """Set (or clear, with an empty name) the head of an organization, whom letters of correction address."""
    from core.i18n import LETTERS

    text = clean_text(name) or ""
    if len(text) > 300:
        raise DirectoryError("Nama kepala instansi paling panjang 300 karakter.")
    with Session(engine) as s:
        org = _org(s, org_text)
        before = org.head_name or "-"
        org.head_name = text or None
        audit.record(s, actor, "org.head", f"#{org.id} {org.name}: {before} -> {text or '-'}")
        s.commit()
        return (LETTERS["head_set"].format(organization=org.name, name=text) if text
                else LETTERS["head_cleared"].format(organization=org.name))


def merge_orgs(engine: Engine, keep_text: object, drop_text: object, actor: str) -> dict:
    """Every member of DROP moves to KEEP; DROP's name and aliases become KEEP's aliases; DROP is deleted. One
    transaction, an entry of the upload log (kind org-merge), undone by ``pokja undo``."""
    with Session(engine) as s:
        lock_for_writing(s)
        keep, drop = _org(s, keep_text), _org(s, drop_text)
        if keep.id == drop.id:
            raise DirectoryError("Instansi yang digabung harus dua instansi berbeda.")
        entry = _Entry(s, "org-merge", f"Gabung instansi #{drop.id} ({drop.name}) ke #{keep.id} ({keep.name})", actor)
        moved = s.scalars(select(M.Member.id).where(M.Member.organization_id == drop.id)).all()
        for mid in moved:
            entry.update(M.Member, mid, organization_id=keep.id)
        aliases = [a for a in (keep.aliases or "").split("|") if a]
        known = {keep.key, *map(org_key, aliases)}
        for name in [drop.name, *[a for a in (drop.aliases or "").split("|") if a]]:
            if org_key(name) not in known:
                aliases.append(name)
                known.add(org_key(name))
        new_aliases, keep_sector = "|".join(aliases), keep.sector_id or drop.sector_id
        keep_id, keep_name, drop_id, drop_name = keep.id, keep.name, drop.id, drop.name
        s.expunge(keep)
        s.expunge(drop)
        entry.update(M.Organization, keep_id, aliases=new_aliases, sector_id=keep_sector)
        entry.delete(M.Organization, drop_id)
        entry.upload.message = f"{len(moved)} anggota dipindahkan"
        entry.upload.counts_json = json.dumps({"members": len(moved)})
        audit.record(s, actor, "org.merge", f"#{entry.id}: #{drop_id} {drop_name} -> #{keep_id} {keep_name}")
        derived.after_change(s)
        s.commit()
        return {"id": entry.id, "keep": f"#{keep_id}", "drop": f"#{drop_id}", "members": len(moved)}
