"""app_user.language: the interface language kept per user

Each user's interface language (core.language): "id" (Bahasa Indonesia, the default) or "en", chosen with
the navbar switch and read at login. Existing users get "id".

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("language", sa.String(5), nullable=False, server_default="id"))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("language")
