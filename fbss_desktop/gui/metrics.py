"""The screens' layout numbers, named: spacing, widths, heights, stretch factors and columns of a grid.

Presentation only. A clinical number (a range, a threshold, a dose, a score's maximum) never lives here: it
comes from core (the consult schema, the questionnaires, the vocabulary), so the screen and the record agree.
A test keeps gui/consult free of bare numbers other than 0 and 1.
"""

from __future__ import annotations

# --- spacing (pixels) ---------------------------------------------------------------------------------------
TIGHT_SPACING = 2  # between buttons that read as one control: Yes / No, a questionnaire item's options
FORM_SPACING = 10  # between a label/field pair and the next on a form's line
CHOICE_SPACING = 14  # between columns of check boxes
YES_NO_SPACING = 12  # between columns of yes/no questions
QUESTION_ROW_SPACING = 3  # between a questionnaire's items

# --- margins (pixels: left, top, right, bottom) -------------------------------------------------------------
QUESTIONNAIRE_MARGINS = (4, 4, 4, 4)
ALERT_ITEM_MARGINS = (6, 3, 6, 3)  # inside the frame of an item with an alert (PHQ-9 item 9)

# --- widths and heights (pixels) ----------------------------------------------------------------------------
SPIN_MIN_WIDTH = 56  # a spin box still shows two digits and its "—"
NUMBER_WIDTH = 80  # a decimal typed as text (a dose, HbA1c)
SHORT_NUMBER_WIDTH = 70  # a few digits: a lab value, weeks to the follow-up
YES_NO_BUTTON_WIDTH = 42
NOTE_MAX_HEIGHT = 90  # a multi-line note box; more scrolls
LIST_MIN_HEIGHT = 90  # a list of records (medicines, allergies, procedures, studies)
LIST_MAX_HEIGHT = 170
PLAN_ITEMS_MIN_ROWS = 4  # plan items the table shows without scrolling ...
PLAN_ITEM_LINES = 2  # ... each of two lines at most (its details wrap)
QUESTION_MIN_WIDTH = 260  # a questionnaire's question column
FINDINGS_INDENT = 14  # the decision support tree's indentation
PLAN_SPLIT_SIZES = (200, 680)  # the plan builder's catalogue and plan, at first
CONSULT_WINDOW_SIZE = (1680, 1000)  # the consult editor at first: most of a 1920×1080 screen (less on a smaller one)
REASON_MIN_WIDTH = 280  # the consult's reason for visit, in its header
SECTIONS_WIDTH = 210  # the consult's list of sections
FINDINGS_PANEL_MIN_WIDTH = 340  # decision support beside the consult's pages
CONSULT_SPLIT_SIZES = (1000, 380)  # the consult's pages and decision support, at first
MAIN_WINDOW_SIZE = (1600, 1000)  # the main window at first (less on a smaller screen)
MAIN_SPLIT_SIZES = (480, 800)  # the patient list and the open patient, at first
PROBLEMS_MAX_LINES = 3  # a refused save's message in the consult's foot; longer scrolls, never grows the window
PLAN_DETAILS_MIN_WIDTH = 220  # the plan's Details column and the selected item's editor, at the least
FRONT_DESK_SIZE = (980, 620)  # the front desk's window, or what the screen's free area holds
SIGN_IN_MIN_WIDTH = 460  # the sign-in and unlock dialogs: their title and the clinic's name read whole
USERS_DIALOG_SIZE = (820, 440)  # File › Users…: every column, with room for a few users
ITEM_EDITOR_MIN_HEIGHT = 240  # the selected item's details (dose, levels, approach): never a 60 px sliver
PLAN_NARROW_COLUMN = 60  # the plan's Phase or Treatment column, squeezed on a narrow screen (the tooltip has it all)
UNLIMITED = 16777215  # Qt's QWIDGETSIZE_MAX: no maximum
PLAN_SPLIT_SIZES_VERTICAL = (460, 240)  # the plan (catalogue and items) above its goals and follow-up
GOALS_MIN_ROWS = 4  # goals the goal table shows without scrolling
CATALOGUE_MIN_WIDTH = 200  # the treatment catalogue beside the plan
REFLOW_MIN_WIDTH = 120  # a form that reflows never asks for less than this
FIELD_MESSAGE_MIN_WIDTH = 220  # a message under a short field wraps at this width at the least
WRAPPED_LABEL_WIDTH = 220  # a word-wrapped label in a reflowing grid counts as this wide at most
INSTRUCTIONS_DIALOG_SIZE = (720, 820)  # the patient's instructions before a procedure, at first
PANEL_TABLE_MIN_ROWS = 2  # the patient panel's surgeries and consults: rows shown at the least, on a laptop
CHART_MIN_HEIGHT = 180  # the outcome chart: room for its axes' numbers and a legend entry per line
CHART_MIN_WIDTH = 480
CHART_MARGIN = 4
CHART_MARKER_SIZE = 7
CHART_LINE_WIDTH = 2
CHART_TICK_COUNTS = (6, 3, 2)  # a 0-10 or 0-100 axis labelled every 2/20, 5/50 or only at its ends
CHART_MAX_DATE_TICKS = 6
CHART_LABEL_ROOM = 1.6  # a tick's label needs this many text lines of height (padding above and below)
CHART_DATE_FORMAT = "MMM yyyy"  # "Aug 2026": "Aug 26" reads as a day
CHART_TREATMENT_COLOUR = "#7f8c8d"  # the treatment markers: grey, so the scores stay the eye's first stop
CHART_TREATMENT_SIZE = 11  # a marker's numbered dot at the top of the chart
CHART_TREATMENT_LINE_WIDTH = 1

