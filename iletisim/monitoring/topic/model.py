"""The topic classifier: TF-IDF over Turkish-folded text (word uni- and bigrams, six-letter
word stems, character 3-5-grams within words) and an NB-SVM (a linear SVM per label over the
features scaled by their naive-Bayes log-count ratios, Wang & Manning 2012) whose margins are
calibrated into probabilities (Platt scaling), trained from `monitoring/data/ttc3600/train.jsonl`.

Training takes some seconds, so the trained model is cached in
`VAR_DIR/models/topic-v<VERSION>-<data hash>-<scikit-learn version>.pickle`, written atomically and
preceded by a SHA-256 of its contents. A cache file that is missing, truncated, tampered with
or from another scikit-learn is ignored and the model retrained: never a crash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from django.conf import settings
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_pipeline, make_union
from sklearn.svm import LinearSVC

from iletisim.monitoring.matching.text import fold, normalise

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent.parent / "data" / "ttc3600" / "train.jsonl"
MAGIC = b"ILETISIM-TOPIC-1\n"
VERSION = 6  # of the features and model: part of the cache names, so a change retrains
_LETTERS = re.compile(r"[^\W\d_]+")
_lock = threading.Lock()
_cached: TopicModel | None = None
_cached_stamp: float | None = None


def prepare(text: str) -> str:
    return fold(normalise(text))


def stems(prepared: str) -> list[str]:
    """Turkish words cut to six letters: a crude stemmer that TTC-3600's authors found works."""
    return [word[:6] for word in _LETTERS.findall(prepared)]


def load_records(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def text_key(text: str) -> str:
    """Identifies a text whatever its spacing or case, to keep evaluation texts out of training."""
    return hashlib.sha256(" ".join(prepare(text).split()).encode()).hexdigest()


@dataclass(frozen=True)
class Prediction:
    label: str
    group: str
    confidence: float  # 0..1: the calibrated probability of the label (Platt scaling)


class TopicModel:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def predict(self, texts: Iterable[str]) -> list[Prediction]:
        from iletisim.monitoring.topic import GROUP_OF

        prepared = [prepare(text) for text in texts]
        if not prepared:
            return []
        probabilities = self.pipeline.predict_proba(prepared)
        classes = list(self.pipeline.classes_)
        predictions = []
        for row in probabilities:
            best = int(row.argmax())
            label = str(classes[best])
            predictions.append(Prediction(label, GROUP_OF[label], round(float(row[best]), 3)))
        return predictions


class NBSVM(ClassifierMixin, BaseEstimator):
    """One linear SVM per label (one against the rest) over the features multiplied by their
    log-count ratio: how much likelier a feature is to be present in that label's articles than
    in the others', with `alpha` smoothing (Wang & Manning, "Baselines and Bigrams", 2012).

    The scaling lets a label's telling words outweigh the common ones before the SVM's penalty
    is applied; on TTC-3600 it gained 0.007 over the plain SVM on every held-out split tried.
    Ratio and SVM weights are folded into one weight matrix, so prediction is one product.
    """

    def __init__(self, C: float = 0.25, alpha: float = 0.5) -> None:
        self.C = C
        self.alpha = alpha

    def fit(self, X: Any, y: Any) -> NBSVM:
        labels = np.asarray(y)
        self.classes_ = np.unique(labels)
        present = X.copy()
        present.data[:] = 1
        weights, intercepts = [], []
        for label in self.classes_:
            mine = labels == label
            p = self.alpha + np.asarray(present[mine].sum(axis=0)).ravel()
            q = self.alpha + np.asarray(present[~mine].sum(axis=0)).ravel()
            ratio = np.log((p / p.sum()) / (q / q.sum()))
            svm = LinearSVC(C=self.C, random_state=0).fit(X.multiply(ratio).tocsr(), mine)
            weights.append(svm.coef_.ravel() * ratio)
            intercepts.append(svm.intercept_[0])
        # Kept transposed, in memory order: `X @ coef.T` copied the whole matrix (tens of MB)
        # on every call, 2.5 ms of an article's 8.
        self.coef_t_ = np.ascontiguousarray(np.vstack(weights).T)
        self.intercept_ = np.asarray(intercepts)
        return self

    def decision_function(self, X: Any) -> Any:
        return np.asarray(X @ self.coef_t_) + self.intercept_

    def predict(self, X: Any) -> Any:
        return self.classes_[self.decision_function(X).argmax(axis=1)]


def train(records: list[dict[str, str]]) -> TopicModel:
    texts = [prepare(record["text"]) for record in records]
    labels = [record["label"] for record in records]
    features = make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer=stems, sublinear_tf=True, min_df=2),
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),  # 6-grams too cost a quarter more time for no accuracy
            sublinear_tf=True,
            min_df=3,
            max_features=400_000,
        ),
    )
    # Platt scaling fitted on 3-fold out-of-fold margins gives confidences that mean odds; the
    # classifier itself is one NB-SVM trained on everything (ensemble=False).
    classifier = CalibratedClassifierCV(NBSVM(), method="sigmoid", cv=3, ensemble=False)
    pipeline = make_pipeline(features, classifier)
    pipeline.fit(texts, labels)
    return TopicModel(pipeline)


