"""How the loader reads each sheet of a workbook, without loading it: `pokja inspect FILE [--json]`.

One object per sheet: its kind and confidence, shape, header rows, title-block fields, each column's header and
meaning. The same objects, edited, are what `pokja load --mapping` takes.
"""
from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.i18n import LOADER as T
from core.settings import Settings
from loaders import profiles
from loaders import sheets as S
from loaders.detect import detect
from loaders.parse import ParsedSheet, SheetMapping, Vocab, parse_sheet
from loaders.reader import read_workbook


def inspect_file(engine: Engine, settings: Settings, data: bytes, filename: str) -> list[dict]:
    """Raises loaders.reader.FileRefused for a file the reader refuses."""
    from loaders.ingest import _activity_codes, _vocab

    workbook = read_workbook(data, filename, settings.limits)
    out = []
    with Session(engine) as session:
        vocab = _vocab(session)
        codes = _activity_codes(session, [])
        for name in workbook.sheet_names:
            sheet = workbook.sheets.get(name)
            if sheet is None:
                continue
            profile = profiles.find(session, sheet) if S.match_sheet(name) is None else None
            if profile is not None:  # a layout mapped before: read as its profile says
                spec = S.SPEC_BY_KIND[profile[1].kind]
                ps = parse_sheet(sheet, spec, vocab, [], [], codes, profile[1])
                entry = describe(name, ps, spec.kind, 1.0, vocab)
                entry["profile"] = profile[0]
                out.append(entry)
                continue
            found = detect(sheet, vocab, codes)
            spec = found.spec
            if spec is None and found.unclear:  # show how its best guess reads it; its kind stays open
                spec = S.SPEC_BY_KIND[found.guesses[0].kind]
            ps = parse_sheet(sheet, spec, vocab, [], [], codes) if spec is not None else None
            entry = describe(name, ps, found.spec.kind if found.spec else None, found.confidence, vocab)
            if ps is None or not ps.header_rows:
                _first_text_row(sheet, entry)
            out.append(entry)
    return out


def _first_text_row(sheet, entry: dict) -> None:  # noqa: ANN001
    """A sheet no kind reads: its first row of two texts or more shown as the header, every column unmapped, so
    the clerk has something to map."""
    from core.values import clean_text
    from loaders import layout as L
    from loaders.parse import HEADER_SEARCH_ROWS, fill_merged
    from loaders.reader import Sheet

    grid = Sheet(sheet.name, fill_merged(sheet)) if sheet.merged else sheet
    head = grid.head(HEADER_SEARCH_ROWS)
    h = L.first_text_row(head)
    if h is None:
        return
    entry["header_rows"] = [h + 1]
    entry["columns"] = {column_letter(j + 1): {"header": clean_text(c), "maps_to": None}
                        for j, c in L.filled(head[h])}


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA (Excel's column names)."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def column_index(letter: str) -> int:
    """A -> 0, AA -> 26."""
    n = 0
    for ch in letter.strip().upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def describe(name: str, ps: ParsedSheet | None, kind: str | None, confidence: float, vocab: Vocab) -> dict:
    """One sheet's reading as `pokja inspect --json` prints it."""
    columns: dict[str, dict] = {}
    title_fields: dict[str, str] = {}
    shape = "table"
    if ps is not None:
        spec = ps.spec
        for j, header in sorted(ps.headers.items()):
            target = ps.maps_to.get(j)
            columns[column_letter(j + 1)] = {"header": header, "maps_to": _shown(spec, target)}
        title_fields = {spec.column(f).name: v for f, v in ps.title_fields.items()}
        shape = "matrix" if ps.matrix else "meeting_list" if ps.meeting_list else "table"
    return {
        "sheet": name,
        "kind": kind,
        "confidence": round(confidence, 2),
        "shape": shape,
        "header_rows": ps.header_rows if ps is not None else [],
        "title_fields": title_fields,
        "columns": columns,
        "invited": ps.invited if ps is not None else None,
        "profile": None,
    }


def _shown(spec: S.SheetSpec, target: str | None) -> str | None:
    """A column's meaning: the contract column's name, a status for a tick-box column, an activity for a matrix
    column."""
    if target is None:
        return None
    if target.startswith("activity:"):
        return target.split(":", 1)[1]
    if ":" in target:  # a tick box: the value a mark gives
        return target.split(":", 1)[1]
    if target.startswith("dim:"):
        return target[4:]
    return spec.column(target).name


def format_inspection(sheets: list[dict]) -> str:
    """The same, for a person (Bahasa Indonesia)."""
    from loaders.sheets import SPEC_BY_KIND

    lines = []
    for s in sheets:
        kind = SPEC_BY_KIND[s["kind"]].name if s["kind"] else T["inspect_unclear"]
        lines.append(T["inspect_sheet"].format(sheet=s["sheet"], kind=kind, confidence=s["confidence"], shape=s["shape"]))
        if s["header_rows"]:
            lines.append(T["inspect_header_rows"].format(rows=", ".join(map(str, s["header_rows"]))))
        for label, value in s["title_fields"].items():
            lines.append(T["inspect_title_field"].format(label=label, value=value))
        if s["invited"]:
            lines.append(T["inspect_invited"].format(groups=", ".join(s["invited"])))
        for letter, col in s["columns"].items():
            lines.append(T["inspect_column"].format(letter=letter, header=col["header"],
                                                    target=col["maps_to"] or T["inspect_ignored"]))
    return "\n".join(lines)


def mapping_from_json(objects: object) -> dict[str, SheetMapping]:
    """`pokja load --mapping MAP.json`: a list of inspect's objects, edited -> per sheet name its SheetMapping.
    Raises ValueError with the clerk-facing message (Bahasa Indonesia)."""
    if not isinstance(objects, list):
        raise ValueError(T["mapping_not_list"])
    out: dict[str, SheetMapping] = {}
    for k, obj in enumerate(objects, start=1):
        if not isinstance(obj, dict) or not isinstance(obj.get("sheet"), str):
            raise ValueError(T["mapping_no_sheet"].format(n=k))
        name, kind = obj["sheet"], obj.get("kind")
        if kind is not None and kind not in S.SPEC_BY_KIND:
            raise ValueError(T["mapping_kind"].format(sheet=name, kind=kind, kinds=", ".join(S.SPEC_BY_KIND)))
        rows = obj.get("header_rows") or None
        if rows is not None and (not isinstance(rows, list) or not all(isinstance(r, int) and r >= 1 for r in rows)
                                 or len(rows) > 3 or rows != list(range(rows[0], rows[0] + len(rows)))):
            raise ValueError(T["mapping_header_rows"].format(sheet=name))
        columns: dict[int, str | None] = {}
        for letter, col in (obj.get("columns") or {}).items():
            if not isinstance(letter, str) or not letter.isalpha() or not isinstance(col, dict):
                raise ValueError(T["mapping_column"].format(sheet=name, letter=letter))
            target = col.get("maps_to")
            if target is not None and not isinstance(target, str):
                raise ValueError(T["mapping_maps_to"].format(sheet=name, letter=letter))
            columns[column_index(letter)] = target
        titles = obj.get("title_fields")
        invited = obj.get("invited")
        out[name] = SheetMapping(kind, rows, columns,
                                 {str(a): str(b) for a, b in titles.items()} if isinstance(titles, dict) else None,
                                 [str(g) for g in invited] if isinstance(invited, list) else None)
    return out
