"""Signed, expiring sign-in tokens for local accounts, so an editor stays signed in across a
reload and in a new tab without the password ever being kept in the browser.

A token names the account and when it was issued, signed with the server's secret
(itsdangerous, HMAC-SHA1 over a timestamped payload): it cannot be forged or stretched past
its lifetime. Signing out records the moment for that account, and every token issued before
it is refused: that is what makes signing out end the sign-in in every tab. Pure: no Streamlit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "truce-monitor sign-in"


@dataclass
class Sessions:
    """Issues and checks tokens with one secret; remembers sign-outs (in this server process)."""

    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    lifetime: timedelta = timedelta(hours=12)
    signed_out_at: dict[str, float] = field(default_factory=dict)

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=SALT)

    def issue(self, username: str, now: float) -> str:
        """A token for `username` issued at `now` (seconds since the epoch)."""
        return self._serializer().dumps({"user": username, "issued": now})

    def username(self, token: str | None, now: float) -> str | None:
        """The account a token signs in, or None when it is missing, forged, expired (older than
        the lifetime at `now`) or issued before that account last signed out."""
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
        if issued <= self.signed_out_at.get(payload["user"], float("-inf")):
            return None
        return payload["user"]

    def sign_out(self, username: str, now: float) -> None:
        """Refuse every token of `username` issued up to `now`."""
        self.signed_out_at[username] = now
