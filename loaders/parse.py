"""Sheets of cells -> validated records: header detection, column mapping, value parsing, all errors at once.

Nothing here touches the database except through the ``Lookup`` handed in (reference data and what is
already stored), so the whole workbook is judged before anything is written.
"""
from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core import reference as ref
from loaders import layout as L
from loaders import sheets as S
from loaders.names import lost_precision
from loaders.reader import Sheet
from core.i18n import LOADER as T
from core.values import (
    BadValue,
    Matcher,
    clean_text,
    clean_texts,
    fold,
    header_key,
    parse_date,
    parse_int,
    parse_number,
    parse_percent,
    parse_year,
)

HEADER_SEARCH_ROWS = 15
# Fields that hold a person's code: a number cell of 16 digits or more there has lost its last digits.
CODE_FIELDS = frozenset({("code", "members"), ("member_code", "attendance"), ("member_code", "contributions")})
LOST_PRECISION = T["lost_precision"]


@dataclass
class Issue:
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value,
                "message": self.message}


@dataclass
class Record:
    """One data row (or, for matrix attendance, one cell) with the Excel position it came from."""

    row: int
    values: dict[str, object]
    columns: dict[str, str]  # field -> header as written in the file (for error messages)


@dataclass
class ParsedSheet:
    """The valid rows of a sheet, by column: ``columns[k][i]`` is field ``fields[k]`` of Excel row ``rows[i]``.

    ``records`` gives them row by row (a Record each), built on first use.
    """

    name: str
    spec: S.SheetSpec
    header_row: int | None = None
    fields: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    columns: list[list] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # field -> header as written in the file
    skipped: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    present_fields: set[str] = field(default_factory=set)
    matrix: bool = False
    # matrix attendance: column index -> (header text, activity reference dict)
    activity_columns: dict[int, tuple[str, dict]] = field(default_factory=dict)
    dimension_columns: dict[str, str] = field(default_factory=dict)  # evaluations: dimension -> header
    # Real-world layouts (loaders/layout.py): every header row (Excel numbers), the header of each column as
    # written (joined over the header rows), the title block's fields, the skipped rows counted by why.
    header_rows: list[int] = field(default_factory=list)
    headers: dict[int, str] = field(default_factory=dict)
    maps_to: dict[int, str] = field(default_factory=dict)  # column index -> field, `status:VALUE` for tick boxes
    title_fields: dict[str, str] = field(default_factory=dict)  # field -> value as written
    invited: list[str] | None = None
    skips: dict[str, int] = field(default_factory=dict)
    meeting_list: bool = False
    _records: list[Record] | None = field(default=None, repr=False)

    @property
    def records(self) -> list[Record]:
        if self._records is None:
            fields, labels = self.fields, self.labels
            if self.columns:
                self._records = [Record(row, dict(zip(fields, values, strict=True)), labels)
                                 for row, values in zip(self.rows, zip(*self.columns, strict=True), strict=True)]
            else:
                self._records = [Record(row, {}, labels) for row in self.rows]
        return self._records


class Vocab:
    """Matchers for every enumeration, with sectors and dimensions taken from the database."""

    def __init__(self, sectors: list[tuple[str, str]], dimensions: list[tuple[str, str, bool]]):
        # sectors: (name, "|"-joined aliases); dimensions: (name, aliases, cross_cutting)
        self.sector = Matcher(
            "Unsur",
            [(n, n) for n, _ in sectors] + [(a, n) for n, al in sectors for a in al.split("|") if a],
            [n for n, _ in sectors],
        )
        pairs = []
        for name, aliases, _cross in dimensions:
            pairs.append((name, name))
            pairs.extend((a, name) for a in aliases.split("|") if a)
        self.dimension = Matcher("Dimensi", pairs, [n for n, _, _ in dimensions])
        self.scored_dimensions = [n for n, _, cross in dimensions if not cross]
        self.dimension_headers = {
            header_key(a): n
            for n, al, cross in dimensions
            if not cross
            for a in (n, *[x for x in al.split("|") if x])
        }
        self.enums = {
            id(v): Matcher.from_vocabulary(v)
            for v in (ref.ROLES, ref.MEMBER_STATUS, ref.ACTIVITY_KINDS, ref.ATTENDANCE, ref.VERIFICATION,
                      ref.CONTRIBUTION_KINDS, ref.FOLLOWUP_STATUS, ref.EVALUATION_STAGES)
        }
        self.matrix_attendance = Matcher.from_vocabulary(ref.ATTENDANCE, extra=ref.MATRIX_ONLY_ATTENDANCE)


_MISSING = object()
_BLANK = object()


