"""What is stored: whether there is data at all, the demo, counts per kind of record, the upload log, and the
choices the filters and the template offer."""
from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import models as M


def has_data(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(M.Member)) > 0 or \
        session.scalar(select(func.count()).select_from(M.Recommendation)) > 0


def working_group_names(session: Session) -> list[str]:
    """The stored working groups' names, sorted (the invitees a meeting list may name)."""
    return list(session.scalars(select(M.WorkingGroup.name).order_by(M.WorkingGroup.name)))


def filter_options(session: Session) -> dict[str, list[tuple[int | str, str]]]:
    """Choices for the leaderboard filters, from the reference data and what is stored."""
    return {
        "sectors": [(n, n) for n in session.scalars(select(M.Sector.name).order_by(M.Sector.sort_order))],
        "working_groups": [tuple(r) for r in session.execute(select(M.WorkingGroup.id, M.WorkingGroup.name)
                                                             .order_by(M.WorkingGroup.name))],
        "dimensions": [tuple(r) for r in session.execute(select(M.Dimension.id, M.Dimension.name)
                                                         .order_by(M.Dimension.sort_order))],
        "organizations": [tuple(r) for r in session.execute(select(M.Organization.id, M.Organization.name)
                                                            .order_by(M.Organization.name))],
    }


# --- Recommendations by group, evaluations ---------------------------------------------------------


def uploads(session: Session, limit: int | None = 100) -> list[dict]:
    """The upload log, newest first (the page shows ``limit``; the CLI passes None for all)."""
    return [{"id": u.id, "kind": u.kind, "filename": u.filename, "sha256": u.sha256, "by": u.uploaded_by,
             "at": u.uploaded_at,
             "outcome": u.outcome, "summary": u.message, "counts": json.loads(u.counts_json or "{}"),
             "error_count": u.error_count}
            for u in session.scalars(select(M.Upload).order_by(M.Upload.id.desc()).limit(limit))]


def is_demo(session: Session) -> bool:
    """Demo data is loaded: some stored rows were written by the demo upload."""
    demo_ids = select(M.Upload.id).where(M.Upload.uploaded_by == "demo", M.Upload.outcome == "committed")
    return session.scalar(select(func.count()).select_from(M.Member).where(M.Member.created_upload_id.in_(demo_ids))) > 0


# --- What is stored, per sheet of the contract (pages name what to upload when something is missing) ---


def record_counts(session: Session) -> dict[str, int]:
    """Rows stored per kind of record; keys as in the load report (``members``, ``activities``, ...)."""
    tables = {
        "members": M.Member,
        "activities": M.Activity,
        "attendance": M.Attendance,
        "contributions": M.Contribution,
        "recommendations": M.Recommendation,
        "evaluations": M.Evaluation,
    }
    return {kind: session.scalar(select(func.count()).select_from(table)) or 0 for kind, table in tables.items()}


# --- The recap template's dropdowns ----------------------------------------------------------------


def template_choices(session: Session) -> tuple[list[str], list[str]]:
    """Sectors and (non cross-cutting) dimensions, in their order, for the blank recap template."""
    sectors = list(session.scalars(select(M.Sector.name).order_by(M.Sector.sort_order)))
    dimensions = list(session.scalars(select(M.Dimension.name).where(M.Dimension.cross_cutting.is_(False))
                                      .order_by(M.Dimension.sort_order)))
    return sectors, dimensions


# --- Weekly snapshots: trends read from the frozen weeks ------------------------------------------------
# Taking a snapshot does not bump the data version: pages cache these with cache.cached_snapshot_query.
