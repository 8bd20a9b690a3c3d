"""Table-driven tests of every value rule of the recap-workbook contract (shared/spec/recap-workbook.md).

The tables below are written from the contract, not copied from the implementation, so an alias the contract
lists but the code forgets shows up as a failure. Where a second table is generated from the code's own
declarations (loaders.sheets.SPECS, core.reference), it checks that every alias the code declares
actually works.
"""
from __future__ import annotations

import collections
import datetime as dt

import pytest

from core import reference as ref
from core.reference import DIMENSIONS, SECTORS
from loaders import sheets as S
from loaders.parse import (
    Vocab,
    _is_total_row,
    _match_header,
    parse_cell,
    parse_evidence,
    parse_sheet,
    split_activity_header,
)
from loaders.reader import Sheet
from core.values import (
    BadValue,
    clean_text,
    clean_texts,
    header_key,
    parse_date,
    parse_int,
    parse_number,
    parse_percent,
    parse_year,
)


def make_vocab() -> Vocab:
    return Vocab(
        [(s.name, "|".join(s.aliases)) for s in SECTORS],
        [(d, d.removeprefix("Smart ").strip(), False) for d in DIMENSIONS] + [("Lintas Dimensi", "Lintas", True)],
    )


VOCAB = make_vocab()


def enum(vocabulary: ref.Vocabulary):
    """The long-shape matcher the loader uses for a vocabulary column."""
    return VOCAB.enums[id(vocabulary)]


def _id(value: object) -> str:
    return repr(value)


# =================================================================================================
# Dates
# =================================================================================================

MAY13 = dt.date(2023, 5, 13)
AUG13 = dt.date(2023, 8, 13)

DATES_OK = [
    # real Excel dates (calamine delivers date or datetime)
    (dt.date(2023, 5, 13), MAY13),
    (dt.datetime(2023, 5, 13), MAY13),
    (dt.datetime(2023, 5, 13, 14, 30), MAY13),
    # ISO
    ("2023-05-13", MAY13),
    ("2023-5-13", MAY13),
    # day first, always
    ("13/05/2023", MAY13),
    ("13/5/2023", MAY13),
    ("13-05-2023", MAY13),
    ("13-5-2023", MAY13),
    ("01/02/2023", dt.date(2023, 2, 1)),
    ("1/2/2023", dt.date(2023, 2, 1)),
    ("02-01-2023", dt.date(2023, 1, 2)),
    # Indonesian month names and abbreviations
    ("13 Mei 2023", MAY13),
    ("13 Agustus 2023", AUG13),
    ("13 Agu 2023", AUG13),
    ("13 Agt 2023", AUG13),
    ("13 Ags 2023", AUG13),
    ("29 Februari 2024", dt.date(2024, 2, 29)),
    # with a weekday
    ("Senin, 13 Mei 2023", MAY13),
    ("Senin, 13/5/2023", MAY13),
    ("Sabtu, 13/05/2023", MAY13),
    ("Sabtu 13 Mei 2023", MAY13),
    ("Minggu, 13 Agustus 2023", AUG13),
    ("Saturday, 13 May 2023", MAY13),
    # English month names
    ("13 May 2023", MAY13),
    ("13 August 2023", AUG13),
    # case and whitespace
    ("13 MEI 2023", MAY13),
    ("13 mei 2023", MAY13),
    ("  13   Mei   2023  ", MAY13),
    ("SENIN, 13 MEI 2023", MAY13),
    ("senin,  13/5/2023", MAY13),
]

MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni",
             "Juli", "Agustus", "September", "Oktober", "November", "Desember"]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June",
             "July", "August", "September", "October", "November", "December"]  # fmt: skip
MONTH_NAME_DATES = [(f"13 {name} 2023", dt.date(2023, i, 13)) for names in (MONTHS_ID, MONTHS_EN)
                    for i, name in enumerate(names, start=1)]

DATES_BAD = [
    "31 Februari 2023",  # impossible: an error, never a guess
    "29 Februari 2023",
    "31 April 2023",
    "32/01/2023",
    "13/13/2023",
    "05/13/2023",  # day first, always: month 13 does not exist
    "2023-02-30",
    "13 Foo 2023",
    "besok",
    "Senin",
    "",
    "   ",
    None,
    True,
]


@pytest.mark.parametrize(("raw", "expected"), DATES_OK, ids=_id)
def test_date_forms(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), MONTH_NAME_DATES, ids=_id)
def test_every_month_name(raw, expected):
    assert parse_date(raw) == expected
    assert parse_date(raw.upper()) == expected
    assert parse_date(raw.lower()) == expected


@pytest.mark.parametrize("raw", DATES_BAD, ids=_id)
def test_date_rejections_explain_in_indonesian(raw):
    with pytest.raises(BadValue) as exc:
        parse_date(raw)
    assert "tanggal" in str(exc.value).casefold()


def test_excel_serial_number_as_date():
    """A date cell whose number format was lost arrives as its serial number (45059 is 13 May 2023)."""
    assert parse_date(45059) == MAY13
    assert parse_date(45059.0) == MAY13


# =================================================================================================
# Numbers
# =================================================================================================

NUMBERS_OK = [
    ("1.234,5", 1234.5),
    ("3,31", 3.31),
    ("1.500", 1500.0),
    ("0.75", 0.75),
    ("1.50", 1.5),
    ("1.234.567", 1234567.0),
    ("1.234.567,89", 1234567.89),
    ("0,5", 0.5),
    ("-3,5", -3.5),
    (" 42 ", 42.0),
    ("0", 0.0),
    (7, 7.0),
    (0, 0.0),
    (3.31, 3.31),
    (1234.5, 1234.5),
]

NUMBERS_BAD = ["abc", "1,2,3x", "12a", "1.2.3,4,5", "", None, True, float("nan")]


