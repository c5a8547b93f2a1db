from io import StringIO

import pytest

from iletisim.lib.sms import console
from iletisim.service_requests.models import Notification
from iletisim.service_requests.tasks import retry_pending, send_notification
from iletisim.service_requests.tests.factories import make_request

pytestmark = pytest.mark.django_db


def test_the_citizen_receives_the_tracking_link_by_email_once(smtp_sink):
    sr = make_request(description="<b>çukur</b>")
    note = sr.notifications.get(channel="email")
    assert send_notification.call(note.pk) == "sent"
    assert send_notification.call(note.pk) == "skipped"
    assert len(smtp_sink.messages) == 1
    mail = smtp_sink.messages[0]
    assert sr.tracking_number in mail.subject
    assert f"/basvuru/takip/{sr.tracking_number}/{sr.secret}/" in mail.text()
    assert mail.rcpt_tos == ["ayse@example.com"]


def test_an_smtp_server_that_is_down_keeps_the_request_and_retries_later(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    sr = make_request()
    note = sr.notifications.get(channel="email")
    assert send_notification.call(note.pk) == "failed"
    note.refresh_from_db()
    assert note.sent_at is None and note.attempts == 1 and note.last_error
    assert retry_pending() >= 1


def test_an_english_speaking_citizen_gets_the_english_email(smtp_sink):
    sr = make_request(language="en")
    send_notification.call(sr.notifications.get(channel="email").pk)
    assert "has been received" in smtp_sink.messages[0].subject


def test_sms_goes_through_the_console_provider():
    sr = make_request(citizen_phone="05321234567")
    note = sr.notifications.get(channel=Notification.Channel.SMS)
    send_notification.call(note.pk)
    assert console.OUTBOX[-1][0] == "05321234567"
    assert sr.tracking_number in console.OUTBOX[-1][1]


def test_the_directorate_is_told_of_new_work_by_email(smtp_sink, make_user):
    from iletisim.service_requests.tasks import notify_unit_of_new_work
    from iletisim.service_requests.tests.factories import routed_request

    desk = make_user("pr_operator", "halkla-iliskiler")
    staff = make_user("unit_staff", "fen-isleri", email="memur@belediye.example")
    make_user("unit_staff", "zabita", email="zabita@belediye.example")
    sr = routed_request(desk)
    assert notify_unit_of_new_work.call(sr.pk, sr.unit_id) == 1
    mail = smtp_sink.messages[-1]
    assert mail.rcpt_tos == [staff.email]
    assert sr.tracking_number in mail.subject and "yeni başvuru" in mail.subject


def test_routing_enqueues_the_directorates_email_after_commit(
    make_user, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from iletisim.service_requests.tests.factories import routed_request

    desk = make_user("pr_operator", "halkla-iliskiler")
    with django_capture_on_commit_callbacks(execute=True):
        routed_request(desk)
    names = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert any(name.endswith("notify_unit_of_new_work") for name in names)
    assert any(name.endswith("send_notification") for name in names)


def test_a_staff_email_that_fails_is_kept_and_sent_once_when_the_server_is_back(
    make_user, settings, smtp_sink
):
    from django.core.management import call_command

    from iletisim.service_requests.models import StaffMail
    from iletisim.service_requests.tasks import notify_unit_of_new_work
    from iletisim.service_requests.tests.factories import routed_request

    desk = make_user("pr_operator", "halkla-iliskiler")
    staff = make_user("unit_staff", "fen-isleri", email="memur@belediye.example")
    sr = routed_request(desk)
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    notify_unit_of_new_work.call(sr.pk, sr.unit_id)
    mail = StaffMail.objects.get()
    assert mail.sent_at is None and mail.attempts == 1 and mail.last_error
    assert not smtp_sink.messages
    settings.MAILERS = working
    call_command("requests_staff_mail", stdout=StringIO())
    call_command("requests_staff_mail", stdout=StringIO())
    notify_unit_of_new_work.call(sr.pk, sr.unit_id)  # the task run twice: still one mail
    assert [m.rcpt_tos for m in smtp_sink.messages] == [[staff.email]]
    assert sr.tracking_number in smtp_sink.messages[0].subject
