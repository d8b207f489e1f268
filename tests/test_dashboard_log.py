"""The log page under AppTest: who may reach the write path, field-level errors that store
nothing, the preview, a valid update and CSV import (retraction: test_dashboard_retract.py)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import User
from dashboard.writes import NotAnEditor, import_csv, log_update, retract
from monitors.tracker import Tracker
from tests import html_reading
from tests.html_reading import drawn
from tests.markdown import table_rows, unescape

LOG_PAGE = "app_pages/log.py"
COMMITMENT = "london-us-nvidia-h20"
VALID_FIELDS = {"commitment": COMMITMENT, "observed": "2025-07-15", "source_party": "us", "source": "BIS", "asserts": "met"}


def open_log_page(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page(LOG_PAGE).run()


def stored_updates(tracker: Tracker) -> int:
    return len(tracker.store.updates())


def field_errors(at: AppTest, form: str, field: str) -> list[str]:
    return [unescape(e.value) for e in at.main.get_by_key(f"{form}-error-{field}").error]


def stage_update(at: AppTest, **fields: object) -> None:
    """Stage the log form's widgets (unset ones keep their defaults)."""
    keys = {
        "commitment": "log-commitment", "observed": "log-observed", "source_party": "log-source-party",
        "source": "log-source", "url": "log-url", "asserts": "log-asserts", "value": "log-value",
        "unit": "log-unit", "new_deadline": "log-new-deadline", "note": "log-note",
        "kind": "log-kind", "period": "log-period", "new_expiry": "log-new-expiry", "tier": "log-tier",
    }
    for field, value in fields.items():
        widget = at.main.get_by_key(keys[field])
        widget.set_value(value)


def valid_update(tracker: Tracker) -> dict[str, object]:
    return {
        "commitment": COMMITMENT, "observed": tracker.today(), "source_party": "us",
        "source": "BIS notice", "url": "https://www.bis.gov/", "asserts": "met", "kind": "act",
        "note": "Licences restored **in full** <b>today</b>",
    }


def test_it_offers_no_form_to_a_visitor_who_is_not_signed_in(app, tracker):
    before = stored_updates(tracker)
    at = open_log_page(app)
    assert not at.exception
    assert not at.get("form_submit_button") or all(b.key not in {"log-submit", "retract-submit", "import-submit"} for b in at.main.button)
    assert "Sign in as an editor" in at.main.info[0].value
    assert stored_updates(tracker) == before


def test_it_offers_no_form_to_a_signed_in_viewer(app, tracker, accounts, sign_in):
    at = sign_in(open_log_page(app), "viewer", accounts["viewer"])
    assert not at.exception
    assert [b.key for b in at.main.button] == []
    assert "may look but not write" in unescape(at.main.warning[0].value)


def test_the_write_path_refuses_anyone_but_an_editor(tracker, clear_streamlit_caches):
    before = stored_updates(tracker)
    csv_file = b"commitment,observed,source_party,source,asserts\nlondon-us-ethane,2025-07-02,us,BIS,met\n"
    valid = tracker.validate(VALID_FIELDS)
    for user in (None, User("someone", "viewer", "local")):
        with pytest.raises(NotAnEditor):
            log_update(user, valid)
        with pytest.raises(NotAnEditor):
            retract(user, 1, "not allowed")
        with pytest.raises(NotAnEditor):
            import_csv(user, io.BytesIO(csv_file))
    assert stored_updates(tracker) == before
    assert tracker.store.retractions() == []


def test_the_write_path_records_the_editor_as_author_whatever_the_update_says(tracker, clear_streamlit_caches):
    update_id = log_update(User("editor", "editor", "local"), tracker.validate({**VALID_FIELDS, "by": "mallory"}))
    stored = tracker.store.update(update_id)
    assert stored is not None and stored.logged_by == "editor"


