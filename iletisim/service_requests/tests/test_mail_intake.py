"""E-mail intake against a real IMAP server (Debian's dovecot on loopback)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from django.core.management import call_command

from iletisim.service_requests.models import Channel, InboundMail, ServiceRequest, Update
from iletisim.service_requests.tests.factories import jpeg_with_gps, make_request, tiny_pdf

pytestmark = pytest.mark.django_db

BOX = "halkla.iliskiler"


@pytest.fixture
def mailbox(imap_server, settings):
    imap_server.add_user(BOX, "gizli-parola")
    settings.SERVICE_REQUESTS_IMAP_HOST = imap_server.host
    settings.SERVICE_REQUESTS_IMAP_PORT = imap_server.port
    settings.SERVICE_REQUESTS_IMAP_USER = BOX
    settings.SERVICE_REQUESTS_IMAP_PASSWORD = "gizli-parola"
    settings.SERVICE_REQUESTS_IMAP_SECURITY = "none"
    return imap_server


def mail(
    subject="Sokak lambası yanmıyor",
    body="Evimizin önündeki lamba bir haftadır yanmıyor.",
    sender="Mehmet Kaya <mehmet@example.com>",
    message_id=None,
    **headers,
):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "halkla.iliskiler@belediye.example"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or f"<{abs(hash((subject, body, sender)))}@example.com>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def fetch() -> str:
    from io import StringIO

    out = StringIO()
    call_command("requests_fetch_mail", stdout=out)
    return out.getvalue()


def test_a_mail_in_the_box_becomes_a_request_with_its_photo(mailbox):
    msg = mail()
    msg.add_attachment(jpeg_with_gps(), maintype="image", subtype="jpeg", filename="lamba.jpg")
    msg.add_attachment(tiny_pdf(), maintype="application", subtype="pdf", filename="dilekce.pdf")
    mailbox.append(BOX, msg.as_bytes())
    assert "created: 1" in fetch()
    sr = ServiceRequest.objects.get()
    assert sr.channel == Channel.EMAIL
    assert sr.citizen_email == "mehmet@example.com" and sr.citizen_name == "Mehmet Kaya"
    assert "Sokak lambası yanmıyor" in sr.description and "bir haftadır" in sr.description
    assert sorted(a.content_type for a in sr.attachments.all()) == [
        "application/pdf",
        "image/jpeg",
    ]
    assert sr.notifications.filter(channel="email", recipient="mehmet@example.com").exists()


def test_a_mail_declared_iso_8859_9_keeps_the_punctuation_outlook_wrote(mailbox):
    head = (
        "From: Ayse Demir <ayse@example.com>\r\nTo: halkla.iliskiler@belediye.example\r\n"
        "Subject: Kaldirim\r\nMessage-ID: <iso-8859-9@example.com>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=iso-8859-9\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    text = "Kadıköy’de kaldırım “kırık” – lütfen bakın."
    mailbox.append(BOX, head.encode("ascii") + text.encode("cp1254") + b"\r\n")
    assert "created: 1" in fetch()
    assert text in ServiceRequest.objects.get().description


def test_polling_again_imports_nothing_twice_even_if_the_mail_is_delivered_twice(mailbox):
    raw = mail(message_id="<ayni-mesaj@example.com>").as_bytes()
    mailbox.append(BOX, raw)
    fetch()
    assert "created: 0" in fetch()
    mailbox.append(BOX, raw)  # the same mail again, under a new UID
    assert "skipped: 1" in fetch()
    assert ServiceRequest.objects.count() == 1


def test_a_reply_with_the_tracking_number_joins_that_request(mailbox):
    sr = make_request(citizen_email="mehmet@example.com")
    reply = mail(
        subject=f"Re: Başvurunuz {sr.tracking_number} alındı",
        body="Lamba hâlâ yanmıyor.\n> eski metin",
        message_id="<cevap@example.com>",
    )
    mailbox.append(BOX, reply.as_bytes())
    assert "attached: 1" in fetch()
    assert ServiceRequest.objects.count() == 1
    line = sr.updates.get(kind=Update.Kind.CITIZEN)
    assert line.text == "Lamba hâlâ yanmıyor."


def test_a_tracking_number_from_another_address_does_not_open_that_request(mailbox):
    sr = make_request(citizen_email="ayse@example.com")
    mailbox.append(BOX, mail(subject=f"{sr.tracking_number} hakkında").as_bytes())
    assert "created: 1" in fetch()
    assert not sr.updates.filter(kind=Update.Kind.CITIZEN).exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X_Autoreply": "yes"},
    ],
)
def test_auto_replies_are_recorded_and_skipped(mailbox, headers):
    mailbox.append(BOX, mail(subject="Out of office", **headers).as_bytes())
    assert "skipped: 1" in fetch()
    assert not ServiceRequest.objects.exists()
    assert InboundMail.objects.get().outcome == "auto"


def test_a_delivery_status_notification_is_a_bounce_not_a_request(mailbox):
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example>\r\n"
        b"To: halkla.iliskiler@belediye.example\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\n"
        b"Message-ID: <bounce-1@mx.example>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; x@example.com\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\n"
        b"--B--\r\n"
    )
    mailbox.append(BOX, raw)
    assert "skipped: 1" in fetch()
    assert InboundMail.objects.get().detail == "multipart/report"


def test_malformed_mime_is_imported_as_far_as_it_can_be_read_and_never_crashes(mailbox):
    broken = (
        b"From: Zeynep <zeynep@example.com>\r\n"
        b"Subject: =?utf-8?B?bm90IGJhc2U2NA===?= Kald\xc4\xb1r\xc4\xb1m\r\n"
        b"Message-ID: <broken@example.com>\r\n"
        b'Content-Type: multipart/mixed; boundary="never-closed"\r\n\r\n'
        b"--never-closed\r\nContent-Type: text/plain; charset=unknown-8bit-xyz\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n"
        b"--never-closed\r\nContent-Type: image/jpeg; name=x.jpg\r\n"
        b"Content-Disposition: attachment; filename=x.jpg\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ broken"
    )
    mailbox.append(BOX, broken)
    mailbox.append(BOX, mail(subject="Sonraki mail").as_bytes())
    out = fetch()
    assert "created: 2" in out or ("created: 1" in out and "failed: 1" in out)
    assert ServiceRequest.objects.filter(description__startswith="Sonraki mail").exists()
    assert InboundMail.objects.count() == 2


def test_a_20_mb_attachment_is_refused_and_named_but_the_mail_becomes_a_request(mailbox):
    msg = mail(subject="Büyük dosya")
    msg.add_attachment(
        b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024),
        maintype="application",
        subtype="pdf",
        filename="buyuk.pdf",
    )
    mailbox.append(BOX, msg.as_bytes())
    assert "created: 1" in fetch()
    sr = ServiceRequest.objects.get()
    assert not sr.attachments.exists()
    assert "buyuk.pdf" in sr.description and "MB" in sr.description


def test_a_mail_over_the_size_limit_is_recorded_without_downloading_it(mailbox, settings):
    settings.SERVICE_REQUESTS_IMAP_MAX_MAIL_MB = 1
    msg = mail(subject="Çok büyük")
    msg.add_attachment(
        b"x" * (2 * 1024 * 1024), maintype="application", subtype="octet-stream", filename="a.bin"
    )
    mailbox.append(BOX, msg.as_bytes())
    assert "failed: 1" in fetch()
    record = InboundMail.objects.get()
    assert record.outcome == "failed" and "over the limit" in record.detail
    assert not ServiceRequest.objects.exists()


def test_intake_is_off_without_a_host(settings):
    settings.SERVICE_REQUESTS_IMAP_HOST = ""
    assert "off" in fetch()
