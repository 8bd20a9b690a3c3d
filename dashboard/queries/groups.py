"""The board in groups: one GROUP BY over the lean per-member scores, and the roll-ups the pages show from it
(participation internal/external and per standing, the breakdowns per organization and per sector)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, func, literal, select
from sqlalchemy.orm import Session

from core import models as M
from core import reference as ref
from core.score_sql import MemberFilter
from core.scoring import standing_expr, stored_standing_rules
from dashboard.queries.scores import _lean


def board_groups(session: Session, start: dt.date | None, end: dt.date | None,
                 filters: MemberFilter | None = None, by_organization: bool = True) -> list[dict]:
    """The board in groups: one GROUP BY (organization, sector, internal, standing) over the lean per-member scores,
    with members, score sum, contributors, attended and invited per group. Participation and the breakdowns per
    organization and per sector are roll-ups of these rows, whatever the number of members. Without
    ``by_organization`` the groups are per (sector, standing) only (``organization`` None): a handful of rows, and
    a cheaper sort when organizations are many."""
    return _named_groups(session, group_select(_lean(session, start, end, filters), by_organization))


def group_select(sc, by_organization: bool = True):  # noqa: ANN001, ANN201 - lean scores in, a Select out
    """board_groups' GROUP BY over lean per-member scores ``sc``: organization_id, sector_id, standing, n, total,
    attended, invited."""
    standing = standing_expr(sc.c.contributions, sc.c.attended, sc.c.invited, **stored_standing_rules()).label("standing")
    organization = M.Member.organization_id if by_organization else literal(None, Integer)
    return (select(organization.label("organization_id"), M.Member.sector_id, standing, func.count().label("n"),
                   func.coalesce(func.sum(sc.c.score), 0).label("total"),
                   func.coalesce(func.sum(sc.c.attended), 0).label("attended"),
                   func.coalesce(func.sum(sc.c.invited), 0).label("invited"))
            .select_from(sc)
            .join(M.Member, M.Member.id == sc.c.member_id)
            .group_by(*([M.Member.organization_id] if by_organization else []), M.Member.sector_id, standing))


def _named_groups(session: Session, grouped) -> list[dict]:  # noqa: ANN001 - group_select's columns
    # grouped by the ids (integers sort faster than names), named afterwards
    g = grouped.subquery("g")
    q = (select(M.Organization.name, M.Sector.name, M.Sector.internal, g.c.standing, g.c.n, g.c.total, g.c.attended,
                g.c.invited)
         .outerjoin(M.Organization, M.Organization.id == g.c.organization_id)
         .join(M.Sector, M.Sector.id == g.c.sector_id))
    return [{"organization": org, "sector": sector, "internal": bool(internal), "standing": st, "members": int(n),
             "score": float(total), "attended": int(attended), "invited": int(invited)}
            for org, sector, internal, st, n, total, attended, invited in session.connection().execute(q)]


def participation_summary(session: Session, start: dt.date | None, end: dt.date | None,
                          filters: MemberFilter | None = None) -> dict:
    """Members internal/external, attendance rate internal vs external, members per standing (board_groups)."""
    return participation_from_groups(board_groups(session, start, end, filters, by_organization=False))


def participation_from_groups(groups: list[dict]) -> dict:
    return _participation((g["internal"], g["standing"], g["members"], g["attended"], g["invited"]) for g in groups)


def _participation(groups) -> dict:  # noqa: ANN001 - rows (internal, standing, members, attended, invited)
    totals = {True: {"members": 0, "attended": 0, "invited": 0}, False: {"members": 0, "attended": 0, "invited": 0}}
    standings = {s: 0 for s in ref.STANDINGS}
    for internal, standing, members, attended, invited in groups:
        g = totals[bool(internal)]
        g["members"] += int(members)
        g["attended"] += int(attended or 0)
        g["invited"] += int(invited or 0)
        standings[standing] += int(members)

    def rate(g: dict) -> float | None:
        return round(g["attended"] / g["invited"], 4) if g["invited"] else None

    return {
        "members": totals[True]["members"] + totals[False]["members"],
        "internal_members": totals[True]["members"],
        "external_members": totals[False]["members"],
        "internal_attendance_rate": rate(totals[True]),
        "external_attendance_rate": rate(totals[False]),
        "standings": standings,
    }


def participation_from(scores: list[dict]) -> dict:
    """participation_summary rolled up from member_scores rows: the same figures, each member its own group."""
    return participation_from_groups(_member_groups(scores))


def _member_groups(scores: list[dict]) -> list[dict]:
    """member_scores rows as board_groups rows of one member each."""
    return [{"organization": r["organization"], "sector": r["sector"], "internal": bool(r["internal"]),
             "standing": r["standing"], "members": 1, "score": float(r["score"] or 0),
             "attended": int(r["attended"] or 0), "invited": int(r["invited"] or 0)} for r in scores]


def score_breakdown(session: Session, by: str, start: dt.date | None, end: dt.date | None,
                    filters: MemberFilter | None = None) -> list[dict]:
    """Per organization or per sector: members, average score, contributors, attendance rate (board_groups)."""
    return breakdown_from_groups(board_groups(session, start, end, filters), by)


def breakdown_from_groups(groups: list[dict], by: str) -> list[dict]:
    totals: dict[str, dict] = {}
    for g in groups:
        t = totals.setdefault(g[by], {"name": g[by], "members": 0, "total_score": 0.0, "contributing": 0,
                                      "attended": 0, "invited": 0})
        t["members"] += g["members"]
        t["total_score"] += g["score"]
        t["contributing"] += g["members"] if g["standing"] == ref.CONTRIBUTING else 0
        t["attended"] += g["attended"]
        t["invited"] += g["invited"]
    return _breakdown(list(totals.values()))


def breakdown_from(scores: list[dict], by: str) -> list[dict]:
    """score_breakdown rolled up from member_scores rows, best average first."""
    return breakdown_from_groups(_member_groups(scores), by)


def _breakdown(groups: list[dict]) -> list[dict]:
    out = []
    for g in groups:
        g["avg_score"] = round(g["total_score"] / g["members"], 2)
        g["total_score"] = round(g["total_score"], 2)
        g["attendance_rate"] = round(g["attended"] / g["invited"], 4) if g["invited"] else None
        out.append(g)
    out.sort(key=lambda g: (-g["avg_score"], g["name"]))
    return out
