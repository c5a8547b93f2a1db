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


# --- tokens with scopes, the list and the workflow verbs ---------------------------------------


def token_for(user, scopes="requests:read,requests:write"):
    from iletisim.accounts.models import ApiToken

    token = ApiToken(name=f"entegrasyon-{user.username}", user=user, scopes=scopes)
    key = token.set_key()
    token.save()
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_an_integration_token_routes_assigns_answers_and_closes_through_the_actions(
    client, make_user
):
    from iletisim.core.models import AuditEntry

    desk = make_user("pr_operator", "halkla-iliskiler")
    worker = make_user("unit_staff", "fen-isleri")
    sr = make_request()
    auth = token_for(desk)
    base = f"/api/v1/requests/{sr.tracking_number}"
    routed = client.post(f"{base}/route/", {"unit": "fen-isleri"}, **auth)
    assert routed.status_code == 200 and routed.json()["status"] == "routed"
    assigned = client.post(f"{base}/assign/", {"assignee": worker.username}, **auth)
    assert assigned.json()["assignee"] == worker.username
    answered = client.post(f"{base}/answer/", {"text": "Çukur kapatıldı."}, **auth)
    assert answered.json()["status"] == "answered"
    closed = client.post(f"{base}/close/", {"version": answered.json()["version"]}, **auth)
    assert closed.json()["status"] == "closed"
    actions_logged = set(AuditEntry.objects.filter(actor=desk).values_list("action", flat=True))
    assert {
        "service_requests.request.routed",
        "service_requests.request.assigned",
        "service_requests.request.answered",
        "service_requests.request.closed",
    } <= actions_logged


def test_a_read_only_token_cannot_write_and_a_wrong_token_is_refused(client, make_user):
    desk = make_user("pr_operator", "halkla-iliskiler")
    sr = make_request()
    read_only = token_for(desk, scopes="requests:read")
    assert client.get(f"/api/v1/requests/{sr.tracking_number}/", **read_only).status_code == 200
    route = f"/api/v1/requests/{sr.tracking_number}/route/"
    assert client.post(route, {"unit": "fen-isleri"}, **read_only).status_code == 403
    assert client.get("/api/v1/requests/", HTTP_AUTHORIZATION="Token nope").status_code == 401
    sr.refresh_from_db()
    assert sr.status == "received"


def test_a_directorates_token_sees_only_its_units_requests_and_cannot_route(client, make_user):
    desk = make_user("pr_operator", "halkla-iliskiler")
    mine = routed_request(desk, unit="fen-isleri")
    routed_request(desk, unit="zabita")
    auth = token_for(make_user("unit_staff", "fen-isleri"))
    listed = client.get("/api/v1/requests/", **auth).json()["results"]
    assert [r["tracking_number"] for r in listed] == [mine.tracking_number]
    response = client.post(
        f"/api/v1/requests/{mine.tracking_number}/route/", {"unit": "zabita"}, **auth
    )
    assert response.status_code == 403


def test_the_list_filters_and_pages_with_a_cursor(client, make_user):
    from iletisim.service_requests import api

    desk = make_user("pr_operator", "halkla-iliskiler")
    numbers = {make_request().tracking_number for _ in range(5)}
    api.PAGE_SIZE, saved = 2, api.PAGE_SIZE
    try:
        auth = token_for(desk)
        seen, after = [], ""
        for _ in range(5):
            page = client.get("/api/v1/requests/", {"after": after} if after else {}, **auth).json()
            seen += [r["tracking_number"] for r in page["results"]]
            after = page["next"]
            if not after:
                break
    finally:
        api.PAGE_SIZE = saved
    assert sorted(seen) == sorted(numbers) and len(seen) == 5
    assert client.get("/api/v1/requests/", {"status": "closed"}, **auth).json()["results"] == []
    assert client.get("/api/v1/requests/", {"after": "bozuk"}, **auth).status_code == 400


