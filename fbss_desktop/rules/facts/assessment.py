"""Facts from the assessment and questionnaires: the working diagnosis (pain generators), ICD-10 codes,
questionnaire scores and single answers, the STarT Back psychosocial subscale."""

from __future__ import annotations

from fbss_desktop.core.plans import PlanItem
from fbss_desktop.rules.facts.registry import Facts, fact


@fact("generator", "working diagnosis: {arg}", arg="pain_generator")
def _generator(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    generators = f.consult.assessment.generators
    return arg in generators if generators else None


@fact("generator_besides", "a working diagnosis other than {arg}", arg="pain_generators")
def _generator_besides(f: Facts, arg: str, item: PlanItem | None) -> bool:
    """A pain generator recorded other than those listed ("recurrent_disc+epidural_fibrosis"); none recorded: no."""
    listed = set(arg.split("+"))
    return any(code not in listed for code in f.consult.assessment.generators)


@fact("icd10", "diagnosis code {arg}", arg="icd10")
def _icd10(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return arg in f.consult.assessment.icd10


@fact("function_score", "disability score (ODI)", unit="%", cervical="disability score (NDI)")
def _function_score(f: Facts, arg: str, item: PlanItem | None) -> float | None:
    """The disability questionnaire of the consult's region (its file says which): the ODI, or the NDI."""
    codes = [code for code, instrument in f.tables.instruments.items() if instrument.region == f.region]
    return next((score for code in codes if (score := f.consult.score_of(code)) is not None), None)


@fact("score", "{arg} score", arg="instrument")
def _score(f: Facts, arg: str, item: PlanItem | None) -> float | None:
    return f.consult.score_of(arg)


@fact("answer", "{arg}", arg="answer")
def _answer(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    code, _, number = arg.partition(".")
    scored = f.consult.questionnaires.get(code)
    if scored is None:
        return None
    index = int(number) - 1
    answers = scored.response.answers
    return answers[index] if index < len(answers) else None


@fact("startback_psychosocial", "STarT Back psychosocial subscale", unit="of 5")
def _startback(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    scored = f.consult.questionnaires.get("startback")
    if scored is None or scored.score.total is None:
        return None
    return scored.score.subscales.get("psychosocial")
