"""The mapping step on /unggah (issue 16, item 9): when the reading of a file is not sure (a sheet of unclear
kind, or one where most rows fail), the clerk sees per sheet its first rows, the header rows chosen, its kind and
the proposed meaning of each column, changes any of them and previews again; the confirmed mapping may be saved as
a profile with the upload. The same objects as `pokja inspect --json` / `pokja load --mapping` (loaders/inspect.py);
the work is in dashboard.upload_flow (``mapping_sheets``, ``remap``). A meeting list also gets a multi-select of
the working groups invited (issue 16, item 4), prefilled from its title block: their Aktif members not on the list
are recorded Tidak Hadir; left empty, only presence is recorded."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, dcc, html

from core import i18n
from loaders import sheets as S

T = i18n.UNGGAH
IGNORE = "-"  # a select's value for "ignore this sheet / column"


def _kind_options() -> list[dict]:
    return [{"label": T["map_ignore_sheet"], "value": IGNORE},
            *({"label": spec.name, "value": spec.kind} for spec in S.SPECS)]


def _column_options(kind: str | None, current: str | None) -> list[dict]:
    specs = [S.SPEC_BY_KIND[kind]] if kind in S.SPEC_BY_KIND else S.SPECS  # kind not known yet: every column
    names = list(dict.fromkeys(c.name for spec in specs for c in spec.columns))
    if current and current not in names:  # a status of a tick-box group, an activity of a matrix column
        names.append(current)
    return [{"label": T["map_ignore_column"], "value": IGNORE}, *({"label": n, "value": n} for n in names)]


def _first_rows(rows: list[list[str]]) -> html.Div:
    width = max((len(r) for r in rows), default=0)
    body = [html.Tr([html.Td(i, className="text-muted")] + [html.Td(v) for v in row] + [html.Td("")] * (width - len(row)))
            for i, row in enumerate(rows, start=1)]
    return html.Div(dbc.Table(html.Tbody(body), size="sm", bordered=True, className="small mb-2 unggah-first-rows"),
                    className="table-responsive")


def _sheet_card(entry: dict) -> dbc.Card:
    name = entry["sheet"]
    kind = entry.get("kind")
    columns = []
    for letter, col in (entry.get("columns") or {}).items():
        columns.append(dbc.Col([
            html.Div([html.Strong(letter), " ", html.Span(col.get("header") or "-", className="text-muted")],
                     className="small text-truncate"),
            dbc.Select(id={"type": "unggah-map-col", "sheet": name, "col": letter}, size="sm",
                       options=_column_options(kind, col.get("maps_to")), value=col.get("maps_to") or IGNORE),
        ], xs=12, sm=6, lg=3, className="mb-2"))
    rows = ", ".join(str(r) for r in entry.get("header_rows") or [])
    invited = [] if "groups" not in entry else [dbc.Row(dbc.Col([
        dbc.Label(T["map_invited"], className="small mb-0"),
        dcc.Dropdown(id={"type": "unggah-map-invited", "sheet": name}, multi=True,
                     options=[{"label": g, "value": g} for g in entry["groups"]], value=list(entry.get("invited") or []),
                     placeholder=T["map_invited_none"], className="unggah-map-invited"),
        html.Div(T["map_invited_hint"], className="form-text"),
    ], xs=12, lg=6), className="g-2 mb-2")]
    return dbc.Card(dbc.CardBody([
        html.H4(T["map_sheet"].format(sheet=name), className="h6"),
        _first_rows(entry.get("first_rows") or []),
        dbc.Row([
            dbc.Col([dbc.Label(T["map_kind"], className="small mb-0"),
                     dbc.Select(id={"type": "unggah-map-kind", "sheet": name}, options=_kind_options(), size="sm",
                                value=kind or IGNORE)], xs=12, sm=6, lg=3),
            dbc.Col([dbc.Label(T["map_header_rows"], className="small mb-0"),
                     dbc.Input(id={"type": "unggah-map-rows", "sheet": name}, value=rows, size="sm",
                               placeholder="5, 6")], xs=12, sm=6, lg=3),
        ], className="g-2 mb-2"),
        *invited,
        html.Div(T["map_columns"], className="small fw-semibold mb-1"),
        dbc.Row(columns, className="g-2"),
    ]), className="mb-2")


def mapping_card(sheets: list[dict], unsure: bool = True) -> dbc.Card:
    """``unsure``: the reading itself is not sure; else the step is offered for the meeting lists' invitees."""
    return dbc.Card(dbc.CardBody([
        html.H3(T["map_title"], className="h6"),
        html.P(T["map_lead"] if unsure else T["map_lead_invited"], className="small text-muted"),
        *(_sheet_card(e) for e in sheets),
        dbc.Row([
            dbc.Col(dbc.Input(id="unggah-map-profile", placeholder=T["map_profile"], size="sm"), md=6),
            dbc.Col(dbc.Button(T["map_apply"], id="unggah-map-apply", color="primary", outline=True, size="sm"),
                    md=6),
        ], className="g-2 mt-1"),
    ]), className="mb-3", id="unggah-mapping")


def mapping_objects(kinds: list, kind_ids: list, rows: list, row_ids: list, cols: list, col_ids: list,
                    invited: list = (), invited_ids: list = ()) -> list[dict]:
    """The clerk's choices (pattern-matching States) as `pokja load --mapping` objects. Anything not of the page's
    shape is dropped (a hand-made request); malformed header rows reach mapping_from_json, which says why. A
    meeting list's invited groups become its ``invited`` (an empty choice: ``[]``, nobody named)."""
    out: dict[str, dict] = {}
    for ident, kind in zip(kind_ids, kinds):
        if isinstance(ident, dict) and isinstance(ident.get("sheet"), str) and isinstance(kind, str):
            out[ident["sheet"]] = {"sheet": ident["sheet"], "kind": None if kind == IGNORE else kind, "columns": {}}
    for ident, text in zip(row_ids, rows):
        sheet = out.get(ident.get("sheet")) if isinstance(ident, dict) else None
        if sheet is not None and isinstance(text, str) and text.strip():
            parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
            sheet["header_rows"] = [int(p) if p.isdigit() else p for p in parts]
    for ident, meaning in zip(col_ids, cols):
        sheet = out.get(ident.get("sheet")) if isinstance(ident, dict) else None
        if sheet is not None and isinstance(ident.get("col"), str) and isinstance(meaning, str):
            sheet["columns"][ident["col"]] = {"maps_to": None if meaning == IGNORE else meaning}
    for ident, groups in zip(invited_ids, invited):
        sheet = out.get(ident.get("sheet")) if isinstance(ident, dict) else None
        if sheet is not None and isinstance(groups, list | type(None)):
            sheet["invited"] = [g for g in groups or [] if isinstance(g, str) and g.strip()]
    return list(out.values())


MAPPING_STATES = (("unggah-map-kind", "value"), ("unggah-map-kind", "id"), ("unggah-map-rows", "value"),
                  ("unggah-map-rows", "id"), ("unggah-map-col", "value"), ("unggah-map-col", "id"),
                  ("unggah-map-invited", "value"), ("unggah-map-invited", "id"))


def mapping_state_ids() -> list[tuple[dict, str]]:
    """The pattern-matching States the apply callback reads, in mapping_objects' order."""
    out = []
    for kind, prop in MAPPING_STATES:
        pattern = {"type": kind, "sheet": ALL}
        if kind == "unggah-map-col":
            pattern["col"] = ALL
        out.append((pattern, prop))
    return out
