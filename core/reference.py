"""Reference vocabularies of the recap-workbook contract: canonical values, their aliases and defaults.

This is the one module that spells the domain's fixed words. Sectors and dimensions are seeded from here
into the database (the deployment may change them there); the other enumerations are fixed by the contract.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    value: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of values, matched case-insensitively against the values and their aliases."""

    name: str
    choices: tuple[Choice, ...]
    default: str | None = None

    @property
    def values(self) -> list[str]:
        return [c.value for c in self.choices]


# -- Unsur (pentahelix element plus the public). `internal` marks city government.
@dataclass(frozen=True)
class SectorDef:
    name: str
    internal: bool
    aliases: tuple[str, ...]


SECTORS: tuple[SectorDef, ...] = (
    SectorDef("Pemerintah", True, ("OPD", "Pemda", "Pemerintah Daerah", "Government")),
    SectorDef("Akademisi", False, ("Perguruan Tinggi", "Academia")),
    SectorDef("Swasta", False, ("Bisnis", "Dunia Usaha", "Pengusaha", "BUMN", "BUMD", "Perumda", "Business")),
    SectorDef("Komunitas", False, ("Community",)),
    SectorDef("Masyarakat", False, ("Public", "Tokoh Masyarakat")),
    SectorDef("Media", False, ()),
)

# -- The six dimensions of Gerakan Menuju 100 Smart City (seeded; editable reference data).
DIMENSIONS: tuple[str, ...] = (
    "Smart Governance",
    "Smart Branding",
    "Smart Economy",
    "Smart Living",
    "Smart Society",
    "Smart Environment",
)
CROSS_DIMENSION = "Lintas Dimensi"

ROLES = Vocabulary(
    "Peran",
    (
        Choice("Pengarah"),
        Choice("Ketua"),
        Choice("Wakil Ketua"),
        Choice("Sekretaris"),
        Choice("Anggota"),
        Choice("Narasumber"),
    ),
    default="Anggota",
)

MEMBER_STATUS = Vocabulary(
    "Status",
    (Choice("Aktif", ("Active", "Ya", "Y")), Choice("Nonaktif", ("Non Aktif", "Tidak Aktif", "Inactive", "Tidak"))),
    default="Aktif",
)
ACTIVE = "Aktif"

ACTIVITY_KINDS = Vocabulary(
    "Jenis",
    (
        Choice("Rapat", ("Meeting",)),
        Choice("FGD", ("Focus Group Discussion",)),
        Choice("Bimtek", ("Bimbingan Teknis", "Pelatihan", "Workshop")),
        Choice("Sosialisasi",),
        Choice("Evaluasi",),
        Choice("Kunjungan", ("Kunjungan Kerja", "Kunker")),
        Choice("Lainnya", ("Lain-lain", "Lain lain", "Other")),
    ),
    default="Rapat",
)

PRESENT = "Hadir"
DELEGATED = "Diwakili"
EXCUSED = "Izin"
ABSENT = "Tidak Hadir"
NOT_INVITED = "Tidak Diundang"

ATTENDANCE = Vocabulary(
    "Kehadiran",
    (
        Choice(PRESENT, ("H", "v", "✓", "√", "Ya", "Y", "1", "Hadir Langsung")),
        Choice(DELEGATED, ("Delegasi", "Hadir (Delegasi)", "Diwakilkan", "W", "D")),
        Choice(EXCUSED, ("I", "Sakit", "S", "Cuti", "Dinas Luar", "DL", "Tugas Luar")),
        Choice(ABSENT, ("T", "TH", "A", "Alpa", "Absen", "0", "-", "Tidak")),
        Choice(NOT_INVITED, ("N/A", "NA", "TD")),
    ),
)
# Only in the matrix shape: a grey "x" means not invited, an empty cell means absent.
MATRIX_ONLY_ATTENDANCE = {"x": NOT_INVITED}
COUNTED_PRESENT = (PRESENT, DELEGATED)

