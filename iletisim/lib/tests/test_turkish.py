from iletisim.lib import turkish


def test_lower_follows_turkish_rules_for_dotted_and_dotless_i():
    assert turkish.lower("IŞIK") == "ışık"
    assert turkish.lower("İSTANBUL") == "istanbul"
    assert turkish.lower("KADIKÖY BELEDİYESİ") == "kadıköy belediyesi"


def test_upper_follows_turkish_rules():
    assert turkish.upper("istanbul") == "İSTANBUL"
    assert turkish.upper("ışık") == "IŞIK"


def test_fold_makes_text_typed_without_turkish_letters_compare_equal():
    assert turkish.fold("KADIKÖY'DE ÇÖP") == turkish.fold("kadikoy'de cop") == "kadikoy'de cop"


def test_slug_keeps_dotless_i_readable():
    assert turkish.slug("Çöp Toplama Işıklı Sokak") == "cop-toplama-isikli-sokak"