def _parse_or_problem(column: S.Column, raw: object, *, vocab: Vocab) -> object:
    """The parsed value, _BLANK for an empty cell, or the BadValue (memoised per distinct cell by the caller)."""
    if raw is None or raw == "":
        return _BLANK
    text = clean_text(raw)
    if text is None:
        return _BLANK
    if column.type == S.TEXT:
        return text
    try:
        return parse_cell(column, raw, vocab)
    except BadValue as exc:
        return exc


def parse_cell(column: S.Column, raw: object, vocab: Vocab) -> object:
    """One cell to its clean value, or BadValue. Blank cells are handled by the caller."""
    t = column.type
    if t == S.TEXT:
        return clean_text(raw)
    if t == S.DATE:
        return parse_date(raw)
    if t == S.NUMBER:
        return parse_number(raw)
    if t == S.PERCENT:
        return parse_percent(raw)
    if t == S.INT:
        return parse_int(raw, minimum=0)
    if t == S.YEAR:
        return parse_year(raw)
    if t == S.COUNT_OR_LINKS:
        return parse_evidence(raw)
    if t == S.ENUM:
        return vocab.enums[id(column.vocabulary)].parse(raw)
    if t == S.SECTOR:
        return vocab.sector.parse(raw)
    if t == S.DIMENSION:
        return vocab.dimension.parse(raw)
    raise AssertionError(f"unknown column type {t}")


_LINK_SPLIT = re.compile(r"[\n;,]+|\s+(?=https?://)")


def parse_evidence(raw: object) -> tuple[int, str | None]:
    """Data Dukung: a count, or a list of links/documents (counted). Returns (count, links text)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return parse_int(raw, minimum=0), None
    text = clean_text(raw) or ""
    try:
        return parse_int(text, minimum=0), None
    except BadValue:
        pass
    original = str(raw).strip()
    items = [x.strip() for x in _LINK_SPLIT.split(original) if x.strip()]
    return len(items), "\n".join(items)


def fill_merged(sheet: Sheet) -> list[list[object]]:
    """Merged cells take the value of their top-left cell (only within the sheet's used area)."""
    rows = sheet.rows
    if not sheet.merged:
        return rows
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) for r in rows]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            last = min(c1, width - 1)
            if len(row) <= last:
                row.extend([""] * (last + 1 - len(row)))
            for c in range(c0, last + 1):
                row[c] = value
    return rows


def _display(raw: object) -> str | None:
    if isinstance(raw, dt.datetime) and raw.time() == dt.time():
        raw = raw.date()
    if isinstance(raw, dt.date):
        return raw.strftime("%d/%m/%Y")
    return clean_text(raw)


def _match_header(text: str, spec: S.SheetSpec) -> S.Column | None:
    key = header_key(text)
    if not key:
        return None
    for column in spec.columns:
        if key in column.header_keys:
            return column
    if "/" in text:  # `OPD / Instansi`: two aliases of one column
        parts = [header_key(p) for p in text.split("/") if header_key(p)]
        found = {c.field for p in parts for c in spec.columns if p in c.header_keys}
        if len(parts) >= 2 and len(found) == 1:
            return spec.column(found.pop())
    return None


_DATE_PREFIX = re.compile(
    r"^\s*(?:[A-Za-z'’]+,?\s+)?(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}|\d{1,2}\s+[A-Za-z]+\.?\s+\d{4})\b\s*(.*)$"
)


def split_activity_header(raw: object) -> tuple[dt.date | None, str | None]:
    """A matrix column header: a real date, or `13/05/2023 FGD Masterplan` (date, then an optional name)."""
    if isinstance(raw, (dt.date, dt.datetime)):
        return parse_date(raw), None
    text = clean_text(raw)
    if not text:
        return None, None
    m = _DATE_PREFIX.match(text)
    if not m:
        return None, None
    try:
        day = parse_date(m.group(1))
    except BadValue:
        return None, None
    rest = m.group(2).strip(" -–:") or None
    return day, rest


def find_header(rows: list[list[object]], spec: S.SheetSpec, vocab: Vocab,
                activity_codes: frozenset[str] = frozenset()) -> int | None:
    """The first row among the first 15 whose cells match at least two of the sheet's known columns.

    In the attendance matrix an activity column (a date, or a known activity code) counts as known too.
    """
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = set()
        dates = 0
        for cell in row:
            text = clean_text(cell)
            if text is None:
                continue
            col = _match_header(text, spec)
            if col is not None:
                known.add(col.field)
            elif spec.kind == "attendance" and (split_activity_header(cell)[0] is not None
                                                or fold(text) in activity_codes):
                dates += 1
            elif spec.kind == "evaluations" and header_key(text) in vocab.dimension_headers:
                known.add("dim:" + text)
        if len(known) + min(dates, 1) >= 2:
            return i
    return None


_TOTAL_INITIALS = frozenset(k[0] for k in S.TOTAL_LABELS)


