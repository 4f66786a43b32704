"""Logical (stored) text -> the visual lines a terminal draws, and the gate every outside character passes.

Every widget draws data text through `layout.layout` or `layout.single_line`;
search, sort, copy and export keep using the logical text. `gate` is the one
registry of characters that must never reach a terminal.
"""
