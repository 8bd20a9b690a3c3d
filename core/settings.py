"""Every setting of the app and the CLI, read from the environment in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TIMEZONE = ZoneInfo("Asia/Makassar")  # WITA, UTC+8; Balikpapan's local time


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "ya", "on"}


@dataclass(frozen=True)
class Limits:
    """What an upload may be, enforced before and while parsing."""

    max_upload_bytes: int = 20 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 200
    max_zip_entries: int = 2000
    max_sheets: int = 50
    max_rows: int = 300_000
    max_columns: int = 400
    max_cells: int = 20_000_000
    parse_timeout_s: int = 60
    # Each parse child's address-space cap, and how many may run at once per server (loaders/slots.py): sized
    # together, 2 x 1 GiB. A 299,000-row recap (15 MB) peaks at about 400 MiB and reads under a 512 MiB cap.
    parse_memory_bytes: int = 1024 * 1024 * 1024
    parse_slots: int = 2
    parse_queue: int = 2  # uploads that may wait for a slot, per server; more are answered 503 at once
    parse_wait_s: float = 10.0  # how long one waits for a slot before its 503

    @classmethod
    def from_env(cls) -> "Limits":
        d = cls()
        return cls(
            max_upload_bytes=_int("POKJA_MAX_UPLOAD_MB", d.max_upload_bytes // 2**20) * 2**20,
            max_uncompressed_bytes=_int("POKJA_MAX_UNCOMPRESSED_MB", d.max_uncompressed_bytes // 2**20)
            * 2**20,
            max_compression_ratio=_int("POKJA_MAX_COMPRESSION_RATIO", d.max_compression_ratio),
            max_zip_entries=_int("POKJA_MAX_ZIP_ENTRIES", d.max_zip_entries),
            max_sheets=_int("POKJA_MAX_SHEETS", d.max_sheets),
            max_rows=_int("POKJA_MAX_ROWS", d.max_rows),
            max_columns=_int("POKJA_MAX_COLUMNS", d.max_columns),
            max_cells=_int("POKJA_MAX_CELLS", d.max_cells),
            parse_timeout_s=_int("POKJA_PARSE_TIMEOUT_S", d.parse_timeout_s),
            parse_memory_bytes=_int("POKJA_PARSE_MEMORY_MB", d.parse_memory_bytes // 2**20) * 2**20,
            parse_slots=max(1, _int("POKJA_PARSE_SLOTS", d.parse_slots)),
            parse_queue=max(0, _int("POKJA_PARSE_QUEUE", d.parse_queue)),
            parse_wait_s=float(_int("POKJA_PARSE_WAIT_S", int(d.parse_wait_s))),
        )


@dataclass(frozen=True)
class Access:
    """Sessions and logins: how long a login lasts, how failed logins are slowed down, what the network is."""

    session_hours: int = 12  # a login lasts this long (from the login, not from the last click)
    https: bool = False  # served over HTTPS: the session cookie is marked Secure
    trusted_proxies: int = 0  # reverse proxies in front whose X-Forwarded-For/-Proto/-Host are believed
    max_failures_per_user: int = 5  # failed logins for one username from one address within the window
    max_failures_per_account: int = 50  # ... for one username from every address (see auth: the lock-out rule)
    max_failures_per_address: int = 20  # ... from one client address (offices share one behind NAT)
    failure_window_minutes: int = 15
    max_kiosk_refusals_per_address: int = 10  # wrong kiosk tokens from one address within the window

    @classmethod
    def from_env(cls) -> "Access":
        d = cls()
        return cls(
            session_hours=_int("POKJA_SESSION_HOURS", d.session_hours),
            https=_bool("POKJA_HTTPS", d.https),
            # POKJA_PROXY_HOPS: an earlier name of the same setting, still read.
            trusted_proxies=_int("POKJA_TRUSTED_PROXIES", _int("POKJA_PROXY_HOPS", d.trusted_proxies)),
            max_failures_per_user=_int("POKJA_LOGIN_MAX_FAILURES", d.max_failures_per_user),
            max_failures_per_account=_int("POKJA_LOGIN_MAX_FAILURES_PER_ACCOUNT", d.max_failures_per_account),
            max_failures_per_address=_int("POKJA_LOGIN_MAX_FAILURES_PER_ADDRESS", d.max_failures_per_address),
            failure_window_minutes=_int("POKJA_LOGIN_WINDOW_MINUTES", d.failure_window_minutes),
            max_kiosk_refusals_per_address=_int("POKJA_KIOSK_MAX_REFUSALS_PER_ADDRESS",
                                                d.max_kiosk_refusals_per_address),
        )


@dataclass(frozen=True)
class Scrypt:
    """The cost of password hashes (werkzeug's scrypt): 128 * n * r bytes of memory each (128 MiB at the
    default), and how many may run at once in one process (so a burst of logins takes at most
    concurrency x 128 MiB per worker)."""

    n: int = 2**17
    r: int = 8
    p: int = 1
    concurrency: int = 2

    @classmethod
    def from_env(cls) -> "Scrypt":
        d = cls()
        return cls(n=_int("POKJA_SCRYPT_N", d.n), r=d.r, p=d.p,
                   concurrency=max(1, _int("POKJA_SCRYPT_CONCURRENCY", d.concurrency)))


# Process-wide (the CLI and every app in a process hash alike); read once, at import.
SCRYPT = Scrypt.from_env()


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    secret_key: str  # "": a random key kept in data_dir/secret_key, shared by every worker and restart
    load_demo_when_empty: bool = True
    snapshot_schedule: bool = False  # freeze each week on Monday 00:30 WITA inside the app
    keep_periods: bool = False  # store each day's standard periods in a background thread (core/derived.py)
    limits: Limits = field(default_factory=Limits)
    access: Access = field(default_factory=Access)

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def snapshot_dir(self) -> Path:
        return self.data_dir / "snapshots"

    @classmethod
    def from_env(cls) -> "Settings":
        data_dir = Path(os.environ.get("POKJA_DATA_DIR") or PROJECT_ROOT / "data")
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'pokja.db'}"
        return cls(
            database_url=normalize_database_url(url),
            data_dir=data_dir,
            secret_key=os.environ.get("SECRET_KEY", ""),
            load_demo_when_empty=_bool("POKJA_DEMO", True),
            snapshot_schedule=_bool("POKJA_SNAPSHOT_SCHEDULE", False),
            keep_periods=_bool("POKJA_KEEP_PERIODS", True),
            limits=Limits.from_env(),
            access=Access.from_env(),
        )


# The data folder holds the database, the uploaded originals and the staged uploads: only the app's user may read
# them, whatever the process's umask.
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700


def private_dir(path: Path) -> Path:
    """``mkdir -p`` whose new folders (and ``path`` itself) are 0700."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # another worker made it at the same moment
            pass
        os.chmod(folder, PRIVATE_DIR)
    if path.stat().st_mode & 0o777 != PRIVATE_DIR:
        os.chmod(path, PRIVATE_DIR)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a new file readable by its owner only (0600 from its creation, not chmod-ed afterwards)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fh.fileno(), PRIVATE_FILE)  # an existing file keeps its mode through O_CREAT
        fh.write(data)


def normalize_database_url(url: str) -> str:
    """Accept the URL forms hosting platforms hand out (``postgres://``) and pin psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        # SQLAlchemy 2.1 already maps this to psycopg 3; say so explicitly for 2.0-era readers.
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url
