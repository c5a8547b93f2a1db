"""`monitoring_eval tone FILE.jsonl`: {"query", "text", "label"} -> {"predicted"}; accuracy.

The scorer in use (the lexicon baseline, or the analysts' model once `monitoring_retrain`
switched one in) reads the words around the query's hits; a query that does not parse is
scored over the whole text. Our own case file, `evals/data/tone.jsonl` (42 news sentences
about a municipality, each labelled by the tone towards it, written for İletişim): praise,
blame, neutral announcements, bad news elsewhere in the text, negation.
"""

from __future__ import annotations

from typing import Any

from iletisim.monitoring.matching import parse_query
from iletisim.monitoring.tone import score_tone


def predict(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for record in records:
        try:
            query = parse_query(str(record.get("query", "")))
        except ValueError:
            query = None
        scored = score_tone(str(record.get("text", "")), query)
        out.append({"predicted": scored.label, "confidence": scored.confidence})
    return out


def score(records: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> tuple[str, float]:
    if not records:
        return "accuracy", 0.0
    right = sum(
        1
        for record, prediction in zip(records, predictions, strict=True)
        if record.get("label") == prediction["predicted"]
    )
    return "accuracy", right / len(records)
