import pytest

from iletisim.press import distribution
from iletisim.press.bounces import process_dsn
from iletisim.press.models import Recipient, Suppression
from iletisim.press.tests.factories import make_journalists, make_list, make_published

pytestmark = pytest.mark.django_db

DSN = """From: MAILER-DAEMON@mx.gazete.example
To: iletisim@belediye.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Your message could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.gazete.example

Final-Recipient: rfc822; {email}
Action: failed
Status: {status}

--b1
Content-Type: text/rfc822-headers

Message-ID: {message_id}
Subject: Yeni park

--b1--
"""


def test_a_permanent_bounce_report_marks_the_row_bounced_and_suppresses_the_address(
    make_user, smtp_sink
):
    officer = make_user("press_officer", "basin-yayin")
    sent = distribution.create_distribution(
        by=officer,
        communication=make_published(officer),
        lists=[make_list(make_journalists(2))],
        segments=[],
    )
    distribution.send_pending(sent.pk)
    row = sent.recipients.get(email="muhabir1@gazete.example")
    raw = DSN.format(email="Muhabir1@gazete.example", status="5.1.1", message_id=row.message_id)
    bounces = process_dsn(raw.replace("\n", "\r\n").encode())
    assert [b.email for b in bounces] == ["muhabir1@gazete.example"]
    row.refresh_from_db()
    assert row.state == Recipient.State.BOUNCED
    assert Suppression.objects.filter(email="muhabir1@gazete.example").exists()
    assert sent.recipients.get(email="muhabir0@gazete.example").state == Recipient.State.SENT


def test_a_temporary_failure_does_not_suppress_anyone():
    raw = DSN.format(email="a@b.example", status="4.2.2", message_id="<x@y>")
    process_dsn(raw.encode())
    assert not Suppression.objects.exists()