_BLANK_CELL, _OTHER_CELL, _DATA_CELL, _TOTAL_CELL = range(4)


def _cell_class(cell: object, first: bool) -> int:
    """How a cell bears on its row: blank; filled but not deciding (a number, a date); or, the first text
    cell of the row decides, a data row's or a total row's (`Jumlah`, `Total`...)."""
    if type(cell) is str:
        stripped = cell.lstrip()
        if stripped:
            if stripped[0].casefold() in _TOTAL_INITIALS and header_key(cell) in S.TOTAL_LABELS:
                return _TOTAL_CELL
            return _DATA_CELL
        # White space only is blank, except that cell A counts as filled unless it starts with a space,
        # tab or line break.
        return _OTHER_CELL if first and cell and cell[0] not in " \t\n\r" else _BLANK_CELL
    if cell is None or cell == "":
        return _BLANK_CELL
    return _OTHER_CELL


def _is_total_row(row: list[object]) -> bool:
    for c in row:
        k = _cell_class(c, False)
        if k >= _DATA_CELL:
            return k == _TOTAL_CELL
    return False


# Which field of a sheet kind an `NIP. ...` line under a person's name fills.
NIP_FIELD = {"members": "code", "attendance": "member_code", "contributions": "member_code"}
SKIP_NOTES = tuple((reason, T[f"skip_{reason}"]) for reason in ("nip", "headings", "numbering", "totals", "after_gap",
                                                                  "stray_nip"))


def skip_summary(ps: "ParsedSheet") -> str | None:
    """`63 orang; 63 baris NIP digabung; 9 judul unit dilewati` (people sheets) or `12 baris; ...`."""
    if not ps.skips:
        return None
    unit = T["unit_people"] if ps.spec.kind in ("members", "attendance") and not ps.matrix else T["unit_rows"]
    parts = [f"{len(ps.rows)} {unit}"]
    parts += [f"{ps.skips[k]} {label}" for k, label in SKIP_NOTES if ps.skips.get(k)]
    return "; ".join(parts)


def _map_header(parts: list[str], spec: S.SheetSpec, vocab: Vocab) -> tuple[S.Column | None, str | None]:
    """A column's header over one or more rows -> (column, tick value): a child alone may match a column; a
    parent naming an enumeration over a child naming one of its values is a tick-box column of that value."""
    if len(parts) == 1:
        return _match_header(parts[0], spec), None
    for k in range(len(parts) - 1):
        parent = _match_header(parts[k], spec)
        if parent is not None and parent.vocabulary is not None:
            value = vocab.enums[id(parent.vocabulary)].get(parts[-1])
            if value is not None:
                return parent, value
    return (_match_header(parts[-1], spec) or _match_header(" ".join(parts), spec)
            or _match_header(parts[0], spec)), None


def _title_field(label: str, spec: S.SheetSpec) -> str | None:
    col = _match_header(label, spec)
    if col is not None:
        return col.field
    key = header_key(label)
    for fld, aliases in L.TITLE_ALIASES.get(spec.kind, {}).items():
        if key in {header_key(a) for a in aliases}:
            return fld
    return None


def _is_real_layout(sheet: Sheet, h: int, header: list[object]) -> bool:
    """The template's shape (header in row 1, one row, no merged cells, no No column) is read exactly as before;
    anything else goes through the real-world rules (loaders/layout.py)."""
    return bool(sheet.merged) or h > 0 or any(header_key(c) in ("no", "nomor", "nourut") for c in header if c)


@dataclass
class SheetMapping:
    """A clerk's reading of one sheet (`pokja load --mapping`, the mapping step on /unggah): what `pokja inspect`
    prints, edited. Anything left out is read as inspect reads it."""

    kind: str | None
    header_rows: list[int] | None = None  # Excel row numbers
    columns: dict[int, str | None] = field(default_factory=dict)  # column index -> meaning as inspect shows it
    title_fields: dict[str, str] | None = None  # contract column name -> value
    invited: list[str] | None = None


def _mapped_target(target: str, spec: S.SheetSpec, vocab: Vocab) -> tuple[S.Column | None, str | None]:
    """A meaning as inspect shows it -> (column, tick value): a contract column, or a value of one of the
    sheet's enumerations (a tick-box column); (None, None) when it is neither."""
    col = _match_header(target, spec)
    if col is not None:
        return col, None
    for column in spec.columns:
        if column.type == S.ENUM and (value := vocab.enums[id(column.vocabulary)].get(target)) is not None:
            return column, value
    return None, None


