"""The local peers the tests rely on really speak their protocols."""

import email.message
import imaplib
import smtplib

import httpx
import pytest

from iletisim.lib.testing.imap import DovecotServer
from iletisim.lib.testing.smtp import SMTPSink


def test_the_smtp_sink_receives_and_refuses_recipients():
    with SMTPSink() as sink:
        sink.handler.refuse.add("kapali@example.org")
        message = email.message.EmailMessage()
        message["From"] = "basin@belediye.example"
        message["To"] = "gazeteci@example.org"
        message["Subject"] = "Basın bülteni: Çöp toplama saatleri"
        message.set_content("Değerli basın mensupları, ...")
        with smtplib.SMTP(sink.host, sink.port) as client:
            refused = client.send_message(
                message, to_addrs=["gazeteci@example.org", "kapali@example.org"]
            )
        assert list(refused) == ["kapali@example.org"]
        assert sink.messages[0].subject == "Basın bülteni: Çöp toplama saatleri"
        assert sink.messages[0].rcpt_tos == ["gazeteci@example.org"]


def test_the_loopback_http_server_serves_routes_and_records_requests(http_server):
    http_server.route("GET", "/feed.xml", body=b"<rss/>", headers={"ETag": '"v1"'})
    response = httpx.get(http_server.url("/feed.xml"))
    assert response.status_code == 200 and response.headers["etag"] == '"v1"'
    assert httpx.get(http_server.url("/nope")).status_code == 404
    assert [r.path for r in http_server.requests] == ["/feed.xml", "/nope"]


def test_a_private_dovecot_accepts_a_mail_and_serves_it_over_imap():
    with DovecotServer() as imap:
        imap.add_user("halkla.iliskiler", "gizli-parola")
        raw = (
            "From: Ayşe Yılmaz <ayse@example.org>\r\nTo: halkla.iliskiler@belediye.example\r\n"
            "Subject: =?utf-8?q?=C3=87=C3=B6p_toplanm=C4=B1yor?=\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nSokağımızda çöp üç gündür alınmadı.\r\n"
        ).encode()
        imap.append("halkla.iliskiler", raw)
        client = imap.connect("halkla.iliskiler")
        client.select("INBOX")
        _status, data = client.search(None, "ALL")
        assert data[0].split() == [b"1"]
        _status, fetched = client.fetch(b"1", "(RFC822)")
        assert "Sokağımızda".encode() in fetched[0][1]
        client.logout()
        with pytest.raises(imaplib.IMAP4.error):
            imaplib.IMAP4(imap.host, imap.port).login("halkla.iliskiler", "yanlis")
