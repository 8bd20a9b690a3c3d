"""Evidence (data dukung) for the recommendations: files checked by their content and kept by SHA-256 (never
executed), or links; attached and removed as undoable entries of the upload log (kind ``evidence``); and the
readiness figures an assessor looks at, aggregated in SQL.

A recommendation is ready when it is not Tidak Dapat Ditindaklanjuti and has at least one evidence item dated on
or after the cut-off; readiness is the share of ready recommendations among those that are not TDTL (the
denominator of completion).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core import audit, derived, i18n
from core import models as M
from core.settings import Settings, private_dir, write_private
from core.values import fold
from dashboard.queries.evidence_readiness import CUTOFF_KEY
from loaders.ingest import lock_for_writing
from loaders.write import jsonable

MAX_BYTES = 20 * 2**20  # one evidence file
MAX_ZIP_ENTRIES = 5000
URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


class EvidenceRefused(ValueError):
    """A file or link that is not accepted as evidence; ``str(exc)`` says why, in Bahasa Indonesia."""


@dataclass(frozen=True)
class Kind:
    media_type: str
    extension: str


PDF = Kind("application/pdf", ".pdf")
IMAGES = {b"\x89PNG\r\n\x1a\n": Kind("image/png", ".png"), b"\xff\xd8\xff": Kind("image/jpeg", ".jpg"),
          b"GIF87a": Kind("image/gif", ".gif"), b"GIF89a": Kind("image/gif", ".gif")}
EXECUTABLES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf",
               b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
OOXML = {"word/": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
         "xl/": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
         "ppt/": Kind("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx")}
ODF_EXTENSIONS = {"text": ".odt", "spreadsheet": ".ods", "presentation": ".odp"}


def sniff(data: bytes) -> Kind:
    """What a file is, by its content (its name is never trusted); EvidenceRefused for anything not accepted."""
    if len(data) > MAX_BYTES:
        raise EvidenceRefused(f"Berkas terlalu besar ({i18n.format_number(round(len(data) / 2**20, 1))} MB); batasnya "
                              f"{MAX_BYTES // 2**20} MB.")
    if not data:
        raise EvidenceRefused("Berkas kosong.")
    if data.startswith(EXECUTABLES):
        raise EvidenceRefused("Berkas ini program atau skrip yang dapat dijalankan, bukan dokumen. Data dukung harus "
                              "PDF, gambar, atau dokumen Office/ODF tanpa makro.")
    if data.startswith(b"%PDF-"):
        if re.search(rb"/Encrypt\b", data[-65536:]) or re.search(rb"/Encrypt\b", data[:65536]):
            raise EvidenceRefused("PDF ini dilindungi kata sandi (terenkripsi). Simpan ulang tanpa kata sandi.")
        return PDF
    for magic, kind in IMAGES.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Kind("image/webp", ".webp")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise EvidenceRefused("Dokumen Office lama (.doc/.xls/.ppt) atau dokumen terenkripsi tidak diterima: keduanya "
                              "dapat memuat makro atau tidak dapat diperiksa. Simpan sebagai PDF, .docx atau .xlsx.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    raise EvidenceRefused("Jenis berkas tidak dikenali. Data dukung harus PDF, gambar (PNG, JPEG, GIF, WEBP), atau "
                          "dokumen Office (.docx, .xlsx, .pptx) atau ODF (.odt, .ods, .odp) tanpa makro.")


def _sniff_zip(data: bytes) -> Kind:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except zipfile.BadZipFile:
        raise EvidenceRefused("Berkas ZIP/dokumen ini rusak dan tidak dapat dibaca.") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise EvidenceRefused("Berkas ini memuat terlalu banyak bagian untuk sebuah dokumen.")
    if any(e.flag_bits & 0x1 for e in entries):
        raise EvidenceRefused("Berkas ini dilindungi kata sandi (terenkripsi). Simpan ulang tanpa kata sandi.")
    names = [e.filename for e in entries]
    lower = [n.casefold() for n in names]
    if "[content_types].xml" in lower:
        types = archive.read(names[lower.index("[content_types].xml")]).decode("utf-8", "replace").casefold()
        if any("vbaproject" in n or n.startswith(("xl/macrosheets/", "word/vbadata")) for n in lower) \
                or "macroenabled" in types or "vbaproject" in types:
            raise EvidenceRefused("Dokumen ini memuat makro. Simpan sebagai .docx/.xlsx/.pptx biasa (tanpa makro) "
                                  "atau PDF.")
        for prefix, kind in OOXML.items():
            if any(n.startswith(prefix) for n in lower):
                return kind
    if "mimetype" in lower:
        mimetype = archive.read(names[lower.index("mimetype")]).decode("ascii", "replace").strip()
        if mimetype.startswith("application/vnd.oasis.opendocument."):
            if any(n.startswith(("basic/", "scripts/")) for n in lower):
                raise EvidenceRefused("Dokumen ODF ini memuat makro. Simpan ulang tanpa makro atau sebagai PDF.")
            sub = mimetype.rsplit(".", 1)[-1]
            return Kind(mimetype, ODF_EXTENSIONS.get(sub, ".odt"))
    raise EvidenceRefused("Arsip ZIP biasa tidak diterima sebagai data dukung: lampirkan dokumennya satu per satu.")


def _recommendation(s: Session, code: str) -> M.Recommendation:
    rec = next((r for r in s.scalars(select(M.Recommendation)) if fold(r.code) == fold(code)), None)
    if rec is None:
        raise EvidenceRefused(f"Rekomendasi berkode {code} tidak ada. Periksa kodenya (pokja recommendations).")
    return rec


def _as_dict(e: M.Evidence, code: str) -> dict:
    out = {"id": e.id, "code": code, "title": e.title, "kind": e.kind, "date": e.date.isoformat(),
           "by": e.provided_by}
    if e.kind == "file":
        out["sha256"] = e.sha256
    else:
        out["url"] = e.url
    return out


def add(engine: Engine, settings: Settings, code: str, source: bytes | str, title: str, actor: str,
        filename: str | None = None, date: dt.date | None = None, by: str | None = None) -> dict:
    """Attach a file (``source`` bytes, with its ``filename``) or a link (``source`` an http(s) URL) to the
    recommendation ``code``. Returns the evidence as ``pokja evidence add --json`` prints it."""
    title = " ".join((title or "").split())
    if not title or len(title) > 300:
        raise EvidenceRefused("Judul data dukung wajib diisi (paling panjang 300 karakter).")
    day = date or dt.date.today()
    if isinstance(source, str):
        url = source.strip()
        if not URL.match(url) or len(url) > 2000:
            raise EvidenceRefused(f"Tautan harus diawali http:// atau https:// (paling panjang 2.000 karakter), bukan "
                                  f"{url[:80]!r}.")
        values = {"kind": "link", "url": url}
        sha = hashlib.sha256(url.encode()).hexdigest()
        size = 0
    else:
        kind = sniff(source)
        sha = hashlib.sha256(source).hexdigest()
        folder = private_dir(settings.data_dir / "evidence" / sha[:2])
        path = folder / f"{sha}{kind.extension}"
        if not path.exists():
            tmp = path.with_name(path.name + ".part")
            write_private(tmp, source)
            tmp.replace(path)
        name = re.split(r"[\\/]", filename or f"data-dukung{kind.extension}")[-1][:255]
        values = {"kind": "file", "sha256": sha, "filename": name, "media_type": kind.media_type,
                  "size_bytes": len(source)}
        size = len(source)
    with Session(engine) as s:
        lock_for_writing(s)
        rec = _recommendation(s, code)
        entry = M.Upload(filename=f"Data dukung {rec.code}: {title}"[:255], sha256=sha, size_bytes=size,
                         uploaded_by=actor, outcome="committed", kind="evidence", counts_json="{}",
                         message=f"Ditambahkan ke {rec.code}")
        s.add(entry)
        s.flush()
        item = M.Evidence(recommendation_id=rec.id, title=title, date=day, provided_by=(by or "").strip() or None,
                          created_upload_id=entry.id, upload_id=entry.id, **values)
        s.add(item)
        s.flush()
        audit.record(s, actor, "evidence.add", f"#{entry.id} {rec.code}: {title} ({values['kind']})")
        derived.after_change(s)
        s.commit()
        return _as_dict(item, rec.code)


def remove(engine: Engine, evidence_id: int, actor: str) -> int:
    """Remove one evidence item (its file stays in the content-addressed store); undone by ``pokja undo``. Returns
    the upload-log entry's id."""
    with Session(engine) as s:
        lock_for_writing(s)
        item = s.get(M.Evidence, evidence_id)
        if item is None:
            raise EvidenceRefused(f"Data dukung #{evidence_id} tidak ada.")
        code = s.get(M.Recommendation, item.recommendation_id).code
        row = s.execute(select(M.Evidence.__table__).where(M.Evidence.id == evidence_id)).mappings().one()
        entry = M.Upload(filename=f"Hapus data dukung {code}: {item.title}"[:255], sha256=item.sha256 or "",
                         size_bytes=0, uploaded_by=actor, outcome="committed", kind="evidence", counts_json="{}",
                         message=f"Dihapus dari {code}")
        s.add(entry)
        s.flush()
        s.add(M.UploadChange(upload_id=entry.id, table_name="evidence", row_id=evidence_id,
                             before_json=json.dumps({"__deleted__": True, **{k: jsonable(v) for k, v in row.items()}})))
        s.delete(item)
        audit.record(s, actor, "evidence.remove", f"#{entry.id} {code}: {item.title}")
        derived.after_change(s)
        s.commit()
        return entry.id


