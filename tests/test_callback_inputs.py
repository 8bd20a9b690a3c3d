"""Callback inputs a browser never sends (a huge or textual startRow, a sortModel that is not a list, the date
0001-01-01, a page number in the billions) answer 400 with no traceback in the log, not 500."""
from __future__ import annotations

import logging

import pytest

from tests.test_access import body, output_ids

YEAR_ONE = "0001-01-01"
FAR = "9999-12-31"


def _dep(client, output_id: str) -> dict:  # noqa: ANN001
    deps = client.get("/_dash-dependencies").get_json()
    return next(d for d in deps if output_id in output_ids(d) and d.get("clientside_function") is None)


def _with(dep: dict, values: dict) -> dict:
    """The callback's request with these values (by ``id.property``, inputs and state alike), None elsewhere."""
    request = body(dep)
    for item in request["inputs"] + request["state"]:
        if isinstance(item, dict):
            item["value"] = values.get(f"{item['id']}.{item['property']}")
    return request


GRID = "anggota-grid-request.data"  # the grid's getRowsRequest, passed on by a clientside callback
BAD_GRID_REQUESTS = [
    {"startRow": 10**30, "endRow": 10**30 + 100},
    {"startRow": "abc", "endRow": 100},
    {"startRow": 0, "endRow": "x"},
    {"startRow": 0, "endRow": 100, "sortModel": {"colId": "score", "sort": "desc"}},
    {"startRow": 0, "endRow": 100, "sortModel": ["score"]},
    {"startRow": 0, "endRow": 100, "sortModel": [{"colId": ["x"], "sort": "desc"}]},
    {"startRow": 0.5, "endRow": 100},
    {"startRow": -5, "endRow": 100},
    "not a request",
]


@pytest.fixture
def admin(demo, client_as):  # noqa: ANN001, ANN201
    return client_as("admin")


def _assert_bad(client, request: dict, caplog) -> None:  # noqa: ANN001
    caplog.clear()
    r = client.post("/_dash-update-component", json=request)
    assert r.status_code == 400, (request["inputs"], request.get("state"), r.status_code)
    assert "Traceback" not in r.get_data(as_text=True)
    assert not [rec for rec in caplog.records if rec.exc_info], [rec.getMessage() for rec in caplog.records]


def test_bad_grid_requests_answer_400(admin, caplog):  # noqa: ANN001
    caplog.set_level(logging.INFO)
    dep = _dep(admin, "anggota-grid")
    good = _with(dep, {GRID: {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "score", "sort": "desc"}]}})
    r = admin.post("/_dash-update-component", json=good)
    assert r.status_code == 200 and r.get_json()["response"]["anggota-grid"]["getRowsResponse"]["rowData"]
    for bad in BAD_GRID_REQUESTS:
        _assert_bad(admin, _with(dep, {GRID: bad}), caplog)
    # the grid's filters and dates in its state are checked the same way
    _assert_bad(admin, _with(dep, {GRID: {"startRow": 0, "endRow": 100}, "anggota-range.start_date": YEAR_ONE,
                                   "anggota-period.value": "kustom"}), caplog)


@pytest.mark.parametrize("output, start, end, extra", [
    ("anggota-count", "anggota-range.start_date", "anggota-range.end_date", {"anggota-period.value": "kustom"}),
    ("ringkasan-content", "ringkasan-range.start_date", "ringkasan-range.end_date",
     {"ringkasan-period.value": "kustom"}),
    ("admin-audit-grid", "admin-audit-range.start_date", "admin-audit-range.end_date",
     {"admin-tabs.active_tab": "admin-tab-audit"}),
])
def test_dates_out_of_range_answer_400(admin, caplog, output, start, end, extra):  # noqa: ANN001
    caplog.set_level(logging.INFO)
    dep = _dep(admin, output)
    for first, last in ((YEAR_ONE, "2026-01-31"), ("2026-01-01", FAR), (YEAR_ONE, YEAR_ONE), ("2026-02-30", None),
                        ({"a": 1}, None), (["2026-01-01"], None)):
        _assert_bad(admin, _with(dep, {start: first, end: last, **extra}), caplog)
    ok = admin.post("/_dash-update-component", json=_with(dep, {start: "2026-01-01", end: "2026-01-31", **extra}))
    assert ok.status_code in (200, 204)


def test_a_page_number_in_the_billions_answers_400(admin, caplog):  # noqa: ANN001
    caplog.set_level(logging.INFO)
    dep = _dep(admin, "admin-audit-grid")
    for page in (10**12, "x", -1, 1.5):
        _assert_bad(admin, _with(dep, {"admin-audit-pager.active_page": page,
                                       "admin-tabs.active_tab": "admin-tab-audit"}), caplog)


def test_no_callback_answers_500_to_a_value_of_another_kind(admin, settings, caplog):  # noqa: ANN001
    """Every server-side callback, each of its inputs and state replaced in turn by a value of another kind than
    the page sends: never a 500 (a traceback), whatever the answer."""
    import json

    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the callbacks' checks do not depend on the database")
    caplog.set_level(logging.INFO)
    deps = [d for d in admin.get("/_dash-dependencies").get_json() if d.get("clientside_function") is None]
    failures = []
    for dep in deps:
        base = body(dep, "/")
        for where in ("inputs", "state"):
            for i, item in enumerate(base[where]):
                if not isinstance(item, dict):
                    continue
                for value in ("x", 10**30, {"a": 1}, [1, {"b": 2}], YEAR_ONE, -1, True, 1.5):
                    request = json.loads(json.dumps(base))
                    request[where][i]["value"] = value
                    request["changedPropIds"] = [f"{item['id']}.{item['property']}"]
                    if admin.post("/_dash-update-component", json=request).status_code >= 500:
                        failures.append((dep["output"][:50], item["id"], item["property"], value))
    assert failures == []
    assert not [rec for rec in caplog.records if rec.exc_info]
