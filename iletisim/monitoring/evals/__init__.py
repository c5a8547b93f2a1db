"""Evaluations behind `manage.py monitoring_eval KIND FILE.jsonl --output OUT.jsonl`.

One module per kind, all of the same shape (listed in EVALS):

    def predict(records: list[dict]) -> list[dict]   # one output dict per input line, in order
    def score(records: list[dict], predictions: list[dict]) -> tuple[str, float]
                                                     # e.g. ("f1", 0.93), printed "f1: 0.9300"

An evaluation never learns from the file it is judged on: `predict` may use only what the
product ships (code, committed data, models trained from committed data), never the labels
in `records`.
"""

EVALS = {
    "extraction": "iletisim.monitoring.evals.extraction",
    "dedup": "iletisim.monitoring.evals.dedup",
    "matching": "iletisim.monitoring.evals.matching",
    "topic": "iletisim.monitoring.evals.topic",
    "tone": "iletisim.monitoring.evals.tone",
}