def link(engine: Engine, contribution_id: int, evidence_id: int | None, actor: str) -> int:
    """Point a Data Dukung contribution at its evidence item (``evidence_id`` None: unlink). An undoable entry of
    the upload log (kind ``evidence``), in the audit trail. Returns the entry's id."""
    with Session(engine) as s:
        lock_for_writing(s)
        con = s.get(M.Contribution, contribution_id)
        if con is None:
            raise EvidenceRefused(f"Kontribusi #{contribution_id} tidak ada.")
        if fold(con.kind) != fold("Data Dukung"):
            raise EvidenceRefused(f"Kontribusi #{contribution_id} berjenis {con.kind}; hanya kontribusi Data Dukung "
                                  "yang dapat menunjuk data dukung.")
        item = s.get(M.Evidence, evidence_id) if evidence_id is not None else None
        if evidence_id is not None and item is None:
            raise EvidenceRefused(f"Data dukung #{evidence_id} tidak ada.")
        what = f"kontribusi #{contribution_id} -> " + (f"data dukung #{evidence_id}" if item else "tanpa data dukung")
        entry = M.Upload(filename=f"Tautan {what}"[:255], sha256="", size_bytes=0, uploaded_by=actor,
                         outcome="committed", kind="evidence", counts_json="{}", message=what)
        s.add(entry)
        s.flush()
        s.add(M.UploadChange(upload_id=entry.id, table_name="contribution", row_id=con.id,
                             before_json=json.dumps({"evidence_id": con.evidence_id, "upload_id": con.upload_id})))
        con.evidence_id, con.upload_id = evidence_id, entry.id
        audit.record(s, actor, "evidence.link", f"#{entry.id} {what}")
        s.commit()
        return entry.id


