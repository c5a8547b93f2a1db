import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from iletisim.lib.testing.smtp import free_port
from iletisim.press import distribution
from iletisim.press.contacts import set_do_not_contact, suppress
from iletisim.press.models import Distribution, Recipient, Suppression
from iletisim.press.tests.factories import make_journalists, make_list, make_published

pytestmark = pytest.mark.django_db

State = Recipient.State


@pytest.fixture
def officer(make_user):
    return make_user("press_officer", "basin-yayin")


def start(officer, journalists, **kwargs):
    item = make_published(officer, **kwargs)
    contact_list = make_list(journalists)

    sent = distribution.create_distribution(
        by=officer, communication=item, lists=[contact_list], segments=[]
    )
    return sent


def states(sent: Distribution) -> dict[str, int]:
    counts = sent.counts()
    return {k: v for k, v in counts.items() if v and k not in ("total", "done")}


def test_every_contact_receives_one_personal_message_with_text_and_one_click_unsubscribe(
    officer, smtp_sink
):
    journalists = make_journalists(5)
    sent = start(
        officer, journalists, title="Yeni kütüphane açıldı", body="<p>Kütüphane metni.</p>"
    )
    distribution.send_pending(sent.pk)
    assert states(sent) == {State.SENT: 5}
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.messages) == sorted(j.email for j in journalists)
    mail = next(m for m in smtp_sink.messages if m.rcpt_tos == ["muhabir0@gazete.example"])
    assert mail.subject == "Yeni kütüphane açıldı"
    assert "Sayın Muhabir 0" in mail.text()
    assert "Kütüphane metni." in mail.text()
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.message["Message-ID"].startswith(f"<press.{sent.pk}.")
    assert mail.message.get_body(preferencelist=("html",)) is not None
    assert mail.message.get_body(preferencelist=("plain",)) is not None


def test_running_the_sender_twice_sends_nobody_twice(officer, smtp_sink):
    sent = start(officer, make_journalists(8))
    distribution.send_pending(sent.pk, batch_size=3)
    distribution.send_pending(sent.pk, batch_size=3)
    assert len(smtp_sink.messages) == 8
    assert Distribution.objects.get(pk=sent.pk).finished_at is not None


def test_a_refused_recipient_bounces_and_lands_on_the_suppression_list(officer, smtp_sink):
    journalists = make_journalists(4)
    smtp_sink.handler.refuse.add("muhabir2@gazete.example")
    sent = start(officer, journalists)
    distribution.send_pending(sent.pk)
    assert states(sent) == {State.SENT: 3, State.BOUNCED: 1}
    assert Suppression.objects.filter(
        email="muhabir2@gazete.example", reason=Suppression.Reason.HARD_BOUNCE
    ).exists()


def test_when_the_mail_server_is_down_nobody_is_lost_and_a_later_run_sends_all(officer, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    sent = start(officer, make_journalists(3))
    done = distribution.send_pending(sent.pk)
    assert done["retry"] == 3
    assert states(sent) == {State.QUEUED: 3}
    from iletisim.lib.testing.smtp import SMTPSink

    with SMTPSink() as sink:
        settings.MAILERS = sink.mailer_settings()
        distribution.send_pending(sent.pk)
        assert len(sink.messages) == 3
    assert states(sent) == {State.SENT: 3}


def test_a_connection_dropped_mid_batch_resumes_without_doubles_or_gaps(officer, smtp_sink):
    journalists = make_journalists(6)
    sent = start(officer, journalists)
    handler = smtp_sink.handler
    original = type(handler).handle_DATA
    calls = {"n": 0}

    async def drop_third(self, server, session, envelope):
        calls["n"] += 1
        if calls["n"] == 3:
            server.transport.close()  # the server hangs up mid-batch
            return "421 closing"
        return await original(self, server, session, envelope)

    type(handler).handle_DATA = drop_third
    try:
        first = distribution.send_pending(sent.pk)
    finally:
        type(handler).handle_DATA = original
    assert first.get("retry")
    distribution.send_pending(sent.pk)
    received = sorted(m.rcpt_tos[0] for m in smtp_sink.messages)
    assert received == sorted(j.email for j in journalists)
    assert states(sent) == {State.SENT: 6}


def test_a_crashed_worker_leaves_claimed_rows_that_return_to_the_queue_after_the_lease(
    officer, smtp_sink, settings
):
    sent = start(officer, make_journalists(4))
    # A worker claimed two rows and died before sending them.
    stale = list(sent.recipients.order_by("id")[:2])
    Recipient.objects.filter(pk__in=[r.pk for r in stale]).update(
        state=State.SENDING, claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    distribution.send_pending(sent.pk)
    assert len(smtp_sink.messages) == 4
    assert states(sent) == {State.SENT: 4}


def test_do_not_contact_and_suppression_always_win(officer, smtp_sink, make_user):
    journalists = make_journalists(4)
    set_do_not_contact(by=officer, journalist=journalists[0], on=True, reason="İstemiyor")
    suppress(email="MUHABIR1@gazete.example", reason=Suppression.Reason.UNSUBSCRIBED)
    sent = start(officer, journalists)
    # Unsubscribed after being queued, before sending:
    suppress(email="muhabir2@gazete.example", reason=Suppression.Reason.UNSUBSCRIBED)
    distribution.send_pending(sent.pk)
    assert [m.rcpt_tos[0] for m in smtp_sink.messages] == ["muhabir3@gazete.example"]
    assert sent.recipients.count() == 2


def test_one_click_unsubscribe_suppresses_the_address(officer, smtp_sink, client):
    sent = start(officer, make_journalists(1))
    distribution.send_pending(sent.pk)
    url = smtp_sink.messages[0].message["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Suppression.objects.filter(email="muhabir0@gazete.example").exists()
    assert sent.recipients.get().state == State.UNSUBSCRIBED


def test_a_forged_unsubscribe_token_is_refused(client):
    response = client.post(reverse("press_public:unsubscribe", args=["1:forged"]))
    assert response.status_code == 404


def test_an_unpublished_item_cannot_be_sent(officer):
    from django.core.exceptions import ValidationError

    from iletisim.press.tests.factories import make_communication

    item = make_communication(officer)
    with pytest.raises(ValidationError):
        distribution.create_distribution(by=officer, communication=item, lists=[], segments=[])


def test_a_distribution_whose_worker_died_is_queued_again_by_the_scheduler_job(officer, settings):
    from django_tasks_db.models import DBTaskResult

    sent = start(officer, make_journalists(2))
    DBTaskResult.objects.all().delete()
    settings.PRESS_SEND_LEASE_SECONDS = 1
    Recipient.objects.filter(distribution=sent).update(
        state=State.SENDING, claimed_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert distribution.resume_stalled() == [sent.pk]
    assert DBTaskResult.objects.count() == 1
