"""Streamlit pieces shared by every page: the sidebar, translation and the grid editor."""
