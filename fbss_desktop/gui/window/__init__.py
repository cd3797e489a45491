"""The main window's features, one room each; `gui/main_window.py` is the shell that holds them.

- `database.py`: the database opened on the worker and closed, its clinic-wide settings applied, and the
  controls that need a clinic enabled only while one is open.
- `patient_list.py`: the search box, the patient list loaded a page at a time, its count, the empty state
  and the demo patients.
- `patient_record.py`: the open patient in the panel; the patient and spine-surgery dialogs.
- `consult_launcher.py`: opening, starting and restoring consult editors; the autosave recovery offer.
- `case_files.py`: exporting and importing a patient's case file.
- `printing.py`: the plan preview and print, and the front desk.
- `clinic_setup.py`: the clinic (first-day set-up, letterhead), its clinicians and its settings.

Each feature takes the window and reaches the window's shared state through it (`window.clinic`,
`window.runner`, `window.show_error`...); `MainWindow` keeps its public methods and hands each call on.
"""