def parse_sheet(sheet: Sheet, spec: S.SheetSpec, vocab: Vocab, errors: list[Issue], warnings: list[Issue],
                activity_codes: frozenset[str] = frozenset(), override: SheetMapping | None = None) -> ParsedSheet:
    out = ParsedSheet(sheet.name, spec)
    grid = Sheet(sheet.name, fill_merged(sheet)) if sheet.merged else sheet
    forced = override.header_rows if override is not None and override.header_rows else None
    head = grid.head(max(HEADER_SEARCH_ROWS, max(forced) if forced else 0))
    h = forced[0] - 1 if forced else find_header(head, spec, vocab, activity_codes)
    if h is None and override is not None and override.columns:
        h = L.first_text_row(head)  # the clerk named the columns of the row inspect showed as the header
    if h is None:
        known = ", ".join(c.name for c in spec.columns)
        errors.append(Issue(sheet.name, None, None, None,
                            T["no_header"].format(n=HEADER_SEARCH_ROWS, sheet=spec.name, known=known)))
        return out
    out.header_row = h + 1
    header = head[h]
    real = _is_real_layout(sheet, h, header)
    hrows = [r - 1 for r in forced] if forced else L.header_rows(head, h, sheet.merged) if sheet.merged else [h]
    out.header_rows = [r + 1 for r in hrows]
    if len(hrows) > 1:
        joined = L.joined_headers(head, hrows)
        cells = [(j, parts[0] if len(parts) == 1 else " / ".join(parts), parts) for j, parts in joined.items()]
    else:
        cells = [(j, cell, [text]) for j, cell in enumerate(header) if (text := clean_text(cell)) is not None]
    mapping: dict[str, int] = {}  # field -> column index
    labels: dict[str, str] = {}
    extra: dict[int, str] = {}  # unknown columns: index -> header text
    ticks: dict[str, dict[int, str]] = {}  # field -> {column index: the value a mark there gives}
    tick_labels: dict[str, str] = {}
    chosen = override.columns if override is not None else {}
    forced_activities: dict[int, str] = {}
    for j, cell, parts in cells:
        text = " / ".join(parts)
        out.headers[j] = text
        if j in chosen:  # the clerk's meaning for this column
            target = chosen[j]
            if target is None:
                out.ignored_columns.append(text)
                continue
            col, tick = _mapped_target(target, spec, vocab)
            if col is None:
                if spec.kind == "attendance":
                    forced_activities[j] = target
                    extra[j] = target
                    continue
                known = ", ".join(c.name for c in spec.columns)
                errors.append(Issue(sheet.name, out.header_row, text, target,
                                    T["mapped_column_unknown"].format(text=text, target=target, sheet=spec.name,
                                                                      known=known)))
                continue
        else:
            col, tick = _map_header(parts, spec, vocab) if len(parts) > 1 else (_match_header(parts[0], spec), None)
        if tick is not None:
            ticks.setdefault(col.field, {})[j] = tick
            tick_labels.setdefault(col.field, " / ".join(parts[:-1]))
            out.maps_to[j] = f"{col.field}:{tick}"
            continue
        if col is None:
            if spec.kind == "evaluations" and header_key(text) in vocab.dimension_headers:
                out.dimension_columns[vocab.dimension_headers[header_key(text)]] = text
                mapping["dim:" + vocab.dimension_headers[header_key(text)]] = j
            else:
                extra[j] = text if isinstance(cell, str) else cell
            continue
        if col.field in mapping:
            # Two headers for one column (e.g. `Hari` beside `Tanggal`): the canonical name wins.
            if header_key(text) == header_key(col.name):
                out.ignored_columns.append(labels[col.field])
                out.maps_to.pop(mapping[col.field], None)
                mapping[col.field], labels[col.field] = j, text
                out.maps_to[j] = col.field
            else:
                out.ignored_columns.append(text)
            continue
        mapping[col.field], labels[col.field] = j, text
        out.maps_to[j] = col.field
    for fld, group in list(ticks.items()):
        if len(group) < 2 or fld in mapping:  # one tick column alone, or a status column beside: not a group
            out.ignored_columns.extend(out.headers[j] for j in group)
            for j in group:
                out.maps_to.pop(j, None)
            del ticks[fld]

    # Title block: `Acara : FGD ...` above the header gives that column to every row lacking it.
    title: dict[str, L.TitleField] = {}
    if override is not None and override.invited is not None:
        out.invited = list(override.invited) or None
    if override is not None and override.title_fields is not None:
        for label, value in override.title_fields.items():
            fld = _title_field(label, spec)
            if fld is None:
                errors.append(Issue(sheet.name, None, None, label,
                                    T["mapped_title_unknown"].format(label=label, sheet=spec.name)))
                continue
            title[fld] = L.TitleField(label, value, out.header_row)
            out.title_fields[fld] = value
    elif h > 0:
        for tf in L.title_fields(head, h):
            if header_key(tf.label) in L.INVITEE_LABELS and spec.kind == "attendance":
                if override is not None and override.invited is not None:
                    continue
                names = [clean_text(x) for x in re.split(r"[,;]|\bdan\b", str(tf.value)) if clean_text(x)]
                out.invited = (out.invited or []) + names
                continue
            fld = _title_field(tf.label, spec)
            if fld is not None and fld not in title and fld not in ticks:
                title[fld] = tf
                out.title_fields[fld] = _display(tf.value) or ""
    out.present_fields = {f for f in mapping if not f.startswith("dim:")} | set(title) | set(ticks)

    if spec.kind == "attendance" and "status" not in mapping and "status" not in ticks:
        _map_matrix_columns(out, extra, header, h, errors, activity_codes, forced_activities)
        if out.activity_columns:
            out.matrix = True
        elif real and ("activity_code" in out.present_fields
                       or {"activity_date", "activity_name"} <= out.present_fields):
            out.meeting_list = True  # a daftar hadir: everyone listed attended, unless Keterangan says otherwise
        else:
            out.matrix = True
    else:
        out.ignored_columns.extend(str(clean_text(v)) for v in extra.values())
        if (spec.kind == "attendance" and real and "activity_code" not in mapping
                and {"activity_date", "activity_name"} & set(title)):
            out.meeting_list = True  # one meeting's list with a Kehadiran column: a blank there is Hadir
    if out.meeting_list and "status" not in mapping:
        remark = next((j for j, t in extra.items() if header_key(t) in MEETING_REMARK_HEADERS), None)
        if remark is not None:
            out.ignored_columns.remove(str(clean_text(extra[remark])))
            mapping["status"], labels["status"] = remark, out.headers[remark]
            out.maps_to[remark] = "status"
        out.present_fields.add("status")

    missing = _missing_required(spec, out)
    for message in missing:
        errors.append(Issue(sheet.name, h + 1, None, None, message))
    if missing:
        return out

    columns = {c.field: c for c in spec.columns}
    pre_bad: dict[int, Issue] = {}  # Excel row -> the error that rejects it before its cells are parsed
    if real:
        rows = grid.rows
        mapped_columns = set(mapping.values()) | {j for g in ticks.values() for j in g} | set(out.activity_columns)
        plan = L.plan_rows(rows, hrows[-1] + 1, mapped_columns,
                           lambda cs: _looks_like_header(cs, spec), _is_total_row)
        data_idx, totals = plan.records, plan.totals
        _note_skips(out, plan, warnings)
        virtual = _virtual_columns(out, rows, data_idx, plan, mapping, labels, title, ticks, tick_labels, pre_bad,
                                   warnings)
        if virtual is not None:
            grid = Sheet(sheet.name, virtual)
    else:
        data_idx, totals = _data_rows(grid, h + 1)
    for i, cell in totals:
        out.skipped += 1
        warnings.append(Issue(sheet.name, i + 1, None, clean_text(cell), T["totals_row"]))
    if totals and out.skips:  # a total row alone keeps the template's report as it was
        out.skips["totals"] = len(totals)
    excel_rows = [i + 1 for i in data_idx]

    # Column by column, each distinct cell parsed once: recaps repeat codes, kinds, dates and statuses.
    sheet_errors: list[tuple[int, int, Issue]] = []
    bad: set[int] = set()
    if pre_bad:
        for idx, r in enumerate(excel_rows):
            if r in pre_bad:
                bad.add(idx)
                sheet_errors.append((r, -1, pre_bad[r]))
    fields = list(mapping)
    parsed_columns = []
    for fld in fields:
        j = mapping[fld]
        values, codes = _column_cells(grid, j, data_idx)
        if fld.startswith("dim:"):
            label, column, parse = out.dimension_columns[fld[4:]], None, _parse_score
        else:
            label, column = labels[fld], columns[fld]
            parse = functools.partial(_parse_or_problem, column, vocab=vocab)
            if column.type == S.DATE:
                order = _date_order(values, codes, excel_rows, label)
                if isinstance(order, str):  # refused whole: one message, not one per row
                    errors.append(Issue(sheet.name, out.header_row, label, None, order))
                    bad.update(range(len(excel_rows)))
                    parsed_columns.append([None] * len(excel_rows))
                    continue
                if order:
                    parse = _parse_month_first
        if column is not None and column.type == S.TEXT:  # the same as _parse_or_problem, minus a call per cell
            parsed = [text or _BLANK for text in clean_texts(values)]
        else:
            parsed = [parse(raw) for raw in values]
        if (fld, spec.kind) in CODE_FIELDS and any(map(lost_precision, values)):
            for idx, k in enumerate(codes):
                if lost_precision(values[k]):
                    warnings.append(Issue(sheet.name, excel_rows[idx], label, _display(values[k]), LOST_PRECISION))
            parsed = [_BLANK if lost_precision(raw) else value for raw, value in zip(values, parsed)]
        required = column is not None and column.required
        problems = ()
        if BadValue in set(map(type, parsed)) or (required and _BLANK in parsed):  # the whole column at once
            problems = {k for k, value in enumerate(parsed)
                        if type(value) is BadValue or (required and value is _BLANK)}
        if problems:
            for idx, k in enumerate(codes):
                if k in problems:
                    bad.add(idx)
                    value = parsed[k]
                    if pre_bad and excel_rows[idx] in pre_bad and pre_bad[excel_rows[idx]].column == label:
                        continue  # an unmarked tick-box row: said once, by the tick-box rule
                    if value is _BLANK:
                        issue = Issue(sheet.name, excel_rows[idx], label, None, T["required_cell"].format(label=label))
                    else:
                        issue = Issue(sheet.name, excel_rows[idx], label, _display(values[k]), str(value))
                    sheet_errors.append((excel_rows[idx], j, issue))
        default = column.vocabulary.default if column is not None and column.vocabulary is not None else None
        parsed = [default if value is _BLANK else value for value in parsed]
        parsed_columns.append(parsed if type(codes) is range else list(map(parsed.__getitem__, codes)))
    if out.matrix:
        accepted = ", ".join(ref.ATTENDANCE.values)
        for j, (hdr, _act) in out.activity_columns.items():
            fields.append(f"col:{j}")
            values, codes = _column_cells(grid, j, data_idx)
            statuses = [ref.ABSENT if raw is None or raw == "" or clean_text(raw) is None  # empty: absent
                        else vocab.matrix_attendance.get(raw) for raw in values]
            if None in statuses:
                for idx, k in enumerate(codes):
                    if statuses[k] is None:
                        bad.add(idx)
                        raw = values[k]
                        sheet_errors.append((excel_rows[idx], j, Issue(
                            sheet.name, excel_rows[idx], hdr, _display(raw),
                            T["unknown_attendance"].format(value=clean_text(raw), accepted=accepted))))
            parsed_columns.append(statuses if type(codes) is range else list(map(statuses.__getitem__, codes)))
    sheet_errors.sort(key=lambda e: (e[0], e[1]))
    errors.extend(e for _, _, e in sheet_errors)
    out.fields, out.labels = fields, labels
    if bad:
        keep = [idx for idx in range(len(excel_rows)) if idx not in bad]
        out.rows = [excel_rows[idx] for idx in keep]
        out.columns = [[values[idx] for idx in keep] for values in parsed_columns]
    else:
        out.rows, out.columns = excel_rows, parsed_columns
    return out


