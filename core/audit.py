"""The audit trail: one append-only row per action that changes what the dashboard shows."""
from __future__ import annotations

import sys

from sqlalchemy.orm import Session

from core.models import AuditEvent


def request_address() -> str | None:
    """The client address of the web request being served (None outside a request: the CLI, the scheduler)."""
    if "flask" not in sys.modules:  # no web app in this process (`pokja load`): importing flask costs 0.15 s
        return None
    from flask import has_request_context, request

    return request.remote_addr if has_request_context() else None


def record(session: Session, actor: str, action: str, detail: str = "", address: str | None = None) -> None:
    """Added to the caller's transaction, so the event commits (or not) with the change it describes.
    Without an explicit address, the address of the current web request (if any) is recorded."""
    session.add(AuditEvent(actor=actor, action=action, detail=detail,
                           address=address if address is not None else request_address()))
