"""Fuzzing the channels: schemathesis drives the staff API from its OpenAPI schema
(drf-spectacular) and Open311 from the description we publish (/open311/v2/openapi.json);
hypothesis throws bodies and signatures at the WhatsApp webhook. Each case runs in-process
against the real WSGI application and the test database; a fixed seed and a small number of
examples keep the run bounded in CI. What a user would notice: no server error, answers in
the documented shapes, nothing written by a refused request."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from iletisim.lib.testing.whatsapp import notification, signed, text_message
from iletisim.service_requests.models import Open311Client, ServiceRequest
from iletisim.service_requests.tests.factories import make_request

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
OPEN311_KEY = "fuzz-open311-key"
parse_xml = ET.fromstring  # our own server's answers


@pytest.fixture
def wsgi_app(db):
    """The real WSGI application, called in-process. Like Django's test client, keep it from
    closing the database connection after each call (the test's transaction lives on it)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def open311_schema(wsgi_app):
    client = Open311Client(name="Fuzz")
    client.set_key(OPEN311_KEY)
    client.save()
    make_request()
    return schemathesis.openapi.from_wsgi("/open311/v2/openapi.json", wsgi_app)


@pytest.fixture
def api_schema(wsgi_app):
    from drf_spectacular.generators import SchemaGenerator

    document = json.loads(json.dumps(SchemaGenerator().get_schema(public=True), default=str))
    schema = schemathesis.openapi.from_dict(document).include(
        path_regex=r"^/api/v1/(requests|categories)/"
    )
    schema.app = wsgi_app
    return schema


def fuzz_every_operation(schema, call) -> int:
    """Run `call(case)` on a bounded number of generated cases of every operation."""
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:

        @BOUNDED
        @seed(311)
        @given(case=operation.as_strategy())
        def run(case) -> None:
            call(case)

        run()
    return len(operations)


def test_open311_answers_every_generated_call_in_its_documented_shapes(open311_schema):
    xml_answers: list[int] = []

    def call(case) -> None:
        if case.method == "POST" and isinstance(case.body, dict) and "api_key" in case.body:
            case.body["api_key"] = OPEN311_KEY  # posts with the real key get further
        before = ServiceRequest.objects.count()
        response = case.call_and_validate(checks=CHECKS, headers={"Host": "127.0.0.1"})
        content_type = {k.lower(): v for k, v in response.headers.items()}["content-type"][0]
        if content_type.startswith("text/xml"):
            parse_xml(response.content)  # well-formed, whatever was echoed
            xml_answers.append(response.status_code)
        if response.status_code != 200 or case.method != "POST":
            assert ServiceRequest.objects.count() == before

    assert fuzz_every_operation(open311_schema, call) == 7
    assert xml_answers  # the XML side was exercised too


@pytest.fixture
def api_token(make_user):
    from iletisim.accounts.models import ApiToken

    user = make_user("pr_operator", "halkla-iliskiler")
    token = ApiToken(name="fuzz", user=user, scopes="requests:read,requests:write")
    key = token.set_key()
    token.save()
    return key


def test_the_staff_api_answers_every_generated_call_in_its_documented_shapes(api_schema, api_token):
    headers = {"Host": "127.0.0.1", "Authorization": f"Token {api_token}"}

    def call(case) -> None:
        case.call_and_validate(checks=CHECKS, headers=headers)

    assert fuzz_every_operation(api_schema, call) == 5


# --- the WhatsApp webhook: signatures, bodies, replays ---------------------------------------

SECRET = "fuzz-app-secret"
PHONE_ID = "105000000000001"
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture
def whatsapp(settings):
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_ID
    settings.WHATSAPP_VERIFY_TOKEN = "verify"


def _messages(draw_text: str, sender: str, wamid: str) -> dict:
    return notification(
        phone_number_id=PHONE_ID,
        contacts=[{"profile": {"name": "Fuzz"}, "wa_id": sender}],
        messages=[text_message(sender, draw_text, wamid)],
    )


@pytest.mark.django_db
@BOUNDED
@seed(24)
@given(
    body=st.one_of(
        json_values.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=200),
        st.builds(
            _messages,
            st.text(max_size=50),
            st.from_regex(r"\A90[0-9]{10}\Z"),
            st.from_regex(r"\Awamid\.[A-Za-z0-9]{1,20}\Z"),
        ).map(lambda v: json.dumps(v).encode()),
    ),
    how=st.sampled_from(["signed", "unsigned", "forged", "other-secret"]),
    content_type=st.sampled_from(["application/json", "text/plain", "application/xml"]),
)
def test_the_whatsapp_webhook_never_fails_and_accepts_only_signed_bodies(
    client, whatsapp, body, how, content_type
):
    from django_tasks_db.models import DBTaskResult

    from iletisim.lib.whatsapp import sign

    headers = {}
    if how == "signed":
        headers["HTTP_X_HUB_SIGNATURE_256"] = sign(body, SECRET)
    elif how == "forged":
        headers["HTTP_X_HUB_SIGNATURE_256"] = "sha256=" + "0" * 64
    elif how == "other-secret":
        headers["HTTP_X_HUB_SIGNATURE_256"] = sign(body, "not-our-secret")
    queued = DBTaskResult.objects.count()
    response = client.post("/webhooks/whatsapp", data=body, content_type=content_type, **headers)
    assert response.status_code in (200, 400, 403, 413)
    if how != "signed":
        assert response.status_code == 403
        assert DBTaskResult.objects.count() == queued
    if response.status_code == 200:
        # What was queued is processed the way the worker would: no exception, ever.
        for row in DBTaskResult.objects.ready():
            row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
            row.delete()


@pytest.mark.django_db
def test_a_replayed_signed_whatsapp_message_makes_one_request(client, whatsapp):
    from django_tasks_db.models import DBTaskResult

    raw, header = signed(_messages("Çöp alınmadı", "905321112233", "wamid.REPLAY1"), SECRET)
    for _ in range(3):
        response = client.post(
            "/webhooks/whatsapp",
            data=raw,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=header,
        )
        assert response.status_code == 200
    for row in DBTaskResult.objects.filter(task_path__endswith="process_notification"):
        row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    assert ServiceRequest.objects.filter(citizen_phone="905321112233").count() == 1
