"""Indexes that let a status be computed without reading the whole log: each party's latest
word per commitment is an index seek, deadline extensions have a partial index, and the
latest evidence and the audit trail are read backwards along an index.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_updates_latest_word", "updates", ["commitment_id", "source_party", "observed"])
    op.create_index(
        "ix_updates_extensions", "updates", ["commitment_id", "observed"],
        sqlite_where=sa.text("new_deadline IS NOT NULL"), postgresql_where=sa.text("new_deadline IS NOT NULL"),
    )
    op.create_index("ix_updates_observed", "updates", ["observed", "id"])
    op.create_index("ix_updates_logged_at", "updates", ["logged_at", "id"])
    op.create_index("ix_retractions_logged_at", "retractions", ["logged_at", "id"])
    op.drop_index("ix_updates_commitment_observed", "updates")


def downgrade() -> None:
    op.create_index("ix_updates_commitment_observed", "updates", ["commitment_id", "observed"])
    op.drop_index("ix_retractions_logged_at", "retractions")
    op.drop_index("ix_updates_logged_at", "updates")
    op.drop_index("ix_updates_observed", "updates")
    op.drop_index("ix_updates_extensions", "updates")
    op.drop_index("ix_updates_latest_word", "updates")