# --- stretch factors (shares of the room left) --------------------------------------------------------------
QUESTION_STRETCH = 3  # a questionnaire item's question ...
ANSWER_STRETCH = 4  # ... and its options
FINDINGS_LIST_STRETCH = 3  # the decision support list ...
FINDING_DETAIL_STRETCH = 2  # ... and the selected finding's detail
PLAN_ITEMS_STRETCH = 3  # the plan's items ...
ITEM_EDITOR_STRETCH = 2  # ... and the selected item's editor
CATALOGUE_STRETCH = 2  # the treatment catalogue ...
PLAN_STRETCH = 5  # ... and the plan beside it
CONSULT_PAGES_STRETCH = 4  # the consult's pages ...
FINDINGS_PANEL_STRETCH = 1  # ... and decision support beside them

# --- grids --------------------------------------------------------------------------------------------------
PAIR_SPAN = 2  # grid columns one label/field pair takes (also a questionnaire question and its options)
LAB_COLUMNS = 3  # lab tests on a line
LAB_CELLS = 3  # grid columns one lab test takes: its name, its box and its unit

# Label/field pairs on a form's line.
FORM_COLUMNS = 2  # a page's form: the course, pain scores, social history, a study's heading, the follow-up
RECORD_FORM_COLUMNS = 3  # one record's editor (a medicine, an allergy, a goal); the exam's general findings
DENSE_FORM_COLUMNS = 4  # many short fields: the labs, an earlier procedure
CONSULT_HEADER_COLUMNS = 4  # the consult's date, clinician, reason and region, on one line

# Check boxes or yes/no questions on a line, by the length of their labels.
LONG_CHOICE_COLUMNS = 2  # ICD-10 codes with their titles, pain generators; yes/no questions
CHOICE_COLUMNS = 3  # the usual: neuropathic descriptors, imaging findings, implanted devices
SHORT_CHOICE_COLUMNS = 4  # a treatment's detail codes
PAIN_LOCATION_COLUMNS = 5
MEDICATION_CLASS_COLUMNS = 6

# --- text ---------------------------------------------------------------------------------------------------
LONG_OPTIONS_CHARS = 70  # a questionnaire item whose options say more than this goes under its question
SUMMARY_TEXT_CHARS = 40  # a plan item's free-text detail, as its one-line summary shows it
TEXT_LIMIT_WARNING_SHARE = 0.95  # a note's character count turns to a warning at this share of its limit

# --- timing (milliseconds): what the consult editor does on its own, between keystrokes ----------------------
AUTOSAVE_MS = 4000  # the consult is written to the autosave folder this often (when it changed)
EVALUATE_MS = 300  # decision support runs again this long after the last change
LIVE_POLL_MS = 500  # an SQLite file's change counter is read this often (another program's writes show within it)
LIVE_RETRY_MS = 3000  # after the server was lost, the change feed tries to reconnect this often
# Procedure records (gui/procedures/)
PROCEDURE_DIALOG_MIN_WIDTH = 620  # the record form: labels and a drug table with three readable columns
PROCEDURE_DIALOG_SIZE = (720, 900)  # at first; a smaller screen gets what it holds, the form scrolls
INJECTATE_TABLE_MIN_HEIGHT = 96  # a header and two drug rows
COMPLICATIONS_MAX_HEIGHT = 120
NOTE_HEIGHT = 70
DIARY_DIALOG_SIZE = (820, 560)  # the trial diary: a week's rows without scrolling
MARKER_KEY_MAX = 4  # treatments named under the outcome chart; more are in its tooltip (a laptop keeps one line)
