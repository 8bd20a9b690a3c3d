"""Grid builder over dash-ag-grid: columns as data, values formatted in Python (Indonesian), sorted as numbers.

Each row sent to the browser carries only the columns shown (plus its id), and for every formatted column a
`<field>__text` twin written by ``core.i18n``; the grid sorts on the raw value and shows the text.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import dash_ag_grid as dag

from core import i18n

TEXT_SUFFIX = "__text"


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    format: Callable[[Any], str] | None = None
    numeric: bool = False
    width: int | None = None
    flex: int | None = None
    wrap: bool = False
    options: dict = field(default_factory=dict)  # any other AG Grid column property
    phone: bool = True  # False: hidden below 576 px (assets/phone.js), so a phone shows name and score
    phone_width: int | None = None  # the widest this column may be below 576 px (the rest goes to the others)

    def definition(self) -> dict:
        d: dict[str, Any] = {"field": self.field, "headerName": i18n.gettext(self.header)}  # per request
        if self.format is not None:
            text = self.field + TEXT_SUFFIX
            # params.data is absent in some grid contexts (e.g. filter lists): fall back to the raw value.
            d["valueFormatter"] = {"function": f"params.data ? params.data['{text}'] : params.value"}
        if self.numeric:
            d["type"] = "rightAligned"
        if self.width:
            d["width"] = self.width
            d["minWidth"] = self.width
        if self.flex:
            d["flex"] = self.flex
        if self.wrap:
            d.update(wrapText=True, autoHeight=True, cellClass="lh-sm py-2")
        if not self.phone or self.phone_width:
            d["context"] = {"phoneHide": True} if not self.phone else {"phoneWidth": self.phone_width}
        d.update(self.options)
        return d


def grid_rows(columns: Iterable[Column], rows: Iterable[dict], keep: Iterable[str] = ()) -> list[dict]:
    """The rows as the grid needs them: shown fields, their formatted text, and the `keep` fields (ids).

    Each distinct value of a column is formatted once (a board of 40,000 members repeats most of its scores,
    rates and counts)."""
    columns = list(columns)
    keep = list(keep)
    shown = [(c.field, c.field + TEXT_SUFFIX if c.format is not None else None, c.format, {}) for c in columns]
    out = []
    for row in rows:
        r = {k: row.get(k) for k in keep}
        for field, text_field, fmt, memo in shown:
            value = r[field] = row.get(field)
            if fmt is not None:
                try:
                    text = memo[value]
                except KeyError:
                    text = memo[value] = fmt(value)
                except TypeError:  # an unhashable value: formatted every time
                    text = fmt(value)
                r[text_field] = text
        out.append(r)
    return out


def data_grid(grid_id: str, columns: Iterable[Column], rows: list[dict] | None, row_id: str | None = None,
              height: int = 480, grid_props: dict | None = None, infinite: int | None = None,
              **grid_options: Any) -> dag.AgGrid:
    """An AG Grid with Indonesian words, sortable and resizable columns; `rows` as made by grid_rows.
    `grid_props` are further AgGrid properties (e.g. rowClassRules); keywords are AG Grid options.

    ``infinite``: no `rows`; the grid asks a callback for blocks of this many rows (getRowsRequest ->
    getRowsResponse), sorted on the server: for boards too large to send whole."""
    options = {"localeText": i18n.GRID_LOCALE.plain(), "animateRows": False, "suppressCellFocus": True,
               "rowHeight": 38}
    if infinite:
        options.update(cacheBlockSize=infinite, maxBlocksInCache=20, infiniteInitialRowCount=1, rowBuffer=10)
        grid_props = {"rowModelType": "infinite", **(grid_props or {})}
    else:
        grid_props = {"rowData": rows, **(grid_props or {})}
    options.update(grid_options)
    return dag.AgGrid(
        id=grid_id,
        columnDefs=[c.definition() for c in columns],
        defaultColDef={"sortable": True, "resizable": True, "minWidth": 80},
        columnSize="responsiveSizeToFit",
        dashGridOptions=options,
        style={"height": f"{height}px", "width": "100%"},
        **({"getRowId": f"params.data.{row_id}"} if row_id else {}),
        **grid_props,
    )
