"""What the administration page does, as plain functions: scoring rules, reference data, accounts, audit trail.

Every change is written to the audit trail in the transaction that makes it (who, what old -> new; the address
of the web request comes from ``audit.record``). A change that can alter a figure (a weight, a standing
threshold, a sector or dimension) also bumps the data version, so every cached figure is recomputed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from core import audit, derived, i18n
from core import models as M
from core import reference as ref
from core import scoring
from core.settings import TIMEZONE
from core.values import BadValue, clean_text, fold, parse_number
from dashboard import auth
from dashboard.queries import member_scores, period_bounds

T = i18n.ADMIN
MAX_POINTS = 1000  # a typo guard: no contract weight comes near it
NAME_MAX = 100  # sector.name / dimension.name
AUDIT_PAGE_SIZE = 50


class AdminError(ValueError):
    """A user-facing refusal (Bahasa Indonesia)."""


# --- Scoring rules: weights and standing thresholds ----------------------------------------------------


@dataclass(frozen=True)
class RuleField:
    category: str
    key: str
    label: str

    @property
    def whole(self) -> bool:
        """Standing thresholds count contributions and attendances: whole numbers, at least 1."""
        return self.category == scoring.STANDING


RULE_FIELDS: tuple[RuleField, ...] = (
    *(RuleField(scoring.ATTENDANCE, k, k) for k in ref.DEFAULT_ATTENDANCE_POINTS),
    *(RuleField(scoring.CONTRIBUTION, k, k) for k in ref.DEFAULT_CONTRIBUTION_POINTS),
    *(RuleField(scoring.STANDING, k, T[k]) for k in ref.DEFAULT_STANDING_RULES),
)


def current_rules(engine: Engine) -> list[float]:
    """The stored value of every RULE_FIELDS entry, in that order (the default where a row is missing)."""
    with Session(engine) as s:
        stored = scoring.weights(s)
    return [stored.get(f.category, {}).get(f.key, scoring.DEFAULTS[f.category][f.key]) for f in RULE_FIELDS]


def format_rule(value: float) -> str:
    """As the form shows it: `2`, `1,5`, `0,25`."""
    text = i18n.format_number(round(value, 2), decimals=2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def parse_rule(field: RuleField, text: object) -> float:
    """A typed value in Indonesian notation (`1,5`); raises AdminError with the message to show."""
    if clean_text(text) is None:
        raise AdminError(T["empty_number"].format(label=field.label))
    try:
        value = parse_number(text)
    except BadValue:
        raise AdminError(T["not_a_number"].format(label=field.label, value=clean_text(text))) from None
    if value < 0:
        raise AdminError(T["negative"].format(label=field.label))
    if field.whole and (not value.is_integer() or value < 1):
        raise AdminError(T["whole_number"].format(label=field.label))
    if value > MAX_POINTS:
        raise AdminError(T["too_large"].format(label=field.label, max=i18n.format_number(MAX_POINTS)))
    return value


@dataclass
class RulesResult:
    errors: list[str | None]  # per RULE_FIELDS entry: its message, or None
    changed: int = 0
    data_version: int | None = None
    message: str = ""
    effect: str = ""

    @property
    def ok(self) -> bool:
        return not any(self.errors)


def save_rules(engine: Engine, texts: list[object], actor: str, today: dt.date | None = None) -> RulesResult:
    """Validate every typed value (all messages at once), then store the changed ones in one transaction with
    an audit event each and one data-version bump. Reports how many members' scores and standings this year
    the change moved, computed before and after inside the transaction."""
    values: list[float | None] = []
    errors: list[str | None] = []
    for field, text in zip(RULE_FIELDS, texts, strict=True):
        try:
            values.append(parse_rule(field, text))
            errors.append(None)
        except AdminError as e:
            values.append(None)
            errors.append(str(e))
    if any(errors):
        return RulesResult(errors, message=T["rules_invalid"])
    start, end = period_bounds("tahun", today)
    with Session(engine) as s, s.begin():
        stored = scoring.weights(s)
        changes = []
        for field, value in zip(RULE_FIELDS, values, strict=True):
            before = stored.get(field.category, {}).get(field.key)
            if before is None or float(before) != value:
                changes.append((field, before, value))
        if not changes:
            return RulesResult(errors, message=T["rules_unchanged"])
        scores_before = {r["member_id"]: (r["score"], r["standing"]) for r in member_scores(s, start, end)}
        for field, before, value in changes:
            scoring.set_weight(s, field.category, field.key, value)
            action = "standing.change" if field.category == scoring.STANDING else "weight.change"
            audit.record(s, actor, action, T["weight_detail"].format(
                category=T["category"][field.category], key=field.label,
                before="-" if before is None else format_rule(before), after=format_rule(value)))
        version = derived.after_change(s, weights=any(f.category != scoring.STANDING for f, _, _ in changes))
        s.flush()
        after = member_scores(s, start, end)
    moved_scores = sum(1 for r in after if scores_before.get(r["member_id"], (None,))[0] != r["score"])
    moved_standings = sum(1 for r in after if scores_before.get(r["member_id"], (None, None))[1] != r["standing"])
    return RulesResult(
        errors, changed=len(changes), data_version=version,
        message=T["rules_saved"].format(n=len(changes), version=version),
        effect=T["rules_effect"].format(scores=i18n.format_number(moved_scores),
                                        standings=i18n.format_number(moved_standings),
                                        members=i18n.format_number(len(after))),
    )


# --- Reference data: dimensions and sectors ------------------------------------------------------------

DIMENSION = "dimension"
SECTOR = "sector"
REFERENCE_MODELS: dict[str, type[M.Sector] | type[M.Dimension]] = {DIMENSION: M.Dimension, SECTOR: M.Sector}
# What refers to a row of each kind: (what it is called in messages, the referring column).
REFERENCES = {
    SECTOR: (("members", M.Member.sector_id),),
    DIMENSION: (("members", M.Member.dimension_id), ("activities", M.Activity.dimension_id),
                ("recommendations", M.Recommendation.dimension_id),
                ("evaluation_scores", M.EvaluationScore.dimension_id)),
}


def _kind_word(kind: str) -> str:
    return T[f"{kind}_kind"]


def _aliases(text: str | None) -> list[str]:
    return [a for a in (text or "").split("|") if a]


def _uses(s: Session, kind: str) -> dict[int, dict[str, int]]:
    """{row id: {what: how many rows refer to it}} for every row referred to."""
    out: dict[int, dict[str, int]] = {}
    for what, column in REFERENCES[kind]:
        for row_id, n in s.execute(select(column, func.count()).where(column.is_not(None)).group_by(column)):
            out.setdefault(row_id, {})[what] = n
    return out


def _uses_text(uses: dict[str, int]) -> str:
    return ", ".join(T["uses"][what].format(n=i18n.format_number(n)) for what, n in uses.items() if n)


def reference_rows(engine: Engine, kind: str) -> list[dict]:
    """Every dimension or sector in display order, with its aliases and what refers to it."""
    model = REFERENCE_MODELS[kind]
    with Session(engine) as s:
        uses = _uses(s, kind)
        rows = []
        for r in s.scalars(select(model).order_by(model.sort_order, model.id)):
            used = uses.get(r.id, {})
            rows.append({
                "id": r.id, "name": r.name, "aliases": ", ".join(_aliases(r.aliases)),
                "internal": getattr(r, "internal", None), "cross_cutting": getattr(r, "cross_cutting", False),
                "uses": sum(used.values()), "uses_text": _uses_text(used) or "-",
            })
    return rows


def _clean_name(kind: str, text: object) -> str:
    name = clean_text(text)
    if name is None:
        raise AdminError(T["name_empty"].format(kind=_kind_word(kind).lower()))
    if len(name) > NAME_MAX:
        raise AdminError(T["name_too_long"].format(n=NAME_MAX))
    return name


def _check_free(s: Session, kind: str, names: list[str], except_id: int | None = None) -> None:
    """Names and aliases are how the loader recognizes a value: each may point at one row only."""
    model = REFERENCE_MODELS[kind]
    taken = {}
    for r in s.scalars(select(model).where(model.id != except_id) if except_id else select(model)):
        for n in (r.name, *_aliases(r.aliases)):
            taken[fold(n)] = r.name
    for n in names:
        if fold(n) in taken:
            raise AdminError(T["name_taken"].format(name=n, kind=_kind_word(kind).lower(), other=taken[fold(n)]))


def _get(s: Session, kind: str, row_id: object):  # noqa: ANN202 - a Sector or a Dimension
    """The row a form picked (its id arrives as text from a select)."""
    if row_id in (None, ""):
        raise AdminError(T["pick_first"].format(kind=_kind_word(kind).lower()))
    row = s.get(REFERENCE_MODELS[kind], int(row_id)) if str(row_id).isdigit() else None
    if row is None:
        raise AdminError(T["not_found"].format(kind=_kind_word(kind)))
    return row


def rename_reference(engine: Engine, kind: str, row_id: object, new_name: object, actor: str) -> str:
    """Rename; the old name becomes an alias, so workbooks written with it still load."""
    name = _clean_name(kind, new_name)
    with Session(engine) as s, s.begin():
        row = _get(s, kind, row_id)
        before = row.name
        if name == before:
            raise AdminError(T["same_name"])
        _check_free(s, kind, [name], except_id=row.id)
        aliases = [a for a in _aliases(row.aliases) if fold(a) != fold(name)]
        if fold(before) != fold(name) and all(fold(a) != fold(before) for a in aliases):
            aliases.append(before)
        row.name, row.aliases = name, "|".join(aliases)
        audit.record(s, actor, f"{kind}.rename", T["rename_detail"].format(before=before, after=name))
        derived.after_change(s)
    return T["renamed"].format(kind=_kind_word(kind), before=before, after=name)


def add_reference(engine: Engine, kind: str, name: object, aliases: object, actor: str,
                  internal: bool = False) -> str:
    """A new dimension or sector, after those in use (a dimension before the cross-cutting one)."""
    name = _clean_name(kind, name)
    alias_list = []
    for a in (clean_text(aliases) or "").split(","):
        a = clean_text(a)
        if a and fold(a) != fold(name) and fold(a) not in {fold(x) for x in alias_list}:
            alias_list.append(a)
    model = REFERENCE_MODELS[kind]
    with Session(engine) as s, s.begin():
        _check_free(s, kind, [name, *alias_list])
        ordinary = model.cross_cutting.is_(False) if kind == DIMENSION else True
        order = (s.scalar(select(func.max(model.sort_order)).where(ordinary)) or 0) + 1
        row = model(name=name, aliases="|".join(alias_list), sort_order=order)
        if kind == SECTOR:
            row.internal = bool(internal)
        else:
            row.cross_cutting = False
        s.add(row)
        detail = name + (f" ({', '.join(alias_list)})" if alias_list else "")
        if kind == SECTOR:
            detail += f", {T['internal_yes'] if internal else T['internal_no']}"
        audit.record(s, actor, f"{kind}.add", detail)
        derived.after_change(s)
    return T["added"].format(kind=_kind_word(kind), name=name)


def delete_reference(engine: Engine, kind: str, row_id: object, actor: str) -> str:
    """Refused while anything refers to the row."""
    with Session(engine) as s, s.begin():
        row = _get(s, kind, row_id)
        if getattr(row, "cross_cutting", False):
            raise AdminError(T["cross_cutting_fixed"].format(name=row.name))
        used = {what: s.scalar(select(func.count()).where(column == row.id)) for what, column in REFERENCES[kind]}
        if any(used.values()):
            raise AdminError(T["in_use"].format(kind=_kind_word(kind), name=row.name, uses=_uses_text(used)))
        name = row.name
        s.delete(row)
        audit.record(s, actor, f"{kind}.delete", name)
        derived.after_change(s)
    return T["deleted"].format(kind=_kind_word(kind), name=name)


def toggle_internal(engine: Engine, row_id: object, actor: str) -> str:
    """Flip a sector between internal (city government) and external."""
    with Session(engine) as s, s.begin():
        row = _get(s, SECTOR, row_id)
        before = T["internal_yes"] if row.internal else T["internal_no"]
        row.internal = not row.internal
        now = T["internal_yes"] if row.internal else T["internal_no"]
        name = row.name
        audit.record(s, actor, "sector.internal", T["internal_detail"].format(name=name, before=before, after=now))
        derived.after_change(s)
    return T["toggled"].format(name=name, now=now)


# --- Accounts (through dashboard.auth, which audits) ------------------------------------------------------


def user_rows(engine: Engine) -> list[dict]:
    return auth.list_users(engine)


def add_user(engine: Engine, username: object, role: object, password: object, again: object, actor: str) -> str:
    if (password or "") != (again or ""):
        raise AdminError(T["passwords_differ"])
    auth.add_user(engine, str(username or ""), str(role or ""), str(password or ""), actor)
    name = str(username).strip().lower()
    return T["user_added"].format(name=name, role=T["roles"].get(role, role))


def _check_target(engine: Engine, username: str, actor: str, loses_admin: bool) -> None:
    """A user is picked; nobody locks themselves out or leaves the dashboard without an active admin."""
    if not username:
        raise AdminError(T["pick_user_first"])
    if username == actor:
        raise AdminError(T["not_yourself"])
    users = {u["username"]: u for u in auth.list_users(engine)}
    target = users.get(username)
    active_admins = [u for u in users.values() if u["role"] == "admin" and u["active"]]
    if loses_admin and target and target["role"] == "admin" and target["active"] and len(active_admins) == 1:
        raise AdminError(T["last_admin"].format(name=username))


def set_role(engine: Engine, username: object, role: object, actor: str) -> str:
    username = str(username or "")
    _check_target(engine, username, actor, loses_admin=role != "admin")
    auth.set_role(engine, username, str(role or ""), actor)
    return T["role_set"].format(name=username, role=T["roles"].get(role, role))


def set_active(engine: Engine, username: object, active: bool, actor: str) -> str:
    username = str(username or "")
    _check_target(engine, username, actor, loses_admin=not active)
    if active:
        auth.enable_user(engine, username, actor)
        return T["user_enabled"].format(name=username)
    auth.disable_user(engine, username, actor)
    return T["user_disabled"].format(name=username)


def reset_password(engine: Engine, username: object, password: object, again: object, actor: str) -> str:
    if not username:
        raise AdminError(T["pick_user_first"])
    if (password or "") != (again or ""):
        raise AdminError(T["passwords_differ"])
    auth.set_password(engine, str(username), str(password or ""), actor)
    return T["password_reset"].format(name=username)


# --- The audit trail (read only; paged in SQL) -------------------------------------------------------------

# A kind of action is a set of action-name prefixes.
AUDIT_KINDS: dict[str, tuple[str, ...]] = {
    "upload": ("upload.",), "login": ("login.",), "user": ("user.",), "scoring": ("weight.", "standing."),
    "reference": ("dimension.", "sector."), "snapshot": ("snapshot.",), "evidence": ("evidence.",),
    "letters": ("letters.",),
}


def _utc_bound(day: dt.date) -> dt.datetime:
    """Midnight WITA of a day, as the naive UTC the trail is stored in."""
    return dt.datetime.combine(day, dt.time(), TIMEZONE).astimezone(dt.UTC).replace(tzinfo=None)


def audit_page(engine: Engine, kind: str | None = None, actor: str | None = None, start: dt.date | None = None,
               end: dt.date | None = None, page: int = 1, page_size: int = AUDIT_PAGE_SIZE) -> dict:
    """One page of the trail, newest first, filtered by kind of action, actor and WITA dates (inclusive)."""
    conds = []
    if kind in AUDIT_KINDS:
        conds.append(or_(*(M.AuditEvent.action.startswith(p, autoescape=True) for p in AUDIT_KINDS[kind])))
    if actor:
        conds.append(M.AuditEvent.actor == actor)
    if start:
        conds.append(M.AuditEvent.at >= _utc_bound(start))
    if end:
        conds.append(M.AuditEvent.at < _utc_bound(end + dt.timedelta(days=1)))
    with Session(engine) as s:
        total = s.scalar(select(func.count()).select_from(M.AuditEvent).where(*conds))
        pages = max(1, -(-total // page_size))
        page = min(max(1, int(page or 1)), pages)
        events = s.scalars(select(M.AuditEvent).where(*conds).order_by(M.AuditEvent.at.desc(), M.AuditEvent.id.desc())
                           .limit(page_size).offset((page - 1) * page_size)).all()
    rows = [{"id": e.id, "at": i18n.to_wita(e.at).isoformat(), "actor": e.actor, "action": e.action,
             "detail": e.detail, "address": e.address} for e in events]
    return {"rows": rows, "total": total, "page": page, "pages": pages}


def audit_actors(engine: Engine, limit: int = 500) -> list[str]:
    """The names that appear in the trail, for the filter."""
    with Session(engine) as s:
        return list(s.scalars(select(M.AuditEvent.actor).distinct().order_by(M.AuditEvent.actor).limit(limit)))
