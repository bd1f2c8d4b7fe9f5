"""The only JavaScript the app sends to AgGrid: constants, never built from data.

streamlit-aggrid runs every ``::JSCODE::`` string in the grid options as code when
``allow_unsafe_jscode`` is on (we need it for ``getRowId`` and the edited-rows return),
so no user text may reach the grid options unneutralised: see :func:`neutral`.
"""

from __future__ import annotations

from st_aggrid import JsCode

from kam.i18n import RATE_DECIMALS
from kam.types import JSCODE_MARKER

# Rows are identified by their primary key (or a negative temporary key when new).
ROW_ID = JsCode("function(p) { return String(p.data.__rid); }")

# Sent back to Python on each edit or selection: only the edited cells (accumulated for
# the life of this grid instance) and the selected keys, never the whole grid. Each value
# comes with the generation of the rows it was typed on (``__gen``: the server replaces
# the rows after a save, kam/ui/grid_state.py) and the row's version as it was then.
COLLECT = JsCode(
    """(function() {
  const edits = new Map();
  window.__kamEdits = edits;  // one grid per component frame: REAPPLY reads them
  let seq = 0;
  return function({streamlitRerunEventTriggerName, eventData}) {
    if (streamlitRerunEventTriggerName === 'cellValueChanged' && eventData.data) {
      const row = eventData.data;
      const rid = String(row.__rid);
      let e = edits.get(rid);
      if (!e) { e = {rid: row.__rid, version: row.version, values: {}, gens: {}, versions: {}}; edits.set(rid, e); }
      e.version = row.version;
      const v = eventData.newValue;
      const field = eventData.colDef.field;
      e.values[field] = (v === undefined || (typeof v === 'number' && isNaN(v))) ? null : v;
      e.gens[field] = Number(row.__gen || 0);
      e.versions[field] = row.version;
      const marked = new Set((row.__edited || '').split(',').filter(Boolean));
      marked.add(eventData.colDef.field);
      row.__edited = Array.from(marked).join(',');
      eventData.api.refreshCells({rowNodes: [eventData.node], force: true});
    }
    seq += 1;
    const selected = eventData.api.getSelectedRows().map(r => r.__rid);
    const rids = [];  // the rows this grid holds: new rows from the server can be ignored
    eventData.api.forEachNode(n => { if (n.data) rids.push(n.data.__rid); });
    return {edits: Array.from(edits.values()), selected: selected, seq: seq, rids: rids};
  };
})()"""
)

# After the server replaced the grid's rows (``server_sync_strategy="server_wins"`` for one
# draw), the component applies those rows again on its own next update, which a typed cell
# causes while its props still say server_wins: the values typed on these rows (the same
# generation) are put back, marked, without a change event (no second return, no loop).
REAPPLY = JsCode(
    """function(e) {
  const edits = window.__kamEdits;
  if (!edits || !edits.size) return;
  edits.forEach(function(en) {
    const node = e.api.getRowNode(String(en.rid));
    if (!node || !node.data) return;
    const marked = new Set((node.data.__edited || '').split(',').filter(Boolean));
    let changed = false;
    for (const f in en.values) {
      if (Number((en.gens || {})[f] || 0) !== Number(node.data.__gen || 0)) continue;
      if (node.data[f] !== en.values[f]) { node.data[f] = en.values[f]; changed = true; }
      if (!marked.has(f)) { marked.add(f); changed = true; }
    }
    if (changed) {
      node.data.__edited = Array.from(marked).join(',');
      e.api.refreshCells({rowNodes: [node], force: true});
    }
  });
}"""
)

EDITED = JsCode(
    "function(p) { return !!(p.data && p.data.__edited && p.data.__edited.split(',').indexOf(p.colDef.field) >= 0); }"
)
INVALID = JsCode(
    "function(p) { return !!(p.data && p.data.__invalid && p.data.__invalid.split(',').indexOf(p.colDef.field) >= 0); }"
)
NEW_ROW = JsCode("function(p) { return !!(p.data && Number(p.data.__rid) < 0); }")
# A row outside the user's write scope (kam/store/access.py) is read-only in the grid; the
# save path refuses it all the same, should a browser send an edit of it.
UNLOCKED = JsCode("function(p) { return !(p.data && p.data.__locked); }")
LOCKED_ROW = JsCode("function(p) { return !!(p.data && p.data.__locked); }")

# Number cells in the one number format (kam/i18n.py): money in whole yuan with
# separators, rates as percentages with one decimal, other numbers with separators.
_NUMBER = """function(p) {
  if (p.value === null || p.value === undefined || p.value === '') return '';
  const n = Number(p.value);
  if (isNaN(n)) return String(p.value);
  const kind = %(kind)s;
  // A refused value the server sends back as typed text (20 digits, 1.5 in a whole-number
  // cell) is shown as typed: formatting it would round it.
  const whole = kind === 'money' || kind === 'int';
  if (typeof p.value === 'string' && (Math.abs(n) > Number.MAX_SAFE_INTEGER || (whole && !Number.isInteger(n))))
    return p.value;
  if (kind === 'money') return n.toLocaleString('en-US', {maximumFractionDigits: 0});
  if (kind === 'rate') return (n * 100).toFixed(%(rate)d) + '%%';
  if (kind === 'int') return String(Math.round(n));
  return n.toLocaleString('en-US', {maximumFractionDigits: 6});
}"""


def _number_js(kind: str) -> JsCode:
    """The formatter for ``kind`` (a JavaScript expression, a constant of this module)."""
    return JsCode(_NUMBER % {"kind": kind, "rate": RATE_DECIMALS})


MONEY = _number_js("'money'")
RATE = _number_js("'rate'")
NUMBER = _number_js("'number'")
# A column whose unit depends on the row: the row's kind is in the hidden field
# ``__kind_<column>`` (kam/ui/grid_view.py ``display_frame``).
BY_ROW = _number_js("(p.data && p.data['__kind_' + p.colDef.field]) || 'number'")

CSS = {
    ".kam-edited": {"background-color": "#fff4c2 !important"},
    ".kam-invalid": {"background-color": "#ffd9d9 !important", "outline": "1px solid #d33 !important"},
    ".kam-new-row": {"font-style": "italic"},
    ".kam-locked-row": {"color": "#6b7280 !important", "background-color": "#f7f7f8 !important"},
}


def neutral(text: object) -> str:
    """User text made safe for the grid options: the JsCode marker cannot survive."""
    out = str(text)
    while JSCODE_MARKER.lower() in out.lower():
        idx = out.lower().index(JSCODE_MARKER.lower())
        out = out[:idx] + ":\u200bJSCODE\u200b:" + out[idx + len(JSCODE_MARKER) :]
    return out