def _data_rows(sheet: Sheet, start: int) -> tuple[list[int], list[tuple[int, str]]]:
    """Indexes of the data rows from ``start`` on (blank rows dropped) and the total rows with their label.

    Column by column, only over the rows not decided yet: in a recap, column A decides nearly every row.
    """
    pending: Sequence[int] = range(start, sheet.height)
    data: list[int] = []
    totals: list[tuple[int, str]] = []
    filled: set[int] = set()
    for j, (values, codes) in enumerate(sheet.columns):
        if not pending:
            break
        first = j == 0
        if codes is None and type(pending) is range and _all_data_cells(values[pending.start:pending.stop]):
            data.extend(pending)  # a column of codes or names, none blank or a total's label: every row is data
            break
        classes = [_cell_class(v, first) for v in values] if codes is not None else None
        undecided = []
        for i in pending:
            k = classes[codes[i]] if codes is not None else _cell_class(values[i], first)
            if k == _DATA_CELL:
                data.append(i)
            elif k == _TOTAL_CELL:
                totals.append((i, values[codes[i]] if codes is not None else values[i]))
            else:
                if k == _OTHER_CELL:
                    filled.add(i)
                undecided.append(i)
        pending = undecided
    data.extend(i for i in pending if i in filled)
    data.sort()  # rows decided by a later column come after (timsort: linear on the sorted runs)
    totals.sort(key=lambda t: t[0])
    return data, totals


