"""letters: organization heads, letter numbering, letter batches; contribution -> evidence

Reserved in the chain for issue 20 (letters); filled in by that work (a no-op until then).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
