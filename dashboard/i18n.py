"""Every user-facing word and format in one place: Bahasa Indonesia, `1.234,5`, `13 Mei 2023`, WITA."""
from __future__ import annotations

import datetime as dt

from dashboard.settings import TIMEZONE
from loaders.values import format_date_id

OUTCOME = {
    "committed": "tersimpan",
    "rejected": "ditolak",
    "refused": "ditolak",
    "undone": "dibatalkan",
}
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
    """`1.234,5`; integers without decimals."""
    if value is None:
        return "-"
    if float(value).is_integer():
        text = f"{int(round(value)):,}"
        return text.replace(",", ".")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(fraction: float | None, decimals: int = 1) -> str:
    if fraction is None:
        return "-"
    return format_number(round(fraction * 100, decimals), decimals) + "%"


def format_date(value: dt.date | None) -> str:
    return format_date_id(value)


def to_wita(value: dt.datetime) -> dt.datetime:
    """Stored timestamps are naive UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(TIMEZONE)


def format_datetime(value: dt.datetime | None) -> str:
    """`13 Mei 2023 14.05 WITA`."""
    if value is None:
        return "-"
    local = to_wita(value)
    return f"{format_date_id(local.date())} {local:%H.%M} WITA"


def format_load_report(report: dict) -> str:
    lines = []
    if report["ok"]:
        head = "Pemeriksaan selesai tanpa kesalahan (uji coba, tidak ada yang disimpan)." if report["dry_run"] \
            else f"Berhasil disimpan sebagai unggahan #{report['upload_id']}."
    else:
        head = f"Tidak ada yang disimpan: {len(report['errors'])} kesalahan."
    lines.append(head)
    for name, c in report["sheets"].items():
        lines.append(f"  Sheet '{name}' ({KIND[c['kind']]}): {c['inserted']} baru, {c['updated']} diubah, "
                     f"{c['unchanged']} tetap, {c['skipped']} dilewati")
    for e in report["errors"]:
        lines.append("  KESALAHAN " + _where(e) + e["message"])
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


# --- Page texts: each page keeps its words here, in its own section (Bahasa Indonesia) -------------

# page: ringkasan

# page: anggota

# page: rekomendasi

# page: peringkat

# page: unggah

# page: layar