def test_a_wrong_password_is_refused_with_a_message(app, accounts, sign_in):
    at = sign_in(open_log_page(app), "editor", "not the password")
    assert "Wrong username or password." in [e.value for e in at.sidebar.error]
    assert at.main.info  # still the sign-in prompt


def test_repeated_failures_are_slowed_down_and_say_why(app, accounts, sign_in):
    at = open_log_page(app)
    for _ in range(5):
        at = sign_in(at, "editor", "wrong guess")
    at = sign_in(at, "editor", accounts["editor"])
    assert any("slows down password guessing" in unescape(e.value) for e in at.sidebar.error)
    assert at.main.info


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("commitment", {"commitment": None}, "is required"),
        ("observed", {"observed": None}, "is required"),
        ("observed", {"observed": "future"}, "is in the future"),
        ("source_party", {"source_party": None}, "is required"),
        ("source", {"source": "   "}, "is required"),
        ("source", {"source": "x" * 301}, "is too long"),
        ("url", {"url": "ftp://example.com/file"}, "is not an http(s) URL"),
        ("asserts", {"asserts": None}, "is required"),
        ("value", {"value": "twelve"}, "is not a number"),
        ("unit", {"value": "12"}, "is required when a value is given"),
        ("value", {"unit": "%"}, "is required when a unit is given"),
        ("unit", {"commitment": "london-us-tariff-level", "value": "55", "unit": "t"}, "is not the unit this commitment is judged in"),
        ("value", {"kind": "data"}, "is required for a figure"),
        ("period", {"value": "12", "unit": "%", "kind": "data", "period": "last summer"}, "is not a period"),
        ("note", {"note": "bell \x07 character"}, "control characters"),
    ],
)
def test_each_bad_input_is_named_under_its_field_and_nothing_is_stored(app, tracker, accounts, sign_in, field, overrides, message):
    before = stored_updates(tracker)
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    fields = {**valid_update(tracker), **overrides}
    if fields["observed"] == "future":
        fields["observed"] = tracker.today() + timedelta(days=2)
    stage_update(at, **fields)
    at.main.button("log-submit").click()
    at.run()
    assert not at.exception
    assert any(message in text for text in field_errors(at, "log", field)), field_errors(at, "log", field)
    assert "Nothing was stored" in at.main.get_by_key("log-error").error[0].value
    assert stored_updates(tracker) == before


def test_preview_shows_the_status_change_without_storing(app, tracker, accounts, sign_in):
    before = stored_updates(tracker)
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    stage_update(at, **valid_update(tracker))
    at.main.button("log-preview").click()
    at.run()
    preview = at.main.get_by_key("log-preview-result")
    assert ":material/schedule: pending" in preview.markdown[1].value
    assert ":material/check_circle: met" in preview.markdown[3].value
    assert stored_updates(tracker) == before


def test_preview_shows_that_a_statement_alone_does_not_make_it_met(app, tracker, accounts, sign_in):
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    stage_update(at, **{**valid_update(tracker), "kind": "statement"})
    at.main.button("log-preview").click()
    at.run()
    preview = at.main.get_by_key("log-preview-result")
    assert ":material/schedule: pending" in preview.markdown[1].value
    assert ":material/schedule: pending" in preview.markdown[3].value
    assert preview.caption[0].value == "The status would not change."


def test_a_valid_update_is_stored_shown_as_evidence_and_changes_the_status(app, tracker, accounts, sign_in):
    assert tracker.assessment(COMMITMENT).status == "pending"
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    stage_update(at, **valid_update(tracker))
    at.main.button("log-submit").click()
    at.run()
    assert not at.exception
    new_id = max(u.id for u in tracker.store.updates())
    confirmation = at.main.get_by_key("log-confirmation").success[0].value
    assert f"Logged update #{new_id}" in confirmation and "pending → met" in confirmation
    stored = tracker.store.update(new_id)
    assert stored is not None and stored.logged_by == "editor"
    assert at.main.get_by_key("log-source").value == ""  # the form is ready for the next one

    at.switch_page("app_pages/commitment.py")
    at.query_params["commitment"] = COMMITMENT
    at.run()
    page = drawn(at.main)
    row = next(r for r in html_reading.table_rows(page.section("evidence")) if r["update"] == f"#{new_id}\u00a0by\u00a0editor")
    assert row["note"] == "Licences restored **in full** <b>today</b>"  # shown as text, not markup
    assert not page.section("evidence").all("b")
    assert row["rests on"] == "★"
    assert page.section("status").all("span")[0].text() == "check_circle met"


