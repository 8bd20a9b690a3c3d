"""evidence (data dukung) attached to recommendations: files by SHA-256, or links

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("recommendation_id", sa.Integer(), sa.ForeignKey("recommendation.id"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("provided_by", sa.String(300)),
        sa.Column("sha256", sa.String(64)),
        sa.Column("filename", sa.String(255)),
        sa.Column("media_type", sa.String(100)),
        sa.Column("size_bytes", sa.Integer()),
        sa.Column("url", sa.String(2000)),
        sa.Column("created_upload_id", sa.Integer(), sa.ForeignKey("upload.id")),
        sa.Column("upload_id", sa.Integer(), sa.ForeignKey("upload.id")),
    )
    op.create_index("ix_evidence_recommendation_id", "evidence", ["recommendation_id"])
    op.create_index("ix_evidence_created_upload_id", "evidence", ["created_upload_id"])


def downgrade() -> None:
    op.drop_table("evidence")
