"""Open311 GeoReport v2 at /open311/v2/: read by an independent client (the `georeport`
package from PyPI) against the real server, in JSON and XML; JSON checked against schemas
written from the GeoReport v2 specification; bad input answered with the spec's errors."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import jsonschema
import pytest
import requests
from georeport import GeoReport

from iletisim.core.models import AuditEntry
from iletisim.service_requests import actions
from iletisim.service_requests.models import (
    Category,
    Notification,
    Open311Client,
    ServiceRequest,
)
from iletisim.service_requests.tests.factories import make_request

KEY = "test-open311-key"
parse_xml = ET.fromstring

# --- JSON Schemas, from the GeoReport v2 specification (wiki.open311.org/GeoReport_v2) ------
NULLABLE_STRING = {"type": ["string", "null"]}
SERVICES_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_code", "service_name", "metadata", "type"],
        "properties": {
            "service_code": {"type": "string", "minLength": 1},
            "service_name": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": {"type": "string"},
            "group": {"type": "string"},
        },
    },
}
DEFINITION_SCHEMA = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "properties": {
        "service_code": {"type": "string"},
        "attributes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["variable", "code", "datatype", "required", "order", "description"],
                "properties": {
                    "variable": {"type": "boolean"},
                    "code": {"type": "string", "minLength": 1},
                    "datatype": {
                        "enum": [
                            "string",
                            "number",
                            "datetime",
                            "text",
                            "singlevaluelist",
                            "multivaluelist",
                        ]
                    },
                    "required": {"type": "boolean"},
                    "datatype_description": {"type": "string"},
                    "order": {"type": "integer"},
                    "description": {"type": "string"},
                    "values": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "name"],
                            "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
                        },
                    },
                },
            },
        },
    },
}
DATETIME_TZ = {
    "type": ["string", "null"],
    "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$",
}
REQUESTS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_request_id", "status", "service_code", "requested_datetime"],
        "properties": {
            "service_request_id": {"type": "string", "minLength": 1},
            "status": {"enum": ["open", "closed"]},
            "status_notes": NULLABLE_STRING,
            "service_name": NULLABLE_STRING,
            "service_code": {"type": "string"},
            "description": NULLABLE_STRING,
            "agency_responsible": NULLABLE_STRING,
            "service_notice": NULLABLE_STRING,
            "requested_datetime": DATETIME_TZ,
            "updated_datetime": DATETIME_TZ,
            "expected_datetime": DATETIME_TZ,
            "address": NULLABLE_STRING,
            "address_id": NULLABLE_STRING,
            "zipcode": NULLABLE_STRING,
            "lat": {"type": ["number", "null"]},
            "long": {"type": ["number", "null"]},
            "media_url": NULLABLE_STRING,
        },
        "additionalProperties": False,
    },
}
POST_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "maxItems": 1,
    "items": {
        "type": "object",
        "anyOf": [{"required": ["service_request_id"]}, {"required": ["token"]}],
        "properties": {
            "service_request_id": {"type": "string"},
            "token": {"type": "string"},
            "service_notice": {"type": "string"},
            "account_id": {"type": "string"},
        },
    },
}
ERRORS_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}
PERSONAL = ("Ayşe", "Yılmaz", "ayse@example.com", "05321234567", "Bağdat Caddesi No 5")


def make_client(key: str = KEY, **kwargs) -> Open311Client:
    client = Open311Client(name=kwargs.pop("name", "Şehir Uygulaması"), **kwargs)
    client.set_key(key)
    client.save()
    return client


def pothole(**extra: str) -> dict[str, str]:
    data = {
        "api_key": KEY,
        "service_code": "yol-cukur",
        "lat": "40.98331",
        "long": "29.06672",
        "description": "Bağdat Caddesi'nde derin bir çukur var, araçlar zarar görüyor.",
        "attribute[tehlike]": "yes",
        "attribute[boyut]": "Büyük (1 m'den fazla)",
    }
    data.update(extra)
    return data


# --- the independent client against the real server -------------------------------------------


@pytest.fixture
def open311_server(live_server, transactional_db):
    make_client()
    return live_server.url + "/open311/v2"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_lists_services_and_reads_back_what_it_posted(open311_server, fmt):
    posted = []
    for text in ("Derin bir çukur var.", "Asfalt tamamen bozuldu, yama yapılsın."):
        response = requests.post(
            f"{open311_server}/requests.{fmt}", data=pothole(description=text), timeout=10
        )
        assert response.status_code == 200, response.text
        if fmt == "json":
            jsonschema.validate(response.json(), POST_SCHEMA)
            posted.append(response.json()[0]["service_request_id"])
        else:
            root = parse_xml(response.content)
            posted.append(root.find("request/service_request_id").text)

    client = GeoReport(open311_server, output_format=fmt)
    services = client.get_service_list()
    codes = {s["service_code"] for s in services}
    assert {"yol-cukur", "cop-toplama"} <= codes
    definition = client.get_service_definition("yol-cukur")
    if fmt == "json":
        jsonschema.validate(services, SERVICES_SCHEMA)
        jsonschema.validate(definition, DEFINITION_SCHEMA)
        attributes = definition["attributes"]
    else:
        attributes = definition["attributes"]["attribute"]
    assert {a["code"] for a in attributes} == {"boyut", "tehlike"}

    one = client.get_service_request(posted[0])
    assert one["service_request_id"] == posted[0]
    assert one["status"] == "open"
    assert one["description"] == "Derin bir çukur var."
    listed = client.get_service_requests(service_request_id=",".join(posted))
    assert sorted(r["service_request_id"] for r in listed) == sorted(posted)
    recent = client.get_service_requests(service_code="yol-cukur", status="open")
    assert len(recent) >= 2
    if fmt == "json":
        jsonschema.validate(listed, REQUESTS_SCHEMA)
        jsonschema.validate(recent, REQUESTS_SCHEMA)
        jsonschema.validate([one], REQUESTS_SCHEMA)


def test_discovery_names_the_specification_and_both_formats(open311_server):
    body = requests.get(f"{open311_server}/discovery.json", timeout=10).json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    xml = requests.get(f"{open311_server}/discovery.xml", timeout=10)
    assert xml.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert parse_xml(xml.content).find("endpoints/endpoint/formats/format") is not None


# --- the rules, through Django's test client ---------------------------------------------------


@pytest.fixture
def key(db):
    return make_client()


def test_a_posted_request_is_stored_once_with_its_answers_and_the_channel(client, key):
    response = client.post(
        "/open311/v2/requests.json", pothole(media_url="https://x.example/a.jpg")
    )
    number = response.json()[0]["service_request_id"]
    sr = ServiceRequest.objects.get(tracking_number=number)
    assert sr.channel == "open311"
    assert sr.answers["tehlike"] == "yes"
    assert sr.answers["_media_url"] == "https://x.example/a.jpg"
    entry = AuditEntry.objects.get(action="service_requests.request.submitted")
    assert entry.data["channel"] == "open311" and entry.data["client"] == "Şehir Uygulaması"
    token = response.json()[0]["token"]
    assert client.get(f"/open311/v2/tokens/{token}.json").json() == [
        {"service_request_id": number, "token": token}
    ]


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"api_key": ""}, 403, "api_key"),
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"service_code": "yok-boyle"}, 404, "service_code"),
        ({"service_code": ""}, 400, "service_code"),
        ({"lat": "", "long": ""}, 400, "lat/long"),
        ({"lat": "abc"}, 400, "lat"),
        ({"lat": "95"}, 400, "lat"),
        ({"long": ""}, 400, "together"),
        ({"description": "ç" * 4001}, 400, "4000"),
        ({"attribute[tehlike]": ""}, 400, "attribute[tehlike]"),
        ({"attribute[tehlike]": "belki"}, 400, "attribute[tehlike]"),
        ({"address_id": "olmayan-mahalle", "lat": "", "long": ""}, 400, "address_id"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"email": "not-an-address"}, 400, "email"),
        ({"phone": "call me"}, 400, "phone"),
    ],
)
def test_bad_posts_get_the_specs_error_list_and_nothing_is_written(
    client, key, change, status, words
):
    response = client.post("/open311/v2/requests.json", pothole(**change))
    assert response.status_code == status
    body = response.json()
    jsonschema.validate(body, ERRORS_SCHEMA)
    assert body[0]["code"] == status and words in body[0]["description"]
    assert not ServiceRequest.objects.exists()


def test_a_category_or_question_changed_by_an_admin_applies_to_the_next_post_at_once(client, key):
    assert client.post("/open311/v2/requests.json", pothole()).status_code == 200
    category = Category.objects.get(code="yol-cukur")
    category.questions.create(code="sokak", label="Sokak", datatype="text", required=True)
    response = client.post("/open311/v2/requests.json", pothole())
    assert response.status_code == 400 and "attribute[sokak]" in response.json()[0]["description"]
    category.is_public = False
    category.save()
    response = client.post("/open311/v2/requests.json", pothole(**{"attribute[sokak]": "Ana"}))
    assert response.status_code == 404
    assert ServiceRequest.objects.count() == 1


def test_a_citizen_who_leaves_an_address_is_sent_the_tracking_number_which_open311_never_shows(
    client, key, smtp_sink
):
    from iletisim.service_requests.tasks import send_notification

    response = client.post(
        "/open311/v2/requests.json",
        pothole(first_name="Ayşe", last_name="Yılmaz", email="ayse@example.com"),
    )
    number = response.json()[0]["service_request_id"]
    note = Notification.objects.get(request__tracking_number=number)
    assert note.channel == "email" and note.event == "received"
    assert send_notification.call(note.pk) == "sent"
    assert smtp_sink.messages[-1].rcpt_tos == ["ayse@example.com"]
    assert number in smtp_sink.messages[-1].text()
    for url in (f"/open311/v2/requests/{number}.json", f"/open311/v2/requests/{number}.xml"):
        body = client.get(url).content.decode()
        assert number in body and "ayse@" not in body and "Yılmaz" not in body


def test_an_address_alone_or_a_neighbourhood_is_enough_as_a_location(client, key):
    by_address = pothole(lat="", long="", address_string="Caddebostan, Bağdat Cd.")
    assert client.post("/open311/v2/requests.json", by_address).status_code == 200
    by_id = pothole(lat="", long="", address_id="caddebostan")
    number = client.post("/open311/v2/requests.json", by_id).json()[0]["service_request_id"]
    assert client.get(f"/open311/v2/requests/{number}.json").json()[0]["address"] == "Caddebostan"


def test_json_bodies_huge_bodies_and_other_methods_are_refused_in_the_chosen_format(client, key):
    as_json = client.post(
        "/open311/v2/requests.json", data=pothole(), content_type="application/json"
    )
    assert (
        as_json.status_code == 400 and "x-www-form-urlencoded" in as_json.json()[0]["description"]
    )
    huge = client.post("/open311/v2/requests.xml", pothole(description="a" * 70_000))
    assert huge.status_code == 400
    error = parse_xml(huge.content).find("error")
    assert error.find("code").text == "400" and "larger" in error.find("description").text
    assert client.delete("/open311/v2/requests.json").status_code == 405
    assert client.post("/open311/v2/services.json").status_code == 405
    assert not ServiceRequest.objects.exists()


def test_control_characters_never_break_the_xml(client, key):
    """Found by the schemathesis run: an echoed address_id with a control character."""
    error = client.post(
        "/open311/v2/requests.xml", pothole(lat="", long="", address_id="yok\x0bmahalle")
    )
    assert error.status_code == 400
    assert "mahalle" in parse_xml(error.content).find("error").find("description").text
    posted = client.post("/open311/v2/requests.json", pothole(description="Çukur\x01 var"))
    number = posted.json()[0]["service_request_id"]
    read = parse_xml(client.get(f"/open311/v2/requests/{number}.xml").content)
    assert read.find("request").find("description").text == "Çukur\ufffd var"


def test_a_refused_key_is_audited_and_a_client_over_its_rate_is_stopped(client, db):
    make_client(rate_per_hour=2)
    client.post("/open311/v2/requests.json", pothole(api_key="guessed-key"))
    assert AuditEntry.objects.filter(action="service_requests.open311.key_refused").exists()
    codes = [client.post("/open311/v2/requests.json", pothole()).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert ServiceRequest.objects.count() == 2


def test_a_key_switched_off_by_an_admin_is_refused_at_the_next_post(client, db):
    system = make_client()
    assert client.post("/open311/v2/requests.json", pothole()).status_code == 200
    system.refresh_from_db()
    assert system.last_used_at is not None  # the admin sees when it was last used
    system.is_active = False
    system.save()
    assert client.post("/open311/v2/requests.json", pothole()).status_code == 403
    assert ServiceRequest.objects.count() == 1


def test_an_inactive_client_cannot_post(client, db):
    make_client(is_active=False)
    assert client.post("/open311/v2/requests.json", pothole()).status_code == 403


def test_output_holds_no_personal_data_and_hides_what_the_desk_hid(client, make_user):
    desk = make_user("pr_operator", "halkla-iliskiler")
    shown = make_request(citizen_phone="05321234567", address="Bağdat Caddesi No 5")
    hidden = make_request(description="Ben Ayşe Yılmaz, telefonum 05321234567.")
    actions.set_public_visibility(sr=hidden, hidden=True, by=desk)
    secret_category = Category.objects.get(code="cop-toplama")
    secret_category.is_public = False
    secret_category.save()
    make_request(category=secret_category, description="Çöpler toplanmıyor.")

    for fmt in ("json", "xml"):
        body = client.get(f"/open311/v2/requests.{fmt}").content.decode()
        assert shown.tracking_number in body
        assert hidden.tracking_number not in body and "Çöpler" not in body
        assert not any(word in body for word in PERSONAL)
    assert client.get(f"/open311/v2/requests/{hidden.tracking_number}.json").status_code == 404
    services = client.get("/open311/v2/services.json").json()
    assert "cop-toplama" not in {s["service_code"] for s in services}
    assert client.get("/open311/v2/services/cop-toplama.json").status_code == 404


def test_the_desk_hides_a_request_from_the_request_page_and_it_is_audited(client, make_user):
    sr = make_request()
    client.force_login(make_user("pr_operator", "halkla-iliskiler"))
    url = f"/staff/requests/{sr.tracking_number}/islem/visibility/"
    client.post(url, {"hide": "1"})
    sr.refresh_from_db()
    assert sr.hidden_from_public
    assert AuditEntry.objects.filter(action="service_requests.request.visibility").exists()
    client.force_login(make_user("unit_staff", "fen-isleri"))
    assert client.post(url).status_code in (403, 404)


def test_searches_are_limited_to_90_days_and_paged(client, db):
    for _ in range(3):
        make_request()
    start = "2026-01-01T00:00:00Z"
    too_long = client.get(
        "/open311/v2/requests.json", {"start_date": start, "end_date": "2026-06-01T00:00:00Z"}
    )
    assert too_long.status_code == 400 and "90 days" in too_long.json()[0]["description"]
    assert client.get("/open311/v2/requests.json", {"start_date": "yesterday"}).status_code == 400
    assert client.get("/open311/v2/requests.json", {"status": "pending"}).status_code == 400
    page1 = client.get("/open311/v2/requests.json", {"page_size": 2}).json()
    page2 = client.get("/open311/v2/requests.json", {"page_size": 2, "page": 2}).json()
    assert len(page1) == 2 and len(page2) == 1
    assert not {r["service_request_id"] for r in page1} & {r["service_request_id"] for r in page2}
    old = ServiceRequest.objects.first()
    ServiceRequest.objects.filter(pk=old.pk).update(
        created_at=old.created_at - dt.timedelta(days=120)
    )
    assert len(client.get("/open311/v2/requests.json").json()) == 2
    assert client.get("/open311/v2/requests/2020-999999.xml").status_code == 404


def test_dates_carry_a_timezone_and_ids_are_strings(client, db):
    sr = make_request()
    row = client.get(f"/open311/v2/requests/{sr.tracking_number}.json").json()[0]
    assert isinstance(row["service_request_id"], str)
    assert row["requested_datetime"].endswith("+03:00")


def test_seed_demo_gives_the_demo_client_the_well_known_key(client, db):
    import io

    from iletisim.service_requests.demo import seed_open311_client

    seed_open311_client(io.StringIO())
    seed_open311_client(io.StringIO())  # twice: still one client
    assert Open311Client.objects.filter(name="Demo").count() == 1
    response = client.post("/open311/v2/requests.json", pothole(api_key="demo-open311-key"))
    assert response.status_code == 200


def test_the_desk_sees_which_system_sent_a_request_and_its_photo_link(client, key, make_user):
    response = client.post(
        "/open311/v2/requests.json", pothole(media_url="https://foto.example/cukur.jpg")
    )
    number = response.json()[0]["service_request_id"]
    client.force_login(make_user("pr_operator", "halkla-iliskiler"))
    page = client.get(f"/staff/requests/{number}/").content.decode()
    assert "Şehir Uygulaması" in page and 'href="https://foto.example/cukur.jpg"' in page


def test_random_garbage_never_gets_a_server_error_and_only_good_posts_write(client, key):
    """A small deterministic fuzz: random fields, values, encodings and content types."""
    import random

    rng = random.Random(311)
    fields = [
        "api_key",
        "service_code",
        "lat",
        "long",
        "address_string",
        "address_id",
        "description",
        "media_url",
        "attribute[tehlike]",
        "attribute[boyut]",
        "attribute[x]",
        "page",
        "page_size",
        "start_date",
        "end_date",
        "status",
        "service_request_id",
    ]
    values = [
        "",
        "0",
        "-1",
        "1e309",
        "NaN",
        "40.98",
        "29.06",
        "yol-cukur",
        KEY,
        "yes",
        "ç" * 5000,
        "<x/>",
        "'; drop table x; --",
        "\x00",
        "2026-13-45T99:99:99Z",
        "open,closed",
        "https://a.example/x.jpg",
        "%ff%fe",
        "9" * 40,
        "🙂",
    ]
    writes = 0
    for _ in range(150):
        data = {rng.choice(fields): rng.choice(values) for _ in range(rng.randint(0, 8))}
        fmt = rng.choice(["json", "xml"])
        if rng.random() < 0.5:
            data = {**pothole(), **dict(list(data.items())[:1])}
        kind = rng.choice(["form", "json", "text", "raw"])
        url = f"/open311/v2/requests.{fmt}"
        before = ServiceRequest.objects.count()
        if kind == "form":
            response = client.post(url, data)
        elif kind == "raw":
            response = client.post(
                url, rng.randbytes(200), content_type="application/x-www-form-urlencoded"
            )
        else:
            response = client.post(url, data, content_type=f"application/{kind}")
        assert response.status_code in (200, 400, 403, 404, 429), (data, response.content)
        after = ServiceRequest.objects.count()
        assert after - before == (1 if response.status_code == 200 else 0)
        writes += after - before
        search = client.get(f"/open311/v2/requests.{fmt}", data)
        assert search.status_code in (200, 400), (data, search.content)
    assert writes > 0
