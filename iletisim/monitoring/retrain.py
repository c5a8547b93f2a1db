"""Retraining topic and tone with the analysts' corrections (`manage.py monitoring_retrain`).

The latest topic correction of each item is a labelled example. Every fifth of them (by item
id, so the split is stable) is held back; the model in use ("before") and a model trained on
the committed TTC-3600 data plus the other corrections ("after") are both scored on the
held-back part, and "after" is switched in only if it is not worse. With no held-back
correction yet nothing is switched.

Tone works the same way once there are `tone.model.MIN_EXAMPLES` tone-corrected items (100:
fewer would leave too few held back to judge); "before" is the scorer in use (the lexicon
baseline, or the analysts' model switched in last time), "after" a model trained on the
other tone corrections.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db.models import Prefetch

from iletisim.monitoring import tone
from iletisim.monitoring.matching import Document, Query, parse_query
from iletisim.monitoring.matching.parser import Or
from iletisim.monitoring.models import Correction, CorrectionField, Item, QueryHit
from iletisim.monitoring.tone import model as tone_model
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


@dataclass
class ToneExample:
    item_id: int
    document: Document
    query: Query | None
    label: str


def tone_examples() -> list[ToneExample]:
    """Each tone-corrected item (its latest correction winning), read as the scorer reads
    it: the item's text and the watch queries that hit it (their context window)."""
    latest: dict[int, str] = {}
    rows = (
        Correction.objects.filter(field=CorrectionField.TONE)
        .order_by("item_id", "at", "pk")
        .values_list("item_id", "new_value")
    )
    for item_id, label in rows.iterator():
        latest[item_id] = label
    hits = Prefetch("query_hits", queryset=QueryHit.objects.select_related("query"))
    items = Item.objects.filter(pk__in=list(latest)).only("pk", "title", "text")
    examples = []
    for item in items.prefetch_related(hits).order_by("pk"):
        roots = []
        for hit in item.query_hits.all():
            try:
                roots.append(parse_query(hit.query.text).root)
            except ValueError:  # a query saved before a stricter parser
                continue
        query = Query("", Or(tuple(roots))) if roots else None
        document = Document(f"{item.title}\n{item.text}")
        examples.append(ToneExample(item.pk, document, query, latest[item.pk]))
    return examples


def retrain_tone() -> RetrainReport:
    """Train a tone model on the analysts' labels once there are `tone_model.MIN_EXAMPLES`;
    switch it in only if not worse than the scorer in use on the held-back fifth."""
    examples = tone_examples()
    if len(examples) < tone_model.MIN_EXAMPLES:
        return RetrainReport(len(examples), 0, None, None, False)
    held = [ex for number, ex in enumerate(examples) if number % HOLD_BACK_EVERY == 0]
    train_on = [ex for number, ex in enumerate(examples) if number % HOLD_BACK_EVERY != 0]
    if len({ex.label for ex in train_on}) < 2:  # nothing to tell apart: keep the scorer
        return RetrainReport(len(examples), len(held), None, None, False)
    right = sum(tone.score_tone(ex.document, ex.query).label == ex.label for ex in held)
    before = right / len(held)
    candidate = tone_model.train(
        [tone.sample(ex.document, ex.query) for ex in train_on], [ex.label for ex in train_on]
    )
    predicted = candidate.predict([tone.sample(ex.document, ex.query) for ex in held])
    after = sum(p == ex.label for (p, _c), ex in zip(predicted, held, strict=True)) / len(held)
    switched = after >= before
    if switched:
        tone_model.switch_in(candidate)
    logger.info("tone retrain: before %.4f after %.4f switched %s", before, after, switched)
    return RetrainReport(len(examples), len(held), before, after, switched)
