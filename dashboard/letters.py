"""Letters that turn scores into appreciation and correction: certificates of appreciation (piagam penghargaan)
for members standing Berkontribusi with at least a chosen score, and letters of correction (pembinaan) to the head
of each organization naming its members who were invited but neither attended nor contributed.

Recipients come from the project's scores (queries.member_scores for a period; the week's snapshot when the week
is frozen). Numbers come from a yearly sequence per series that never repeats (one INSERT .. ON CONFLICT .. DO
UPDATE .. RETURNING). Each letter is written as DOCX (python-docx, editable by the secretariat) and PDF (fpdf2: pure
Python, no server or office suite, embeds the vendored DejaVu Serif TTF), one file per recipient and format, plus a
zip of all; every batch is a row of letter_batch (who, when, kind, period, minimum score, zip) and an audit event.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core import audit, i18n
from core import models as M
from core import reference as ref
from core.settings import PROJECT_ROOT, Settings, private_dir

KINDS = ("piagam", "pembinaan")
FONT_DIR = PROJECT_ROOT / "assets" / "fonts"
SETTINGS_KEY = "letters.settings"
T = i18n.LETTERS

DEFAULT_SETTINGS: dict[str, object] = {
    "letterhead": ["PEMERINTAH KOTA BALIKPAPAN", "TIM PELAKSANA SMART CITY KOTA BALIKPAPAN",
                   "Jalan Jenderal Sudirman Nomor 1, Balikpapan 76114"],
    "place": "Balikpapan",
    "signatory_name": "",
    "signatory_position": "Ketua Tim Pelaksana Smart City",
    "signatory_nip": "",
    "number_format_piagam": "{seq:03d}/SC-PIAGAM/{year}",
    "number_format_pembinaan": "{seq:03d}/SC-PEMBINAAN/{year}",
}
LIMITS = {"letterhead": 200, "place": 100, "signatory_name": 200, "signatory_position": 200, "signatory_nip": 40,
          "number_format_piagam": 80, "number_format_pembinaan": 80}


class LetterError(ValueError):
    """A request for letters that cannot be met; ``str(exc)`` says why, in Bahasa Indonesia."""


# --- Settings ------------------------------------------------------------------------------------


def get_settings(session: Session) -> dict:
    """The letter settings as stored (app_state), the defaults where a key was never set."""
    row = session.get(M.AppState, SETTINGS_KEY)
    stored = json.loads(row.value) if row is not None else {}
    return {k: stored.get(k, v) for k, v in DEFAULT_SETTINGS.items()}


def check_format(fmt: str) -> str:
    """A number format must hold {seq} and name only seq and year; it must fit the letter's number column."""
    try:
        sample = fmt.format(seq=1, year=2026)
    except (KeyError, IndexError, ValueError, AttributeError):
        raise LetterError(T["bad_format"].format(fmt=fmt)) from None
    if "{seq" not in fmt or not sample or fmt.format(seq=2, year=2026) == sample or len(sample) > 80:
        raise LetterError(T["bad_format"].format(fmt=fmt))
    return fmt


def save_settings(engine: Engine, changes: dict, actor: str) -> dict:
    """Change some settings (keys of DEFAULT_SETTINGS); ``letterhead`` is a list of lines or one text with line
    breaks. Audited. Returns the settings after the change."""
    with Session(engine) as s:
        current = get_settings(s)
        for key, value in changes.items():
            if key not in DEFAULT_SETTINGS:
                raise LetterError(T["bad_setting"].format(key=key, keys=", ".join(DEFAULT_SETTINGS)))
            if key == "letterhead":
                lines = value.splitlines() if isinstance(value, str) else list(value or [])
                value = [" ".join(str(x).split()) for x in lines if str(x).strip()][:6]
                if any(len(x) > LIMITS[key] for x in value):
                    raise LetterError(T["too_long"].format(key=key, limit=LIMITS[key]))
            else:
                value = " ".join(str(value or "").split())
                if len(value) > LIMITS[key]:
                    raise LetterError(T["too_long"].format(key=key, limit=LIMITS[key]))
                if key.startswith("number_format_"):
                    check_format(value)
            current[key] = value
        row = s.get(M.AppState, SETTINGS_KEY)
        if row is None:
            s.add(M.AppState(key=SETTINGS_KEY, value=json.dumps(current, ensure_ascii=False)))
        else:
            row.value = json.dumps(current, ensure_ascii=False)
        audit.record(s, actor, "letters.settings", ", ".join(sorted(changes)))
        s.commit()
        return current


