"""A data subject's request for a copy (show) or the erasure of their personal data (KVKK
art. 11), per role: asked from the tracking page with its 30-day due date, answered or
refused with a reason by the desk only, audited (field names, never values), told."""

import datetime as dt
import socket
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from iletisim.accounts.tests.factories import confirmed_totp, current_code
from iletisim.core.models import AuditEntry
from iletisim.service_requests import actions
from iletisim.service_requests.models import DataCorrection, Notification, ServiceRequest
from iletisim.service_requests.panels import _panel
from iletisim.service_requests.tasks import send_notification
from iletisim.service_requests.tests.factories import make_request, routed_request

pytestmark = pytest.mark.django_db

ISTANBUL = ZoneInfo("Europe/Istanbul")


@pytest.fixture
def desk(make_user):
    return make_user("pr_operator", "halkla-iliskiler")


def track(sr, secret=None):
    return f"/basvuru/takip/{sr.tracking_number}/{secret or sr.secret}/"


def ask(client, sr, kind, secret=None, **extra):
    data = {"form": "data", "data-kind": kind, **extra}
    return client.post(track(sr, secret), data)


def action(sr, verb):
    return reverse("service_requests:request-action", args=[sr.tracking_number, verb])


def detail(sr):
    return reverse("service_requests:request-detail", args=[sr.tracking_number])


def test_the_citizen_asks_for_a_copy_and_the_page_shows_no_more_than_before(client):
    sr = make_request(citizen_phone="05321234567", national_id="")
    page = client.get(track(sr)).content.decode()
    assert 'name="data-kind" value="show"' in page
    assert ask(client, sr, "show").status_code == 302
    request = DataCorrection.objects.get(request=sr)
    assert request.kind == "show" and request.state == "pending"
    assert request.fields == ["citizen_name", "citizen_phone", "citizen_email"]
    page = client.get(track(sr)).content.decode()
    assert request.due_date.strftime("%d.%m.%Y") in page  # the 30-day answer date
    assert 'name="data-kind" value="show"' not in page  # one at a time
    for value in ("05321234567", "ayse@example.com", "Ayşe Yılmaz"):
        assert value not in page  # the copy never appears on the page
    entry = AuditEntry.objects.get(action="service_requests.request.data_request_asked")
    assert entry.data["kind"] == "show" and entry.data["fields"] == request.fields
    assert "ayse@example.com" not in str(entry.data)


def test_a_copy_needs_an_email_address_on_file(client):
    sr = make_request(citizen_email="", citizen_phone="05321234567")
    assert 'name="data-kind" value="show"' not in client.get(track(sr)).content.decode()
    ask(client, sr, "show")
    assert not DataCorrection.objects.exists()
    assert "e-posta adresi yok" in client.get(track(sr)).content.decode()


def test_a_wrong_secret_cannot_ask_for_a_copy_or_an_erasure(client):
    sr = make_request()
    assert ask(client, sr, "show", secret="x" * 32).status_code == 404
    assert ask(client, sr, "erase", secret="x" * 32, **{"data-confirm": "on"}).status_code == 404
    assert not DataCorrection.objects.exists()


def test_an_erasure_must_be_confirmed_by_the_citizen(client):
    sr = make_request()
    response = ask(client, sr, "erase")
    assert response.status_code == 200
    assert "onaylayın" in response.content.decode()
    assert not DataCorrection.objects.exists()
    ask(client, sr, "erase", **{"data-confirm": "on"})
    assert DataCorrection.objects.get(request=sr).kind == "erase"
    sr.refresh_from_db()
    assert sr.citizen_email == "ayse@example.com"  # nothing erased before the desk decides


def test_copy_correction_and_erasure_requests_share_the_rate_limit_per_ip(client, settings):
    settings.SERVICE_REQUESTS_RATE_PER_IP = 2
    requests = [make_request(description=f"Çukur {i}") for i in range(3)]
    ask(client, requests[0], "show")
    client.post(track(requests[1]), {"form": "correction", "correction-citizen_name": "Ayşe D"})
    ask(client, requests[2], "erase", **{"data-confirm": "on"})
    assert DataCorrection.objects.count() == 2
    assert "Bağlantınızdan çok fazla" in client.get(track(requests[2])).content.decode()


def test_a_second_copy_request_while_one_is_pending_is_refused_but_other_kinds_may_wait(client):
    sr = make_request()
    ask(client, sr, "show")
    ask(client, sr, "show")
    ask(client, sr, "erase", **{"data-confirm": "on"})
    kinds = sorted(DataCorrection.objects.filter(request=sr).values_list("kind", flat=True))
    assert kinds == ["erase", "show"]


@time_machine.travel(dt.datetime(2026, 3, 24, 10, 0, tzinfo=ISTANBUL), tick=False)
def test_the_due_date_falling_on_a_holiday_moves_to_the_next_working_day(client):
    sr = make_request()
    ask(client, sr, "erase", **{"data-confirm": "on"})
    # 30 days from 24 March is 23 April (National Sovereignty Day): due on Friday 24 April.
    assert DataCorrection.objects.get(request=sr).due_date == dt.date(2026, 4, 24)
    assert "24.04.2026" in client.get(track(sr)).content.decode()


