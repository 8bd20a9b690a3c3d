"""leaner indexes for bulk uploads

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_upload_id'))

    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_upload_id'))

    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_contribution_upload_id'))
    # contribution.code is no longer unique on its own: the unique key ("#<code>") keeps codes unique.
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's unique constraint is unnamed; a naming convention lets batch mode find and drop it.
        with op.batch_alter_table(
            "contribution", naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}
        ) as batch_op:
            batch_op.drop_constraint("uq_contribution_code", type_="unique")
    else:
        op.drop_constraint("contribution_code_key", "contribution", type_="unique")

    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_upload_id'))

    with op.batch_alter_table('evaluation_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_score_upload_id'))

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_upload_id'))

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_upload_id'))

    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_upload_id'))

    with op.batch_alter_table('working_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_working_group_upload_id'))



def downgrade() -> None:
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.create_unique_constraint("contribution_code_key", ["code"])
    with op.batch_alter_table('working_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_working_group_upload_id'), ['upload_id'], unique=False)

    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_upload_id'), ['upload_id'], unique=False)

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_upload_id'), ['upload_id'], unique=False)

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_upload_id'), ['upload_id'], unique=False)

    with op.batch_alter_table('evaluation_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_score_upload_id'), ['upload_id'], unique=False)

    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_upload_id'), ['upload_id'], unique=False)

    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_upload_id'), ['upload_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contribution_recommendation_id'), ['recommendation_id'], unique=False)

    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_upload_id'), ['upload_id'], unique=False)

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_upload_id'), ['upload_id'], unique=False)