# --- Recipients ----------------------------------------------------------------------------------


@dataclass
class Recipient:
    """One letter: a member (piagam) or an organization's head (pembinaan), with the members it names."""

    recipient: str
    organization: str
    members: list[str]
    score: float | None = None
    head_named: bool = False
    number: str = ""
    files: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    week: str | None = None

    def label(self) -> str:
        start, end = i18n.format_date(self.start), i18n.format_date(self.end)
        if self.week:
            return T["week_label"].format(week=self.week, start=start, end=end)
        return T["period_label"].format(start=start, end=end)

    def slug(self) -> str:
        return self.week or f"{self.start.isoformat()}_{self.end.isoformat()}"


def period_of(week: str | None = None, start: dt.date | None = None, end: dt.date | None = None) -> Period:
    from dashboard.snapshots import week_bounds

    if week and (start or end):
        raise LetterError(T["bad_period"])
    if week:
        try:
            return Period(*week_bounds(week), week=week)
        except ValueError as exc:
            raise LetterError(str(exc)) from None
    if start is None or end is None or start > end:
        raise LetterError(T["bad_period"])
    return Period(start, end)


def _member_rows(s: Session, period: Period) -> tuple[list[dict], bool]:
    """Per Aktif member: name, organization, standing, score, invited, attended, contributions; from the week's
    snapshot when the week is frozen (True), else computed by queries.member_scores."""
    if period.week:
        from dashboard.snapshots import stored_week

        frozen = stored_week(s, period.week)
        if frozen is not None:
            # A snapshot keeps the rate, not the counts: invited with a rate of 0 is "invited, never attended".
            return [{"name": m["name"], "organization": m["organization"], "standing": m["week_standing"],
                     "score": m["week_score"], "contributions": m["week_contributions"],
                     "invited": m["week_attendance_rate"] is not None,
                     "attended": bool(m["week_attendance_rate"])} for m in frozen["members"]], True
    from dashboard.queries import member_scores

    return [{"name": r["name"], "organization": r["organization"], "standing": r["standing"], "score": r["score"],
             "contributions": r["contributions"], "invited": r["invited"] > 0, "attended": r["attended"] > 0}
            for r in member_scores(s, period.start, period.end)], False


def recipients(s: Session, kind: str, period: Period, min_score: float = 0) -> tuple[list[Recipient], bool]:
    """Who gets a letter of ``kind`` over ``period`` (and whether the week's snapshot was read): piagam, one per
    member standing Berkontribusi with a score of at least ``min_score`` (best first); pembinaan, one per
    organization with members invited who neither attended nor contributed (never Belum Diundang members)."""
    if kind not in KINDS:
        raise LetterError(T["bad_kind"].format(kind=kind))
    rows, frozen = _member_rows(s, period)
    if kind == "piagam":
        chosen = sorted((r for r in rows if r["standing"] == ref.CONTRIBUTING and r["score"] >= min_score),
                        key=lambda r: (-r["score"], r["name"].casefold()))
        return [Recipient(r["name"], r["organization"], [r["name"]], score=r["score"]) for r in chosen], frozen
    heads = {o.name: o.head_name for o in s.scalars(select(M.Organization))}
    groups: dict[str, list[str]] = {}
    for r in rows:
        if r["invited"] and not r["attended"] and not r["contributions"]:
            groups.setdefault(r["organization"], []).append(r["name"])
    out = []
    for org in sorted(groups, key=str.casefold):
        head = (heads.get(org) or "").strip()
        out.append(Recipient(head or T["head_of"].format(organization=org), org,
                             sorted(groups[org], key=str.casefold), head_named=bool(head)))
    return out, frozen


# --- Numbers -------------------------------------------------------------------------------------


def allocate(s: Session, year: int, series: str, count: int) -> list[int]:
    """``count`` new numbers of ``series`` in ``year``, in the caller's transaction: one upsert that returns the
    new last number, so numbers never repeat even when two batches run at once (the row is locked until commit)."""
    t = M.LetterSequence.__table__
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(t).values(year=year, series=series, last=count)
    stmt = stmt.on_conflict_do_update(index_elements=[t.c.year, t.c.series],
                                      set_={"last": t.c.last + count}).returning(t.c.last)
    last = s.execute(stmt).scalar_one()
    return list(range(last - count + 1, last + 1))


# --- Rendering -----------------------------------------------------------------------------------


