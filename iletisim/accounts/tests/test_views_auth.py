"""Staff login: passwords, lock-out, second factor, expired sessions, CSRF, password reset."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from iletisim.accounts.roles import Role
from iletisim.accounts.tests.factories import PASSWORD, confirmed_totp, current_code
from iletisim.core.models import AuditEntry, DayOff

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_staff_log_in_with_username_or_email(client, make_user):
    user = make_user(Role.PRESS_OFFICER, "basin-yayin", username="zeynep")
    response = login(client, "zeynep")
    assert response.status_code == 302 and response["Location"] == "/staff/"
    client.post("/accounts/logout/")
    response = login(client, user.email.upper())
    assert response["Location"] == "/staff/"
    assert AuditEntry.objects.filter(action="accounts.login.succeeded", actor=user).count() == 2


def test_a_wrong_password_is_refused_with_a_clear_message_and_audited(client, make_user):
    make_user(Role.PRESS_OFFICER, "basin-yayin", username="zeynep")
    response = login(client, "zeynep", "wrong-password")
    assert response.status_code == 200
    assert "parola hatalı" in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="accounts.login.failed")
    assert entry.data == {"username": "zeynep"}
    assert "wrong-password" not in str(entry.data)


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    client, make_user, settings
):
    make_user(Role.PRESS_OFFICER, "basin-yayin", username="zeynep")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "zeynep", "wrong-password")
    response = login(client, "zeynep")
    assert response.status_code == 429
    assert "kilit" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.login.locked_out").exists()


def test_the_lock_out_of_one_user_does_not_lock_another(client, make_user, settings):
    make_user(Role.PRESS_OFFICER, "basin-yayin", username="zeynep")
    make_user(Role.PRESS_OFFICER, "basin-yayin", username="emre")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "zeynep", "wrong-password")
    assert login(client, "emre")["Location"] == "/staff/"


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/staff/audit/")
    assert response.status_code == 302
    assert unquote(response["Location"]).startswith("/accounts/login/?next=/staff/audit/")


def test_a_person_without_any_role_gets_403(client, make_user):
    client.force_login(make_user(None))
    assert client.get("/staff/").status_code == 403


def test_an_expired_session_sends_to_login_with_a_message_and_saves_nothing(client, make_user):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    client.session.flush()  # the server forgets the session, the browser still sends its cookie
    client.cookies["sessionid"] = "expired-session-key-that-the-server-no-longer-knows"
    response = client.post("/staff/calendar/", {"date": "2026-12-30", "name": "İdari izin"})
    assert response.status_code == 302
    assert "expired=1" in response["Location"]
    assert not DayOff.objects.exists()
    page = client.get(response["Location"])
    assert "Oturumunuz" in page.content.decode()


def test_a_tampered_csrf_token_is_refused_with_an_explanation(make_user):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    make_user(Role.PRESS_OFFICER, "basin-yayin", username="zeynep")
    response = client.post(
        LOGIN, {"username": "zeynep", "password": PASSWORD, "csrfmiddlewaretoken": "x" * 64}
    )
    assert response.status_code == 403
    assert "Hiçbir değişiklik kaydedilmedi" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_admin_must_set_up_a_second_factor_before_any_staff_page(client, make_user):
    make_user(Role.ADMIN, username="ayse")
    response = login(client, "ayse")
    assert response["Location"].startswith("/accounts/otp/")
    assert client.get("/staff/")["Location"].startswith("/accounts/otp/")
    page = client.get("/accounts/otp/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user__username="ayse")
    response = client.post("/accounts/otp/", {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.otp.enrolled").exists()


def test_a_wrong_second_factor_code_is_refused(client, make_user):
    director = make_user(Role.DIRECTOR, username="mehmet")
    device = confirmed_totp(director)
    login(client, "mehmet")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/otp/", {"token": wrong})
    assert response.status_code == 200
    assert "Kod hatalı" in response.content.decode()
    assert client.get("/staff/")["Location"].startswith("/accounts/otp/")
    assert AuditEntry.objects.filter(action="accounts.otp.failed").exists()


def test_a_confirmed_second_factor_opens_the_staff_pages(client, make_user):
    mayor = make_user(Role.MAYORS_OFFICE, "ozel-kalem", username="elif")
    device = confirmed_totp(mayor)
    login(client, "elif", next="/staff/units/")
    response = client.post("/accounts/otp/?next=/staff/units/", {"token": current_code(device)})
    assert response["Location"] == "/staff/units/"
    assert client.get("/staff/units/").status_code == 200


def test_login_does_not_redirect_to_another_site(client, make_user):
    make_user(Role.PRESS_OFFICER, "basin-yayin", username="zeynep")
    response = login(client, "zeynep", next="https://evil.example/")
    assert response["Location"] == "/staff/"


def test_password_reset_sends_a_link_that_sets_a_new_password(client, make_user):
    user = make_user(Role.PRESS_OFFICER, "basin-yayin", username="zeynep")
    response = client.post("/accounts/password-reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    new = "yeni-ve-uzun-bir-parola-2026"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEntry.objects.filter(action="accounts.user.password_changed", actor=user).exists()


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post("/accounts/password-reset/", {"email": "kimse@example.org"}, follow=True)
    assert response.status_code == 200
    assert mail.outbox == []


def test_the_password_reset_mail_goes_out_through_a_real_smtp_server(client, make_user, smtp_sink):
    user = make_user(Role.PRESS_OFFICER, "basin-yayin", username="zeynep")
    client.post("/accounts/password-reset/", {"email": user.email})
    assert len(smtp_sink.messages) == 1
    received = smtp_sink.messages[0]
    assert received.rcpt_tos == [user.email]
    assert received.subject == "İletişim: yeni parola belirleyin"
    assert "/accounts/password-reset/" in received.text()
