"""The recap-workbook contract as data: one spec per sheet (names, columns, aliases, types, keys, help).

The loader reads these specs to find sheets and headers and to parse cells; the template writer reads the
same specs to build `Petunjuk` and the dropdowns. Change a column here and both follow.
"""
from __future__ import annotations

from dataclasses import dataclass

from core import reference as ref
from core.values import header_key

# Column types understood by loaders.parse.parse_cell
TEXT, DATE, NUMBER, PERCENT, INT, YEAR, COUNT_OR_LINKS = "text", "date", "number", "percent", "int", "year", "links"
ENUM, SECTOR, DIMENSION = "enum", "sector", "dimension"


@dataclass(frozen=True)
class Column:
    field: str
    name: str  # the header the template writes
    aliases: tuple[str, ...] = ()
    type: str = TEXT
    required: bool = False
    vocabulary: ref.Vocabulary | None = None
    help: str = ""
    personal: bool = False  # contact data: never on the big screen or in display exports
    example: str = ""

    @property
    def header_keys(self) -> frozenset[str]:
        return frozenset(header_key(x) for x in (self.name, *self.aliases))


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    name: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    purpose: str
    key_help: str
    # What identifies a row: its code (``code_field``) when it has one, else the natural key, these fields in this
    # order, each keyed (loaders/resolve.py: ``natural_key``) and joined by "|". A reference field (``member``,
    # ``activity``) stands for the key of the row it names.
    natural_key: tuple[str, ...] = ()
    code_field: str | None = None

    @property
    def name_keys(self) -> frozenset[str]:
        return frozenset(sheet_key(x) for x in (self.name, *self.aliases))

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


def sheet_key(name: str) -> str:
    """Sheets are found by name, ignoring case, spaces, `_` and `-`."""
    return "".join((name or "").casefold().replace("_", " ").replace("-", " ").split())


MEMBER_REF_HELP = "Kode Anggota, atau Nama (ditambah Instansi bila ada nama yang sama)"

MEMBERS = SheetSpec(
    kind="members",
    name="Anggota",
    aliases=("Members", "Daftar Anggota", "Anggota Tim"),
    purpose="Satu baris per anggota kelompok kerja.",
    key_help="Kode Anggota; bila kosong, gabungan Nama dan Instansi.",
    natural_key=('name', 'organization'),
    code_field='code',
    columns=(
        Column("code", "Kode Anggota", ("Kode", "ID Anggota", "Member ID", "NIP"), help="Kode tetap anggota (boleh kosong).", example="ANG-001"),
        Column("name", "Nama", ("Nama Lengkap", "Name", "Nama / NIP", "Nama dan NIP"), required=True, help="Nama lengkap anggota.", example="Rina Wulandari"),
        Column(
            "organization", "Instansi",
            ("OPD", "Perangkat Daerah", "Unit Kerja", "Lembaga", "Organisasi", "Organization"),
            required=True, help="Instansi, OPD, kampus, perusahaan atau komunitas asal anggota.", example="Diskominfo",
        ),
        Column("position", "Jabatan", ("Position",), help="Jabatan di instansinya.", example="Kepala Bidang"),
        Column(
            "sector", "Unsur", ("Unsur Pentahelix", "Pentahelix", "Kategori", "Sektor", "Stakeholder"),
            type=SECTOR,
            help="Unsur pentahelix: Pemerintah (internal), Akademisi, Swasta, Komunitas, Masyarakat, Media (eksternal). "
                 "Boleh kosong untuk instansi yang sudah dikenal (misalnya OPD Kota Balikpapan).",
            example="Pemerintah",
        ),
        Column("role", "Peran", ("Kedudukan", "Role", "Kedudukan dalam Tim"), type=ENUM, vocabulary=ref.ROLES,
               help="Kedudukan dalam tim; kosong berarti Anggota.", example="Anggota"),
        Column("working_group", "Kelompok Kerja", ("Pokja", "Tim", "Working Group"),
               help="Misalnya Dewan Smart City, Tim Pelaksana, Forum Smart City.", example="Tim Pelaksana"),
        Column("dimension", "Dimensi", ("Dimension", "Bidang"), type=DIMENSION,
               help="Salah satu dimensi smart city, atau Lintas Dimensi.", example="Smart Governance"),
        Column("status", "Status", ("Status Keanggotaan", "Aktif"), type=ENUM, vocabulary=ref.MEMBER_STATUS,
               help="Aktif (bawaan) atau Nonaktif; anggota Nonaktif tidak ikut peringkat.", example="Aktif"),
        Column("email", "Email", ("E-mail", "Surel", "Alamat Email"), personal=True,
               help="Data pribadi: tidak pernah tampil di layar besar.", example="nama@contoh.go.id"),
        Column("phone", "No HP", ("Telepon", "HP", "WA", "No WA", "Nomor HP", "No Telepon"), personal=True,
               help="Data pribadi: tidak pernah tampil di layar besar.", example="0812xxxx"),
    ),
)

