"""A consult list's row is read as the save reads it when it is added or updated: what the save would refuse
(a study at "L5", a medicine taken 40 times a day) is said beside the row's field at Add, never only at the
save, which would then be refused for a row the clinician thought was done."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from fbss_desktop.gui.consult.lists import RecordListField

if TYPE_CHECKING:
    from fbss_desktop.gui.consult.editor import ConsultEditor


def install(editor: ConsultEditor) -> None:
    """Give each of the editor's lists without a check of its own (the goals have one) the save's reading."""
    me = weakref.ref(editor)  # the lists must not keep a closed editor alive
    for field in editor.form.fields.values():
        if isinstance(field, RecordListField) and field.check is None:
            field.check = lambda row, path=field.path: _problems(me, path, row)


def _problems(editor: weakref.ref[ConsultEditor], path: str, row: dict[str, Any]) -> dict[str, str]:
    opened = editor()
    if opened is None:
        return {}
    field = opened.form.fields[path]
    assert isinstance(field, RecordListField)
    return row_problems(opened, field, row)


def row_problems(editor: ConsultEditor, field: RecordListField, row: dict[str, Any]) -> dict[str, str]:
    """What the save would find wrong with `row` in `field`'s list (as added, or as the selected row changed),
    keyed by the row's own fields."""
    document = editor.document()
    rows = field.get()
    index = field.selected_row()
    if index is None or index >= len(rows):
        index = len(rows)
        rows.append(row)
    else:
        rows[index] = row
    holder = document
    *parents, last = field.path.split(".")
    for part in parents:
        holder = holder.setdefault(part, {})
    holder[last] = rows
    prefix = f"{field.path}[{index}]."
    problems: dict[str, str] = {}
    for path, message in editor.session.read(document).problems.items():
        if path.startswith(prefix):
            name = path[len(prefix) :].split(".")[0].split("[")[0]
            if name not in field.row_form.fields:  # a part of the row with no field of its own
                name = next(iter(field.row_form.fields))
            problems.setdefault(name, message)
    return problems
