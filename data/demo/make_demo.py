"""Build the demo recap workbook `rekap-demo.xlsx` (Kota Balikpapan smart-city working groups).

Deterministic: a fixed random seed, no network, stdlib + openpyxl only. Run it from anywhere:

    python data/demo/make_demo.py          # writes data/demo/rekap-demo.xlsx next to this script

or call ``build_demo(path)``. The workbook follows /work/shared/spec/recap-workbook.md (the recap-workbook
contract): canonical sheet and column names, header in row 1, real Excel dates, canonical enumeration values.

What is real and what is not:
- The 19 recommendations (7 from "Evaluasi 2023 Tahap I", 12 from "Evaluasi 2022") follow what was reported
  in the local press; five of the 2022 ones are illustrative and say so ("(ilustrasi)" in Catatan). Their
  statuses, targets, progress and counts are demo data.
- Every person is FICTIONAL (invented name combinations); contacts are fake (example.* domains, 0812-0000-xxxx).
- Activities, attendance and contributions are invented but shaped like a real year of the programme.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

SEED = 20231110  # the day the 19 recommendations were presented (10/11/2023)
PERIOD_START = dt.date(2025, 11, 24)
PERIOD_END = dt.date(2026, 11, 20)
DATE_FORMAT = "DD/MM/YYYY"

DIMENSIONS = (
    "Smart Governance",
    "Smart Branding",
    "Smart Economy",
    "Smart Living",
    "Smart Society",
    "Smart Environment",
)
LINTAS = "Lintas Dimensi"

# --------------------------------------------------------------------------------------------------
# Rekomendasi: 7 from Evaluasi 2023 Tahap I (as reported), 12 from Evaluasi 2022 (7 as reported, 5 illustrative).
# Columns: Kode, Sumber, Tahun, Uraian, Dimensi, Penanggung Jawab, Target, Status, Progres, Data Dukung, Catatan
# --------------------------------------------------------------------------------------------------
SRC_2023 = "Evaluasi 2023 Tahap I"
SRC_2022 = "Evaluasi 2022"
SESUAI, BELUM_SESUAI, BELUM_TL, TDTL = "Sesuai", "Belum Sesuai", "Belum Ditindaklanjuti", "Tidak Dapat Ditindaklanjuti"
ILUSTRASI = " (ilustrasi)"

RECOMMENDATIONS = [
    (
        "2022-01", SRC_2022, 2022,
        "Melakukan harmonisasi Rancangan Peraturan Wali Kota (Rancangan Perwali) tentang Penyelenggaraan Smart City "
        "Kota Balikpapan agar segera dapat ditetapkan.",
        "Smart Governance", "Bagian Hukum Setda", dt.date(2023, 6, 30), SESUAI, 1.0, 4,
        "Harmonisasi selesai dan Perwali telah ditetapkan; salinan dan berita acara harmonisasi sudah diunggah.",
    ),
    (
        "2022-02", SRC_2022, 2022,
        "Meningkatkan pelibatan badan usaha swasta dalam perencanaan, pelaksanaan dan pendanaan program smart city "
        "melalui skema kemitraan yang jelas.",
        "Smart Economy", "Bappeda Litbang", dt.date(2023, 12, 31), BELUM_SESUAI, 0.6, 3,
        "Nota kesepahaman dengan tiga badan usaha sudah ditandatangani; rencana kerja bersama masih disusun.",
    ),
    (
        "2022-03", SRC_2022, 2022,
        "Menyusun regulasi pengelolaan limbah industri yang terhubung dengan sistem pemantauan lingkungan "
        "berbasis data.",
        "Smart Environment", "DLH", dt.date(2024, 6, 30), BELUM_SESUAI, 0.4, 2,
        "Naskah akademik selesai; rancangan regulasi masih dibahas bersama Bagian Hukum Setda.",
    ),
    (
        "2022-04", SRC_2022, 2022,
        "Meningkatkan porsi anggaran program smart city dalam APBD serta menggali sumber pendanaan non-APBD, "
        "termasuk dana CSR perusahaan.",
        "Smart Economy", "BPKD", dt.date(2024, 12, 31), BELUM_SESUAI, 0.5, 2,
        "Penandaan (tagging) anggaran smart city sudah diterapkan; pemetaan program CSR belum lengkap.",
    ),
    (
        "2022-05", SRC_2022, 2022,
        "Mengoptimalkan peran Dewan Smart City, Tim Pelaksana Smart City dan Forum Smart City melalui rapat "
        "koordinasi berkala dan pembagian tugas yang jelas.",
        "Smart Governance", "Bappeda Litbang", dt.date(2023, 12, 31), SESUAI, 1.0, 5,
        "Surat keputusan tim diperbarui dan jadwal rapat koordinasi berkala sudah berjalan.",
    ),
    (
        "2022-06", SRC_2022, 2022,
        "Meningkatkan indeks Sistem Pemerintahan Berbasis Elektronik (SPBE) Kota Balikpapan melalui penguatan "
        "tata kelola, manajemen dan layanan SPBE.",
        "Smart Governance", "Diskominfo", dt.date(2024, 12, 31), BELUM_SESUAI, 0.75, 6,
        "Arsitektur dan peta rencana SPBE sudah disusun; manajemen risiko SPBE masih berjalan.",
    ),
    (
        "2022-07", SRC_2022, 2022,
        "Mendorong penerapan smart governance yang membuka ruang partisipasi publik dalam perencanaan, "
        "pengawasan dan evaluasi layanan pemerintah.",
        "Smart Governance", "Diskominfo", dt.date(2024, 6, 30), SESUAI, 1.0, 3,
        "Kanal pengaduan dan survei kepuasan daring sudah tersedia dan dipantau setiap bulan.",
    ),
    (
        "2022-08", SRC_2022, 2022,
        "Menyusun strategi branding kota yang terpadu untuk mempromosikan potensi wisata, investasi dan budaya "
        "Balikpapan secara digital.",
        "Smart Branding", "Disporapar", dt.date(2024, 12, 31), BELUM_TL, 0.0, 0,
        "Belum dimulai karena menunggu penetapan RPJMD 2025-2029." + ILUSTRASI,
    ),
    (
        "2022-09", SRC_2022, 2022,
        "Mengintegrasikan aplikasi layanan perangkat daerah ke dalam satu platform layanan publik terpadu agar "
        "tidak berjalan sendiri-sendiri.",
        "Smart Governance", "Diskominfo", dt.date(2024, 12, 31), BELUM_SESUAI, 0.55, 4,
        "Sebelas aplikasi sudah terhubung ke Balikpapan Single Window; sisanya masih dipetakan." + ILUSTRASI,
    ),
    (
        "2022-10", SRC_2022, 2022,
        "Membangun sistem manajemen lalu lintas terpadu dengan CCTV dan lampu lalu lintas adaptif di seluruh "
        "simpang utama kota.",
        "Smart Living", "Dinas Perhubungan", dt.date(2025, 6, 30), TDTL, 0.0, 1,
        "Tidak dapat ditindaklanjuti: pengadaan sistem skala kota tidak tertampung dalam APBD 2024-2025 dan "
        "sebagian ruas jalan utama merupakan kewenangan pemerintah provinsi dan pusat." + ILUSTRASI,
    ),
    (
        "2022-11", SRC_2022, 2022,
        "Meningkatkan literasi digital masyarakat melalui pelatihan berkala bagi warga, pelaku UMKM dan pengurus RT.",
        "Smart Society", "Diskominfo", dt.date(2024, 12, 31), SESUAI, 1.0, 3,
        "Pelatihan literasi digital sudah dilaksanakan di enam kecamatan bersama Relawan TIK." + ILUSTRASI,
    ),
    (
        "2022-12", SRC_2022, 2022,
        "Menyediakan data pemantauan kualitas udara dan air yang dapat diakses publik secara daring.",
        "Smart Environment", "DLH", dt.date(2025, 12, 31), BELUM_TL, 0.0, 0,
        "Belum dimulai; menunggu pengadaan alat pemantau kualitas udara otomatis." + ILUSTRASI,
    ),
    (
        "2023-I-01", SRC_2023, 2023,
        "Meningkatkan keterlibatan pemangku kepentingan eksternal, yaitu swasta, akademisi, komunitas dan "
        "masyarakat, untuk berkontribusi dalam pembangunan smart city.",
        "Smart Society", "Bappeda Litbang", dt.date(2024, 12, 31), BELUM_SESUAI, 0.65, 4,
        "Forum Smart City sudah melibatkan kampus, swasta dan komunitas; kontribusinya perlu dicatat rutin.",
    ),
    (
        "2023-I-02", SRC_2023, 2023,
        "Menyusun skala prioritas kepentingan dan kegiatan smart city yang perlu didahulukan.",
        "Smart Governance", "Bappeda Litbang", dt.date(2024, 6, 30), SESUAI, 1.0, 3,
        "Skala prioritas sudah dituangkan dalam review masterplan dan RKPD.",
    ),
    (
        "2023-I-03", SRC_2023, 2023,
        "Mencari cara inovatif untuk mewujudkan infrastruktur kota, misalnya pembangunan jalan layang (flyover), "
        "termasuk melalui kerja sama dengan badan usaha.",
        "Smart Living", "DPU", dt.date(2025, 12, 31), BELUM_SESUAI, 0.25, 1,
        "Kajian pra-studi kelayakan skema kerja sama pemerintah dan badan usaha sedang disusun.",
    ),
    (
        "2023-I-04", SRC_2023, 2023,
        "Melakukan edukasi tentang pentingnya data dan mengembangkan sistem pendataan yang akurat untuk mendukung "
        "perencanaan dan pengambilan keputusan.",
        "Smart Governance", "Diskominfo", dt.date(2024, 12, 31), BELUM_SESUAI, 0.7, 5,
        "Forum Satu Data sudah terbentuk; baru sebagian perangkat daerah memutakhirkan datanya tepat waktu.",
    ),
    (
        "2023-I-05", SRC_2023, 2023,
        "Melakukan analisis risiko penggunaan WiFi publik, misalnya untuk akses masyarakat ke aplikasi Gempita "
        "Mobile, serta mempertimbangkan pembatasan akses ke tautan tertentu untuk menghemat anggaran dan menjaga "
        "kecepatan akses.",
        "Smart Governance", "Diskominfo", dt.date(2024, 6, 30), SESUAI, 1.0, 2,
        "Dokumen analisis risiko WiFi publik dan kebijakan penyaringan akses sudah ditetapkan.",
    ),
    (
        "2023-I-06", SRC_2023, 2023,
        "Menyediakan dasbor bagi pimpinan daerah yang menunjukkan tingkat partisipasi setiap anggota kelompok kerja "
        "internal maupun eksternal, sebagai dasar apresiasi bagi yang berkontribusi dan koreksi bagi yang belum "
        "berkontribusi.",
        "Smart Governance", "Diskominfo", dt.date(2025, 6, 30), BELUM_SESUAI, 0.8, 3,
        "Dasbor partisipasi sudah diuji coba; rekap kehadiran dan kontribusi masih dilengkapi.",
    ),
    (
        "2023-I-07", SRC_2023, 2023,
        "Menyediakan internet gratis yang pemanfaatannya dapat diawasi dengan mewajibkan pengguna mengunduh aplikasi "
        "Balikpapan Single Window terlebih dahulu.",
        "Smart Society", "Diskominfo", dt.date(2024, 12, 31), BELUM_SESUAI, 0.4, 1,
        "Uji coba di lima taman kota; perlu dipastikan super app Balikpapan siap digunakan.",
    ),
]

# --------------------------------------------------------------------------------------------------
# Evaluasi. ONLY the 2023 rank (40 of 100) is factual (reported by Diskominfo Balikpapan, November 2023).
# Everything else here (the 2021 and 2022 ranks, all scores and predicates) is ILLUSTRATIVE.
# --------------------------------------------------------------------------------------------------
EVALUATIONS = [
    # Tahun, Tahap, Peringkat, Jumlah Daerah, Nilai, per-dimension scores (DIMENSIONS order), Predikat
    (2021, "Final", 52, 100, 2.87, (3.05, 2.62, 2.90, 2.81, 2.95, 2.86), "Cukup"),
    (2022, "Final", 45, 100, 2.98, (3.18, 2.71, 2.96, 2.94, 3.05, 2.99), "Cukup"),
    (2023, "Final", 40, 100, 3.10, (3.32, 2.84, 3.05, 3.06, 3.18, 3.12), "Baik"),
]

# --------------------------------------------------------------------------------------------------
# Anggota: 65 FICTIONAL people. Profile drives the synthetic behaviour (not written to the workbook):
#   core   - attends nearly always and contributes a lot
#   light  - attends often, contributes now and then
#   attend - attends, no verified contribution (standing "Hadir Saja")
#   none   - invited but never present, no verified contribution ("Belum Berkontribusi")
#   new    - joined at the end of the year, not invited to anything yet ("Belum Diundang"); draws no random
#            number, so the other members' records are those of the demo before newcomers were added
# --------------------------------------------------------------------------------------------------
DEWAN, TP, FORUM = "Dewan Smart City", "Tim Pelaksana", "Forum Smart City"


def pokja(dim: str) -> str:
    return "Pokja " + dim


GOV, BRA, ECO, LIV, SOC, ENV = DIMENSIONS

# (name, instansi, jabatan, unsur, peran, kelompok kerja, dimensi, profile, inactive_from or None)
MEMBERS = [
    ("Yudistira Pranoto", "Sekretariat Daerah", "Sekretaris Daerah", "Pemerintah", "Pengarah", DEWAN, LINTAS, "light", None),
    ("Nurhayati Kusumastuti", "Bappeda Litbang", "Kepala Bappeda Litbang", "Pemerintah", "Ketua", DEWAN, LINTAS, "core", None),
    ("Rizal Hamdani", "Diskominfo", "Kepala Dinas", "Pemerintah", "Wakil Ketua", DEWAN, LINTAS, "core", None),
    ("Maya Sekarwangi", "Diskominfo", "Kepala Bidang e-Government", "Pemerintah", "Sekretaris", TP, GOV, "core", None),
    ("Gilang Saputra", "Diskominfo", "Kepala Seksi Tata Kelola SPBE", "Pemerintah", "Anggota", pokja(GOV), GOV, "core", None),
    ("Andi Tenri Ajeng", "Diskominfo", "Pranata Komputer Ahli Muda", "Pemerintah", "Anggota", pokja(GOV), GOV, "core", None),
    ("Wulan Permatasari", "Diskominfo", "Kepala Bidang Statistik dan Persandian", "Pemerintah", "Anggota", TP, GOV, "core", None),
    ("Rahmat Hidayatullah", "Bappeda Litbang", "Kepala Bidang Infrastruktur dan Kewilayahan", "Pemerintah", "Anggota", TP, LIV, "core", None),
    ("Siti Khadijah Noor", "Bappeda Litbang", "Kepala Subbidang Penelitian dan Pengembangan", "Pemerintah", "Anggota", TP, GOV, "core", None),
    ("Fadli Syahrani", "Bappeda Litbang", "Perencana Ahli Muda", "Pemerintah", "Anggota", pokja(ECO), ECO, "light", dt.date(2026, 7, 1)),
    ("Hendro Wibisono", "BPKD", "Kepala Bidang Anggaran", "Pemerintah", "Anggota", TP, ECO, "core", None),
    ("Lina Marliani", "BPKD", "Analis Keuangan Daerah", "Pemerintah", "Anggota", pokja(ECO), ECO, "attend", None),
    ("Dedi Kurniawan", "DLH", "Kepala Bidang Pengelolaan Sampah dan Limbah B3", "Pemerintah", "Anggota", pokja(ENV), ENV, "core", None),
    ("Ratna Sari Dewi", "DLH", "Kepala Seksi Pemantauan Kualitas Lingkungan", "Pemerintah", "Anggota", pokja(ENV), ENV, "light", None),
    ("Yoga Pratama", "Dinas Perhubungan", "Kepala Bidang Lalu Lintas", "Pemerintah", "Anggota", pokja(LIV), LIV, "core", None),
    ("Sandi Firmansyah", "Dinas Perhubungan", "Kepala Seksi Manajemen dan Rekayasa Lalu Lintas", "Pemerintah", "Anggota", pokja(LIV), LIV, "attend", None),
    ("Bayu Setiadi", "DPMPT", "Kepala Bidang Pelayanan Perizinan", "Pemerintah", "Anggota", pokja(ECO), ECO, "core", None),
    ("Nanda Oktaviani", "DPMPT", "Analis Kebijakan", "Pemerintah", "Anggota", pokja(ECO), ECO, "none", None),
    ("Hairul Anwar", "Disdukcapil", "Kepala Bidang Pemanfaatan Data dan Inovasi Pelayanan", "Pemerintah", "Anggota", pokja(SOC), SOC, "attend", None),
    ("Melati Ayuningtyas", "Dinas Kesehatan", "Kepala Seksi Surveilans dan Imunisasi", "Pemerintah", "Anggota", pokja(LIV), LIV, "light", None),
    ("Hasanuddin Lamba", "Dinas Kesehatan", "Pengelola Sistem Informasi Kesehatan", "Pemerintah", "Anggota", pokja(LIV), LIV, "attend", None),
    ("Rosdiana Pakpahan", "Dinas Pendidikan dan Kebudayaan", "Kepala Bidang Pembinaan Sekolah Dasar", "Pemerintah", "Anggota", pokja(SOC), SOC, "attend", None),
    ("Teguh Santoso", "Bagian Organisasi Setda", "Kepala Bagian Organisasi", "Pemerintah", "Anggota", pokja(GOV), GOV, "light", None),
    ("Irma Suryani", "Bagian Hukum Setda", "Analis Hukum Ahli Muda", "Pemerintah", "Anggota", TP, GOV, "core", None),
    ("Rahmadi Noor", "DPU", "Kepala Bidang Bina Marga", "Pemerintah", "Anggota", pokja(LIV), LIV, "light", None),
    ("Wahyu Aditama", "DPU", "Kepala Seksi Drainase", "Pemerintah", "Anggota", pokja(ENV), ENV, "none", dt.date(2026, 4, 1)),
    ("Anisa Fitriyani", "Disporapar", "Kepala Bidang Pemasaran Pariwisata", "Pemerintah", "Anggota", pokja(BRA), BRA, "core", None),
    ("Ferry Gunawan", "Disporapar", "Kepala Seksi Promosi Wisata", "Pemerintah", "Anggota", pokja(BRA), BRA, "attend", None),
    ("Kurniasih Wardhani", "Bagian Protokol dan Komunikasi Pimpinan Setda", "Kepala Subbagian Dokumentasi Pimpinan", "Pemerintah", "Anggota", pokja(BRA), BRA, "light", None),
    ("Agung Permana", "Dinas Sosial", "Kepala Bidang Pemberdayaan Sosial", "Pemerintah", "Anggota", pokja(SOC), SOC, "none", None),
    ("Novi Herlina", "DKUMKMP", "Kepala Bidang Usaha Mikro", "Pemerintah", "Anggota", pokja(ECO), ECO, "attend", None),
    ("Andri Maulana", "BPBD", "Kepala Seksi Kedaruratan dan Logistik", "Pemerintah", "Anggota", pokja(ENV), ENV, "attend", None),
    ("Yusniar Lubis", "Dinas Perdagangan", "Kepala Bidang Sarana Perdagangan", "Pemerintah", "Anggota", pokja(ECO), ECO, "none", None),
    ("Imran Saleh", "Kecamatan Balikpapan Selatan", "Sekretaris Camat", "Pemerintah", "Anggota", pokja(SOC), SOC, "attend", None),
    ("Sri Rejeki Handayani", "Diskominfo", "Kepala Bidang Informasi dan Komunikasi Publik", "Pemerintah", "Anggota", pokja(BRA), BRA, "core", None),
    ("Taufan Maulidi", "DPPR", "Kepala Bidang Penataan Ruang", "Pemerintah", "Anggota", pokja(LIV), LIV, "none", None),
    # External (pentahelix + the public)
    ("Lukman Harisandi", "Universitas Balikpapan", "Dosen Teknik Informatika", "Akademisi", "Narasumber", FORUM, GOV, "core", None),
    ("Ayu Kartika Sembiring", "Politeknik Negeri Balikpapan", "Dosen Teknik Sipil", "Akademisi", "Anggota", pokja(LIV), LIV, "light", None),
    ("Reza Mahendra Putra", "Institut Teknologi Kalimantan", "Dosen Perencanaan Wilayah dan Kota", "Akademisi", "Narasumber", FORUM, ENV, "core", None),
    ("Nurul Aini Hasibuan", "Universitas Mulia", "Dosen Sistem Informasi", "Akademisi", "Anggota", pokja(SOC), SOC, "attend", None),
    ("Indra Wijaya Kusuma", "Institut Teknologi Kalimantan", "Ketua Lembaga Penelitian dan Pengabdian kepada Masyarakat", "Akademisi", "Anggota", DEWAN, LINTAS, "none", None),
    ("Joko Sasmito", "Pertamina RU V", "Officer CSR", "Swasta", "Anggota", pokja(ENV), ENV, "light", None),
    ("Melinda Kosasih", "Telkom Witel Balikpapan", "Manajer Layanan Pemerintahan", "Swasta", "Narasumber", pokja(GOV), GOV, "core", None),
    ("Riduan Syahputra", "Bank Kaltimtara", "Pemimpin Bidang Layanan Digital", "Swasta", "Anggota", pokja(ECO), ECO, "core", None),
    ("Rusdiansyah Amin", "KADIN Balikpapan", "Wakil Ketua Bidang UMKM", "Swasta", "Anggota", DEWAN, ECO, "attend", None),
    ("Citra Ramadhani", "Perumda Tirta Manuntung", "Kepala Bagian Teknologi Informasi", "Swasta", "Anggota", pokja(ENV), ENV, "light", None),
    ("Yohanes Pasorong", "PLN UP3 Balikpapan", "Asisten Manajer Perencanaan", "Swasta", "Anggota", pokja(LIV), LIV, "none", None),
    ("Rangga Aditya", "Relawan TIK Balikpapan", "Ketua", "Komunitas", "Anggota", FORUM, SOC, "core", None),
    ("Dinda Puspitasari", "Komunitas Startup Balikpapan", "Koordinator Program", "Komunitas", "Anggota", FORUM, ECO, "core", None),
    ("Kevin Wijanarko", "Komunitas Startup Balikpapan", "Anggota Pengurus", "Komunitas", "Anggota", FORUM, ECO, "attend", None),
    ("Mariana Siahaan", "Komunitas Balikpapan Bersih", "Koordinator Relawan", "Komunitas", "Anggota", FORUM, ENV, "light", None),
    ("Syamsul Bahri Latif", "Tokoh Masyarakat Balikpapan Utara", "Tokoh Masyarakat", "Masyarakat", "Anggota", FORUM, SOC, "attend", None),
    ("Fauziah Rahmah", "Forum RT Kelurahan Sepinggan", "Ketua Forum RT", "Masyarakat", "Anggota", FORUM, SOC, "light", None),
    ("Darmawan Sitepu", "Forum RT Kelurahan Klandasan Ilir", "Pengurus Forum RT", "Masyarakat", "Anggota", FORUM, LIV, "none", None),
    ("Roslina Paramitha", "Karang Taruna Kota Balikpapan", "Sekretaris", "Masyarakat", "Anggota", FORUM, SOC, "attend", None),
    ("Jufri Hamzah", "LPM Kelurahan Damai", "Ketua LPM", "Masyarakat", "Anggota", FORUM, SOC, "none", None),
    ("Nadia Kusumawardhani", "Harian Warta Balikpapan", "Redaktur", "Media", "Anggota", FORUM, BRA, "core", None),
    ("Bimo Prasojo", "Radio Gema Teluk FM", "Reporter", "Media", "Anggota", FORUM, BRA, "light", None),
    ("Tiara Anggun Lestari", "Kabar Teluk (media daring)", "Jurnalis", "Media", "Anggota", FORUM, BRA, "attend", None),
    ("Robert Manurung", "Koran Sepinggan Pos", "Pemimpin Redaksi", "Media", "Anggota", FORUM, BRA, "none", dt.date(2026, 8, 1)),
    # Newcomers (issue 18, fairness): appointed at the end of the year, not yet invited to any activity.
    ("Farida Hanum", "Diskominfo", "Pranata Komputer Ahli Pertama", "Pemerintah", "Anggota", pokja(GOV), GOV, "new", None),
    ("Arif Rahman Hakim", "Dinas Perhubungan", "Analis Transportasi", "Pemerintah", "Anggota", pokja(LIV), LIV, "new", None),
    ("Stefani Wulandari", "Universitas Balikpapan", "Dosen Ekonomi Pembangunan", "Akademisi", "Anggota", pokja(ECO), ECO, "new", None),
    ("Bambang Sugiarto", "Komunitas Balikpapan Bersih", "Relawan", "Komunitas", "Anggota", FORUM, ENV, "new", None),
    ("Lestari Handayani", "Kabar Teluk (media daring)", "Jurnalis", "Media", "Anggota", FORUM, BRA, "new", None),
]

EMAIL_DOMAIN = {
    "Pemerintah": "example.go.id",
    "Akademisi": "example.ac.id",
    "Swasta": "example.co.id",
    "Komunitas": "example.or.id",
    "Masyarakat": "example.or.id",
    "Media": "example.com",
}
SENIOR_TITLES = ("Kepala Dinas", "Kepala Bappeda", "Sekretaris Daerah", "Ketua Lembaga", "Wakil Ketua Bidang")

# --------------------------------------------------------------------------------------------------
# Kegiatan: one year of meetings. audience: who is invited (see _invitees).
# --------------------------------------------------------------------------------------------------
R1 = "Ruang Rapat I Balai Kota"
R2 = "Ruang Rapat II Balai Kota"
AULA_BAPPEDA = "Aula Bappeda Litbang"
RR_KOMINFO = "Ruang Rapat Diskominfo"
AULA_BALKOT = "Aula Balai Kota"
DARING = "Daring (Zoom Meeting)"

ACTIVITIES = [
    # (date, name, jenis, dimensi or None, tempat, audience)
    ("2025-11-24", "Rapat Koordinasi Tim Pelaksana Smart City: Rencana Kerja 2026", "Rapat", None, R1, "tp"),
    ("2025-12-03", "FGD Review Masterplan Smart City Kota Balikpapan 2025-2029", "FGD", None, AULA_BAPPEDA, "all"),
    ("2025-12-09", "Rapat Pokja Smart Governance: Tindak Lanjut Rekomendasi Evaluasi", "Rapat", GOV, RR_KOMINFO, "pokja"),
    ("2025-12-18", "Rapat Pleno Dewan Smart City Akhir Tahun 2025", "Rapat", None, R1, "pleno"),
    ("2026-01-08", "Rapat Koordinasi Tim Pelaksana Smart City Awal Tahun", "Rapat", None, R1, "tp"),
    ("2026-01-13", "Bimtek SPBE bagi Perangkat Daerah", "Bimtek", GOV, RR_KOMINFO, "pemda"),
    ("2026-01-21", "Rapat Pokja Smart Economy: Digitalisasi UMKM dan Pasar", "Rapat", ECO, AULA_BAPPEDA, "pokja"),
    ("2026-01-27", "Sosialisasi Balikpapan Single Window kepada Kelurahan", "Sosialisasi", GOV, AULA_BALKOT, "forum"),
    ("2026-02-04", "FGD Petunjuk Teknis Perwali Penyelenggaraan Smart City", "FGD", GOV, R2, "tp"),
    ("2026-02-10", "Rapat Pokja Smart Environment: Pengelolaan Sampah dan Limbah Industri", "Rapat", ENV, "Ruang Rapat DLH", "pokja"),
    ("2026-02-24", "Rapat Koordinasi Tim Pelaksana Smart City Triwulan I", "Rapat", None, R1, "tp"),
    ("2026-03-05", "Bimtek Keamanan Informasi dan Analisis Risiko WiFi Publik", "Bimtek", GOV, RR_KOMINFO, "pemda"),
    ("2026-03-10", "Rapat Pokja Smart Living: Integrasi Data Transportasi dan Kesehatan", "Rapat", LIV, "Ruang Rapat Dinas Perhubungan", "pokja"),
    ("2026-03-31", "Rapat Pokja Smart Society: Literasi Digital Warga", "Rapat", SOC, R2, "pokja"),
    ("2026-04-08", "FGD Satu Data Balikpapan: Kualitas Data untuk Perencanaan", "FGD", GOV, AULA_BAPPEDA, "all"),
    ("2026-04-14", "Rapat Pokja Smart Branding: Promosi Wisata dan Identitas Kota", "Rapat", BRA, R2, "pokja"),
    ("2026-04-21", "Rapat Koordinasi Tim Pelaksana: Persiapan Evaluasi Tahap I", "Rapat", None, R1, "tp"),
    ("2026-04-29", "Kunjungan Lapangan ke Balikpapan Command Center", "Kunjungan", GOV, "Balikpapan Command Center", "forum"),
    ("2026-05-06", "Evaluasi Tahap I Program Smart City bersama Tim Evaluator", "Evaluasi", None, DARING, "all"),
    ("2026-05-12", "Rapat Pembahasan Hasil Evaluasi Tahap I", "Rapat", None, R1, "pleno"),
    ("2026-05-21", "Rapat Pokja Smart Economy: Skema Pendanaan Non-APBD dan CSR", "Rapat", ECO, AULA_BAPPEDA, "pokja"),
    ("2026-06-03", "FGD Kemitraan Pentahelix: Keterlibatan Swasta, Akademisi dan Komunitas", "FGD", SOC, AULA_BAPPEDA, "all"),
    ("2026-06-11", "Sosialisasi Dasbor Partisipasi Anggota Kelompok Kerja Smart City", "Sosialisasi", GOV, AULA_BALKOT, "all"),
    ("2026-06-23", "Rapat Koordinasi Tim Pelaksana Smart City Triwulan II", "Rapat", None, R1, "tp"),
    ("2026-07-07", "Rapat Pokja Smart Environment: Ruang Terbuka Hijau dan Pengendalian Banjir", "Rapat", ENV, "Ruang Rapat DLH", "pokja"),
    ("2026-07-16", "Kunjungan Lapangan ke TPA Manggar", "Kunjungan", ENV, "TPA Manggar", "pokja"),
    ("2026-07-22", "Bimtek Pengelolaan Data Dukung Evaluasi Smart City", "Bimtek", GOV, RR_KOMINFO, "pemda"),
    ("2026-07-28", "Rapat Pokja Smart Living: Transportasi Publik dan Manajemen Lalu Lintas", "Rapat", LIV, "Ruang Rapat Dinas Perhubungan", "pokja"),
    ("2026-08-06", "Rapat Pleno Dewan Smart City Semester I", "Rapat", None, R1, "pleno"),
    ("2026-08-11", "Rapat Pokja Smart Society: Layanan Pengaduan Masyarakat", "Rapat", SOC, R2, "pokja"),
    ("2026-08-25", "FGD Skala Prioritas Program Smart City dalam RKPD 2027", "FGD", None, AULA_BAPPEDA, "all"),
    ("2026-09-02", "Rapat Koordinasi Tim Pelaksana: Persiapan Evaluasi Tahap II", "Rapat", None, R1, "tp"),
    ("2026-09-10", "Sosialisasi Internet Gratis melalui Aplikasi Balikpapan Single Window", "Sosialisasi", SOC, "Aula Kantor Camat Balikpapan Selatan", "forum"),
    ("2026-09-15", "Rapat Pokja Smart Branding: Kalender Event Kota 2027", "Rapat", BRA, R2, "pokja"),
    ("2026-09-29", "Evaluasi Tahap II Program Smart City bersama Tim Evaluator", "Evaluasi", None, AULA_BALKOT, "all"),
    ("2026-10-07", "Rapat Pembahasan Hasil Evaluasi Tahap II", "Rapat", None, R1, "pleno"),
    ("2026-10-13", "Bimtek Penyusunan Laporan Tindak Lanjut Rekomendasi", "Bimtek", GOV, RR_KOMINFO, "pemda"),
    ("2026-10-27", "Rapat Pokja Smart Economy: Inkubasi Startup Lokal", "Rapat", ECO, "Kampus Institut Teknologi Kalimantan", "pokja"),
    ("2026-11-04", "FGD Rencana Aksi Smart City 2027", "FGD", None, AULA_BAPPEDA, "all"),
    ("2026-11-12", "Pameran Inovasi Daerah dan Temu Forum Smart City", "Lainnya", None, "Lapangan Merdeka Balikpapan", "forum"),
    ("2026-11-20", "Rapat Pleno Dewan Smart City Akhir Tahun 2026", "Rapat", None, R1, "pleno"),
]

# --------------------------------------------------------------------------------------------------
# Contribution texts
# --------------------------------------------------------------------------------------------------
# Recommendations a member's organisation can work on (only Sesuai / Belum Sesuai ones get new work).
ORG_RECS = {
    "Diskominfo": ["2022-06", "2022-07", "2022-09", "2022-11", "2023-I-04", "2023-I-05", "2023-I-06", "2023-I-07"],
    "Bappeda Litbang": ["2022-02", "2022-05", "2023-I-01", "2023-I-02", "2023-I-04"],
    "BPKD": ["2022-04"],
    "DLH": ["2022-03"],
    "Dinas Perhubungan": ["2023-I-03", "2023-I-04"],
    "DPU": ["2023-I-03"],
    "DPMPT": ["2022-02", "2023-I-01", "2022-09"],
    "Bagian Hukum Setda": ["2022-01", "2022-03"],
    "Bagian Organisasi Setda": ["2022-05", "2022-06"],
    "Disdukcapil": ["2023-I-04"],
    "Dinas Kesehatan": ["2023-I-04"],
    "DKUMKMP": ["2022-02"],
    "Sekretariat Daerah": ["2022-05", "2023-I-02"],
    "Pertamina RU V": ["2022-04", "2023-I-01"],
    "Telkom Witel Balikpapan": ["2023-I-05", "2023-I-07"],
    "Bank Kaltimtara": ["2022-02", "2022-04"],
    "Perumda Tirta Manuntung": ["2023-I-04"],
    "Universitas Balikpapan": ["2023-I-04", "2023-I-01"],
    "Institut Teknologi Kalimantan": ["2023-I-03", "2023-I-01"],
    "Politeknik Negeri Balikpapan": ["2023-I-03"],
    "Relawan TIK Balikpapan": ["2022-11", "2023-I-07"],
}

REC_TL = {
    "2022-01": ["Menyusun rancangan petunjuk teknis pelaksanaan Perwali Penyelenggaraan Smart City.",
                "Menyampaikan telaahan hukum atas usulan perubahan Perwali Penyelenggaraan Smart City."],
    "2022-02": ["Memfasilitasi pertemuan penjajakan kemitraan program smart city dengan badan usaha.",
                "Menyusun draf rencana kerja bersama pelaksanaan nota kesepahaman dengan mitra swasta."],
    "2022-03": ["Membahas rancangan regulasi pengelolaan limbah industri bersama pelaku usaha kawasan Kariangau.",
                "Menyusun matriks harmonisasi rancangan regulasi limbah industri."],
    "2022-04": ["Menyusun pemetaan program CSR perusahaan yang dapat mendukung program smart city.",
                "Menandai kegiatan smart city dalam rancangan APBD 2027."],
    "2022-05": ["Menyusun jadwal dan agenda rapat koordinasi berkala Dewan, Tim Pelaksana dan Forum Smart City.",
                "Memperbarui rancangan keputusan wali kota tentang susunan Tim Smart City."],
    "2022-06": ["Menyusun dokumen manajemen risiko SPBE Kota Balikpapan.",
                "Melakukan penilaian mandiri indeks SPBE bersama perangkat daerah."],
    "2022-07": ["Menambahkan fitur survei kepuasan layanan pada kanal pengaduan daring.",
                "Menyusun rekap bulanan tindak lanjut pengaduan masyarakat."],
    "2022-09": ["Menghubungkan aplikasi layanan perizinan ke Balikpapan Single Window.",
                "Memetakan aplikasi perangkat daerah yang belum terintegrasi."],
    "2022-11": ["Melaksanakan kelas literasi digital bagi pengurus RT di Kecamatan Balikpapan Barat.",
                "Menyusun modul literasi digital untuk pelaku UMKM."],
    "2023-I-01": ["Mengundang perwakilan swasta, kampus dan komunitas ke dalam keanggotaan Forum Smart City.",
                  "Menyusun daftar kontribusi pemangku kepentingan eksternal dalam program smart city."],
    "2023-I-02": ["Menyusun matriks skala prioritas program smart city untuk RKPD 2027.",
                  "Menyelaraskan skala prioritas smart city dengan RPJMD 2025-2029."],
    "2023-I-03": ["Menyusun kajian awal skema kerja sama badan usaha untuk pembangunan jalan layang.",
                  "Menyampaikan masukan teknis alternatif pembangunan simpang tidak sebidang."],
    "2023-I-04": ["Memutakhirkan data sektoral ke portal Satu Data Balikpapan.",
                  "Menyelenggarakan kelas pentingnya data bagi operator data perangkat daerah.",
                  "Menyusun standar data dan metadata untuk kebutuhan perencanaan."],
    "2023-I-05": ["Menyusun pembaruan analisis risiko WiFi publik di taman kota.",
                  "Menerapkan daftar tautan yang dibatasi pada jaringan WiFi publik."],
    "2023-I-06": ["Merekap kehadiran dan kontribusi anggota kelompok kerja untuk dasbor partisipasi.",
                  "Menyusun usulan indikator partisipasi anggota internal dan eksternal untuk dasbor pimpinan."],
    "2023-I-07": ["Memasang titik WiFi gratis di taman kota yang aksesnya melalui aplikasi Balikpapan Single Window.",
                  "Memantau pemanfaatan internet gratis melalui data pengguna Balikpapan Single Window."],
}

REC_DD = {
    "2022-01": ["Mengunggah salinan Perwali Penyelenggaraan Smart City dan berita acara harmonisasi."],
    "2022-02": ["Mengunggah salinan nota kesepahaman dengan mitra swasta.",
                "Mengunggah daftar hadir dan notulen pertemuan kemitraan."],
    "2022-03": ["Mengunggah naskah akademik regulasi pengelolaan limbah industri."],
    "2022-04": ["Mengunggah rekap penandaan anggaran smart city dalam APBD.",
                "Mengunggah data realisasi program CSR yang mendukung smart city."],
    "2022-05": ["Mengunggah surat keputusan Tim Smart City dan notulen rapat koordinasi."],
    "2022-06": ["Mengunggah dokumen arsitektur SPBE dan peta rencana SPBE.",
                "Mengunggah hasil penilaian mandiri indeks SPBE."],
    "2022-07": ["Mengunggah rekap pengaduan dan hasil survei kepuasan masyarakat."],
    "2022-09": ["Mengunggah daftar aplikasi yang sudah terintegrasi dengan Balikpapan Single Window."],
    "2022-11": ["Mengunggah daftar hadir dan dokumentasi kelas literasi digital."],
    "2023-I-01": ["Mengunggah daftar anggota Forum Smart City dari unsur eksternal.",
                  "Mengunggah dokumentasi kegiatan bersama mitra eksternal."],
    "2023-I-02": ["Mengunggah matriks skala prioritas program smart city."],
    "2023-I-03": ["Mengunggah dokumen kajian awal pembangunan jalan layang."],
    "2023-I-04": ["Mengunggah daftar dataset yang sudah dimutakhirkan di portal Satu Data.",
                  "Mengunggah data sektoral triwulanan sebagai data dukung evaluasi."],
    "2023-I-05": ["Mengunggah dokumen analisis risiko WiFi publik."],
    "2023-I-06": ["Mengunggah rekap kehadiran rapat kelompok kerja sebagai data dukung dasbor partisipasi."],
    "2023-I-07": ["Mengunggah data jumlah pengguna internet gratis melalui Balikpapan Single Window."],
}

USULAN = {
    GOV: ["Usulan penerapan tanda tangan elektronik pada seluruh naskah dinas perangkat daerah.",
          "Usulan katalog data terbuka untuk portal Satu Data Balikpapan.",
          "Usulan integrasi layanan perizinan ke Balikpapan Single Window."],
    BRA: ["Usulan kalender event tahunan kota yang terhubung dengan aplikasi informasi wisata.",
          "Usulan kampanye digital promosi wisata pesisir Manggar dan Lamaru.",
          "Usulan panduan identitas visual kota untuk seluruh kanal media sosial perangkat daerah."],
    ECO: ["Usulan program inkubasi startup lokal bersama kampus dan komunitas.",
          "Usulan perluasan pembayaran nontunai QRIS di pasar tradisional.",
          "Usulan skema CSR terpadu untuk mendukung program smart city."],
    LIV: ["Usulan integrasi CCTV simpang jalan ke Balikpapan Command Center.",
          "Usulan sistem antrean daring puskesmas yang terintegrasi.",
          "Usulan informasi jadwal angkutan umum secara waktu nyata."],
    SOC: ["Usulan kelas literasi digital bagi pengurus RT dan kader PKK.",
          "Usulan titik WiFi publik di taman kota dengan akses melalui Balikpapan Single Window.",
          "Usulan kanal pengaduan warga terpadu yang terhubung ke perangkat daerah."],
    ENV: ["Usulan pemantauan kualitas udara daring di kawasan industri Kariangau.",
          "Usulan aplikasi bank sampah digital tingkat kelurahan.",
          "Usulan peta rawan banjir berbasis data curah hujan dan jaringan drainase."],
    LINTAS: ["Usulan rencana aksi smart city tahun 2027 berdasarkan skala prioritas.",
             "Usulan pembagian tugas pokja berdasarkan enam dimensi smart city."],
}

LAINNYA = [
    "Menjadi moderator diskusi pada {act}.",
    "Menyebarkan informasi {act} melalui grup WhatsApp warga.",
    "Mendampingi warga mendaftar aplikasi Balikpapan Single Window di kelurahan.",
    "Menyediakan tempat dan perlengkapan untuk {act}.",
]

PUBLIKASI_MEDIA = [
    "Menerbitkan berita tentang {act}.",
    "Menayangkan liputan dan wawancara seputar {act}.",
]
PUBLIKASI_OTHER = [
    "Menulis artikel tentang {act} di portal resmi Pemerintah Kota Balikpapan.",
    "Mengunggah ringkasan {act} di media sosial resmi instansi.",
]
PUBLIKASI_ACADEMIC = "Menerbitkan artikel ilmiah tentang partisipasi pentahelix dalam smart city Balikpapan."

KIND_TL, KIND_DD, KIND_PAPARAN = "Tindak Lanjut Rekomendasi", "Data Dukung", "Paparan (Narasumber)"
KIND_USULAN, KIND_LAPORAN, KIND_PUBLIKASI, KIND_LAIN = "Usulan Program", "Laporan", "Publikasi", "Lainnya"

# Kinds each sector tends to contribute (weights).
KIND_WEIGHTS = {
    "Pemerintah": {KIND_TL: 5, KIND_DD: 4, KIND_PAPARAN: 2, KIND_USULAN: 1, KIND_LAPORAN: 3, KIND_PUBLIKASI: 1},
    "Akademisi": {KIND_TL: 1, KIND_DD: 1, KIND_PAPARAN: 4, KIND_USULAN: 3, KIND_PUBLIKASI: 2, KIND_LAIN: 1},
    "Swasta": {KIND_TL: 1, KIND_DD: 3, KIND_PAPARAN: 2, KIND_USULAN: 3, KIND_LAIN: 1},
    "Komunitas": {KIND_TL: 1, KIND_DD: 1, KIND_PAPARAN: 1, KIND_USULAN: 3, KIND_PUBLIKASI: 2, KIND_LAIN: 3},
    "Masyarakat": {KIND_USULAN: 3, KIND_LAIN: 3},
    "Media": {KIND_PUBLIKASI: 6, KIND_LAIN: 1},
}
CORE_COUNT = (4, 7)
LIGHT_COUNT = (1, 3)


# --------------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------------
def _member_records() -> list[dict]:
    out = []
    for i, (name, org, position, sector, role, group, dim, profile, inactive_from) in enumerate(MEMBERS, start=1):
        local = ".".join(name.casefold().split()[:2])
        out.append({
            "code": f"ANG-{i:03d}",
            "name": name,
            "org": org,
            "position": position,
            "sector": sector,
            "role": role,
            "group": group,
            "dim": dim,
            "status": "Nonaktif" if inactive_from else "Aktif",
            "email": f"{local}@{EMAIL_DOMAIN[sector]}",
            "phone": f"0812-0000-{i:04d}",
            "profile": profile,
            "inactive_from": inactive_from,
        })
    return out


def _activity_records() -> list[dict]:
    out = []
    for i, (day, name, kind, dim, place, audience) in enumerate(ACTIVITIES, start=1):
        date = dt.date.fromisoformat(day)
        assert date.weekday() < 5, f"{day} falls on a weekend"
        assert PERIOD_START <= date <= PERIOD_END
        out.append({"code": f"KEG-{i:03d}", "date": date, "name": name, "kind": kind, "dim": dim,
                    "place": place, "audience": audience})
    return out


def _invitees(act: dict, members: list[dict]) -> list[dict]:
    lead = ("Ketua", "Wakil Ketua", "Sekretaris")
    aud = act["audience"]
    chosen = []
    for m in members:
        if m["inactive_from"] and act["date"] >= m["inactive_from"]:
            continue
        if m["profile"] == "new":  # not invited yet
            continue
        gov = m["sector"] == "Pemerintah"
        if m["role"] in lead:
            ok = True
        elif aud == "all":
            ok = True
        elif aud == "tp":
            ok = gov and m["role"] != "Pengarah"
        elif aud == "pemda":
            ok = gov and m["role"] != "Pengarah"
        elif aud == "pleno":
            ok = m["group"] in (DEWAN, TP) or m["role"] == "Narasumber"
        elif aud == "forum":
            ok = not gov or m["group"] == TP
        elif aud == "pokja":
            ok = m["dim"] == act["dim"]
        else:
            raise ValueError(aud)
        if ok:
            chosen.append(m)
    return chosen


def _attendance(
    rng: random.Random, activities: list[dict], members: list[dict]
) -> tuple[list[tuple[str, str, str]], dict[str, list[dict]]]:
    # Probability of being present (in person or through a delegate) per profile, drawn once per member.
    p_present = {}
    for m in members:
        if m["profile"] == "new":  # never invited: no draw, so the others' draws stay as they were
            continue
        lo, hi = {"core": (0.85, 0.97), "light": (0.6, 0.8), "attend": (0.35, 0.7), "none": (0.0, 0.0)}[m["profile"]]
        p_present[m["code"]] = rng.uniform(lo, hi)
    rows = []
    attended: dict[str, list[dict]] = {m["code"]: [] for m in members}
    for act in activities:
        for m in _invitees(act, members):
            senior = m["position"].startswith(SENIOR_TITLES) or m["role"] == "Pengarah"
            if rng.random() < p_present[m["code"]]:
                status = "Diwakili" if rng.random() < (0.35 if senior else 0.08) else "Hadir"
            else:
                status = "Izin" if rng.random() < 0.45 else "Tidak Hadir"
            rows.append((act["code"], m["code"], status))
            if status in ("Hadir", "Diwakili"):
                attended[m["code"]].append(act)
    # Every "attend" member has been present at least once: upgrade their first invitation if needed.
    for m in members:
        if m["profile"] == "attend" and not attended[m["code"]]:
            i = next(i for i, r in enumerate(rows) if r[1] == m["code"])
            rows[i] = (rows[i][0], rows[i][1], "Hadir")
            attended[m["code"]].append(next(a for a in activities if a["code"] == rows[i][0]))
    return rows, attended


def _weekday_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    while True:
        day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
        if day.weekday() < 5:
            return day


def _next_weekday(day: dt.date, plus: int) -> dt.date:
    day += dt.timedelta(days=plus)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return min(day, PERIOD_END)


def _pick_kind(rng: random.Random, member: dict) -> str:
    weights = dict(KIND_WEIGHTS[member["sector"]])
    if member["org"] not in ORG_RECS:
        weights.pop(KIND_TL, None)
        weights.pop(KIND_DD, None)
    if member["role"] in ("Narasumber",):
        weights[KIND_PAPARAN] = weights.get(KIND_PAPARAN, 0) + 4
    if member["role"] == "Sekretaris":
        weights[KIND_LAPORAN] = weights.get(KIND_LAPORAN, 0) + 4
    kinds = list(weights)
    return rng.choices(kinds, weights=[weights[k] for k in kinds])[0]


def _contributions(rng: random.Random, members: list[dict], attended: dict[str, list[dict]]) -> list[dict]:
    rows = []
    for m in members:
        if m["profile"] == "core":
            n = rng.randint(*CORE_COUNT)
        elif m["profile"] == "light":
            n = rng.randint(*LIGHT_COUNT)
        else:
            n = 0
        last_day = min(PERIOD_END, m["inactive_from"] - dt.timedelta(days=1)) if m["inactive_from"] else PERIOD_END
        went = [a for a in attended[m["code"]] if a["date"] <= last_day]
        for _ in range(n):
            kind = _pick_kind(rng, m)
            act = rng.choice(went) if went else None
            if kind in (KIND_PAPARAN, KIND_LAPORAN, KIND_PUBLIKASI, KIND_LAIN) and act is None:
                kind = KIND_USULAN
            rec = None
            if kind in (KIND_TL, KIND_DD):
                rec = rng.choice(ORG_RECS[m["org"]])
                text = rng.choice((REC_TL if kind == KIND_TL else REC_DD)[rec])
                date = _weekday_between(rng, PERIOD_START, last_day)
            elif kind == KIND_USULAN:
                text = rng.choice(USULAN[m["dim"]])
                date = _next_weekday(act["date"], rng.randint(0, 6)) if act else _weekday_between(rng, PERIOD_START, last_day)
            elif kind == KIND_PAPARAN:
                text = f"Menyampaikan paparan pada {act['name']}."
                date = act["date"]
            elif kind == KIND_LAPORAN:
                text = rng.choice([
                    f"Menyusun notulen dan laporan hasil {act['name']}.",
                    "Menyusun laporan capaian triwulanan program smart city instansi.",
                ])
                date = _next_weekday(act["date"], rng.randint(2, 7))
            elif kind == KIND_PUBLIKASI:
                if m["sector"] == "Media":
                    text = rng.choice(PUBLIKASI_MEDIA).format(act=act["name"])
                elif m["sector"] == "Akademisi":
                    text = PUBLIKASI_ACADEMIC
                else:
                    text = rng.choice(PUBLIKASI_OTHER).format(act=act["name"])
                date = _next_weekday(act["date"], rng.randint(0, 3))
            else:
                text = rng.choice(LAINNYA).format(act=act["name"])
                date = act["date"]
            date = min(date, last_day)
            rows.append({"date": date, "member": m["code"], "kind": kind, "rec": rec, "text": text, "profile": m["profile"]})
    # An "attend" member who sent something still under review, and a "none" member whose submission was
    # rejected: neither counts, so their standings stay "Hadir Saja" and "Belum Berkontribusi".
    by_code = {m["code"]: m for m in members}
    pending_member = next(m for m in members if m["profile"] == "attend" and m["sector"] == "Komunitas")
    rejected_member = next(m for m in members if m["profile"] == "none" and m["sector"] == "Masyarakat")
    rows.append({"date": dt.date(2026, 11, 13), "member": pending_member["code"], "kind": KIND_USULAN, "rec": None,
                 "text": USULAN[pending_member["dim"]][0], "profile": "attend", "verification": "Menunggu"})
    rows.append({"date": dt.date(2026, 6, 15), "member": rejected_member["code"], "kind": KIND_LAIN, "rec": None,
                 "text": "Mengirim foto kegiatan kerja bakti lingkungan tanpa keterangan waktu dan tempat.",
                 "profile": "none", "verification": "Ditolak"})
    rows.sort(key=lambda r: (r["date"], r["member"], r["kind"], r["text"]))
    # Verification: recent submissions are still waiting; a few are rejected.
    for i, r in enumerate(rows, start=1):
        r["code"] = f"KON-{i:04d}"
        folder = "notulen" if r["kind"] == KIND_LAPORAN else "bukti"
        ext = "html" if r["kind"] == KIND_PUBLIKASI else "pdf"
        r["evidence"] = f"https://arsip.example.go.id/smartcity/{r['date'].year}/{folder}/{r['code'].lower()}.{ext}"
        if "verification" in r:
            continue
        if r["date"] >= dt.date(2026, 10, 26) and rng.random() < 0.6:
            r["verification"] = "Menunggu"
        elif rng.random() < 0.04:
            r["verification"] = "Ditolak"
        else:
            r["verification"] = "Terverifikasi"
        assert r["member"] in by_code
    return rows


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def _write_sheet(wb: Workbook, title: str, headers: list[str], rows: list[list], widths: dict[str, int],
                 formats: dict[str, str] | None = None) -> None:
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    formats = formats or {}
    for j, header in enumerate(headers, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = widths.get(header, 14)
        fmt = formats.get(header)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = fmt
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def build_demo(path) -> None:
    """Write the demo recap workbook to ``path`` (deterministic)."""
    rng = random.Random(SEED)
    members = _member_records()
    activities = _activity_records()
    attendance, attended = _attendance(rng, activities, members)
    contributions = _contributions(rng, members, attended)

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "Sekretariat Smart City Kota Balikpapan (data demo)"
    wb.properties.title = "Rekap Partisipasi Kelompok Kerja Smart City Kota Balikpapan (demo)"
    fixed = dt.datetime(2026, 11, 23, 8, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed

    _write_sheet(
        wb, "Anggota",
        ["Kode Anggota", "Nama", "Instansi", "Jabatan", "Unsur", "Peran", "Kelompok Kerja", "Dimensi", "Status",
         "Email", "No HP"],
        [[m["code"], m["name"], m["org"], m["position"], m["sector"], m["role"], m["group"], m["dim"], m["status"],
          m["email"], m["phone"]] for m in members],
        {"Nama": 26, "Instansi": 34, "Jabatan": 40, "Kelompok Kerja": 24, "Dimensi": 18, "Email": 34, "No HP": 16},
    )
    _write_sheet(
        wb, "Kegiatan",
        ["Kode Kegiatan", "Tanggal", "Nama Kegiatan", "Jenis", "Dimensi", "Tempat"],
        [[a["code"], a["date"], a["name"], a["kind"], a["dim"], a["place"]] for a in activities],
        {"Nama Kegiatan": 70, "Dimensi": 18, "Tempat": 36},
        {"Tanggal": DATE_FORMAT},
    )
    _write_sheet(
        wb, "Kehadiran",
        ["Kode Kegiatan", "Kode Anggota", "Kehadiran"],
        [list(r) for r in attendance],
        {"Kehadiran": 14},
    )
    _write_sheet(
        wb, "Kontribusi",
        ["Kode Kontribusi", "Tanggal", "Kode Anggota", "Jenis Kontribusi", "Kode Rekomendasi", "Uraian", "Bukti",
         "Verifikasi"],
        [[c["code"], c["date"], c["member"], c["kind"], c["rec"], c["text"], c["evidence"], c["verification"]]
         for c in contributions],
        {"Jenis Kontribusi": 26, "Kode Rekomendasi": 18, "Uraian": 80, "Bukti": 60, "Verifikasi": 15},
        {"Tanggal": DATE_FORMAT},
    )
    _write_sheet(
        wb, "Rekomendasi",
        ["Kode", "Sumber", "Tahun", "Uraian", "Dimensi", "Penanggung Jawab", "Target", "Status", "Progres",
         "Data Dukung", "Catatan"],
        [list(r) for r in RECOMMENDATIONS],
        {"Sumber": 22, "Uraian": 80, "Dimensi": 18, "Penanggung Jawab": 20, "Status": 26, "Catatan": 80},
        {"Target": DATE_FORMAT, "Progres": "0%"},
    )
    _write_sheet(
        wb, "Evaluasi",
        ["Tahun", "Tahap", "Peringkat", "Jumlah Daerah", "Nilai", *DIMENSIONS, "Predikat"],
        [[y, stage, rank, size, score, *dims, pred] for y, stage, rank, size, score, dims, pred in EVALUATIONS],
        {d: 18 for d in DIMENSIONS},
        {"Nilai": "0.00", **{d: "0.00" for d in DIMENSIONS}},
    )
    # Wrap the long text columns.
    for title, header in (("Rekomendasi", "Uraian"), ("Rekomendasi", "Catatan")):
        ws = wb[title]
        j = [c.value for c in ws[1]].index(header) + 1
        for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


if __name__ == "__main__":
    out = Path(__file__).resolve().parent / "rekap-demo.xlsx"
    build_demo(out)
    print(f"wrote {out}")