ACTIVITIES = SheetSpec(
    kind="activities",
    name="Kegiatan",
    aliases=("Activities", "Daftar Kegiatan", "Agenda", "Rapat"),
    purpose="Satu baris per rapat atau kegiatan tim.",
    key_help="Kode Kegiatan; bila kosong, gabungan Tanggal dan Nama Kegiatan.",
    natural_key=('date', 'name'),
    code_field='code',
    columns=(
        Column("code", "Kode Kegiatan", ("Kode", "ID Kegiatan"), help="Kode tetap kegiatan (boleh kosong).", example="KEG-001"),
        Column("date", "Tanggal", ("Hari/Tanggal", "Hari", "Waktu", "Date"), type=DATE, required=True,
               help="Tanggal kegiatan, misalnya 13/05/2023 atau 13 Mei 2023.", example="13/05/2023"),
        Column("name", "Nama Kegiatan", ("Kegiatan", "Agenda", "Acara", "Activity"), required=True,
               help="Nama rapat atau kegiatan.", example="Rapat Koordinasi Tim Pelaksana"),
        Column("kind", "Jenis", ("Jenis Kegiatan", "Type"), type=ENUM, vocabulary=ref.ACTIVITY_KINDS,
               help="Rapat (bawaan), FGD, Bimtek, Sosialisasi, Evaluasi, Kunjungan, Lainnya.", example="Rapat"),
        Column("dimension", "Dimensi", (), type=DIMENSION, help="Dimensi yang dibahas (boleh kosong).", example="Smart Governance"),
        Column("location", "Tempat", ("Lokasi", "Location"), help="Tempat kegiatan.", example="Ruang Rapat I Balai Kota"),
    ),
)

ATTENDANCE = SheetSpec(
    kind="attendance",
    name="Kehadiran",
    aliases=("Attendance", "Daftar Hadir", "Rekap Kehadiran", "Absensi"),
    purpose=(
        "Bentuk panjang: satu baris per anggota per kegiatan. Bentuk matriks (rekap daftar hadir): satu baris "
        "per anggota dan satu kolom per kegiatan, judul kolom berisi kode kegiatan atau tanggalnya."
    ),
    key_help="Pasangan anggota dan kegiatan.",
    natural_key=('member', 'activity'),
    columns=(
        Column("activity_code", "Kode Kegiatan", ("ID Kegiatan",), help="Kode kegiatan di sheet Kegiatan.", example="KEG-001"),
        Column("activity_date", "Tanggal", ("Tanggal Kegiatan", "Hari/Tanggal", "Date"), type=DATE,
               help="Bila tanpa kode: tanggal kegiatan (bersama Nama Kegiatan).", example="13/05/2023"),
        Column("activity_name", "Nama Kegiatan", ("Kegiatan", "Agenda", "Acara"),
               help="Bila tanpa kode: nama kegiatan (bersama Tanggal).", example="Rapat Koordinasi Tim Pelaksana"),
        Column("member_code", "Kode Anggota", ("ID Anggota", "Member ID", "NIP"), help="Kode anggota di sheet Anggota.", example="ANG-001"),
        Column("member_name", "Nama", ("Nama Anggota", "Nama Lengkap", "Name", "Nama / NIP", "Nama dan NIP"), help="Bila tanpa kode: nama anggota.", example="Rina Wulandari"),
        Column("organization", "Instansi", ("OPD", "Perangkat Daerah", "Unit Kerja", "Lembaga", "Organisasi"),
               help="Pembeda bila ada dua anggota bernama sama.", example="Diskominfo"),
        Column("status", "Kehadiran", ("Status", "Status Kehadiran", "Keterangan Hadir"), type=ENUM,
               vocabulary=ref.ATTENDANCE, required=True,
               help="Hadir (H, v, ✓), Diwakili (W, D), Izin (I, S, DL), Tidak Hadir (T, A, -), Tidak Diundang (N/A, x).",
               example="Hadir"),
    ),
)

