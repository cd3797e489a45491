"""The front desk reprints a patient's other papers: a letter as it was printed, and a signed procedure note.
Nothing is written but the print itself (in the audit trail)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QMessageBox

if TYPE_CHECKING:
    from fbss_desktop.gui.front_desk import FrontDeskWindow

NO_PAPERS = (
    "This patient has no printed letter and no signed procedure note to reprint. Letters are printed, and "
    "procedure notes signed, by the clinician."
)


def reprint_papers(desk: FrontDeskWindow, patient_id: int) -> None:
    """Ask which paper (when there are several), then preview it for printing."""
    clinic = desk.clinic

    def load() -> list[tuple[str, str, int]]:
        papers = [
            (f"Letter: {letter.kind.label}, printed {letter.printed_at:%Y-%m-%d}", "letter", letter.id)
            for letter in clinic.letters.list(patient_id)
            if letter.printed_at is not None
        ]
        names = {t.code: t.label for t in clinic.catalogues.treatments().treatments}
        papers += [
            (f"Procedure note: {names.get(p.kind, p.kind)} of {p.performed_on.isoformat()}", "note", p.id or 0)
            for p in clinic.procedures.for_patient(patient_id)
            if p.signed
        ]
        return papers

    def choose(papers: list[tuple[str, str, int]]) -> None:
        if not papers:
            QMessageBox.information(desk, "Letters and notes", NO_PAPERS)
            return
        labels = [label for label, _kind, _id in papers]
        chosen, ok = QInputDialog.getItem(desk, "Letters and notes", "Which paper?", labels, 0, False)
        if ok:
            _label, kind, paper_id = papers[labels.index(chosen)]
            _preview(desk, kind, paper_id)

    desk.runner.run(load, choose, lambda exc: desk.show_error("Cannot list the letters and notes", exc))


def _preview(desk: FrontDeskWindow, kind: str, paper_id: int) -> None:
    clinic = desk.clinic
    render: Any
    if kind == "letter":
        render, record = (
            (lambda: clinic.letters.reprint_pdf(paper_id)),
            (lambda: clinic.letters.record_reprint(paper_id)),
        )
        title, name = "Letter (reprint)", f"letter-{paper_id}.pdf"
    else:
        render = lambda: clinic.procedures.note_pdf(paper_id)  # noqa: E731 - one line, read where it is used
        record = lambda: clinic.procedures.record_print(paper_id, "procedure note")  # noqa: E731
        title, name = "Procedure note", f"procedure-note-{paper_id}.pdf"
    from fbss_desktop.gui.dialogs.print_preview import preview_rendered

    preview_rendered(
        desk,
        desk.runner,
        render,
        title=title,
        file_name=name,
        on_printed=lambda: desk.runner.run(
            record, on_error=lambda exc: desk.show_error("Printed, but the print was not recorded", exc)
        ),
        on_error=lambda exc: desk.show_error(f"Cannot print the {title.lower()}", exc),
        on_saved=lambda: desk.runner.run(record),
    )
