"""Bytes in, sheets of cells out, safely: format sniffing, size limits, no XML entities, crash isolation.

The Rust reader (python-calamine) is fast but can abort the whole process on some hostile files
(tafia/calamine#693), so parsing runs in a child process with a memory cap and a timeout. Everything
that can be checked cheaply (format, encryption, zip bombs, DOCTYPE declarations, declared dimensions)
is checked here first, before any parser sees the file.
"""
from __future__ import annotations

import io
import os
import pickle
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core import trace
from core.settings import Limits

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUPPORTED_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
ENCRYPTED_MESSAGE = "Berkas dilindungi kata sandi (terenkripsi). Buka di Excel, hapus kata sandinya, simpan, lalu unggah lagi."


def check_xml_safety() -> None:
    """openpyxl (templates, exports) must parse XML through defusedxml: no entity expansion, ever."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("openpyxl is running without defusedxml; install defusedxml (it is a dependency).")


class FileRefused(Exception):
    """The file is not a workbook the loader will read; ``str(exc)`` is the clerk-facing reason."""


# A column: its distinct cell values and, per row, the index of the row's value; or, for a column of
# (nearly) all different cells, the cells themselves and None.
Column = tuple[list, "Sequence[int] | None"]


class Sheet:
    """The cells of one worksheet, held by column: each column is its distinct values and, per row, a code.

    Recaps repeat codes, kinds, dates and statuses down a column, so this is what crosses from the child
    process cheaply, and what parsing wants (each distinct cell parsed once). ``rows`` gives the cells row
    by row (``rows[i][j]`` is Excel row i+1, column j+1; '' or None for empty, empty trailing cells dropped),
    built on first use; a Sheet can also be made from rows.
    """

    def __init__(self, name: str, rows: list[list[object]] | None = None,
                 merged: list[tuple[tuple[int, int], tuple[int, int]]] | None = None, *,
                 height: int | None = None, columns: list[Column] | None = None):
        self.name = name
        self.merged = list(merged or [])
        if rows is None and columns is None:
            rows = []
        self._rows = rows
        self._columns = columns
        self.height = len(rows) if rows is not None else height

    def __repr__(self) -> str:
        return f"Sheet({self.name!r}, height={self.height}, width={self.width})"

    @property
    def rows(self) -> list[list[object]]:
        if self._rows is None:
            self._rows = self.head(self.height)
        return self._rows

    @property
    def columns(self) -> list[Column]:
        if self._columns is None:
            self.height, self._columns = encode_columns(self._rows)
        return self._columns

    @property
    def width(self) -> int:
        return len(self.columns)

    def head(self, n: int) -> list[list[object]]:
        """The first ``n`` rows, empty trailing cells dropped."""
        if self._rows is not None:
            return self._rows[:n]
        n = min(n, self.height)
        cells = [[values[c] for c in codes[:n]] if codes is not None else values[:n]
                 for values, codes in self._columns]
        return [_trim_row(list(r)) for r in zip(*cells)] if cells else [[] for _ in range(n)]


def _trim_row(row: list[object]) -> list[object]:
    end = len(row)
    while end and row[end - 1] in ("", None):
        end -= 1
    return row[:end] if end != len(row) else row


_NUMERIC = (bool, int, float)


def encode_columns(rows: list[list[object]]) -> tuple[int, list[Column]]:
    """Rows of cells -> (height, columns): per column its distinct values and an array of codes.

    Empty trailing columns (Excel declares formatted columns up to XFD) are dropped. Values are told apart
    as Python's ``==`` does, except that a column mixing booleans, integers and floats keys them by type too
    (``True == 1 == 1.0``, yet each cell keeps what it was).
    """
    from itertools import zip_longest

    height = len(rows)
    width = max(map(len, rows), default=0)
    if all(len(r) == width for r in rows):  # calamine's rows are: a list per column, twice zip(*rows)'s speed
        transposed = ([r[j] for r in rows] for j in range(width))
    else:
        transposed = zip_longest(*rows, fillvalue=None)
    columns: list[Column] = []
    last_used = 0
    for col in transposed:
        columns.append(_encode_column(col))
        if any(v is not None and v != "" for v in col):
            last_used = len(columns)
    return height, columns[:last_used]


_SAMPLE = 8192


def _encode_column(col: "list | tuple") -> Column:
    from array import array

    try:
        if len(col) > 2 * _SAMPLE and len(set(col[:_SAMPLE])) > _SAMPLE // 2:
            return (col if type(col) is list else list(col)), None  # codes, descriptions, links: nothing to share
        if len(set(map(type, col)).intersection(_NUMERIC)) > 1:
            keys = [(type(v), v) for v in col]
            index = dict.fromkeys(keys)
            values = [k[1] for k in index]
        else:
            keys = col
            index = dict.fromkeys(col)
            values = list(index)
    except TypeError:  # an unhashable cell (never from calamine)
        return list(col), None
    for i, k in enumerate(index):
        index[k] = i
    typecode = "B" if len(values) <= 0x100 else "H" if len(values) <= 0x10000 else "I"
    return values, array(typecode, map(index.__getitem__, keys))


@dataclass
class Workbook:
    sheet_names: list[str]
    sheets: dict[str, Sheet]  # only the sheets that were asked for


def _ext(filename: str) -> str:
    return Path(filename or "").suffix.casefold()


def check_file(data: bytes, filename: str, limits: Limits) -> str:
    """Refuse what must never reach a parser; return the format (xlsx, xlsm, xls, ods)."""
    ext = _ext(filename)
    check_size(len(data), limits)
    if not data:
        raise FileRefused("Berkas kosong (0 byte).")
    if data.startswith(OLE_MAGIC):
        if _ole_is_encrypted_ooxml(data):
            raise FileRefused(ENCRYPTED_MESSAGE)
        if _xls_has_filepass(data):
            raise FileRefused(ENCRYPTED_MESSAGE)
        if ext != ".xls":
            raise FileRefused(
                f"Isi berkas adalah format Excel 97-2003 (.xls), tidak cocok dengan ekstensi '{ext or '-'}'. "
                "Simpan ulang sebagai .xlsx lalu unggah lagi."
            )
        return "xls"
    if ext not in SUPPORTED_EXTENSIONS:
        raise FileRefused(
            f"Format berkas '{ext or 'tanpa ekstensi'}' tidak didukung. Unggah buku kerja Excel (.xlsx, .xlsm, .xls) "
            "atau .ods."
        )
    if ext == ".xls":
        if data[:4] in (b"\x09\x00\x04\x00", b"\x09\x02\x06\x00", b"\x09\x04\x06\x00"):
            raise FileRefused("Berkas Excel versi lama (Excel 2-4) tidak didukung. Simpan ulang sebagai .xlsx.")
        raise FileRefused("Berkas .xls ini bukan buku kerja Excel yang sah (rusak atau format lain).")
    if data.startswith(EMPTY_ZIP_MAGIC) or not data.startswith(ZIP_MAGIC):
        raise FileRefused("Berkas bukan buku kerja Excel yang sah (rusak, terpotong, atau format lain).")
    _check_zip(data, ext, limits)
    return ext.lstrip(".")


def check_size(size: int, limits: Limits) -> None:
    """Refuse a file of ``size`` bytes over the upload limit (the web checks it before decoding the upload)."""
    if size > limits.max_upload_bytes:
        raise FileRefused(f"Berkas terlalu besar ({_mb(size)} MB); batasnya {_mb(limits.max_upload_bytes)} MB.")


def _ole_is_encrypted_ooxml(data: bytes) -> bool:
    """An encrypted .xlsx is an OLE container holding EncryptionInfo + EncryptedPackage streams."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            names = {"/".join(entry).casefold() for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # noqa: BLE001 - a broken container is judged by the parser step, not here
        return b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data
    return "encryptedpackage" in names or "encryptioninfo" in names


