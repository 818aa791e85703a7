"""Presentation helpers for the Streamlit pages: filters and URL state, charts, theme."""
