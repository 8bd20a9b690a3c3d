"""Real-world sheet layouts: headers over several rows, title-block fields, rows that are not records, tick boxes.

Pure functions over rows of cells (merged cells already filled); loaders/parse.py calls them for a sheet that does
not have the template's shape. The rules are the contract's section "Real-world layouts".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from core.values import clean_text, header_key

MAX_HEADER_ROWS = 3

# Title-block labels that name a column of the sheet's kind besides the column's own aliases.
TITLE_ALIASES = {
    "activities": {"name": ("Acara", "Perihal", "Kegiatan", "Nama Kegiatan", "Agenda"),
                   "date": ("Hari/Tanggal", "Hari, Tanggal", "Tanggal", "Hari Tanggal")},
    "attendance": {"activity_name": ("Acara", "Perihal", "Kegiatan", "Nama Kegiatan", "Agenda"),
                   "activity_date": ("Hari/Tanggal", "Hari, Tanggal", "Tanggal", "Hari Tanggal")},
}
# Title-block labels naming who was invited (working groups): issue 16 item 4.
INVITEE_LABELS = frozenset(header_key(x) for x in ("Peserta", "Undangan", "Kelompok Kerja", "Pokja", "Tim"))

# A mark in a tick-box column (√, ✓, v, V, x, X, 1, Ya).
TICKS = frozenset({"√", "✓", "✔", "v", "x", "1", "ya", "y"})

_LABEL_VALUE = re.compile(r"^\s*([^:]{1,40}?)\s*:\s*(.*\S)?\s*$", re.S)
_NUMBERING = re.compile(r"^\(?\d{1,4}\s*[.)]?\)?\s*[.\u2026_\s]*$")
_NIP_LINE = re.compile(r"^\s*NIP\s*[.:]?\s*[:.]?\s*(\d[\d ]{5,30}\d)\s*$", re.I)
_SIGNATURE_WORDS = ("mengetahui", "kepala", "sekretaris", "ketua", "plt", "pj", "an ", "a.n", "menyetujui", "nip")


def is_blank(cell: object) -> bool:
    return cell is None or cell == "" or (type(cell) is str and not cell.strip())


def filled(row: list[object]) -> list[tuple[int, object]]:
    return [(j, c) for j, c in enumerate(row) if not is_blank(c)]


def is_numbering(cell: object) -> bool:
    """A cell that only numbers: `12`, `12.`, `(3)`, `1. .........` (a numbered signature box)."""
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int) or (isinstance(cell, float) and cell.is_integer() and 0 <= cell < 10_000):
        return True
    return type(cell) is str and bool(_NUMBERING.match(cell))


def nip_of(cell: object) -> str | None:
    """`NIP. 19700101 199003 1 002` -> `197001011990031002`; None for any other cell."""
    if type(cell) is not str:
        return None
    m = _NIP_LINE.match(cell)
    return m.group(1).replace(" ", "") if m else None


# --- Headers ------------------------------------------------------------------------------------


def header_rows(rows: list[list[object]], h: int, merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[int]:
    """The header's rows: ``h`` and up to two more below it that continue it.

    A row continues the header when a merged cell of the header so far reaches into it (a parent merged down over
    its children's rows) or spans columns above it (a parent over its children), and it holds only text."""
    out = [h]
    while len(out) < MAX_HEADER_ROWS:
        below = out[-1] + 1
        if below >= len(rows):
            break
        spans = [((r0, c0), (r1, c1)) for (r0, c0), (r1, c1) in merged if r0 <= out[-1] <= r1 and r0 >= h]
        down = any(r1 >= below for (_, _), (r1, _) in spans)
        across = [(c0, c1) for (r0, c0), (r1, c1) in spans if c1 > c0 and r1 < below]
        cells = filled(rows[below])
        if not cells or not all(type(c) is str and not is_numbering(c) for _, c in cells):
            break
        under_parent = any(c0 <= j <= c1 for j, _ in cells for c0, c1 in across)
        if not (down or under_parent):
            break
        out.append(below)
    return out


def first_text_row(rows: list[list[object]]) -> int | None:
    """The first row with two text cells or more: where a header of unknown words most likely is."""
    for i, row in enumerate(rows):
        if sum(1 for _, c in filled(row) if type(c) is str and not is_numbering(c)) >= 2:
            return i
    return None


def joined_headers(rows: list[list[object]], hrows: list[int]) -> dict[int, list[str]]:
    """Per column, its header texts from top to bottom, a merged parent's repeated text once."""
    width = max(len(rows[r]) for r in hrows)
    out: dict[int, list[str]] = {}
    for j in range(width):
        parts: list[str] = []
        for r in hrows:
            cell = rows[r][j] if j < len(rows[r]) else None
            text = clean_text(cell)
            if text and (not parts or text != parts[-1]):
                parts.append(text)
        if parts:
            out[j] = parts
    return out


# --- Title block --------------------------------------------------------------------------------


@dataclass
class TitleField:
    label: str  # as written
    value: object  # as written (a date cell stays a date)
    row: int  # Excel row


def title_fields(rows: list[list[object]], above: int) -> list[TitleField]:
    """`Label : value` lines above the header: in one cell, or the label and its value in neighbouring cells
    (`Acara` | `:` | `FGD ...`, `Acara :` | `FGD ...`, `Acara` | `: FGD ...`)."""
    out: list[TitleField] = []
    for i in range(min(above, len(rows))):
        cells = filled(rows[i])
        k = 0
        while k < len(cells):
            cell = cells[k][1]
            nxt = cells[k + 1][1] if k + 1 < len(cells) else None
            if type(cell) is str and cell.strip() == ":":  # `Acara` | `:` | value
                label = cells[k - 1][1] if k else None
                if type(label) is str and ":" not in label and nxt is not None:
                    out.append(TitleField(label.strip(), nxt, i + 1))
                    k += 2
                    continue
            elif type(cell) is str and ":" in cell:
                m = _LABEL_VALUE.match(cell)
                if m and m.group(2):
                    out.append(TitleField(m.group(1).strip(), m.group(2).strip(), i + 1))
                elif m and nxt is not None:
                    out.append(TitleField(m.group(1).strip(), nxt, i + 1))
                    k += 1
            elif type(cell) is str and type(nxt) is str and nxt.lstrip().startswith(":") and nxt.strip() != ":":
                out.append(TitleField(cell.strip(), nxt.strip()[1:].strip(), i + 1))
                k += 1
            k += 1
    return out


# --- Rows that are not records ------------------------------------------------------------------


@dataclass
class RowPlan:
    """What each row below the header is: records, and the rows skipped with why."""

    records: list[int] = field(default_factory=list)  # row indexes
    totals: list[tuple[int, str]] = field(default_factory=list)
    numbering: list[int] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    nip: dict[int, tuple[int, str]] = field(default_factory=dict)  # record row index -> (NIP row index, code)
    stray_nip: list[int] = field(default_factory=list)  # an NIP line under no record
    after_gap: list[int] = field(default_factory=list)
    gap_at: int | None = None  # the first row index of what follows the table, when it stopped


def plan_rows(rows: list[list[object]], start: int, mapped: set[int], looks_like_header, is_total) -> RowPlan:
    """Classify the rows from ``start``: records, totals, numbering, unit headings, NIP lines, and everything
    after a blank gap that is not more of the table (a signature block, a summary table)."""
    plan = RowPlan()
    gap = False
    stopped = False
    seen_record = False
    above: int | None = None  # the record in the row just above (blank rows aside), for an NIP line
    for i in range(start, len(rows)):
        cells = filled(rows[i])
        if not cells:
            if seen_record:
                gap = True
            continue
        if stopped:
            plan.after_gap.append(i)
            continue
        if is_total(rows[i]):
            plan.totals.append((i, next(clean_text(c) for _, c in cells if type(c) is str)))
            above = None
            continue
        if gap:
            gap = False
            in_columns = sum(1 for j, _ in cells if j in mapped)
            if in_columns < 2 or looks_like_header(cells) or _signature_like(cells):
                stopped = True
                plan.gap_at = i
                plan.after_gap.append(i)
                continue
        if all(is_numbering(c) for _, c in cells):
            plan.numbering.append(i)
            above = None
            continue
        if len(cells) == 1 or (len(cells) == 2 and is_numbering(cells[0][1])):
            code = nip_of(cells[-1][1])
            if code is not None:
                if above is not None:
                    plan.nip[above] = (i, code)
                else:
                    plan.stray_nip.append(i)
                above = None
                continue
        if len(cells) == 1 and type(cells[0][1]) is str and not _followed_by_nip(rows, i):
            plan.headings.append((i, clean_text(cells[0][1])))
            above = None
            continue
        plan.records.append(i)
        seen_record = True
        above = i
    return plan


def _followed_by_nip(rows: list[list[object]], i: int) -> bool:
    for k in range(i + 1, min(i + 3, len(rows))):
        cells = filled(rows[k])
        if cells:
            return nip_of(cells[-1][1]) is not None and len(cells) <= 2
    return False


def _signature_like(cells: list[tuple[int, object]]) -> bool:
    text = " ".join(clean_text(c) or "" for _, c in cells).casefold()
    if re.search(r"^[a-z .]+,\s*\d{1,2}\s+[a-z]+\s+\d{4}$", text):  # `Balikpapan, 13 Mei 2023`
        return True
    return any(text.startswith(w) for w in _SIGNATURE_WORDS)


# --- Tick boxes ---------------------------------------------------------------------------------


def is_tick(cell: object) -> bool:
    if is_blank(cell):
        return False
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float)):
        return cell == 1
    return (clean_text(cell) or "").casefold() in TICKS


# --- Dates: day or month first per column ---------------------------------------------------------

_DMY_TEXT = re.compile(r"(?:^|[\s,/])(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})\s*$")


def day_month_numbers(cell: object) -> tuple[int, int] | None:
    """The first two numbers of a text date written with numbers only (`13/05/2023`, `Senin, 5/13/2023`)."""
    if type(cell) is not str or isinstance(cell, (dt.date, dt.datetime)):
        return None
    m = _DMY_TEXT.search(cell.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None
