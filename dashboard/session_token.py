"""Signed, expiring sign-in tokens for local accounts, so an editor stays signed in across a
reload and in a new tab without the password ever being kept in the browser.

A token names the account and when it was issued, signed with the server's secret
(itsdangerous, HMAC-SHA1 over a timestamped payload): it cannot be forged or stretched past
its lifetime. Signing out is recorded in the store (monitors.accounts.record_sign_out), and
every token issued before its account's last sign-out is refused: that is what makes signing out
end the sign-in in every tab, on every dashboard process. Pure: no Streamlit, no store; the
caller says when an account last signed out.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "truce-monitor sign-in"


@dataclass
class Sessions:
    """Issues and checks tokens with one secret."""

    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    lifetime: timedelta = timedelta(hours=12)

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=SALT)

    def issue(self, username: str, now: float) -> str:
        """A token for `username` issued at `now` (seconds since the epoch)."""
        return self._serializer().dumps({"user": username, "issued": now})

    def username(self, token: str | None, now: float, last_sign_out: Callable[[str], datetime | None]) -> str | None:
        """The account a token signs in, or None when it is missing, forged, expired (older than
        the lifetime at `now`) or issued at or before `last_sign_out(account)`."""
        if not token:
            return None
        try:
            payload = self._serializer().loads(token, max_age=self.lifetime.total_seconds())
        except (SignatureExpired, BadSignature):
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("user"), str):
            return None
        issued = payload.get("issued")
        if not isinstance(issued, (int, float)) or issued > now or now - issued > self.lifetime.total_seconds():
            return None
        signed_out = last_sign_out(payload["user"])
        if signed_out is not None and issued <= signed_out.timestamp():
            return None
        return payload["user"]
