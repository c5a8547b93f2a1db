import pytest

from iletisim.service_requests.tests.factories import make_request, routed_request

pytestmark = pytest.mark.django_db


def test_anyone_can_discover_the_services_the_open311_way(client):
    services = client.get("/open311/v2/services.json").json()
    codes = {s["service_code"] for s in services}
    assert "yol-cukur" in codes and len(services) >= 40
    pothole = next(s for s in services if s["service_code"] == "yol-cukur")
    assert pothole["metadata"] is True and pothole["group"] == "Fen İşleri Müdürlüğü"
    definition = client.get("/open311/v2/services/yol-cukur.json").json()
    assert {a["code"] for a in definition["attributes"]} == {"boyut", "tehlike"}


def test_the_request_api_masks_contacts_and_respects_units(client, make_user):
    desk = make_user("pr_operator", "halkla-iliskiler")
    sr = routed_request(desk, citizen_phone="05321234567")
    client.force_login(make_user("unit_staff", "fen-isleri"))
    body = client.get(f"/api/v1/requests/{sr.tracking_number}/").json()
    assert body["unit"] == "fen-isleri"
    assert body["citizen"]["phone"] == "05•••••••67"
    client.force_login(make_user("unit_staff", "zabita"))
    assert client.get(f"/api/v1/requests/{sr.tracking_number}/").status_code == 403
    other = make_request()
    assert client.get(f"/api/v1/requests/{other.tracking_number}/").status_code == 403
