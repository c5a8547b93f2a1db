import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from iletisim.service_requests.models import Attachment, Category, ServiceRequest, Status
from iletisim.service_requests.tests.factories import jpeg_with_gps, make_request, tiny_pdf

pytestmark = pytest.mark.django_db
URL = "/basvuru/"


def form_data(**kwargs):
    data = {
        "type": "complaint",
        "category": Category.objects.get(code="kaldirim").pk,
        "description": "Kaldırım taşları kırık, annem düştü.",
        "citizen_name": "Ayşe Yılmaz",
        "citizen_email": "ayse@example.com",
        "kvkk": "on",
        "form_token": "token-1",
        "website": "",
    }
    data.update(kwargs)
    return data


def test_the_public_form_shows_the_kvkk_text_in_turkish(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Kişisel verileriniz" in response.content.decode()


def test_a_citizen_submits_and_gets_a_tracking_number_and_private_link(client):
    response = client.post(URL, form_data(), follow=True)
    sr = ServiceRequest.objects.get()
    page = response.content.decode()
    assert sr.tracking_number in page
    assert reverse("service_requests_public:track", args=[sr.tracking_number, sr.secret]) in page
    assert sr.channel == "web" and sr.kvkk_acknowledged_at is not None


def test_a_double_submit_of_the_same_form_makes_one_request(client):
    client.post(URL, form_data())
    client.post(URL, form_data())
    assert ServiceRequest.objects.count() == 1


def test_without_the_kvkk_acknowledgement_nothing_is_saved(client):
    data = form_data()
    del data["kvkk"]
    response = client.post(URL, data)
    assert response.status_code == 400
    assert ServiceRequest.objects.count() == 0


def test_an_anonymous_information_request_is_refused_with_the_reason(client):
    response = client.post(
        URL, form_data(type="information", citizen_name="", citizen_email="", national_id="")
    )
    assert response.status_code == 400
    assert "4982" in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_an_anonymous_petition_is_refused_with_the_reason(client):
    response = client.post(URL, form_data(type="petition", citizen_name="", citizen_email=""))
    assert response.status_code == 400
    assert "3071" in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_a_wrong_tc_kimlik_no_is_refused(client):
    response = client.post(URL, form_data(type="information", national_id="12345678901"))
    assert response.status_code == 400
    assert ServiceRequest.objects.count() == 0


def test_the_honeypot_keeps_nothing(client):
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 0


def test_the_form_is_rate_limited_per_ip(client, settings):
    settings.SERVICE_REQUESTS_RATE_PER_IP = 2
    for i in range(2):
        client.post(URL, form_data(form_token=f"t{i}", citizen_email=f"a{i}@example.com"))
    response = client.post(URL, form_data(form_token="t9", citizen_email="z@example.com"))
    assert response.status_code == 429
    assert ServiceRequest.objects.count() == 2


def test_a_10000_character_text_is_refused_with_a_message(client):
    response = client.post(URL, form_data(description="a" * 10_000))
    assert response.status_code == 400
    assert ServiceRequest.objects.count() == 0


def test_html_in_the_text_is_escaped_on_the_tracking_page(client):
    sr = make_request(description="<script>alert(1)</script> çukur")
    page = client.get(
        reverse("service_requests_public:track", args=[sr.tracking_number, sr.secret])
    ).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_a_photo_is_stored_reencoded_without_its_gps_metadata(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("cukur.jpg", jpeg_with_gps(), content_type="image/jpeg")
    pdf = SimpleUploadedFile("dilekce.pdf", tiny_pdf(), content_type="application/pdf")
    client.post(URL, {**form_data(), "attachments": [photo, pdf]})
    stored = Attachment.objects.get(content_type="image/jpeg")
    with Image.open(stored.file.path) as image:
        assert not image.getexif()
    assert Attachment.objects.filter(content_type="application/pdf").exists()


def test_a_file_that_is_not_what_it_claims_is_refused(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(URL, {**form_data(), "attachments": [fake]})
    assert response.status_code == 400
    assert "foto.jpg" in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_an_oversize_file_and_a_pixel_bomb_are_refused_by_name_and_nothing_is_kept(
    client, settings, tmp_path
):
    import io

    settings.MEDIA_ROOT = tmp_path
    settings.SERVICE_REQUESTS_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("buyuk.pdf", tiny_pdf() + b"0" * (1024 * 1024 + 1))
    response = client.post(URL, {**form_data(), "attachments": [big]})
    assert response.status_code == 400 and "buyuk.pdf" in response.content.decode()
    bomb = io.BytesIO()
    Image.new("1", (8000, 6000)).save(bomb, "PNG")  # 48 megapixels in a few kilobytes
    png = SimpleUploadedFile("harita.png", bomb.getvalue(), content_type="image/png")
    response = client.post(URL, {**form_data(), "attachments": [png]})
    assert response.status_code == 400 and "harita.png" in response.content.decode()
    assert ServiceRequest.objects.count() == 0 and not list(tmp_path.rglob("*.*"))


def test_more_than_five_files_are_refused(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    files = [SimpleUploadedFile(f"{i}.pdf", tiny_pdf()) for i in range(6)]
    response = client.post(URL, {**form_data(), "attachments": files})
    assert response.status_code == 400
    assert ServiceRequest.objects.count() == 0


def test_a_wrong_secret_looks_exactly_like_an_unknown_number(client):
    sr = make_request()
    wrong = client.get(f"/basvuru/takip/{sr.tracking_number}/{'x' * 32}/")
    unknown = client.get(f"/basvuru/takip/2099-999999/{sr.secret}/")
    assert wrong.status_code == unknown.status_code == 404


def test_the_tracking_page_shows_only_public_timeline_lines(client, make_user):
    from iletisim.service_requests import actions

    desk = make_user("pr_operator", "halkla-iliskiler")
    sr = make_request()
    actions.add_note(sr=sr, text="İç not: ekip yarın gidecek", by=desk)
    page = client.get(f"/basvuru/takip/{sr.tracking_number}/{sr.secret}/").content.decode()
    assert "İç not" not in page
    assert "Alındı" in page


def test_the_citizen_answers_a_question_from_the_tracking_page(client, make_user):
    from iletisim.service_requests import actions

    desk = make_user("pr_operator", "halkla-iliskiler")
    sr = make_request()
    actions.ask_citizen(sr=sr, question="Kapı numarası nedir?", by=desk)
    url = f"/basvuru/takip/{sr.tracking_number}/{sr.secret}/"
    assert "Kapı numarası nedir?" in client.get(url).content.decode()
    client.post(url, {"reply-text": "No 12"})
    sr.refresh_from_db()
    assert sr.status == Status.RECEIVED or sr.status == Status.ROUTED
    assert sr.updates.filter(kind="citizen", text="No 12").exists()


def test_the_citizen_rates_the_answer(client, make_user):
    from iletisim.service_requests import actions

    desk = make_user("pr_operator", "halkla-iliskiler")
    sr = make_request()
    actions.publish_answer(sr=sr, text="Onarıldı.", by=desk)
    url = f"/basvuru/takip/{sr.tracking_number}/{sr.secret}/"
    client.post(url, {"survey-rating": "4", "survey-solved": "yes", "survey-comment": "Sağolun"})
    sr.refresh_from_db()
    assert sr.rating == 4
    assert "5 üzerinden 4" in client.get(url).content.decode()


def test_the_form_is_rate_limited_per_contact(client, settings):
    settings.SERVICE_REQUESTS_RATE_PER_CONTACT = 1
    client.post(URL, form_data(form_token="a"))
    response = client.post(URL, form_data(form_token="b"), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert ServiceRequest.objects.count() == 1


def test_a_category_with_questions_asks_them_and_requires_the_required_ones(client):
    pothole = Category.objects.get(code="yol-cukur")
    response = client.post(URL, form_data(category=pothole.pk))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Araç veya yaya için tehlike oluşturuyor mu?" in page
    client.post(
        URL, form_data(category=pothole.pk, q_tehlike="yes", q_boyut="Küçük (30 cm'den az)")
    )
    sr = ServiceRequest.objects.get()
    assert sr.answers["tehlike"] == "yes"


def test_the_form_speaks_english_for_english_visitors(client):
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    page = client.get(URL).content.decode()
    assert "Submit a request" in page
    assert "Your personal data" in page


def test_the_public_map_shows_public_subjects_without_personal_data(client):
    from iletisim.service_requests.models import Category

    pothole = make_request(
        latitude="40.987654", longitude="29.036543", description="Adım Ayşe, çukur"
    )
    hidden = make_request(
        category=Category.objects.get(code="tesekkur"), latitude="40.98", longitude="29.03"
    )
    response = client.get("/basvuru/harita/")
    page = response.content.decode()
    assert "Yolda çukur ve bozuk asfalt" in page
    assert "Ayşe" not in page and pothole.tracking_number not in page
    assert hidden.tracking_number not in page
    assert response.context["points"] == [
        {
            "lat": 40.988,
            "lng": 29.037,
            "number": pothole.created_at.strftime("%d.%m.%Y"),
            "category": "Yolda çukur ve bozuk asfalt",
            "url": "",
        }
    ]
