"""The alert tables (SQLAlchemy Core), kept here rather than in the core store.

`alerts` is the inbox and the record of what was decided: its unique `key` is what makes each
alert happen once. `alert_deliveries` is the outbox (one row per alert and external channel),
`alert_attempts` the log of every try, `alert_status_seen` the last status each commitment was
seen with, so a status change is noticed once (migration 0003). `alert_scan_clock` holds the
moment of the last recorded scan, so a scan at an earlier moment is known to be a replay, and
`alert_subscriptions` what each person asked to be told and where, `alert_checkups` the test
messages asked for from the dashboard, sent by the worker, and `alert_digests` the daily or
weekly summaries, each covering the deliveries that name it in `digest_id` (migration 0007).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

alerts_table = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
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
)

deliveries_table = sa.Table(
    "alert_deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
    sa.Column("channel", sa.String(300), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.DateTime, nullable=False),
    sa.Column("claimed_by", sa.String(200)),
    sa.Column("last_error", sa.Text),
    sa.Column("sent_at", sa.DateTime),
    sa.Column("digest_id", sa.Integer),
    sa.UniqueConstraint("alert_id", "channel", name="uq_alert_deliveries_alert_channel"),
)

attempts_table = sa.Table(
    "alert_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("delivery_id", sa.Integer, sa.ForeignKey("alert_deliveries.id"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("outcome", sa.String(16)),
    sa.Column("error", sa.Text),
    sa.UniqueConstraint("delivery_id", "number", name="uq_alert_attempts_delivery_number"),
)

status_seen_table = sa.Table(
    "alert_status_seen",
    metadata,
    sa.Column("commitment_id", sa.String(80), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("changes", sa.Integer, nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("seen_at", sa.DateTime, nullable=False),
)

scan_clock_table = sa.Table(
    "alert_scan_clock",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("last_scan_at", sa.DateTime, nullable=False),
    sa.Column("scans", sa.Integer, nullable=False),
)

subscriptions_table = sa.Table(
    "alert_subscriptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("owner", sa.String(100), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("commitments", sa.Text, nullable=False),
    sa.Column("frameworks", sa.Text, nullable=False),
    sa.Column("categories", sa.Text, nullable=False),
    sa.Column("parties", sa.Text, nullable=False),
    sa.Column("kinds", sa.Text, nullable=False),
    sa.Column("digest", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

checkups_table = sa.Table(
    "alert_checkups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("subscription_id", sa.Integer, nullable=False),
    sa.Column("requested_by", sa.String(100), nullable=False),
    sa.Column("requested_at", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("error", sa.Text),
)

digests_table = sa.Table(
    "alert_digests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
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
)
