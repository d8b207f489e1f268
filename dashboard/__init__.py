"""The Streamlit dashboard: thin pages over cached reads of the tracker (`streamlit run dashboard/app.py`)."""