def _docx(kind: str, r: Recipient, cfg: dict, period: Period, day: dt.date, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = sec.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)

    def para(text: str = "", bold: bool = False, size: int | None = None, align: str = "left",
             after: int = 0) -> object:
        p = doc.add_paragraph()
        p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        p.paragraph_format.space_after = Pt(after)
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        return p

    head = cfg["letterhead"]
    for i, line in enumerate(head):
        para(line, bold=True, size=14 if i < 2 else 11, align="center")
    if head:  # the rule under the letterhead: a bottom border on its last line
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in {"w:val": "double", "w:sz": "6", "w:space": "4", "w:color": "000000"}.items():
            bottom.set(qn(k), v)
        border.append(bottom)
        doc.paragraphs[-1]._p.get_or_add_pPr().append(border)
    para(after=12)
    for block, style in _blocks(kind, r, cfg, period, day):
        if style == "list":
            for i, name in enumerate(block, 1):
                para(f"{i}. {name}", align="left").paragraph_format.left_indent = Cm(1)
            para()
        elif style == "fields":
            for label, value in block:
                para(f"{label}\t: {value}")
            para()
        else:
            para(block, bold=style in ("title", "name"), size={"title": 18, "name": 16}.get(style),
                 align={"title": "center", "name": "center", "center": "center", "body": "justify",
                        "sign": "left"}.get(style, "left"), after=6 if style == "body" else 0)
            if style == "sign":
                doc.paragraphs[-1].paragraph_format.left_indent = Cm(9)
    doc.save(str(path))


def _blocks(kind: str, r: Recipient, cfg: dict, period: Period, day: dt.date) -> list[tuple[object, str]]:
    """The letter's content as (text, style) blocks, shared by the DOCX and the PDF so both say the same."""
    sign = [(T["place_date"].format(place=cfg["place"], date=i18n.format_date(day)), "sign"),
            (cfg["signatory_position"], "sign"), ("", "sign"), ("", "sign"), ("", "sign"),
            (cfg["signatory_name"] or "", "sign")]
    if cfg["signatory_nip"]:
        sign.append((T["nip"].format(nip=cfg["signatory_nip"]), "sign"))
    if kind == "piagam":
        return [(T["piagam_title"], "title"), (T["number"].format(number=r.number), "center"), ("", "plain"),
                (T["given_to"], "center"), ("", "plain"), (r.recipient, "name"), (r.organization, "center"),
                ("", "plain"),
                (T["piagam_body"].format(period=period.label(), score=i18n.format_number(r.score)), "body"),
                ("", "plain"), *sign]
    fields = [(label, value.format(number=r.number)) for label, value in T["letter_fields"]]
    to = [(T["to"].format(recipient=r.recipient), "plain")]
    if r.head_named:
        to.append((T["head_of"].format(organization=r.organization), "plain"))
    return [(T["place_date"].format(place=cfg["place"], date=i18n.format_date(day)), "right"), (fields, "fields"),
            *to, (T["at"], "plain"), ("", "plain"),
            (T["pembinaan_opening"].format(period=period.label(), organization=r.organization), "body"),
            (r.members, "list"), (T["pembinaan_closing"], "body"), ("", "plain"), *sign[1:]]


