import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/iletisim/", "/kvkk/", "/erisilebilirlik/"]


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_are_turkish_by_default_and_need_no_login(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="tr">' in html
    assert "Basın Yayın ve Halkla İlişkiler Müdürlüğü" in html
    assert 'href="#main"' in html


def test_the_home_page_names_both_units_and_their_duties(client):
    html = client.get("/").content.decode()
    assert "Basın yayın birimi" in html or "Basın Yayın Birimi" in html
    assert "Halkla ilişkiler birimi" in html or "Halkla İlişkiler Birimi" in html
    assert "tekzip" in html.lower()
    assert "öneri ve talepleri" in html
    assert ">English<" in html


def test_the_home_page_leads_a_citizen_to_a_request_and_a_journalist_to_the_press_room(client):
    import re

    html = client.get("/").content.decode()

    assert "Ne yapmak istiyorsunuz?" in html
    shortcuts = html[html.index('class="shortcuts"') :]
    assert re.search(r'href="/basvuru/"><strong>Başvuru yapın</strong>', shortcuts)
    assert 'href="/basvuru/harita/"' in shortcuts
    assert re.search(r'href="/basin-odasi/"><strong>Basın odası</strong>', shortcuts)
    menu = html[html.index('class="wrap public-nav"') : html.index("</nav>")]
    assert menu.index("Başvuru yapın") < menu.index("Basın odası") < menu.index("İletişim")


def test_the_menu_marks_the_public_page_one_is_on(client):
    html = client.get("/basin-odasi/").content.decode()
    assert '<a href="/basin-odasi/" aria-current="page">Basın odası</a>' in html


def test_the_visitor_can_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Press, Publication and Public Relations Directorate" in html
    assert "Public relations unit" in html


def test_the_contact_page_offers_whatsapp_when_a_number_is_configured(client, settings):
    settings.WHATSAPP_NUMBER = "905321234567"
    html = client.get("/iletisim/").content.decode()
    assert 'href="https://wa.me/905321234567"' in html
    assert settings.DIRECTORATE_EMAIL in html


def test_the_contact_page_has_no_whatsapp_link_without_a_number(client, settings):
    settings.WHATSAPP_NUMBER = ""
    assert "wa.me" not in client.get("/iletisim/").content.decode()


def test_the_kvkk_page_states_the_rights_and_the_30_day_answer(client):
    html = client.get("/kvkk/").content.decode()
    assert "6698" in html
    assert "30 gün" in html
    assert "takip sayfasından" in html  # where a citizen asks for a copy, correction or erasure


def test_pages_send_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_an_unknown_page_is_a_friendly_404(client):
    response = client.get("/yok-boyle-bir-sayfa/")
    assert response.status_code == 404
    assert "bulunamadı" in response.content.decode().lower()
