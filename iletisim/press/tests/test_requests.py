import pytest
from django.urls import reverse

from iletisim.core.models import AuditEntry
from iletisim.press.models import PressRequest
from iletisim.press.tests.factories import unit

pytestmark = pytest.mark.django_db


def test_a_phone_request_is_recorded_assigned_coordinated_and_answered(client, make_user):
    officer = make_user("press_officer", "basin-yayin")
    client.force_login(officer)
    response = client.post(
        reverse("press:request-list"),
        {"kind": "interview", "channel": "phone", "full_name": "Ayla Muhabir",
         "outlet_name": "Örnek Gazetesi", "email": "ayla@g.example",
         "message": "Başkanla ulaşım üzerine röportaj"},
    )  # fmt: skip
    item = PressRequest.objects.get()
    assert response.url == reverse("press:request-detail", args=[item.pk])
    url = reverse("press:request-update", args=[item.pk])
    client.post(url, {"what": "assign_me"})
    client.post(
        url,
        {"what": "task", "unit": unit("fen-isleri").pk, "description": "Yol verileri",
         "due_on": "2026-12-01"},
    )  # fmt: skip
    client.post(url, {"what": "answer", "answer": "Röportaj 3 Aralık'ta yapılacak."})
    item.refresh_from_db()
    assert item.assigned_to == officer
    assert item.status == PressRequest.RequestStatus.ANSWERED
    assert item.tasks.get().unit.code == "fen-isleri"
    page = client.get(reverse("press:request-detail", args=[item.pk])).content.decode()
    assert "Yol verileri" in page
    assert "Yanıtlandı" in page
    assert AuditEntry.objects.filter(action="press.request.answered").exists()


def test_unit_staff_cannot_open_journalists_requests(client, make_user):
    client.force_login(make_user("unit_staff", "fen-isleri"))
    assert client.get(reverse("press:request-list")).status_code == 403


def test_the_auditor_reads_requests_but_cannot_record_one(client, make_user):
    client.force_login(make_user("auditor", "basin-halkla-iliskiler"))
    assert client.get(reverse("press:request-list")).status_code == 200
    response = client.post(reverse("press:request-list"), {"kind": "information"})
    assert response.status_code == 403


def test_a_directorate_sees_only_its_own_coordination_tasks_and_closes_them(client, make_user):
    import datetime as dt

    from iletisim.press.models import CoordinationTask
    from iletisim.press.requests import add_coordination_task

    officer = make_user("press_officer", "basin-yayin")
    item = PressRequest.objects.create(
        kind="information", channel="email", full_name="Can", outlet_name="Kent FM",
        email="can@kentfm.example", message="Asfalt verisi",
    )  # fmt: skip
    ours = add_coordination_task(
        by=officer, press_request=item, unit=unit("fen-isleri"), description="Asfalt metrajı",
        due_on=dt.date(2026, 12, 1),
    )  # fmt: skip
    add_coordination_task(
        by=officer, press_request=item, unit=unit("zabita"), description="Denetim sayısı",
        due_on=dt.date(2026, 12, 2),
    )  # fmt: skip
    client.force_login(make_user("unit_staff", "fen-isleri"))
    page = client.get(reverse("press:task-list")).content.decode()
    assert "Asfalt metrajı" in page
    assert "Denetim sayısı" not in page
    theirs = CoordinationTask.objects.get(description="Denetim sayısı")
    assert client.post(reverse("press:task-done", args=[theirs.pk])).status_code == 403
    client.post(reverse("press:task-done", args=[ours.pk]))
    ours.refresh_from_db()
    assert ours.done_at is not None


def test_answered_requests_lose_the_journalists_personal_data_after_the_retention_period(
    make_user, time_machine
):
    import datetime as dt

    from django.core.management import call_command

    from iletisim.press import actions, requests

    officer = make_user("press_officer", "basin-yayin")
    time_machine.move_to(dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC))
    data = {"full_name": "Ayşe Yılmaz", "outlet_name": "Kent Postası", "email": "ayse@k.example",
            "phone": "0532 000 00 00", "message": "Röportaj talebi"}  # fmt: skip
    old = actions.receive_press_request(data=data, kind="interview", channel="email", by=officer)
    requests.answer_request(by=officer, press_request=old, answer="Randevu verildi.")
    waiting = actions.receive_press_request(data=data, kind="information", channel="phone")
    time_machine.move_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=dt.UTC))
    recent = actions.receive_press_request(data=data, kind="media", channel="email")
    requests.answer_request(by=officer, press_request=recent, answer="Fotoğraflar gönderildi.")
    call_command("press_anonymise_requests")
    call_command("press_anonymise_requests")
    old.refresh_from_db()
    assert (old.full_name, old.email, old.phone, old.message, old.answer) == ("", "", "", "", "")
    assert old.outlet_name == "Kent Postası" and old.anonymised_at is not None
    # Still open, or answered recently: kept whole.
    assert PressRequest.objects.get(pk=waiting.pk).full_name == "Ayşe Yılmaz"
    assert PressRequest.objects.get(pk=recent.pk).email == "ayse@k.example"


def test_the_accreditation_form_shows_the_personal_data_notice(client):
    page = client.get(reverse("press_public:accreditation")).content.decode()
    assert "Kişisel verileriniz" in page
    assert "6698" in page
