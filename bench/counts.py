"""Precision and recall from true/false positive and false negative counts, for the scorers
of ``bench/`` (mentions, quotes, stories): one home for the two formulas."""

from __future__ import annotations


class PrecisionRecall:
    """Mixed into a scorer with ``tp``, ``fp`` and ``fn`` counts; nothing found or nothing to
    find scores 1.0, as the labelled sets' floors expect."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
