"""Cheaper writes to the log: `ix_updates_latest_word` (commitment, party, observed) goes, as no
query needs it any more (every lookup of a party's latest word names its kind, and
`ix_updates_latest_by_kind` serves it as a longer key); on PostgreSQL the key columns of the
log's indexes (commitment, party, kind) compare by byte ("C" collation) instead of by the
cluster's locale, as SQLite compares them. docs/performance.md gives the figures.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_KEY_COLUMNS = (("commitment_id", 80), ("source_party", 16), ("kind", 16))


def _collate(collation: str) -> None:
    """Give the key columns `collation` on PostgreSQL; the indexes on them are rebuilt with it."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, length in _KEY_COLUMNS:
        op.alter_column("updates", name, type_=sa.String(length, collation=collation), existing_nullable=False)


def upgrade() -> None:
    op.drop_index("ix_updates_latest_word", "updates")
    _collate("C")


def downgrade() -> None:
    _collate("default")
    op.create_index("ix_updates_latest_word", "updates", ["commitment_id", "source_party", "observed"])
