"""The extractive Turkish summariser: sentences, abbreviations, headlines, dirty input."""

from __future__ import annotations

from iletisim.monitoring.summary.summarise import clean, headline, split_sentences, summarise


def test_sentences_do_not_break_after_turkish_abbreviations_initials_or_thousands():
    text = "Prof. Dr. Ayşe Kaya, 3.500 kişiye konuştu. M. Yılmaz da katıldı. Toplantı bitti."
    assert split_sentences(text) == [
        "Prof. Dr. Ayşe Kaya, 3.500 kişiye konuştu.",
        "M. Yılmaz da katıldı.",
        "Toplantı bitti.",
    ]


def test_the_summary_is_the_lead_and_the_key_sentences_in_reading_order():
    text = (
        "Belediye, Kadıköy'de yeni bir park açtı. Hava bugün güneşliydi. "
        "Park, çocuk oyun alanları ve spor sahalarıyla 12 dönümlük bir alana yayılıyor. "
        "Bir vatandaş köpeğini gezdirdi. Belediye park sayısını önümüzdeki yıl artıracak."
    )
    result = summarise(text, "Kadıköy'de yeni park açıldı")
    sentences = split_sentences(result)
    assert 2 <= len(sentences) <= 3
    assert sentences[0] == "Belediye, Kadıköy'de yeni bir park açtı."
    assert "Bir vatandaş köpeğini gezdirdi." not in result


def test_the_summary_does_not_repeat_the_headline_the_text_starts_with():
    result = summarise(
        "Meclis toplantısı ertelendi Meclis toplantısı gelecek haftaya kaldı. Gerekçe açıklanmadı.",
        "Meclis toplantısı ertelendi",
    )
    assert result.startswith("Meclis toplantısı gelecek haftaya kaldı.")
    # A headline cut inside a word ("200" of "200.000") leaves the text whole.
    cut = summarise("Kitap 20 günde 200.000 sattı. Yayınevi açıkladı.", "Kitap 20 günde 200")
    assert cut.startswith("Kitap 20 günde 200.000 sattı.")


def test_html_entities_control_characters_and_wrong_quotes_are_cleaned():
    assert clean("<p>Başkan &quot;evet&quot; dedi</p>\x00") == 'Başkan "evet" dedi'
    assert clean("\x93Yenilenme\x94") == "“Yenilenme”"


def test_a_2000_word_headline_is_cut_at_a_word_and_a_missing_one_comes_from_the_text():
    long = headline("kelime " * 2000)
    assert len(long) <= 300 and long.endswith("kelime…")
    assert headline("", "İlk cümle budur. İkincisi bu.") == "İlk cümle budur."
    assert summarise("", "") == "" and headline(None, None) == ""