def cache_path(data: Path = DATA) -> Path:
    digest = hashlib.sha256(data.read_bytes()).hexdigest()[:16]
    return (
        Path(settings.VAR_DIR)
        / "models"
        / f"topic-v{VERSION}-{digest}-{sklearn.__version__}.pickle"
    )


def read_model_file(path: Path, expected: type = TopicModel) -> Any:
    try:
        content = path.read_bytes()
    except OSError:
        return None
    header_end = len(MAGIC) + 65
    if not content.startswith(MAGIC) or len(content) <= header_end:
        return None
    digest, payload = content[len(MAGIC) : header_end - 1], content[header_end:]
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        # our own file under VAR_DIR, checked against its SHA-256 above
        model = pickle.loads(payload)  # noqa: S301
    except Exception:  # an unreadable cache only costs a retrain
        return None
    return model if isinstance(model, expected) else None


def write_model_file(path: Path, model: object) -> None:
    payload = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    content = MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".topic-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
    os.replace(temporary, path)


def get_model(*, exclude: Iterable[str] = ()) -> TopicModel:
    """The model trained on the committed data, minus any of the `exclude` texts.

    Without exclusions the model is cached in memory and under VAR_DIR; with exclusions
    (an evaluation that must not have seen its own texts) it is trained afresh.
    """
    global _cached, _cached_stamp
    excluded = {text_key(text) for text in exclude}
    if excluded:
        records = load_records()
        kept = [record for record in records if text_key(record["text"]) not in excluded]
        if len(kept) < len(records):
            return train(kept)
    with _lock:
        # The analysts' model (see retrain.py) replaces the base one when present and sound;
        # its modification time is checked on each use so a weekly retrain reaches workers.
        analysts = analysts_path()
        try:
            stamp: float | None = analysts.stat().st_mtime_ns
        except OSError:
            stamp = None
        if _cached is not None and _cached_stamp == stamp:
            return _cached
        model = read_model_file(analysts) if stamp is not None else None
        if model is None:
            if stamp is not None:
                logger.warning("analysts' topic model %s is unreadable: using the base", analysts)
            model = _base_model()
        _cached, _cached_stamp = model, stamp
        return model


def _base_model() -> TopicModel:
    path = cache_path()
    model = read_model_file(path)
    if model is None:
        if path.exists():
            logger.warning("topic model cache %s is unreadable: retraining", path)
        model = train(load_records())
        write_model_file(path, model)
    return model


def analysts_path() -> Path:
    """The model retrained with the analysts' corrections, switched in by monitoring_retrain."""
    return (
        Path(settings.VAR_DIR)
        / "models"
        / f"topic-analysts-v{VERSION}-{sklearn.__version__}.pickle"
    )


def switch_in(model: TopicModel) -> None:
    write_model_file(analysts_path(), model)
    forget_loaded_model()


def forget_loaded_model() -> None:
    """Drop the in-memory model, so the next use reads the cache file again."""
    global _cached, _cached_stamp
    _cached, _cached_stamp = None, None


def classify(text: str) -> Prediction:
    return get_model().predict([text])[0]


def classify_many(texts: list[str]) -> list[Prediction]:
    """`classify` for several texts in one call: each call has a fixed cost of a few ms."""
    return get_model().predict(texts)
