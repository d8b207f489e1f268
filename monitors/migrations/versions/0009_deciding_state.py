"""The deciding evidence of today, kept as state: a copy of the updates a status reads when it
is asked for a day on or after the newest evidence (the usual case), refreshed by every write in
the same transaction, so a status reads one small table instead of seeking through the log.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deciding_updates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("commitment_id", sa.String(80), nullable=False),
        sa.Column("observed", sa.Date, nullable=False),
        sa.Column("logged_at", sa.DateTime, nullable=False),
        sa.Column("logged_by", sa.String(100), nullable=False),
        sa.Column("source_party", sa.String(16), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("url", sa.String(2000)),
        sa.Column("asserts", sa.String(16), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("unit", sa.String(20)),
        sa.Column("new_deadline", sa.Date),
        sa.Column("note", sa.Text),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("period", sa.String(40)),
        sa.Column("period_start", sa.Date),
        sa.Column("period_end", sa.Date),
        sa.Column("new_expiry", sa.Date),
        sa.Column("tier", sa.String(16)),
    )
    op.create_index("ix_deciding_updates_commitment", "deciding_updates", ["commitment_id"])


def downgrade() -> None:
    op.drop_index("ix_deciding_updates_commitment", "deciding_updates")
    op.drop_table("deciding_updates")
