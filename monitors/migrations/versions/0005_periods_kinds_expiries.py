"""Evidence with a kind (act, data, statement), the period a figure describes, a renewed
expiry and a source tier. Existing rows get the kind the command line would have given them
(data when a value is present, statement otherwise) and no period: a figure without a period
describes its observed day.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("updates", sa.Column("kind", sa.String(16), nullable=False, server_default="statement"))
    for name, column_type in (("period", sa.String(40)), ("period_start", sa.Date), ("period_end", sa.Date),
                              ("new_expiry", sa.Date), ("tier", sa.String(16))):
        op.add_column("updates", sa.Column(name, column_type))
    _backfill_kinds()
    op.create_index("ix_updates_latest_by_kind", "updates", ["commitment_id", "source_party", "kind", "observed"])
    op.create_index("ix_updates_latest_period", "updates", ["commitment_id", "source_party", "kind", "period_end", "observed"])
    op.create_index(
        "ix_updates_lifecycle", "updates", ["commitment_id", "observed"],
        sqlite_where=sa.text("new_expiry IS NOT NULL OR asserts = 'ended'"),
        postgresql_where=sa.text("new_expiry IS NOT NULL OR asserts = 'ended'"),
    )


def _backfill_kinds() -> None:
    """Give existing figures the kind `data`. On SQLite the append-only trigger is lifted for
    this one statement inside the migration's transaction, so no other writer can slip in."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS updates_no_update")
    op.execute("UPDATE updates SET kind = 'data', period_end = observed WHERE value IS NOT NULL")
    if sqlite:
        op.execute("CREATE TRIGGER updates_no_update BEFORE UPDATE ON updates "
                   "BEGIN SELECT RAISE(ABORT, 'the updates log is append-only'); END")


def downgrade() -> None:
    op.drop_index("ix_updates_lifecycle", "updates")
    op.drop_index("ix_updates_latest_period", "updates")
    op.drop_index("ix_updates_latest_by_kind", "updates")
    for column in ("tier", "new_expiry", "period_end", "period_start", "period", "kind"):
        op.drop_column("updates", column)
