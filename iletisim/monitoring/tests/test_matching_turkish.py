"""Turkish-aware matching: case rules, apostrophes, inflection and its limits, no Turkish
letters, punctuation inside phrases."""

from __future__ import annotations

import pytest

from iletisim.monitoring.matching import matches


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("Kadıköy", "KADIKÖY'DE SU KESİNTİSİ"),
        ("İstanbul", "ISTANBUL'da yağmur"),
        ("ışık", "Caddedeki IŞIKLAR yandı"),
        ("Kadıköy", "Kadıköy'de yeni park"),
        ("Yılmaz", "Başkan Yılmaz’ın açıklaması"),
        ("Belediye", "Belediyesinden yapılan açıklama"),
        ("Başkan", "Başkanın açıklaması"),
        ("çöp", "çöpler toplanmadı"),
        ("Belediyesi", "Kadıköy Belediyesinden açıklama"),
        ("belediye", "belediyelerimizdeki"),
        ("kitap", "kitabı okudu"),
        ("sokak", "sokağında yaşayan"),
        ("renk", "rengi değişti"),
        ("şehir", "şehrin merkezinde"),
        ("kent", "kentte yaşam"),
        ('"Kadıköy Belediyesi"', "kadikoy belediyesinden aciklama"),
        ("Beşiktaş", "besiktasta trafik"),
        ('"belediye başkanı"', "Belediye Başkanının sözleri"),
        ("Belediye", "KADIKÖY BELEDIYESINDEN AÇIKLAMA"),
        ("Başkan", "BASKANIN ACIKLAMASI"),
        ("zam", "suya yapılan zamma tepki"),  # the last consonant doubles
        ("hak", "hakkında açılan dava"),
    ],
)
def test_real_inflections_spellings_and_case_forms_match(query, text):
    assert matches(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("Yılmaz", "Ahmet Yılmazer açıklama yaptı"),
        ("Yılmaz", "yilmazer holding"),
        ("Belediyesi", "Belediyespor maçı kazandı"),
        ("Belediye", "Belediyespor maçı kazandı"),
        ("çöp", "çöpçatan programı"),
        ("çöp", "çöpçüler grevde"),
        ("başkan", "başkanlık sistemi"),
        ("Kadıköy", "Kadıköylü esnaf"),
        ("park", "parke döşendi"),
        ("yol", "yolsuzluk iddiası"),
        ("zam", "zaman geçti"),
    ],
)
def test_a_longer_different_word_does_not_match(query, text):
    assert not matches(query, text)


@pytest.mark.parametrize("separator", [", ", ". ", " - ", "; ", ": "])
def test_punctuation_between_two_words_breaks_a_phrase(separator):
    assert not matches('"Kadıköy Belediyesi"', f"Kadıköy{separator}Belediyesi")


def test_white_space_of_any_kind_keeps_a_phrase_together():
    assert matches('"Kadıköy Belediyesi"', "Kadıköy \n Belediyesi")


def test_inner_phrase_words_must_be_exact_and_in_order():
    assert not matches('"belediye başkanı"', "belediyenin başkanı")
    assert not matches('"belediye başkanı"', "başkanı belediye")


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ('"belediye başkanı"', "Belediye başkanları toplandı"),
        ('"belediye başkanı"', "belediye başkanlarının ortak açıklaması"),
        ('"belediye başkanı"', "BELEDIYE BASKANLARIMIZ"),
        ('"çöp konteyneri"', "çöp konteynerleri taştı"),
        ('"su kesintisi"', "su kesintilerinden bıkan vatandaşlar"),
        ('"tarih kitabı"', "tarih kitapları dağıtıldı"),  # the softened b is a p again
        ('"İstanbul şehri"', "İstanbul şehirleri"),  # the dropped vowel comes back
    ],
)
def test_the_plural_of_a_compound_puts_lar_before_its_marker_and_matches(query, text):
    assert matches(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ('"belediye başkanı"', "belediye başkanlar"),  # no marker: not the compound
        ('"belediye başkanı"', "belediye başkan"),
        ('"belediye başkanı"', "belediye başkanlığı"),
        ('"çöp konteyneri"', "çöp konteynercisi"),
        ("başkanı", "başkanları"),  # a word alone is not a compound's head
    ],
)
def test_a_compounds_head_without_the_plural_and_marker_does_not_match(query, text):
    assert not matches(query, text)
