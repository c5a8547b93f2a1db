import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from iletisim.press.models import Communication, PressRequest, Status
from iletisim.press.tests.factories import make_communication, make_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user("press_officer", "basin-yayin")


def test_the_press_room_lists_published_releases_and_finds_them_by_search(client, officer):
    make_published(officer, title="Yeni kütüphane açıldı", tags="kültür")
    make_published(officer, title="Asfalt çalışması")
    make_communication(officer, title="Taslak metin")
    page = client.get(reverse("press_public:archive")).content.decode()
    assert "Yeni kütüphane açıldı" in page
    assert "Taslak metin" not in page
    found = client.get(reverse("press_public:archive"), {"q": "kütüphane"}).content.decode()
    assert "Yeni kütüphane açıldı" in found
    assert "Asfalt çalışması" not in found


def test_an_embargoed_release_is_invisible_everywhere_public_until_its_time(client, officer):
    later = timezone.now() + dt.timedelta(hours=3)
    item = make_published(officer, title="Ambargolu bülten", embargo_until=later)
    Communication.objects.filter(pk=item.pk).update(status=Status.SCHEDULED)
    assert "Ambargolu bülten" not in client.get(reverse("press_public:archive")).content.decode()
    assert (
        "Ambargolu bülten"
        not in client.get(reverse("press_public:archive"), {"q": "Ambargolu"}).content.decode()
    )
    assert "Ambargolu bülten" not in client.get(reverse("press_public:feed-rss")).content.decode()
    assert "Ambargolu bülten" not in client.get(reverse("press_public:feed-atom")).content.decode()
    assert client.get(reverse("press_public:detail", args=[item.slug])).status_code == 404


def test_the_feed_carries_published_releases(client, officer):
    make_published(officer, title="Konser programı")
    feed = client.get(reverse("press_public:feed-rss"))
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert "Konser programı" in feed.content.decode()


def test_a_release_page_escapes_nothing_dangerous_and_offers_downloads(client, officer):
    item = make_published(officer, title="Açılış", body="<p>Metin<script>x()</script></p>")
    page = client.get(reverse("press_public:detail", args=[item.slug])).content.decode()
    assert "<script>x()" not in page
    assert "Metin" in page


def test_an_accreditation_request_is_recorded(client):
    response = client.post(
        reverse("press_public:accreditation"),
        {"full_name": "Ayla Muhabir", "outlet": "Örnek Gazetesi", "email": "ayla@g.example",
         "message": "Meclis toplantısı için akreditasyon", "consent": "on"},
        follow=True,
    )  # fmt: skip
    assert "Teşekkür ederiz" in response.content.decode()
    assert PressRequest.objects.get().kind == PressRequest.RequestKind.ACCREDITATION


def test_a_bot_filling_the_honeypot_is_thanked_but_nothing_is_recorded(client):
    client.post(
        reverse("press_public:accreditation"),
        {"full_name": "Bot", "outlet": "Spam", "email": "bot@spam.example", "message": "x",
         "consent": "on", "website": "http://spam.example"},
    )  # fmt: skip
    assert PressRequest.objects.count() == 0


def test_too_many_accreditation_requests_from_one_address_are_slowed_down(client):
    for _ in range(5):
        client.post(reverse("press_public:accreditation"), {})
    response = client.post(reverse("press_public:accreditation"), {})
    assert response.status_code == 429
    assert "bir saat sonra" in response.content.decode()


def test_the_press_contacts_page_lists_the_press_officers(client, make_user):
    make_user("press_officer", "basin-yayin", full_name="Zeynep Basın")
    assert "Zeynep Basın" in client.get(reverse("press_public:contacts")).content.decode()


def test_the_press_room_search_follows_turkish_letters_case_and_suffixes(client, officer):
    make_published(officer, title="Kadıköy'de yeni kütüphane", tags="kültür")
    make_published(officer, title="Işıklandırma çalışması", lead="Sokak lambaları yenilendi.")
    archive = reverse("press_public:archive")
    for query in ("KÜTÜPHANE", "kutuphane", "kadıköy", "KADIKÖY'DE", "kadikoyde"):
        page = client.get(archive, {"q": query}).content.decode()
        assert "yeni kütüphane" in page, query
        assert "Işıklandırma" not in page, query
    for query in ("IŞIK", "ışıklandırma", "isiklandirma", "lambaları"):
        assert "Işıklandırma çalışması" in client.get(archive, {"q": query}).content.decode()