def test_a_stale_version_is_a_conflict_and_nothing_changes(client, make_user):
    desk = make_user("pr_operator", "halkla-iliskiler")
    sr = make_request()
    response = client.post(
        f"/api/v1/requests/{sr.tracking_number}/route/",
        {"unit": "fen-isleri", "version": sr.version - 1 if sr.version > 1 else 99},
        **token_for(desk),
    )
    assert response.status_code == 409
    sr.refresh_from_db()
    assert sr.status == "received"


def test_categories_are_listed_for_integrations(client, make_user):
    auth = token_for(make_user("pr_operator", "halkla-iliskiler"), scopes="requests:read")
    codes = {c["code"] for c in client.get("/api/v1/categories/", **auth).json()}
    assert "yol-cukur" in codes


def test_an_integration_records_a_request_through_the_desks_intake_rules(client, make_user):
    from iletisim.core.models import AuditEntry
    from iletisim.service_requests.models import ServiceRequest

    auth = token_for(make_user("pr_operator", "halkla-iliskiler"))
    body = {
        "type": "complaint",
        "channel": "phone",
        "description": "Sokağımızda derin bir çukur var.",
        "category": "yol-cukur",
        "answers": {"tehlike": "yes"},
        "neighbourhood": "caddebostan",
        "citizen_name": "Ayşe Yılmaz",
        "citizen_phone": "05321234567",
        "idempotency_key": "alo153-000981",
    }
    created = client.post("/api/v1/requests/", body, content_type="application/json", **auth)
    assert created.status_code == 201
    number = created.json()["tracking_number"]
    sr = ServiceRequest.objects.get(tracking_number=number)
    assert sr.channel == "phone" and sr.category.code == "yol-cukur"
    assert sr.answers["tehlike"] == "yes" and sr.neighbourhood.slug == "caddebostan"
    assert AuditEntry.objects.filter(action="service_requests.request.submitted").count() == 1
    again = client.post("/api/v1/requests/", body, content_type="application/json", **auth)
    assert again.json()["tracking_number"] == number  # a retried call makes no second request
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"answers": {}}, "q_tehlike"),  # the category's required question
        ({"category": "yok-boyle"}, "category"),
        ({"type": "information", "citizen_name": ""}, "citizen_name"),
        ({"channel": "open311"}, "channel"),
    ],
)
def test_an_invalid_new_request_is_refused_with_the_reason_and_nothing_is_written(
    client, make_user, change, words
):
    from iletisim.service_requests.models import ServiceRequest

    auth = token_for(make_user("pr_operator", "halkla-iliskiler"))
    body = {
        "type": "complaint",
        "channel": "phone",
        "description": "Çukur var.",
        "category": "yol-cukur",
        "answers": {"tehlike": "no"},
        **change,
    }
    response = client.post("/api/v1/requests/", body, content_type="application/json", **auth)
    assert response.status_code == 400 and words in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_only_the_desk_with_a_write_scope_records_requests(client, make_user):
    body = {"type": "complaint", "channel": "phone", "description": "Çukur var."}
    read_only = token_for(make_user("pr_operator", "halkla-iliskiler"), scopes="requests:read")
    unit = token_for(make_user("unit_staff", "fen-isleri"))
    for auth in (read_only, unit):
        response = client.post("/api/v1/requests/", body, content_type="application/json", **auth)
        assert response.status_code == 403


def test_refused_input_is_answered_in_the_one_documented_error_shape(client, make_user):
    """Found by the schemathesis run: field errors came back without `detail`."""
    sr = make_request()
    auth = token_for(make_user("pr_operator", "halkla-iliskiler"))
    url = f"/api/v1/requests/{sr.tracking_number}/route/"
    body = client.post(url, {"version": "yesterday"}, **auth).json()
    assert body["detail"] and "version" in body["errors"]
    unknown = client.post(f"/api/v1/requests/{sr.tracking_number}/reopen*/", {}, **auth)
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/json"