def test_the_desk_sends_the_copy_to_the_address_on_file_and_it_holds_the_data(
    client, desk, smtp_sink
):
    sr = make_request(citizen_phone="05321234567", address="Moda Cad. No 3")
    older = make_request(description="Çöp alınmadı", citizen_email="AYSE@example.com")
    stranger = make_request(citizen_email="can@example.com", citizen_name="Can Öz")
    ask(client, sr, "show")
    client.force_login(desk)
    page = client.get(detail(sr)).content.decode()
    assert "Kopyayı gönder" in page
    assert (
        "1 kişisel veri başvurusu bekliyor"
        in client.get(reverse("service_requests:inbox")).content.decode()
    )
    request = DataCorrection.objects.get(request=sr)
    assert (
        client.post(action(sr, "correction-apply"), {"correction": request.pk}).status_code == 302
    )
    request.refresh_from_db()
    assert request.state == "applied" and request.decided_by == desk
    note = Notification.objects.get(request=sr, event="data_copy")
    assert note.channel == "email" and note.recipient == "ayse@example.com"
    assert not Notification.objects.filter(request=sr, event="data_copy", channel="sms").exists()
    assert send_notification.call(note.pk) == "sent"
    mail = smtp_sink.messages[-1]
    assert mail.rcpt_tos == ["ayse@example.com"]
    body = mail.text()
    assert "05321234567" in body and "Moda Cad. No 3" in body
    assert older.tracking_number in body  # the other request made with that address
    assert stranger.tracking_number not in body and "Can Öz" not in body
    entry = AuditEntry.objects.get(action="service_requests.request.exported", actor=desk)
    assert entry.data["kind"] == "show" and "05321234567" not in str(entry.data)
    page = client.get(track(sr)).content.decode()
    assert "e-posta adresinize gönderildi" in page  # told on the tracking page too
    assert "05321234567" not in page and "Moda Cad. No 3" not in page


def test_the_desk_erases_on_request_and_the_statistics_stay(client, desk, smtp_sink):
    sr = routed_request(
        desk, citizen_phone="05321234567", address="Bağdat Cad. 12", notify_by="email"
    )
    sr.refresh_from_db()
    rf = RequestFactory().get("/")
    rf.user = desk
    before = _panel(rf)
    kept = (sr.type, sr.category_id, sr.unit_id, sr.status, sr.created_at, sr.due_date)
    ask(client, sr, "erase", **{"data-confirm": "on"})
    request = DataCorrection.objects.get(request=sr)
    client.force_login(desk)
    assert "Kişisel verileri sil" in client.get(detail(sr)).content.decode()
    response = client.post(action(sr, "correction-apply"), {"correction": request.pk})
    assert response.status_code == 302
    sr.refresh_from_db()
    assert sr.anonymised_at is not None
    assert (sr.citizen_name, sr.citizen_phone, sr.citizen_email, sr.address) == ("", "", "", "")
    assert "bagdat" not in sr.search_text
    assert (sr.type, sr.category_id, sr.unit_id, sr.status, sr.created_at, sr.due_date) == kept
    after = _panel(rf)
    for key in ("open", "overdue", "today", "unrouted", "per_day", "by_unit"):
        assert after[key] == before[key], key
    assert not Notification.objects.filter(recipient__contains="ayse@example.com").exists()
    assert smtp_sink.messages[-1].rcpt_tos == ["ayse@example.com"]  # told, then forgotten
    assert "silindi" in smtp_sink.messages[-1].text()
    assert sr.secret not in smtp_sink.messages[-1].text()  # no link to a page now gone
    entry = AuditEntry.objects.get(action="service_requests.request.anonymised", actor=desk)
    assert entry.data["correction"] == request.pk
    assert set(entry.data["fields"]) == {
        "citizen_name",
        "citizen_phone",
        "citizen_email",
        "address",
    }
    assert "05321234567" not in str(entry.data)
    assert client.get(track(sr)).status_code == 404  # as for any erased request


