"""Large uploads take the bulk paths of the loader (executemany by column, SQLite indexes set aside and rebuilt);
these check that what they store, update, record for undo and undo again is exactly what the row-by-row
rules say, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import io
import random

import pytest
import xlsxwriter
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from core import models as M
from loaders.bulk import sqlite_indexes_set_aside
from loaders.ingest import load_file, undo_upload
from loaders.resolve import Resolver

N_MEMBERS = 300
N_CONTRIBUTIONS = 12_000  # above the 10,000 rows from which SQLite's secondary indexes are set aside
KINDS = ["Data Dukung", "Publikasi", "Paparan (Narasumber)", "Laporan"]
START = dt.date(2023, 1, 1)


def recap(members: list[list], contributions: list[list], recommendations: bool = True) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Anggota")
    ws.write_row(0, 0, ["Kode Anggota", "Nama", "Instansi", "Unsur"])
    for i, row in enumerate(members, start=1):
        ws.write_row(i, 0, row)
    if recommendations:
        ws = wb.add_worksheet("Rekomendasi")
        ws.write_row(0, 0, ["Kode", "Sumber", "Uraian", "Status"])
        for i in range(3):
            ws.write_row(i + 1, 0, [f"2023-I-0{i + 1}", "Evaluasi 2023 Tahap I", f"Rekomendasi {i + 1}", "Belum Sesuai"])
    ws = wb.add_worksheet("Kontribusi")
    ws.write_row(0, 0, ["Kode Kontribusi", "Tanggal", "Kode Anggota", "Jenis Kontribusi", "Uraian", "Bukti",
                        "Verifikasi", "Kode Rekomendasi"])
    for i, (code, day, member, kind, desc, evidence, verification, rec) in enumerate(contributions, start=1):
        if code:
            ws.write_string(i, 0, code)
        ws.write_datetime(i, 1, dt.datetime(day.year, day.month, day.day), date_fmt)
        ws.write_string(i, 2, member)
        ws.write_string(i, 3, kind)
        ws.write_string(i, 4, desc)
        if evidence:
            ws.write_string(i, 5, evidence)
        ws.write_string(i, 6, verification)
        if rec:
            ws.write_string(i, 7, rec)
    wb.close()
    return buf.getvalue()


def first_file(rnd: random.Random) -> tuple[list[list], list[list]]:
    members = [[f"ANG-{i:04d}", f"Anggota {i}", f"Instansi {i % 17}", "Pemerintah" if i % 3 else "Swasta"]
               for i in range(N_MEMBERS)]
    contributions = []
    for i in range(N_CONTRIBUTIONS):
        coded = i % 4 != 0  # a quarter without a code: keyed by date, member, kind and description
        contributions.append([
            f"KON-{i:06d}" if coded else None,
            START + dt.timedelta(days=rnd.randrange(700)),
            f"ANG-{rnd.randrange(N_MEMBERS):04d}",
            rnd.choice(KINDS),
            f"Uraian kontribusi {i}",
            f"https://bukti.example/{i}.pdf" if i % 3 else None,
            rnd.choice(["Terverifikasi", "Menunggu", "Ditolak"]),
            f"2023-I-0{i % 3 + 1}" if i % 50 == 0 else None,
        ])
    return members, contributions


def table_state(engine) -> dict[str, list[tuple]]:  # noqa: ANN001
    with Session(engine) as s:
        out = {}
        for model in (M.Member, M.Contribution):
            cols = [c for c in model.__table__.c]
            out[model.__tablename__] = [tuple(r) for r in s.execute(select(*cols).order_by(model.id))]
        return out


def sqlite_indexes(engine) -> list[tuple[str, str]]:  # noqa: ANN001
    with engine.connect() as c:
        return sorted(c.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                     "AND tbl_name = 'contribution'")).all(), key=lambda r: r[0])


@pytest.mark.parametrize("path", ["by column", "row by row"])
def test_large_upload_update_and_undo_are_exact(engine, settings, path, monkeypatch):
    """The same uploads, resolved by column (no row has a problem) and forced row by row (the path that
    reports problems), store, count, record and undo exactly the same."""
    blocks = []
    if path == "row by row":
        monkeypatch.setattr(Resolver, "_contribution_block", lambda self, ps: None)
    else:
        real_block = Resolver._contribution_block
        monkeypatch.setattr(Resolver, "_contribution_block",
                            lambda self, ps: blocks.append(real_block(self, ps)) or blocks[-1])
    sqlite = engine.dialect.name == "sqlite"
    indexes_before = sqlite_indexes(engine) if sqlite else None
    rnd = random.Random(11)
    members, contributions = first_file(rnd)
    data = recap(members, contributions)

    dry = load_file(engine, settings, data, "rekap-1.xlsx", "tester", dry_run=True)
    assert dry.ok and dry.sheets["Kontribusi"].inserted == N_CONTRIBUTIONS
    assert table_state(engine) == {"member": [], "contribution": []}

    first = load_file(engine, settings, data, "rekap-1.xlsx", "tester")
    assert first.ok, [e.as_dict() for e in first.errors[:3]]
    assert first.sheets["Kontribusi"].inserted == N_CONTRIBUTIONS
    assert all(b is not None for b in blocks) and len(blocks) == 2 * (path == "by column")  # dry run + load
    if sqlite:
        assert sqlite_indexes(engine) == indexes_before  # set aside during the insert, rebuilt the same
        with engine.connect() as c:  # dates stored as SQLAlchemy's Date stores them
            assert c.execute(text("SELECT COUNT(*) FROM contribution WHERE date NOT GLOB "
                                  "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'")).scalar() == 0
    after_first = table_state(engine)
    with Session(engine) as s:
        member_id = {code: i for i, code in s.execute(select(M.Member.id, M.Member.code))}
        rec_id = {code: i for i, code in s.execute(select(M.Recommendation.id, M.Recommendation.code))}
        stored = {c.key: c for c in s.scalars(select(M.Contribution))}
    for code, day, member, kind, desc, evidence, verification, rec in contributions:
        key = f"#{code.casefold()}" if code else f"{day.isoformat()}|{M_KEY[member]}|{kind.casefold()}|{desc.casefold()}"
        row = stored[key]
        assert (row.code, row.date, row.member_id, row.kind, row.description, row.evidence, row.verification,
                row.recommendation_id) == (code, day, member_id[member], kind, desc, evidence, verification,
                                           rec_id[rec] if rec else None)
        assert row.created_upload_id == row.upload_id == first.upload_id

    # The corrected recap: a tenth of the coded rows changed, every fifth uncoded row's description changed
    # (a new key: a new row), 1,500 new rows; the rest as it was, some rows left out.
    second_rows, changed = [], 0
    for i, row in enumerate(contributions[:11_000]):
        row = list(row)
        if row[0] and i % 10 == 1:
            row[3] = KINDS[(KINDS.index(row[3]) + 1) % len(KINDS)]
            row[6] = "Terverifikasi" if row[6] != "Terverifikasi" else "Menunggu"
            row[2] = f"ANG-{(int(row[2][4:]) + 1) % N_MEMBERS:04d}"
            changed += 1
        elif not row[0] and i % 20 == 0:
            row[4] += " (diperbaiki)"
        second_rows.append(row)
    new_uncoded = sum(1 for i, r in enumerate(contributions[:11_000]) if not r[0] and i % 20 == 0)
    for i in range(N_CONTRIBUTIONS, N_CONTRIBUTIONS + 1_500):
        second_rows.append([f"KON-{i:06d}" if i % 2 else None, START + dt.timedelta(days=i % 500),
                            f"ANG-{i % N_MEMBERS:04d}", "Laporan", f"Kontribusi baru {i}", None, "Menunggu", None])
    second = load_file(engine, settings, recap(members, second_rows, recommendations=False), "rekap-2.xlsx",
                       "tester")
    assert second.ok, [e.as_dict() for e in second.errors[:3]]
    counts = second.sheets["Kontribusi"]
    assert (counts.inserted, counts.updated, counts.unchanged) == (1_500 + new_uncoded, changed,
                                                                    11_000 - changed - new_uncoded)
    with Session(engine) as s:
        changes = list(s.scalars(select(M.UploadChange).where(M.UploadChange.upload_id == second.upload_id)))
        assert len(changes) == changed and {c.table_name for c in changes} == {"contribution"}
        by_id = {r[0]: r for r in after_first["contribution"]}
        cols = [c.name for c in M.Contribution.__table__.c]
        import json
        for ch in changes:
            before = json.loads(ch.before_json)
            assert set(before) == {"kind", "verification", "member_id", "upload_id"}
            old = dict(zip(cols, by_id[ch.row_id]))
            assert before == {k: old[k] for k in before}
    if sqlite:
        assert sqlite_indexes(engine) == indexes_before

    assert undo_upload(engine, second.upload_id, "tester") == {"restored": changed, "deleted": 1_500 + new_uncoded}
    assert table_state(engine) == after_first
    undo_upload(engine, first.upload_id, "tester")
    assert table_state(engine) == {"member": [], "contribution": []}


M_KEY = {f"ANG-{i:04d}": f"anggota {i}|instansi {i % 17}" for i in range(N_MEMBERS)}


def test_indexes_set_aside_come_back_on_error_and_rollback(sqlite_url):
    from core.db import make_engine, upgrade_database

    engine = make_engine(sqlite_url)
    upgrade_database(engine)
    try:
        before = sqlite_indexes(engine)
        assert any(sql and sql.startswith("CREATE INDEX") for _, sql in before)
        with Session(engine) as s:
            conn = s.connection()
            cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            with pytest.raises(RuntimeError), sqlite_indexes_set_aside(conn, M.Contribution.__table__, 20_000):
                assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -65536  # 64 MiB meanwhile
                names = {n for (n,) in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contribution'")}
                assert names == {n for n, sql in before if sql is None or "UNIQUE" in sql}  # unique ones stay
                raise RuntimeError("insert failed")
            assert sqlite_indexes(engine) == before  # another connection: never saw them go
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == cache_size
            s.rollback()
        assert sqlite_indexes(engine) == before
        with Session(engine) as s:  # small inserts leave the indexes alone
            conn = s.connection()
            with sqlite_indexes_set_aside(conn, M.Contribution.__table__, 500):
                assert len(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index' "
                                                "AND tbl_name = 'contribution'").all()) == len(before)
    finally:
        engine.dispose()


@pytest.mark.parametrize(("rows", "per_statement"), [(1_123, 500), (50, 7), (14, 7), (13, 7), (999, 500)])
def test_insert_many_stores_every_row_exactly(engine, monkeypatch, rows, per_statement):
    """insert_many's several-rows-per-INSERT path (SQLite, from twice SQLITE_ROWS_PER_INSERT rows) and its
    remainder store each row once, with its values, in order; a duplicate key anywhere fails the whole call."""
    from sqlalchemy import Column, Integer, MetaData, String, Table

    from core import db

    monkeypatch.setattr(db, "SQLITE_ROWS_PER_INSERT", per_statement)
    table = Table("insert_many_probe", MetaData(), Column("id", Integer, primary_key=True),
                  Column("label", String(40), unique=True), Column("n", Integer), Column("note", String(40)))
    table.create(engine)
    try:
        data = [(i + 1, f"label-{i}", i * 7 if i % 3 else None, None if i % 5 else f"é {i}'\"") for i in range(rows)]
        with engine.begin() as conn:
            db.insert_many(conn, table, ["id", "label", "n", "note"], data)
        with engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(select(table).order_by(table.c.id))] == data
        clash = [(rows + i + 1, f"new-{i}", i, None) for i in range(rows)]
        clash[-1] = (2 * rows, "label-0", 0, None)  # the last row repeats a stored label
        with pytest.raises(Exception, match="(?i)unique"), engine.begin() as conn:
            db.insert_many(conn, table, ["id", "label", "n", "note"], clash)
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(table)).scalar() == rows
    finally:
        table.drop(engine)
