"""API tokens: the scope registry, issuing in the admin, and one token for every app's API
reaching only the endpoints whose scopes it lists."""

import pytest
from django.core.exceptions import ValidationError

from iletisim.accounts.models import ApiToken
from iletisim.accounts.roles import Role
from iletisim.accounts.scopes import register_scopes, registered_scopes
from iletisim.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def token_for(user, scopes):
    token = ApiToken(name=f"entegrasyon-{user.username}", user=user, scopes=scopes)
    key = token.set_key()
    token.save()
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_every_app_registers_the_scopes_its_api_checks():
    assert {
        "requests:read",
        "requests:write",
        "press:communications",
        "press:contacts",
        "press:requests:read",
        "press:requests:write",
    } <= set(registered_scopes())


def test_a_token_with_an_unknown_scope_is_refused_when_saved(make_user):
    user = make_user(Role.PR_OPERATOR, "halkla-iliskiler")
    token = ApiToken(name="yazim-hatasi", user=user, scopes="requests:read,press:communication")
    token.set_key()
    with pytest.raises(ValidationError, match="press:communication"):
        token.save()
    token.scopes = ""
    with pytest.raises(ValidationError):
        token.save()
    assert not ApiToken.objects.exists()


def test_an_app_cannot_take_over_a_scope_another_app_registered():
    with pytest.raises(ValueError, match="already registered by press"):
        register_scopes("monitoring", {"press:contacts": "contacts"})
    label = registered_scopes()["press:contacts"]
    register_scopes("press", {"press:contacts": label})  # again from its owner: harmless
    with pytest.raises(ValueError):
        register_scopes("monitoring", {"monitoring:a,b": "two at once"})


def test_a_press_token_does_not_reach_citizen_requests_nor_a_requests_token_the_press_api(
    client, make_user
):
    desk = make_user(Role.PR_OPERATOR, "halkla-iliskiler")

    press_only = token_for(desk, "press:communications,press:contacts")
    assert client.get("/api/v1/requests/", **press_only).status_code == 403
    record = {"type": "complaint", "channel": "phone", "description": "Sokak lambası yanmıyor."}
    assert client.post("/api/v1/requests/", record, **press_only).status_code == 403

    requests_only = token_for(desk, "requests:read,requests:write")
    assert client.get("/api/v1/press/communications/", **requests_only).status_code == 403

    # The same user with both scopes reaches both: the scopes refused, not the role.
    both = token_for(desk, "requests:read,press:communications")
    assert client.get("/api/v1/requests/", **both).status_code == 200
    assert client.get("/api/v1/press/communications/", **both).status_code == 200
    assert client.get("/api/v1/requests/", **requests_only).json()["results"] == []


def test_an_unknown_or_switched_off_key_gets_401_on_both_apis(client, make_user):
    user = make_user(Role.PRESS_OFFICER, "basin-yayin")
    headers = token_for(user, "press:communications,requests:read")
    ApiToken.objects.update(is_active=False)
    for url in ("/api/v1/requests/", "/api/v1/press/communications/"):
        for auth in (headers, {"HTTP_AUTHORIZATION": "Token nope"}):
            response = client.get(url, **auth)
            assert response.status_code == 401
            assert response["WWW-Authenticate"] == "Token"


def test_using_a_token_stamps_when_it_was_last_used(client, make_user):
    user = make_user(Role.PRESS_OFFICER, "basin-yayin")
    headers = token_for(user, "press:communications")
    client.get("/api/v1/press/communications/", **headers)
    assert ApiToken.objects.get().last_used_at is not None


def test_the_admin_issues_a_token_shows_its_key_once_and_audits_it(client, as_role):
    admin_user = as_role(Role.ADMIN)
    add = client.get("/admin/accounts/apitoken/add/")
    assert add.status_code == 200
    assert "press:requests:write" in add.content.decode()  # the registered scopes are offered
    acts_as = admin_user.pk
    refused = client.post(
        "/admin/accounts/apitoken/add/",
        {"name": "Web sitesi", "user": acts_as, "scopes": ["press:bilinmeyen"], "is_active": "on"},
    )
    assert refused.status_code == 200 and not ApiToken.objects.exists()
    response = client.post(
        "/admin/accounts/apitoken/add/",
        {
            "name": "Web sitesi",
            "user": acts_as,
            "scopes": ["press:communications"],
            "is_active": "on",
        },
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) >= 1
    token = ApiToken.objects.get()
    key = next(m for m in shown if token.name in m).rsplit(": ", 1)[1]
    assert key.endswith(token.key_hint) and key not in token.key_hash
    assert token.scopes == "press:communications"
    entry = AuditEntry.objects.get(action="accounts.api_token.issued")
    assert entry.actor == admin_user and entry.data == {
        "hint": token.key_hint,
        "scopes": "press:communications",
    }
    assert key not in str(entry.data)
    listing = client.get("/api/v1/press/communications/", HTTP_AUTHORIZATION=f"Token {key}")
    assert listing.status_code == 200
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert key not in page  # shown only once


def test_unit_staff_cannot_reach_the_token_admin(client, as_role):
    as_role(Role.UNIT_STAFF, "fen-isleri")
    response = client.get("/admin/accounts/apitoken/add/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_new_key_replaces_the_old_one_and_scope_changes_are_audited(client, as_role):
    admin_user = as_role(Role.ADMIN)
    old_key = token_for(admin_user, "press:communications")
    token = ApiToken.objects.get()
    response = client.post(
        "/admin/accounts/apitoken/",
        {"action": "issue_new_key", "_selected_action": [token.pk]},
        follow=True,
    )
    new_key = next(str(m) for m in response.context["messages"]).rsplit(": ", 1)[1]
    assert client.get("/api/v1/press/communications/", **old_key).status_code == 401
    new = {"HTTP_AUTHORIZATION": f"Token {new_key}"}
    assert client.get("/api/v1/press/communications/", **new).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.api_token.issued").count() == 1

    client.post(
        f"/admin/accounts/apitoken/{token.pk}/change/",
        {
            "name": token.name,
            "user": admin_user.pk,
            "scopes": ["press:communications", "press:contacts"],
            "is_active": "on",
        },
    )
    token.refresh_from_db()
    assert token.scope_set() == {"press:communications", "press:contacts"}
    entry = AuditEntry.objects.get(action="accounts.api_token.changed")
    assert entry.actor == admin_user
    assert entry.data == {"scopes": ["press:communications", "press:communications,press:contacts"]}
    assert client.get("/api/v1/press/communications/", **new).status_code == 200  # key unchanged
