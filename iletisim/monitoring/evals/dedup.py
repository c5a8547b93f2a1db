"""Near-duplicate evaluation: lines {"a", "b", "duplicate"} -> {"predicted"}; metric f1.

The committed file `evals/data/dedup.jsonl` is built by `evals/build_dedup.py` from TTC-3600
(CC BY 4.0) Turkish news with synthetic syndication edits.
"""

from __future__ import annotations

from typing import Any

from iletisim.monitoring.dedup import is_near_duplicate


def predict(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"predicted": is_near_duplicate(r.get("a") or "", r.get("b") or "")} for r in records]


def score(records: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> tuple[str, float]:
    tp = fp = fn = 0
    for record, prediction in zip(records, predictions, strict=True):
        want, got = bool(record.get("duplicate")), bool(prediction.get("predicted"))
        tp += want and got
        fp += got and not want
        fn += want and not got
    if tp == 0:
        return "f1", 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return "f1", 2 * precision * recall / (precision + recall)
