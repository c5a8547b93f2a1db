import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iletisim.press import distribution
from iletisim.press.models import Communication, Photo, Status
from iletisim.press.tests.factories import (
    make_communication,
    make_journalists,
    make_list,
    make_published,
    unit,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def login(client, make_user, role, unit_code="basin-yayin"):
    from iletisim.accounts.tests.factories import log_in

    return log_in(client, make_user(role, unit_code))


def test_a_press_officer_writes_a_draft_through_the_form(client, make_user):
    login(client, make_user, "press_officer")
    response = client.post(
        reverse("press:communication-create"),
        {"kind": "release", "title": "Sahil yolu açıldı", "lead": "Özet", "body": "<p>Metin</p>",
         "units": [unit("fen-isleri").pk]},
        follow=True,
    )  # fmt: skip
    assert "Taslak kaydedildi." in response.content.decode()
    assert Communication.objects.get().units.get().code == "fen-isleri"


def test_unit_staff_see_only_the_items_of_their_directorate(client, make_user):
    author = make_user("press_officer", "basin-yayin")
    ours = make_communication(author, title="Fen işleri yol çalışması", units=[unit("fen-isleri")])
    theirs = make_communication(author, title="Zabıta denetimi", units=[unit("zabita")])
    login(client, make_user, "unit_staff", "fen-isleri")
    page = client.get(reverse("press:communication-list")).content.decode()
    assert "Fen işleri yol çalışması" in page
    assert "Zabıta denetimi" not in page
    assert client.get(reverse("press:communication-detail", args=[ours.pk])).status_code == 200
    assert client.get(reverse("press:communication-detail", args=[theirs.pk])).status_code == 403


def test_unit_staff_and_the_auditor_cannot_write_or_send(client, make_user):
    login(client, make_user, "auditor", "basin-halkla-iliskiler")
    assert client.get(reverse("press:communication-create")).status_code == 403
    assert client.get(reverse("press:journalist-import")).status_code == 403


def test_the_auditor_sees_contacts_with_masked_addresses(client, make_user):
    make_journalists(1)
    login(client, make_user, "auditor", "basin-halkla-iliskiler")
    page = client.get(reverse("press:journalist-list")).content.decode()
    assert "m***@gazete.example" in page
    assert "muhabir0@gazete.example" not in page


def test_the_approve_button_appears_for_the_director_only_at_their_step(client, make_user):
    author = make_user("press_officer", "basin-yayin")
    item = make_communication(author)
    Communication.objects.filter(pk=item.pk).update(status=Status.DIRECTOR_REVIEW)
    login(client, make_user, "director", "basin-halkla-iliskiler")
    page = client.get(reverse("press:communication-detail", args=[item.pk])).content.decode()
    assert 'value="approve"' in page
    client.post(reverse("press:communication-transition", args=[item.pk]), {"action": "approve"})
    item.refresh_from_db()
    assert item.status == Status.APPROVED


def test_a_thirty_megabyte_photo_is_refused(client, make_user):
    officer = login(client, make_user, "press_officer")
    item = make_communication(officer)
    big = SimpleUploadedFile("buyuk.jpg", b"\xff\xd8\xff" + b"\x00" * (30 * 1024 * 1024))
    response = client.post(
        reverse("press:photo-add", args=[item.pk]), {"file": big, "caption": "Açılış"}, follow=True
    )
    assert "25 MB" in response.content.decode()
    assert not Photo.objects.exists()


def test_a_script_renamed_to_jpg_is_refused_and_a_real_png_accepted(
    client, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    officer = login(client, make_user, "press_officer")
    item = make_communication(officer)
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>")
    client.post(reverse("press:photo-add", args=[item.pk]), {"file": fake, "caption": "x"})
    assert not Photo.objects.exists()
    real = SimpleUploadedFile("foto.png", PNG)
    client.post(
        reverse("press:photo-add", args=[item.pk]),
        {"file": real, "caption": "Açılış töreni", "credit": "Belediye Foto"},
    )
    assert Photo.objects.get().caption == "Açılış töreni"


def test_the_distribution_page_shows_progress_and_polls_while_sending(client, make_user, smtp_sink):
    officer = login(client, make_user, "press_officer")
    item = make_published(officer)
    contact_list = make_list(make_journalists(3))
    sent = distribution.create_distribution(
        by=officer, communication=item, lists=[contact_list], segments=[]
    )
    url = reverse("press:distribution-detail", args=[sent.pk])
    page = client.get(url).content.decode()
    assert "3 alıcıdan 0 gönderildi" in page
    assert 'hx-trigger="every 1s"' in page
    distribution.send_pending(sent.pk)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "3 alıcıdan 3 gönderildi" in fragment
    assert "<html" not in fragment
    assert "hx-trigger" not in fragment


def test_a_published_item_is_sent_from_its_page_to_a_list(
    client, make_user, smtp_sink, django_capture_on_commit_callbacks
):
    officer = login(client, make_user, "press_officer")
    item = make_published(officer)
    contact_list = make_list(make_journalists(2))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("press:distribution-create", args=[item.pk]), {"lists": [contact_list.pk]}
        )
    assert response.status_code == 302
    assert item.distributions.get().recipients.count() == 2


def test_the_rebuttal_letter_downloads_as_pdf(client, make_user):
    import datetime as dt

    from iletisim.press.models import Kind, Rebuttal
    from iletisim.press.tests.factories import make_outlet

    officer = login(client, make_user, "press_officer")
    item = make_communication(officer, kind=Kind.REBUTTAL)
    client.post(
        reverse("press:rebuttal-create", args=[item.pk]),
        {"medium": "press", "outlet": make_outlet().pk, "article_title": "Yanlış haber",
         "article_published_on": "2026-05-04", "article_lines": 30},
    )  # fmt: skip
    rebuttal = Rebuttal.objects.get()
    page = client.get(reverse("press:communication-detail", args=[item.pk])).content.decode()
    assert "6 Temmuz 2026" in page
    response = client.get(reverse("press:rebuttal-letter", args=[rebuttal.pk]))
    assert response["Content-Type"] == "application/pdf"
    client.post(
        reverse("press:rebuttal-update", args=[rebuttal.pk]),
        {"outcome": "published", "on": "2026-05-08", "page": "5"},
    )
    rebuttal.refresh_from_db()
    assert rebuttal.outcome == "published" and rebuttal.outcome_on == dt.date(2026, 5, 8)


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("press:communication-list"))
    assert response.status_code == 302


