"""All SQL of the app (besides :mod:`kam.db`, :mod:`kam.schema` and :mod:`kam.defaults`).

Reads by table: :mod:`.customers`, :mod:`.orders`, :mod:`.people`, :mod:`.targets`,
:mod:`.rules` (the rules tables). The generic verbs apart from them: :mod:`.frames`
(read a table or a query into a DataFrame), :mod:`.save` (the version-checked, audited
write of a validated change set), :mod:`.audit` (read the audit trail), :mod:`.refs`
(references, dependents, foreign-key options) and :mod:`.counters` (per-table write
counters for caches). Validation and invariants come first, in :mod:`kam.edit`.
"""
