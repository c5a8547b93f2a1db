"""The tone model trained on the analysts' own labels (their tone corrections).

It reads the same context window as the lexicon baseline (the words around the query's hits)
and learns from the words there (TF-IDF of Turkish-folded words and six-letter stems) plus
the baseline's own positive and negative evidence as two extra features, with a logistic
regression, so that a handful of labels refines the lexicon instead of starting from
nothing. Its confidence is the regression's probability of the chosen label.

`monitoring_retrain` trains it once there are at least `MIN_EXAMPLES` corrected items, holds
back every fifth, and switches it in only if it is not worse than the scorer in use on those;
the file lives in `VAR_DIR/models/tone-analysts-<scikit-learn version>.pickle` (same signed
format as the topic model's: a corrupted file is ignored, the baseline used, never a crash).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sklearn
from django.conf import settings
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_union

from iletisim.monitoring.topic.model import read_model_file, stems, write_model_file

logger = logging.getLogger(__name__)
MIN_EXAMPLES = 100  # corrected items before a model is trained: 20 held back to judge it
_lock = threading.Lock()
_loaded: dict[str, object] = {}


@dataclass(frozen=True)
class Sample:
    """What the model reads of one item: the folded words of the context window, and the
    lexicon's positive and negative evidence there."""

    words: str
    positive: float
    negative: float


class ToneModel:
    def __init__(self, features: object, classifier: LogisticRegression) -> None:
        self.features = features
        self.classifier = classifier

    def _matrix(self, samples: list[Sample]) -> sparse.csr_matrix:
        words = self.features.transform([s.words for s in samples])  # type: ignore[attr-defined]
        lexicon = np.array([[s.positive / 4, s.negative / 4] for s in samples])
        return sparse.hstack([words, sparse.csr_matrix(lexicon)]).tocsr()

    def predict(self, samples: list[Sample]) -> list[tuple[str, float]]:
        if not samples:
            return []
        probabilities = self.classifier.predict_proba(self._matrix(samples))
        classes = list(self.classifier.classes_)
        return [
            (str(classes[int(row.argmax())]), round(float(row.max()), 2)) for row in probabilities
        ]


def train(samples: list[Sample], labels: list[str]) -> ToneModel:
    features = make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer=stems, sublinear_tf=True),
    )
    features.fit([s.words for s in samples])
    model = ToneModel(features, LogisticRegression(C=10, max_iter=2000, class_weight="balanced"))
    model.classifier.fit(model._matrix(samples), labels)
    return model


def analysts_path() -> Path:
    return Path(settings.VAR_DIR) / "models" / f"tone-analysts-{sklearn.__version__}.pickle"


def get_model() -> ToneModel | None:
    """The switched-in model, or None (then the lexicon baseline scores). Checked by the
    file's modification time, so a weekly retrain reaches every worker without a restart."""
    path = analysts_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    with _lock:
        if _loaded.get("key") == (path, stamp):
            return _loaded["model"]  # type: ignore[return-value]
        model = read_model_file(path, ToneModel)
        if model is None:
            logger.warning("analysts' tone model %s is unreadable: using the lexicon", path)
        _loaded.update(key=(path, stamp), model=model)
        return model


def switch_in(model: ToneModel) -> None:
    write_model_file(analysts_path(), model)
    forget_loaded_model()


def forget_loaded_model() -> None:
    with _lock:
        _loaded.clear()
