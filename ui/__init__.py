"""Streamlit pieces of the page: rendering only. Decisions live in ``conversation`` and below."""