# Every field of the log form but the commitment, with the value it has when empty.
EMPTY_FIELDS = {
    "log-observed": None, "log-source-party": None, "log-source": "", "log-url": "", "log-asserts": None,
    "log-kind": None, "log-value": "", "log-unit": "", "log-period": "", "log-new-deadline": None,
    "log-new-expiry": None, "log-tier": None, "log-note": "", "log-allow-duplicate": False,
}


def test_after_a_save_the_browser_shows_an_empty_form_that_keeps_the_commitment(app, tracker, accounts, sign_in):
    """A browser keeps showing what was typed in a field unless the server sends it a value to
    show (`set_value`): the server forgetting the values left "Reuters test" in the form after
    "Logged update #132"."""
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    stage_update(at, commitment="london-us-tariff-level", observed=tracker.today(), source_party="independent",
                 source="Reuters test", url="https://www.reuters.com/", asserts="progress", kind="act", value="55",
                 unit="%", period="2025-07", new_deadline=tracker.today() + timedelta(days=60),
                 new_expiry=tracker.today() + timedelta(days=180), tier="confirmed",
                 note="every field filled")
    at.main.checkbox("log-allow-duplicate").check()
    at.main.button("log-submit").click().run()
    assert not at.exception
    first = max(u.id for u in tracker.store.updates())
    assert f"Logged update #{first}" in at.main.get_by_key("log-confirmation").success[0].value
    for key, empty in EMPTY_FIELDS.items():
        widget = at.main.get_by_key(key)
        assert (widget.value, widget.proto.set_value) == (empty, True), f"{key} still shows what was typed"
    assert at.main.selectbox("log-commitment").value == "london-us-tariff-level"  # several updates about one commitment

    stage_update(at, observed=tracker.today(), source_party="us", source="USTR", asserts="met")
    at.main.button("log-submit").click().run()
    second = tracker.store.update(first + 1)
    assert second is not None and (second.commitment_id, second.source, second.note) == ("london-us-tariff-level", "USTR", None)
    assert f"Logged update #{second.id}" in at.main.get_by_key("log-confirmation").success[0].value


def test_a_second_identical_update_is_held_back_until_confirmed(app, tracker, accounts, sign_in):
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    stage_update(at, **valid_update(tracker))
    at.main.button("log-submit").click()
    at.run()
    first = max(u.id for u in tracker.store.updates())
    count = len(tracker.store.updates())
    stage_update(at, **valid_update(tracker))
    at.main.button("log-submit").click()
    at.run()
    assert len(tracker.store.updates()) == count  # nothing stored
    warning = at.main.get_by_key("log-error-duplicate").warning[0].value
    assert f"Update #{first}, logged by editor, already says exactly this" in unescape(warning)
    at.main.checkbox("log-allow-duplicate").check()
    at.main.button("log-submit").click()
    at.run()
    assert len(tracker.store.updates()) == count + 1


def test_the_preview_names_no_placeholder(app, tracker, accounts, sign_in):
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    stage_update(at, **valid_update(tracker))
    at.main.button("log-preview").click()
    at.run()
    shown = at.main.get_by_key("log-preview-result").text[0].value
    assert "#0" not in shown and "this update" in shown