def _xls_has_filepass(data: bytes) -> bool:
    """BIFF8 encryption (RC4 or XOR obfuscation) is a FILEPASS record in the workbook globals."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = next((n for n in ("Workbook", "WORKBOOK", "Book", "BOOK") if ole.exists(n)), None)
            if stream is None:
                return False
            head = ole.openstream(stream).read(256 * 1024)
    except Exception:  # noqa: BLE001 - unreadable containers are left to the parser step
        return False
    pos = 0
    while pos + 4 <= len(head):
        rtype = int.from_bytes(head[pos:pos + 2], "little")
        length = int.from_bytes(head[pos + 2:pos + 4], "little")
        if rtype == 0x002F:
            return True
        if rtype in (0x0085, 0x000A):  # BOUNDSHEET or EOF: past the place FILEPASS would be
            return False
        pos += 4 + length
    return False


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def _check_zip(data: bytes, ext: str, limits: Limits) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise FileRefused("Berkas bukan buku kerja Excel yang sah (arsip zip rusak atau terpotong).") from None
    if len(infos) > limits.max_zip_entries:
        raise FileRefused(f"Berkas berisi terlalu banyak bagian ({len(infos)}); batasnya {limits.max_zip_entries}.")
    names = [i.filename.replace("\\", "/").casefold() for i in infos]
    if len(set(names)) != len(names):
        raise FileRefused("Berkas tidak sah: ada bagian zip dengan nama ganda (berkas rusak atau dimanipulasi).")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise FileRefused(
            f"Isi berkas setelah diekstrak terlalu besar ({_mb(total)} MB); batasnya "
            f"{_mb(limits.max_uncompressed_bytes)} MB."
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileRefused(ENCRYPTED_MESSAGE)
        if info.file_size > 1_000_000 and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1):
            raise FileRefused(
                "Berkas ditolak: rasio kompresi salah satu bagiannya tidak wajar (kemungkinan 'zip bomb')."
            )
    if ext == ".ods":
        if "mimetype" not in names:
            raise FileRefused("Berkas .ods tidak sah (tanpa mimetype).")
        manifest = next((i for i in infos if i.filename.casefold() == "meta-inf/manifest.xml"), None)
        if manifest is not None and b"encryption-data" in _read_head(zf, manifest, 1_000_000):
            raise FileRefused(ENCRYPTED_MESSAGE)
    elif not any(n.endswith(".xml") and "workbook" in n for n in names) and "[content_types].xml" not in names:
        raise FileRefused("Berkas bukan buku kerja Excel yang sah (bagian workbook tidak ditemukan).")
    for info in infos:
        lower = info.filename.casefold()
        if not (lower.endswith(".xml") or lower.endswith(".rels") or lower.endswith(".vml")):
            continue
        head = _read_prolog(zf, info)
        if _DOCTYPE.search(head):
            raise FileRefused(
                "Berkas ditolak: berisi deklarasi DOCTYPE/ENTITY XML yang tidak pernah dibuat Excel "
                "(pola serangan 'billion laughs'/XXE)."
            )
        if "worksheets/" not in lower:
            continue
        declared_cells = 0
        if m := _DIMENSION.search(head):
            last_col = m.group(3) or m.group(1)
            last_row = m.group(4) or m.group(2)
            rows, cols = int(last_row), _col_number(last_col)
            # Excel declares whole formatted rows up to column XFD, so judge rows and the cell count.
            if rows > limits.max_rows or rows * cols > limits.max_cells:
                raise FileRefused(
                    f"Sheet '{info.filename}' menyatakan ukuran {rows:,} baris x {cols:,} kolom; batasnya "
                    f"{limits.max_rows:,} baris dan {limits.max_cells:,} sel.".replace(",", ".")
                )
            declared_cells = rows * cols
        # No <dimension> (it is optional), or one too small for the part's size: count what is there, unless the
        # part is too small to hold more rows or cells than allowed. calamine checks nothing before it has parsed
        # a whole sheet into memory.
        could_exceed = info.file_size > min(limits.max_rows * _MIN_ROW_BYTES, limits.max_cells * _MIN_CELL_BYTES)
        doubtful = info.file_size > _COUNT_FREE_BYTES + declared_cells * _MAX_BYTES_PER_DECLARED_CELL
        if could_exceed and doubtful:
            _count_sheet(zf, info, head, limits)


_ROOT_START = re.compile(rb"<[A-Za-z_]")
_ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]{0,30}:)?worksheet[\s>/]")
_DELIMITERS = (b" ", b">", b"/", b"\t", b"\n", b"\r")  # what may follow an element's name
_MIN_ROW_BYTES, _MIN_CELL_BYTES = len(b"<row/>"), len(b"<c/>")
# A declared <dimension> is believed for a part up to this size plus this many bytes of XML per declared cell (a
# long inline text); a bigger part is counted.
_COUNT_FREE_BYTES = 64 * 1024
_MAX_BYTES_PER_DECLARED_CELL = 400
_COUNT_CHUNK = 1 << 20


def _count_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, head: bytes, limits: Limits) -> None:
    """Count the rows (``<row``) and cells (``<c``) of a worksheet part while inflating it a chunk at a time (a
    bounded buffer, never the whole part), and refuse it as soon as either is over the limits."""
    m = _ROOT_PREFIX.search(head)
    prefix = (m.group(1) or b"") if m else b""
    row_tokens = [b"<" + prefix + b"row" + d for d in _DELIMITERS]
    cell_tokens = [b"<" + prefix + b"c" + d for d in _DELIMITERS]
    keep = max(map(len, row_tokens)) - 1  # a token cut by a chunk's end is whole in the next buffer
    rows = cells = 0
    carry = b""
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_COUNT_CHUNK):
                buf = carry + chunk
                # Tokens wholly inside the carried tail were counted with the previous buffer.
                rows += sum(buf.count(t) - carry.count(t) for t in row_tokens)
                cells += sum(buf.count(t) - carry.count(t) for t in cell_tokens)
                carry = buf[-keep:]
                if rows > limits.max_rows:
                    raise FileRefused(f"Sheet '{info.filename}' berisi lebih dari {limits.max_rows:,} baris; batasnya "
                                      f"{limits.max_rows:,} baris.".replace(",", "."))
                if cells > limits.max_cells:
                    raise FileRefused(f"Sheet '{info.filename}' berisi lebih dari {limits.max_cells:,} sel; batasnya "
                                      f"{limits.max_cells:,} sel.".replace(",", "."))
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError) as exc:
        raise FileRefused(f"Berkas rusak: bagian '{info.filename}' tidak dapat dibaca ({type(exc).__name__}).") from None


def _read_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The part up to its first element: a DOCTYPE can only stand there, however long the comments before it."""
    try:
        with zf.open(info) as fh:
            buf = b""
            while chunk := fh.read(65536):
                buf += chunk
                if (m := _ROOT_START.search(buf)) is not None:
                    return buf[: m.start() + 4096]
            return buf
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError) as exc:
        raise FileRefused(f"Berkas rusak: bagian '{info.filename}' tidak dapat dibaca ({type(exc).__name__}).") from None


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f}".replace(".", ",")


