"""The sacroiliac provocation cluster: which of a consult's SIJ tests are positive and whether the cluster is.

The tests and the rule are data (resources/clinical/consult_vocabulary.json, list "sij_test", its "cluster"
entry with its source); this module only applies them. A retired code a stored consult still holds (one
"gaenslen" answer recorded before the test was split into left and right) counts once, as one test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fbss_desktop.core.vocabulary import ChoiceList


@dataclass(frozen=True)
class ClusterRule:
    """Positive when at least `any_of_all` of the tests are, or at least `any_of_count` of `any_of`."""

    any_of_all: int
    any_of: tuple[str, ...]
    any_of_count: int
    source: str

    @classmethod
    def of(cls, choices: ChoiceList) -> ClusterRule:
        data = choices.extra["cluster"]
        alternative = data.get("any_of") or {}
        return cls(
            any_of_all=int(data["any_of_all"]),
            any_of=tuple(alternative.get("tests", ())),
            any_of_count=int(alternative.get("count", 0)),
            source=str(data.get("source", "")),
        )


@dataclass(frozen=True)
class SijCluster:
    """What a consult's SIJ tests add up to, with the words to show it."""

    positive: int  # positive tests, a retired code counted once
    of: int  # tests in the cluster as examined today
    cluster_positive: bool | None  # None when no test was recorded
    positive_labels: tuple[str, ...] = ()
    by_alternative: str = ""  # e.g. "2 of distraction, thigh thrust, compression, sacral thrust", when only it holds

    def text(self) -> str:
        """E.g. "3 of 6 positive (positive cluster)"; "not recorded" when no test was."""
        if self.cluster_positive is None:
            return "not recorded"
        reason = f": {self.by_alternative}" if self.by_alternative else ""
        return f"{self.positive} of {self.of} positive" + (
            f" (positive cluster{reason})" if self.cluster_positive else ""
        )

    def details(self) -> str:
        """The text followed by the positive tests by name (a retired code under its own label)."""
        names = "; ".join(self.positive_labels)
        return f"{self.text()}: {names}" if names else self.text()


def sij_cluster(tests: Mapping[str, bool], choices: ChoiceList) -> SijCluster:
    """The cluster from a record's answers (code -> yes/no) and the vocabulary's "sij_test" list."""
    rule = ClusterRule.of(choices)
    positive = [code for code in choices.codes if tests.get(code)]
    recorded = any(tests.get(code) is not None for code in choices.codes)
    alternative = sum(1 for code in rule.any_of if tests.get(code))
    by_all = len(positive) >= rule.any_of_all
    by_alternative = bool(rule.any_of) and alternative >= rule.any_of_count
    return SijCluster(
        positive=len(positive),
        of=len(choices.current),
        cluster_positive=(by_all or by_alternative) if recorded else None,
        positive_labels=tuple(choices.label(code) for code in positive),
        by_alternative=(
            f"{alternative} of {', '.join(choices.label(c).lower() for c in rule.any_of)}"
            if by_alternative and not by_all
            else ""
        ),
    )