def _all_data_cells(cells: list) -> bool:
    """Whether _cell_class says _DATA_CELL of every cell: text starting with neither white space nor the first
    letter of a total's label. Checked over the column's distinct first characters."""
    if not cells or set(map(type, cells)) != {str} or not all(cells):
        return False
    return not any(c.isspace() or c.casefold() in _TOTAL_INITIALS for c in set(map(operator.itemgetter(0), cells)))


def _column_cells(sheet: Sheet, j: int, rows: list[int]) -> tuple[list, Sequence[int]]:
    """Column ``j`` over ``rows``: (values, per row the index of its value in values)."""
    if j >= sheet.width:
        return [None], [0] * len(rows)
    values, codes = sheet.columns[j]
    contiguous = bool(rows) and rows[-1] - rows[0] == len(rows) - 1
    if codes is None:
        cells = values[rows[0]:rows[-1] + 1] if contiguous else [values[i] for i in rows]
        return cells, range(len(cells))
    return values, (codes[rows[0]:rows[-1] + 1] if contiguous else [codes[i] for i in rows])


def _parse_score(raw: object) -> object:
    """A per-dimension score cell of the evaluation sheet: empty is None, otherwise a number."""
    if raw is None or raw == "" or clean_text(raw) is None:
        return None
    try:
        return parse_number(raw)
    except BadValue as exc:
        return exc