def _read_head(zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    try:
        with zf.open(info) as fh:
            return fh.read(size)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError) as exc:
        raise FileRefused(f"Berkas rusak: bagian '{info.filename}' tidak dapat dibaca ({type(exc).__name__}).") from None


# --- Parsing in a child process -------------------------------------------------------------------


def read_workbook(data: bytes, filename: str, limits: Limits, wanted: "callable | None" = None) -> Workbook:
    """Check the file, then parse it in a capped child process. ``wanted(sheet_name)`` picks sheets."""
    return PendingRead(data, filename, limits, wanted).result()


def start_reading(data: bytes, filename: str, limits: Limits, wanted: "callable | None" = None) -> "PendingRead":
    """``read_workbook`` in the background: the child parses while the caller goes on (``pokja load`` imports
    the database layer and migrates meanwhile); ``.result()`` returns the workbook or raises FileRefused."""
    return PendingRead(data, filename, limits, wanted, background=True)


class PendingRead:
    """A workbook being parsed by its child process (memory cap, CPU limit, timeout: a crash kills only it)."""

    def __init__(self, data: bytes, filename: str, limits: Limits, wanted: "callable | None" = None,
                 background: bool = False):
        self.limits = limits
        self._refused: FileRefused | None = None
        self._outcome: tuple | None = None  # (stdout, timed out, exception)
        self._thread = None
        try:
            fmt = check_file(data, filename, limits)
        except FileRefused as exc:
            self._refused = exc
            return
        # The bytes go to the child as a temporary file this process owns and removes when the child has ended,
        # however it ended (a child that crashes or is killed cannot clean up after itself). Not through the
        # pipe: that needs this process's threads to feed it 64 KiB at a time, and `pokja load` keeps Python's
        # lock busy importing and migrating meanwhile (0.4 s at 5 MB). calamine wants a path with the right
        # extension: then it picks the format itself and reports the real error (password, bad CFB sector...)
        # instead of "cannot detect file format".
        _sweep_stale_copies(limits)
        fd, self._path = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix="." + fmt)
        try:
            with open(fd, "wb") as fh:
                fh.write(data)
            self._request = pickle.dumps({"path": self._path, "limits": limits, "all": wanted is None})
            # The child is started here, in the calling thread (preexec_fn is not safe once other threads run).
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "loaders.reader"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=None if trace.ON else subprocess.PIPE,
                preexec_fn=_child_limits(limits),
                env=dict(os.environ, PYTHONHASHSEED="0", **trace.child_env()),
                cwd=str(Path(__file__).resolve().parent.parent),
            )
        except BaseException:
            os.unlink(self._path)
            raise
        if background:
            import threading

            self._thread = threading.Thread(target=self._communicate, name="workbook-reader", daemon=True)
            self._thread.start()

    def _communicate(self) -> None:
        proc = self._proc
        try:
            out, _ = proc.communicate(self._request, timeout=self.limits.parse_timeout_s)
            trace.mark(f"reader's output received ({len(out or b''):,} bytes)")
            self._outcome = (out, False, None)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            self._outcome = (None, True, None)
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that waits for the result
            proc.kill()
            proc.wait()
            self._outcome = (None, False, exc)
        finally:
            self._request = b""
            os.unlink(self._path)

    def result(self) -> Workbook:
        if self._refused is not None:
            raise self._refused
        if self._thread is not None:
            self._thread.join()
        elif self._outcome is None:
            self._communicate()
        out, timed_out, exc = self._outcome
        if exc is not None:
            raise exc
        limits = self.limits
        if timed_out:
            raise FileRefused(
                f"Berkas tidak selesai dibaca dalam {limits.parse_timeout_s} detik (terlalu besar atau rusak)."
            )
        returncode = self._proc.returncode
        if returncode != 0:
            if returncode < 0:
                sig = signal.Signals(-returncode).name
                raise FileRefused(
                    f"Berkas rusak atau terlalu besar untuk dibaca (pembaca berhenti: {sig}). Periksa berkasnya, "
                    "atau simpan ulang dari Excel."
                )
            raise FileRefused("Berkas tidak dapat dibaca (pembaca gagal). Simpan ulang dari Excel lalu unggah lagi.")
        result = pickle.loads(out)
        if "refused" in result:
            raise FileRefused(result["refused"])
        trace.mark("reader's output unpickled")
        names: list[str] = result["sheet_names"]
        sheets = {s["name"]: Sheet(s["name"], merged=s["merged"], height=s["height"], columns=_decode(s["columns"]))
                  for s in result["sheets"]}
        return Workbook(sheet_names=names, sheets=sheets)


