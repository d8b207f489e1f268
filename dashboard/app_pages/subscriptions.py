"""My alerts: a signed-in person's own channels (their e-mail, their webhook) and which alerts
reach each. Every alert stays in the shared inbox; a subscription sends a copy.

A test message is queued, not sent from here: a page must never wait on the network, so the
alert worker sends it on its next pass and the result shows up below.
"""

from __future__ import annotations

import streamlit as st

from dashboard import auth, data, view
from monitors.alerts.checkup import Checkup, latest_checkups, request_checkup
from monitors.alerts.rules import KINDS
from monitors.alerts.subscriptions import DIGESTS, PARTIES, Subscription, list_subscriptions, parse_interest, subscribe, unsubscribe
from monitors.domain import PARTY_NAMES, category_words
from monitors.store import StoreError

FORM = "subscribe"
DIGEST_WORDS = {"none": "Each alert at once", "daily": "A daily digest", "weekly": "A weekly digest"}


def _checkup_words(checkup: Checkup | None) -> str:
    if checkup is None:
        return "No test message asked for yet."
    if checkup.status in ("pending", "sending"):
        return (f"Test asked for at {checkup.requested_at:%Y-%m-%d %H:%M} UTC: waiting for the alert worker "
                "(`python -m monitors alerts run`), which sends it on its next pass.")
    if checkup.status == "sent":
        return f"Test message sent at {checkup.finished_at:%Y-%m-%d %H:%M} UTC: check that it arrived."
    return f"Test message failed: {checkup.error}"


def _ask_for_test(subscription: Subscription, by: str) -> None:
    request_checkup(data.tracker().store, subscription, by, data.tracker().clock())
    st.toast("Test message queued: the alert worker sends it on its next pass.")


def _remove(subscription_id: int, by: str) -> None:
    unsubscribe(data.tracker().store, subscription_id, by)
    st.toast(f"Subscription #{subscription_id} removed.")


def _draw(subscription: Subscription, checkup: Checkup | None, by: str) -> None:
    with st.container(key=f"subscription-{subscription.id}", border=True):
        st.text(f"#{subscription.id}: {subscription.shown_url}")
        st.caption(view.escape(f"Alerts: {subscription.interest.describe()}; {DIGEST_WORDS[subscription.digest].lower()}"))
        st.text(_checkup_words(checkup))
        left, right = st.columns(2)
        left.button("Send a test alert", key=f"test-{subscription.id}", icon=":material/send:",
                    on_click=_ask_for_test, args=(subscription, by))
        right.button("Remove", key=f"remove-{subscription.id}", icon=":material/delete:",
                     on_click=_remove, args=(subscription.id, by))


def _form(by: str) -> None:
    catalog = data.catalog()
    with st.form(FORM, clear_on_submit=False):
        st.subheader("Add a channel")
        url = st.text_input("Apprise URL", key=f"{FORM}-url", type="password",
                            help="mailto://user:password@smtp.example.org?to=you@example.org, json://host/path, ... "
                                 "It may hold a password, so it is never shown again in full.")
        st.caption("Leave a choice empty to get every alert of that sort.")
        commitments = st.multiselect("Commitments", list(catalog.commitments), key=f"{FORM}-commitments",
                                     format_func=lambda cid: catalog.commitments[cid].title)
        frameworks = st.multiselect("Frameworks", list(catalog.frameworks), key=f"{FORM}-frameworks",
                                    format_func=lambda fid: catalog.frameworks[fid].name)
        categories = st.multiselect("Categories", sorted({c.category for c in catalog.commitments.values()}),
                                    key=f"{FORM}-categories", format_func=category_words)
        parties = st.multiselect("Owed by", list(PARTIES), key=f"{FORM}-parties", format_func=lambda p: PARTY_NAMES[p])
        kinds = st.multiselect("Kinds of alert", list(KINDS), key=f"{FORM}-kinds")
        digest = st.radio("How often", list(DIGESTS), key=f"{FORM}-digest", horizontal=True,
                          format_func=lambda d: DIGEST_WORDS[d])
        if not st.form_submit_button("Subscribe", key=f"{FORM}-submit", icon=":material/add_alert:"):
            return
    try:
        interest = parse_interest(catalog, commitments, frameworks, categories, parties, kinds)
        added = subscribe(data.tracker().store, by, url, interest, data.tracker().clock(), digest)
    except StoreError as exc:
        st.error(view.escape(f"{exc.field}: {exc.message}"))
        return
    st.success(view.escape(f"Subscribed: #{added.id} {added.shown_url} ({added.interest.describe()})."))


st.title("My alerts")
user = auth.current_user()
if user is None:
    st.info("Sign in (in the sidebar) to have the alerts you choose sent to your own e-mail or webhook. "
            "Every alert is in the shared inbox on the Alerts page either way.")
    st.stop()
_form(user.name)
mine = list_subscriptions(data.tracker().store, user.name)
if not mine:
    st.caption("You have no channel yet.")
latest = latest_checkups(data.tracker().store, [s.id for s in mine])
for subscription in mine:
    _draw(subscription, latest.get(subscription.id), user.name)