def test_the_desk_keeps_the_data_only_by_stating_the_legal_reason(client, desk):
    sr = make_request()
    ask(client, sr, "erase", **{"data-confirm": "on"})
    request = DataCorrection.objects.get(request=sr)
    client.force_login(desk)
    page = client.get(detail(sr)).content.decode()
    assert "Verileri saklamanın yasal gerekçesi" in page
    client.post(action(sr, "correction-refuse"), {"correction": request.pk, "reason": " "})
    request.refresh_from_db()
    assert request.state == "pending"
    reason = "Bilgi edinme başvurusu: 4982 s. Kanun gereği dosyada saklanır."
    client.post(action(sr, "correction-refuse"), {"correction": request.pk, "reason": reason})
    request.refresh_from_db()
    sr.refresh_from_db()
    assert request.state == "refused" and sr.citizen_email == "ayse@example.com"
    assert reason in client.get(track(sr)).content.decode()
    assert Notification.objects.filter(request=sr, event="data_request_no").exists()
    entry = AuditEntry.objects.get(action="service_requests.request.data_request_refused")
    assert entry.data["kind"] == "erase" and reason not in str(entry.data)


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        ("unit_staff", "fen-isleri"),
        ("unit_manager", "fen-isleri"),
        ("director", "basin-halkla-iliskiler"),
        ("auditor", ""),
    ],
)
@pytest.mark.parametrize("kind", ["show", "erase"])
def test_only_the_desk_answers_a_copy_or_an_erasure(client, desk, make_user, role, unit, kind):
    sr = routed_request(desk)
    ask(client, sr, kind, **{"data-confirm": "on"})
    request = DataCorrection.objects.get(request=sr)
    other = make_user(role, unit) if unit else make_user(role)
    client.force_login(other)
    if other.requires_two_factor:  # the director: logged in with the second factor
        device = confirmed_totp(other)
        client.post("/accounts/otp/", {"token": current_code(device)})
    page = client.get(detail(sr)).content.decode()
    assert f"data-request-{request.pk}" not in page
    for verb in ("correction-apply", "correction-refuse"):
        response = client.post(action(sr, verb), {"correction": request.pk, "reason": "x"})
        assert response.status_code == 403
    request.refresh_from_db()
    sr.refresh_from_db()
    assert request.state == "pending" and sr.anonymised_at is None
    assert not Notification.objects.filter(event="data_copy").exists()


def test_the_auditor_reads_the_steps_in_the_audit_log_without_values(client, desk, make_user):
    sr = make_request(citizen_phone="05321234567")
    ask(client, sr, "show")
    actions.apply_correction(
        sr=sr, correction_id=DataCorrection.objects.get(request=sr).pk, by=desk
    )
    client.force_login(make_user("auditor"))
    response = client.get(reverse("core:audit-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kişisel veri başvurusu alındı" in page
    assert "05321234567" not in page


def test_a_request_with_two_pending_data_requests_is_listed_once_in_the_filter(client, desk):
    sr = make_request()
    ask(client, sr, "show")
    ask(client, sr, "erase", **{"data-confirm": "on"})
    client.force_login(desk)
    page = client.get(reverse("service_requests:inbox"), {"correction": "on"}).content.decode()
    assert page.count(f'href="{detail(sr)}"') == 1


def test_overdue_requests_are_highlighted_for_the_desk(client, desk):
    sr = make_request()
    ask(client, sr, "show")
    DataCorrection.objects.filter(request=sr).update(due_date=dt.date(2020, 1, 2))
    client.force_login(desk)
    inbox = client.get(reverse("service_requests:inbox")).content.decode()
    assert "1 tanesinin süresi geçti" in inbox
    page = client.get(detail(sr)).content.decode()
    assert 'class="action-box overdue"' in page and "02.01.2020" in page
    rf = RequestFactory().get("/")
    rf.user = desk
    assert _panel(rf)["corrections_overdue"] == 1


def test_the_erase_command_goes_through_the_same_action(desk, capsys):
    first = make_request(citizen_phone="05321234567")
    other = make_request(citizen_phone="05559998877", citizen_email="can@example.com")
    call_command(
        "requests_personal_data", "erase", "--phone", "05321234567", "--actor", desk.username
    )
    assert "erased: 1" in capsys.readouterr().out
    emails = dict(ServiceRequest.objects.values_list("pk", "citizen_email"))
    assert emails[first.pk] == "" and emails[other.pk] == "can@example.com"
    entry = AuditEntry.objects.get(action="service_requests.request.anonymised")
    assert entry.actor == desk and "citizen_phone" in entry.data["fields"]


def test_when_the_citizen_cannot_be_told_nothing_is_erased(client, desk, settings):
    with socket.socket() as closed:  # a port nothing listens on: the mail server is down
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    sr = make_request(notify_by="email")
    ask(client, sr, "erase", **{"data-confirm": "on"})
    request = DataCorrection.objects.get(request=sr)
    client.force_login(desk)
    client.post(action(sr, "correction-apply"), {"correction": request.pk})
    sr.refresh_from_db()
    request.refresh_from_db()
    assert sr.citizen_email == "ayse@example.com" and request.state == "pending"
    assert "hiçbir şey silinmedi" in client.get(detail(sr)).content.decode()


def test_erasing_settles_the_other_data_requests_still_waiting_on_the_request(client, desk):
    sr = make_request()
    ask(client, sr, "show")
    ask(client, sr, "erase", **{"data-confirm": "on"})
    show = DataCorrection.objects.get(request=sr, kind="show")
    erase = DataCorrection.objects.get(request=sr, kind="erase")
    actions.apply_correction(sr=sr, correction_id=erase.pk, by=desk)
    show.refresh_from_db()
    assert show.state == "refused" and "silinmiş" in show.refuse_reason
    assert DataCorrection.waiting_counts()["corrections_waiting"] == 0
    assert not Notification.objects.filter(event="data_copy").exists()
