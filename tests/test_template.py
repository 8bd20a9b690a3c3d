"""Tests for the blank recap workbook written by loaders.template."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from core import reference as ref
from core.values import header_key
from loaders import sheets as sh
from loaders.template import INSTRUCTIONS_SHEET, LISTS_SHEET, write_template

SECTORS = [s.name for s in ref.SECTORS]
DIMENSIONS = list(ref.DIMENSIONS)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    write_template(path, SECTORS, DIMENSIONS)
    return openpyxl.load_workbook(path)


def header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def validation_values(wb, ws, column_name: str) -> list[str]:
    """The dropdown values on rows 2..1000 of a column, resolving `_Daftar` ranges."""
    letter = get_column_letter(header(ws).index(column_name) + 1)
    found = [dv for dv in ws.data_validations.dataValidation
             if f"{letter}2" in dv.sqref and f"{letter}1000" in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{column_name}: expected one validation, got {len(found)}"
    dv = found[0]
    assert dv.type == "list" and dv.showErrorMessage and dv.error
    formula = dv.formula1
    if formula.startswith('"'):
        assert len(formula) <= 255
        return formula.strip('"').split(",")
    sheet, _, cells = formula.partition("!")
    assert sheet.strip("'") == LISTS_SHEET
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    assert min_col == max_col
    lists = wb[LISTS_SHEET]
    return [lists.cell(r, min_col).value for r in range(min_row, max_row + 1)]


def instruction_cells(wb) -> list[tuple]:
    return [tuple(r) for r in wb[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]


def instruction_sections(wb) -> dict[str, list[tuple]]:
    """Rows of `Petunjuk` grouped under their "Sheet <name>" heading."""
    sections: dict[str, list[tuple]] = {}
    current = None
    for row in instruction_cells(wb):
        if isinstance(row[0], str) and row[0].startswith("Sheet ") and not any(row[1:]):
            current = sections.setdefault(row[0].removeprefix("Sheet "), [])
        elif current is not None:
            current.append(row)
    return sections


def column_rows(section: list[tuple]) -> dict[str, tuple]:
    """The column table of a section: Kolom -> (Kolom, Wajib, Nama lain, Isian, Contoh)."""
    return {r[0]: r for r in section if r[1] in ("Ya", "Tidak")}


def test_sheet_order(workbook):
    names = workbook.sheetnames
    assert names[0] == INSTRUCTIONS_SHEET
    assert names[1:1 + len(sh.SPECS)] == [s.name for s in sh.SPECS]
    assert set(names[1 + len(sh.SPECS):]) <= {LISTS_SHEET}
    assert workbook.active.title == INSTRUCTIONS_SHEET


def test_headers_and_empty_data_rows(workbook):
    for spec in sh.SPECS:
        ws = workbook[spec.name]
        cells = header(ws)
        assert cells[:len(spec.columns)] == [c.name for c in spec.columns]
        assert ws.max_row == 1, f"{spec.name} has data rows"
        assert ws.freeze_panes == "A2"
        for column, cell in zip(spec.columns, ws[1]):
            assert cell.font.bold
            assert ws.column_dimensions[cell.column_letter].width >= len(column.name)
        required = {c.fill.fgColor.rgb for c, col in zip(ws[1], spec.columns) if col.required}
        optional = {c.fill.fgColor.rgb for c, col in zip(ws[1], spec.columns) if not col.required}
        assert not required & optional
        # every header is recognised as its own column by the loader's matching
        for column, cell in zip(spec.columns, ws[1]):
            assert header_key(cell.value) in column.header_keys


def test_evaluation_has_dimension_columns(workbook):
    cells = header(workbook[sh.EVALUATIONS.name])
    assert cells == [c.name for c in sh.EVALUATIONS.columns] + DIMENSIONS
    for spec in sh.SPECS:
        if spec is not sh.EVALUATIONS:
            assert not set(DIMENSIONS) & set(header(workbook[spec.name]))


def test_instructions_mention_every_column_and_alias(workbook):
    text = "\n".join(str(v) for row in instruction_cells(workbook) for v in row if v)
    assert "Petunjuk Pengisian" in text
    assert "matriks" in text and "13/05/2023" in text and "13 Mei 2023" in text and "1.234,5" in text
    sections = instruction_sections(workbook)
    assert list(sections) == [s.name for s in sh.SPECS]
    for spec in sh.SPECS:
        section_text = "\n".join(str(v) for row in sections[spec.name] for v in row if v)
        assert spec.purpose in section_text and spec.key_help in section_text
        assert all(a in section_text for a in spec.aliases)
        rows = column_rows(sections[spec.name])
        for column in spec.columns:
            name, required, aliases, explanation, example = rows[column.name]
            assert (aliases or "").split(", ") == list(column.aliases) or (not aliases and not column.aliases)
            assert required == ("Ya" if column.required else "Tidak")
            assert column.help in explanation
            assert (example or "") == column.example
    assert set(DIMENSIONS) <= set(column_rows(sections[sh.EVALUATIONS.name]))


def test_instructions_list_choices_and_codes(workbook):
    sections = instruction_sections(workbook)
    for spec in sh.SPECS:
        rows = column_rows(sections[spec.name])
        for column in spec.columns:
            explanation = rows[column.name][3]
            if column.type == sh.ENUM:
                assert all(v in explanation for v in column.vocabulary.values)
            elif column.type == sh.SECTOR:
                assert all(s in explanation for s in SECTORS)
            elif column.type == sh.DIMENSION:
                assert all(d in explanation for d in DIMENSIONS)
                assert (ref.CROSS_DIMENSION in explanation) == (spec is sh.MEMBERS)
    # attendance codes and the four follow-up statuses, each with every alias
    for spec, vocabulary in ((sh.ATTENDANCE, ref.ATTENDANCE), (sh.RECOMMENDATIONS, ref.FOLLOWUP_STATUS)):
        table = {r[0]: r for r in sections[spec.name] if r[0] in vocabulary.values and r[1] not in ("Ya", "Tidak")}
        assert list(table) == vocabulary.values
        for choice in vocabulary.choices:
            assert set(choice.aliases) <= set(table[choice.value][1].replace(";", ",").split(", "))
            assert table[choice.value][2]
    not_invited = next(r for r in sections[sh.ATTENDANCE.name] if r[0] == ref.NOT_INVITED and r[1] != "Tidak")
    assert all(code in not_invited[1] for code in ref.MATRIX_ONLY_ATTENDANCE)


def test_enum_sector_and_dimension_dropdowns(workbook):
    for spec in sh.SPECS:
        ws = workbook[spec.name]
        for column in spec.columns:
            if column.type == sh.ENUM:
                assert set(column.vocabulary.values) <= set(validation_values(workbook, ws, column.name))
            elif column.type == sh.SECTOR:
                assert validation_values(workbook, ws, column.name) == SECTORS
            elif column.type == sh.DIMENSION:
                values = validation_values(workbook, ws, column.name)
                cross = [ref.CROSS_DIMENSION] if spec is sh.MEMBERS else []
                assert values == DIMENSIONS + cross


def test_long_lists_go_to_hidden_sheet(tmp_path):
    dimensions = [f"Dimensi Pembangunan Kota Nomor {i:02d}" for i in range(1, 21)]
    sectors = ["Pemerintah", "Swasta, BUMN dan BUMD"]  # a comma cannot live in an inline list
    path = tmp_path / "long.xlsx"
    write_template(path, sectors, dimensions)
    wb = openpyxl.load_workbook(path)
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert wb.sheetnames.index(LISTS_SHEET) > len(sh.SPECS)
    members = wb[sh.MEMBERS.name]
    assert validation_values(wb, members, "Unsur") == sectors
    assert validation_values(wb, members, "Dimensi") == dimensions + [ref.CROSS_DIMENSION]
    assert validation_values(wb, wb[sh.ACTIVITIES.name], "Dimensi") == dimensions
    assert header(wb[sh.EVALUATIONS.name])[len(sh.EVALUATIONS.columns):] == dimensions


def test_names_from_database_are_never_formulas():
    buffer = io.BytesIO()
    write_template(buffer, ["=cmd|' /C calc'!A0"], ['=HYPERLINK("http://x","y")'])
    with zipfile.ZipFile(buffer) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in zf.read(name), name
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert header(wb[sh.EVALUATIONS.name])[-1] == '=HYPERLINK("http://x","y")'


def test_empty_reference_lists_leave_columns_free(tmp_path):
    path = tmp_path / "empty.xlsx"
    write_template(path, [], [])
    wb = openpyxl.load_workbook(path)
    assert header(wb[sh.EVALUATIONS.name]) == [c.name for c in sh.EVALUATIONS.columns]
    ws = wb[sh.ACTIVITIES.name]
    dimension = get_column_letter(header(ws).index("Dimensi") + 1)
    assert not any(f"{dimension}2" in dv.sqref for dv in ws.data_validations.dataValidation)


def test_round_trip_sheet_names(workbook):
    for name in workbook.sheetnames:
        spec = sh.match_sheet(name)
        if name in (INSTRUCTIONS_SHEET, LISTS_SHEET):
            assert spec is None
        else:
            assert spec is not None and spec.name == name
    assert [sh.match_sheet(s.name) for s in sh.SPECS] == list(sh.SPECS)
