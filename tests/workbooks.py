"""Builders for the recap workbooks the tests load: the messiness the contract allows, written by openpyxl."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl


def save(wb: openpyxl.Workbook, path: Path | None = None) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def workbook(sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> bytes:
    """A workbook with the given sheets (in this order), rows written from A1 down."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # a clerk's text that starts with "=", not a formula
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    return save(wb)


def messy_recap() -> bytes:
    """Everything the contract tolerates at once; sheets in an order where references point forward."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)

    # Attendance first, as a matrix (the usual "rekap daftar hadir"), with title rows and summary columns.
    att = wb.create_sheet("Rekap Kehadiran")
    att.append(["REKAP KEHADIRAN TIM PELAKSANA SMART CITY KOTA BALIKPAPAN"])
    att.append(["Periode: Januari - Juni 2023"])
    att.append([])
    att.append(["No", "Nama", "OPD / Instansi", dt.datetime(2023, 1, 16), "13/05/2023 FGD Masterplan", "KEG-03",
                "Jumlah Hadir", "Paraf"])
    att.append([1, "Budi Santoso", "Diskominfo", "H", "✓", "W", 3, None])
    att.append([2, "siti  aminah", None, "I", None, "v", 1, None])
    att.append([3, "Rahmat Hidayat", "Telkom Witel Balikpapan", "x", "Hadir", "-", 1, None])
    att.append([4, "Dewi Lestari", None, "TH", "A", None, 0, None])
    att.append([None, None, None, None, None, None, None, None])
    att.append(["Jumlah", None, None, 2, 2, 2, 5, None])

    # Contributions before the members and recommendations they refer to.
    con = wb.create_sheet("Kinerja Anggota")
    con.append(["Rekap Kontribusi Anggota"])
    con.append(["Tgl", "Kode Anggota", "Bentuk Kontribusi", "No Rekomendasi", "Uraian", "Status Verifikasi"])
    # `Tgl` is not an alias of Tanggal: it must be reported as ignored and the row found by the next header.
    con.delete_rows(2)
    con.append(["Tanggal", "Kode Anggota", "Bentuk Kontribusi", "No Rekomendasi", "Uraian", "Status Verifikasi"])
    con.append(["Senin, 16 Januari 2023", "ANG-02", "Data Dukung", "2023-I-06", "- Menyusun data dukung", "Valid"])
    con.append(["20 Ags 2023", "ANG-02", "paparan", None, "Paparan di FGD", "OK"])
    con.append([dt.date(2023, 6, 2), "ANG-01", "TL Rekomendasi", "2022-01", "Draf Perwali", "Diterima"])
    con.append(["3/7/2023", "ANG-03", "Laporan", None, "Laporan kegiatan", "Pending"])
    con.append(["4-7-2023", "ANG-03", "Publikasi", None, "Berita kegiatan", "Ditolak"])
    con.append(["Total", None, None, None, None, None])

    mem = wb.create_sheet("daftar  anggota")
    mem.append(["DAFTAR ANGGOTA TIM PELAKSANA"])
    mem.append(["No.", "Kode", "Nama Lengkap", "Perangkat\nDaerah", "Jabatan", "Unsur Pentahelix", "Kedudukan",
                "Pokja", "Bidang", "Status Keanggotaan", "No. HP", "Keterangan Tambahan"])
    mem.append([1, "ANG-01", "Budi Santoso", "Diskominfo", "Kepala Dinas", "OPD", "Ketua", "Tim Pelaksana",
                "Governance", "Aktif", "0812-0000-0001", None])
    mem.append([2, "ANG-02", "Siti Aminah", "Universitas Balikpapan", "Dosen", "Perguruan Tinggi", None,
                "Tim Pelaksana", "Smart Society", None, None, None])
    mem.append([3, "ANG-03", "Rahmat Hidayat", "Telkom Witel Balikpapan", "Manajer", "BUMN", "anggota",
                "Forum Smart City", "Smart Economy", "aktif", None, None])
    mem.append([4, "ANG-04", "Dewi Lestari", "Diskominfo", "Staf", "Pemda", None, "Tim Pelaksana",
                "Lintas Dimensi", None, None, None])
    mem.append([5, "ANG-05", "Agus Salim", "Diskominfo", "Staf", "Pemerintah", None, "Tim Pelaksana", None,
                "Nonaktif", None, None])
    # Diskominfo written once for rows 3..4 of the data (members 4 and 5) through a merged cell.
    mem["D6"] = "Diskominfo"
    mem["D7"] = None
    mem.merge_cells("D6:D7")

    act = wb.create_sheet("Agenda")
    act.append(["Hari/Tanggal", "Kode Kegiatan", "Acara", "Jenis Kegiatan", "Lokasi"])
    act.append([dt.datetime(2023, 1, 16), "KEG-01", "Rapat Koordinasi", "rapat", "Balai Kota"])
    act.append(["Sabtu, 13 Mei 2023", "KEG-02", "FGD Masterplan", "FGD", "Aula Bappeda"])
    act.append(["1 Juni 2023", "KEG-03", "Bimtek SPBE", "Bimbingan Teknis", None])

    rec = wb.create_sheet("Tindak Lanjut Rekomendasi")
    rec.append(["No Rekomendasi", "Sumber Evaluasi", "Uraian Rekomendasi", "PIC", "Tenggat", "Status TL", "Capaian",
                "Bukti Dukung", "Catatan"])
    rec.append(["2022-01", "Evaluasi 2022", "Harmonisasi Rancangan Perwali smart city", "Bagian Hukum",
                "31/12/2023", "Selesai", "100%", 3, None])
    rec.append(["2023-I-06", "Evaluasi 2023 Tahap I", "Dasbor partisipasi untuk pimpinan daerah", "Diskominfo",
                "30 Juni 2024", "On Progress", "0,5", "https://a.example/1\nhttps://a.example/2", None])
    rec.append(["2023-I-05", "Evaluasi 2023 Tahap I", "Analisis risiko WiFi publik", "Diskominfo", None,
                "Belum", 0, 0, None])
    rec.append(["2022-07", "Evaluasi 2022", "Regulasi limbah industri", "DLH", "1/1/2023", "TDTL", None, None,
                "Kewenangan provinsi"])

    ev = wb.create_sheet("Peringkat")
    ev.append(["Tahun", "Tahap", "Ranking", "Dari", "Nilai Indeks", "Governance", "Smart Branding", "Predikat"])
    ev.append([2022, None, 45, 100, "3,05", "3,1", 2.9, "Baik"])
    ev.append([2023, "Final", 40, 100, "3,31", "3,4", "3,2", "Baik"])

    wb.create_sheet("Catatan Sekretariat").append(["bukan sheet data"])
    return save(wb)


BIG_ORGANIZATIONS = ("Diskominfo", "Bappeda", "Dinas Perhubungan", "DLH", "Disdukcapil", "Universitas Balikpapan",
                     "Politeknik Negeri Balikpapan", "Telkom Witel Balikpapan", "Pertamina RU V", "Tribun Kaltim")


def big_recap(path: Path, members: range, contributions: range, description: str = "uraian") -> Path:
    """A large recap written with xlsxwriter (what Excel writes: shared strings, real dates). Member ``i`` is always
    ``ANG-<i>``, the same name and organization in every workbook, so two workbooks share the members (and the
    organizations) their ranges share; contribution ``j`` is ``KON-<j>``, its member and date fixed by ``j``."""
    import xlsxwriter

    from core import reference as ref

    sectors = [s.name for s in ref.SECTORS]
    kinds = ref.CONTRIBUTION_KINDS.values
    member_ids = list(members)
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Anggota")
    ws.write_row(0, 0, ["Kode Anggota", "Nama", "Instansi", "Unsur"])
    for r, i in enumerate(member_ids, start=1):
        ws.write_row(r, 0, [f"ANG-{i:05d}", f"Anggota Nomor {i}", BIG_ORGANIZATIONS[i % len(BIG_ORGANIZATIONS)],
                            sectors[i % len(sectors)]])
    ws = wb.add_worksheet("Kontribusi")
    ws.write_row(0, 0, ["Kode Kontribusi", "Tanggal", "Kode Anggota", "Jenis Kontribusi", "Uraian"])
    start = dt.datetime(2024, 1, 1)
    for r, j in enumerate(contributions, start=1):
        ws.write_string(r, 0, f"KON-{j:07d}")
        ws.write_datetime(r, 1, start + dt.timedelta(days=j % 360), date_fmt)
        ws.write_string(r, 2, f"ANG-{member_ids[j % len(member_ids)]:05d}")
        ws.write_string(r, 3, kinds[j % len(kinds)])
        ws.write_string(r, 4, f"{description} {j}")
    wb.close()
    return path
