from iletisim.lib.tabular import csv_rows


def test_a_csv_from_turkish_excel_keeps_its_letters_and_its_semicolons():
    data = "Ad Soyad;Kurum\nŞükrü Çağlayan;Ege Işık Gazetesi\n".encode("cp1254")
    assert csv_rows(data) == [["Ad Soyad", "Kurum"], ["Şükrü Çağlayan", "Ege Işık Gazetesi"]]


def test_utf_8_with_or_without_the_byte_order_mark_is_read_as_utf_8():
    text = "name,city\nÖzgür Gündem,İzmir\n"
    expected = [["name", "city"], ["Özgür Gündem", "İzmir"]]
    assert csv_rows(text.encode("utf-8")) == expected
    assert csv_rows(text.encode("utf-8-sig")) == expected
