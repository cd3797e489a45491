"""A consult as the editor holds it, read once into typed records: what live decision support, the running
totals and the save all use, so the editor's document is read once per edit and once per save."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.plans import TreatmentPlan


@dataclass(frozen=True)
class ConsultReading:
    """The consult and its plan as far as they read, and the problems found (keyed by document path).

    `plan` is None when the document had no plan section (nothing to save for the plan). A reading with
    problems is good for decision support on a consult still being typed, never for saving.
    """

    record: ConsultRecord
    plan: TreatmentPlan | None
    problems: Mapping[str, str] = field(default_factory=dict)
    finalizing: bool = False  # read with the stricter checks a plan being finalized needs

    def checked(self) -> ConsultReading:
        """This reading, for saving: raises ValidationError (by path) when anything did not read."""
        if self.problems:
            raise ValidationError(dict(self.problems))
        return self
