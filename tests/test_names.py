"""Matching keys for people, codes and organizations (loaders/names.py): table-driven, real-looking spellings."""
from __future__ import annotations

import pytest

from loaders.names import code_key, infer_sector, lost_precision, name_key, org_key

# (as a clerk wrote it, the key it must give)
NAMES = [
    ("Dr. Ir. Hasan Sulistyo, M.T.", "hasan sulistyo"),
    ("HASAN SULISTYO", "hasan sulistyo"),
    ("Dr.Ir.Hasan Sulistyo", "hasan sulistyo"),
    ("Hasan Sulistyo ST MT", "hasan sulistyo"),
    ("Hasan Sulistyo, S.T., M.T.", "hasan sulistyo"),
    ("hasan  sulistyo", "hasan sulistyo"),
    ("Prof. Dr. Ir. H. Abdunnur, M.Si", "abdunnur"),
    ("Prof. Dr. Hj. Siti Rahmah, S.E., M.M.", "siti rahmah"),
    ("dr. Andi Sri Juliarty, M.Kes", "andi sri juliarty"),
    ("drg. Dyah Muryani", "dyah muryani"),
    ("Drs. H. Muhaimin, MT", "muhaimin"),
    ("Dra. Sri Wahyuningsih, M.Si.", "sri wahyuningsih"),
    ("Ir. Budi Santoso, M.T., IPM", "budi santoso"),
    ("H. Ahmad Dahlan, S.Ag., M.Pd.I", "ahmad dahlan"),
    ("Hj. Nurul Huda, S.E., M.M.", "nurul huda"),
    ("K.H. Abdul Wahid", "abdul wahid"),
    ("KH. Abdul Wahid", "abdul wahid"),
    ("Ust. Mahmud Yunus, Lc.", "mahmud yunus"),
    ("Rina Wulandari, S.Kom.", "rina wulandari"),
    ("Rina Wulandari, S. Kom", "rina wulandari"),
    ("RINA WULANDARI, S.KOM", "rina wulandari"),
    ("Rina Wulandari S.Kom", "rina wulandari"),
    ("Agus Salim, S.H., M.H.", "agus salim"),
    ("Agus Salim SH MH", "agus salim"),
    ("Dewi Lestari, S.Sos", "dewi lestari"),
    ("Dewi Lestari, S.Sos., M.AP", "dewi lestari"),
    ("Yudi Pratama, S.Pd., M.Pd.", "yudi pratama"),
    ("Maria Ulfa, S.Si., M.Sc.", "maria ulfa"),
    ("Rizal Effendi, S.IP", "rizal effendi"),
    ("Rizal Effendi, S.IP., M.Si", "rizal effendi"),
    ("Fitriani, S.AP", "fitriani"),
    ("dr. Fitri Handayani, S.Ked", "fitri handayani"),
    ("Wahyu Hidayat, A.Md.", "wahyu hidayat"),
    ("Wahyu Hidayat, A.Md", "wahyu hidayat"),
    ("Bambang Irawan, M.Kom.", "bambang irawan"),
    ("Bambang Irawan, S.T., M.Eng.", "bambang irawan"),
    ("Dian Permata, SE, MBA", "dian permata"),
    ("Dian Permata, S.E., M.B.A.", "dian permata"),
    ("Teguh Santoso, Ph.D.", "teguh santoso"),
    ("Dr. Teguh Santoso, S.T., M.Sc., Ph.D", "teguh santoso"),
    ("Nur Aini, S.Kep., Ns.", "nur aini"),
    ("Sarifah Suraidah, S.E., M.Si., Ak., CA", "sarifah suraidah"),
    ("Eko Prasetyo, S.Kom, M.Kom", "eko prasetyo"),
    ("EKO PRASETYO, S.KOM., M.KOM.", "eko prasetyo"),
    ("Andi Wijaya, S.T.M.T.", "andi wijaya"),
    ("Muhammad Rizky Ramadhan", "muhammad rizky ramadhan"),
    ("M. Rizky Ramadhan", "m rizky ramadhan"),
    ("Ni Made Ayu Lestari", "ni made ayu lestari"),
    ("I Gusti Ngurah Rai, S.H.", "i gusti ngurah rai"),
    ("Siti Aminah", "siti aminah"),
    ("SITI AMINAH", "siti aminah"),
    ("Siti 'Aminah", "siti aminah"),
    ("Andi Harun", "andi harun"),
    ("Rahmad Mas'ud, S.E., M.E.", "rahmad mas ud"),
    ("Rahmad Mas`ud", "rahmad mas ud"),
    ("Thohari Aziz", "thohari aziz"),
    ("Sulistyo, Hasan", "sulistyo hasan"),  # a comma inside the name, not before degrees: kept
    ("H Ahmad", "h ahmad"),  # "H" without its dot may be an initial
    ("Ma Lin", "ma lin"),  # a surname that looks like a degree, written like a name
    ("Rahmat Se", "rahmat se"),
    ("Dr.", "dr"),  # only a title: the word stays rather than an empty key
    ("  Yusuf   Hamdani ,  S.T. ", "yusuf hamdani"),
    ("José Ramírez", "jose ramirez"),
    ("Bpk. Slamet Riyadi", "slamet riyadi"),
    ("Ibu Sri Mulyani, S.E.", "sri mulyani"),
    ("Ns. Rahayu Ningsih, S.Kep", "rahayu ningsih"),
    ("Prof.Dr.Ir. Muhammad Sulaiman,M.Sc", "muhammad sulaiman"),
    ("Kiki Amalia, S.Psi., M.Psi., Psikolog", "kiki amalia s psi m psi psikolog"),  # an unknown title: nothing
]


