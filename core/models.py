"""The tables: reference data, the working groups' records, and the upload log that traces every change.

Every record table carries two upload columns: ``created_upload_id`` (the upload that inserted the row)
and ``upload_id`` (the upload that last wrote it). Together with ``upload_change`` (the previous values of
rows an upload updated) they let ``pokja undo`` revert exactly one upload.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

KEY_LEN = 500


class Base(DeclarativeBase):
    pass


def utcnow() -> dt.datetime:
    """Naive UTC, the form every timestamp is stored in (shown in WITA by the UI)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Traced:
    """Columns that tie a record to the uploads that inserted and last wrote it."""

    created_upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"), index=True)
    # Not indexed: only ever read together with the row (undo looks rows up by created_upload_id or id).
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"))


# --- Reference data -------------------------------------------------------------------------------


class Sector(Base):
    """Unsur: a pentahelix element (or the public); Pemerintah is the internal one."""

    __tablename__ = "sector"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    aliases: Mapped[str] = mapped_column(Text, default="")  # "|"-separated
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Dimension(Base):
    """A smart-city dimension (or the cross-cutting pseudo-dimension members may belong to)."""

    __tablename__ = "dimension"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    aliases: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    cross_cutting: Mapped[bool] = mapped_column(Boolean, default=False)


class ScoringWeight(Base):
    """Points per attendance status or contribution kind; the contract's defaults are seeded."""

    __tablename__ = "scoring_weight"
    __table_args__ = (UniqueConstraint("category", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(20))  # attendance | contribution | standing (thresholds)
    key: Mapped[str] = mapped_column(String(100))
    points: Mapped[float] = mapped_column(Float)


class AppState(Base):
    """Small key/value facts about the data, e.g. the data version every commit and undo bumps."""

    __tablename__ = "app_state"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- Uploads -------------------------------------------------------------------------------------


class Upload(Base):
    __tablename__ = "upload"
    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # processing (logged before the data transaction; see loaders/inflight.py) | committed | rejected (validation
    # errors) | refused (not a usable workbook) | interrupted (the loader died or failed first) | undone
    outcome: Mapped[str] = mapped_column(String(20))
    counts_json: Mapped[str] = mapped_column(Text, default="{}")
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    archive_path: Mapped[str | None] = mapped_column(String(500))
    # file (a workbook) | merge (two members made one) | org-merge (two organizations made one): every change
    # that is not a file upload is an entry of this log too, undone the same way
    kind: Mapped[str] = mapped_column(String(20), default="file", server_default="file")
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(100))


class UploadChange(Base):
    """The values a row had before an upload updated it (inserts are known by created_upload_id)."""

    __tablename__ = "upload_change"
    __table_args__ = (Index("ix_upload_change_target", "table_name", "row_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("upload.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[int] = mapped_column(Integer)
    before_json: Mapped[str] = mapped_column(Text)


# --- The working groups ---------------------------------------------------------------------------


class Organization(Traced, Base):
    """Instansi / OPD: the agency, campus, company or community a member represents. The directory the loader
    resolves every Instansi through: its name and aliases (Diskominfo = Dinas Komunikasi dan Informatika)."""

    __tablename__ = "organization"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LEN), unique=True)  # loaders.names.org_key(name)
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[str] = mapped_column(Text, default="", server_default="")  # "|"-separated, as written
    # the sector a new member of this organization gets when its row has no Unsur (None: not known)
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sector.id"))
    # The head the letters of correction (pembinaan) are addressed to; "Kepala <name>" when empty (pokja org head)
    head_name: Mapped[str | None] = mapped_column(String(300))


class WorkingGroup(Traced, Base):
    """Kelompok kerja: Dewan Smart City, Tim Pelaksana, Forum Smart City, a dimension's pokja..."""

    __tablename__ = "working_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LEN), unique=True)
    name: Mapped[str] = mapped_column(String(300))


