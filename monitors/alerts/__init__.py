"""Alerts: deadline reminders, overdue alerts and status-change alerts, each raised once, kept
in an inbox and delivered to the external channels (apprise URLs) the settings name.

The dashboard's API is the inbox: `list_alerts`, `get_alert`, `unacknowledged_count`,
`acknowledge`. docs/alerts.md explains the rules, the channels and how exactly-once works.
"""

from monitors.alerts.inbox import Alert, Attempt, Delivery, acknowledge, get_alert, list_alerts, unacknowledged_count

__all__ = ["Alert", "Attempt", "Delivery", "acknowledge", "get_alert", "list_alerts", "unacknowledged_count"]