CONTRIBUTIONS = SheetSpec(
    kind="contributions",
    name="Kontribusi",
    aliases=("Contributions", "Rekap Kontribusi", "Kinerja Anggota"),
    purpose="Satu baris per kontribusi seorang anggota.",
    key_help="Kode Kontribusi; bila kosong, gabungan Tanggal, anggota, Jenis dan Uraian.",
    natural_key=('date', 'member', 'kind', 'description'),
    code_field='code',
    columns=(
        Column("code", "Kode Kontribusi", ("Kode", "ID"), help="Kode tetap kontribusi (boleh kosong).", example="KON-001"),
        Column("date", "Tanggal", ("Date",), type=DATE, required=True, help="Tanggal kontribusi.", example="20/05/2023"),
        Column("member_code", "Kode Anggota", ("ID Anggota", "Member ID", "NIP"), help=MEMBER_REF_HELP, example="ANG-001"),
        Column("member_name", "Nama", ("Nama Anggota", "Nama Lengkap", "Name", "Nama / NIP", "Nama dan NIP"), help=MEMBER_REF_HELP, example="Rina Wulandari"),
        Column("organization", "Instansi", ("OPD", "Perangkat Daerah", "Unit Kerja", "Lembaga", "Organisasi"),
               help="Pembeda bila ada dua anggota bernama sama.", example="Diskominfo"),
        Column("kind", "Jenis Kontribusi", ("Jenis", "Type", "Bentuk Kontribusi"), type=ENUM,
               vocabulary=ref.CONTRIBUTION_KINDS, required=True,
               help="Menentukan poin: " + ", ".join(f"{k} {v:g}" for k, v in ref.DEFAULT_CONTRIBUTION_POINTS.items()) + ".",
               example="Data Dukung"),
        Column("recommendation_code", "Kode Rekomendasi", ("Rekomendasi", "No Rekomendasi"),
               help="Kode rekomendasi yang ditindaklanjuti (harus ada di sheet Rekomendasi atau sudah tersimpan).",
               example="2023-I-06"),
        Column("description", "Uraian", ("Keterangan", "Deskripsi", "Description"), help="Uraian singkat kontribusi.",
               example="Menyusun data dukung dasbor partisipasi"),
        Column("evidence", "Bukti", ("Link Bukti", "Tautan", "Dokumen", "Evidence"), help="Tautan atau nama berkas bukti.",
               example="https://drive.example/bukti.pdf"),
        Column("verification", "Verifikasi", ("Status Verifikasi", "Status"), type=ENUM, vocabulary=ref.VERIFICATION,
               help="Terverifikasi, Menunggu, Ditolak. Tanpa kolom ini semua baris dianggap Terverifikasi; "
                    "bila ada, hanya yang Terverifikasi yang dinilai.",
               example="Terverifikasi"),
    ),
)

