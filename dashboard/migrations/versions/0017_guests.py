"""guests: unknown people on meeting lists, stored with the upload and never scored

Reserved in the chain for issue 16 (guests); filled in by that work (a no-op until then).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
