import pytest

from iletisim.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_is_served(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/units/" in schema["paths"]


def test_the_api_needs_a_login(client):
    assert client.get("/api/v1/units/").status_code == 403


def test_a_units_staff_gets_only_its_own_unit_from_the_api(client, make_user):
    client.force_login(make_user(Role.UNIT_STAFF, "fen-isleri"))
    assert [u["code"] for u in client.get("/api/v1/units/").json()] == ["fen-isleri"]
    me = client.get("/api/v1/me/").json()
    assert me["memberships"] == [{"unit": "fen-isleri", "role": "unit_staff"}]


def test_the_central_desk_gets_every_unit(client, make_user):
    client.force_login(make_user(Role.PR_OPERATOR, "halkla-iliskiler"))
    codes = {u["code"] for u in client.get("/api/v1/units/").json()}
    assert {"fen-isleri", "zabita", "diger-kurum"} <= codes
