"""Retraining the topic model with the analysts' corrections (`manage.py monitoring_retrain`).

The latest topic correction of each item is a labelled example. Every fifth of them (by item
id, so the split is stable) is held back; the model in use ("before") and a model trained on
the committed TTC-3600 data plus the other corrections ("after") are both scored on the
held-back part, and "after" is switched in only if it is not worse. With no held-back
correction yet nothing is switched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from iletisim.monitoring.models import Correction, CorrectionField
from iletisim.monitoring.topic import model as topic_model

logger = logging.getLogger(__name__)
HOLD_BACK_EVERY = 5


@dataclass
class RetrainReport:
    corrections: int
    held_back: int
    before: float | None
    after: float | None
    switched: bool


def labelled_corrections() -> list[tuple[int, str, str]]:
    """(item id, text, topic) for each corrected item, its latest correction winning."""
    latest: dict[int, tuple[int, str, str]] = {}
    rows = (
        Correction.objects.filter(field=CorrectionField.TOPIC)
        .order_by("item_id", "at", "pk")
        .values_list("item_id", "item__title", "item__text", "new_value")
    )
    for item_id, title, text, label in rows.iterator():
        latest[item_id] = (item_id, f"{title}\n{text}", label)
    return [latest[key] for key in sorted(latest)]


def _accuracy(model: topic_model.TopicModel, examples: list[tuple[int, str, str]]) -> float:
    predicted = model.predict([text for _, text, _ in examples])
    right = sum(p.label == label for p, (_, _, label) in zip(predicted, examples, strict=True))
    return right / len(examples)


def retrain_topic(base: list[dict[str, str]] | None = None) -> RetrainReport:
    """`base`: the committed records (all of TTC-3600's training file unless given)."""
    examples = labelled_corrections()
    held = [ex for number, ex in enumerate(examples) if number % HOLD_BACK_EVERY == 0]
    train_on = [ex for number, ex in enumerate(examples) if number % HOLD_BACK_EVERY != 0]
    if not held:
        return RetrainReport(len(examples), 0, None, None, False)
    before = _accuracy(topic_model.get_model(), held)
    records = list(base if base is not None else topic_model.load_records())
    records += [{"text": text, "label": label} for _, text, label in train_on]
    candidate = topic_model.train(records)
    after = _accuracy(candidate, held)
    switched = after >= before
    if switched:
        topic_model.switch_in(candidate)
    logger.info("topic retrain: before %.4f after %.4f switched %s", before, after, switched)
    return RetrainReport(len(examples), len(held), before, after, switched)
