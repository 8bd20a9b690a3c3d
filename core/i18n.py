"""Every user-facing word and format in one place: Bahasa Indonesia first, `1.234,5`, `13 Mei 2023`, WITA.

The dicts below map keys to Indonesian text, and that text is the msgid of the gettext catalogs: English lives in
core/locale/en/LC_MESSAGES/messages.po (`python scripts/i18n_catalog.py` adds new msgids there). At the end
of this module every dict is wrapped in ``Texts``, whose lookups return the translation for the current request's
language (core.language); the other module-level strings are read through the module's ``__getattr__`` the
same way. Dates and numbers are formatted by Babel with the language's locale (``id`` or ``en_GB``).
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from core import language
from core.settings import TIMEZONE

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

OUTCOME = {
    "processing": "sedang diproses",
    "interrupted": "terputus",
    "committed": "tersimpan",
    "rejected": "ditolak",
    "refused": "ditolak",
    "undone": "dibatalkan",
}
NAV_TOGGLE = "Buka atau tutup menu"  # the navigation's button on a narrow screen (dashboard/web.py)
DEMO_BANNER = ("Data contoh (demo): angka di dasbor ini bukan data sebenarnya. Unggah rekap sekretariat di "
               "halaman Unggah Rekap untuk menggantinya.")

KIND = {
    "members": "Anggota",
    "activities": "Kegiatan",
    "attendance": "Kehadiran",
    "contributions": "Kontribusi",
    "recommendations": "Rekomendasi",
    "evaluations": "Evaluasi",
}


def format_number(value: float | int | None, decimals: int = 1) -> str:
    """`1.234,5` (English `1,234.5`); integers without decimals."""
    if value is None:
        return "-"
    if float(value).is_integer():
        return babel_numbers.format_decimal(int(round(value)), format="#,##0", locale=language.babel_locale())
    return babel_numbers.format_decimal(round(value, decimals), format="#,##0." + "0" * decimals,
                                        locale=language.babel_locale(), decimal_quantization=True)


def format_percent(fraction: float | None, decimals: int = 1) -> str:
    if fraction is None:
        return "-"
    return format_number(round(fraction * 100, decimals), decimals) + "%"


def format_date(value: dt.date | None, pattern: str = "d MMMM y") -> str:
    """`13 Mei 2023` (English `13 May 2023`)."""
    if value is None:
        return "-"
    return babel_dates.format_date(value, pattern, locale=language.babel_locale())


def evaluation_label(year: int, stage: str | None) -> str:
    """An evaluation's name wherever it is shown: `2023` for the final evaluation, `2023 Tahap I` for a stage."""
    return str(year) if stage in (None, "Final") else RINGKASAN["stage_label"].format(year=year, stage=stage)


