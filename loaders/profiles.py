"""Mapping profiles: a clerk's confirmed reading of a sheet layout, saved by name and used by itself for the next
sheet whose header (at the same rows) has the same signature. `pokja load --mapping MAP.json --save-profile NAME`
saves; `pokja profiles list|delete` manages them."""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core import audit
from core import models as M
from core.i18n import LOADER as T
from core.values import header_key
from loaders import layout as L
from loaders.parse import HEADER_SEARCH_ROWS, SheetMapping, fill_merged
from loaders.reader import Sheet


def signature(sheet: Sheet, header_rows: list[int]) -> str | None:
    """SHA-256 of the header's keys by column (joined over ``header_rows``, Excel numbers); None without a header."""
    grid = Sheet(sheet.name, fill_merged(sheet)) if sheet.merged else sheet
    head = grid.head(max(HEADER_SEARCH_ROWS, max(header_rows)))
    rows = [r - 1 for r in header_rows if r - 1 < len(head)]
    if not rows or len(rows) != len(header_rows):
        return None
    joined = L.joined_headers(head, rows)
    if len(joined) < 2:
        return None
    text = "\n".join(f"{j}={header_key(' / '.join(parts))}" for j, parts in sorted(joined.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def find(session: Session, sheet: Sheet) -> tuple[str, SheetMapping] | None:
    """The profile whose layout this sheet has: (its name, its mapping)."""
    profiles = list(session.execute(select(M.MappingProfile.name, M.MappingProfile.kind, M.MappingProfile.signature,
                                           M.MappingProfile.mapping_json).order_by(M.MappingProfile.id)))
    for name, kind, sig, mapping_json in profiles:
        stored = json.loads(mapping_json)
        if signature(sheet, stored["header_rows"]) == sig:
            return name, SheetMapping(kind, stored["header_rows"], {int(j): t for j, t in stored["columns"].items()},
                                      None, stored.get("invited"))
    return None


def save(session: Session, name: str, sheet: Sheet, mapping: SheetMapping, header_rows: list[int], user: str) -> str:
    """Store (or replace, for the same layout) a profile of this sheet's layout. Returns its signature."""
    rows = mapping.header_rows or header_rows
    sig = signature(sheet, rows)
    if sig is None:
        raise ValueError(T["profile_no_header"].format(sheet=sheet.name, rows=rows))
    body = json.dumps({"header_rows": rows, "columns": {str(j): t for j, t in sorted(mapping.columns.items())},
                       "invited": mapping.invited}, ensure_ascii=False)
    session.execute(delete(M.MappingProfile).where(M.MappingProfile.signature == sig))
    session.add(M.MappingProfile(name=name, kind=mapping.kind, signature=sig, mapping_json=body, created_by=user))
    audit.record(session, user, "profile.save", T["profile_audit"].format(name=name, sheet=sheet.name, kind=mapping.kind))
    return sig


def listing(session: Session) -> list[dict]:
    return [{"id": p.id, "name": p.name, "kind": p.kind, "signature": p.signature[:12],
             "columns": len(json.loads(p.mapping_json)["columns"]), "created_by": p.created_by,
             "created_at": p.created_at.isoformat(timespec="seconds")}
            for p in session.scalars(select(M.MappingProfile).order_by(M.MappingProfile.name, M.MappingProfile.id))]


def remove(session: Session, name: str, user: str) -> int:
    count = session.execute(delete(M.MappingProfile).where(M.MappingProfile.name == name)).rowcount or 0
    if count:
        audit.record(session, user, "profile.delete", name)
    return count