@pytest.mark.parametrize(("raw", "expected"), NUMBERS_OK, ids=_id)
def test_numbers(raw, expected):
    assert parse_number(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", NUMBERS_BAD, ids=_id)
def test_number_rejections(raw):
    with pytest.raises(BadValue) as exc:
        parse_number(raw)
    assert "angka" in str(exc.value).casefold()


INTS_OK = [("40", 40), (40, 40), (40.0, 40), ("1.500", 1500), (" 7 ", 7), ("0", 0)]
INTS_BAD = ["3,5", 3.5, "abc", "-1", -1, ""]


@pytest.mark.parametrize(("raw", "expected"), INTS_OK, ids=_id)
def test_ints(raw, expected):
    value = parse_int(raw, minimum=0)
    assert value == expected and isinstance(value, int)


@pytest.mark.parametrize("raw", INTS_BAD, ids=_id)
def test_int_rejections(raw):
    with pytest.raises(BadValue):
        parse_int(raw, minimum=0)


YEARS_OK = [("2023", 2023), (2023, 2023), (2023.0, 2023), (MAY13, 2023), (dt.datetime(2022, 1, 1), 2022)]
YEARS_BAD = ["23", "abc", "3000", 2023.5, ""]


@pytest.mark.parametrize(("raw", "expected"), YEARS_OK, ids=_id)
def test_years(raw, expected):
    assert parse_year(raw) == expected


@pytest.mark.parametrize("raw", YEARS_BAD, ids=_id)
def test_year_rejections(raw):
    with pytest.raises(BadValue):
        parse_year(raw)


# =================================================================================================
# Percentages: a progress value <= 1 is a fraction, > 1 is a percent; more than 100% is an error
# =================================================================================================

PERCENTS_OK = [
    ("75%", 0.75),
    ("75 %", 0.75),
    ("75", 0.75),
    ("0,75", 0.75),
    ("0.75", 0.75),
    ("100", 1.0),
    ("100%", 1.0),
    ("1", 1.0),
    ("1%", 0.01),  # explicit percent sign: 1% is one percent, not a whole
    ("12,5%", 0.125),
    ("0", 0.0),
    ("0%", 0.0),
    (0.5, 0.5),
    (1, 1.0),
    (1.0, 1.0),
    (75, 0.75),
    (100, 1.0),
    (0, 0.0),
]

PERCENTS_BAD = ["101%", "150", "-5", "-5%", "100,5", 150, 101.0, -0.5, "abc", "abc%", "", None]


@pytest.mark.parametrize(("raw", "expected"), PERCENTS_OK, ids=_id)
def test_percentages(raw, expected):
    assert parse_percent(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", PERCENTS_BAD, ids=_id)
def test_percentage_rejections(raw):
    with pytest.raises(BadValue):
        parse_percent(raw)


@pytest.mark.parametrize("raw", ["101%", "150"])
def test_percentage_over_100_message(raw):
    with pytest.raises(BadValue, match="100%"):
        parse_percent(raw)


# =================================================================================================
# Text
# =================================================================================================

CLEAN_TEXT = [
    ("  Rina   Wulandari  ", "Rina Wulandari"),
    ("Rina\nWulandari", "Rina Wulandari"),
    ("Rina\t Wulandari", "Rina Wulandari"),
    ("", None),
    ("   ", None),
    (None, None),
    (1.0, "1"),
    (2.5, "2.5"),
    (40, "40"),
    (MAY13, "2023-05-13"),
]


@pytest.mark.parametrize(("raw", "expected"), CLEAN_TEXT, ids=_id)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


HEADER_KEYS = [
    ("Nama\nKegiatan", "nama kegiatan"),
    ("  NAMA   KEGIATAN ", "nama kegiatan"),
    ("No. HP", "no hp"),
    ("Hari/Tanggal", "hari tanggal"),
    ("Kode_Anggota", "kode anggota"),
    ("Kode-Anggota", "kode anggota"),
    ("(Kode Anggota)", "kode anggota"),
    ("Nama:", "nama"),
    ("%", "%"),
    ("No.HP", "no hp"),
    ("Status T.L.", "status tl"),
    ("Progres (%)", "progres %"),
]


@pytest.mark.parametrize(("raw", "expected"), HEADER_KEYS, ids=_id)
def test_header_key(raw, expected):
    # Headers compare ignoring case, spaces, line breaks and `. : / ( ) _ -`.
    assert header_key(raw) == header_key(expected) == expected.replace(" ", "")


# =================================================================================================
# Enumerations: every value and every alias the contract lists
# =================================================================================================

ATTENDANCE_CONTRACT = {
    "Hadir": ["Hadir", "H", "v", "V", "✓", "√", "Ya", "Y", "1", "Hadir Langsung", 1, 1.0],
    "Diwakili": ["Diwakili", "Delegasi", "Hadir (Delegasi)", "Diwakilkan", "W", "D"],
    "Izin": ["Izin", "I", "Sakit", "S", "Cuti", "Dinas Luar", "DL", "Tugas Luar"],
    "Tidak Hadir": ["Tidak Hadir", "T", "TH", "A", "Alpa", "Absen", "0", "-", "Tidak", 0, 0.0],
    "Tidak Diundang": ["Tidak Diundang", "N/A", "NA", "TD"],
}
FOLLOWUP_CONTRACT = {
    "Sesuai": ["Sesuai", "Selesai", "Tuntas", "Sudah", "Done", "Sesuai Rekomendasi", "Telah Sesuai"],
    "Belum Sesuai": ["Belum Sesuai", "Dalam Proses", "Proses", "On Progress", "Sebagian", "Berjalan"],
    "Belum Ditindaklanjuti": ["Belum Ditindaklanjuti", "Belum", "Belum Dimulai", "Not Started"],
    "Tidak Dapat Ditindaklanjuti": ["Tidak Dapat Ditindaklanjuti", "TDTL", "Tidak Dapat", "Tidak Bisa"],
}
VERIFICATION_CONTRACT = {
    "Terverifikasi": ["Terverifikasi", "Valid", "Diterima", "OK"],
    "Menunggu": ["Menunggu", "Pending", "Proses"],
    "Ditolak": ["Ditolak", "Rejected"],
}
ROLES_CONTRACT = {v: [v] for v in ("Pengarah", "Ketua", "Wakil Ketua", "Sekretaris", "Anggota", "Narasumber")}
MEMBER_STATUS_CONTRACT = {"Aktif": ["Aktif"], "Nonaktif": ["Nonaktif"]}
ACTIVITY_KINDS_CONTRACT = {
    v: [v] for v in ("Rapat", "FGD", "Bimtek", "Sosialisasi", "Evaluasi", "Kunjungan", "Lainnya")
}
EVALUATION_STAGES_CONTRACT = {"I": ["I", "1", 1, 1.0], "II": ["II", "2", 2, 2.0], "Final": ["Final"]}
CONTRIBUTION_KINDS_CONTRACT = {
    v: [v]
    for v in ("Tindak Lanjut Rekomendasi", "Data Dukung", "Paparan (Narasumber)", "Usulan Program", "Laporan",
              "Publikasi", "Lainnya")
}  # fmt: skip

ENUM_CONTRACT = [
    (ref.ATTENDANCE, ATTENDANCE_CONTRACT),
    (ref.FOLLOWUP_STATUS, FOLLOWUP_CONTRACT),
    (ref.VERIFICATION, VERIFICATION_CONTRACT),
    (ref.ROLES, ROLES_CONTRACT),
    (ref.MEMBER_STATUS, MEMBER_STATUS_CONTRACT),
    (ref.ACTIVITY_KINDS, ACTIVITY_KINDS_CONTRACT),
    (ref.EVALUATION_STAGES, EVALUATION_STAGES_CONTRACT),
    (ref.CONTRIBUTION_KINDS, CONTRIBUTION_KINDS_CONTRACT),
]

SECTOR_CONTRACT = {
    "Pemerintah": ["Pemerintah", "OPD", "Pemda", "Pemerintah Daerah", "Government"],
    "Akademisi": ["Akademisi", "Perguruan Tinggi", "Academia"],
    "Swasta": ["Swasta", "Bisnis", "Dunia Usaha", "Pengusaha", "BUMN", "BUMD", "Perumda", "Business"],
    "Komunitas": ["Komunitas", "Community"],
    "Masyarakat": ["Masyarakat", "Public", "Tokoh Masyarakat"],
    "Media": ["Media"],
}
SECTOR_INTERNAL = {"Pemerintah": True, "Akademisi": False, "Swasta": False, "Komunitas": False,
                   "Masyarakat": False, "Media": False}  # fmt: skip

DIMENSION_CONTRACT = {
    "Smart Governance": ["Smart Governance", "Governance"],
    "Smart Branding": ["Smart Branding", "Branding"],
    "Smart Economy": ["Smart Economy", "Economy"],
    "Smart Living": ["Smart Living", "Living"],
    "Smart Society": ["Smart Society", "Society"],
    "Smart Environment": ["Smart Environment", "Environment"],
    "Lintas Dimensi": ["Lintas Dimensi"],
}


def _variants(raw: object) -> list[object]:
    """The alias as written, in other cases, and padded: matching ignores case and outer/inner spacing."""
    if not isinstance(raw, str):
        return [raw]
    out = [raw, raw.upper(), raw.lower(), f"  {raw}  ", raw.replace(" ", "   ")]
    return list(dict.fromkeys(out))


def _flatten(table: dict[str, list[object]]) -> list[tuple[object, str]]:
    return [(variant, value) for value, aliases in table.items() for raw in aliases for variant in _variants(raw)]


ENUM_CASES = [
    pytest.param(vocabulary, raw, expected, id=f"{vocabulary.name}:{raw!r}")
    for vocabulary, table in ENUM_CONTRACT
    for raw, expected in _flatten(table)
]
SECTOR_CASES = _flatten(SECTOR_CONTRACT)
DIMENSION_CASES = _flatten(DIMENSION_CONTRACT)

# Every value and alias the code declares in core.reference (a superset of the contract's).
REFERENCE_ALIASES = [
    pytest.param(vocabulary, alias, choice.value, id=f"{vocabulary.name}:{alias!r}")
    for vocabulary, _ in ENUM_CONTRACT
    for choice in vocabulary.choices
    for alias in (choice.value, *choice.aliases)
]

# Case-insensitive, whitespace-collapsing.
NORMALISATION_CASES = [
    (ref.ATTENDANCE, "  hadir  ", "Hadir"),
    (ref.ATTENDANCE, "tidak   hadir", "Tidak Hadir"),
    (ref.ATTENDANCE, "TIDAK\nDIUNDANG", "Tidak Diundang"),
    (ref.ATTENDANCE, "hadir (delegasi)", "Diwakili"),
    (ref.ATTENDANCE, "n/a", "Tidak Diundang"),
    (ref.FOLLOWUP_STATUS, "SESUAI", "Sesuai"),
    (ref.FOLLOWUP_STATUS, "dalam   proses", "Belum Sesuai"),
    (ref.FOLLOWUP_STATUS, "tdtl", "Tidak Dapat Ditindaklanjuti"),
    (ref.VERIFICATION, " ok ", "Terverifikasi"),
    (ref.ROLES, "wakil  ketua", "Wakil Ketua"),
    (ref.MEMBER_STATUS, "NONAKTIF", "Nonaktif"),
    (ref.ACTIVITY_KINDS, "fgd", "FGD"),
    (ref.EVALUATION_STAGES, "final", "Final"),
    (ref.EVALUATION_STAGES, "ii", "II"),
    (ref.CONTRIBUTION_KINDS, "paparan  (narasumber)", "Paparan (Narasumber)"),
]

UNKNOWN_ENUM_VALUES = [
    (ref.ATTENDANCE, "Hadirr"),
    (ref.ATTENDANCE, "x"),  # matrix only
    (ref.ATTENDANCE, "2"),
    (ref.FOLLOWUP_STATUS, "Beres"),
    (ref.VERIFICATION, "Mungkin"),
    (ref.ROLES, "Bendahara"),
    (ref.MEMBER_STATUS, "Pensiun"),
    (ref.ACTIVITY_KINDS, "Seminar"),
    (ref.EVALUATION_STAGES, "III"),
    (ref.CONTRIBUTION_KINDS, "Donasi"),
]

DEFAULTS = [
    (ref.ROLES, "Anggota"),
    (ref.MEMBER_STATUS, "Aktif"),
    (ref.ACTIVITY_KINDS, "Rapat"),
    (ref.EVALUATION_STAGES, "Final"),
    (ref.VERIFICATION, "Terverifikasi"),
]


@pytest.mark.parametrize(("vocabulary", "raw", "expected"), ENUM_CASES)
def test_enumeration_contract_aliases(vocabulary, raw, expected):
    assert enum(vocabulary).parse(raw) == expected


@pytest.mark.parametrize(("vocabulary", "raw", "expected"), REFERENCE_ALIASES)
def test_enumeration_reference_aliases(vocabulary, raw, expected):
    assert enum(vocabulary).parse(raw) == expected


@pytest.mark.parametrize(("vocabulary", "raw", "expected"), NORMALISATION_CASES,
                         ids=[f"{v.name}:{r!r}" for v, r, _ in NORMALISATION_CASES])
def test_enumeration_case_and_space_insensitive(vocabulary, raw, expected):
    assert enum(vocabulary).parse(raw) == expected


@pytest.mark.parametrize(("vocabulary", "raw"), UNKNOWN_ENUM_VALUES,
                         ids=[f"{v.name}:{r!r}" for v, r in UNKNOWN_ENUM_VALUES])
def test_unknown_enumeration_value_names_accepted_values(vocabulary, raw):
    with pytest.raises(BadValue) as exc:
        enum(vocabulary).parse(raw)
    message = str(exc.value)
    assert raw in message
    for value in vocabulary.values:
        assert value in message


@pytest.mark.parametrize(("vocabulary", "default"), DEFAULTS, ids=[v.name for v, _ in DEFAULTS])
def test_enumeration_defaults(vocabulary, default):
    assert vocabulary.default == default
    assert default in vocabulary.values


def test_enumeration_values_match_contract():
    for vocabulary, table in ENUM_CONTRACT:
        assert vocabulary.values == list(table), vocabulary.name


@pytest.mark.parametrize(("raw", "expected"), SECTOR_CASES, ids=_id)
def test_sector_aliases(raw, expected):
    assert VOCAB.sector.parse(raw) == expected


def test_sector_list_and_internal_flag():
    assert [s.name for s in SECTORS] == list(SECTOR_CONTRACT)
    assert {s.name: s.internal for s in SECTORS} == SECTOR_INTERNAL


@pytest.mark.parametrize("raw", ["Asing", "LSM", "Pemerintah Pusat"])
def test_unknown_sector_names_accepted_values(raw):
    with pytest.raises(BadValue) as exc:
        VOCAB.sector.parse(raw)
    for value in SECTOR_CONTRACT:
        assert value in str(exc.value)


@pytest.mark.parametrize(("raw", "expected"), DIMENSION_CASES, ids=_id)
def test_dimension_with_and_without_smart(raw, expected):
    assert VOCAB.dimension.parse(raw) == expected


def test_dimension_reference_data():
    assert list(DIMENSIONS) == [d for d in DIMENSION_CONTRACT if d != "Lintas Dimensi"]
    assert ref.CROSS_DIMENSION == "Lintas Dimensi"
    assert VOCAB.scored_dimensions == list(DIMENSIONS)  # Lintas Dimensi is not a scored dimension


@pytest.mark.parametrize("raw", ["Smart Transportation", "Tata Kelola", "Smart"])
def test_unknown_dimension_names_accepted_values(raw):
    with pytest.raises(BadValue) as exc:
        VOCAB.dimension.parse(raw)
    for value in DIMENSION_CONTRACT:
        assert value in str(exc.value)


def test_dimensions_follow_reference_data():
    """The dimension list is reference data: a deployment with Smart Transportation accepts it."""
    vocab = Vocab([], [("Smart Transportation", "Transportation", False)])
    assert vocab.dimension.parse("transportation") == "Smart Transportation"
    with pytest.raises(BadValue):
        vocab.dimension.parse("Smart Living")


EVALUATION_DIMENSION_HEADERS = [
    (variant, value)
    for value, aliases in DIMENSION_CONTRACT.items()
    if value != "Lintas Dimensi"
    for raw in aliases
    for variant in (raw, raw.upper(), raw.replace(" ", "\n"), raw.replace(" ", "_"))
]


@pytest.mark.parametrize(("raw", "expected"), EVALUATION_DIMENSION_HEADERS, ids=_id)
def test_evaluation_dimension_headers(raw, expected):
    assert VOCAB.dimension_headers[header_key(raw)] == expected


def test_cross_dimension_is_not_an_evaluation_score_column():
    assert header_key("Lintas Dimensi") not in VOCAB.dimension_headers


# -- Attendance: the matrix-only values ----------------------------------------------------------

MATRIX_ONLY = [("x", ref.NOT_INVITED), ("X", ref.NOT_INVITED), (" x ", ref.NOT_INVITED)]


@pytest.mark.parametrize(("raw", "expected"), MATRIX_ONLY, ids=_id)
def test_matrix_x_means_not_invited(raw, expected):
    assert VOCAB.matrix_attendance.parse(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), MATRIX_ONLY, ids=_id)
def test_long_shape_rejects_x(raw, expected):
    with pytest.raises(BadValue):
        enum(ref.ATTENDANCE).parse(raw)
    with pytest.raises(BadValue):
        parse_cell(S.ATTENDANCE.column("status"), raw, VOCAB)


@pytest.mark.parametrize(("raw", "expected"), _flatten(ATTENDANCE_CONTRACT), ids=_id)
def test_matrix_accepts_every_long_shape_value(raw, expected):
    assert VOCAB.matrix_attendance.parse(raw) == expected


def _matrix_sheet(rows: list[list[object]]) -> tuple[object, list, list]:
    errors: list = []
    warnings: list = []
    parsed = parse_sheet(Sheet("Kehadiran", rows), S.ATTENDANCE, VOCAB, errors, warnings)
    return parsed, errors, warnings


MATRIX_CELLS = [
    ("", ref.ABSENT),  # empty cell: absent (matrix only)
    (None, ref.ABSENT),
    ("x", ref.NOT_INVITED),
    ("✓", ref.PRESENT),
    (1.0, ref.PRESENT),
    (0.0, ref.ABSENT),
    ("W", ref.DELEGATED),
    ("DL", ref.EXCUSED),
    ("-", ref.ABSENT),
]


@pytest.mark.parametrize(("raw", "expected"), MATRIX_CELLS, ids=_id)
def test_matrix_sheet_cells(raw, expected):
    parsed, errors, _ = _matrix_sheet([
        ["REKAP KEHADIRAN TIM PELAKSANA SMART CITY KOTA BALIKPAPAN", None, None],
        ["Nama", "Instansi", "13/05/2023 FGD Masterplan"],
        ["Rina Wulandari", "Diskominfo", raw],
    ])
    assert errors == []
    assert parsed.matrix
    assert [r.values["col:2"] for r in parsed.records] == [expected]


MATRIX_SUMMARY_HEADERS = ["Jumlah", "Jumlah Hadir", "Total", "Persentase", "%", "Keterangan", "Paraf",
                          "Tanda Tangan"]  # fmt: skip


@pytest.mark.parametrize("header", MATRIX_SUMMARY_HEADERS, ids=_id)
def test_matrix_summary_and_note_columns_are_ignored(header):
    parsed, errors, _ = _matrix_sheet([
        ["Nama", "Instansi", "KEG-001", header],
        ["Rina Wulandari", "Diskominfo", "H", "1"],
    ])
    assert errors == []
    assert parsed.matrix
    assert [hdr for hdr, _ in parsed.activity_columns.values()] == ["KEG-001"]
    assert header in parsed.ignored_columns
    assert parsed.records[0].values["col:2"] == ref.PRESENT


def test_long_sheet_refuses_x_and_empty_status():
    parsed, errors, _ = _matrix_sheet([
        ["Kode Kegiatan", "Kode Anggota", "Kehadiran"],
        ["KEG-001", "ANG-001", "x"],
        ["KEG-001", "ANG-002", ""],
        ["KEG-001", "ANG-003", "Hadir"],
    ])
    assert not parsed.matrix
    assert [e.row for e in errors] == [2, 3]
    assert [r.values["status"] for r in parsed.records] == ["Hadir"]


# =================================================================================================
# Header matching
# =================================================================================================

# (sheet kind, header as the contract lists it, field). Kehadiran and Kontribusi take the member and
# activity reference columns by their names (`Kode Anggota / Nama (+ Instansi)`).
HEADER_CONTRACT = [
    # Anggota
    *[("members", h, "code") for h in ("Kode Anggota", "Kode", "ID Anggota", "Member ID")],
    *[("members", h, "name") for h in ("Nama", "Nama Lengkap", "Name")],
    *[("members", h, "organization") for h in ("Instansi", "OPD", "Perangkat Daerah", "Unit Kerja", "Lembaga",
                                               "Organisasi", "Organization")],
    *[("members", h, "position") for h in ("Jabatan", "Position")],
    *[("members", h, "sector") for h in ("Unsur", "Unsur Pentahelix", "Pentahelix", "Kategori", "Sektor",
                                         "Stakeholder")],
    *[("members", h, "role") for h in ("Peran", "Kedudukan", "Role", "Kedudukan dalam Tim")],
    *[("members", h, "working_group") for h in ("Kelompok Kerja", "Pokja", "Tim", "Working Group")],
    *[("members", h, "dimension") for h in ("Dimensi", "Dimension", "Bidang")],
    *[("members", h, "status") for h in ("Status", "Status Keanggotaan", "Aktif")],
    ("members", "Email", "email"),
    *[("members", h, "phone") for h in ("No HP", "Telepon", "HP", "WA")],
    # Kegiatan
    *[("activities", h, "code") for h in ("Kode Kegiatan", "Kode", "ID Kegiatan")],
    *[("activities", h, "date") for h in ("Tanggal", "Hari/Tanggal", "Hari", "Waktu", "Date")],
    *[("activities", h, "name") for h in ("Nama Kegiatan", "Kegiatan", "Agenda", "Acara", "Activity")],
    *[("activities", h, "kind") for h in ("Jenis", "Jenis Kegiatan", "Type")],
    ("activities", "Dimensi", "dimension"),
    *[("activities", h, "location") for h in ("Tempat", "Lokasi", "Location")],
    # Kehadiran (long shape)
    ("attendance", "Kode Kegiatan", "activity_code"),
    ("attendance", "Tanggal", "activity_date"),
    ("attendance", "Nama Kegiatan", "activity_name"),
    ("attendance", "Kode Anggota", "member_code"),
    ("attendance", "Nama", "member_name"),
    ("attendance", "Instansi", "organization"),
    *[("attendance", h, "status") for h in ("Kehadiran", "Status", "Status Kehadiran", "Keterangan Hadir")],
    # Kontribusi
    *[("contributions", h, "code") for h in ("Kode Kontribusi", "Kode", "ID")],
    *[("contributions", h, "date") for h in ("Tanggal", "Date")],
    ("contributions", "Kode Anggota", "member_code"),
    ("contributions", "Nama", "member_name"),
    ("contributions", "Instansi", "organization"),
    *[("contributions", h, "kind") for h in ("Jenis Kontribusi", "Jenis", "Type", "Bentuk Kontribusi")],
    *[("contributions", h, "recommendation_code") for h in ("Kode Rekomendasi", "Rekomendasi", "No Rekomendasi")],
    *[("contributions", h, "description") for h in ("Uraian", "Keterangan", "Deskripsi", "Description")],
    *[("contributions", h, "evidence") for h in ("Bukti", "Link Bukti", "Tautan", "Dokumen", "Evidence")],
    *[("contributions", h, "verification") for h in ("Verifikasi", "Status Verifikasi", "Status")],
    # Rekomendasi
    *[("recommendations", h, "code") for h in ("Kode", "Kode Rekomendasi", "No Rekomendasi", "ID")],
    *[("recommendations", h, "source") for h in ("Sumber", "Sumber Evaluasi", "Evaluasi", "Hasil Evaluasi")],
    *[("recommendations", h, "year") for h in ("Tahun", "Year")],
    *[("recommendations", h, "text") for h in ("Uraian", "Rekomendasi", "Isi Rekomendasi", "Uraian Rekomendasi")],
    ("recommendations", "Dimensi", "dimension"),
    *[("recommendations", h, "pic") for h in ("Penanggung Jawab", "PIC", "OPD Penanggung Jawab", "Pelaksana")],
    *[("recommendations", h, "target") for h in ("Target", "Target Selesai", "Batas Waktu", "Tenggat", "Deadline")],
    *[("recommendations", h, "status") for h in ("Status", "Status Tindak Lanjut", "Status TL")],
    *[("recommendations", h, "progress") for h in ("Progres", "Progress", "Persentase", "Capaian", "%")],
    *[("recommendations", h, "evidence") for h in ("Data Dukung", "Jumlah Data Dukung", "Bukti Dukung")],
    *[("recommendations", h, "note") for h in ("Catatan", "Keterangan", "Notes")],
    # Evaluasi
    *[("evaluations", h, "year") for h in ("Tahun", "Year")],
    *[("evaluations", h, "stage") for h in ("Tahap", "Stage")],
    *[("evaluations", h, "rank") for h in ("Peringkat", "Ranking", "Rank")],
    *[("evaluations", h, "field_size") for h in ("Jumlah Daerah", "Total Daerah", "Dari", "Jumlah Peserta")],
    *[("evaluations", h, "score") for h in ("Nilai", "Skor", "Indeks", "Nilai Total", "Nilai Indeks")],
    *[("evaluations", h, "predicate") for h in ("Predikat", "Kategori")],
]

# Every name and alias the code declares in loaders.sheets.SPECS.
HEADER_SPECS = [
    (spec.kind, alias, column.field)
    for spec in S.SPECS
    for column in spec.columns
    for alias in (column.name, *column.aliases)
]


def _header_variants(text: str) -> list[str]:
    """Case, line breaks inside the cell, repeated spaces, and the punctuation `. : / ( ) _ -`."""
    out = [text, text.upper(), text.lower(), f"  {text}  ", f"{text}:", f"({text})", f"{text}."]
    if " " in text:
        out += [text.replace(" ", "\n"), text.replace(" ", "   "), text.replace(" ", "_"), text.replace(" ", "-"),
                text.replace(" ", ". "), text.replace(" ", " / ")]
    return list(dict.fromkeys(out))


def _header_cases(table: list[tuple[str, str, str]]) -> list:
    return [
        pytest.param(kind, variant, fld, id=f"{kind}:{variant!r}")
        for kind, text, fld in table
        for variant in _header_variants(text)
        # `A / B` is the two-aliases form; only meaningful when each half is not itself another column
        if not (" / " in variant and "/" not in text)
    ]


HEADER_PUNCTUATION = [
    ("members", "No. HP", "phone"),
    ("members", "No.HP", "phone"),
    ("members", "No. WA", "phone"),
    ("members", "E-mail", "email"),
    ("members", "Kode_Anggota", "code"),
    ("members", "Nama Lengkap:", "name"),
    ("members", "Instansi / OPD", "organization"),
    ("activities", "Hari/Tanggal", "date"),
    ("activities", "Hari / Tanggal", "date"),
    ("activities", "HARI/TANGGAL", "date"),
    ("activities", "Tanggal / Hari", "date"),
    ("activities", "Nama\nKegiatan", "name"),
    ("activities", "Nama  \n Kegiatan", "name"),
    ("activities", "Jenis_Kegiatan", "kind"),
    ("attendance", "Kode_Anggota", "member_code"),
    ("attendance", "Hari/Tanggal", "activity_date"),
    ("attendance", "Status\nKehadiran", "status"),
    ("recommendations", "Status_TL", "status"),
    ("recommendations", "Progres / %", "progress"),
    ("recommendations", "Target (Tanggal)", None),  # not two aliases of one column: unknown
    ("evaluations", "Nilai-Indeks", "score"),
]

OPD_INSTANSI = [
    (kind, text, "organization")
    for kind in ("members", "attendance", "contributions")
    for text in ("OPD / Instansi", "OPD/Instansi", "opd  /  INSTANSI", "Instansi / OPD / Lembaga")
]

UNKNOWN_HEADERS = [
    (spec.kind, text)
    for spec in S.SPECS
    for text in ("Paraf", "Keterangan Tambahan", "No", "No.", "Tanda Tangan", "Nama / Instansi", "")
]


@pytest.mark.parametrize(("kind", "text", "fld"), _header_cases(HEADER_CONTRACT))
def test_contract_header_aliases(kind, text, fld):
    column = _match_header(text, S.SPEC_BY_KIND[kind])
    assert column is not None and column.field == fld


@pytest.mark.parametrize(("kind", "text", "fld"), _header_cases(HEADER_SPECS))
def test_declared_header_aliases(kind, text, fld):
    column = _match_header(text, S.SPEC_BY_KIND[kind])
    assert column is not None and column.field == fld


@pytest.mark.parametrize(("kind", "text", "fld"), HEADER_PUNCTUATION + OPD_INSTANSI, ids=_id)
def test_header_punctuation(kind, text, fld):
    column = _match_header(text, S.SPEC_BY_KIND[kind])
    assert (column.field if column else None) == fld


@pytest.mark.parametrize(("kind", "text"), UNKNOWN_HEADERS, ids=_id)
def test_unknown_headers(kind, text):
    assert _match_header(text, S.SPEC_BY_KIND[kind]) is None


def _collisions(table: list[tuple[str, str, str]]) -> list[tuple[str, str, set[str]]]:
    seen: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for kind, text, fld in table:
        seen[kind, header_key(text)].add(fld)
    return [(kind, key, fields) for (kind, key), fields in seen.items() if len(fields) > 1]


def test_no_header_alias_shared_by_two_columns_of_one_sheet():
    assert _collisions(HEADER_CONTRACT) == []  # the contract's tables
    assert _collisions(HEADER_SPECS) == []  # the code's declarations


TOTAL_ROWS = [
    (["Jumlah", None, 5], True),
    (["", "Total", 5], True),
    ([None, "Rata-rata", "80%"], True),
    (["JUMLAH  TOTAL", 12], True),
    ([12, "Jumlah"], True),  # the first *text* cell decides
    (["Rina Wulandari", "Jumlah"], False),
    (["Jumlah Hadir", 3], False),
]


@pytest.mark.parametrize(("row", "expected"), TOTAL_ROWS, ids=_id)
def test_total_rows_are_skipped(row, expected):
    assert _is_total_row(row) is expected


# =================================================================================================
# Sheet names
# =================================================================================================

SHEET_CONTRACT = [
    *[(n, "members") for n in ("Anggota", "Members", "Daftar Anggota", "Anggota Tim")],
    *[(n, "activities") for n in ("Kegiatan", "Activities", "Daftar Kegiatan", "Agenda", "Rapat")],
    *[(n, "attendance") for n in ("Kehadiran", "Attendance", "Daftar Hadir", "Rekap Kehadiran", "Absensi")],
    *[(n, "contributions") for n in ("Kontribusi", "Contributions", "Rekap Kontribusi", "Kinerja Anggota")],
    *[(n, "recommendations") for n in ("Rekomendasi", "Recommendations", "Tindak Lanjut",
                                       "Tindak Lanjut Rekomendasi")],
    *[(n, "evaluations") for n in ("Evaluasi", "Evaluations", "Peringkat", "Hasil Evaluasi", "Ranking")],
]
SHEET_SPECS = [(n, spec.kind) for spec in S.SPECS for n in (spec.name, *spec.aliases)]


def _sheet_variants(name: str) -> list[str]:
    out = [name, name.upper(), name.lower(), f" {name} ", name.replace(" ", ""), name.replace(" ", "  ")]
    return list(dict.fromkeys(out))


SHEET_CASES = [(variant, kind) for name, kind in dict.fromkeys(SHEET_CONTRACT + SHEET_SPECS)
               for variant in _sheet_variants(name)]
UNKNOWN_SHEETS = ["Petunjuk", "_Daftar", "Sheet1", "Anggota Lama", "Rekap", "Daftar", "Lampiran", ""]


@pytest.mark.parametrize(("name", "kind"), SHEET_CASES, ids=_id)
def test_sheet_names(name, kind):
    spec = S.match_sheet(name)
    assert spec is not None and spec.kind == kind


@pytest.mark.parametrize("name", UNKNOWN_SHEETS, ids=_id)
def test_unknown_sheet(name):
    assert S.match_sheet(name) is None


def test_sheet_names_are_unique():
    seen = collections.defaultdict(set)
    for name, kind in SHEET_CONTRACT + SHEET_SPECS:
        seen[S.sheet_key(name)].add(kind)
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


# =================================================================================================
# Matrix activity headers and evidence counts
# =================================================================================================

ACTIVITY_HEADERS = [
    ("13/05/2023 FGD Masterplan", (MAY13, "FGD Masterplan")),
    ("13/5/2023 FGD Masterplan", (MAY13, "FGD Masterplan")),
    ("13/05/2023 - FGD Masterplan", (MAY13, "FGD Masterplan")),
    ("13/05/2023\nFGD Masterplan", (MAY13, "FGD Masterplan")),
    ("2023-05-13 Rapat Koordinasi", (MAY13, "Rapat Koordinasi")),
    ("13 Mei 2023 Rapat Koordinasi", (MAY13, "Rapat Koordinasi")),
    ("Sabtu, 13 Mei 2023", (MAY13, None)),
    ("13/05/2023", (MAY13, None)),
    ("13 Mei 2023", (MAY13, None)),
    (MAY13, (MAY13, None)),
    (dt.datetime(2023, 5, 13), (MAY13, None)),
    ("KEG-001", (None, None)),
    ("Rapat Koordinasi", (None, None)),
    ("31/02/2023 Rapat", (None, None)),
    ("", (None, None)),
    (None, (None, None)),
]


@pytest.mark.parametrize(("raw", "expected"), ACTIVITY_HEADERS, ids=_id)
def test_split_activity_header(raw, expected):
    assert split_activity_header(raw) == expected


EVIDENCE = [
    (3, (3, None)),
    (3.0, (3, None)),
    ("3", (3, None)),
    (" 3 ", (3, None)),
    (0, (0, None)),
    ("https://a\nhttps://b", (2, "https://a\nhttps://b")),
    ("https://a https://b", (2, "https://a\nhttps://b")),
    ("a.pdf; b.pdf; c.pdf", (3, "a.pdf\nb.pdf\nc.pdf")),
    ("a.pdf, b.pdf", (2, "a.pdf\nb.pdf")),
    ("https://drive.example/bukti.pdf", (1, "https://drive.example/bukti.pdf")),
]


@pytest.mark.parametrize(("raw", "expected"), EVIDENCE, ids=_id)
def test_parse_evidence(raw, expected):
    assert parse_evidence(raw) == expected


# =================================================================================================
# parse_cell: each column type of the specs reaches its parser
# =================================================================================================

CELLS = [
    (S.EVALUATIONS.column("score"), "3,31", 3.31),
    (S.EVALUATIONS.column("rank"), "40", 40),
    (S.EVALUATIONS.column("year"), "2023", 2023),
    (S.EVALUATIONS.column("stage"), 1.0, "I"),
    (S.RECOMMENDATIONS.column("progress"), "75%", 0.75),
    (S.RECOMMENDATIONS.column("target"), "31 Desember 2024", dt.date(2024, 12, 31)),
    (S.RECOMMENDATIONS.column("evidence"), "3", (3, None)),
    (S.RECOMMENDATIONS.column("status"), "TDTL", "Tidak Dapat Ditindaklanjuti"),
    (S.MEMBERS.column("sector"), "OPD", "Pemerintah"),
    (S.MEMBERS.column("dimension"), "Governance", "Smart Governance"),
    (S.MEMBERS.column("name"), "  Rina   Wulandari ", "Rina Wulandari"),
    (S.ACTIVITIES.column("date"), "Senin, 13/5/2023", MAY13),
    (S.ACTIVITIES.column("kind"), "fgd", "FGD"),
    (S.CONTRIBUTIONS.column("verification"), "OK", "Terverifikasi"),
    (S.ATTENDANCE.column("status"), "✓", "Hadir"),
]
CELLS_BAD = [
    (S.EVALUATIONS.column("rank"), "-1"),
    (S.EVALUATIONS.column("score"), "tiga"),
    (S.RECOMMENDATIONS.column("progress"), "150"),
    (S.RECOMMENDATIONS.column("target"), "31 Februari 2023"),
    (S.MEMBERS.column("sector"), "Asing"),
    (S.MEMBERS.column("dimension"), "Smart Transportation"),
]


@pytest.mark.parametrize(("column", "raw", "expected"), CELLS, ids=[f"{c.field}:{r!r}" for c, r, _ in CELLS])
def test_parse_cell(column, raw, expected):
    value = parse_cell(column, raw, VOCAB)
    assert value == (pytest.approx(expected) if isinstance(expected, float) else expected)


@pytest.mark.parametrize(("column", "raw"), CELLS_BAD, ids=[f"{c.field}:{r!r}" for c, r in CELLS_BAD])
def test_parse_cell_rejections(column, raw):
    with pytest.raises(BadValue):
        parse_cell(column, raw, VOCAB)


def test_clean_text_collapses_every_kind_of_white_space():
    """Whatever the shortcut for text that is already clean, the result is the split-and-join rule's."""
    import random
    import unicodedata

    def by_rule(text: str) -> str | None:
        text = text.replace("\x00", "")
        text = unicodedata.normalize("NFC", text)
        return " ".join(text.split()) or None

    pieces = [" ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u2028",
              "\u3000", "\u200b", "\ufeff", "\x00", "a", "B", "é", "e\u0301", "1", "-", "\x7f"]
    rnd = random.Random(5)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 7)))
        assert clean_text(text) == by_rule(text), repr(text)


