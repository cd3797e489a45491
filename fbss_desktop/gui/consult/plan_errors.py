"""Where a refused save found the plan wrong: the first wrong item selected and its field marked, the goals'
and the follow-up's errors shown, and every message (once) under the items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from fbss_desktop.gui.widgets.field_errors import clear_message, show_message

if TYPE_CHECKING:
    from fbss_desktop.gui.consult.plan_builder import PlanBuilder


def clear_errors(builder: PlanBuilder) -> None:
    builder.message.setVisible(False)
    builder.goals.clear_errors()
    clear_message(builder.follow_up.widget)


def _mark_until_changed(field: Any, message: str) -> None:
    """The message beside the field, gone as soon as the field is changed."""
    show_message(field.widget, message)

    def changed() -> None:
        clear_message(field.widget)
        field.edited.disconnect(changed)

    field.edited.connect(changed)


def show_errors(builder: PlanBuilder, errors: dict[str, str]) -> QWidget | None:
    """Errors at "plan.…" paths; selects the first wrong item and marks its field."""
    clear_errors(builder)
    first: QWidget | None = None
    messages = []
    goal_errors = {}
    for path, message in errors.items():
        sub = path[len("plan.") :] if path.startswith("plan.") else path
        if not sub.startswith("goals"):  # a goal's message is said under the goals, not under the items
            messages.append(message)
        if sub.startswith("items["):
            row = int(sub[len("items[") : sub.index("]")])
            _, _, rest = sub.partition("].")
            if row < len(builder.items_model.items) and first is None:
                builder.items_view.selectRow(row)
                field = builder.item_editor.field(rest) if rest else None
                if field is not None:
                    _mark_until_changed(field, message)
                    first = field.widget
                else:
                    first = builder.items_view
        elif sub.startswith("goals"):
            goal_errors[sub[len("goals") :]] = message
        elif sub == "follow_up_weeks":
            _mark_until_changed(builder.follow_up, message)
            first = first or builder.follow_up.widget
    if goal_errors:
        first = first or builder.goals.show_errors(goal_errors)
    builder.message.setText(" ".join(dict.fromkeys(messages)))
    builder.message.setVisible(bool(messages))
    return first