def test_the_table_is_large_enough():
    assert len(NAMES) >= 60


@pytest.mark.parametrize(("written", "key"), NAMES)
def test_name_key(written, key):
    assert name_key(written) == key


def test_the_issue_example_is_one_person():
    assert name_key("Dr. Ir. Hasan Sulistyo, M.T.") == name_key("HASAN SULISTYO")


def test_empty_names():
    assert name_key(None) == "" and name_key("   ") == ""


@pytest.mark.parametrize(("cell", "key"), [
    ("NIP. 19800101 200501 1 001", "198001012005011001"),
    ("NIP: 198001012005011001", "198001012005011001"),
    ("198001012005011001", "198001012005011001"),
    ("0012345", "12345"),
    (12345, "12345"),
    (12345.0, "12345"),
    ("000", "0"),
    ("ang-001", "ang-001"),
    ("ANG 001", "ang001"),
    ("  ANG-001 ", "ang-001"),
    ("", None),
    (None, None),
    (True, None),
])
def test_code_key(cell, key):
    assert code_key(cell) == key


def test_a_code_that_lost_its_leading_zeros_still_matches():
    assert code_key(7123) == code_key("0007123") == code_key("007123")


@pytest.mark.parametrize(("cell", "lost"), [
    (198001012005011001, True),  # an 18-digit NIP typed as a number
    (1.98001012005011e17, True),
    (1234567890123456, True),  # 16 digits
    (123456789012345, False),  # 15 digits: Excel keeps them
    ("198001012005011001", False),  # text keeps every digit
    (12.5, False),
    (None, False),
])
def test_lost_precision(cell, lost):
    assert lost_precision(cell) is lost


@pytest.mark.parametrize(("a", "b"), [
    ("Dinas P.U.", "dinas pu"),
    ("Dinas  Pekerjaan Umum", "DINAS PEKERJAAN UMUM"),
    ("Bappeda-Litbang", "Bappeda Litbang"),
    ("Satpol-PP", "Satpol PP"),
])
def test_org_key_ignores_case_punctuation_and_spaces(a, b):
    assert org_key(a) == org_key(b)


@pytest.mark.parametrize(("organization", "sector"), [
    ("Universitas Balikpapan", "Akademisi"),
    ("Politeknik Negeri Balikpapan", "Akademisi"),
    ("Institut Teknologi Kalimantan", "Akademisi"),
    ("Sekolah Tinggi Ilmu Ekonomi Madani", "Akademisi"),
    ("PT Pertamina (Persero) RU V", "Swasta"),
    ("CV Maju Jaya", "Swasta"),
    ("Bank Kaltimtara", "Swasta"),
    ("Perumda Tirta Manuntung", "Swasta"),
    ("Dinas Sosial", "Pemerintah"),
    ("Kelurahan Gunung Bahagia", "Pemerintah"),
    ("RSUD Beriman", "Pemerintah"),
    ("Komunitas Balikpapan Bersepeda", "Komunitas"),
    ("Forum Anak Balikpapan", "Komunitas"),
    ("Karang Taruna Sepinggan", "Komunitas"),
    ("Radio Suara Balikpapan", "Media"),
    ("Tribun Kaltim", None),  # no keyword: not guessed
    ("Kaltimpost.com", "Media"),
    ("Balikpapan Pos", "Media"),
    ("Forum Radio Balikpapan", None),  # two sectors: nothing inferred
    ("Posyandu Melati", None),  # whole words only: "Pos" is not in "Posyandu"
    (None, None),
])
def test_sector_keywords(organization, sector):
    assert infer_sector(organization) == sector
