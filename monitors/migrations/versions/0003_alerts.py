"""Alerts: the inbox (one row per alert, unique key), the delivery outbox, every delivery
attempt, and the last status seen per commitment.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("commitment_id", sa.String(80), nullable=False),
        sa.Column("deadline_version", sa.Integer),
        sa.Column("deadline", sa.Date),
        sa.Column("lead_days", sa.Integer),
        sa.Column("occurrence", sa.Integer),
        sa.Column("status_from", sa.String(16)),
        sa.Column("status_to", sa.String(16)),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("link", sa.String(2000), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("acknowledged_at", sa.DateTime),
        sa.Column("acknowledged_by", sa.String(100)),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])
    op.create_index("ix_alerts_commitment_kind", "alerts", ["commitment_id", "kind"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("channel", sa.String(300), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime, nullable=False),
        sa.Column("claimed_by", sa.String(200)),
        sa.Column("last_error", sa.Text),
        sa.Column("sent_at", sa.DateTime),
        sa.UniqueConstraint("alert_id", "channel", name="uq_alert_deliveries_alert_channel"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_alert_deliveries_due", "alert_deliveries", ["status", "next_attempt_at"])
    op.create_table(
        "alert_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("delivery_id", sa.Integer, sa.ForeignKey("alert_deliveries.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("outcome", sa.String(16)),
        sa.Column("error", sa.Text),
        sa.UniqueConstraint("delivery_id", "number", name="uq_alert_attempts_delivery_number"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "alert_status_seen",
        sa.Column("commitment_id", sa.String(80), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("changes", sa.Integer, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("seen_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("alert_status_seen")
    op.drop_table("alert_attempts")
    op.drop_index("ix_alert_deliveries_due", "alert_deliveries")
    op.drop_table("alert_deliveries")
    op.drop_index("ix_alerts_commitment_kind", "alerts")
    op.drop_index("ix_alerts_created_at", "alerts")
    op.drop_table("alerts")