def _missing_required(spec: S.SheetSpec, out: ParsedSheet) -> list[str]:
    have = out.present_fields
    missing = []
    if spec.kind == "attendance":
        if "member_code" not in have and "member_name" not in have:
            missing.append(T["attendance_needs_member"])
        if not out.matrix and "activity_code" not in have and not {"activity_date", "activity_name"} <= have:
            missing.append(T["attendance_needs_activity"])
        if out.matrix and not out.activity_columns:
            missing.append(T["attendance_no_columns"])
        return missing
    if spec.kind == "contributions" and "member_code" not in have and "member_name" not in have:
        missing.append(T["contributions_needs_member"])
    for column in spec.columns:
        if column.required and column.field not in have:
            names = ", ".join((column.name, *column.aliases))
            missing.append(T["required_column"].format(column=column.name, names=names))
    return missing


_ACTIVITY_CODE_SHAPE = re.compile(r"^[A-Za-z]{1,8}[-_/. ]?\d{1,4}([-_/.][A-Za-z0-9]{1,4})?$")


def looks_like_activity(cell: object, activity_codes: frozenset[str]) -> bool:
    """A matrix column header naming an activity: a date (`13/05/2023 FGD ...`, a date cell), a code known
    from the workbook or the database, or a code's shape (`KEG-03`, `R1`). Anything else is not one."""
    if split_activity_header(cell)[0] is not None:
        return True
    text = clean_text(cell) or ""
    return fold(text) in activity_codes or bool(_ACTIVITY_CODE_SHAPE.match(text))


def _map_matrix_columns(out: ParsedSheet, extra: dict[int, object], header: list[object], h: int,
                        errors: list[Issue], activity_codes: frozenset[str] = frozenset(),
                        forced: dict[int, str] | None = None) -> None:
    """Matrix attendance: a column header that looks like a date or an activity code names an activity; summary
    columns (`Jumlah`, `Jml Hadir`, `%`) and anything else are ignored (and listed). ``forced``: columns the
    clerk's mapping says are activities (by code or date)."""
    for j, cell in extra.items():
        text = clean_text(cell)
        key = header_key(text)
        if forced and j in forced:
            pass
        elif (key in S.MATRIX_SUMMARY_HEADERS or key.startswith(("jumlah", "jml", "persentase", "total"))
                or not looks_like_activity(cell, activity_codes)):
            out.ignored_columns.append(text)
            continue
        day, name = split_activity_header(cell)
        shown = _display(cell) or ""
        out.activity_columns[j] = (shown, {"code": None if day else text, "date": day, "name": name})
        out.maps_to[j] = f"activity:{shown}"


# --- Real-world layouts (the contract's section of that name; the row rules are in loaders/layout.py) ---------

# A meeting list's remark column: a Keterangan that says Izin or Diwakili gives the status; anything else is Hadir.
MEETING_REMARK_HEADERS = frozenset(header_key(x) for x in ("Keterangan", "Ket", "Ket."))


def _looks_like_header(cells: list[tuple[int, object]], spec: S.SheetSpec) -> bool:
    """A row after a blank gap that starts another table: a known header or a summary word among its cells."""
    for _, c in cells:
        key = header_key(c)
        if key in S.MATRIX_SUMMARY_HEADERS or key.startswith(("jumlah", "jml", "total")) or \
                (type(c) is str and _match_header(c, spec) is not None):
            return True
    return False


def _note_skips(out: ParsedSheet, plan: L.RowPlan, warnings: list[Issue]) -> None:
    """Every row the plan skipped, with why (one warning per row) and the counts per reason."""
    name = out.name
    for i in plan.numbering:
        warnings.append(Issue(name, i + 1, None, None, T["numbered_blank_row"]))
    for i, text in plan.headings:
        warnings.append(Issue(name, i + 1, None, text, T["unit_heading"]))
    for i in plan.stray_nip:
        warnings.append(Issue(name, i + 1, None, None, T["stray_nip"]))
    if plan.after_gap:
        first, last = plan.after_gap[0] + 1, plan.after_gap[-1] + 1
        warnings.append(Issue(name, first, None, None,
                              T["after_gap"].format(first=first, last=last, n=len(plan.after_gap))))
    counts = {"nip": len(plan.nip), "headings": len(plan.headings), "numbering": len(plan.numbering),
              "after_gap": len(plan.after_gap), "stray_nip": len(plan.stray_nip)}
    out.skips.update({k: v for k, v in counts.items() if v})
    out.skipped += sum(v for k, v in counts.items() if k != "nip")


