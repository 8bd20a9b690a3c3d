"""guests: unknown people on meeting lists, stored with the upload and never scored

Reserved in the chain for issue 16 (guests). ``guest`` and ``guest_attendance`` are traced tables (their
``created_upload_id`` / ``upload_id``): undoing the upload that listed a guest removes them.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _traced() -> list[sa.Column]:
    return [sa.Column("created_upload_id", sa.Integer(), sa.ForeignKey("upload.id")),
            sa.Column("upload_id", sa.Integer(), sa.ForeignKey("upload.id"))]


def upgrade() -> None:
    op.create_table(
        "guest",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(500), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("name_key", sa.String(300), nullable=False),
        sa.Column("organization", sa.String(300)),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("member.id")),
        *_traced(),
    )
    op.create_index("ix_guest_name_key", "guest", ["name_key"])
    op.create_index("ix_guest_member_id", "guest", ["member_id"])
    op.create_index("ix_guest_created_upload_id", "guest", ["created_upload_id"])
    op.create_table(
        "guest_attendance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("guest_id", sa.Integer(), sa.ForeignKey("guest.id"), nullable=False),
        sa.Column("activity_id", sa.Integer(), sa.ForeignKey("activity.id"), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        *_traced(),
        sa.UniqueConstraint("guest_id", "activity_id"),
    )
    op.create_index("ix_guest_attendance_guest_id", "guest_attendance", ["guest_id"])
    op.create_index("ix_guest_attendance_activity_id", "guest_attendance", ["activity_id"])
    op.create_index("ix_guest_attendance_created_upload_id", "guest_attendance", ["created_upload_id"])


def downgrade() -> None:
    op.drop_table("guest_attendance")
    op.drop_table("guest")
