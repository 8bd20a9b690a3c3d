"""The blank recap workbook the secretariat fills in: a `Petunjuk` sheet, one sheet per spec, dropdowns.

Everything here is derived from `loaders.sheets.SPECS`, so the template and the loader never disagree.
Sectors and dimensions are the deployment's reference data and are passed in by the caller.
"""
from __future__ import annotations

import math
from typing import IO, Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core import reference as ref
from core.i18n import TEMPLATE as T
from core.values import header_key
from loaders import sheets as sh

INSTRUCTIONS_SHEET = "Petunjuk"
LISTS_SHEET = "_Daftar"  # hidden: dropdown lists too long for an inline list formula
FIRST_DATA_ROW, LAST_DATA_ROW = 2, 1000
MAX_INLINE_LIST = 255  # Excel's limit on a quoted list formula
DATE_FORMAT = "DD/MM/YYYY"

TITLE = T["title"]

# Header colours: required columns stand out from optional ones.
REQUIRED_FILL = PatternFill("solid", fgColor="C65911")
OPTIONAL_FILL = PatternFill("solid", fgColor="1F4E78")
TABLE_FILL = PatternFill("solid", fgColor="D9E1F2")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

GENERAL_RULES = T["general_rules"]

ATTENDANCE_MEANINGS = {k: T["attendance_meanings"][k] for k in (ref.PRESENT, ref.DELEGATED, ref.EXCUSED, ref.ABSENT,
                                                          ref.NOT_INVITED)}

FOLLOWUP_MEANINGS = {k: T["followup_meanings"][k] for k in (ref.SESUAI, ref.BELUM_SESUAI, ref.BELUM_TL, ref.TDTL)}

TABLE_HEADERS = T["table_headers"]
INSTRUCTION_WIDTHS = (26, 8, 40, 70, 30)
_MERGED_CHARS_PER_LINE = int(sum(INSTRUCTION_WIDTHS) * 0.95)


def write_template(path_or_buffer: str | IO[bytes], sectors: list[str], dimensions: list[str]) -> None:
    """Write the blank recap workbook to a path or a binary buffer."""
    build_template(sectors, dimensions).save(path_or_buffer)