VERIFIED = "Terverifikasi"
VERIFICATION = Vocabulary(
    "Verifikasi",
    (
        Choice(VERIFIED, ("Valid", "Diterima", "OK", "Verified", "Sudah Diverifikasi")),
        Choice("Menunggu", ("Pending", "Proses", "Belum Diverifikasi")),
        Choice("Ditolak", ("Rejected", "Tidak Valid")),
    ),
    default=VERIFIED,
)

CONTRIBUTION_KINDS = Vocabulary(
    "Jenis Kontribusi",
    (
        Choice("Tindak Lanjut Rekomendasi", ("TL Rekomendasi", "Tindak Lanjut", "Follow-up")),
        Choice("Data Dukung", ("Bukti Dukung", "Data", "Supporting Data")),
        Choice("Paparan (Narasumber)", ("Paparan", "Narasumber", "Presentasi", "Presentation")),
        Choice("Usulan Program", ("Usulan", "Usulan Kegiatan", "Proposal")),
        Choice("Laporan", ("Report",)),
        Choice("Publikasi", ("Publikasi Media", "Publication", "Berita")),
        Choice("Lainnya", ("Lain-lain", "Lain lain", "Other")),
    ),
)

SESUAI = "Sesuai"
BELUM_SESUAI = "Belum Sesuai"
BELUM_TL = "Belum Ditindaklanjuti"
TDTL = "Tidak Dapat Ditindaklanjuti"
FOLLOWUP_STATUS = Vocabulary(
    "Status Tindak Lanjut",
    (
        Choice(SESUAI, ("Selesai", "Tuntas", "Sudah", "Done", "Sesuai Rekomendasi", "Telah Sesuai")),
        Choice(BELUM_SESUAI, ("Dalam Proses", "Proses", "On Progress", "Sebagian", "Berjalan")),
        Choice(BELUM_TL, ("Belum", "Belum Dimulai", "Not Started")),
        Choice(TDTL, ("TDTL", "Tidak Dapat", "Tidak Bisa")),
    ),
)

EVALUATION_STAGES = Vocabulary(
    "Tahap",
    (
        Choice("I", ("1", "Tahap I", "Tahap 1")),
        Choice("II", ("2", "Tahap II", "Tahap 2")),
        Choice("Final", ("Akhir", "Tahap Akhir")),
    ),
    default="Final",
)

# -- Scoring defaults (the contract's); stored in the scoring_weight table, editable on the /admin page.
DEFAULT_ATTENDANCE_POINTS: dict[str, float] = {PRESENT: 2, DELEGATED: 1, EXCUSED: 0, ABSENT: 0}
DEFAULT_CONTRIBUTION_POINTS: dict[str, float] = {
    "Tindak Lanjut Rekomendasi": 5,
    "Data Dukung": 3,
    "Paparan (Narasumber)": 3,
    "Usulan Program": 3,
    "Laporan": 2,
    "Publikasi": 2,
    "Lainnya": 1,
}

# -- Standings of a member over a period.
CONTRIBUTING = "Berkontribusi"
ATTENDS_ONLY = "Hadir Saja"
NOT_CONTRIBUTING = "Belum Berkontribusi"
# Never invited in the period and no verified contribution: no chance to take part yet, so not a member to correct.
NOT_YET_INVITED = "Belum Diundang"
STANDINGS = (CONTRIBUTING, ATTENDS_ONLY, NOT_CONTRIBUTING, NOT_YET_INVITED)
# The standings of the correction list ("Perlu pembinaan"), in its order; Belum Diundang is counted apart.
CORRECTION_STANDINGS = (NOT_CONTRIBUTING, ATTENDS_ONLY)
# The thresholds of the standings (stored in scoring_weight, category "standing", editable by an admin):
# Berkontribusi from this many verified contributions, else Hadir Saja from this many activities attended.
MIN_CONTRIBUTIONS = "min_contributions"
MIN_ATTENDED = "min_attended"
DEFAULT_STANDING_RULES: dict[str, int] = {MIN_CONTRIBUTIONS: 1, MIN_ATTENDED: 1}
