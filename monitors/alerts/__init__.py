"""Alerts: deadline and expiry reminders, overdue and lapse alerts, late data, endings and
status changes, each raised once, kept in an inbox and delivered to the external channels
(apprise URLs) the settings name and to people's own subscriptions.

The dashboard's API is the inbox: `list_alerts`, `get_alert`, `unacknowledged_count`,
`acknowledge`; subscriptions are in `monitors.alerts.subscriptions`, test messages in
`monitors.alerts.checkup`. docs/alerts.md explains the rules, the channels, replays and how
exactly-once works.
"""

from monitors.alerts.inbox import Alert, Attempt, Delivery, acknowledge, get_alert, list_alerts, unacknowledged_count

__all__ = ["Alert", "Attempt", "Delivery", "acknowledge", "get_alert", "list_alerts", "unacknowledged_count"]