class Member(Traced, Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    # unique identity: "<name key>|<organization key>" (loaders/identity.py); rows stored before migration 0012
    # keep the case-folded (name, organization) they were stored with
    key: Mapped[str] = mapped_column(String(KEY_LEN), unique=True)
    code: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), default="", server_default="", index=True)  # names.name_key
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    position: Mapped[str | None] = mapped_column(String(300))
    sector_id: Mapped[int] = mapped_column(ForeignKey("sector.id"), index=True)
    role: Mapped[str] = mapped_column(String(50), default="Anggota")
    working_group_id: Mapped[int | None] = mapped_column(ForeignKey("working_group.id"), index=True)
    dimension_id: Mapped[int | None] = mapped_column(ForeignKey("dimension.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="Aktif")
    email: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(100))

    organization: Mapped[Organization] = relationship()
    sector: Mapped[Sector] = relationship()


class MemberAlias(Traced, Base):
    """Another spelling (name and organization as a file wrote them) or code of a stored member: remembered
    from a clerk's "same member" decision or a merge, so the next file with that spelling matches by itself.
    Undone with the upload (or merge) that made it."""

    __tablename__ = "member_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    name_key: Mapped[str | None] = mapped_column(String(300), index=True)
    organization_key: Mapped[str] = mapped_column(String(KEY_LEN), default="")  # names.org_key as written
    code_key: Mapped[str | None] = mapped_column(String(100), index=True)  # names.code_key


class MemberMerge(Traced, Base):
    """Member ``drop_id`` was merged into ``keep_id`` by the log entry ``created_upload_id`` (kind merge).
    Frozen weekly snapshots keep ``drop_id``: a member's weekly history reads them through this row."""

    __tablename__ = "member_merge"
    id: Mapped[int] = mapped_column(primary_key=True)
    keep_id: Mapped[int] = mapped_column(Integer, index=True)  # no foreign keys: drop_id is gone until undone
    drop_id: Mapped[int] = mapped_column(Integer, index=True)


class Activity(Traced, Base):
    """Kegiatan: a meeting, FGD, training... that members are invited to."""

    __tablename__ = "activity"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LEN), unique=True)  # normalized (date, name)
    code: Mapped[str | None] = mapped_column(String(100), unique=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(50), default="Rapat")
    dimension_id: Mapped[int | None] = mapped_column(ForeignKey("dimension.id"))
    location: Mapped[str | None] = mapped_column(String(300))


class Attendance(Traced, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("member_id", "activity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    status: Mapped[str] = mapped_column(String(30))


class Guest(Traced, Base):
    """Tamu: a person on a meeting list who is no member and close to none (issue 16). Stored with the upload
    that first listed them, recognised in later uploads by ``key`` (name key and organization key, as a member's),
    never scored. Promoted (``pokja guests promote``, an upload-log entry of kind ``promotion``): ``member_id`` is
    the member they became, and their attendance was copied to that member."""

    __tablename__ = "guest"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LEN), unique=True)  # "<name key>|<organization key>"
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    organization: Mapped[str | None] = mapped_column(String(300))  # as the list wrote it
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)


