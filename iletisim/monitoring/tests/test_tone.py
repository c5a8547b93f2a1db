"""The baseline tone towards the municipality, from the words around the query's hits."""

from __future__ import annotations

import pytest

from iletisim.monitoring.matching import parse_query
from iletisim.monitoring.tone import lexicon, score_tone

QUERY = parse_query('"Kadıköy Belediyesi"')


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Kadıköy Belediyesi yeni parkı hizmete açtı, vatandaşlar çok memnun.", "positive"),
        ("Kadıköy Belediyesi projesiyle ödül aldı.", "positive"),
        ("Kadıköy Belediyesi hakkında yolsuzluk iddiası: soruşturma başlatıldı.", "negative"),
        ("Kadıköy Belediyesi'nin toplamadığı çöp yığınları mahalleliyi isyan ettirdi.", "negative"),
        ("Kadıköy Belediyesi meclis toplantısı salı günü yapılacak.", "neutral"),
    ],
)
def test_the_tone_towards_the_municipality_follows_the_words_around_it(text, label):
    tone = score_tone(text, QUERY)
    assert tone.label == label
    assert 0.5 <= tone.confidence <= 0.95


def test_words_far_from_the_hit_do_not_colour_the_tone():
    far = " ".join(["Uzak bir ilde skandal, rüşvet ve yolsuzluk haberleri."] * 3)
    text = (
        far
        + " "
        + " ".join(["Hava bugün bulutlu olacak."] * 6)
        + (" Kadıköy Belediyesi yeni kütüphanesinin açılışını yaptı, ödül aldı.")
    )
    tone = score_tone(text, QUERY)
    assert tone.label == "positive"
    assert "rusvet" not in tone.evidence


def test_a_negation_turns_praise_into_criticism():
    assert score_tone("Kadıköy Belediyesi'nin çalışmaları başarılı değil.", QUERY).label == (
        "negative"
    )


def test_a_longer_stem_wins_so_unsuccessful_is_not_success():
    tone = score_tone("Kadıköy Belediyesi başarısız bulundu.", QUERY)
    assert tone.label == "negative"
    assert tone.evidence == ["basarisiz"]


def test_more_and_one_sided_evidence_means_more_confidence():
    weak = score_tone("Kadıköy Belediyesi'ne tepki.", QUERY)
    strong = score_tone("Kadıköy Belediyesi'ne tepki, skandal, rezalet, rüşvet iddiası.", QUERY)
    assert weak.label == strong.label == "negative"
    assert strong.confidence > weak.confidence


def test_the_lexicon_loads_with_weights_between_minus_two_and_two():
    entries = lexicon()
    assert len(entries) > 100
    assert all(-2 <= weight <= 2 and weight != 0 for weight in entries.values())


def test_bad_news_in_the_sentence_before_does_not_colour_the_municipality():
    text = (
        "Dün akşam meydana gelen kazada iki kişi yaralandı. "
        "Kadıköy Belediyesi yeni dönem kurs kayıtlarının başladığını açıkladı."
    )
    tone = score_tone(text, QUERY)
    assert tone.label == "neutral"
    assert tone.evidence == []


def test_the_tone_evaluation_scores_our_case_file(tmp_path):
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    cases = Path(__file__).resolve().parents[1] / "evals" / "data" / "tone.jsonl"
    out = StringIO()
    call_command("monitoring_eval", "tone", str(cases), "--output", str(tmp_path / "o"), stdout=out)
    accuracy = float(out.getvalue().strip().rsplit(" ", 1)[1])
    assert accuracy >= 0.7  # 0.7143 with the lexicon baseline (docs/monitoring-intelligence.md)
    assert len((tmp_path / "o").read_text().splitlines()) == 42
