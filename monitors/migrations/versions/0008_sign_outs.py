"""Sign-outs recorded in the store, so that every dashboard process refuses a sign-in token
issued before its account last signed out, not only the process that served the sign-out.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_outs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("signed_out_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_sign_outs_username_time", "sign_outs", ["username", "signed_out_at"])


def downgrade() -> None:
    op.drop_index("ix_sign_outs_username_time", "sign_outs")
    op.drop_table("sign_outs")
