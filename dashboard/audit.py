"""The audit trail: one append-only row per action that changes what the dashboard shows."""
from __future__ import annotations

from sqlalchemy.orm import Session

from dashboard.models import AuditEvent


def record(session: Session, actor: str, action: str, detail: str = "", address: str | None = None) -> None:
    """Added to the caller's transaction, so the event commits (or not) with the change it describes."""
    session.add(AuditEvent(actor=actor, action=action, detail=detail, address=address))
