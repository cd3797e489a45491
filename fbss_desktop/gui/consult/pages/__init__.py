"""The consult editor's pages, one module each, built from bound fields laid out for quick clicking and typing.

The choice lists come from the consult vocabulary in resources/, so a new red-flag question or finding
appears here without code changes. `helpers` holds what the pages share (layout, yes/no grids, fields
declared in core/consult_schema.py); `gui/consult/sections.py` re-exports every page builder.
"""
