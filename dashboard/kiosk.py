"""Kiosk tokens: a big screen opens `/layar?token=...` and sees the big screen, nothing else, without an account.

Only the SHA-256 of a token is stored; the token itself is shown once, when it is made. Making, revoking and
every session a token opens (or fails to open) are audited.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from core import audit
from core.models import AttemptCounter, KioskToken, utcnow
from dashboard.auth import count_attempt

TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 43 characters, 256 bits
TOKEN_MAX_CHARS = 200  # anything longer is not one of ours; not even hashed
LAST_USED_EVERY = dt.timedelta(minutes=5)  # how stale last_used_at may get before a request refreshes it
NAME_MAX = 100
# What a screen shows of the correction list: the names (the default), or how many only.
CORRECTIONS_NAMES, CORRECTIONS_COUNTS = "names", "counts"
CORRECTIONS = (CORRECTIONS_NAMES, CORRECTIONS_COUNTS)


class KioskError(ValueError):
    """A user-facing refusal (Bahasa Indonesia)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def path_for(token: str) -> str:
    return f"/layar?token={token}"


def create(engine: Engine, name: str, actor: str, corrections: str = CORRECTIONS_NAMES) -> tuple[int, str]:
    """A new token for the screen called ``name``: its id and the plaintext token (shown once, never stored).
    ``corrections``: whether the screen names the members to correct ("names") or only counts them ("counts")."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise KioskError(f"Nama layar wajib diisi, paling banyak {NAME_MAX} karakter.")
    if corrections not in CORRECTIONS:
        raise KioskError(f"Daftar pembinaan di layar: {' atau '.join(CORRECTIONS)}, bukan {corrections!r}.")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with Session(engine) as s, s.begin():
        row = KioskToken(name=name, token_hash=_hash(token), created_by=actor[:NAME_MAX], corrections=corrections)
        s.add(row)
        s.flush()
        audit.record(s, actor, "kiosk.add", f"#{row.id} {name}"
                     + (" (daftar pembinaan: jumlah saja)" if corrections == CORRECTIONS_COUNTS else ""))
        return row.id, token


def list_tokens(engine: Engine) -> list[dict]:
    with Session(engine) as s:
        return [{"id": t.id, "name": t.name, "created_by": t.created_by, "created_at": t.created_at,
                 "revoked_at": t.revoked_at, "last_used_at": t.last_used_at, "active": t.revoked_at is None,
                 "corrections": t.corrections}
                for t in s.scalars(select(KioskToken).order_by(KioskToken.id))]


def corrections_for(engine: Engine, token_id: int) -> str:
    """What the screen of this token shows of the correction list; counts only for a token not found (the safer)."""
    with Session(engine) as s:
        found = s.scalar(select(KioskToken.corrections).where(KioskToken.id == token_id))
    return found if found in CORRECTIONS else CORRECTIONS_COUNTS


def revoke(engine: Engine, token_id: int, actor: str) -> None:
    with Session(engine) as s, s.begin():
        row = s.get(KioskToken, token_id)
        if row is None:
            raise KioskError(f"Token layar #{token_id} tidak ditemukan.")
        if row.revoked_at is not None:
            raise KioskError(f"Token layar #{token_id} sudah dicabut.")
        row.revoked_at = utcnow()
        audit.record(s, actor, "kiosk.revoke", f"#{row.id} {row.name}")


def verify(engine: Engine, token: str | None, address: str | None = None, max_refusals: int = 10,
           window_minutes: int = 15) -> dict | None:
    """The token's ``id`` and ``name`` when it is one of ours and not revoked (a kiosk session starts), else
    None. Every session is audited; refusals are counted per address and window (one UPDATE), and only the first
    one and the one that reaches ``max_refusals`` are audited: a flood of made-up tokens writes two rows, not one
    per request."""
    valid = isinstance(token, str) and 0 < len(token) <= TOKEN_MAX_CHARS
    now = utcnow()
    with Session(engine) as s, s.begin():
        row = s.scalar(select(KioskToken).where(KioskToken.token_hash == _hash(token))) if valid else None
        if row is None or row.revoked_at is not None:
            seen = count_attempt(s, _refusal_key(address), 2**31 - 1, dt.timedelta(minutes=window_minutes), now)
            if seen == 1:
                detail = "token tidak dikenal" if row is None else f"#{row.id} {row.name}: sudah dicabut"
                audit.record(s, "kiosk", "kiosk.refused", detail, address)
            elif seen == max_refusals:
                audit.record(s, "kiosk", "kiosk.throttled",
                             f"{seen} tautan layar ditolak dalam {window_minutes} menit; yang berikutnya ditolak "
                             "tanpa dicatat satu per satu", address)
            return None
        row.last_used_at = now
        audit.record(s, f"kiosk:{row.name}"[:NAME_MAX], "kiosk.session", f"#{row.id} {row.name}", address)
        return {"id": row.id, "name": row.name}


def _refusal_key(address: str | None) -> str:
    return f"kiosk:refused:{(address or '-')[:100]}"


def refused_too_often(engine: Engine, address: str | None, max_refusals: int, window_minutes: int = 15) -> bool:
    """Whether this address had more than ``max_refusals`` tokens refused within the window (then answer 429)."""
    with Session(engine) as s:
        found = s.execute(select(AttemptCounter.count, AttemptCounter.window_start)
                          .where(AttemptCounter.key == _refusal_key(address))).one_or_none()
    return found is not None and found.count > max_refusals \
        and found.window_start > utcnow() - dt.timedelta(minutes=window_minutes)


def is_active(engine: Engine, token_id: int, now: dt.datetime | None = None) -> bool:
    """Checked on every request of a kiosk session, so a revocation takes effect on the next one: one primary-key
    read, and a write only when last_used_at is more than LAST_USED_EVERY old."""
    now = now or utcnow()
    with Session(engine) as s:
        row = s.execute(select(KioskToken.revoked_at, KioskToken.last_used_at)
                        .where(KioskToken.id == token_id)).one_or_none()
        if row is None or row.revoked_at is not None:
            return False
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
            s.execute(update(KioskToken).where(KioskToken.id == token_id).values(last_used_at=now))
            s.commit()
        return True
