"""A data subject's correction of personal data (KVKK art. 11), per role: the citizen asks
from the tracking page, the desk applies or refuses it, others cannot; audited, told."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from iletisim.accounts.tests.factories import confirmed_totp, current_code
from iletisim.core.models import AuditEntry
from iletisim.service_requests import actions
from iletisim.service_requests.models import DataCorrection, Notification, ServiceRequest
from iletisim.service_requests.tasks import send_notification
from iletisim.service_requests.tests.factories import make_request, routed_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_user):
    return make_user("pr_operator", "halkla-iliskiler")


def track(sr):
    return f"/basvuru/takip/{sr.tracking_number}/{sr.secret}/"


def ask(client, sr, **fields):
    data = {"form": "correction"}
    data.update({f"correction-{k}": v for k, v in fields.items()})
    return client.post(track(sr), data)


def action(sr, verb):
    return reverse("service_requests:request-action", args=[sr.tracking_number, verb])


def test_the_citizen_asks_to_correct_their_phone_from_the_tracking_page(client):
    sr = make_request(citizen_phone="05321234567")
    page = client.get(track(sr)).content.decode()
    assert 'name="correction-citizen_phone"' in page
    assert "05321234567" not in page  # anyone holding the link sees this page: masked
    assert "05•••••••67" in page
    response = ask(client, sr, citizen_phone="0532 987 65 43", note="Numaram değişti")
    assert response.status_code == 302
    correction = DataCorrection.objects.get(request=sr)
    assert correction.state == "pending" and correction.fields == ["citizen_phone"]
    page = client.get(track(sr)).content.decode()
    assert correction.due_date.strftime("%d.%m.%Y") in page  # the 30-day answer date
    assert 'name="correction-citizen_phone"' not in page  # one at a time
    sr.refresh_from_db()
    assert sr.citizen_phone == "05321234567"  # nothing changes before the desk decides
    entry = AuditEntry.objects.get(action="service_requests.request.correction_asked")
    assert entry.data["fields"] == ["citizen_phone"]
    assert "0532 987 65 43" not in str(entry.data)  # the audit names fields, not values


def test_a_correction_that_changes_nothing_or_is_malformed_is_refused_with_a_message(client):
    sr = make_request()
    response = ask(client, sr, citizen_email="ayse@example.com")  # the same as now
    assert response.status_code == 302
    assert not DataCorrection.objects.exists()
    page = client.get(track(sr)).content.decode()
    assert "Düzeltilecek bir şey yok" in page
    response = ask(client, sr, citizen_email="not-an-address", citizen_phone="12")
    assert response.status_code == 200
    assert "0532 123 45 67" in response.content.decode()  # the phone format hint
    assert not DataCorrection.objects.exists()


def test_a_second_correction_while_one_is_pending_is_refused(client):
    sr = make_request()
    ask(client, sr, citizen_name="Ayşe Yılmaz Demir")
    ask(client, sr, citizen_name="Ayşe Demir")
    assert DataCorrection.objects.filter(request=sr).count() == 1


def test_correction_requests_are_rate_limited_per_ip(client, settings):
    settings.SERVICE_REQUESTS_RATE_PER_IP = 2
    requests = [make_request(description=f"Çukur {i}") for i in range(3)]
    for sr in requests:
        ask(client, sr, citizen_name="Ayşe Demir")
    assert DataCorrection.objects.count() == 2
    assert "Bağlantınızdan çok fazla" in client.get(track(requests[2])).content.decode()


def test_a_wrong_secret_cannot_ask_for_a_correction(client):
    sr = make_request()
    response = client.post(
        f"/basvuru/takip/{sr.tracking_number}/{'x' * 32}/",
        {"form": "correction", "correction-citizen_name": "Başkası"},
    )
    assert response.status_code == 404
    assert not DataCorrection.objects.exists()


def test_an_anonymous_request_offers_no_correction(client):
    sr = make_request(citizen_name="", citizen_email="")
    assert 'name="correction-citizen_name"' not in client.get(track(sr)).content.decode()


def test_the_desk_sees_the_correction_and_applies_it_and_the_citizen_is_told(
    client, desk, smtp_sink
):
    sr = make_request(citizen_phone="05321234567")
    ask(client, sr, citizen_email="ayse.yilmaz@example.org", address="Moda Cad. No 3")
    client.force_login(desk)
    inbox = client.get(reverse("service_requests:inbox")).content.decode()
    assert "1 kişisel veri başvurusu bekliyor" in inbox
    filtered = client.get(reverse("service_requests:inbox"), {"correction": "on"}).content
    assert sr.tracking_number in filtered.decode()
    page = client.get(reverse("service_requests:request-detail", args=[sr.tracking_number]))
    assert "ayse.yilmaz@example.org" in page.content.decode()
    correction = DataCorrection.objects.get(request=sr)
    response = client.post(action(sr, "correction-apply"), {"correction": correction.pk})
    assert response.status_code == 302
    sr.refresh_from_db()
    correction.refresh_from_db()
    assert sr.citizen_email == "ayse.yilmaz@example.org" and sr.address == "Moda Cad. No 3"
    assert "moda" in sr.search_text
    assert correction.state == "applied" and correction.decided_by == desk
    assert correction.changes == {}  # the values now live only on the request
    assert AuditEntry.objects.filter(
        action="service_requests.request.corrected", actor=desk
    ).exists()
    note = Notification.objects.get(request=sr, event="corrected", channel="email")
    assert note.recipient == "ayse.yilmaz@example.org"  # told at the corrected address
    assert send_notification.call(note.pk) == "sent"
    assert smtp_sink.messages[-1].rcpt_tos == ["ayse.yilmaz@example.org"]
    assert "düzeltildi" in smtp_sink.messages[-1].text()
    assert "düzeltildi" in client.get(track(sr)).content.decode()  # on the citizen's page


def test_the_desk_refuses_a_correction_only_with_a_reason_and_the_citizen_reads_it(client, desk):
    sr = make_request()
    ask(client, sr, citizen_name="Mehmet Öz")
    correction = DataCorrection.objects.get(request=sr)
    client.force_login(desk)
    client.post(action(sr, "correction-refuse"), {"correction": correction.pk, "reason": " "})
    correction.refresh_from_db()
    assert correction.state == "pending"
    client.post(
        action(sr, "correction-refuse"),
        {"correction": correction.pk, "reason": "Başvuru <b>başka</b> bir kişiye ait görünüyor."},
    )
    correction.refresh_from_db()
    sr.refresh_from_db()
    assert correction.state == "refused" and sr.citizen_name == "Ayşe Yılmaz"
    assert Notification.objects.filter(request=sr, event="correction_no").exists()
    assert AuditEntry.objects.filter(action="service_requests.request.correction_refused").exists()
    client.logout()
    page = client.get(track(sr)).content.decode()
    assert "&lt;b&gt;başka&lt;/b&gt;" in page  # the reason, escaped
    # decided: the citizen may ask again, and a second decision is told again
    ask(client, sr, citizen_name="Ayşe Yılmaz Öz")
    second = DataCorrection.objects.get(request=sr, state="pending")
    actions.refuse_correction(
        sr=sr, correction_id=second.pk, reason="Kimlik doğrulanamadı", by=desk
    )
    assert Notification.objects.filter(request=sr, event="correction_no").count() == 2


def test_a_decided_correction_cannot_be_decided_again(client, desk):
    sr = make_request()
    ask(client, sr, citizen_name="Ayşe Demir")
    correction = DataCorrection.objects.get(request=sr)
    actions.apply_correction(sr=sr, correction_id=correction.pk, by=desk)
    client.force_login(desk)
    response = client.post(
        action(sr, "correction-refuse"), {"correction": correction.pk, "reason": "geç"}
    )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.state == "applied"


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        ("unit_staff", "fen-isleri"),
        ("unit_manager", "fen-isleri"),
        ("director", "basin-halkla-iliskiler"),
        ("auditor", ""),
    ],
)
def test_only_the_desk_decides_a_correction(client, desk, make_user, role, unit):
    sr = routed_request(desk)
    ask(client, sr, citizen_name="Başka İsim")
    correction = DataCorrection.objects.get(request=sr)
    other = make_user(role, unit) if unit else make_user(role)
    client.force_login(other)
    if other.requires_two_factor:  # the director: logged in with the second factor
        device = confirmed_totp(other)
        client.post("/accounts/otp/", {"token": current_code(device)})
    page = client.get(reverse("service_requests:request-detail", args=[sr.tracking_number]))
    assert "Başka İsim" not in page.content.decode()
    response = client.post(action(sr, "correction-apply"), {"correction": correction.pk})
    assert response.status_code == 403
    correction.refresh_from_db()
    assert correction.state == "pending"


def test_the_correct_command_corrects_every_request_of_the_person_and_needs_an_actor(desk, capsys):
    first = make_request(citizen_phone="05321234567")
    second = make_request(citizen_phone="05321234567", description="Çöp alınmadı")
    other = make_request(citizen_phone="05559998877", citizen_email="can@example.com")
    with pytest.raises(CommandError, match="--actor"):
        call_command("requests_personal_data", "correct", "--phone", "05321234567")
    with pytest.raises(CommandError, match="no user named"):
        call_command(
            "requests_personal_data", "correct", "--phone", "05321234567", "--actor", "nobody"
        )
    call_command(
        "requests_personal_data",
        "correct",
        "--phone",
        "05321234567",
        "--set-phone",
        "05329876543",
        "--actor",
        desk.username,
    )
    assert "corrected: 2" in capsys.readouterr().out
    phones = dict(ServiceRequest.objects.values_list("pk", "citizen_phone"))
    assert phones[first.pk] == phones[second.pk] == "05329876543"
    assert phones[other.pk] == "05559998877"
    assert (
        AuditEntry.objects.filter(action="service_requests.request.corrected", actor=desk).count()
        == 2
    )


def test_erasing_and_anonymising_leave_no_corrected_values_behind(client, desk, settings):
    sr = make_request(address="Bağdat Cad. 12")
    ask(client, sr, address="Bağdat Cad. 14", note="Kapı numarası yanlış")
    call_command("requests_personal_data", "erase", "--email", "ayse@example.com")
    sr.refresh_from_db()
    assert "bagdat" not in sr.search_text  # the erased address is not searchable either
    correction = DataCorrection.objects.get(request=sr)
    assert correction.changes == {} and correction.note == ""
