"""letters: organization heads, letter numbering, letter batches; contribution -> evidence

Reserved in the chain for issue 20 (letters); filled in by that work (a no-op until then).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organization") as b:
        b.add_column(sa.Column("head_name", sa.String(300)))
    with op.batch_alter_table("contribution") as b:
        b.add_column(sa.Column("evidence_id", sa.Integer()))
    op.create_table(
        "letter_sequence",
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("series", sa.String(20), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.create_table(
        "letter_batch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("week", sa.String(10)),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("min_score", sa.Float()),
        sa.Column("zip_path", sa.String(500)),
    )
    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("letter_batch.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.String(100), nullable=False, unique=True),
        sa.Column("recipient", sa.String(300), nullable=False),
        sa.Column("organization", sa.String(300)),
        sa.Column("members_json", sa.Text(), nullable=False),
    )
    op.create_index("ix_letter_batch_id", "letter", ["batch_id"])


def downgrade() -> None:
    op.drop_table("letter")
    op.drop_table("letter_batch")
    op.drop_table("letter_sequence")
    with op.batch_alter_table("contribution") as b:
        b.drop_column("evidence_id")
    with op.batch_alter_table("organization") as b:
        b.drop_column("head_name")
