"""Retracting an update on the log page under AppTest: it starts from the commitment's evidence,
the chosen update is shown in words before anything is stored, and only the confirm button
withdraws it."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from monitors.tracker import Tracker
from tests.html_reading import drawn, list_items
from tests.markdown import unescape

LOG_PAGE = "app_pages/log.py"
COMMITMENT = "london-cn-export-licences"
RAW_FIELD_NAMES = ("None", "not_met", "single_source", "source_party", "asserts", "logged_by")


def open_retraction(app: AppTest, sign_in: Callable[[AppTest, str, str], AppTest], accounts: dict[str, str]) -> AppTest:
    """The log page, signed in as the editor, with the commitment chosen in the retraction tab."""
    app.run()
    at = sign_in(app.switch_page(LOG_PAGE).run(), "editor", accounts["editor"])
    return at.main.selectbox("retract-commitment").select(COMMITMENT).run()


def log_figure(tracker: Tracker) -> int:
    """An update with every field a reader should see filled in, some of it typed as markup."""
    return tracker.append(tracker.validate({
        "commitment": COMMITMENT, "observed": "2025-07-20", "source_party": "independent",
        "source": "China customs <b>data</b>", "url": "https://www.example.org/june-magnets", "asserts": "not_met",
        "kind": "data", "value": "353", "unit": "t", "period": "2025-06", "tier": "single_source",
        "note": "June exports **rose** to 353 t", "by": "analyst",
    }))


def value_of(at: AppTest, key: str) -> object:
    return at.main.get_by_key(key).value


def in_force(tracker: Tracker) -> list[int]:
    return [u.id for u in sorted((u for u in tracker.store.updates(commitment_id=COMMITMENT) if not u.retracted),
                                 key=lambda u: (u.observed, u.id), reverse=True)]


def test_the_picker_offers_the_commitments_updates_in_force_newest_first_and_reruns_on_change(app, tracker, accounts, sign_in):
    withdrawn = in_force(tracker)[0]
    tracker.retract(withdrawn, "a test", "someone")
    at = open_retraction(app, sign_in, accounts)
    picker = at.main.selectbox("retract-id")
    assert picker.proto.form_id == "", "a picker inside a form sends nothing, and shows nothing, until the form is submitted"
    assert [int(option.split(" ")[0][1:]) for option in picker.options] == in_force(tracker)
    assert all(" · says " in option for option in picker.options) and f"#{withdrawn} " not in " ".join(picker.options)
    assert value_of(at, "retract-id") is None
    assert not [b for b in at.main.button if b.key == "retract-submit"], "nothing to confirm before an update is chosen"


def test_the_chosen_update_is_shown_in_words_before_anything_is_stored(app, tracker, accounts, sign_in):
    update_id = log_figure(tracker)
    at = open_retraction(app, sign_in, accounts)
    at.main.selectbox("retract-id").select(update_id).run()
    assert not at.exception
    shown = drawn(at.main.get_by_key("retract-chosen"))
    logged_on = tracker.store.update(update_id).logged_at.date().isoformat()
    assert [item.text() for item in list_items(shown)] == [
        "Observed on: 2025-07-20",
        "Who is speaking: independent sources",
        "Source: China customs <b>data</b> (single source)",
        "Link: www.example.org",
        "It says the commitment is: not met",
        "What it is: a figure, 353\u00a0t for June 2025",
        "Note: June exports **rose** to 353 t",
        f"Logged by: analyst on {logged_on}, as update #{update_id}",
    ]
    assert not shown.all("b"), "typed text shows as typed"
    [link] = shown.all("a")
    assert link.attrs["href"] == "https://www.example.org/june-magnets"
    assert not any(word in shown.text() for word in RAW_FIELD_NAMES)
    assert tracker.store.update(update_id).retraction is None
    assert at.main.button("retract-submit")


def test_only_the_confirm_button_withdraws_it_and_then_the_choice_is_cleared(app, tracker, accounts, sign_in):
    update_id = log_figure(tracker)
    at = open_retraction(app, sign_in, accounts)
    at.main.selectbox("retract-id").select(update_id).run()
    at.main.text_area("retract-reason").input("  ")
    at.main.button("retract-submit").click().run()
    assert "is required" in unescape(at.main.get_by_key("retract-error-reason").error[0].value)
    assert tracker.store.update(update_id).retraction is None
    assert at.main.get_by_key("retract-chosen"), "the update stays shown while the reason is corrected"

    at.main.text_area("retract-reason").input("figure was for May, not June")
    at.main.button("retract-submit").click().run()
    assert not at.exception
    retraction = tracker.store.update(update_id).retraction
    assert retraction is not None and (retraction.retracted_by, retraction.reason) == ("editor", "figure was for May, not June")
    confirmation = at.main.get_by_key("retract-confirmation").success[0].value
    assert f"Retracted update #{update_id} (retraction #{retraction.id})" in confirmation
    picker = at.main.selectbox("retract-id")
    assert (picker.value, picker.proto.set_value) == (None, True), "the browser is told the choice is cleared"
    assert f"#{update_id} " not in " ".join(picker.options)
    assert value_of(at, "retract-commitment") == COMMITMENT
    assert not [t for t in at.main.text_area if t.key == "retract-reason"]


def test_the_next_retraction_starts_with_an_empty_reason(app, tracker, accounts, sign_in):
    first, second = log_figure(tracker), tracker.append(tracker.validate({
        "commitment": COMMITMENT, "observed": "2025-08-20", "source_party": "cn",
        "source": "MOFCOM", "asserts": "met", "by": "analyst"}))
    at = open_retraction(app, sign_in, accounts)
    at.main.selectbox("retract-id").select(first).run()
    at.main.text_area("retract-reason").input("wrong period")
    at.main.button("retract-submit").click().run()
    at.main.selectbox("retract-id").select(second).run()
    assert at.main.text_area("retract-reason").value == ""
    assert f"as update #{second}" in drawn(at.main.get_by_key("retract-chosen")).text()
