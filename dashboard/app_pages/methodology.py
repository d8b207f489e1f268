"""How statuses are judged: docs/methodology.md, the rules for met, pending and disputed, the
flags, kinds, periods and source tiers, in the app itself so a visitor never needs the README."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

METHODOLOGY = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"

with st.container(key="methodology"):
    st.markdown(METHODOLOGY.read_text(encoding="utf-8"))
