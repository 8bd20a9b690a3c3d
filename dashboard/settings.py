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
    max_failures_per_user: int = 5  # failed logins for one username within the window before refusals
    max_failures_per_address: int = 20  # ... and from one client address (offices share one behind NAT)
    failure_window_minutes: int = 15

    @classmethod
    def from_env(cls) -> "Access":
        d = cls()
        return cls(
            session_hours=_int("POKJA_SESSION_HOURS", d.session_hours),
            https=_bool("POKJA_HTTPS", d.https),
            # POKJA_PROXY_HOPS: an earlier name of the same setting, still read.
            trusted_proxies=_int("POKJA_TRUSTED_PROXIES", _int("POKJA_PROXY_HOPS", d.trusted_proxies)),
            max_failures_per_user=_int("POKJA_LOGIN_MAX_FAILURES", d.max_failures_per_user),
            max_failures_per_address=_int("POKJA_LOGIN_MAX_FAILURES_PER_ADDRESS", d.max_failures_per_address),
            failure_window_minutes=_int("POKJA_LOGIN_WINDOW_MINUTES", d.failure_window_minutes),
        )


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    secret_key: str  # "": a random key kept in data_dir/secret_key, shared by every worker and restart
    load_demo_when_empty: bool = True
    snapshot_schedule: bool = False  # freeze each week on Monday 00:30 WITA inside the app
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
            limits=Limits.from_env(),
            access=Access.from_env(),
        )


def normalize_database_url(url: str) -> str:
    """Accept the URL forms hosting platforms hand out (``postgres://``) and pin psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        # SQLAlchemy 2.1 already maps this to psycopg 3; say so explicitly for 2.0-era readers.
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url
