"""Matching keys for people, codes and organizations as clerks write them: titles, capitals, lost leading zeros;
and the form of a clerk's answer to a question about a person (``SHEET!ROW=REF``).

Pure functions and the reference data they use (the titles); light to import (`pokja load` parses its
``--decide`` arguments before it starts reading the workbook). A key is only ever compared, never shown: the
display name stays as the member sheet wrote it.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from core.i18n import LOADER as T

# Titles written before a name: academic, professional and religious (Indonesian usage). Compared after
# dropping dots and spaces and casefolding, so "Dr.", "DR", "dr." and "Dr " are one title.
TITLES_BEFORE: tuple[str, ...] = (
    "Prof", "Profesor", "Dr", "dr", "drg", "drh", "Drs", "Dra", "Ir", "H", "Hj", "KH", "K.H", "Ust", "Ustadz",
    "Ustaz", "Ustadzah", "Hajjah", "Haji", "Ns", "apt", "Bpk", "Bapak", "Ibu", "Sdr", "Sdri", "Tn", "Ny", "Nn",
)

# Degrees and professional titles written after a name, usually after a comma. Same comparison.
TITLES_AFTER: tuple[str, ...] = (
    # diploma and bachelor
    "A.Md", "A.Ma", "A.Md.Kep", "A.Md.Keb", "A.Md.Kom", "A.Md.T", "A.Md.Ak",
    "S.E", "S.H", "S.Kom", "S.T", "S.Sos", "S.Pd", "S.Pd.I", "S.Si", "S.IP", "S.AP", "S.Ked", "S.Kep", "S.KM",
    "S.Psi", "S.Ag", "S.Hut", "S.P", "S.Pt", "S.Pi", "S.Farm", "S.Gz", "S.Ak", "S.I.Kom", "S.Ikom", "S.Hum",
    "S.Sn", "S.Ds", "S.Tr", "S.ST", "S.Th", "S.HI", "S.Stat", "S.Kel", "S.M", "S.Mat", "S.A.P", "S.Kes", "S.Fil",
    "S.Pd.SD", "S.Par", "S.Tr.Kom", "S.Kh", "Lc",
    # master and doctorate
    "M.M", "M.T", "M.Si", "M.Kom", "M.Pd", "M.AP", "M.H", "M.Sc", "M.Eng", "MBA", "M.B.A", "M.A", "M.Ak",
    "M.Kes", "M.Hum", "M.Psi", "M.Ag", "M.Kn", "M.Ec.Dev", "M.P", "M.PH", "M.Ling", "M.E", "M.Acc", "M.Arch",
    "M.Pd.I", "S.E.I", "M.E.I", "S.H.I", "M.H.I", "S.Th.I", "S.Sos.I", "Ns", "S.Kep.Ns",
    "M.IP", "M.Stat", "M.Farm", "M.Kep", "M.Sn", "M.Tr.AP", "M.Tr", "M.Han", "M.Ikom", "M.I.Kom", "M.PA", "M.Phil",
    "MPA", "MPH", "MSc", "MA", "MM", "MT",
    "Ph.D", "PhD", "D.Sc", "Dr.rer.nat", "Dr.Eng", "DBA", "Ed.D",
    # professional (medicine, engineering, accounting, law...)
    "Sp.A", "Sp.B", "Sp.PD", "Sp.OG", "Sp.M", "Sp.KK", "Sp.THT", "Sp.JP", "Sp.An", "Sp.Rad", "Sp.S", "Sp.KJ",
    "Sp.P", "Sp.N", "Sp.OT", "Sp.U", "Sp.BS", "Sp.PK", "Sp.PA", "Sp.F", "Sp.KG", "Sp.Ort", "FINASIM",
    "IPM", "IPU", "IPP", "ASEAN Eng", "Ak", "CA", "CPA", "CFA", "CPMA", "QIA", "CIA", "CFrA", "CRMO",
    "Apt", "Ners", "M.Kes.", "SH", "SE", "ST", "SKom", "SSos", "SPd", "SIP", "MSi", "MKom", "MPd", "MAP", "MH",
)


def _compact(text: str) -> str:
    """A title as compared: casefolded, without dots, spaces and hyphens."""
    return re.sub(r"[.\s\-]", "", text).casefold()


_BEFORE = frozenset(map(_compact, TITLES_BEFORE))
_AFTER = frozenset(map(_compact, TITLES_AFTER))
_AFTER_LONGEST = max(map(len, _AFTER))
# One-letter titles ("H." for Haji) are titles only when written with their dot; "H" alone may be an initial.
_DOTTED_ONLY = frozenset({"h"})
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
# A title glued to the next word: "Dr.Hasan", "H.Ahmad", "Ir.Budi".
_GLUED_TITLE = re.compile(r"^([^\W\d_]{1,9}\.)(\S.*)$")


def _strip_accents(text: str) -> str:
    if text.isascii():  # most names: nothing to fold
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _degrees_only(text: str) -> bool:
    """Whether ``text`` is nothing but degrees, however dotted and spaced: ``S. Kom``, ``S.T.M.T.``, ``MBA``."""
    c = _compact(text).replace(",", "")
    if not c:
        return True
    # can c be cut into degrees? (a few letters: a small dynamic programme)
    ok = [True] + [False] * len(c)
    for end in range(1, len(c) + 1):
        ok[end] = any(ok[start] and c[start:end] in _AFTER for start in range(max(0, end - _AFTER_LONGEST), end))
    return ok[-1]


def _is_title_before(word: str) -> bool:
    c = _compact(word)
    return c in _BEFORE and (c not in _DOTTED_ONLY or word.endswith("."))


def name_key(value: object) -> str:
    """The key two spellings of one person share: titles before and after the name dropped, casefolded, no
    punctuation, single spaces. ``Dr. Ir. Hasan Sulistyo, M.T.`` and ``HASAN SULISTYO`` give ``hasan sulistyo``.

    Degrees go when everything after the first comma is degrees (``, S.T., M.T.``, ``, S. Kom``) and at the end
    of the name when written like degrees (``Hasan Sulistyo ST MT``); titles before the name while the leading
    words are titles (``Dr.Ir.Hasan`` too). The last word of a name is never dropped."""
    if value is None:
        return ""
    return _name_key(value if isinstance(value, str) else str(value))


@functools.lru_cache(maxsize=100_000)  # a recap names the same people many times
def _name_key(value: str) -> str:
    text = _strip_accents(" ".join(value.split()))
    if not text:
        return ""
    head, _, tail = text.partition(",")
    if tail and not _degrees_only(tail):
        head = text  # a comma inside the name itself ("Sulistyo, Hasan"): keep everything
    words = head.split()
    out: list[str] = []
    while words:  # leading titles, also glued to what follows ("Dr.Ir.Hasan")
        w = words.pop(0)
        m = _GLUED_TITLE.match(w)
        if m and _is_title_before(m.group(1)):
            words.insert(0, m.group(2))
            continue
        if words and _is_title_before(w):
            continue
        out = [w, *words]
        break
    while len(out) > 1 and _is_degree_form(out[-1]) and _degrees_only(out[-1]):
        out.pop()
    return _SPACE.sub(" ", _PUNCT.sub(" ", " ".join(out).casefold())).strip()


def _is_degree_form(word: str) -> bool:
    """A trailing word counts as a degree without a comma only when it is written like one: with a dot
    (``S.T.``, ``M.Si``) or in capitals (``ST``, ``MBA``), so that a surname such as ``Ma`` or ``Se`` stays."""
    return "." in word or (word.isupper() and len(word) >= 2)


def code_key(value: object) -> str | None:
    """The key of a member code (Kode Anggota, NIP, a machine ID): no spaces, casefolded; an all-digit code
    without its leading zeros (Excel drops them). ``NIP. 19800101 200501 1 001`` is ``198001012005011001``.
    None for an empty code."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if value != value or not value.is_integer():
            text = str(value)
        else:
            text = str(int(value))
    else:
        text = str(value)
    text = re.sub(r"^\s*(nip|nik|nrp|nidn|nup)\s*[.:]?\s*", "", text, flags=re.IGNORECASE)
    text = "".join(text.split()).casefold()
    if not text:
        return None
    if text.isdigit():
        text = text.lstrip("0") or "0"
    return text