def test_clean_texts_is_clean_text_of_each_cell():
    """The whole-column shortcut gives clean_text's answer cell by cell, whether the column takes it (plain
    clean text, empty cells) or not (one cell to clean anywhere, a number, a date, non-ASCII text)."""
    import random

    # \x0b, \x1c and \r are white space to str.split; \x7f and \x07 are neither space nor printable
    pieces = [" ", "  ", "\t", "\n", "\r", "\x0b", "\x1c", "\x07", "\x7f", "\x00", "\xa0", "a", "B", "é", "1", "-",
              "x y", "KON-0001"]
    odd = [None, "", 0, 0.0, 1.5, False, dt.date(2023, 5, 13), dt.datetime(2023, 5, 13, 8, 30), "\ufeff", " a", "a "]
    rnd = random.Random(7)
    for _ in range(3_000):
        clean = ["".join(rnd.choice(("a", "B", "1", "-", "x y", "KON-0001")) for _ in range(rnd.randrange(1, 4)))
                 for _ in range(rnd.randrange(0, 12))]
        column = list(clean)
        if rnd.random() < 0.5:  # empty cells keep the shortcut
            column += [None, ""]
        if rnd.random() < 0.5:  # one cell that needs cleaning, or is not text: cell by cell
            column.append(rnd.choice(odd + ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 5)))]))
        rnd.shuffle(column)
        assert clean_texts(column) == [clean_text(v) for v in column], column
