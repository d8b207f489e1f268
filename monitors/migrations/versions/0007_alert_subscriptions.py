"""Alerts, second round: the moment of the last recorded scan (a scan at an earlier moment is
a replay and records nothing), and personal subscriptions (what a person wants to hear about,
and where, at once or in a daily or weekly digest), with the test messages asked for from the
dashboard, which the worker sends.

Revision ID: 0007
Revises: 0006
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    clock = op.create_table(
        "alert_scan_clock",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_scan_at", sa.DateTime, nullable=False),
        sa.Column("scans", sa.Integer, nullable=False),
    )
    # One row from the start, so every scan updates it (a compare-and-set) and none inserts it:
    # two first scans on a server database cannot collide on the insert.
    op.bulk_insert(clock, [{"id": 1, "last_scan_at": datetime(1970, 1, 1), "scans": 0}])
    op.create_table(
        "alert_subscriptions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("commitments", sa.Text, nullable=False),
        sa.Column("frameworks", sa.Text, nullable=False),
        sa.Column("categories", sa.Text, nullable=False),
        sa.Column("parties", sa.Text, nullable=False),
        sa.Column("kinds", sa.Text, nullable=False),
        sa.Column("digest", sa.String(16), nullable=False, server_default="none"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "alert_checkups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("subscription_id", sa.Integer, nullable=False),
        sa.Column("requested_by", sa.String(100), nullable=False),
        sa.Column("requested_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("error", sa.Text),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "alert_digests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("subscription_id", sa.Integer, nullable=False),
        sa.Column("channel", sa.String(300), nullable=False),
        sa.Column("digest", sa.String(16), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("sent_at", sa.DateTime),
        sa.UniqueConstraint("subscription_id", "period", name="uq_alert_digests_subscription_period"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("alert_deliveries") as batch:
        batch.add_column(sa.Column("digest_id", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("alert_deliveries") as batch:
        batch.drop_column("digest_id")
    op.drop_table("alert_digests")
    op.drop_table("alert_checkups")
    op.drop_table("alert_subscriptions")
    op.drop_table("alert_scan_clock")
