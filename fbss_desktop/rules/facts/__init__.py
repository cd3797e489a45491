"""Named facts the rules test, computed from a Case. Each fact has a label a clinician understands.

A fact is "name" or "name:argument" ("red_flag:saddle_numbness", "active_class:nsaid"). Item facts
("item.detail:region") are read for one plan item. A fact whose input was not recorded is None, so a rule
can say which input it needs instead of guessing; a fact may instead raise NeedsInput to name the exact
input ("the steroid dose of the ESI of 2026-03").

One module per topic; each fact registers itself in FACTS with @fact when its module is imported, and this
package imports them all:

    registry     FACTS, @fact, FactSpec, NeedsInput, ARG_LISTS, and Facts (one case's facts, on demand)
    patient      age, sex, red flags, comorbidities, devices, recent medicine history, allergies, substances
    medicines    classes and drugs, MME, daily doses, kidney function and labs, blood-thinner and NSAID holds
    pain         pain scores, duration, location, radicular, course since surgery, worsening, improvement
    exam         weakness, temperature, wound, sacroiliac provocation tests
    surgery      earlier spine surgery, fusion, imaging on file
    assessment   working diagnosis, ICD-10 codes, questionnaire scores and answers
    procedures   earlier procedures on file, steroid given over time, earlier ESIs in a planned ESI's region
    plan         treatments in the plan, and one plan item's details, bleeding-risk class and hold plan
    care         conservative care tried: a treatment tried, weeks of physical therapy, medicines tried
"""

from __future__ import annotations

from fbss_desktop.rules.facts import (  # noqa: F401  (imported for their @fact registrations)
    assessment,
    care,
    exam,
    medicines,
    pain,
    patient,
    plan,
    procedures,
    surgery,
)
from fbss_desktop.rules.facts.registry import ARG_LISTS, ARG_MANY, FACTS, Facts, FactSpec, NeedsInput, fact, split

__all__ = ["ARG_LISTS", "ARG_MANY", "FACTS", "FactSpec", "Facts", "NeedsInput", "fact", "split"]
