"""Citizen requests in a real browser: a citizen submits with a photo and follows the link,
the desk routes, the directorate drafts the answer, the desk publishes, the citizen rates."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def photo(tmp_path):
    from iletisim.service_requests.tests.factories import jpeg_with_gps

    path = tmp_path / "cukur.jpg"
    path.write_bytes(jpeg_with_gps())
    return path


def test_the_public_form_has_no_serious_accessibility_violations(page):
    page.goto("/basvuru/")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_a_request_goes_from_the_citizen_to_the_directorate_and_back(
    page, login, photo, settings, tmp_path
):
    from iletisim.service_requests.models import ServiceRequest

    settings.MEDIA_ROOT = tmp_path
    # The citizen submits with a photo.
    page.goto("/basvuru/")
    page.get_by_label("Başvurunuzun türü nedir?").select_option("complaint")
    page.get_by_role("searchbox", name="Konularda ara").fill("KALDIRIM")
    assert page.locator("#id_category option:not([hidden])").count() < 10
    page.get_by_label("Konu", exact=True).select_option(label="Kaldırım ve bordür onarımı")
    page.locator("#id_description").fill("Kaldırım taşları kırık, yaşlılar düşüyor.")
    page.get_by_label("Mahalle").select_option(label="Göztepe")
    page.get_by_label("Fotoğraf veya PDF belgeler").set_input_files(str(photo))
    page.get_by_label("Ad soyad").fill("Ayşe Yılmaz")
    page.get_by_label("E-posta adresi").fill("ayse@example.com")
    page.get_by_label("Kişisel verilere ilişkin aydınlatma metnini (KVKK) okudum.").check()
    page.get_by_role("button", name="Başvurumu gönder").click()
    page.get_by_role("heading", name="Başvurunuz alındı").wait_for()
    sr = ServiceRequest.objects.get()
    assert sr.tracking_number in page.locator("main").inner_text()
    assert sr.attachments.count() == 1

    # ... and follows the private link.
    page.get_by_role("link", name="Başvurumu takip et").click()
    assert "Alındı" in page.locator(".status").inner_text()
    track_url = page.url

    # The desk routes it to the roads directorate.
    page.context.clear_cookies()
    login("pr_operator", "halkla-iliskiler")
    page.goto(f"/staff/requests/{sr.tracking_number}/")
    page.get_by_label("Müdürlük").select_option(label="Fen İşleri Müdürlüğü")
    page.get_by_role("button", name="Müdürlüğe gönder").click()
    page.locator(".status", has_text="Yönlendirildi").wait_for()

    # The directorate drafts the answer.
    page.context.clear_cookies()
    login("unit_staff", "fen-isleri")
    page.goto("/staff/requests/birimim/")
    page.get_by_role("link", name=sr.tracking_number).click()
    page.get_by_label("Cevap taslağı").fill("Kaldırım onarımı bu hafta tamamlanacaktır.")
    page.get_by_role("button", name="Cevap taslağını kaydet").click()
    page.locator(".status", has_text="Cevap onay bekliyor").wait_for()

    # The desk publishes it.
    page.context.clear_cookies()
    login("pr_operator", "halkla-iliskiler")
    page.goto(f"/staff/requests/{sr.tracking_number}/")
    page.get_by_role("button", name="Cevabı yayımla").click()
    page.locator(".status", has_text="Yanıtlandı").wait_for()

    # The citizen reads the answer and rates it.
    page.context.clear_cookies()
    page.goto(track_url)
    assert "Kaldırım onarımı bu hafta" in page.locator(".answer").inner_text()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Evet").check()
    page.get_by_role("button", name="Değerlendirmemi gönder").click()
    page.get_by_text("Cevabımızı 5 üzerinden 4").wait_for()
    sr.refresh_from_db()
    assert sr.rating == 4


def test_the_staff_map_shows_a_marker_for_each_request_with_a_position(page, login):
    from iletisim.service_requests.tests.factories import make_request

    user = login("pr_operator", "halkla-iliskiler")
    sr = make_request(latitude="40.987654", longitude="29.036543")
    assert user.has_perm("service_requests.view_dashboard")
    page.goto("/staff/requests/harita/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert sr.tracking_number in page.locator("table").inner_text()
    assert axe_violations(page) == []


def test_the_public_map_and_the_tracking_page_are_accessible(page):
    from iletisim.service_requests.tests.factories import make_request

    sr = make_request(latitude="40.987654", longitude="29.036543")
    page.goto("/basvuru/harita/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert axe_violations(page) == []
    page.goto(f"/basvuru/takip/{sr.tracking_number}/{sr.secret}/")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_a_click_on_the_form_map_fills_the_position(page, settings):
    # Any image on the same origin serves as a tile: no network needed.
    settings.SERVICE_REQUESTS_MAP_TILES = (
        "/static/service_requests/vendor/leaflet/images/layers.png"
    )
    page.goto("/basvuru/")
    page.locator("#pin-map").click()
    latitude = float(page.locator("#id_latitude").input_value())
    longitude = float(page.locator("#id_longitude").input_value())
    assert abs(latitude - settings.SERVICE_REQUESTS_MAP_CENTER[0]) < 0.05
    assert abs(longitude - settings.SERVICE_REQUESTS_MAP_CENTER[1]) < 0.05
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert axe_violations(page) == []


def test_a_citizen_corrects_their_phone_and_the_desk_applies_it(page, login):
    from iletisim.service_requests.tests.factories import make_request

    sr = make_request(citizen_phone="05321234567")
    track_url = f"/basvuru/takip/{sr.tracking_number}/{sr.secret}/"
    page.goto(track_url)
    page.get_by_text("Kişisel verilerimi düzelt (KVKK)").click()
    assert "05•••••••67" in page.locator("#correction").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Cep telefonu").fill("0532 987 65 43")
    page.get_by_role("button", name="Düzeltme iste").click()
    page.get_by_role("heading", name="Kişisel verilerinizin düzeltilmesi").wait_for()

    page.context.clear_cookies()
    login("pr_operator", "halkla-iliskiler")
    page.goto("/staff/requests/")
    page.get_by_role("link", name="1 kişisel veri başvurusu bekliyor (KVKK: 30 gün)").click()
    page.get_by_role("link", name=sr.tracking_number).click()
    box = page.locator("#correction")
    assert "05321234567" in box.inner_text() and "0532 987 65 43" in box.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Düzeltmeyi uygula").click()
    page.get_by_text("istediğiniz gibi düzeltildi").first.wait_for()

    page.context.clear_cookies()
    page.goto(track_url)
    assert "düzeltildi" in page.locator(".timeline").inner_text()
    sr.refresh_from_db()
    assert sr.citizen_phone == "0532 987 65 43"


def test_a_citizen_asks_for_a_copy_and_the_erasure_and_the_desk_answers_both(page, login):
    from iletisim.service_requests.models import DataCorrection
    from iletisim.service_requests.tests.factories import make_request

    sr = make_request(citizen_phone="05321234567")
    track_url = f"/basvuru/takip/{sr.tracking_number}/{sr.secret}/"
    page.goto(track_url)
    page.get_by_role("button", name="Kişisel verilerimin bir kopyasını gönderin").click()
    page.get_by_text("kopyası talebiniz inceleniyor").wait_for()
    page.get_by_text("Kişisel verilerimi silin").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Silinmesini iste").click()
    page.get_by_text("onaylayın").first.wait_for()  # the erasure must be confirmed
    page.get_by_label("Silme işleminin geri alınamayacağını anlıyorum.").check()
    page.get_by_role("button", name="Silinmesini iste").click()
    page.get_by_text("silinmesi talebiniz inceleniyor").wait_for()
    assert "05321234567" not in page.content()

    page.context.clear_cookies()
    login("pr_operator", "halkla-iliskiler")
    page.goto("/staff/requests/")
    page.get_by_role("link", name="2 kişisel veri başvurusu bekliyor (KVKK: 30 gün)").click()
    page.get_by_role("link", name=sr.tracking_number).click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Kopyayı gönder").click()
    page.get_by_text("e-posta adresinize gönderildi").first.wait_for()
    page.get_by_role("button", name="Kişisel verileri sil").click()
    page.get_by_text("istediğiniz gibi silindi").first.wait_for()
    sr.refresh_from_db()
    assert sr.anonymised_at is not None and sr.citizen_phone == ""
    assert not DataCorrection.objects.filter(request=sr, state="pending").exists()
