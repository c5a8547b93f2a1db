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


def test_iso_8859_9_and_latin_1_labels_are_read_as_their_windows_code_pages():
    assert turkish.as_browsers_read(" ISO-8859-9 ") == "cp1254"
    assert turkish.as_browsers_read("latin5") == "cp1254"
    assert turkish.as_browsers_read("iso-8859-1") == "cp1252"
    assert turkish.as_browsers_read("utf-8") is None
    assert turkish.as_browsers_read("windows-1254") is None  # already the Windows page
    assert "Kadıköy\x92de".encode("iso-8859-9").decode("cp1254") == "Kadıköy’de"
