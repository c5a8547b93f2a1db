"""`monitoring_eval topic FILE.jsonl`: {"text", "label"} -> {"predicted"}; accuracy.

The model used is trained on the committed TTC-3600 data minus every text that appears in
FILE, so the evaluation never learns from the file it is judged on.
"""

from __future__ import annotations

from typing import Any

from iletisim.monitoring.topic import get_model


def predict(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    texts = [str(record.get("text", "")) for record in records]
    model = get_model(exclude=texts)
    return [
        {"predicted": prediction.label, "confidence": prediction.confidence}
        for prediction in model.predict(texts)
    ]


def score(records: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> tuple[str, float]:
    if not records:
        return "accuracy", 0.0
    right = sum(
        1
        for record, prediction in zip(records, predictions, strict=True)
        if record.get("label") == prediction["predicted"]
    )
    return "accuracy", right / len(records)
