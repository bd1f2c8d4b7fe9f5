"""Graphviz DOT text from user data: every name is a quoted DOT string's content, never
markup (ecosystem-notes: an attribute smuggled into DOT becomes a link in the drawn SVG)."""

from __future__ import annotations


def dot_text(text: object) -> str:
    """``text`` as the content of a quoted DOT string: backslashes and quotes escaped (so
    neither ``\\N``-style escapes nor a closing quote reach Graphviz), no line break, and
    angle brackets and braces kept as the characters they are."""
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")