def build_template(sectors: Iterable[str], dimensions: Iterable[str]) -> Workbook:
    """The blank recap workbook: `Petunjuk`, then one empty sheet per spec with dropdowns."""
    sectors, dimensions = _unique(sectors), _unique(dimensions)
    wb = Workbook()
    _write_instructions(wb.active, sectors, dimensions)
    lists = _Lists(wb)
    for spec in sh.SPECS:
        _write_data_sheet(wb.create_sheet(spec.name), spec, sectors, dimensions, lists)
    if lists.ws is not None:  # created on first need: move it behind the data sheets
        wb.move_sheet(lists.ws, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.active = 0
    wb.properties.title = TITLE
    wb.properties.creator = "Dasbor Partisipasi Smart City Kota Balikpapan"
    return wb


def column_choices(spec: sh.SheetSpec, column: sh.Column, sectors: list[str], dimensions: list[str]) -> list[str]:
    """The dropdown values of a column; empty for a free-text column."""
    if column.type == sh.ENUM and column.vocabulary is not None:
        return list(column.vocabulary.values)
    if column.type == sh.SECTOR:
        return list(sectors)
    if column.type == sh.DIMENSION:
        extra = [ref.CROSS_DIMENSION] if spec.kind == sh.MEMBERS.kind else []
        return _unique([*dimensions, *extra])
    return []


def dimension_score_headers(spec: sh.SheetSpec, dimensions: list[str]) -> list[str]:
    """Per-dimension score columns appended to the `Evaluasi` sheet (none elsewhere)."""
    if spec.kind != sh.EVALUATIONS.kind:
        return []
    taken = set().union(*(c.header_keys for c in spec.columns))
    return [d for d in dimensions if header_key(d) and header_key(d) not in taken]


# --- Data sheets ---------------------------------------------------------------------------------


class _Lists:
    """The hidden `_Daftar` sheet, created on first need; one column per distinct long list."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.ws: Worksheet | None = None
        self.refs: dict[tuple[str, ...], str] = {}

    def reference(self, label: str, values: list[str]) -> str:
        key = tuple(values)
        if key not in self.refs:
            if self.ws is None:
                self.ws = self.wb.create_sheet(LISTS_SHEET)
                self.ws.sheet_state = "hidden"
            col = len(self.refs) + 1
            _set_text(self.ws.cell(1, col), label).font = Font(bold=True)
            for row, value in enumerate(values, start=2):
                _set_text(self.ws.cell(row, col), value)
            letter = get_column_letter(col)
            self.refs[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        return self.refs[key]


def _list_formula(values: list[str], label: str, lists: _Lists) -> str:
    inline = '"' + ",".join(values) + '"'
    if len(inline) <= MAX_INLINE_LIST and not any("," in v or '"' in v for v in values):
        return inline
    return lists.reference(label, values)


def _write_data_sheet(
    ws: Worksheet, spec: sh.SheetSpec, sectors: list[str], dimensions: list[str], lists: _Lists
) -> None:
    for col, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(col)
        cell = _header_cell(ws, col, column.name, column.required)
        note = column.help + (T["required_note"] if column.required else "")
        if column.example:
            note += T["example_note"].format(example=column.example)
        cell.comment = _comment(note)
        choices = column_choices(spec, column, sectors, dimensions)
        width = max([len(column.name), len(column.example), *(len(c) for c in choices), 10]) + 3
        ws.column_dimensions[letter].width = min(width, 45)
        if column.type == sh.DATE:
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        if choices:
            dv = DataValidation(
                type="list",
                formula1=_list_formula(choices, f"{spec.name} - {column.name}", lists),
                allow_blank=True,
                showDropDown=False,  # openpyxl's inverted flag: False shows the in-cell arrow
                showErrorMessage=True,
                errorStyle="warning",  # aliases (H, v, TDTL...) are accepted by the loader: warn, don't block
                errorTitle=T["not_in_list"],
                error=T["pick_from_list"].format(column=column.name),
            )
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_DATA_ROW}")
            ws.add_data_validation(dv)
    for col, dimension in enumerate(dimension_score_headers(spec, dimensions), start=len(spec.columns) + 1):
        cell = _header_cell(ws, col, dimension, False)
        cell.comment = _comment(T["dimension_score"].format(dimension=dimension))
        ws.column_dimensions[get_column_letter(col)].width = min(max(len(dimension), 10) + 3, 45)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    ws.row_dimensions[1].height = 30


def _header_cell(ws: Worksheet, col: int, text: str, required: bool) -> Cell:
    cell = _set_text(ws.cell(1, col), text)
    cell.font = HEADER_FONT
    cell.fill = REQUIRED_FILL if required else OPTIONAL_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = BORDER
    return cell


def _comment(text: str) -> Comment:
    comment = Comment(text, T["comment_author"])
    comment.width, comment.height = 300, 110
    return comment


# --- Petunjuk ------------------------------------------------------------------------------------


class _Writer:
    """Appends rows to the instructions sheet."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1

    def text(self, text: str, *, font: Font | None = None, gap: int = 0) -> None:
        """A paragraph across the table width, its row tall enough for the wrapped text."""
        cell = _set_text(self.ws.cell(self.row, 1), text)
        cell.alignment = WRAP_TOP
        if font is not None:
            cell.font = font
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=len(INSTRUCTION_WIDTHS))
        lines = max(1, math.ceil(len(text) / _MERGED_CHARS_PER_LINE))
        size = font.sz if font is not None and font.sz else 11
        self.ws.row_dimensions[self.row].height = lines * size * 1.45
        self.row += 1 + gap

    def table(self, headers: Iterable[str], rows: Iterable[Iterable[str]]) -> None:
        for col, text in enumerate(headers, start=1):
            cell = _set_text(self.ws.cell(self.row, col), text)
            cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), TABLE_FILL, BORDER, WRAP_TOP
        self.row += 1
        for values in rows:
            for col, text in enumerate(values, start=1):
                cell = _set_text(self.ws.cell(self.row, col), text)
                cell.border, cell.alignment = BORDER, WRAP_TOP
            self.row += 1
        self.row += 1

    def skip(self) -> None:
        self.row += 1