TEMP_PREFIX = "pokja-upload-"


def _sweep_stale_copies(limits: Limits) -> None:
    """Remove this user's temporary copies that no read can still be using: a process killed (SIGKILL, a power
    cut) while its child read never removed its copy. A read lasts at most the parse timeout (then the child is
    killed), so twice that plus a minute is safely past it."""
    cutoff = time.time() - 2 * (limits.parse_timeout_s + 60)
    uid = os.getuid()
    for path in Path(tempfile.gettempdir()).glob(TEMP_PREFIX + "*"):
        try:
            st = path.lstat()
            if st.st_uid == uid and st.st_mtime < cutoff:
                path.unlink()
        except OSError:  # gone meanwhile, or not ours to remove
            continue


def _child_limits(limits: Limits):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.parse_memory_bytes, limits.parse_memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        cpu = limits.parse_timeout_s + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    return apply


def _parse(request: dict) -> dict:
    """Runs in the child: calamine over the bytes, only worksheets that a sheet spec wants."""
    import python_calamine as pc

    return _parse_path(pc, request["path"], request["limits"], request["all"])


def _parse_path(pc, path: str, limits: Limits, want_all: bool) -> dict:  # noqa: ANN001
    from loaders.sheets import match_sheet

    try:
        wb = pc.CalamineWorkbook.from_path(path)
        metas = wb.sheets_metadata
        trace.mark("reader child: workbook opened")
    except pc.PasswordError:
        return {"refused": ENCRYPTED_MESSAGE}
    except Exception as exc:  # noqa: BLE001 - any parser failure is a refusal the clerk can act on
        return {"refused": _parser_message(exc)}
    if len(metas) > limits.max_sheets:
        return {"refused": f"Berkas berisi {len(metas)} sheet; batasnya {limits.max_sheets}."}
    names = [m.name for m in metas]
    sheets = []
    for meta in metas:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        if not want_all and match_sheet(meta.name) is None:
            continue
        try:
            sheet = wb.get_sheet_by_name(meta.name)
            trace.mark(f"reader child: sheet {meta.name!r} read by calamine")
            if sheet.total_height > limits.max_rows:
                return {
                    "refused": f"Sheet '{meta.name}' berisi {sheet.total_height} baris; batasnya {limits.max_rows}."
                }
            height, columns = encode_columns(sheet.to_python(skip_empty_area=False))
            width = len(columns)
            if width > limits.max_columns:
                return {"refused": f"Sheet '{meta.name}' berisi {width} kolom; batasnya {limits.max_columns}."}
            merged = list(sheet.merged_cell_ranges or [])
        except pc.PasswordError:
            return {"refused": ENCRYPTED_MESSAGE}
        except Exception as exc:  # noqa: BLE001
            return {"refused": f"Sheet '{meta.name}': {_parser_message(exc)}"}
        sheets.append({"name": meta.name, "height": height, "merged": merged,
                       "columns": [(values, None, None) if codes is None else (values, codes.typecode, codes.tobytes())
                                   for values, codes in columns]})
    return {"sheet_names": names, "sheets": sheets}


def _decode(columns: list[tuple[list, str, bytes]]) -> list[Column]:
    from array import array

    out = []
    for values, typecode, raw in columns:
        if typecode is None:
            out.append((values, None))
            continue
        codes = array(typecode)
        codes.frombytes(raw)
        out.append((values, codes))
    return out


def _parser_message(exc: Exception) -> str:
    text = str(exc)
    if "password" in text.casefold() or "encrypt" in text.casefold():
        return ENCRYPTED_MESSAGE
    return f"Berkas tidak dapat dibaca sebagai buku kerja ({type(exc).__name__}: {text[:200]})."


def _child_main() -> None:
    import gc

    gc.disable()  # a one-shot process: 100,000 row lists, no reference cycles
    trace.mark("reader child started")
    request = pickle.loads(sys.stdin.buffer.read())
    result = _parse(request)
    trace.mark("reader child parsed")
    out = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    trace.mark("reader child pickled")
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _child_main()