def to_wita(value: dt.datetime) -> dt.datetime:
    """Stored timestamps are naive UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(TIMEZONE)


def format_datetime(value: dt.datetime | None) -> str:
    """`13 Mei 2023 14.05 WITA` (English `13 May 2023 14:05 WITA`)."""
    if value is None:
        return "-"
    local = to_wita(value)
    clock = "HH.mm" if language.current() == "id" else "HH:mm"
    return f"{format_date(local.date())} {babel_dates.format_time(local, clock, locale=language.babel_locale())} WITA"


def format_week(week: str) -> str:
    """An ISO week code as people say it: `2026-W49` -> `Minggu ke-49, 30 Nov–6 Des 2026` (the year once when
    the week sits in one year)."""
    from core.periods import week_bounds  # periods imports the database layer, this module need not

    start, end = week_bounds(week)
    first = format_date(start, "d MMM" if start.year == end.year else "d MMM y")
    return WEEK["label"].format(n=int(week.rsplit("W", 1)[1]), start=first, end=format_date(end, "d MMM y"))


def page_title(name: str):  # noqa: ANN201 - a callable for dash.register_page(title=...)
    """A page's browser-tab title in the request's language (Dash calls it for every page view)."""
    return lambda **_query: gettext(_STRINGS["PAGE_TITLE"]).format(page=gettext(name))


def format_week_short(week: str) -> str:
    """`2026-W49` -> `Mg 49 2026` (chart axes)."""
    year, number = week.split("-W")
    return WEEK["short"].format(n=int(number), year=year)


def standing_notes(rules: dict[str, int]) -> dict[str, str]:
    """What each standing means under the stored thresholds (core.scoring.standing_rules), for the cards."""
    contributions, attended = rules["min_contributions"], rules["min_attended"]
    if contributions == 1 and attended == 1:
        return RINGKASAN["standing_note"]
    return {k: v.format(contributions=format_number(contributions), attended=format_number(attended))
            for k, v in RINGKASAN["standing_note_rules"].items()}


def format_load_report(report: dict) -> str:
    lines = []
    if report["ok"]:
        head = "Pemeriksaan selesai tanpa kesalahan (uji coba, tidak ada yang disimpan)." if report["dry_run"] \
            else f"Berhasil disimpan sebagai unggahan #{report['upload_id']}."
    elif report["errors"]:
        head = f"Tidak ada yang disimpan: {len(report['errors'])} kesalahan."
    else:
        head = (f"Tidak ada yang disimpan: {len(report['decisions'])} keputusan menunggu jawaban "
                "(ulangi dengan --decide \"ID=REF\" untuk setiap keputusan).")
    lines.append(head)
    for name, c in report["sheets"].items():
        lines.append(f"  Sheet '{name}' ({KIND[c['kind']]}): {c['inserted']} baru, {c['updated']} diubah, "
                     f"{c['unchanged']} tetap, {c['skipped']} dilewati")
    for s in report.get("suspect_sheets") or []:
        lines.insert(1, "  PERIKSA PEMETAAN " + s["message"])
    groups = report.get("error_groups")
    if groups is None:  # a report of another shape: every error on its own line
        groups = [{**e, "count": 1, "rows": [e["row"]] if e["row"] else [], "values": [e["value"]]} for e in report["errors"]]
    for g in groups:
        if g["count"] == 1:
            e = next((e for e in report["errors"] if e["sheet"] == g["sheet"] and e["column"] == g["column"]
                      and (e["row"] in g["rows"] or not g["rows"])), None)
            lines.append("  KESALAHAN " + _where(e or g) + (e or g)["message"])
            continue
        more = " ..." if g["count"] > len(g["rows"]) else ""
        rows = f", baris {', '.join(str(r) for r in g['rows'])}{more}" if g["rows"] else ""
        shown = f" (nilai: {', '.join(repr(v) for v in g['values'])})" if g["values"] else ""
        lines.append(f"  KESALAHAN {_where({'sheet': g['sheet'], 'column': g['column']})}{format_number(g['count'])} "
                     f"kali{rows}: {g['message']}{shown}")
    for d in report.get("decisions", []):
        if d.get("kind") == "activity":
            c = d["candidates"][0]
            lines.append(f"  KEPUTUSAN {d['id']}: kegiatan '{d['name']}' pada {format_date(dt.date.fromisoformat(c['date']))} "
                         f"mirip kegiatan '{c['name']}' yang sudah ada. Pilihan:")
            lines.append(f"    {d['id']}=same       kegiatan yang sama dengan '{c['name']}'")
            lines.append(f"    {d['id']}=new        kegiatan lain (dibuat baru dengan nama '{d['name']}')")
            continue
        where = f" ({d['organization']})" if d["organization"] else ""
        rows = ", ".join(d["rows"][:10]) + (" ..." if len(d["rows"]) > 10 else "")
        lines.append(f"  KEPUTUSAN {d['id']}: '{d['name']}'{where}, baris {rows}. Pilihan:")
        for c in d["candidates"]:
            code = f", kode {c['code']}" if c["code"] else ""
            lines.append(f"    {d['id']}={c['ref']}  sama dengan {c['name']} ({c['organization']}{code}), "
                         f"kemiripan {format_percent(c['similarity'])}")
        lines.append(f"    {d['id']}=new        anggota baru (new:UNSUR untuk mengisi Unsurnya, misalnya new:Akademisi)")
        if d.get("guest_allowed"):
            lines.append(f"    {d['id']}=guest      tamu (tidak dinilai; bisa dijadikan anggota dengan pokja guests promote)")
    people = report.get("people")
    if people and any(people.values()):
        lines.append(f"  Orang: {people['matched']} cocok, {people['matched_by_name']} cocok lewat nama saja, "
                     f"{people['new']} baru, {people['guests']} tamu, {people['decisions']} menunggu keputusan")
    for w in report["warnings"]:
        lines.append("  catatan " + _where(w) + w["message"])
    if report["ignored_sheets"]:
        lines.append("  Sheet diabaikan: " + ", ".join(report["ignored_sheets"]))
    for sheet, cols in report["ignored_columns"].items():
        lines.append(f"  Kolom diabaikan di '{sheet}': " + ", ".join(str(c) for c in cols))
    return "\n".join(lines)


def _where(issue: dict) -> str:
    parts = []
    if issue.get("sheet"):
        parts.append(f"sheet '{issue['sheet']}'")
    if issue.get("row"):
        parts.append(f"baris {issue['row']}")
    if issue.get("column"):
        parts.append(f"kolom '{issue['column']}'")
    if issue.get("value") is not None:
        parts.append(f"nilai '{issue['value']}'")
    return ("[" + ", ".join(parts) + "] ") if parts else ""


# Guests (tamu) of meeting lists: `pokja guests`, the card on /unggah (dashboard/guests.py)
GUESTS = {
    "none": "Tidak ada tamu yang belum dijadikan anggota.",
    "not_found": "Tamu #{id} tidak ditemukan. Lihat nomornya dengan `pokja guests list`.",
    "already": "Tamu #{id} sudah dijadikan anggota #{member}.",
    "no_organization": "Tamu #{id} ({name}) tidak punya Instansi: isi Instansinya (--organization).",
    "no_sector": ("Unsur tamu #{id} ({name}, {organization}) tidak diketahui dari instansinya: pilih Unsurnya "
                  "(--sector, misalnya --sector Akademisi)."),
    "member_exists": ("Sudah ada anggota #{member} dengan nama dan instansi yang sama dengan tamu #{id} ({name}). "
                      "Tamu ini tidak dijadikan anggota kedua."),
    "entry": "Tamu #{id} ({name}) dijadikan anggota",
    "entry_message": "anggota #{member}; {n} kehadiran kini dihitung",
    "promoted": ("Tamu #{guest} dijadikan anggota {member} (entri #{id} di log unggahan; batalkan dengan "
                 "`pokja undo {id}`): {attendance} kehadirannya kini dihitung."),
}

# --- Page texts: each page keeps its words here, in its own section (Bahasa Indonesia) -------------

# page: ringkasan
RINGKASAN = {
    "name": "Ringkasan",
    "title": "Ringkasan partisipasi dan tindak lanjut",
    "empty": "Dasbor ini masih kosong.",
    "lead": "Angka utama kelompok kerja smart city; setiap kartu membuka halaman rinciannya.",
    "section_members": "Partisipasi anggota",
    "section_recommendations": "Tindak lanjut rekomendasi",
    "section_rank": "Peringkat kota",
    "internal_members": "Anggota internal",
    "internal_members_note": "unsur Pemerintah (perangkat daerah)",
    "external_members": "Anggota eksternal",
    "external_members_note": "akademisi, swasta, komunitas, masyarakat, media",
    "internal_rate": "Tingkat kehadiran internal",
    "external_rate": "Tingkat kehadiran eksternal",
    "rate_note": "hadir atau diwakili, dari seluruh undangan",
    "standing_note": {
        "Berkontribusi": "apresiasi: minimal satu kontribusi terverifikasi",
        "Hadir Saja": "hadir, tetapi belum ada kontribusi",
        "Belum Berkontribusi": "perlu pembinaan: diundang, belum hadir dan belum berkontribusi",
        "Belum Diundang": "belum pernah diundang pada periode ini dan belum berkontribusi; bukan untuk pembinaan",
    },
    # the same when an administrator has raised the thresholds (see standing_notes)
    "standing_note_rules": {
        "Berkontribusi": "apresiasi: minimal {contributions} kontribusi terverifikasi",
        "Hadir Saja": "hadir minimal {attended} kali, kontribusi terverifikasi kurang dari {contributions}",
        "Belum Berkontribusi": "perlu pembinaan: hadir kurang dari {attended} kali, kontribusi kurang dari "
                               "{contributions}",
        "Belum Diundang": "belum pernah diundang pada periode ini dan belum berkontribusi; bukan untuk pembinaan",
    },
    "completion": "Penyelesaian rekomendasi",
    "completion_note": "{done} Sesuai dari {counted} rekomendasi yang dapat ditindaklanjuti",
    "overdue": "Rekomendasi terlambat",
    "overdue_note": "melewati target dan belum Sesuai",
    "rank": "Peringkat evaluasi terakhir",
    "rank_value": "peringkat {rank} dari {field}",
    "rank_note": "Evaluasi {label}, nilai {score}",
    "stage_label": "{year} Tahap {stage}",
    "movers": "Perubahan peringkat terbesar minggu ini",
    "movers_note": "peringkat skor 365 hari terakhir dibanding seminggu lalu",
    "no_movers": "Tidak ada perubahan peringkat dalam seminggu terakhir.",
    "mover_ranks": "dari {before} ke {now}",
    "no_members": "Belum ada data anggota.",
    "no_recommendations": "Belum ada data rekomendasi.",
    "no_evaluations": "Belum ada data evaluasi",
}

# the story in words on Ringkasan (dashboard/components/story.py); its rank sentence is on /peringkat too
CERITA = {
    "title": "Cerita singkat",
    "rank_up": "naik {n} peringkat",
    "rank_down": "turun {n} peringkat",
    "rank_same": "tetap di peringkat yang sama",
    "of_field": " dari {field} daerah",
    "rank_since": "Kota Balikpapan {change} sejak {since}: dari peringkat {before} ke peringkat {now}{of_field} "
                  "pada evaluasi {label}.",
    "rank_single": "Kota Balikpapan di peringkat {rank}{of_field} pada evaluasi {label}, satu-satunya evaluasi "
                   "yang tercatat.",
    "rank_link": "Lihat tren peringkat",
    "thank": "Terima kasih kepada ",
    "thank_none": "Belum ada anggota yang berkontribusi pada periode ini.",
    "coach": "Perlu dibina: ",
    "coach_none": "Tidak ada anggota yang perlu dibina pada periode ini.",
    "others": "{n} lainnya",
    "and": " dan ",
    "week_pending": "Perubahan mingguan muncul setelah ada dua snapshot mingguan.",
    "week_intro": "Pekan yang berakhir {end} dibanding pekan yang berakhir {before}: ",
    "week_new": "{n} anggota mulai berkontribusi ({names})",
    "week_fell": "{n} anggota turun ke Belum Berkontribusi ({names})",
    "week_moves": "{up} anggota naik peringkat, {down} turun",
    "week_status": "{n} rekomendasi berubah status",
    "week_completion": "penyelesaian rekomendasi dari {before} ke {now}",
    "week_nothing": "tidak ada perubahan.",
}

# page: anggota
ANGGOTA = {
    "name": "Partisipasi Anggota",
    "title": "Partisipasi anggota",
    "lead": "Peringkat skor kontribusi anggota aktif. Klik baris atau nama untuk melihat rincian skornya.",
    "filter_sector": "Unsur",
    "filter_internal": "Internal/eksternal",
    "filter_working_group": "Kelompok kerja",
    "filter_dimension": "Dimensi",
    "filter_organization": "Instansi",
    "filter_standing": "Status partisipasi",
    "all": "Semua",
    "internal": "Internal (Pemerintah)",
    "external": "Eksternal (pentahelix)",
    "reset": "Hapus filter",
    "filters": "Filter",
    "filters_active": "{n} aktif",
    "leaderboard": "Papan peringkat",
    "members_shown": "{n} anggota",
    "col_rank": "Peringkat",
    "col_change": "Perubahan",
    "col_name": "Nama",
    "col_organization": "Instansi",
    "col_sector": "Unsur",
    "col_score": "Skor",
    "col_attendance_rate": "Kehadiran",
    "col_contributions": "Kontribusi",
    "col_standing": "Status",
    "change_same": "=",
    "change_help": "perubahan peringkat dibanding periode yang sama seminggu sebelumnya",
    # with two snapshots or more: say the column is live, not the frozen weekly move
    "col_change_live": "Perubahan 7 hari",
    "change_help_live": ("Dihitung langsung dari data terkini: peringkat periode ini dibanding periode yang sama "
                         "tujuh hari sebelumnya. Pergerakan antar snapshot mingguan ({before} → {now}) ada di "
                         "halaman Tren Peringkat."),
    "appreciation": "Apresiasi: Berkontribusi",
    "appreciation_note": "skor tertinggi lebih dulu",
    "correction": "Perlu pembinaan",
    "correction_note": "Belum Berkontribusi, lalu Hadir Saja",
    "list_more": "dan {n} anggota lainnya di papan peringkat",
    "list_empty": "Tidak ada anggota.",
    "list_attendance": "kehadiran {rate}",
    "list_contributions": "{n} kontribusi",
    "points": "{score} poin",
    "by_organization": "Rata-rata skor per instansi (15 teratas)",
    "by_sector": "Rata-rata skor per unsur",
    "avg_score": "Rata-rata skor",
    "hover_breakdown": "{members} anggota, {contributing} berkontribusi, kehadiran {rate}",
    "no_rows": "Tidak ada anggota yang cocok dengan filter ini.",
    "no_members": "Belum ada data anggota.",
    "what_to_upload": "Unggah rekap berisi sheet Anggota, Kegiatan, Kehadiran dan Kontribusi.",
    "no_activity": "Belum ada data Kegiatan dan Kehadiran: skor hanya dari kontribusi.",
    # the member detail (modal)
    "detail_lead": "{organization} · {sector}",
    "detail_position": "{position} · peran {role}",
    "detail_total": "Skor {score} = kehadiran {attendance} poin + kontribusi {contributions} poin",
    "detail_attendance": "Kehadiran",
    "detail_contributions": "Kontribusi",
    "detail_none": "Tidak ada catatan dalam periode ini.",
    "detail_date": "Tanggal",
    "detail_activity": "Kegiatan",
    "detail_kind": "Jenis",
    "detail_status": "Kehadiran",
    "detail_points": "Poin",
    "detail_description": "Uraian",
    "detail_recommendation": "Rekomendasi",
    "detail_verification": "Verifikasi",
    "detail_evidence": "Bukti",
    "detail_not_counted": "tidak dihitung: belum terverifikasi",
    "detail_not_invited": "tidak diundang: tidak dihitung",
    "detail_missing": "Anggota tidak ditemukan.",
    "detail_open": "buka",
    "detail_rank_trend": "Peringkat sejak awal tahun per minggu (snapshot mingguan)",
    "detail_rank_hover": "%{x}: peringkat %{y}<extra></extra>",
}

# page: rekomendasi
REKOMENDASI = {
    "name": "Tindak Lanjut Rekomendasi",
    "title": "Tindak lanjut rekomendasi",
    "lead": "Rekomendasi hasil evaluasi Gerakan Menuju 100 Smart City dan status tindak lanjutnya.",
    "completion": "Penyelesaian",
    "completion_note": "{done} Sesuai dari {counted} (tanpa yang Tidak Dapat Ditindaklanjuti)",
    "overdue": "Terlambat",
    "overdue_note": "melewati target dan belum Sesuai",
    "total": "Jumlah rekomendasi",
    "per_evaluation": "Penyelesaian per evaluasi",
    "evaluation_row": "{total} rekomendasi · {overdue} terlambat",
    "by_dimension": "Status per dimensi",
    "by_pic": "Status per penanggung jawab (PIC)",
    "overdue_list": "Rekomendasi terlambat",
    "overdue_none": "Tidak ada rekomendasi yang terlambat.",
    "days_late": "{n} hari",
    "all": "Semua rekomendasi",
    "col_code": "Kode",
    "col_source": "Sumber",
    "col_text": "Uraian",
    "col_dimension": "Dimensi",
    "col_pic": "PIC",
    "col_target": "Target",
    "col_status": "Status",
    "col_progress": "Progres",
    "col_evidence": "Data dukung",
    "col_late": "Terlambat",
    "no_evidence": "belum ada data dukung",
    "no_evidence_count": "{n} rekomendasi belum ada data dukung",
    "evidence_count": "{n} dokumen",
    "over_time": "Penyelesaian dari waktu ke waktu",
    "over_time_pending": ("Grafik ini muncul setelah snapshot mingguan tersedia: setiap minggu angka penyelesaian "
                          "dibekukan, lalu digambar di sini. Belum ada snapshot."),
    "over_time_note": "Angka penyelesaian yang dibekukan setiap minggu (snapshot mingguan), {n} minggu.",
    "over_time_axis": "Penyelesaian",
    "over_time_hover": ("<b>{week}</b> ({start} – {end})<br>Penyelesaian {completion}<br>"
                        "{done} Sesuai dari {counted} · {overdue} terlambat"),
    "readiness_title": "Kesiapan evaluasi: data dukung terlampir sejak {cutoff}",
    "readiness_row": ("{with_evidence} dari {total} rekomendasi berdata dukung · {bare} Sesuai tanpa data dukung · "
                      "{stale} data dukungnya lama"),
    "readiness_missing": "Belum ada data dukung terlampir: {codes}",
    "readiness_hint": ("Siap = tidak berstatus Tidak Dapat Ditindaklanjuti dan ada data dukung bertanggal sejak batas "
                       "itu. Data dukung dilampirkan oleh sekretariat; angka Data Dukung di sheet Rekomendasi tetap klaim "
                       "dan tidak dihitung sebagai lampiran."),
    "no_recommendations": "Belum ada data rekomendasi.",
    "what_to_upload": "Unggah rekap berisi sheet Rekomendasi (kode, sumber evaluasi, uraian, status tindak lanjut).",
}

# page: peringkat
PERINGKAT = {
    "name": "Tren Peringkat",
    "title": "Tren peringkat kota",
    "lead": "Hasil evaluasi Gerakan Menuju 100 Smart City untuk Kota Balikpapan dari tahun ke tahun.",
    "latest": "Peringkat terakhir",
    "rank_value": "peringkat {rank} dari {field}",
    "latest_note": "Evaluasi {label}",
    "change": "Dibanding evaluasi sebelumnya",
    "change_note": "{before} → {now}",
    "score": "Nilai indeks terakhir",
    "predicate": "predikat {predicate}",
    "rank_chart": "Peringkat per evaluasi (1 = terbaik)",
    "rank_axis": "Peringkat",
    "rank_label": "{rank} dari {field}",
    "field_trace": "Jumlah daerah dinilai",
    "field_hover": "%{x}: %{y} daerah dinilai<extra></extra>",
    "rank_trace": "Peringkat Kota Balikpapan",
    "score_chart": "Nilai indeks total",
    "score_axis": "Nilai",
    "dimension_chart": "Nilai per dimensi",
    "table": "Semua hasil evaluasi",
    "col_evaluation": "Evaluasi",
    "col_rank": "Peringkat",
    "col_score": "Nilai",
    "col_predicate": "Predikat",
    "members_movement": "Pergerakan peringkat anggota",
    "members_movement_pending": ("Pergerakan peringkat anggota dari minggu ke minggu muncul di sini setelah snapshot "
                                 "mingguan tersedia. Belum ada snapshot."),
    "members_chart": "Peringkat sejak awal tahun per minggu: 10 teratas pada snapshot {week}",
    "members_axis": "Peringkat (1 = terbaik)",
    "members_hover": "<b>%{meta}</b><br>%{x}: peringkat %{y} · skor %{customdata}<extra></extra>",
    "movers": "Perubahan terbesar {before} → {now}",
    "movers_single": "Perubahan peringkat muncul setelah ada dua snapshot; baru ada snapshot {week}.",
    "movers_none": "Tidak ada perubahan peringkat antara {before} dan {now}.",
    "col_member": "Anggota",
    "col_before": "Sebelum",
    "col_now": "Sekarang",
    "col_move": "Gerak",
    "move_up": "▲ {n}",
    "move_down": "▼ {n}",
    "no_evaluations": "Belum ada data evaluasi.",
    "what_to_upload": "Unggah rekap berisi sheet Evaluasi (tahun, tahap, peringkat, jumlah daerah, nilai).",
}

# components: words shared by the pages above (period selector, grid, notices)
PERIOD_LABELS = {
    "minggu": "Minggu ini",
    "bulan": "Bulan ini",
    "triwulan": "Triwulan ini",
    "tahun": "Tahun ini",
    "kustom": "Rentang khusus",
}
PERIOD = {
    "range": "Periode {start} s.d. {end}",
    "since": "Periode sejak {start}",
    "until": "Periode sampai {end}",
    "all_time": "Seluruh periode",
    "start": "Dari",
    "end": "Sampai",
}
# ISO weeks as people say them (Unduhan, the weekly charts' axes): `Minggu ke-49, 30 Nov–6 Des 2026`
WEEK = {
    "label": "Minggu ke-{n}, {start}–{end}",
    "short": "Mg {n} {year}",
}
# the frame around every page: the navigation's brand, the first load, an unknown address, the language switch
SHELL = {
    "brand": "Dasbor Partisipasi Smart City",
    "brand_city": " · Kota Balikpapan",
    "loading": "Memuat...",
    "not_found_name": "Halaman tidak ditemukan",
    "not_found": "Alamat ini tidak ada di dasbor. Periksa tautannya, atau buka salah satu halaman di menu.",
    "back_home": "Kembali ke Ringkasan",
    "language": "Bahasa",
    "switch_to": "English",  # the switch offers the other language, named in that language
    "switch_short": "EN",  # the same below 1400 px, where the navigation has no room for the name
    "switch_help": "Ganti bahasa tampilan ke bahasa Inggris",
}
PAGE_TITLE = "{page} · Dasbor Smart City Balikpapan"  # the browser tab
APP_TITLE = "Dasbor Partisipasi Smart City Kota Balikpapan"  # the tab of a page without a title of its own
UPLOAD_LINK = "Buka halaman Unggah Rekap"
NO_DATA_TITLE = "Belum ada data"
SNAPSHOTS_TITLE = "Menunggu snapshot mingguan"
# AG Grid's own words (no rows, loading, sorting menu)
GRID_LOCALE = {
    "noRowsToShow": "Tidak ada data untuk ditampilkan",
    "loadingOoo": "Memuat...",
    "sortAscending": "Urutkan naik",
    "sortDescending": "Urutkan turun",
    "sortUnSort": "Hapus urutan",
    "pinColumn": "Sematkan kolom",
    "autosizeThisColumn": "Sesuaikan lebar kolom ini",
    "autosizeAllColumns": "Sesuaikan lebar semua kolom",
    "resetColumns": "Atur ulang kolom",
}

# page: unggah
UNGGAH = {
    "name": "Unggah Rekap",
    "title": "Unggah rekap sekretariat",
    "lead": ("Berkas diperiksa lebih dulu tanpa menyimpan apa pun (pratinjau). Bila bersih, tekan Simpan; "
             "setiap unggahan tercatat di riwayat dan dapat dibatalkan."),
    "drop": "Seret dan lepas berkas rekap di sini, atau ",
    "drop_link": "pilih berkas",
    "drop_hint": "Format .xlsx, .xlsm, .xls atau .ods, paling besar {mb} MB.",
    "template_title": "Templat rekap",
    "template_text": "Templat kosong: sheet Petunjuk, enam sheet data, judul kolom dan daftar pilihan yang dikenali.",
    "template_button": "Unduh templat",
    "template_filename": "templat-rekap-pokja-smart-city.xlsx",
    "checking": "Memeriksa berkas...",
    "saving": "Menyimpan... jangan tutup halaman ini.",
    "preview_title": "Pratinjau (uji coba, belum disimpan): {filename}",
    "result_title": "Hasil penyimpanan: {filename}",
    "preview_ok": "Tidak ada kesalahan. Periksa jumlah baris per sheet di bawah, lalu tekan Simpan.",
    "preview_errors": ("{n} kesalahan ditemukan; tidak ada yang dapat disimpan. Perbaiki berkasnya (lihat daftar di "
                       "bawah, bisa diunduh), lalu unggah lagi."),
    "refused": "Berkas ditolak, tidak dibaca sama sekali.",
    "preview_deciding": ("{n} nama perlu keputusan Anda sebelum berkas bisa disimpan: sistem tidak menebak siapa "
                         "orangnya. Pilih jawabannya di bawah, lalu tekan Periksa lagi."),
    "decisions_title": "Keputusan tentang orang",
    "decisions_lead": ("Nama-nama ini mirip anggota yang sudah tersimpan, atau Unsur-nya tidak diketahui. Satu "
                       "keputusan berlaku untuk semua baris dengan ejaan yang sama dan diingat untuk berkas berikutnya."),
    "decision_rows": "baris {rows}",
    "decide_placeholder": "Pilih...",
    "decide_same": "Sama dengan {name} ({organization}{code}), kemiripan {similarity}",
    "decide_new": "Orang lain: anggota baru",
    "decide_new_sector": "Anggota baru, unsur {sector}",
    "decide_button": "Periksa lagi dengan keputusan ini",
    "decide_guest": "Tamu (tidak dinilai; bisa dijadikan anggota nanti)",
    "map_title": "Pemetaan kolom",
    "map_lead": ("Pembacaan berkas ini belum pasti. Periksa setiap sheet: baris-baris pertamanya, baris judul kolom, "
                 "jenis isinya, dan arti setiap kolom. Ubah yang salah, lalu tekan Periksa lagi. Beri nama profil "
                 "(misalnya \"format Bappeda\") agar berkas berikutnya dengan tata letak yang sama dibaca sendiri."),
    "map_sheet": "Sheet '{sheet}'",
    "map_kind": "Jenis isi",
    "map_header_rows": "Baris judul kolom (nomor baris Excel)",
    "map_columns": "Arti setiap kolom",
    "map_ignore_sheet": "(abaikan sheet ini)",
    "map_ignore_column": "(abaikan kolom)",
    "map_profile": "Simpan sebagai profil (nama, boleh kosong)",
    "map_apply": "Periksa lagi dengan pemetaan ini",
    "map_lead_invited": ("Berkas ini berisi daftar hadir rapat. Pilih kelompok kerja yang diundang ke setiap rapat "
                         "(terisi dari judul sheet bila judulnya menyebutnya), lalu tekan Periksa lagi. Anda juga "
                         "dapat mengubah arti kolom di sini."),
    "map_invited": "Kelompok kerja yang diundang",
    "map_invited_none": "Tidak ada yang disebut: hanya kehadiran yang dicatat",
    "map_invited_hint": ("Anggota Aktif kelompok ini yang tidak ada di daftar dicatat Tidak Hadir. Biarkan kosong "
                         "bila tidak tahu siapa yang diundang: ketidakhadiran tidak dicatat."),
    "demo_title": "Data demo masih dimuat",
    "demo_lead": ("Dasbor masih berisi data contoh. Tentukan nasibnya sebelum menyimpan data sebenarnya: Simpan "
                  "aktif setelah Anda memilih."),
    "demo_replace": "Hapus data demo (beserta snapshot mingguannya) bersama unggahan ini",
    "demo_keep": "Biarkan data demo (tetap tampil di samping data sebenarnya)",
    "demo_choose": "Pilih dulu: hapus data demo atau biarkan, lalu tekan Simpan lagi.",
    "demo_removed": "Data demo dihapus dalam transaksi yang sama ({n} baris).",
    "decide_same_activity": "Kegiatan yang sama dengan '{name}' ({date}), kemiripan {similarity}",
    "decide_new_activity": "Kegiatan lain: buat kegiatan baru '{name}'",
    "decision_activity": "Kegiatan di daftar hadir, mirip kegiatan yang sudah ada pada tanggal yang sama",
    "preview_guests": ("{n} tamu di daftar hadir: bukan anggota dan tidak mirip anggota mana pun. Mereka disimpan "
                       "bersama unggahan ini, tidak dinilai, dan bisa dijadikan anggota di kartu Tamu di bawah."),
    "guest_new": "tamu baru",
    "guest_known": "sudah pernah tercatat",
    "guests_title": "Tamu dari daftar hadir",
    "guests_lead": ("Orang di daftar hadir rapat yang bukan anggota. Kehadiran tamu tidak dinilai. Jadikan anggota "
                    "bila ia memang anggota kelompok kerja: kehadirannya lalu dihitung (tercatat di riwayat dan "
                    "dapat dibatalkan)."),
    "guests_col_name": "Nama",
    "guests_col_org": "Instansi",
    "guests_col_count": "Kegiatan",
    "guests_col_activities": "Hadir di",
    "guests_pick": "Pilih tamu...",
    "guests_sector_auto": "Unsur dari instansinya",
    "guests_org": "Instansi (kosongkan: seperti di daftar hadir)",
    "guests_promote": "Jadikan anggota",
    "people": ("Orang: {matched} cocok dengan anggota tersimpan, {by_name} cocok lewat nama saja, {new} anggota baru, "
               "{guests} tamu."),
    "col_sheet": "Sheet",
    "col_kind": "Isi",
    "col_inserted": "Baru",
    "col_updated": "Diubah",
    "col_unchanged": "Tetap",
    "col_skipped": "Dilewati",
    "no_sheets": "Tidak ada sheet data yang dibaca.",
    "ignored_sheets": "Sheet diabaikan (namanya tidak dikenali): {names}",
    "ignored_columns": "Kolom diabaikan di sheet '{sheet}': {names}",
    "warnings": "Catatan",
    "errors_title": "Daftar kesalahan",
    "errors_download": "Unduh daftar kesalahan (xlsx)",
    "errors_filename": "kesalahan-{stem}.xlsx",
    "errors_sheet": "Kesalahan",
    "col_row": "Baris",
    "col_column": "Kolom",
    "col_value": "Nilai",
    "col_message": "Pesan",
    "col_count": "Jumlah",
    "col_rows": "Baris (pertama)",
    "col_values": "Contoh nilai",
    "errors_grouped": ("Kesalahan yang sama dikelompokkan (sheet, kolom, pesan) dengan jumlah dan baris pertamanya; "
                       "unduhan berisi satu baris per kesalahan."),
    "suspect_title": "Periksa pembacaan sheet",
    "commit": "Simpan",
    "commit_hint": "Data langsung dipakai semua halaman dasbor. Unggahan dapat dibatalkan dari riwayat di bawah.",
    "committed": "Berhasil disimpan sebagai unggahan #{id}: {summary}.",
    "commit_rejected": ("Tidak ada yang disimpan: {n} kesalahan. Data tersimpan mungkin berubah sejak pratinjau; "
                        "lihat daftar kesalahan."),
    "expired": ("Pratinjau ini sudah tidak berlaku (sudah disimpan, atau lebih dari 24 jam lalu). "
                "Unggah berkasnya lagi."),
    "bad_contents": "Isi berkas tidak terbaca dari peramban. Unggah berkasnya lagi.",
    # A file over the upload limit, refused before it is decoded or read (the request's size says so).
    "too_large": ("Berkas terlalu besar untuk diunggah; batasnya {mb} MB. Hapus sheet atau baris yang tidak perlu, "
                  "simpan, lalu unggah lagi."),
    # Every parse slot of the server is taken (and the short queue before them is full or timed out).
    "server_busy": "Server sedang memeriksa berkas lain, coba lagi sebentar lagi.",
    "history_title": "Riwayat unggahan",
    "col_id": "No.",
    "col_file": "Berkas",
    "col_by": "Oleh",
    "col_at": "Waktu (WITA)",
    "col_outcome": "Hasil",
    "col_summary": "Ringkasan",
    "col_action": "Pembatalan",
    "undo_button": "Batalkan",
    "rejected_summary": "{n} kesalahan; pertama: {message}",
    "undo_title": "Batalkan unggahan #{id}?",
    "undo_body": ("Baris yang ditambahkan unggahan #{id} ({filename}, {at}) akan dihapus, dan baris yang diubahnya "
                  "dikembalikan ke nilai sebelumnya. Pembatalan ditolak bila unggahan yang lebih baru sudah "
                  "mengubah data yang sama."),
    "undo_confirm": "Ya, batalkan",
    "undo_cancel": "Tidak",
    "undone": "Unggahan #{id} dibatalkan: {deleted} baris dihapus, {restored} baris dikembalikan ke nilai sebelumnya.",
    "undo_refused": "Pembatalan ditolak. ",
}

# page: layar
LAYAR = {
    "name": "Layar Besar",
    "brand": "Partisipasi Smart City · Kota Balikpapan",
    "updated": "Diperbarui {when}",
    "period": "Tahun ini: {start} s.d. {end}",
    "panels": {"ringkasan": "Ringkasan", "anggota": "Anggota", "rekomendasi": "Rekomendasi",
               "peringkat": "Peringkat"},
    "members": "Anggota aktif",
    "members_split": "{internal} internal · {external} eksternal",
    # a screen whose kiosk token shows the correction list as counts only (pokja kiosk add --corrections counts)
    "correction_hidden": "Nama tidak ditampilkan di layar ini; rinciannya ada di dasbor.",
    "internal_rate": "Kehadiran internal",
    "external_rate": "Kehadiran eksternal",
    "rate_note": "hadir atau diwakili dari undangan",
    "standings": "Status partisipasi anggota",
    "completion": "Penyelesaian rekomendasi",
    "completion_note": "{done} Sesuai dari {counted} rekomendasi",
    "latest_rank": "Peringkat terakhir",
    "rank_value": "peringkat {rank} dari {field}",
    "rank_of": "dari {field}",
    "rank_note": "Evaluasi {label}",
    "no_rank": "belum ada hasil evaluasi",
    "top": "10 besar skor kontribusi",
    "col_rank": "#",
    "col_name": "Nama",
    "col_organization": "Instansi",
    "col_score": "Skor",
    "standing_notes": {"Berkontribusi": "apresiasi: ada kontribusi terverifikasi",
                       "Hadir Saja": "hadir, belum ada kontribusi", "Belum Berkontribusi": "perlu pembinaan",
                       "Belum Diundang": "belum diundang, dihitung terpisah"},
    "appreciation": "Apresiasi: {n} anggota",
    "correction": "Perlu pembinaan: {n} anggota",
    "more": "dan {n} lainnya",
    "nobody": "Tidak ada",
    "no_members": "Belum ada data anggota aktif.",
    "per_evaluation": "Penyelesaian per evaluasi",
    "evaluation_row": "{done} Sesuai dari {counted} · {overdue} terlambat",
    "status_counts": "Jumlah per status tindak lanjut",
    "overdue": "Terlambat",
    "overdue_note": "melewati target, belum Sesuai",
    "readiness": "Kesiapan evaluasi",
    "readiness_note": "{ready} dari {counted} berdata dukung terkini · {bare} Sesuai tanpa data dukung",
    "no_recommendations": "Belum ada data rekomendasi.",
    "rank_chart": "Peringkat Kota Balikpapan per evaluasi (1 = terbaik)",
    "rank_axis": "Peringkat",
    "rank_label": "{rank} dari {field}",
    "no_evaluations": "Belum ada data evaluasi.",
}

# page: unduhan
UNDUHAN = {
    "name": "Unduhan",
    "title": "Unduhan Rekap Mingguan",
    "lead": "Angka setiap minggu yang sudah dibekukan, untuk rapat dan laporan: unduh sebagai Excel atau CSV.",
    "week": "Minggu",
    "period": "Periode",
    "frozen": "Dibekukan",
    "files": "Berkas",
    "none": ("Belum ada rekap mingguan yang dibekukan. Rekap dibekukan otomatis setiap Senin pukul 00.30 WITA; "
             "bila belum juga muncul, hubungi sekretariat atau admin dasbor."),
    "current": "Minggu berjalan: {week}",
    "current_help": "Ekspor angka minggu ini sekarang tanpa membekukannya; berkasnya ditandai 'sementara'.",
    "export_now": "Ekspor minggu ini (xlsx)",
    "list": "Rekap mingguan yang dibekukan",
}

# accounts: the login page, refusals, the big screen's token
AKSES = {
    "brand": "Dasbor Partisipasi Smart City · Kota Balikpapan",
    "login_title": "Masuk",
    "username": "Nama pengguna",
    "password": "Kata sandi",
    "login_button": "Masuk",
    "login_help": "Belum punya akun atau lupa kata sandi? Hubungi admin dasbor.",
    "login_failed": "Nama pengguna atau kata sandi salah, atau akun tidak aktif.",
    "login_throttled": "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit.",
    "form_expired": "Formulir sudah kedaluwarsa. Silakan coba lagi.",
    "logged_out": "Anda telah keluar.",
    "session_ended": "Sesi Anda berakhir. Silakan masuk kembali.",
    "logout_title": "Keluar",
    "logout_question": "Keluar dari dasbor?",
    "logout_button": "Keluar",
    "signed_in_as": "Masuk sebagai",
    "forbidden_title": "Tidak berhak",
    "forbidden": "Anda tidak berhak membuka halaman ini. Hubungi admin dasbor bila Anda memerlukannya.",
    "forbidden_call": "Anda tidak berhak melakukan tindakan ini.",
    "bad_call": "Permintaan tidak sesuai dengan halaman. Muat ulang halaman lalu coba lagi.",
    "request_too_large": "Permintaan terlalu besar ({kb} KB); batasnya {limit_kb} KB.",
    "back_home": "Kembali ke Ringkasan",
    "kiosk_title": "Tautan layar tidak berlaku",
    "kiosk_invalid": "Tautan layar ini tidak berlaku atau sudah dicabut. Minta admin dasbor membuat token layar "
                     "baru (perintah `pokja kiosk add NAMA`).",
    "kiosk_throttled": "Terlalu banyak tautan layar yang tidak berlaku dari alamat ini. Coba lagi nanti.",
    "demo_account": "Akun demo dibuat: nama pengguna '{username}', kata sandi '{password}' (peran admin). Kata "
                    "sandi ini hanya ditampilkan sekali; gantilah dengan `pokja user passwd {username}`.",
}

# page: admin
ADMIN = {
    "tab_profiles": "Profil Pemetaan",
    "prof_title": "Profil pemetaan kolom",
    "prof_help": ("Cara membaca tata letak berkas yang sudah dikonfirmasi (misalnya \"format Bappeda\"): dipakai "
                  "otomatis untuk berkas berikutnya dengan judul kolom yang sama. Hapus profil yang salah; berkas "
                  "berikutnya lalu dibaca seperti biasa."),
    "prof_col_name": "Nama profil",
    "prof_col_kind": "Isi",
    "prof_col_columns": "Kolom",
    "prof_col_by": "Dibuat oleh",
    "prof_col_at": "Waktu (WITA)",
    "prof_pick": "Pilih profil...",
    "prof_delete": "Hapus profil",
    "prof_deleted": "Profil '{name}' dihapus ({n} tata letak).",
    "prof_missing": "Profil '{name}' tidak ditemukan (mungkin sudah dihapus).",
    "name": "Administrasi",
    "title": "Administrasi",
    "lead": ("Bobot skor, aturan status partisipasi, data referensi, pengguna dan jejak audit. Setiap perubahan "
             "tercatat di jejak audit (siapa, apa, dari alamat mana)."),
    "tab_rules": "Bobot & Aturan Status",
    "tab_reference": "Data Referensi",
    "tab_users": "Pengguna",
    "tab_audit": "Jejak Audit",
    "tab_directory": "Instansi & Anggota Ganda",
    "tab_letters": "Surat & Data Dukung",
    "dir_orgs_title": "Direktori instansi",
    "dir_orgs_help": ("Setiap Instansi dalam berkas dicocokkan dengan nama dan alias di sini (Diskominfo = Dinas "
                      "Komunikasi dan Informatika). Unsur instansi dipakai untuk anggota baru yang kolom Unsur-nya "
                      "kosong. Ganti nama menyimpan nama lama sebagai alias."),
    "dir_col_members": "Anggota",
    "dir_col_sector": "Unsur",
    "dir_pick_org": "Pilih instansi...",
    "dir_text": "Alias atau nama baru",
    "dir_add_alias": "Tambah alias",
    "dir_rename": "Ganti nama",
    "dir_set_sector": "Simpan unsur",
    "dir_no_sector": "(tidak diketahui)",
    "dir_pick_target": "Gabungkan ke instansi...",
    "dir_merge_orgs": "Gabungkan instansi",
    "dir_dupes_title": "Anggota yang tampaknya ganda",
    "dir_dupes_help": ("Pasangan anggota dengan nama yang sama, atau nama mirip di instansi yang sama. Menggabungkan "
                       "memindahkan semua kehadiran dan kontribusi ke anggota yang dipertahankan; nama dan kode anggota "
                       "yang digabung menjadi aliasnya. Penggabungan tercatat di riwayat unggahan dan dapat dibatalkan "
                       "di halaman Unggah Rekap."),
    "dir_col_keep": "Dipertahankan",
    "dir_col_drop": "Digabung",
    "dir_col_why": "Alasan",
    "dir_keep": "Dipertahankan (#ID atau kode)",
    "dir_drop": "Digabung (#ID atau kode)",
    "dir_merge_members": "Gabungkan anggota",
    "dir_merged": ("Anggota {drop} digabung ke {keep} (entri #{id} di riwayat unggahan): {attendance} kehadiran dan "
                   "{contributions} kontribusi dipindahkan, {dropped} catatan ganda dilepas."),
    "dir_orgs_merged": "Instansi {drop} digabung ke {keep} (entri #{id} di riwayat unggahan): {members} anggota dipindahkan.",
    "tab_kiosk": "Layar Kios",
    # kiosk tokens (the big screen without an account)
    "kiosk_title": "Token layar kios",
    "kiosk_help": ("Layar besar di ruang rapat membuka /layar dengan token, tanpa akun. Token hanya ditampilkan "
                   "sekali saat dibuat; bila hilang, cabut lalu buat yang baru. Token yang dicabut berhenti berlaku "
                   "pada permintaan berikutnya dari layar itu."),
    "kiosk_add_title": "Buat token baru",
    "kiosk_name": "Nama layar (mis. Ruang Rapat Wali Kota)",
    "kiosk_add": "Buat token",
    "kiosk_revoke_title": "Cabut token",
    "kiosk_pick": "Pilih token aktif",
    "kiosk_revoke": "Cabut",
    "kiosk_created": ("Token untuk \"{name}\" dibuat. Buka alamat ini di komputer layar (hanya ditampilkan sekali, "
                      "simpan sekarang):"),
    "kiosk_revoked": "Token #{id} dicabut; layar itu berhenti pada permintaan berikutnya.",
    "kiosk_need_pick": "Pilih token yang akan dicabut.",
    "col_screen": "Layar",
    "col_created_by": "Dibuat oleh",
    "col_last_used": "Terakhir dipakai",
    "col_status": "Status",
    "kiosk_corrections": "Daftar pembinaan di layar ini",
    "kiosk_corrections_help": ("Layar di tempat umum (lobi) tanpa akun: pilih \"jumlah saja\" agar nama anggota "
                               "yang perlu pembinaan tidak tampil."),
    "kiosk_correction_modes": {"names": "nama", "counts": "jumlah saja"},
    "col_corrections": "Daftar pembinaan",
    "kiosk_active": "aktif",
    "kiosk_revoked_status": "dicabut",
    # scoring rules
    "attendance_title": "Bobot kehadiran",
    "attendance_help": "Poin per kegiatan menurut status kehadiran.",
    "contribution_title": "Bobot kontribusi",
    "contribution_help": "Poin per kontribusi terverifikasi menurut jenisnya.",
    "standing_title": "Aturan status partisipasi",
    "standing_help": ("Status dinilai berurutan: Berkontribusi bila kontribusi terverifikasi mencapai batasnya; "
                      "bila tidak, Belum Diundang bila tidak ada undangan dan tidak ada kontribusi terverifikasi "
                      "pada periode itu (tidak masuk daftar pembinaan); bila tidak, Hadir Saja bila kehadiran "
                      "(hadir atau diwakili) mencapai batasnya; selain itu Belum Berkontribusi."),
    "min_contributions": "Berkontribusi (minimal kontribusi terverifikasi)",
    "min_attended": "Hadir Saja (minimal kehadiran)",
    "points": "poin",
    "times": "kali",
    "save_rules": "Simpan dan hitung ulang skor",
    "saving": "Menyimpan dan menghitung ulang...",
    "rules_hint": "Angka boleh desimal dengan koma, misalnya 1,5. Skor semua halaman langsung dihitung ulang.",
    "not_a_number": "{label}: '{value}' bukan angka. Contoh yang diterima: 2 atau 1,5.",
    "empty_number": "{label}: isi dengan angka.",
    "negative": "{label}: tidak boleh negatif.",
    "too_large": "{label}: paling besar {max}.",
    "whole_number": "{label}: harus bilangan bulat, paling sedikit 1.",
    "rules_invalid": "Tidak ada yang disimpan: periksa isian yang ditandai merah.",
    "rules_unchanged": "Tidak ada yang berubah; tidak ada yang disimpan.",
    "rules_saved": "Tersimpan: {n} nilai diubah. Skor dihitung ulang dengan aturan baru (versi data {version}).",
    "rules_effect": ("Sejak awal tahun: skor {scores} anggota berubah, status {standings} anggota berubah, "
                     "dari {members} anggota aktif."),
    "weight_detail": "{category} · {key}: {before} → {after}",
    "category": {"attendance": "Bobot kehadiran", "contribution": "Bobot kontribusi",
                 "standing": "Aturan status"},
    # reference data
    "dimension_title": "Dimensi smart city",
    "sector_title": "Unsur (pentahelix)",
    "dimension_kind": "Dimensi",
    "sector_kind": "Unsur",
    "reference_help": ("Nama lama tetap dikenali saat unggah (disimpan sebagai nama lain), jadi berkas rekap lama "
                       "tetap terbaca. Yang sudah dipakai data tidak dapat dihapus."),
    "col_name": "Nama",
    "col_aliases": "Nama lain (dikenali saat unggah)",
    "col_internal": "Internal",
    "col_kind": "Jenis",
    "col_uses": "Dipakai",
    "internal_yes": "internal",
    "internal_no": "eksternal",
    "cross_cutting": "lintas dimensi",
    "pick": "Pilih {kind} ...",
    "new_name": "Nama baru",
    "rename": "Ganti nama",
    "delete": "Hapus",
    "toggle_internal": "Ubah internal/eksternal",
    "add_title": "Tambah {kind}",
    "add_name": "Nama",
    "add_aliases": "Nama lain (pisahkan dengan koma, boleh kosong)",
    "add_internal": "Internal (unsur pemerintah)",
    "add": "Tambah",
    "pick_first": "Pilih {kind} lebih dulu.",
    "name_empty": "Nama {kind} tidak boleh kosong.",
    "name_too_long": "Nama paling panjang {n} karakter.",
    "same_name": "Nama baru sama dengan nama sekarang; tidak ada yang diubah.",
    "name_taken": "'{name}' sudah dipakai sebagai nama atau nama lain {kind} '{other}'.",
    "not_found": "{kind} tidak ditemukan (mungkin baru dihapus). Muat ulang halaman.",
    "in_use": "{kind} '{name}' dipakai oleh {uses}; tidak dapat dihapus.",
    "uses": {"members": "{n} anggota", "activities": "{n} kegiatan", "recommendations": "{n} rekomendasi",
             "evaluation_scores": "{n} nilai evaluasi"},
    "cross_cutting_fixed": "'{name}' adalah dimensi lintas bawaan; tidak dapat dihapus.",
    "renamed": "{kind} '{before}' diganti menjadi '{after}'. Nama lama tetap dikenali saat unggah.",
    "added": "{kind} '{name}' ditambahkan.",
    "deleted": "{kind} '{name}' dihapus.",
    "toggled": "Unsur '{name}' sekarang {now}.",
    "rename_detail": "{before} → {after}",
    "internal_detail": "{name}: {before} → {after}",
    # users
    "users_title": "Daftar pengguna",
    "col_username": "Nama pengguna",
    "col_role": "Peran",
    "col_active": "Status",
    "col_last_login": "Masuk terakhir (WITA)",
    "col_created": "Dibuat (WITA)",
    "active_yes": "aktif",
    "active_no": "nonaktif",
    "never": "belum pernah",
    "roles": {"pimpinan": "Pimpinan", "sekretariat": "Sekretariat", "admin": "Admin"},
    "user_add_title": "Tambah pengguna",
    "user_manage_title": "Kelola pengguna",
    "username": "Nama pengguna (huruf kecil)",
    "password": "Kata sandi awal (minimal {n} karakter)",
    "password_again": "Ulangi kata sandi",
    "new_password": "Kata sandi baru (minimal {n} karakter)",
    "user_add": "Tambah pengguna",
    "pick_user": "Pilih pengguna ...",
    "set_role": "Ubah peran",
    "disable": "Nonaktifkan",
    "enable": "Aktifkan",
    "reset_password": "Atur ulang kata sandi",
    "passwords_differ": "Kedua kata sandi tidak sama.",
    "pick_user_first": "Pilih pengguna lebih dulu.",
    "last_admin": "Harus tetap ada minimal satu admin aktif; '{name}' adalah admin aktif terakhir.",
    "not_yourself": "Anda tidak dapat menonaktifkan akun Anda sendiri atau mengubah peran Anda sendiri.",
    "user_added": "Pengguna '{name}' ({role}) ditambahkan.",
    "role_set": "Peran '{name}' sekarang {role}.",
    "user_disabled": "Pengguna '{name}' dinonaktifkan; ia tidak dapat masuk lagi.",
    "user_enabled": "Pengguna '{name}' diaktifkan kembali.",
    "password_reset": "Kata sandi '{name}' diatur ulang.",
    # audit trail
    "audit_help": "Hanya baca: jejak audit tidak dapat diubah dari dasbor. Terbaru di atas.",
    "filter_kind": "Jenis tindakan",
    "filter_actor": "Pengguna",
    "filter_dates": "Tanggal (WITA)",
    "all_kinds": "Semua jenis",
    "all_actors": "Semua pengguna",
    "col_at": "Waktu (WITA)",
    "col_actor": "Oleh",
    "col_action": "Tindakan",
    "col_detail": "Rincian",
    "col_address": "Alamat",
    "audit_count": "{total} catatan · halaman {page} dari {pages}",
    "kinds": {"upload": "Unggahan", "login": "Masuk", "user": "Pengguna", "scoring": "Bobot & aturan",
              "reference": "Data referensi", "snapshot": "Snapshot", "evidence": "Data dukung",
              "letters": "Surat"},
    "actions": {
        "upload.commit": "Unggahan disimpan", "upload.rejected": "Unggahan ditolak (kesalahan)",
        "upload.refused": "Unggahan ditolak (berkas)", "upload.undo": "Unggahan dibatalkan",
        "member.merge": "Anggota digabung", "org.merge": "Instansi digabung", "org.alias": "Alias instansi ditambah",
        "org.rename": "Instansi diganti nama", "org.sector": "Unsur instansi diubah",
        "login.success": "Masuk berhasil", "login.failure": "Masuk gagal",
        "user.add": "Pengguna ditambahkan", "user.passwd": "Kata sandi diubah", "user.disable": "Pengguna dinonaktifkan",
        "user.enable": "Pengguna diaktifkan", "user.role": "Peran diubah",
        "weight.change": "Bobot diubah", "standing.change": "Aturan status diubah",
        "dimension.add": "Dimensi ditambahkan", "dimension.rename": "Dimensi diganti nama",
        "dimension.delete": "Dimensi dihapus",
        "sector.add": "Unsur ditambahkan", "sector.rename": "Unsur diganti nama", "sector.delete": "Unsur dihapus",
        "sector.internal": "Unsur internal/eksternal diubah",
        "snapshot.create": "Snapshot dibuat", "snapshot.replace": "Snapshot diganti",
        "evidence.add": "Data dukung ditambahkan", "evidence.remove": "Data dukung dihapus",
        "evidence.link": "Kontribusi ditautkan ke data dukung", "org.head": "Kepala instansi diubah",
        "evidence.cutoff": "Batas tanggal data dukung diubah", "letters.generate": "Surat dibuat", "letters.settings": "Pengaturan surat diubah",
    },
}

# evidence (data dukung) on /rekomendasi: dashboard/components/evidence_panel.py
EVIDENCE = {
    "title": "Data dukung per rekomendasi",
    "help": ("Data dukung adalah berkas atau tautan yang dilampirkan. Angka Data Dukung di sheet Rekomendasi adalah "
             "klaim rekap dan tidak dihitung sebagai data dukung."),
    "pick": "Pilih rekomendasi",
    "option": "{code} · {text}",
    "summary": "{code}: {n} data dukung terlampir · klaim rekap: {claim}",
    "claim_none": "tidak diisi",
    "none": "Belum ada data dukung terlampir untuk rekomendasi ini.",
    "kind_file": "Berkas", "kind_link": "Tautan",
    "download": "Unduh", "open": "Buka", "remove": "Hapus",
    "add_title": "Lampirkan data dukung (sekretariat)",
    "field_title": "Judul", "field_date": "Tanggal data dukung", "field_by": "Diserahkan oleh (anggota/instansi)",
    "field_link": "atau tautan (https://...)",
    "drop": "Seret berkas ke sini atau klik untuk memilih (PDF, gambar, .docx/.xlsx/.pptx, ODF; tanpa makro; "
            "paling besar 20 MB)",
    "chosen": "Berkas dipilih: {name}",
    "attach": "Lampirkan",
    "need_source": "Pilih satu berkas atau isi satu tautan (tidak keduanya).",
    "bad_date": "Tanggal harus berbentuk YYYY-MM-DD.",
    "added": "Data dukung #{id} ditambahkan ke {code}: {title}.",
    "removed": "Data dukung #{id} dihapus (entri log #{entry}).",
    "undo": "Batalkan penghapusan",
    "undone": "Penghapusan dibatalkan; data dukung kembali.",
    "index": "Indeks data dukung (xlsx)",
    "zip": "Zip data dukung rekomendasi ini",
    "readonly": "Hanya sekretariat yang dapat melampirkan atau menghapus data dukung.",
    "index_columns": {"sheet": "Indeks Data Dukung", "code": "Kode", "source": "Sumber", "status": "Status",
                      "title": "Judul", "date": "Tanggal", "kind": "Jenis", "by": "Dari", "where": "Berkas/Tautan",
                      "sha256": "SHA-256"},
    "per_pic": "Kesiapan per PIC",
    "col_pic": "PIC", "col_ready": "Siap", "col_readiness": "Kesiapan", "ready_of": "{ready} dari {total}",
    "stale_list": "Data dukung lebih lama dari batas: {codes}",
    "bare_list": "Sesuai tanpa data dukung (asesor tidak akan menerimanya): {codes}",
}

# letters: piagam penghargaan and surat pembinaan (dashboard/letters.py); the text of the letters themselves
LETTERS = {
    "kinds": {"piagam": "Piagam Penghargaan", "pembinaan": "Surat Pembinaan"},
    "week_label": "minggu {week} ({start} s.d. {end})",
    "period_label": "periode {start} s.d. {end}",
    "piagam_title": "PIAGAM PENGHARGAAN",
    "number": "Nomor: {number}",
    "given_to": "diberikan kepada",
    "piagam_body": ("sebagai anggota Tim Pelaksana Smart City Kota Balikpapan yang berkontribusi aktif pada {period} "
                    "dengan skor kontribusi {score}. Semoga dedikasi dan kerja samanya terus terjaga demi "
                    "terwujudnya Balikpapan sebagai kota cerdas."),
    "place_date": "{place}, {date}",
    "head_of": "Kepala {organization}",
    "to": "Yth. {recipient}",
    "at": "di tempat",
    "letter_fields": (("Nomor", "{number}"), ("Sifat", "Biasa"), ("Lampiran", "-"),
                      ("Hal", "Pembinaan Partisipasi Anggota Tim Pelaksana Smart City")),
    "pembinaan_opening": ("Berdasarkan rekap kehadiran dan kontribusi Tim Pelaksana Smart City Kota Balikpapan pada "
                          "{period}, anggota dari {organization} berikut telah diundang dalam kegiatan tim, tetapi "
                          "belum hadir dan belum menyampaikan kontribusi:"),
    "pembinaan_closing": ("Sehubungan dengan hal tersebut, mohon kiranya Bapak/Ibu berkenan melakukan pembinaan agar "
                          "anggota yang bersangkutan dapat berpartisipasi aktif dalam kegiatan Tim Pelaksana Smart "
                          "City pada periode berikutnya. Atas perhatian dan kerja samanya, kami ucapkan terima "
                          "kasih."),
    "nip": "NIP. {nip}",
    # refusals and settings
    "no_recipients": {"piagam": "Tidak ada anggota berstatus Berkontribusi dengan skor paling sedikit {min} pada {period}.",
                      "pembinaan": "Tidak ada anggota yang diundang tetapi belum hadir dan belum berkontribusi pada "
                                   "{period}."},
    "bad_kind": "Jenis surat harus piagam atau pembinaan, bukan {kind!r}.",
    "bad_period": "Pilih satu minggu (2026-W49) atau periode dengan tanggal awal dan akhir (awal tidak setelah akhir).",
    "bad_format": ("Format nomor surat {fmt!r} tidak sah: harus memuat {{seq}} dan hanya boleh memakai {{seq}} dan "
                   "{{year}} (contoh {{seq:03d}}/SC-PIAGAM/{{year}})."),
    "bad_setting": "Pengaturan surat {key!r} tidak dikenal. Yang dapat diubah: {keys}.",
    "too_long": "Isian {key!r} terlalu panjang (paling panjang {limit} karakter).",
    "saved": "Pengaturan surat disimpan.",
    "head_set": "Kepala {organization} diisi: {name}.",
    # the /admin tab "Surat & Data Dukung"
    "settings_title": "Pengaturan surat",
    "settings_help": ("Kop surat, tempat, dan penanda tangan untuk piagam penghargaan dan surat pembinaan. Format nomor "
                      "memakai {seq} (nomor urut tahunan, tidak pernah berulang) dan {year}, misalnya "
                      "{seq:03d}/SC-PIAGAM/{year}."),
    "field_letterhead": "Kop surat (satu baris per baris)",
    "field_place": "Tempat",
    "field_signatory_name": "Nama penanda tangan",
    "field_signatory_position": "Jabatan penanda tangan",
    "field_signatory_nip": "NIP penanda tangan",
    "field_number_format_piagam": "Format nomor piagam",
    "field_number_format_pembinaan": "Format nomor surat pembinaan",
    "save": "Simpan",
    "heads_title": "Kepala instansi",
    "heads_help": ("Surat pembinaan ditujukan kepada nama kepala instansi bila diisi; bila kosong, kepada 'Kepala "
                   "<instansi>'."),
    "pick_org": "Pilih instansi",
    "head_name": "Nama kepala (kosongkan untuk menghapus)",
    "org_option": "{name} — {head}",
    "cutoff_title": "Batas tanggal data dukung",
    "cutoff_help": ("Data dukung bertanggal pada atau setelah tanggal ini yang dihitung siap untuk evaluasi. Kosongkan "
                    "untuk kembali ke 1 Januari tahun berjalan."),
    "cutoff_saved": "Batas tanggal data dukung: {date}.",
    # /unduhan: the letters section
    "unduhan_title": "Surat penghargaan dan pembinaan",
    "unduhan_help": ("Piagam untuk anggota berstatus Berkontribusi dengan skor paling sedikit batas skor; surat pembinaan "
                     "kepada kepala instansi yang anggotanya diundang tetapi belum hadir dan belum berkontribusi. "
                     "Minggu yang sudah dibekukan dibaca dari rekap mingguannya."),
    "choose_week": "Minggu", "choose_period": "Periode", "field_kind": "Jenis surat", "field_min_score": "Skor minimal",
    "generate": "Buat surat (DOCX dan PDF)",
    "generated": "{n} surat dibuat (batch #{batch}). Unduh zip-nya di daftar di bawah.",
    "readonly": "Surat dibuat oleh sekretariat; pimpinan dapat mengunduh batch yang sudah dibuat.",
    "batches": "Batch surat",
    "no_batches": "Belum ada surat yang dibuat.",
    "batch_row": "#{id} {kind} · {period} · {letters} surat · oleh {by}, {at}",
    "download_zip": "Unduh zip",
    "head_cleared": "Kepala {organization} dikosongkan; surat ditujukan kepada 'Kepala {organization}'.",
}

# the data's own words as the pages show them (standings, statuses, kinds, unsur, roles): stored, exported and
# printed by the CLI in Indonesian; a page shows them through ``i18n.gettext`` (English from the catalog)
VALUES = {v: v for v in (
    "Berkontribusi", "Hadir Saja", "Belum Berkontribusi", "Belum Diundang",
    "Sesuai", "Belum Sesuai", "Belum Ditindaklanjuti", "Tidak Dapat Ditindaklanjuti",
    "Hadir", "Diwakili", "Izin", "Tidak Hadir", "Tidak Diundang",
    "Terverifikasi", "Menunggu", "Ditolak",
    "Tindak Lanjut Rekomendasi", "Data Dukung", "Paparan (Narasumber)", "Usulan Program", "Laporan", "Publikasi",
    "Lainnya", "Rapat", "FGD", "Bimtek", "Sosialisasi", "Evaluasi", "Kunjungan",
    "Pemerintah", "Akademisi", "Swasta", "Komunitas", "Masyarakat", "Media", "Lintas Dimensi",
    "Pengarah", "Ketua", "Wakil Ketua", "Sekretaris", "Anggota", "Narasumber",
)}

# The loaders' messages: errors, skips and notices of an upload (with sheet, Excel row and column), refusals of an
# undo. Kept in the upload log and in the error workbook, read by the CLI and by /unggah: Indonesian, not translated.
LOADER = {
    # loaders/ingest.py
    "unclear_sheet": ("Sheet '{name}' tampak berisi data, tetapi jenisnya tidak jelas (dugaan: {guesses}). Tentukan "
                      "jenisnya di langkah pemetaan kolom, atau ganti nama sheet dengan nama di templat."),
    "mapped_sheet_missing": "Pemetaan menyebut sheet '{name}', tetapi berkas ini tidak punya sheet dengan nama itu.",
    "no_known_sheet": ("Tidak ada sheet yang dikenali. Nama sheet yang diterima: {accepted} (atau nama lainnya, lihat "
                       "Petunjuk di templat)."),
    "demo_refused": ("Data demo masih dimuat. Unggahan data sebenarnya harus memilih: --replace-demo (data demo dan "
                     "snapshot mingguannya dihapus dalam transaksi yang sama dengan unggahan ini) atau --keep-demo "
                     "(data demo tetap ada, terpisah: nama yang sama dengan anggota demo tidak dianggap cocok)."),
    "demo_removed_audit": "data demo dihapus bersama unggahan baru: {n} baris",
    "undo_not_found": "Unggahan #{id} tidak ditemukan.",
    "undo_already": "Unggahan #{id} sudah dibatalkan sebelumnya.",
    "undo_nothing_stored": "Unggahan #{id} tidak menyimpan data apa pun (status: {outcome}).",
    "undo_changed_later": ("Unggahan #{id} tidak dapat dibatalkan karena sebagian datanya sudah diubah oleh unggahan "
                           "yang lebih baru ({later}). Batalkan unggahan itu terlebih dahulu."),
    "undo_used_later": ("Unggahan #{id} tidak dapat dibatalkan: data yang ditambahkannya sudah dipakai oleh unggahan "
                        "lain (misalnya kehadiran atau kontribusi anggota baru). Batalkan unggahan yang lebih baru "
                        "terlebih dahulu."),
    "undo_audit": "#{id} {filename}: {deleted} dihapus, {restored} dikembalikan",
    # loaders/inflight.py: an upload's state in the log while it runs or after it stopped
    "processing": "Sedang diproses.",
    "interrupted": ("Unggahan terputus sebelum selesai (proses pemuat berhenti). Tidak ada data dari berkas ini yang "
                    "tersimpan; unggah ulang berkasnya."),
    "failed": ("Unggahan terhenti karena galat di server ({error}). Tidak ada data dari berkas ini yang tersimpan; "
               "unggah ulang berkasnya, dan bila terulang hubungi admin."),
    # loaders/error_groups.py: a sheet where most rows fail
    "suspect_column": " di kolom '{column}'",
    "suspect_worst": " Kesalahan terbanyak ({count} kali){where}: {message}",
    "suspect_sheet": ("Sheet '{sheet}': {failed} dari {total} baris gagal. Pembacaan sheet ini tampaknya salah (baris "
                      "judul, jenis sheet, atau arti kolomnya); periksa pemetaannya sebelum memperbaiki baris satu per "
                      "satu.{worst}"),
    # loaders/profiles.py
    "profile_no_header": "Sheet '{sheet}': baris judul kolom {rows} tidak berisi judul, profil tidak disimpan.",
    "profile_audit": "{name}: sheet '{sheet}' ({kind})",
    # loaders/names.py: a --decide answer
    "answer_shape": "Keputusan harus berbentuk ID=REF (misalnya \"Anggota!5=#12\"), bukan {text!r}.",
    "answer_id_shape": "ID keputusan harus berbentuk SHEET!BARIS (misalnya \"Anggota!5\"), bukan {ident!r}.",
    # loaders/parse.py: a sheet's header, its required columns, its cells and the rows it skips
    "lost_precision": ("Kode ini disimpan Excel sebagai angka dan digit terakhirnya sudah hilang (Excel hanya "
                       "menyimpan 15 digit), jadi tidak dipakai sebagai kode. Format kolom kode sebagai Teks lalu "
                       "ketik ulang kodenya."),
    "skip_nip": "baris NIP digabung",
    "skip_headings": "judul unit dilewati",
    "skip_numbering": "baris bernomor kosong dilewati",
    "skip_totals": "baris jumlah dilewati",
    "skip_after_gap": "baris setelah tabel dilewati (tanda tangan atau tabel lain)",
    "skip_stray_nip": "baris NIP tanpa nama dilewati",
    "unit_people": "orang",
    "unit_rows": "baris",
    "no_header": ("Baris judul kolom tidak ditemukan di {n} baris pertama. Judul kolom yang dikenal untuk sheet "
                  "{sheet}: {known}."),
    "mapped_column_unknown": ("Pemetaan kolom '{text}': '{target}' bukan kolom sheet {sheet}. Kolom yang dikenal: "
                              "{known}."),
    "mapped_title_unknown": "Pemetaan judul sheet: '{label}' bukan kolom sheet {sheet}.",
    "totals_row": "Baris jumlah/total dilewati.",
    "required_cell": "Kolom {label} wajib diisi.",
    "unknown_attendance": ("'{value}' bukan kode kehadiran yang dikenal. Nilai yang diterima: {accepted} (atau H, v, "
                           "✓, W, I, S, T, -, x)."),
    "attendance_needs_member": "Kolom Kode Anggota atau Nama wajib ada di sheet kehadiran.",
    "attendance_needs_activity": ("Kolom Kode Kegiatan (atau Tanggal dan Nama Kegiatan) wajib ada di sheet kehadiran "
                                  "bentuk panjang."),
    "attendance_no_columns": "Sheet kehadiran tidak berisi kolom Kehadiran maupun kolom kegiatan (kode atau tanggal).",
    "contributions_needs_member": "Kolom Kode Anggota atau Nama wajib ada di sheet kontribusi.",
    "required_column": "Kolom wajib {column} tidak ditemukan (nama yang diterima: {names}).",
    "numbered_blank_row": "Baris hanya berisi nomor (baris kosong bernomor), dilewati.",
    "unit_heading": "Satu teks sendirian di baris ini dianggap judul unit, dilewati.",
    "stray_nip": "Baris NIP tanpa nama di atasnya, dilewati.",
    "after_gap": ("Tabel berakhir di baris kosong sebelum baris {first}; baris {first}-{last} ({n} baris berisi: blok "
                  "tanda tangan atau tabel lain) dilewati."),
    "nip_differs": "NIP di baris ini berbeda dengan kode di baris {row}; kode di baris {row} yang dipakai.",
    "tick_none": "tidak ada yang ditandai",
    "tick_many": "{n} ditandai ({marked})",
    "tick_one": "Tandai tepat satu kolom {label} ({choices}); di baris ini {how}.",
    "date_order_mixed": ("Kolom {label} mencampur urutan tanggal: '{a}' (baris {ra}) hanya bisa hari-bulan, '{b}' "
                         "(baris {rb}) hanya bisa bulan-hari. Samakan urutannya di seluruh kolom (sebaiknya "
                         "13/05/2023)."),
    # loaders/resolve.py: rows matched to what the file and the database hold
    # a real row that would be written into a demo row, while the demo is kept beside the real data
    "demo_row": ("{what} {label} adalah data demo, yang dibiarkan terpisah dari data sebenarnya. Pakai kode atau nama "
                 "lain, atau hapus data demo bersama unggahan ini (Ganti data demo di /unggah, --replace-demo di baris "
                 "perintah)."),
    "member_duplicates": {
        "same_key": "Anggota dengan Nama dan Instansi yang sama sudah ada di baris {row}.",
        "same_code": "Kode Anggota {code} sudah dipakai di baris {row}.",
        "code_conflict": "Nama dan Instansi ini sudah tersimpan untuk anggota dengan kode lain. Periksa Kode Anggota.",
        "demo_code": ("Kode Anggota {code} dipakai anggota data demo, yang dibiarkan terpisah dari data sebenarnya. "
                      "Pakai kode lain, atau hapus data demo bersama unggahan ini (Ganti data demo di /unggah, "
                      "--replace-demo di baris perintah)."),
    },
    "activity_duplicates": {
        "same_key": "Kegiatan dengan Tanggal dan Nama yang sama sudah ada di baris {row}.",
        "same_code": "Kode Kegiatan {code} sudah dipakai di baris {row}.",
        "code_conflict": "Tanggal dan Nama Kegiatan ini sudah tersimpan untuk kegiatan dengan kode lain.",
    },
    "decision_unasked": ("Keputusan untuk {id} tidak diminta oleh berkas ini (tidak ada pertanyaan dengan ID itu). "
                         "Periksa ID-nya pada pratinjau."),
    "sector_inferred": ("Unsur '{name}' diisi {sector} dari nama instansinya (tebakan kata kunci). Periksa; isi kolom "
                        "Unsur bila salah."),
    "new_member_sector": ("Unsur anggota baru '{name}' tidak diketahui: jawab keputusan {id} dengan new:UNSUR "
                          "(misalnya new:Akademisi)."),
    "guest_not_here": "Keputusan {id}: 'guest' (tamu) hanya untuk daftar hadir rapat, bukan sheet {sheet}.",
    "decision_error": "Keputusan {id}: {error}",
    "not_a_member": ("Keputusan {id}: '{text}' bukan anggota tersimpan. Jawab dengan ref kandidat (misalnya #12), "
                     "kodenya, new, new:UNSUR atau guest."),
    "organization_unknown": "'{organization}' tidak dikenal",
    "organization_empty": "Instansi kosong",
    "matched_by_name": ("'{name}' dicocokkan lewat nama saja ({where}) dengan anggota {member} ({organization}), "
                        "satu-satunya anggota bernama itu."),
    "recommendation_code_used": "Kode rekomendasi {code} sudah dipakai di baris {row}.",
    "year_missing": "Tahun tidak diisi dan tidak dapat diambil dari Sumber. Isi kolom Tahun.",
    "evaluation_twice": "Evaluasi tahun {year} tahap {stage} sudah ada di baris {row}.",
    "new_member_organization": "Anggota baru '{name}' perlu Instansi: isi kolom Instansi pada baris ini.",
    "member_code_unknown": "Kode Anggota {code} tidak ada di sheet Anggota maupun data tersimpan.",
    "member_missing": "Isi Kode Anggota atau Nama anggota.",
    "member_from": " dari {organization}",
    "member_near": " Mungkin maksudnya '{name}' di sheet Anggota?",
    "member_unknown": "Anggota '{name}'{where} tidak ada di sheet Anggota maupun data tersimpan. Periksa ejaan nama.{near}",
    "activity_code_unknown": "Kegiatan berkode {code} tidak ada di sheet Kegiatan maupun data tersimpan.",
    "activity_unknown": "Kegiatan '{name}' pada {day:%d/%m/%Y} tidak ada di sheet Kegiatan maupun data tersimpan.",
    "no_activity_on": "Tidak ada kegiatan pada tanggal {day:%d/%m/%Y}.",
    "activities_on": "Ada {n} kegiatan pada tanggal {day:%d/%m/%Y}; tulis juga nama atau kode kegiatannya.",
    "activity_missing": "Isi Kode Kegiatan, atau Tanggal dan Nama Kegiatan.",
    "same_or_new": "Keputusan {id}: jawab same (kegiatan yang sama dengan '{name}') atau new (kegiatan lain).",
    "activity_from_list": "Kegiatan baru dibuat dari daftar hadir: '{name}' pada {day:%d/%m/%Y}.",
    "group_unknown": ("Kelompok kerja '{group}' yang diundang (di judul sheet) tidak dikenal. Tulis namanya seperti di "
                      "kolom Kelompok Kerja sheet Anggota."),
    "attendance_twice": "Kehadiran anggota ini pada kegiatan yang sama sudah tercatat di baris {row}.",
    "presence_only": ("Hanya kehadiran yang dicatat: judul sheet tidak menyebut siapa yang diundang (Peserta, "
                      "Undangan, Kelompok Kerja, Pokja atau Tim), jadi anggota yang tidak ada di daftar ini tidak "
                      "dicatat tidak hadir dan tidak mengurangi nilainya."),
    "recommendation_unknown": "Kode rekomendasi {code} tidak ada di sheet Rekomendasi maupun data tersimpan.",
    "contribution_code_used": "Kode Kontribusi {code} sudah dipakai di baris {row}.",
    "contribution_twice": ("Kontribusi yang sama (tanggal, anggota, jenis, uraian) sudah ada di baris {row}. Beri Kode "
                           "Kontribusi bila keduanya memang berbeda."),
    # loaders/inspect.py: `pokja inspect` and the mapping file of `pokja load --mapping`
    "inspect_unclear": "tidak jelas / diabaikan",
    "inspect_sheet": "Sheet '{sheet}': {kind} (keyakinan {confidence:.0%}), bentuk {shape}",
    "inspect_header_rows": "  Baris judul kolom: {rows}",
    "inspect_title_field": "  Dari judul sheet: {label} = {value}",
    "inspect_invited": "  Diundang: {groups}",
    "inspect_column": "  Kolom {letter} '{header}' -> {target}",
    "inspect_ignored": "(diabaikan)",
    "mapping_not_list": ("Berkas pemetaan harus berisi daftar (list) objek, satu per sheet, seperti keluaran "
                         "`pokja inspect FILE --json`."),
    "mapping_no_sheet": "Objek ke-{n} di berkas pemetaan tidak punya \"sheet\" (nama sheet).",
    "mapping_kind": ("Sheet '{sheet}': \"kind\" {kind!r} tidak dikenal; pilih salah satu dari {kinds} atau null "
                     "(sheet diabaikan)."),
    "mapping_header_rows": ("Sheet '{sheet}': \"header_rows\" harus 1 sampai 3 nomor baris Excel berurutan, "
                            "misalnya [5, 6]."),
    "mapping_column": ("Sheet '{sheet}': kolom {letter!r} harus huruf kolom Excel dengan objek "
                       "{{\"header\", \"maps_to\"}}."),
    "mapping_maps_to": "Sheet '{sheet}' kolom {letter}: \"maps_to\" harus teks atau null.",
}

# The weekly recap workbook and its CSVs (dashboard/snapshots.py): an Indonesian document whatever the page's
# language, like the letters: not translated.
SNAPSHOT_EXPORT = {
    "title": "Rekap Mingguan Pokja Smart City Kota Balikpapan {week}",
    "provisional": " (sementara)",
    "not_found": "Belum ada snapshot untuk minggu {week}.",
    "sheets": {"summary": "Ringkasan", "members": "Peringkat Anggota", "appreciation": "Apresiasi",
               "correction": "Koreksi", "recommendations": "Rekomendasi", "trend": "Tren", "changes": "Perubahan"},
    "summary": {"week": "Minggu", "members": "Anggota aktif", "internal_members": "Anggota internal",
                "external_members": "Anggota eksternal", "week_internal": "Kehadiran internal minggu ini",
                "week_external": "Kehadiran eksternal minggu ini",
                "ytd_internal": "Kehadiran internal sejak awal tahun",
                "ytd_external": "Kehadiran eksternal sejak awal tahun", "standing": "Anggota {standing} (sejak awal tahun)",
                "completion": "Penyelesaian rekomendasi", "status": "Rekomendasi {status}",
                "overdue": "Rekomendasi lewat target", "evaluation": "Peringkat evaluasi terakhir",
                "evaluation_value": "{rank} dari {field_size} ({year})"},
    "columns": {"label": "Ukuran", "value": "Nilai", "rank": "Peringkat", "code": "Kode", "name": "Nama",
                "organization": "Instansi", "sector": "Unsur", "ytd_score": "Skor sejak awal tahun",
                "attendance": "Kehadiran", "contributions": "Kontribusi", "status": "Status",
                "week_score": "Skor minggu ini", "week_contributions": "Kontribusi minggu ini", "source": "Sumber",
                "text": "Uraian", "progress": "Progres", "target": "Target", "overdue": "Lewat target",
                "evidence": "Data dukung", "what": "Perubahan", "name_code": "Nama / Kode",
                "organization_text": "Instansi / Uraian", "before": "Sebelumnya", "after": "Sekarang",
                "note": "Keterangan"},
    "changes": {"rank": "Perubahan peringkat", "up": "naik {n}", "down": "turun {n}", "new": "Kontributor baru",
                "fell": "Turun ke Belum Berkontribusi", "status": "Status rekomendasi berubah"},
}

# `pokja` (dashboard/cli.py): runs outside any request, in Indonesian; the operator's words, not translated.
CLI = {
    "save_profile_needs_mapping": "--save-profile menyimpan pemetaan dari --mapping MAP.json; sebutkan juga berkas pemetaannya.",
    "mapping_file": "Berkas pemetaan {path}: {error}",
    "cannot_open": "Berkas tidak dapat dibuka: {error}",
    "no_uploads": "Belum ada unggahan.",
    "no_duplicates": "Tidak ada anggota yang tampaknya ganda.",
    "members_merged": ("Anggota {drop} digabung ke {keep} (entri #{id} di log unggahan; batalkan dengan "
                       "`pokja undo {id}`): {attendance} kehadiran dan {contributions} kontribusi dipindahkan, "
                       "{dropped_duplicates} catatan ganda dilepas."),
    "guest_promoted_to": "  -> anggota {member}",
    "guest_activities": "{n:>3} kegiatan",
    "org_members": "{n:>5} anggota",
    "org_aliases": "  alias: {aliases}",
    "orgs_merged": ("Instansi {drop} digabung ke {keep} (entri #{id}; batalkan dengan `pokja undo {id}`): {members} "
                    "anggota dipindahkan."),
    "evidence_removed": "Data dukung #{evidence} dihapus (entri #{entry}; batalkan dengan `pokja undo {entry}`).",
    "evidence_linked": "Kontribusi #{contribution} menunjuk data dukung #{evidence} (entri #{entry}; batalkan dengan `pokja undo {entry}`).",
    "evidence_unlinked": ("Kontribusi #{contribution} tidak lagi menunjuk data dukung (entri #{entry}; batalkan dengan "
                          "`pokja undo {entry}`)."),
    "no_evidence": "Belum ada data dukung.",
    "readiness_head": "Kesiapan evaluasi (data dukung bertanggal {cutoff} atau sesudahnya):",
    "readiness_line": ("  {source}: {readiness} siap; {with_evidence} dari {recommendations} berdata dukung, "
                       "{sesuai_without_evidence} Sesuai tanpa data dukung, {stale} data dukungnya lama"),
    "from_needs_to": "--from memerlukan --to (tanggal akhir periode).",
    "letters_made": "{n} {kind} dibuat (DOCX dan PDF), batch #{batch}{frozen}: {zip}",
    "letters_frozen": " dari snapshot minggu itu",
    "key_value": "Tulis KEY=VALUE, bukan {text!r}.",
    "undone": "Unggahan #{id} dibatalkan: {deleted} baris dihapus, {restored} baris dikembalikan ke nilai sebelumnya.",
    "profile_missing": "Profil '{name}' tidak ada.",
    "profile_removed": "Profil '{name}' dihapus ({n} tata letak).",
    "profile_line": "{name}  {kind}  {columns} kolom  {signature}  oleh {created_by}",
    "template_written": "Templat ditulis ke {path}",
    "no_active_members": "Belum ada anggota Aktif. Unggah sheet Anggota terlebih dahulu.",
    "completion": "Penyelesaian: {completion}; lewat target: {overdue}",
    "overdue_flag": " [LEWAT TARGET]",
    "snapshot_replaced": "diganti",
    "snapshot_frozen": "dibekukan",
    "snapshot_made": "Snapshot minggu {week} {verb}. Berkas: {files}",
    "snapshot_exists": ("Snapshot minggu {week} sudah ada (dibuat sebelumnya); tidak ada yang ditulis. Pakai --force "
                        "untuk menggantinya."),
    "backfilled": "{n} minggu diisi mundur",
    "backfill_kept": " {n} minggu sudah ada, tidak diubah.",
    "user_added": "Pengguna '{name}' ({role}) dibuat.",
    "password_changed": "Kata sandi '{name}' diganti.",
    "user_disabled": "Pengguna '{name}' dinonaktifkan.",
    "active": "aktif",
    "inactive": "nonaktif",
    "last_login": "masuk terakhir: {at}",
    "kiosk_added": ("Token layar #{id} ({name}) dibuat. Buka di layar besar (ditampilkan sekali ini saja; simpan "
                    "sekarang):\n{path}"),
    "kiosk_revoked": "Token layar #{id} dicabut; layarnya berhenti pada permintaan berikutnya.",
    "no_kiosks": "Belum ada token layar. Buat dengan `pokja kiosk add NAMA`.",
    "kiosk_revoked_at": "dicabut {at}",
    "kiosk_line": "daftar pembinaan: {corrections:<6} dibuat oleh {created_by}, terakhir dipakai: {used}",
    "date_shape": "tanggal harus berbentuk YYYY-MM-DD, bukan {text!r}",
    "password": "Kata sandi: ",
    "password_again": "Ulangi kata sandi: ",
    "passwords_differ": "Kedua kata sandi tidak sama.",
}

# The blank recap template's instructions (loaders/template.py): an Indonesian document, not translated.
TEMPLATE = {
    "title": "Petunjuk Pengisian Rekap Pokja Smart City Kota Balikpapan",
    "general_rules": (
        "Satu berkas boleh berisi sebagian saja dari sheet di bawah ini. Sheet lain (termasuk Petunjuk ini) diabaikan.",
        "Sheet dikenali dari namanya atau nama lainnya; huruf besar/kecil dan spasi tidak berpengaruh.",
        "Baris judul di atas baris judul kolom boleh ada (misalnya \"REKAP KEHADIRAN TIM PELAKSANA SMART CITY KOTA "
        "BALIKPAPAN\", \"Periode: Januari - Juni 2023\"). Baris judul kolom dicari di 15 baris pertama.",
        "Judul kolom boleh memakai nama lain yang tercantum. Huruf besar/kecil, spasi ganda, pindah baris dan tanda "
        ". : / ( ) _ - diabaikan. Kolom yang tidak dikenal (No., Paraf, dan sebagainya) diabaikan.",
        "Judul kolom berwarna oranye wajib diisi; judul kolom berwarna biru boleh dikosongkan.",
        "Tanggal: tanggal Excel, 13/05/2023, 13/5/2023, 13-05-2023 (hari selalu lebih dulu), 2023-05-13, 13 Mei 2023, "
        "13 Agu 2023, atau Senin, 13 Mei 2023. Tanggal yang mustahil (31 Februari) ditolak.",
        "Angka: angka Excel atau teks seperti 1.234,5 (titik pemisah ribuan, koma desimal). "
        "Persentase: 75%, 75 atau 0,75.",
        "Isian pilihan (daftar turun) dicocokkan tanpa membedakan huruf besar/kecil; nama lain dan singkatan yang "
        "tercantum di petunjuk ini juga diterima.",
        "Baris kosong dilewati. Baris yang diawali Jumlah, Total, Rata-rata atau Jumlah Total tidak dibaca sebagai data.",
        "Email dan No HP adalah data pribadi: tidak pernah tampil di layar besar maupun di ekspor untuk tampilan.",
    ),
    "attendance_meanings": {
        "Hadir": "Hadir langsung; dihitung hadir.",
        "Diwakili": "Hadir melalui wakil; dihitung hadir.",
        "Izin": "Tidak hadir dengan izin (sakit, cuti, dinas luar).",
        "Tidak Hadir": "Tidak hadir. Pada bentuk matriks, sel kosong juga berarti Tidak Hadir.",
        "Tidak Diundang": "Tidak diundang; tidak dihitung sama sekali.",
    },
    "followup_meanings": {
        "Sesuai": "Tindak lanjut sudah selesai dan sesuai rekomendasi.",
        "Belum Sesuai": "Tindak lanjut sedang berjalan, belum sepenuhnya sesuai.",
        "Belum Ditindaklanjuti": "Belum ada tindak lanjut.",
        "Tidak Dapat Ditindaklanjuti": "Tidak dapat ditindaklanjuti; tuliskan alasannya di kolom Catatan. Tidak ikut dihitung dalam capaian.",
    },
    "table_headers": ("Kolom", "Wajib", "Nama lain", "Isian/penjelasan", "Contoh"),
    "required_note": " Wajib diisi.",
    "example_note": " Contoh: {example}",
    "not_in_list": "Isian tidak ada di daftar",
    "pick_from_list": ("Pilih isian {column} dari daftar. Nama lain dan singkatan yang tercantum di sheet Petunjuk tetap "
                       "diterima."),
    "dimension_score": "Nilai dimensi {dimension} (angka desimal, misalnya 3,25).",
    "comment_author": "Sekretariat Smart City",
    "intro": ("Templat ini berisi satu sheet per jenis rekap. Isi mulai baris 2 di bawah judul kolom, simpan sebagai "
              ".xlsx, lalu unggah di dasbor. Templat kosong yang diunggah tidak mengubah data apa pun."),
    "general_head": "Ketentuan umum",
    "sheet_head": "Sheet {name}",
    "sheet_aliases": "Nama lain sheet: {aliases}",
    "sheet_purpose": "Isi: {purpose}",
    "sheet_key": "Pengenal baris (kunci): {key}",
    "yes": "Ya",
    "no": "Tidak",
    "choices": "Pilihan",
    "list": "Daftar",
    "personal": " Data pribadi.",
    "attendance_head": "Dua bentuk sheet Kehadiran",
    "attendance_long": ("Bentuk panjang (seperti sheet di templat ini): satu baris per anggota per kegiatan. Kegiatan "
                        "dikenali dari Kode Kegiatan, atau dari Tanggal bersama Nama Kegiatan; anggota dari Kode "
                        "Anggota, atau dari Nama (ditambah Instansi bila ada nama yang sama)."),
    "attendance_matrix": ("Bentuk matriks (rekap daftar hadir): satu baris per anggota (Kode Anggota atau Nama, boleh "
                          "ditambah Instansi) dan satu kolom per kegiatan. Judul kolom kegiatan berisi kode kegiatan, "
                          "atau tanggalnya (boleh diikuti nama kegiatan, misalnya \"13/05/2023 FGD Masterplan\"); "
                          "tanggal saja harus cocok dengan tepat satu kegiatan di sheet Kegiatan. Kolom ringkasan dan "
                          "catatan seperti Jumlah, Jumlah Hadir, Total, Persentase, %, Keterangan, Paraf dan Tanda "
                          "Tangan diabaikan."),
    "attendance_points": "Poin kehadiran (bawaan): {points}; Tidak Diundang tidak dihitung.",
    "matrix_only": "; khusus matriks: {codes} (sel abu-abu)",
    "attendance_table": ("Kehadiran", "Kode yang diterima", "Arti"),
    "followup_head": "Empat status tindak lanjut rekomendasi",
    "followup_table": ("Status", "Nama lain", "Arti"),
    "completion": ("Capaian = {done} / (semua rekomendasi - {excluded}). Rekomendasi yang melewati Target dan belum "
                   "{done} terhitung terlambat."),
}

# --- Translation: the dicts above stay keyed to Indonesian text; lookups answer in the request's language ------

@functools.lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """msgid -> msgstr of the language's .po (read with Babel at first use: no compile step). Indonesian is the
    msgid itself, so its catalog is empty; a fuzzy or empty msgstr is not a translation."""
    if lang == language.DEFAULT:
        return {}
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        po = read_po(fh, locale=lang, domain=DOMAIN)
    return {m.id: m.string for m in po if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def gettext(text: str) -> str:
    """``text`` (Indonesian, the msgid) in the current request's language; itself when not translated."""
    return catalog(language.current()).get(text, text) if isinstance(text, str) else text


