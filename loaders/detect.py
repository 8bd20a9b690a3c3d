"""Which kind of the contract a sheet holds, from its content: header words, title words, title-block fields, name.

A sheet named as the contract names it (or by an alias) is that kind, as before. Any other sheet (`Sheet1`,
`7-8-2023`) is scored against every kind; it is taken only when one kind is clearly ahead, asked about when it
looks like data of an unclear kind, and ignored when it looks like nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.values import clean_text, fold
from loaders import layout as L
from loaders import sheets as S
from loaders.parse import HEADER_SEARCH_ROWS, Vocab, _match_header, _title_field, fill_merged, find_header
from loaders.reader import Sheet

# Taken when the best kind scores at least CLEAR and leads the next by MARGIN; data-like from LOOKS_LIKE_DATA.
CLEAR, MARGIN, LOOKS_LIKE_DATA = 0.55, 0.2, 0.3

# Words of a title line (above the header) that say what the sheet is.
TITLE_WORDS: dict[str, tuple[str, ...]] = {
    "attendance": ("daftar hadir", "absensi", "rekap kehadiran", "presensi"),
    "recommendations": ("tindak lanjut", "rekomendasi"),
    "members": ("daftar anggota", "daftar nama anggota", "susunan keanggotaan", "susunan tim", "keanggotaan"),
    "activities": ("daftar kegiatan", "agenda kegiatan", "jadwal kegiatan"),
    "contributions": ("kontribusi", "kinerja anggota"),
    "evaluations": ("hasil evaluasi", "peringkat", "pemeringkatan"),
}
# Sheet-name words that hint at a kind (a weaker signal than the contract's names).
NAME_WORDS: dict[str, tuple[str, ...]] = {
    "attendance": ("hadir", "absen", "presensi"),
    "recommendations": ("tindaklanjut", "rekomendasi", "tl"),
    "members": ("anggota", "tim", "sk"),
    "activities": ("kegiatan", "agenda", "rapat"),
    "contributions": ("kontribusi", "kinerja"),
    "evaluations": ("evaluasi", "peringkat", "ranking"),
}


@dataclass
class Guess:
    kind: str
    confidence: float

    def as_dict(self) -> dict:
        return {"kind": self.kind, "confidence": round(self.confidence, 2)}


@dataclass
class Detection:
    """A sheet's reading: its kind when clear, else the guesses (best first); ``looks_like_data`` when any kind
    found a header in it."""

    sheet: str
    spec: S.SheetSpec | None
    confidence: float
    guesses: list[Guess]
    by_name: bool = False

    @property
    def unclear(self) -> bool:
        return self.spec is None and bool(self.guesses) and self.guesses[0].confidence >= LOOKS_LIKE_DATA

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "guesses": [g.as_dict() for g in self.guesses]}


def detect(sheet: Sheet, vocab: Vocab, activity_codes: frozenset[str] = frozenset()) -> Detection:
    spec = S.match_sheet(sheet.name)
    if spec is not None:
        return Detection(sheet.name, spec, 1.0, [Guess(spec.kind, 1.0)], by_name=True)
    guesses = sorted((Guess(s.kind, score(sheet, s, vocab, activity_codes)) for s in S.SPECS),
                     key=lambda g: -g.confidence)
    guesses = [g for g in guesses if g.confidence > 0]
    best = guesses[0] if guesses else None
    second = guesses[1].confidence if len(guesses) > 1 else 0.0
    if best is not None and best.confidence >= CLEAR and best.confidence - second >= MARGIN:
        return Detection(sheet.name, S.SPEC_BY_KIND[best.kind], best.confidence, guesses)
    return Detection(sheet.name, None, best.confidence if best else 0.0, guesses[:3])


def score(sheet: Sheet, spec: S.SheetSpec, vocab: Vocab, activity_codes: frozenset[str]) -> float:
    """0..1: how much the sheet looks like ``spec``'s kind. Nothing without a header row of that kind."""
    grid = Sheet(sheet.name, fill_merged(sheet)) if sheet.merged else sheet
    head = grid.head(HEADER_SEARCH_ROWS)
    h = find_header(head, spec, vocab, activity_codes)
    if h is None:
        return 0.0
    fields = {c.field for cell in head[h] if (text := clean_text(cell)) and (c := _match_header(text, spec))}
    titles = {f for tf in L.title_fields(head, h) if (f := _title_field(tf.label, spec))}
    have = fields | titles
    required = [c.field for c in spec.columns if c.required]
    total = 0.25 * min(1.0, len(fields) / 4)
    if spec.kind == "attendance":
        person = bool({"member_name", "member_code"} & fields)
        meeting = {"activity_date", "activity_name"} <= titles
        status = "status" in fields
        dated = any(fold(c) in activity_codes or _looks_dated(c) for c in head[h])
        complete = person and (status and ({"activity_code"} <= have or {"activity_date", "activity_name"} <= have)
                               or meeting or dated)
        total += 0.35 * complete + 0.25 * meeting
    elif spec.kind == "contributions":
        complete = bool({"member_name", "member_code"} & fields) and all(f in have for f in required)
        total += 0.35 * complete
    else:
        total += 0.35 * all(f in have for f in required)
    above = " ".join(fold(c) for row in head[:h] for c in row if clean_text(c))
    if any(w in above for w in TITLE_WORDS[spec.kind]):
        total += 0.25
    name = S.sheet_key(sheet.name)
    if any(w in name for w in NAME_WORDS[spec.kind] if len(w) > 2) or name in NAME_WORDS[spec.kind]:
        total += 0.15
    elif spec.kind == "attendance" and _is_date_name(sheet.name):  # one sheet per meeting, named `7-8-2023`
        total += 0.15
    return min(1.0, total)


def _looks_dated(cell: object) -> bool:
    from loaders.parse import split_activity_header

    return split_activity_header(cell)[0] is not None


def _is_date_name(name: str) -> bool:
    from core.values import BadValue, parse_date

    try:
        parse_date(name.replace("_", "-").strip())
    except BadValue:
        return False
    return True