def test_the_dashboard_shows_how_many_communications_wait_in_review(client, make_user):
    author = make_user("press_officer", "basin-yayin")
    item = make_communication(author, title="İncelemedeki bülten")
    Communication.objects.filter(pk=item.pk).update(status=Status.PRESS_REVIEW)
    login(client, make_user, "press_officer")
    page = client.get("/staff/").content.decode()
    assert "1 basın metni incelemede." in page
    assert "İncelemedeki bülten" in page


def test_the_press_events_calendar_lists_upcoming_invitations_soonest_first(client, make_user):
    import datetime as dt

    from django.utils import timezone

    from iletisim.press.models import Kind

    author = login(client, make_user, "press_officer")
    soon = timezone.now() + dt.timedelta(days=2)
    make_communication(
        author, kind=Kind.INVITATION, title="Metro açılışı", event_at=soon + dt.timedelta(days=5)
    )
    make_communication(
        author,
        kind=Kind.INVITATION,
        title="Basın toplantısı",
        event_at=soon,
        event_place="Meclis salonu",
    )
    make_communication(author, kind=Kind.RELEASE, title="Sıradan bülten")
    page = client.get(reverse("press:event-calendar")).content.decode()
    assert page.index("Basın toplantısı") < page.index("Metro açılışı")
    assert "Meclis salonu" in page
    assert "Sıradan bülten" not in page


def test_a_video_link_that_is_not_a_web_address_is_refused_and_never_linked(client, make_user):
    login(client, make_user, "press_officer")
    post = {"kind": "release", "title": "Video", "lead": "Özet", "body": "<p>Metin</p>"}
    refused = client.post(
        reverse("press:communication-create"),
        {**post, "video_links": "https://video.example/1\njavascript:alert(1)"},
    )
    assert "Web adresi değil: javascript:alert(1)" in refused.content.decode()
    assert not Communication.objects.exists()
    author = make_user("press_officer", "basin-yayin")
    item = make_published(
        author, title="Eski kayıt", video_links="javascript:alert(1)\nhttps://v.example/2"
    )
    page = client.get(reverse("press_public:detail", args=[item.slug])).content.decode()
    assert "javascript:alert" not in page
    assert 'href="https://v.example/2"' in page
