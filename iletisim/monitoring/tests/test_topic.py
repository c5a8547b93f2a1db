"""The topic classifier: trained from committed data on first use, cached under var/,
retrained rather than crashing when the cache is damaged, and never trained on the file it
is judged on."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from iletisim.monitoring import topic
from iletisim.monitoring.topic import model as topic_model


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("var")
    with override_settings(VAR_DIR=directory):
        topic_model.forget_loaded_model()
        topic.get_model()  # trains once for the module and writes the cache
        yield directory
    topic_model.forget_loaded_model()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Fenerbahçe deplasmanda Galatasaray'ı 2-1 yendi, teknik direktör maçtan sonra "
            "futbolcularını kutladı. Ligde şampiyonluk yarışı kızıştı.",
            "spor",
        ),
        (
            "Merkez Bankası faiz kararını açıkladı; enflasyon ve döviz kurundaki artış "
            "piyasaları etkiledi, borsa günü düşüşle kapattı.",
            "ekonomi",
        ),
        (
            "Hastanede yapılan ameliyatla hastanın kalp kapakçığı değiştirildi; doktorlar "
            "tedavinin başarılı geçtiğini açıkladı.",
            "saglik",
        ),
        (
            "Yeni akıllı telefon modeli daha hızlı işlemci, gelişmiş kamera ve yapay zeka "
            "uygulamalarıyla tanıtıldı.",
            "teknoloji",
        ),
        (
            "Meclis genel kurulunda muhalefet partileri seçim kanunu teklifine karşı çıktı; "
            "milletvekilleri oylamada ikiye bölündü.",
            "siyaset",
        ),
        (
            "Ünlü ressamın sergisi müzede açıldı; tiyatro festivali ve konserler de "
            "sanatseverlerle buluşacak.",
            "kultur-sanat",
        ),
    ],
)
def test_a_clear_article_gets_its_topic_and_press_group(var_dir, text, label):
    with override_settings(VAR_DIR=var_dir):
        prediction = topic.classify(text)
    assert prediction.label == label
    assert prediction.group == topic.GROUP_OF[label]
    assert 0 < prediction.confidence <= 1


def test_every_topic_belongs_to_a_group_of_the_press_summary():
    assert set(topic.GROUP_OF) == set(topic.LABELS)
    assert set(topic.GROUP_OF.values()) == set(topic.GROUPS) == {"political", "economic", "social"}


def test_the_trained_model_is_cached_under_var_and_not_in_the_repository(var_dir):
    with override_settings(VAR_DIR=var_dir):
        path = topic_model.cache_path()
    assert path.is_relative_to(var_dir)
    assert path.read_bytes().startswith(topic_model.MAGIC)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "missing"])
def test_a_damaged_or_missing_cache_file_is_not_trusted(var_dir, tmp_path, damage):
    with override_settings(VAR_DIR=var_dir):
        content = topic_model.cache_path().read_bytes()
    copy = tmp_path / "model.pickle"
    if damage == "garbage":
        copy.write_bytes(b"\x00not a model at all")
    elif damage == "truncated":
        copy.write_bytes(content[: len(content) // 2])
    elif damage == "flipped":
        copy.write_bytes(content[:-10] + bytes(b ^ 0xFF for b in content[-10:]))
    assert topic_model.read_model_file(copy) is None


def test_a_corrupted_model_file_leads_to_a_retrain_not_a_crash(var_dir, caplog):
    with override_settings(VAR_DIR=var_dir):
        path = topic_model.cache_path()
        path.write_bytes(b"\x00not a model at all")
        topic_model.forget_loaded_model()
        prediction = topic.classify("Galatasaray son dakika golüyle maçı kazandı.")
        assert prediction.label == "spor"
        assert "retraining" in caplog.text
        assert topic_model.read_model_file(path) is not None  # the retrained model was saved


def test_the_topic_evaluation_leaves_its_own_texts_out_of_training(var_dir, tmp_path, monkeypatch):
    records = topic_model.load_records()[:40]
    file = tmp_path / "held_out.jsonl"
    file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    trained_on: list[set[str]] = []
    with override_settings(VAR_DIR=var_dir):
        already_trained = topic.get_model()

    def spy(training_records):
        # records what training would see; reuses the module's model to keep the test quick
        trained_on.append({r["text"] for r in training_records})
        return already_trained

    monkeypatch.setattr(topic_model, "train", spy)
    printed = StringIO()
    with override_settings(VAR_DIR=var_dir):
        call_command(
            "monitoring_eval",
            "topic",
            str(file),
            "--output",
            str(tmp_path / "out.jsonl"),
            stdout=printed,
        )
    assert len(trained_on) == 1
    assert trained_on[0].isdisjoint(r["text"] for r in records)
    assert len(trained_on[0]) == len(topic_model.load_records()) - 40
    name, value = printed.getvalue().strip().split(": ")
    assert name == "accuracy"
    assert 0 <= float(value) <= 1
    predictions = (tmp_path / "out.jsonl").read_text().splitlines()
    assert all(json.loads(line)["predicted"] in topic.LABELS for line in predictions)


def test_held_out_splits_are_reproducible_and_differ_by_seed(tmp_path):
    from iletisim.monitoring.topic import holdout

    first, again, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    holdout.main(first)
    holdout.main(again)
    holdout.main(other, seed=3)
    assert first.read_text() == again.read_text()
    texts = {json.loads(line)["text"] for line in first.read_text().splitlines()}
    others = {json.loads(line)["text"] for line in other.read_text().splitlines()}
    assert 400 < len(texts) < 600 and 400 < len(others) < 600
    assert len(texts & others) < len(texts) / 2  # another fifth, overlapping by chance only


def test_the_confidence_is_a_probability_over_the_six_topics(var_dir):
    with override_settings(VAR_DIR=var_dir):
        model = topic.get_model()
        probabilities = model.pipeline.predict_proba(["Belediye meclisi toplandı."])[0]
    assert len(probabilities) == 6
    assert abs(sum(probabilities) - 1) < 1e-6