def items(engine: Engine, code: str | None = None) -> list[dict]:
    """Evidence, by recommendation code and date (newest first), optionally of one recommendation."""
    with Session(engine) as s:
        q = (select(M.Evidence, M.Recommendation.code).join(M.Recommendation)
             .order_by(M.Recommendation.code, M.Evidence.date.desc(), M.Evidence.id))
        return [_as_dict(e, c) for e, c in s.execute(q) if code is None or fold(c) == fold(code)]


def set_cutoff(engine: Engine, cutoff: dt.date | None, actor: str) -> None:
    """Set the cut-off evidence must be dated on or after (None: back to 1 January of the current year). Audited."""
    with Session(engine) as s:
        row = s.get(M.AppState, CUTOFF_KEY)
        value = cutoff.isoformat() if cutoff else ""
        if row is None:
            s.add(M.AppState(key=CUTOFF_KEY, value=value))
        else:
            row.value = value
        audit.record(s, actor, "evidence.cutoff", value or "1 Januari")
        derived.after_change(s)
        s.commit()


def details(engine: Engine, code: str) -> list[dict]:
    """One recommendation's evidence for the page: ``items``'s objects with the file's name, type and size."""
    with Session(engine) as s:
        q = (select(M.Evidence, M.Recommendation.code).join(M.Recommendation)
             .order_by(M.Evidence.date.desc(), M.Evidence.id))
        return [{**_as_dict(e, c), "filename": e.filename, "media_type": e.media_type, "size": e.size_bytes}
                for e, c in s.execute(q) if fold(c) == fold(code)]


