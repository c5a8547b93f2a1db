"""`monitoring_eval matching FILE.jsonl`: {"query", "text", "match"} -> {"predicted"}; F1.

A query the language refuses (syntax error, too broad) predicts no match.
"""

from __future__ import annotations

from typing import Any

from iletisim.monitoring.matching import QueryError, matches, parse_query


def predict(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    predictions = []
    for record in records:
        try:
            query = parse_query(str(record.get("query", "")))
        except QueryError:
            predictions.append({"predicted": False})
            continue
        predictions.append({"predicted": matches(query, str(record.get("text", "")))})
    return predictions


def score(records: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> tuple[str, float]:
    pairs = [
        (bool(record.get("match")), bool(prediction["predicted"]))
        for record, prediction in zip(records, predictions, strict=True)
    ]
    true_positive = sum(1 for truth, guess in pairs if truth and guess)
    false_positive = sum(1 for truth, guess in pairs if guess and not truth)
    false_negative = sum(1 for truth, guess in pairs if truth and not guess)
    if true_positive == 0:
        return "f1", 0.0
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    return "f1", 2 * precision * recall / (precision + recall)
