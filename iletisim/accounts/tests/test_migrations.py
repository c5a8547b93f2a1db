"""The move of the two apps' API tokens into accounts keeps issued keys working."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("accounts", "0002_default_units"),
    ("service_requests", "0014_staff_mail"),
    ("press", "0004_merge_distribution_and_outlets"),
]
AFTER = [
    ("service_requests", "0015_api_tokens_to_accounts"),
    ("press", "0005_api_tokens_to_accounts"),
]


def sha(key):
    return hashlib.sha256(key.encode()).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_tokens_of_both_apps_move_to_accounts_with_their_keys_and_scopes(client, make_user):
    from iletisim.accounts.roles import Role

    desk = make_user(Role.PR_OPERATOR, "halkla-iliskiler")
    officer = make_user(Role.PRESS_OFFICER, "basin-yayin")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    RequestsToken = old.get_model("service_requests", "ApiToken")
    PressToken = old.get_model("press", "ApiToken")
    RequestsToken.objects.create(
        name="Şehir uygulaması",
        user_id=desk.pk,
        key_hash=sha("istek-anahtari"),
        key_hint="tari",
        scopes="requests:read,requests:write",
    )
    RequestsToken.objects.create(
        name="Eski entegrasyon",
        user_id=desk.pk,
        key_hash=sha("kapali-anahtar"),
        key_hint="htar",
        scopes="requests:read",
        is_active=False,
    )
    PressToken.objects.create(
        name="Web sitesi",
        user_id=officer.pk,
        key_hash=sha("basin-anahtari"),
        key_hint="tari",
        scopes="press:communications,press:contacts",
    )
    # The same key issued in both apps becomes one token with both apps' scopes.
    RequestsToken.objects.create(
        name="Ortak",
        user_id=desk.pk,
        key_hash=sha("ortak"),
        key_hint="rtak",
        scopes="requests:read",
    )
    PressToken.objects.create(
        name="Ortak",
        user_id=desk.pk,
        key_hash=sha("ortak"),
        key_hint="rtak",
        scopes="press:contacts",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    tokens = {
        t.name: t for t in new.get_model("accounts", "ApiToken").objects.order_by("name", "id")
    }
    assert set(tokens) == {"Şehir uygulaması", "Eski entegrasyon", "Web sitesi", "Ortak"}
    city_app = tokens["Şehir uygulaması"]
    assert (city_app.user_id, city_app.key_hint, city_app.scopes, city_app.is_active) == (
        desk.pk,
        "tari",
        "requests:read,requests:write",
        True,
    )
    assert tokens["Eski entegrasyon"].is_active is False
    assert tokens["Web sitesi"].user_id == officer.pk
    assert tokens["Web sitesi"].scopes == "press:communications,press:contacts"
    assert tokens["Ortak"].scopes == "press:contacts,requests:read"
    tables = connection.introspection.table_names()
    assert "service_requests_apitoken" not in tables and "press_apitoken" not in tables

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    # Keys issued before the move keep working against the APIs.
    city = {"HTTP_AUTHORIZATION": "Token istek-anahtari"}
    assert client.get("/api/v1/requests/", **city).status_code == 200
    assert client.get("/api/v1/press/communications/", **city).status_code == 403
    press = {"HTTP_AUTHORIZATION": "Token basin-anahtari"}
    assert client.get("/api/v1/press/communications/", **press).status_code == 200
    assert client.get("/api/v1/requests/", **press).status_code == 403
    off = {"HTTP_AUTHORIZATION": "Token kapali-anahtar"}
    assert client.get("/api/v1/requests/", **off).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_going_back_returns_each_app_its_tokens(make_user):
    from iletisim.accounts.models import ApiToken
    from iletisim.accounts.roles import Role

    desk = make_user(Role.PR_OPERATOR, "halkla-iliskiler")
    both = ApiToken(name="İkisi", user=desk, scopes="requests:read,press:contacts")
    both.set_key("iki-uygulama")
    both.save()

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    requests_token = old.get_model("service_requests", "ApiToken").objects.get()
    press_token = old.get_model("press", "ApiToken").objects.get()
    assert (requests_token.key_hash, requests_token.scopes) == (
        sha("iki-uygulama"),
        "requests:read",
    )
    assert (press_token.key_hash, press_token.scopes) == (sha("iki-uygulama"), "press:contacts")


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema(transactional_db):
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
