"""The order board without Streamlit (issue 13, domain.md R7): moves between stages, and,
as the page grows, its columns, cards, alerts and leaderboards."""
