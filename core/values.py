"""Cell values as clerks type them: Indonesian dates, numbers, percentages and enumerations. Pure functions.

Each parser takes the raw cell (str, float, int, bool, date, datetime or None) and returns the clean value,
or raises ``BadValue`` whose message (Bahasa Indonesia) says what is accepted.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata

from core.reference import Vocabulary


class BadValue(ValueError):
    """A cell the contract does not accept; ``str(exc)`` is the clerk-facing message."""


# --- Text ----------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_HEADER_PUNCT = re.compile(r"[.:/()_\-]")


def clean_text(value: object) -> str | None:
    """Trimmed text with inner whitespace collapsed; None for an empty cell."""
    if value is None:
        return None
    if type(value) is str:  # the hot path: most cells are plain text
        text = value
    elif isinstance(value, float):
        if math.isnan(value):
            return None
        text = str(int(value) if value.is_integer() else value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # Every white space character but the plain space is unprintable: printable text with no leading,
    # trailing or double space is already collapsed (most cells), so it need not be split and joined.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text or None
    text = " ".join(text.split())
    return text or None


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"  # str.isprintable's ASCII, and the line breaks between cells


def clean_texts(values: list) -> list[str | None]:
    """``[clean_text(v) for v in values]``; a column of plain text that needs no cleaning (most of them: codes,
    descriptions, links) is checked at once, by C loops over the whole column, instead of cell by cell."""
    if set(map(type, values)) <= {str, type(None)}:
        texts = list(filter(None, values))  # None and '' are empty cells either way
        joined = "\n".join(texts)
        # ASCII, printable (no cell holds a line break: the count), no double, leading or trailing space
        # (bytes.translate deletes the printable bytes: a table lookup per byte, ten times a regex's speed)
        if (joined.isascii() and joined.count("\n") == len(texts) - 1
                and not joined.encode("ascii").translate(None, _PRINTABLE_ASCII)
                and "  " not in joined and "\n " not in joined and " \n" not in joined
                and joined[:1] != " " and joined[-1:] != " "):
            return [v or None for v in values]
    return list(map(clean_text, values))


def fold(value: object) -> str:
    """Key for case-insensitive matching of names and enumeration values."""
    if type(value) is str:
        return _fold_text(value)
    return (clean_text(value) or "").casefold()


@functools.lru_cache(maxsize=200_000)
def _fold_text(value: str) -> str:
    return (clean_text(value) or "").casefold()


def header_key(value: object) -> str:
    """Header cells compare ignoring case, spaces, line breaks and `. : / ( ) _ -`.

    Punctuation and spaces are dropped altogether, so `No.HP`, `No HP` and `Status T.L.` match `No HP` and
    `Status TL`.
    """
    text = clean_text(value) or ""
    return _WS.sub("", _HEADER_PUNCT.sub(" ", text.casefold()))


def is_blank(value: object) -> bool:
    return clean_text(value) is None


# --- Dates ---------------------------------------------------------------------------------------

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        ("januari", "january", "jan"),
        ("februari", "pebruari", "february", "feb", "peb"),
        ("maret", "march", "mar"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("agustus", "august", "agu", "agt", "ags", "aug", "agust"),
        ("september", "sep", "sept"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nov", "nop", "nopember"),
        ("desember", "december", "des", "dec"),
    ),
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _num

WEEKDAYS = {
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum’at", "sabtu", "minggu", "ahad",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip

MONTH_NAMES_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s\-]+([a-z]+)\.?[\s\-]+(\d{4})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_FORMS = "tanggal Excel, 2023-05-13, 13/05/2023, 13-05-2023, atau 13 Mei 2023"


def _make_date(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue(f"Tanggal '{raw}' tidak ada di kalender.") from None


def parse_date(value: object, month_first: bool = False) -> dt.date:
    """A date cell; ``month_first`` reads `05/13/2023` as 13 May (a column that shows month-first order)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise BadValue(f"Bukan tanggal. Isi dengan {DATE_FORMS}.")
    if isinstance(value, (int, float)):
        # A date cell whose format was lost shows as its serial number; accept the plausible range
        # (1954..2119) rather than make the clerk re-type it.
        if float(value).is_integer() and 20_000 <= value <= 80_000:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise BadValue(f"Angka {clean_text(value)} bukan tanggal. Isi dengan {DATE_FORMS}.")
    raw = clean_text(value)
    if raw is None:
        raise BadValue(f"Tanggal kosong. Isi dengan {DATE_FORMS}.")
    text = raw.casefold()
    # Drop a leading weekday: "Senin, 13 Mei 2023", "Senin 13/5/2023", "Senin / 13 Mei 2023".
    head = re.match(r"^([a-z'’]+)\s*(?:[,/]\s*|\s+)(?=\d)", text)
    if head and head.group(1) in WEEKDAYS:
        text = text[head.end():]
    if m := _ISO.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _DMY.match(text):
        year = int(m[3])
        if len(m[3]) == 2:
            year += 2000
        if month_first:
            return _make_date(year, int(m[1]), int(m[2]), raw)
        return _make_date(year, int(m[2]), int(m[1]), raw)
    if m := _D_MONTH_Y.match(text):
        month = MONTHS.get(m[2])
        if month is None:
            raise BadValue(f"Nama bulan '{m[2]}' pada '{raw}' tidak dikenal. Isi dengan {DATE_FORMS}.")
        return _make_date(int(m[3]), month, int(m[1]), raw)
    raise BadValue(f"'{raw}' bukan tanggal yang dikenali. Isi dengan {DATE_FORMS}.")