def stored_file(settings: Settings, sha256: str, media_type: str | None) -> bytes:
    """A stored evidence file's bytes (content-addressed: data/evidence/<sha[:2]>/<sha><extension>)."""
    folder = settings.data_dir / "evidence" / sha256[:2]
    for path in folder.glob(f"{sha256}.*"):
        if not path.name.endswith(".part"):
            return path.read_bytes()
    raise EvidenceRefused(f"Berkas data dukung {sha256[:12]} tidak ada lagi di penyimpanan.")


def file_download(engine: Engine, settings: Settings, evidence_id: int) -> tuple[bytes, str]:
    """One file's bytes and the name it is downloaded as."""
    with Session(engine) as s:
        item = s.get(M.Evidence, evidence_id)
        if item is None or item.kind != "file":
            raise EvidenceRefused(f"Data dukung #{evidence_id} tidak ada atau bukan berkas.")
        return stored_file(settings, item.sha256, item.media_type), item.filename or f"data-dukung-{item.id}"


def recommendation_zip(engine: Engine, settings: Settings, code: str) -> tuple[bytes, str]:
    """One recommendation's evidence for the assessors: its files, and a DAFTAR.txt of every item (links
    included), as one zip."""
    rows = details(engine, code)
    buf = io.BytesIO()
    names: set[str] = set()
    lines = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, r in enumerate(rows, 1):
            where = r.get("url") or ""
            if r["kind"] == "file":
                name = f"{n:02d}-{r['filename'] or r['id']}"
                if name not in names:
                    names.add(name)
                    z.writestr(name, stored_file(settings, r["sha256"], r["media_type"]))
                where = name
            lines.append(f"{n}. {r['title']} ({i18n.format_date(dt.date.fromisoformat(r['date']))}"
                         f"{', ' + r['by'] if r['by'] else ''}): {where}")
        z.writestr("DAFTAR.txt", "\n".join([f"Data dukung rekomendasi {code}", "", *lines]) + "\n")
    return buf.getvalue(), f"data-dukung-{re.sub(r'[^A-Za-z0-9-]+', '-', code)}.zip"


def index_xlsx(engine: Engine) -> tuple[bytes, str]:
    """The evidence index: every item with its recommendation, as an xlsx for the assessors."""
    import tempfile
    from pathlib import Path

    from dashboard.snapshots import Table, write_xlsx

    with Session(engine) as s:
        q = (select(M.Evidence, M.Recommendation.code, M.Recommendation.source, M.Recommendation.status)
             .join(M.Recommendation).order_by(M.Recommendation.code, M.Evidence.date.desc(), M.Evidence.id))
        rows = [{"code": c, "source": src, "status": st, "title": e.title, "date": e.date,
                 "kind": "Berkas" if e.kind == "file" else "Tautan", "by": e.provided_by,
                 "where": e.filename if e.kind == "file" else e.url, "sha256": e.sha256}
                for e, c, src, st in s.execute(q)]
    h = i18n.EVIDENCE["index_columns"]
    table = Table(h["sheet"], [(h[k], k, "date" if k == "date" else "text")
                               for k in ("code", "source", "status", "title", "date", "kind", "by", "where", "sha256")],
                  rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "indeks.xlsx"
        write_xlsx([table], path, h["sheet"])
        return path.read_bytes(), f"indeks-data-dukung-{dt.date.today().isoformat()}.xlsx"
