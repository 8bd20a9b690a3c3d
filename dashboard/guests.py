"""Guests (tamu) as plain functions, for /unggah and `pokja guests list|promote`.

A guest is a person a meeting list names who is no member and close to none (loaders/resolve.py). Guests are
stored with the upload that listed them and never scored. Promoting one makes them a member: the member (and
their organization, when the directory does not know it) is created, the guest's attendance is copied to the
member (it then counts), and the guest row points at the member. One transaction, an entry of the upload log
(kind ``promotion``) undone by ``pokja undo`` like an upload, and in the audit trail.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core import audit, derived, i18n
from core import models as M
from core.values import BadValue, clean_text
from dashboard.people_flow import DirectoryError, _Entry
from loaders.identity import OrgDirectory, sector_for
from loaders.ingest import _vocab, lock_for_writing
from loaders.names import name_key, org_key

T = i18n.GUESTS


def rows(engine: Engine, include_promoted: bool = False) -> list[dict]:
    """The stored guests, most recently listed first: ``{"id", "name", "organization", "member" ("#12" once
    promoted, else None), "attendance" (how many activities), "activities" ([name (date)]), "last" (ISO date
    or None)}``. Promoted guests only with ``include_promoted``."""
    with Session(engine) as s:
        q = select(M.Guest.id, M.Guest.name, M.Guest.organization, M.Guest.member_id)
        if not include_promoted:
            q = q.where(M.Guest.member_id.is_(None))
        guests = s.execute(q).all()
        seen: dict[int, list] = defaultdict(list)
        ga, a = M.GuestAttendance, M.Activity
        for gid, name, day in s.execute(select(ga.guest_id, a.name, a.date).join(a, a.id == ga.activity_id)
                                        .order_by(a.date, a.name)):
            seen[gid].append((day, name))
    out = []
    for gid, name, org, member in guests:
        visits = seen.get(gid, [])
        out.append({"id": gid, "name": name, "organization": org, "member": f"#{member}" if member else None,
                    "attendance": len(visits), "activities": [f"{n} ({i18n.format_date(d)})" for d, n in visits],
                    "last": visits[-1][0].isoformat() if visits else None})
    out.sort(key=lambda r: (r["last"] or "", r["id"]), reverse=True)
    return out


def promote(engine: Engine, guest_id: int, actor: str, sector: str | None = None,
            organization: str | None = None) -> dict:
    """Make guest ``guest_id`` a member (Unsur ``sector``, else their organization's; Instansi ``organization``,
    else the one the list wrote). Returns ``{"id" (the log entry), "guest", "member" ("#12"), "attendance"}``;
    raises DirectoryError (Bahasa Indonesia) when it cannot."""
    with Session(engine) as s:
        lock_for_writing(s)
        guest = s.get(M.Guest, int(guest_id))
        if guest is None:
            raise DirectoryError(T["not_found"].format(id=guest_id))
        if guest.member_id is not None:
            raise DirectoryError(T["already"].format(id=guest.id, member=guest.member_id))
        org = clean_text(organization) or guest.organization
        if not org:
            raise DirectoryError(T["no_organization"].format(id=guest.id, name=guest.name))
        directory = OrgDirectory(s)
        sector_names = {i: n for i, n in s.execute(select(M.Sector.id, M.Sector.name))}
        if sector:
            try:
                sector_name = _vocab(s).sector.parse(sector)
            except BadValue as exc:
                raise DirectoryError(str(exc)) from None
        else:
            sector_name = sector_for(directory, org, sector_names)[0]
            if sector_name is None:
                raise DirectoryError(T["no_sector"].format(id=guest.id, name=guest.name, organization=org))
        key = f"{guest.name_key}|{directory.key(org)}"
        same = s.scalar(select(M.Member.id).where(M.Member.key == key))
        if same is not None:
            raise DirectoryError(T["member_exists"].format(id=guest.id, name=guest.name, member=same))
        entry = _Entry(s, "promotion", T["entry"].format(id=guest.id, name=guest.name), actor)
        oid = directory.resolve(org)
        if oid is None:
            entry.insert(M.Organization, key=org_key(org), name=org, aliases="")
            oid = s.scalar(select(M.Organization.id).where(M.Organization.key == org_key(org)))
        sector_id = {n: i for i, n in sector_names.items()}[sector_name]
        entry.insert(M.Member, key=key, name=guest.name, name_key=guest.name_key or name_key(guest.name),
                     organization_id=oid, sector_id=sector_id, role="Anggota", status="Aktif")
        member_id = s.scalar(select(M.Member.id).where(M.Member.key == key))
        visits = s.execute(select(M.GuestAttendance.activity_id, M.GuestAttendance.status)
                           .where(M.GuestAttendance.guest_id == guest.id)).all()
        for activity_id, status in visits:
            entry.insert(M.Attendance, member_id=member_id, activity_id=activity_id, status=status)
        entry.update(M.Guest, guest.id, member_id=member_id)
        entry.upload.message = T["entry_message"].format(member=member_id, n=len(visits))
        audit.record(s, actor, "guest.promote", f"#{entry.id}: tamu #{guest.id} {guest.name} -> anggota "
                                                f"#{member_id} ({sector_name}, {org}); {len(visits)} kehadiran")
        derived.after_change(s, [member_id])
        s.commit()
        return {"id": entry.id, "guest": guest.id, "member": f"#{member_id}", "attendance": len(visits)}