def test_the_import_offers_a_template_that_imports_as_is(app, tracker, accounts, sign_in):
    from dashboard.forms import import_template

    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    assert at.main.get("download_button")
    at.main.file_uploader("import-file").upload("template.csv", import_template().encode(), "text/csv")
    at.main.button("import-submit").click()
    at.run()
    assert "Imported 1 updates" in at.main.success[0].value


CSV_HEADER = "commitment,observed,source_party,source,url,asserts,value,unit\n"


def test_an_import_with_a_bad_row_reports_each_row_and_stores_nothing(app, tracker, accounts, sign_in):
    before = stored_updates(tracker)
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    rows = CSV_HEADER + f"{COMMITMENT},2025-07-01,us,BIS,,met,,\nnope,2025-07-01,martians,BIS,,met,,\n"
    at.main.file_uploader("import-file").upload("updates.csv", rows.encode(), "text/csv")
    at.main.button("import-submit").click()
    at.run()
    report = table_rows(at.main.get_by_key("import-errors").markdown[0].value)
    assert {r["field"] for r in report} == {"commitment", "source_party"}
    assert {r["line"] for r in report} == {"3"}  # header line 1, the good row line 2, the bad one line 3
    assert stored_updates(tracker) == before


def test_a_valid_import_stores_every_row_as_the_editor(app, tracker, accounts, sign_in):
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    rows = CSV_HEADER + f"{COMMITMENT},2025-07-01,us,BIS,,met,,\nlondon-us-tariff-level,2025-07-02,independent,Mondaq,,met,55,%\n"
    at.main.file_uploader("import-file").upload("updates.csv", rows.encode(), "text/csv")
    at.main.button("import-submit").click()
    at.run()
    last = max(u.id for u in tracker.store.updates())
    assert f"Imported 2 updates: #{last - 1} to #{last}" in at.main.success[0].value
    assert {u.logged_by for u in tracker.store.updates()[-2:]} == {"editor"}


def test_the_sign_in_form_is_drawn_on_the_log_page_and_elsewhere_when_asked_for(app, accounts):
    at = app.run()
    assert not at.sidebar.text_input  # a visitor's overview carries no form
    at.sidebar.button("sign-in-open").click().run()
    assert [t.key for t in at.sidebar.text_input] == ["sign-in-username", "sign-in-password"]
    at.sidebar.text_input("sign-in-username").input("editor")
    at.sidebar.text_input("sign-in-password").input("wrong password")
    at.sidebar.button("sign-in-submit").click().run()
    assert at.sidebar.text_input, "a failed sign-in keeps the form open"
    at = open_log_page(app)
    assert [t.key for t in at.sidebar.text_input] == ["sign-in-username", "sign-in-password"]


def test_signing_out_ends_the_session(app, accounts, sign_in):
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    assert at.main.button("log-submit")
    at.sidebar.button("sign-out").click()
    at.run()
    assert "signed_in" not in at.session_state
    assert at.main.info and not [b for b in at.main.button if b.key == "log-submit"]
    at.switch_page("app_pages/overview.py").run()
    assert not at.sidebar.text_input and at.sidebar.button("sign-in-open")


def test_with_an_identity_provider_signed_in_people_are_editors(app, tracker):
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    app.user = {"is_logged_in": True, "email": "analyst@example.org", "name": "Analyst"}
    at = open_log_page(app)
    assert not at.exception
    assert at.main.button("log-submit")
    assert "Signed in as analyst@example.org (editor)" in unescape(at.sidebar.caption[0].value)


def test_with_an_identity_provider_editors_can_be_restricted_by_email(app):
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    app.secrets["dashboard"] = {"editor_emails": ["chief@example.org"]}
    app.user = {"is_logged_in": True, "email": "analyst@example.org"}
    at = open_log_page(app)
    assert "may look but not write" in unescape(at.main.warning[0].value)


