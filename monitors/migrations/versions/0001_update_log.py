"""The evidence log: updates, retractions, and store metadata.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY_TABLES = ("updates", "retractions")


def upgrade() -> None:
    op.create_table(
        "updates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
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
        sqlite_autoincrement=True,
    )
    op.create_index("ix_updates_commitment_observed", "updates", ["commitment_id", "observed"])
    op.create_table(
        "retractions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("update_id", sa.Integer, sa.ForeignKey("updates.id"), nullable=False, unique=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("retracted_by", sa.String(100), nullable=False),
        sa.Column("logged_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for table in _APPEND_ONLY_TABLES:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'the {table} log is append-only'); END"
                )


def downgrade() -> None:
    op.drop_table("store_meta")
    op.drop_table("retractions")
    op.drop_index("ix_updates_commitment_observed", "updates")
    op.drop_table("updates")
