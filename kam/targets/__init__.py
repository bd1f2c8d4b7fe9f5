"""The targets page without Streamlit (domain.md R6).

- :mod:`kam.targets.tree`: who a target names (entity names, paths, levels) and the targets
  as a tree with the children's sum and the shortfall beside each parent;
- :mod:`kam.targets.plan`: the ten-year key-account plan (actual figures per year, compound
  growth on save, working back), the drivers and the growth formula;
- :mod:`kam.targets.progress`: progress against the expected share, who is behind, the
  monthly actual against target;
- :mod:`kam.targets.bulk`: pasted cells or an imported Excel/CSV file as one change set of
  the ``targets`` table, with every invalid row and column named.

The scoring itself is in :mod:`kam.rules.plan` and :mod:`kam.rules.targets`.
"""
