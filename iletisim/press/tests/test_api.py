import datetime as dt

import pytest
from django.utils import timezone

from iletisim.accounts.models import ApiToken
from iletisim.core.models import AuditEntry
from iletisim.press import api
from iletisim.press.models import Communication, PressRequest, Status, Suppression
from iletisim.press.tests.factories import make_journalists, make_published, unit

pytestmark = pytest.mark.django_db


def token_for(user, scopes):
    token = ApiToken(name=f"entegrasyon-{user.username}", user=user, scopes=scopes)
    key = token.set_key()
    token.save()
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_published_communications_are_listed_and_embargoed_ones_stay_hidden(
    client, make_user, time_machine
):
    time_machine.move_to(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
    officer = make_user("press_officer", "basin-yayin")
    make_published(officer, title="Sahil yolu açıldı", units=[unit("fen-isleri")])
    embargoed = make_published(officer, title="Bütçe açıklandı")
    Communication.objects.filter(pk=embargoed.pk).update(
        status=Status.SCHEDULED, embargo_until=timezone.now() + dt.timedelta(hours=2)
    )
    headers = token_for(officer, "press:communications")
    body = client.get("/api/v1/press/communications/", **headers).json()
    assert [r["title"] for r in body["results"]] == ["Sahil yolu açıldı"]
    found = client.get("/api/v1/press/communications/", {"q": "SAHİL"}, **headers).json()
    assert [r["title"] for r in found["results"]] == ["Sahil yolu açıldı"]
    assert (
        client.get("/api/v1/press/communications/", {"q": "bütçe"}, **headers).json()["results"]
        == []
    )  # the embargoed one is not found by search either
    first = body["results"][0]
    assert first["directorates"] == ["fen-isleri"]
    assert first["press_room_url"].endswith(f"/basin-odasi/{first['slug']}/")
    hidden = client.get(f"/api/v1/press/communications/{embargoed.slug}/", **headers)
    assert hidden.status_code == 404
    time_machine.move_to(dt.datetime(2026, 11, 26, 11, 1, tzinfo=dt.UTC))
    shown = client.get(f"/api/v1/press/communications/{embargoed.slug}/", **headers)
    assert shown.status_code == 200
    assert shown.json()["title"] == "Bütçe açıklandı"


def test_drafts_are_never_in_the_api(client, make_user):
    from iletisim.press.tests.factories import make_communication

    officer = make_user("press_officer", "basin-yayin")
    draft = make_communication(officer, title="Taslak metin")
    headers = token_for(officer, "press:communications")
    assert client.get("/api/v1/press/communications/", **headers).json()["results"] == []
    assert client.get(f"/api/v1/press/communications/{draft.slug}/", **headers).status_code == 404


def test_the_communication_list_pages_with_a_cursor(client, make_user, monkeypatch):
    monkeypatch.setattr(api, "PAGE_SIZE", 2)
    officer = make_user("press_officer", "basin-yayin")
    for n in range(5):
        make_published(officer, title=f"Duyuru {n}")
    headers = token_for(officer, "press:communications")
    seen, after = [], ""
    for _page in range(4):
        body = client.get("/api/v1/press/communications/", {"after": after}, **headers).json()
        seen += [r["title"] for r in body["results"]]
        if not body["next"]:
            break
        after = body["next"]
    assert sorted(seen) == [f"Duyuru {n}" for n in range(5)]
    bad = client.get("/api/v1/press/communications/", {"after": "yanlis"}, **headers)
    assert bad.status_code == 400


def test_contacts_are_masked_for_the_auditor_and_whole_for_the_press_office(client, make_user):
    journalist = make_journalists(1)[0]
    journalist.phones = "0532 111 22 33"
    journalist.save(update_fields=["phones"])
    Suppression.objects.create(email=journalist.email.lower(), reason="unsubscribed")
    auditor = make_user("auditor", "basin-halkla-iliskiler")
    masked = client.get("/api/v1/press/contacts/", **token_for(auditor, "press:contacts")).json()
    row = masked["results"][0]
    assert row["email"] == "m***@gazete.example"
    assert row["phones"] == "*** 33"
    assert row["masked"] is True
    assert row["suppressed"] is True
    officer = make_user("press_officer", "basin-yayin")
    whole = client.get("/api/v1/press/contacts/", **token_for(officer, "press:contacts")).json()
    assert whole["results"][0]["email"] == journalist.email
    assert whole["results"][0]["phones"] == "0532 111 22 33"
    # Unmasked personal data read through the API is on the audit trail.
    assert AuditEntry.objects.filter(action="press.api.contacts_read").count() == 1


def test_a_token_without_the_contacts_scope_and_unit_staff_read_no_contacts(client, make_user):
    make_journalists(1)
    officer = make_user("press_officer", "basin-yayin")
    response = client.get("/api/v1/press/contacts/", **token_for(officer, "press:communications"))
    assert response.status_code == 403
    staff = make_user("unit_staff", "fen-isleri")
    response = client.get("/api/v1/press/contacts/", **token_for(staff, "press:contacts"))
    assert response.status_code == 403
    assert client.get("/api/v1/press/contacts/", HTTP_AUTHORIZATION="Token nope").status_code == 401


def test_an_integration_records_a_journalists_request_and_lists_it(client, make_user):
    officer = make_user("press_officer", "basin-yayin")
    headers = token_for(officer, "press:requests:read,press:requests:write")
    created = client.post(
        "/api/v1/press/requests/",
        {
            "kind": "interview",
            "channel": "email",
            "full_name": "Ayşe Yılmaz",
            "outlet_name": "Kent Postası",
            "email": "ayse@kentpostasi.example",
            "message": "Başkanla röportaj istiyoruz.",
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    assert created.json()["status"] == "new"
    listed = client.get("/api/v1/press/requests/", {"status": "new"}, **headers).json()
    assert [r["full_name"] for r in listed["results"]] == ["Ayşe Yılmaz"]
    entry = AuditEntry.objects.get(action="press.request.received")
    assert entry.actor_id == officer.pk


def test_bad_requests_are_refused_with_reasons_and_read_only_tokens_cannot_write(client, make_user):
    officer = make_user("press_officer", "basin-yayin")
    writer = token_for(officer, "press:requests:write")
    bad = client.post(
        "/api/v1/press/requests/",
        {"kind": "bribe", "channel": "press_room", "full_name": "", "email": "not-an-address"},
        content_type="application/json",
        **writer,
    )
    assert bad.status_code == 400
    assert {"kind", "channel", "full_name", "email", "outlet_name", "message"} <= set(bad.json())
    reader = token_for(officer, "press:requests:read")
    refused = client.post(
        "/api/v1/press/requests/",
        {"kind": "information", "channel": "phone", "full_name": "A", "outlet_name": "B",
         "email": "a@b.example", "message": "?"},
        content_type="application/json",
        **reader,
    )  # fmt: skip
    assert refused.status_code == 403
    auditor = make_user("auditor", "basin-halkla-iliskiler")
    assert (
        client.post(
            "/api/v1/press/requests/",
            {"kind": "information", "channel": "phone", "full_name": "A", "outlet_name": "B",
             "email": "a@b.example", "message": "?"},
            content_type="application/json",
            **token_for(auditor, "press:requests:write"),
        ).status_code
        == 403
    )  # fmt: skip
    assert not PressRequest.objects.exists()


def test_a_staff_session_uses_the_api_without_a_token(client, make_user):
    officer = make_user("press_officer", "basin-yayin")
    make_published(officer, title="Sahil yolu açıldı")
    client.force_login(officer)
    assert client.get("/api/v1/press/communications/").status_code == 200
    client.logout()
    assert client.get("/api/v1/press/communications/").status_code in (401, 403)