def _pdf(kind: str, r: Recipient, cfg: dict, period: Period, day: dt.date, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVuSerif", "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font("DejaVuSerif", "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.set_title(f"{i18n.LETTERS['kinds'][kind]} {r.number}")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    head = cfg["letterhead"]
    for i, line in enumerate(head):
        pdf.set_font("DejaVuSerif", "B", 13 if i < 2 else 10)
        pdf.multi_cell(width, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    if head:
        y = pdf.get_y() + 1.5
        pdf.set_line_width(0.6)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.set_line_width(0.2)
        pdf.line(pdf.l_margin, y + 1, pdf.w - pdf.r_margin, y + 1)
        pdf.set_y(y + 6)
    for block, style in _blocks(kind, r, cfg, period, day):
        if style == "list":
            pdf.set_font("DejaVuSerif", "", 11)
            for i, name in enumerate(block, 1):
                pdf.set_x(pdf.l_margin + 10)
                pdf.multi_cell(width - 10, 6, f"{i}. {name}", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif style == "fields":
            pdf.set_font("DejaVuSerif", "", 11)
            for label, value in block:
                pdf.cell(25, 6, label)
                pdf.multi_cell(width - 25, 6, f": {value}", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        else:
            pdf.set_font("DejaVuSerif", "B" if style in ("title", "name") else "",
                         {"title": 18, "name": 15}.get(style, 11))
            if style == "sign":
                pdf.set_x(pdf.l_margin + 90)
                pdf.multi_cell(width - 90, 6, block, new_x="LMARGIN", new_y="NEXT")
                continue
            align = {"title": "C", "name": "C", "center": "C", "body": "J", "right": "R"}.get(style, "L")
            pdf.multi_cell(width, 9 if style in ("title", "name") else 6, block, align=align, new_x="LMARGIN",
                           new_y="NEXT")
            if style == "body":
                pdf.ln(2)
    pdf.output(str(path))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "surat"


# --- Batches -------------------------------------------------------------------------------------


def generate(engine: Engine, settings: Settings, kind: str, out_dir: Path, actor: str, **options: object) -> dict:
    """The batch in Indonesian whatever the page's language (dates and numbers too): see ``_generate``."""
    from core import language

    with language.use("id"):
        return _generate(engine, settings, kind, out_dir, actor, **options)


def _generate(engine: Engine, settings: Settings, kind: str, out_dir: Path, actor: str, *, week: str | None = None,
             start: dt.date | None = None, end: dt.date | None = None, min_score: float = 0,
             today: dt.date | None = None) -> dict:
    """Write one DOCX and one PDF per recipient into ``out_dir`` and a zip of all (a copy kept under
    data/letters/); record the batch. Returns the JSON of ``pokja letters``: {"files": [{"path", "format",
    "recipient", "number", "members"}], "zip", "batch", "frozen"}. LetterError when nobody qualifies."""
    from core.periods import today_wita

    period = period_of(week, start, end)
    day = today or today_wita()
    out_dir = Path(out_dir)
    with Session(engine) as s:
        chosen, frozen = recipients(s, kind, period, min_score)
        if not chosen:
            raise LetterError(T["no_recipients"][kind].format(min=i18n.format_number(min_score),
                                                              period=period.label()))
        cfg = get_settings(s)
        fmt = check_format(cfg[f"number_format_{kind}"])
        numbers = allocate(s, day.year, kind, len(chosen))
        batch = M.LetterBatch(created_by=actor, kind=kind, week=period.week, frozen=frozen, start=period.start,
                              end=period.end, min_score=min_score if kind == "piagam" else None)
        s.add(batch)
        s.flush()
        out_dir.mkdir(parents=True, exist_ok=True)
        files = []
        for seq, r in zip(numbers, chosen, strict=True):
            r.number = fmt.format(seq=seq, year=day.year)
            stem = f"{kind}-{seq:04d}-{_slug(r.recipient if kind == 'piagam' else r.organization)}"
            for fmt_name, render in (("docx", _docx), ("pdf", _pdf)):
                path = out_dir / f"{stem}.{fmt_name}"
                render(kind, r, cfg, period, day, path)
                files.append({"path": str(path), "format": fmt_name, "recipient": r.recipient, "number": r.number,
                              "members": r.members})
            s.add(M.Letter(batch_id=batch.id, number=r.number, recipient=r.recipient, organization=r.organization,
                           members_json=json.dumps(r.members, ensure_ascii=False)))
        zip_path = out_dir / f"surat-{kind}-{period.slug()}-{batch.id}.zip"
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
            for f in files:
                z.write(f["path"], Path(f["path"]).name)
        kept = private_dir(settings.data_dir / "letters") / zip_path.name
        if kept.resolve() != zip_path.resolve():
            shutil.copyfile(zip_path, kept)
        batch.zip_path = str(kept)
        audit.record(s, actor, "letters.generate",
                     f"#{batch.id} {kind} {period.slug()}: {len(chosen)} surat ({numbers[0]}-{numbers[-1]}/"
                     f"{day.year})" + (f", skor >= {i18n.format_number(min_score)}" if kind == "piagam" else ""))
        s.commit()
        return {"files": files, "zip": str(zip_path), "batch": batch.id, "frozen": frozen}


def batches(engine: Engine, limit: int = 50) -> list[dict]:
    """The newest letter batches (the letters' audit trail), with their letter counts."""
    with Session(engine) as s:
        rows = s.scalars(select(M.LetterBatch).order_by(M.LetterBatch.id.desc()).limit(limit)).all()
        counts: dict[int, int] = {}
        for (bid,) in s.execute(select(M.Letter.batch_id).where(M.Letter.batch_id.in_([b.id for b in rows]))):
            counts[bid] = counts.get(bid, 0) + 1
        return [{"id": b.id, "kind": b.kind, "week": b.week, "frozen": b.frozen, "start": b.start, "end": b.end,
                 "min_score": b.min_score, "by": b.created_by, "at": b.created_at, "zip": b.zip_path,
                 "letters": counts.get(b.id, 0)} for b in rows]