class GuestAttendance(Traced, Base):
    """A guest at an activity, as a meeting list recorded it (never counted in any score)."""

    __tablename__ = "guest_attendance"
    __table_args__ = (UniqueConstraint("guest_id", "activity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guest_id: Mapped[int] = mapped_column(ForeignKey("guest.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    status: Mapped[str] = mapped_column(String(30))


class Recommendation(Traced, Base):
    """A recommendation from one of the programme's evaluations and its follow-up."""

    __tablename__ = "recommendation"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    source: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    dimension_id: Mapped[int | None] = mapped_column(ForeignKey("dimension.id"))
    pic: Mapped[str | None] = mapped_column(String(300))
    target: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(40))
    progress: Mapped[float | None] = mapped_column(Float)  # fraction 0..1
    evidence_count: Mapped[int | None] = mapped_column(Integer)
    evidence_links: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class Evidence(Traced, Base):
    """Data dukung: a file (stored by SHA-256 under the data folder, never executed) or a link attached to a
    recommendation, with a title, a date and who provided it. Attached and removed as undoable entries of the
    upload log (kind ``evidence``); the Rekomendasi sheet's Data Dukung count stays the clerk's claim."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # file | link
    title: Mapped[str] = mapped_column(String(300))
    date: Mapped[dt.date] = mapped_column(Date)
    provided_by: Mapped[str | None] = mapped_column(String(300))
    sha256: Mapped[str | None] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(String(2000))


class Contribution(Traced, Base):
    __tablename__ = "contribution"
    # Covering for the running totals (verified contributions per member and day, read in index order) and
    # for one member's contributions over a period.
    __table_args__ = (Index("ix_contribution_member_day", "member_id", "date", "verification", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # With a code the key is "#<code>", so the unique key also keeps codes unique; fewer indexes make a
    # 100,000-row upload about twice as fast to write.
    key: Mapped[str] = mapped_column(String(KEY_LEN), unique=True)
    code: Mapped[str | None] = mapped_column(String(100))
    date: Mapped[dt.date] = mapped_column(Date)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    kind: Mapped[str] = mapped_column(String(60))
    recommendation_id: Mapped[int | None] = mapped_column(ForeignKey("recommendation.id"))
    description: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    verification: Mapped[str] = mapped_column(String(30), default="Terverifikasi")
    # A Data Dukung contribution's evidence item (pokja evidence link). No foreign key: removing evidence is
    # undoable, and the link comes back with the row (readers outer-join, so a removed item is simply absent).
    evidence_id: Mapped[int | None] = mapped_column(Integer)


class Evaluation(Traced, Base):
    """One result of the programme's evaluation of the city (rank among the field, total score)."""

    __tablename__ = "evaluation"
    __table_args__ = (UniqueConstraint("year", "stage"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(20), default="Final")
    rank: Mapped[int | None] = mapped_column(Integer)
    field_size: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    predicate: Mapped[str | None] = mapped_column(String(100))


class EvaluationScore(Traced, Base):
    """A per-dimension score of one evaluation."""

    __tablename__ = "evaluation_score"
    __table_args__ = (UniqueConstraint("evaluation_id", "dimension_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id"), index=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id"))
    score: Mapped[float | None] = mapped_column(Float)


# Record tables in the order rows may be inserted (parents first); undo deletes in reverse.
class MemberTally(Base):
    """Running totals per member and day, derived from attendance and verified contributions.

    One row per (member, day on which the member has a record); every count column holds the member's total
    up to and including that day, so any period's figure is one row minus another (see core/tally.py).
    Derived data: rebuilt for the affected members in the same transaction as every upload commit and undo,
    never edited by hand. Counts, not points, so a weight change needs no rebuild.
    """

    __tablename__ = "member_tally"
    __table_args__ = (UniqueConstraint("member_id", "day", name="uq_member_tally_member_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(Integer)  # no foreign key: a cache, rebuilt after the member rows
    day: Mapped[dt.date] = mapped_column(Date)
    att_hadir: Mapped[int] = mapped_column(Integer, default=0)
    att_diwakili: Mapped[int] = mapped_column(Integer, default=0)
    att_izin: Mapped[int] = mapped_column(Integer, default=0)
    att_tidak_hadir: Mapped[int] = mapped_column(Integer, default=0)
    att_tidak_diundang: Mapped[int] = mapped_column(Integer, default=0)
    con_tindak_lanjut: Mapped[int] = mapped_column(Integer, default=0)
    con_data_dukung: Mapped[int] = mapped_column(Integer, default=0)
    con_paparan: Mapped[int] = mapped_column(Integer, default=0)
    con_usulan: Mapped[int] = mapped_column(Integer, default=0)
    con_laporan: Mapped[int] = mapped_column(Integer, default=0)
    con_publikasi: Mapped[int] = mapped_column(Integer, default=0)
    con_lainnya: Mapped[int] = mapped_column(Integer, default=0)
    con_total: Mapped[int] = mapped_column(Integer, default=0)  # every verified contribution, whatever its kind


class ScorePeriod(Base):
    """A period whose per-member scores are stored in ``period_score`` at one data version (core/periods.py).

    Derived data: the standard periods of the day (this week, month, quarter, year, the rolling year the movers
    compare, each also a week earlier), carried to each new data version by core/derived.py, so the first
    page after a commit reads them instead of computing them. A row of another version is never read."""

    __tablename__ = "score_period"
    __table_args__ = (UniqueConstraint("data_version", "start", "end", name="uq_score_period_version_range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    data_version: Mapped[int] = mapped_column(Integer)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PeriodScore(Base):
    """One Aktif member's figures over a stored period: what member_scores computes, before names, standing and
    rank (ranks and groups are computed from these rows when read, so a change to one member touches one row)."""

    __tablename__ = "period_score"
    __table_args__ = {"sqlite_with_rowid": False}  # clustered by (period, member): a period is one range read
    period_id: Mapped[int] = mapped_column(ForeignKey("score_period.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no foreign key: derived, like member_tally
    score: Mapped[float] = mapped_column(Float)
    attended: Mapped[int] = mapped_column(Integer)
    invited: Mapped[int] = mapped_column(Integer)
    contributions: Mapped[int] = mapped_column(Integer)


TRACED_TABLES: tuple[type[Base], ...] = (
    Organization,
    WorkingGroup,
    Member,
    MemberAlias,
    MemberMerge,
    Activity,
    Recommendation,
    Evidence,
    Evaluation,
    EvaluationScore,
    Attendance,
    Guest,  # after Member (a promoted guest names one)
    GuestAttendance,
    Contribution,
)


# --- Audit trail and weekly snapshots ------------------------------------------------------------


class AuditEvent(Base):
    """Who did what, when, from where: uploads, undos, snapshots (later: logins, weights, users)."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str | None] = mapped_column(String(100))


class Snapshot(Base):
    """One frozen ISO week (Monday..Sunday, WITA). Never changed; `pokja snapshot --force` replaces it whole."""

    __tablename__ = "snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(String(10), unique=True)  # 2026-W47
    week_start: Mapped[dt.date] = mapped_column(Date)
    week_end: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    data_version: Mapped[int] = mapped_column(Integer)
    headline_json: Mapped[str] = mapped_column(Text)  # the headline figures
    evaluation_json: Mapped[str] = mapped_column(Text)  # the latest evaluation then


class SnapshotMember(Base):
    __tablename__ = "snapshot_member"
    __table_args__ = (UniqueConstraint("snapshot_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(Integer, index=True)  # no FK: a snapshot outlives an undo
    code: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    organization: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str] = mapped_column(String(100))
    internal: Mapped[bool] = mapped_column(Boolean)
    week_score: Mapped[float] = mapped_column(Float)
    week_rank: Mapped[int] = mapped_column(Integer)
    week_standing: Mapped[str] = mapped_column(String(30))
    week_attendance_rate: Mapped[float | None] = mapped_column(Float)
    week_contributions: Mapped[int] = mapped_column(Integer)
    ytd_score: Mapped[float] = mapped_column(Float)
    ytd_rank: Mapped[int] = mapped_column(Integer)
    ytd_standing: Mapped[str] = mapped_column(String(30))
    ytd_attendance_rate: Mapped[float | None] = mapped_column(Float)
    ytd_contributions: Mapped[int] = mapped_column(Integer)


class SnapshotRecommendation(Base):
    __tablename__ = "snapshot_recommendation"
    __table_args__ = (UniqueConstraint("snapshot_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(40))
    progress: Mapped[float | None] = mapped_column(Float)
    target: Mapped[dt.date | None] = mapped_column(Date)
    overdue: Mapped[bool] = mapped_column(Boolean)
    evidence: Mapped[int | None] = mapped_column(Integer)


class LetterSequence(Base):
    """The last letter number issued per year and series (piagam, pembinaan): numbers never repeat. Allocated with
    one INSERT .. ON CONFLICT .. DO UPDATE .. RETURNING (dashboard/letters.py), so two batches never share one."""

    __tablename__ = "letter_sequence"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class LetterBatch(Base):
    """One generation of letters (the audit trail of the letters): who, when, which kind, period and minimum score,
    and the zip kept under data/letters/."""

    __tablename__ = "letter_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # piagam | pembinaan
    week: Mapped[str | None] = mapped_column(String(10))  # the ISO week, when chosen by week
    frozen: Mapped[bool] = mapped_column(Boolean, default=False)  # read from the week's snapshot
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    min_score: Mapped[float | None] = mapped_column(Float)
    zip_path: Mapped[str | None] = mapped_column(String(500))


class Letter(Base):
    """One letter of a batch: its number and recipient, and the members it names (JSON list)."""

    __tablename__ = "letter"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("letter_batch.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)
    recipient: Mapped[str] = mapped_column(String(300))
    organization: Mapped[str | None] = mapped_column(String(300))
    members_json: Mapped[str] = mapped_column(Text, default="[]")


class User(Base):
    """An account: pimpinan (leaders), sekretariat (uploads, snapshots) or admin. Passwords hashed (scrypt)."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # the interface language this user chose with the navbar switch (core.language): "id" or "en"
    language: Mapped[str] = mapped_column(String(5), default="id", server_default="id")


class KioskToken(Base):
    """A big screen's key to /layar without an account. Only the SHA-256 of the token is stored."""

    __tablename__ = "kiosk_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The correction list ("Perlu pembinaan") on this screen: "names", or "counts" only (a lobby that needs no login)
    corrections: Mapped[str] = mapped_column(String(10), default="names", server_default="names")


class MappingProfile(Base):
    """A clerk's confirmed reading of one sheet layout ("format Bappeda"): used by itself for the next sheet whose
    header, at the same rows, has the same signature (loaders/profiles.py)."""

    __tablename__ = "mapping_profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    signature: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the header's keys by column
    mapping_json: Mapped[str] = mapped_column(Text)  # header_rows, columns, invited (as `pokja inspect` shows them)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class LoginSession(Base):
    """One login, kept on the server: the session cookie holds a random token whose SHA-256 is stored here, and
    every request checks the row. Logout, a password change and disabling the account end it (``ended_at``)."""

    __tablename__ = "login_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    address: Mapped[str | None] = mapped_column(String(100))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str | None] = mapped_column(String(30))  # logout | password | disabled | expired


class AttemptCounter(Base):
    """Refused or failed attempts per key (an account and address, an account, an address) within a fixed window
    that starts at the first of them: checked and counted in one UPDATE, so every worker and server shares them."""

    __tablename__ = "attempt_counter"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime)
    count: Mapped[int] = mapped_column(Integer, default=0)
