"""app_user.language: the interface language kept per user

Reserved in the chain for issue 18 (language); filled in by that work (a no-op until then).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