def _virtual_columns(out: ParsedSheet, rows: list[list[object]], data_idx: list[int], plan: L.RowPlan,
                     mapping: dict[str, int], labels: dict[str, str], title: dict[str, L.TitleField],
                     ticks: dict[str, dict[int, str]], tick_labels: dict[str, str], pre_bad: dict[int, Issue],
                     warnings: list[Issue]) -> list[list[object]] | None:
    """The rows with the columns the layout supplies: title-block fields, NIP lines, tick-box statuses, a meeting
    list's status. None when the layout supplies nothing (the grid is read as it is)."""
    code_field = NIP_FIELD.get(out.spec.kind)
    nip = plan.nip if code_field else {}
    if not (title or ticks or nip or out.meeting_list):
        return None
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    extra_cols: dict[str, list[object]] = {}

    def column_for(fld: str, label: str) -> tuple[int, list[object] | None]:
        if fld in mapping:
            return mapping[fld], None
        cells = [None] * len(rows)
        extra_cols[fld] = cells
        mapping[fld], labels[fld] = width + len(extra_cols) - 1, label
        return mapping[fld], cells

    def fill(fld: str, label: str, values: dict[int, object]) -> None:
        j, cells = column_for(fld, label)
        for i, value in values.items():
            if cells is not None:
                cells[i] = value
            elif L.is_blank(rows[i][j]):
                rows[i][j] = value

    for fld, tf in title.items():
        fill(fld, tf.label, dict.fromkeys(data_idx, tf.value))
    if nip:
        j = mapping.get(code_field)
        for i, (k, code) in nip.items():
            if j is not None and not L.is_blank(rows[i][j]) and str(clean_text(rows[i][j])).replace(" ", "") != code:
                warnings.append(Issue(out.name, k + 1, labels.get(code_field), code,
                                      T["nip_differs"].format(row=i + 1)))
        fill(code_field, "NIP", {i: code for i, (_, code) in nip.items()})
    for fld, group in ticks.items():
        label = tick_labels[fld]
        choices = ", ".join(dict.fromkeys(group.values()))
        values = {}
        for i in data_idx:
            marked = [value for j, value in group.items() if L.is_tick(rows[i][j] if j < len(rows[i]) else None)]
            if len(marked) == 1:
                values[i] = marked[0]
            else:
                how = T["tick_none"] if not marked else T["tick_many"].format(n=len(marked), marked=", ".join(marked))
                pre_bad[i + 1] = Issue(out.name, i + 1, label, None,
                                       T["tick_one"].format(label=label, choices=choices, how=how))
        fill(fld, label, values)
    if out.meeting_list:
        src = mapping.get("status")
        remark = src is not None and header_key(labels.get("status")) in MEETING_REMARK_HEADERS
        attendance = Matcher.from_vocabulary(ref.ATTENDANCE)
        values = {}
        for i in data_idx:
            raw = rows[i][src] if src is not None else None
            if L.is_blank(raw) or (remark and attendance.get(raw) is None):
                values[i] = ref.PRESENT
            else:
                values[i] = raw
        mapping.pop("status", None)
        fill("status", labels.get("status") or "Kehadiran", values)
    for fld, cells in extra_cols.items():
        j = mapping[fld]
        for i, row in enumerate(rows):
            row.extend([None] * (j + 1 - len(row)))
            row[j] = cells[i]
    return rows


_DATE_ORDER_MIXED = T["date_order_mixed"]


def _date_order(values: list, codes: Sequence[int], excel_rows: list[int], label: str) -> bool | str | None:
    """A date column's order: None or False (day first), True (month first: a second number above 12), or the
    message refusing a column that shows both orders."""
    day_first = month_first = None
    for k, raw in enumerate(values):
        pair = L.day_month_numbers(raw)
        if pair is None:
            continue
        if pair[0] > 12 and day_first is None:
            day_first = k
        elif pair[1] > 12 and month_first is None:
            month_first = k
    if month_first is None:
        return None
    if day_first is None:
        return True
    rows = {}
    for idx, k in enumerate(codes):
        rows.setdefault(k, excel_rows[idx])
    return _DATE_ORDER_MIXED.format(label=label, a=clean_text(values[day_first]), ra=rows.get(day_first, "?"),
                                    b=clean_text(values[month_first]), rb=rows.get(month_first, "?"))


def _parse_month_first(raw: object) -> object:
    if raw is None or raw == "" or clean_text(raw) is None:
        return _BLANK
    try:
        return parse_date(raw, month_first=True)
    except BadValue as exc:
        return exc