def translate(value: Any) -> Any:
    if isinstance(value, str):
        return gettext(value)
    if isinstance(value, dict):
        return Texts(value)
    return value


class Texts(Mapping):
    """A read-only view of one of the dicts above whose values come back translated (nested dicts as Texts).
    ``plain()`` gives a real dict (for JSON: a component's property)."""

    __slots__ = ("source",)

    def __init__(self, source: dict):
        self.source = source

    def __getitem__(self, key: Any) -> Any:
        return translate(self.source[key])

    def __iter__(self) -> Iterator:
        return iter(self.source)

    def __len__(self) -> int:
        return len(self.source)

    def __repr__(self) -> str:
        return f"Texts({self.source!r})"

    def plain(self) -> dict:
        return {k: (v.plain() if isinstance(v, Texts) else v) for k, v in self.items()}


# Letters are Indonesian documents whoever generates them (and their refusals stay with them), the loaders' messages
# are stored with the upload they belong to (see LOADER), the weekly recap is a document too: not translated
INDONESIAN_ONLY = frozenset({"LETTERS", "LOADER", "SNAPSHOT_EXPORT", "CLI", "TEMPLATE"})


def _wrap_module() -> dict[str, str]:
    """Wrap every upper-case dict of this module in Texts; take the upper-case strings out of the module's
    namespace so that ``i18n.NAME`` reaches ``__getattr__`` (translated). Returns those strings."""
    strings = {}
    for name, value in list(globals().items()):
        if not name.isupper() or name.startswith("_") or name in INDONESIAN_ONLY:
            continue
        if isinstance(value, dict):
            globals()[name] = Texts(value)
        elif isinstance(value, str) and name not in ("DOMAIN",):
            strings[name] = globals().pop(name)
    return strings


_STRINGS = _wrap_module()


def __getattr__(name: str) -> str:
    if name in _STRINGS:
        return gettext(_STRINGS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sources() -> dict[str, Any]:
    """Every Indonesian text of this module by name (the catalog script extracts its msgids from here)."""
    found: dict[str, Any] = dict(_STRINGS)
    for name, value in globals().items():
        if not name.isupper() or name.startswith("_") or name in INDONESIAN_ONLY:
            continue
        if isinstance(value, Texts):
            found[name] = value.source
        elif isinstance(value, dict):  # added below this function: not wrapped yet
            found[name] = value
    return found