def _write_instructions(ws: Worksheet, sectors: list[str], dimensions: list[str]) -> None:
    ws.title = INSTRUCTIONS_SHEET
    for col, width in enumerate(INSTRUCTION_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    out = _Writer(ws)
    out.text(TITLE, font=Font(bold=True, size=14))
    out.text(T["intro"], gap=1)
    out.text(T["general_head"], font=Font(bold=True, size=12))
    for number, rule in enumerate(GENERAL_RULES, start=1):
        out.text(f"{number}. {rule}")
    out.skip()

    for spec in sh.SPECS:
        out.text(T["sheet_head"].format(name=spec.name), font=Font(bold=True, size=12))
        out.text(T["sheet_aliases"].format(aliases=", ".join(spec.aliases)))
        out.text(T["sheet_purpose"].format(purpose=spec.purpose))
        out.text(T["sheet_key"].format(key=spec.key_help))
        rows = [_column_row(spec, c, sectors, dimensions) for c in spec.columns]
        rows += [
            (d, T["no"], "", T["dimension_score"].format(dimension=d), "3,25")
            for d in dimension_score_headers(spec, dimensions)
        ]
        out.table(TABLE_HEADERS, rows)
        if spec.kind == sh.ATTENDANCE.kind:
            _write_attendance_notes(out)
        elif spec.kind == sh.RECOMMENDATIONS.kind:
            _write_followup_notes(out)


def _column_row(spec: sh.SheetSpec, column: sh.Column, sectors: list[str], dimensions: list[str]) -> tuple[str, ...]:
    explanation = column.help
    choices = column_choices(spec, column, sectors, dimensions)
    if choices:
        label = T["choices"] if column.type == sh.ENUM else T["list"]
        explanation = f"{explanation} {label}: {', '.join(choices)}.".strip()
    if column.personal and "pribadi" not in explanation.casefold():
        explanation += T["personal"]
    return column.name, T["yes"] if column.required else T["no"], ", ".join(column.aliases), explanation, column.example


def _write_attendance_notes(out: _Writer) -> None:
    out.text(T["attendance_head"], font=Font(bold=True))
    out.text(T["attendance_long"])
    out.text(T["attendance_matrix"])
    points = ", ".join(f"{k} {v:g}" for k, v in ref.DEFAULT_ATTENDANCE_POINTS.items())
    out.text(T["attendance_points"].format(points=points))
    matrix_only = {}
    for code, value in ref.MATRIX_ONLY_ATTENDANCE.items():
        matrix_only.setdefault(value, []).append(code)
    rows = []
    for choice in ref.ATTENDANCE.choices:
        codes = ", ".join(choice.aliases)
        if choice.value in matrix_only:
            codes += T["matrix_only"].format(codes=", ".join(matrix_only[choice.value]))
        rows.append((choice.value, codes, ATTENDANCE_MEANINGS.get(choice.value, "")))
    out.table(T["attendance_table"], rows)


def _write_followup_notes(out: _Writer) -> None:
    out.text(T["followup_head"], font=Font(bold=True))
    rows = [(c.value, ", ".join(c.aliases), FOLLOWUP_MEANINGS.get(c.value, "")) for c in ref.FOLLOWUP_STATUS.choices]
    out.table(T["followup_table"], rows)
    out.text(T["completion"].format(done=ref.SESUAI, excluded=ref.TDTL), gap=1)


# --- Helpers -------------------------------------------------------------------------------------


def _set_text(cell: Cell, text: str) -> Cell:
    """Write text that is never taken for a formula (sector and dimension names come from the database)."""
    cell.value = text
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        text = " ".join(str(value or "").split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out