def format_date_id(value: dt.date | None) -> str:
    """`13 Mei 2023`."""
    if value is None:
        return "-"
    return f"{value.day} {MONTH_NAMES_ID[value.month - 1]} {value.year}"


# --- Numbers -------------------------------------------------------------------------------------

_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_number(value: object) -> float:
    """Real numbers, or Indonesian text numbers: `1.234,5`, `3,31`, `1.500` (thousands), `0.75`."""
    if isinstance(value, bool):
        raise BadValue("Bukan angka.")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise BadValue("Bukan angka.")
        return float(value)
    raw = clean_text(value)
    if raw is None:
        raise BadValue("Angka kosong.")
    text = raw.replace(" ", "")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):  # 1.234,5
            text = text.replace(".", "").replace(",", ".")
        else:  # 1,234.5
            text = text.replace(",", "")
    elif "," in text:
        if text.count(",") > 1:
            text = text.replace(",", "")  # 1,234,567 written the English way
        else:
            text = text.replace(",", ".")
    elif _THOUSANDS_DOT.match(text.lstrip("+-")):
        text = text.replace(".", "")
    if not _NUMBER.match(text):
        raise BadValue(f"'{raw}' bukan angka. Contoh yang diterima: 1.234,5 atau 3,31.")
    return float(text)


def parse_int(value: object, *, minimum: int | None = None) -> int:
    number = parse_number(value)
    if not number.is_integer():
        raise BadValue(f"'{clean_text(value)}' harus bilangan bulat.")
    if minimum is not None and number < minimum:
        raise BadValue(f"'{clean_text(value)}' harus paling sedikit {minimum}.")
    return int(number)


def parse_year(value: object) -> int:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    year = parse_int(value)
    if not 1900 <= year <= 2200:
        raise BadValue(f"Tahun '{clean_text(value)}' tidak wajar; tulis empat angka, misalnya 2023.")
    return year


def parse_percent(value: object) -> float:
    """A fraction 0..1 from `75%`, `75`, `0,75` or `0.75`; a value <= 1 is a fraction, > 1 a percent."""
    raw = clean_text(value)
    if raw is None:
        raise BadValue("Persentase kosong.")
    explicit = False
    if isinstance(value, str) and raw.endswith("%"):
        explicit = True
        number = parse_number(raw[:-1].strip())
    else:
        number = parse_number(value)
    if number < 0:
        raise BadValue(f"Persentase '{raw}' tidak boleh negatif.")
    fraction = number / 100 if explicit or number > 1 else number
    if fraction > 1 + 1e-9:
        raise BadValue(f"Persentase '{raw}' lebih dari 100%. Isi 0 sampai 100%.")
    return round(fraction, 6)


# --- Enumerations --------------------------------------------------------------------------------


class Matcher:
    """Case-insensitive lookup of a vocabulary's values and aliases (built once per load)."""

    def __init__(self, label: str, pairs: list[tuple[str, str]], accepted: list[str]):
        self.label = label
        self.accepted = accepted
        self._map = {fold(alias): value for alias, value in pairs}

    @classmethod
    def from_vocabulary(cls, vocab: Vocabulary, extra: dict[str, str] | None = None) -> "Matcher":
        pairs = []
        for choice in vocab.choices:
            pairs.append((choice.value, choice.value))
            pairs.extend((alias, choice.value) for alias in choice.aliases)
        pairs.extend((extra or {}).items())
        return cls(vocab.name, pairs, vocab.values)

    def get(self, value: object) -> str | None:
        return self._map.get(fold(value))

    def parse(self, value: object) -> str:
        found = self.get(value)
        if found is None:
            raise BadValue(
                f"'{clean_text(value)}' bukan nilai {self.label} yang dikenal. "
                f"Nilai yang diterima: {', '.join(self.accepted)}."
            )
        return found
