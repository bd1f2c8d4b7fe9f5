"""Pure scoring functions: (frames, rules, as_of) -> frames. No SQL, no Streamlit, no clock."""
