"""Log an update, retract one, or import a CSV file: for signed-in editors only.

Validation is the command line's (Tracker.validate); each problem is shown under its field and
nothing is stored unless everything is valid."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, data, forms, view

st.title("Log an update")
user = auth.editor()
if user is None:
    someone = auth.current_user()
    if someone is not None:
        st.warning(view.escape(f"{someone.name} may look but not write: only editors log, retract or import evidence."))
    else:
        st.info("Sign in as an editor (in the sidebar) to log, retract or import evidence. Looking needs no account.")
    st.stop()

log_tab, retract_tab, import_tab = st.tabs(["Log an update", "Retract an update", "Import a CSV file"], key="log-tabs")
with log_tab:
    forms.update_form(user, default_commitment=st.session_state.get(view.COMMITMENT_KEY))
with retract_tab:
    forms.retraction_form(user, default_commitment=st.session_state.get(view.COMMITMENT_KEY))
with import_tab:
    forms.import_form(user)

if view.as_of() != data.today():
    st.caption("The as-of date does not apply here: previews show the status today.")