def test_with_an_identity_provider_visitors_are_offered_its_sign_in(app):
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    app.user = {"is_logged_in": False}
    at = open_log_page(app)
    assert at.sidebar.button("sign-in-oidc")
    assert not at.sidebar.text_input
    assert at.main.info


def test_what_was_typed_is_quoted_as_text_not_markdown(app, tracker, accounts, sign_in):
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    stage_update(at, **{**valid_update(tracker), "value": "[click](https://evil.example)"})
    at.main.button("log-submit").click()
    at.run()
    shown = at.main.get_by_key("log-error-value").error[0].value
    assert shown == "'\\[click\\]\\(https:\u2060//evil.\u2060example\\)' is not a number"


def test_a_long_import_is_read_a_chunk_at_a_time_with_a_progress_bar(app, tracker, accounts, sign_in, monkeypatch):
    """The page hands the uploaded file itself to the import, which reads it a chunk at a time
    (it read the whole file into memory first, behind a spinner); the bar follows the bytes read."""
    from streamlit.runtime.uploaded_file_manager import UploadedFile

    def whole_file(self: UploadedFile) -> bytes:
        raise AssertionError("the upload was read whole")

    monkeypatch.setattr(UploadedFile, "getvalue", whole_file)
    seen: list[int] = []
    import_csv = Tracker.import_csv

    stages: list[str] = []

    def watched(self, stream, name, by=None, progress=None, stage=None):  # type: ignore[no-untyped-def]
        assert progress is not None and stage is not None

        def told(done: int) -> None:
            seen.append(done)
            progress(done)

        def step(what: str) -> None:
            stages.append(what)
            stage(what)

        return import_csv(self, stream, name, by=by, progress=told, stage=step)

    monkeypatch.setattr(Tracker, "import_csv", watched)
    rows = CSV_HEADER + "".join(f"{COMMITMENT},2025-07-{1 + n % 28:02d},us,BIS,,met,,\n" for n in range(12_000))
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    at.main.file_uploader("import-file").upload("long.csv", rows.encode(), "text/csv")
    at.main.button("import-submit").click()
    at.run()
    assert not at.exception
    assert "Imported 12000 updates" in at.main.success[0].value
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] == len(rows.encode())
    assert stages[-2:] == ["updating the statuses", "saving"], "the bar is told each step after the last row"
    [bar] = at.main.get("progress")
    assert (bar.value, unescape(bar.text)) == (100, f"Stored all of long.csv ({len(rows.encode()) / 1e6:.1f} MB).")


def test_the_import_bar_says_how_far_it_has_read_in_words():
    from dashboard.forms import import_progress

    share, words = import_progress("big.csv", 2_500_000, 10_000_000)
    assert (share, unescape(words)) == (0.25, "Checking and storing big.csv: 2.5 of 10.0 MB, all or nothing...")
    share, words = import_progress("big.csv", 10_000_000, 10_000_000)
    assert (share, unescape(words)) == (1.0, "Checked all of big.csv (10.0 MB); storing it...")
    assert import_progress("empty.csv", 0, 0)[0] == 1.0


def test_the_import_bar_names_each_step_after_the_last_row():
    """After the last byte the bar would sit at 100% while the rows are stored, the indexes
    built and the statuses updated; it names the step instead."""
    from dashboard.forms import import_step

    assert unescape(import_step("big.csv", 10_000_000, "building the indexes")) == (
        "Checked all of big.csv (10.0 MB); building the indexes...")


def test_a_failed_import_takes_its_bar_away_and_shows_the_report(app, tracker, accounts, sign_in):
    at = sign_in(open_log_page(app), "editor", accounts["editor"])
    rows = CSV_HEADER + f"{COMMITMENT},2025-07-01,martians,BIS,,met,,\n"
    at.main.file_uploader("import-file").upload("bad.csv", rows.encode(), "text/csv")
    at.main.button("import-submit").click()
    at.run()
    assert not at.main.get("progress")
    assert at.main.get_by_key("import-errors")