def lost_precision(value: object) -> bool:
    """A number cell of 16 or more digits: Excel keeps 15 significant digits, so the code in it is already
    wrong (a NIP typed as a number ends in zeros). Never a code."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float) and (value != value or not value.is_integer()):
        return False
    return len(str(abs(int(value)))) >= 16


_ORG_PUNCT = re.compile(r"[^\w\s&]", re.UNICODE)


def org_key(value: object) -> str:
    """The key of an organization's name or alias: casefolded, punctuation dropped, single spaces
    (``Dinas P.U.`` and ``dinas pu`` are one)."""
    if value is None:
        return ""
    return _org_key(value if isinstance(value, str) else str(value))


@functools.lru_cache(maxsize=100_000)
def _org_key(value: str) -> str:
    text = _strip_accents(value).casefold().replace(".", "")
    return _SPACE.sub(" ", _ORG_PUNCT.sub(" ", text)).strip()


# Keywords of an organization's name that tell its sector (Unsur) when the directory does not. Whole words,
# compared casefolded; a name that hits two sectors infers nothing.
SECTOR_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Akademisi": ("universitas", "institut", "politeknik", "sekolah tinggi", "akademi", "stie", "stmik", "itk",
                  "uniba", "unmul"),
    "Swasta": ("pt", "cv", "bank", "perumda", "bumn", "bumd", "persero", "tbk"),
    "Pemerintah": ("dinas", "badan", "bagian", "sekretariat", "kecamatan", "kelurahan", "inspektorat", "rsud",
                   "satpol", "pemkot", "pemerintah kota", "setda", "kantor"),
    "Komunitas": ("komunitas", "forum", "relawan", "karang taruna", "lpm", "paguyuban", "himpunan"),
    "Media": ("radio", "tv", "televisi", "harian", "koran", "media", "pos", "news", "com"),
}


def infer_sector(organization: str | None) -> str | None:
    """The sector the organization's name implies by SECTOR_KEYWORDS, or None (no hit, or hits in two)."""
    if not organization:
        return None
    words = " " + " ".join(re.sub(r"[^\w]", " ", organization.casefold()).split()) + " "
    hits = {sector for sector, keys in SECTOR_KEYWORDS.items() if any(f" {k} " in words for k in keys)}
    return hits.pop() if len(hits) == 1 else None


def parse_answer(text: str) -> tuple[str, str]:
    """A ``--decide`` argument ``ID=REF`` -> (ID, REF); ID is ``SHEET!ROW`` (the last ``=`` splits, so a sheet name
    may hold one). Raises ValueError with the clerk-facing message."""
    if "=" not in text:
        raise ValueError(T["answer_shape"].format(text=text))
    ident, _, ref = text.rpartition("=")
    if "!" not in ident or not ident.rsplit("!", 1)[1].strip().isdigit():
        raise ValueError(T["answer_id_shape"].format(ident=ident))
    sheet, _, row = ident.rpartition("!")
    return f"{sheet}!{int(row)}", ref.strip()