RECOMMENDATIONS = SheetSpec(
    kind="recommendations",
    name="Rekomendasi",
    aliases=("Recommendations", "Tindak Lanjut", "Tindak Lanjut Rekomendasi"),
    purpose="Satu baris per rekomendasi hasil evaluasi program dan tindak lanjutnya.",
    key_help="Kode rekomendasi.",
    natural_key=('code',),
    code_field='code',
    columns=(
        Column("code", "Kode", ("Kode Rekomendasi", "No Rekomendasi", "ID"), required=True,
               help="Kode tetap, misalnya 2022-01 atau 2023-I-06.", example="2023-I-06"),
        Column("source", "Sumber", ("Sumber Evaluasi", "Evaluasi", "Hasil Evaluasi"), required=True,
               help="Misalnya Evaluasi 2022 atau Evaluasi 2023 Tahap I.", example="Evaluasi 2023 Tahap I"),
        Column("year", "Tahun", ("Year",), type=YEAR, help="Bila kosong diambil dari Sumber.", example="2023"),
        Column("text", "Uraian", ("Rekomendasi", "Isi Rekomendasi", "Uraian Rekomendasi"), required=True,
               help="Isi rekomendasi.", example="Dasbor partisipasi anggota pokja untuk pimpinan daerah"),
        Column("dimension", "Dimensi", (), type=DIMENSION, help="Dimensi rekomendasi (boleh kosong).", example="Smart Governance"),
        Column("pic", "Penanggung Jawab", ("PIC", "OPD Penanggung Jawab", "Pelaksana"), help="OPD atau pihak penanggung jawab.",
               example="Diskominfo"),
        Column("target", "Target", ("Target Selesai", "Batas Waktu", "Tenggat", "Deadline"), type=DATE,
               help="Tanggal target selesai.", example="31/12/2024"),
        Column("status", "Status", ("Status Tindak Lanjut", "Status TL"), type=ENUM, vocabulary=ref.FOLLOWUP_STATUS,
               required=True,
               help="Sesuai, Belum Sesuai, Belum Ditindaklanjuti, Tidak Dapat Ditindaklanjuti (beri alasan di Catatan).",
               example="Belum Sesuai"),
        Column("progress", "Progres", ("Progress", "Persentase", "Capaian", "%"), type=PERCENT,
               help="0 sampai 100%, misalnya 75% atau 0,75.", example="75%"),
        Column("evidence", "Data Dukung", ("Jumlah Data Dukung", "Bukti Dukung"), type=COUNT_OR_LINKS,
               help="Jumlah dokumen pendukung, atau daftar tautannya (dihitung).", example="3"),
        Column("note", "Catatan", ("Keterangan", "Notes"), help="Catatan, termasuk alasan bila tidak dapat ditindaklanjuti.",
               example=""),
    ),
)

EVALUATIONS = SheetSpec(
    kind="evaluations",
    name="Evaluasi",
    aliases=("Evaluations", "Peringkat", "Hasil Evaluasi", "Ranking"),
    purpose="Satu baris per hasil evaluasi kota. Tambahkan satu kolom per dimensi untuk nilai per dimensi.",
    key_help="Tahun dan Tahap.",
    natural_key=('year', 'stage'),
    columns=(
        Column("year", "Tahun", ("Year",), type=YEAR, required=True, help="Tahun evaluasi.", example="2023"),
        Column("stage", "Tahap", ("Stage",), type=ENUM, vocabulary=ref.EVALUATION_STAGES,
               help="I, II atau Final (bawaan).", example="Final"),
        Column("rank", "Peringkat", ("Ranking", "Rank"), type=INT, help="Peringkat kota; 1 terbaik.", example="40"),
        Column("field_size", "Jumlah Daerah", ("Total Daerah", "Dari", "Jumlah Peserta"), type=INT,
               help="Jumlah daerah yang dinilai.", example="100"),
        Column("score", "Nilai", ("Skor", "Indeks", "Nilai Total", "Nilai Indeks"), type=NUMBER,
               help="Nilai total, misalnya 3,31.", example="3,31"),
        Column("predicate", "Predikat", ("Kategori",), help="Predikat atau kategori hasil.", example="Baik"),
    ),
)

SPECS: tuple[SheetSpec, ...] = (MEMBERS, ACTIVITIES, ATTENDANCE, CONTRIBUTIONS, RECOMMENDATIONS, EVALUATIONS)
SPEC_BY_KIND = {s.kind: s for s in SPECS}

# Matrix attendance: headers that are summaries or notes, ignored rather than taken for activities.
MATRIX_SUMMARY_HEADERS = frozenset(
    header_key(x)
    for x in ("No", "No.", "Nomor", "Jumlah", "Jumlah Hadir", "Total", "Persentase", "%", "Keterangan", "Paraf",
              "Tanda Tangan", "Jabatan", "Unsur", "Kelompok Kerja", "Pokja")
)
TOTAL_LABELS = frozenset(header_key(x) for x in ("Jumlah", "Total", "Rata-rata", "Rata rata", "Jumlah Total"))


def match_sheet(name: str) -> SheetSpec | None:
    key = sheet_key(name)
    return next((s for s in SPECS if key in s.name_keys), None)
