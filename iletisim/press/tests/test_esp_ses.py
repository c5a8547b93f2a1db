"""Amazon SES as the way out (django-anymail and boto3 against a local stand-in for the SES v2
API) and its tracking webhook (SNS notifications with HTTP basic auth, shaped like the SES
documentation's examples)."""

import base64
import email
import json
import uuid

import pytest

from iletisim.press.models import Recipient, Suppression
from iletisim.press.tests.factories import send_release, use_esp

pytestmark = pytest.mark.django_db

State = Recipient.State
WEBHOOK = "/basin-odasi/esp/amazon_ses/tracking/"
SECRET = "sns:gizli-anahtar-2026"


@pytest.fixture
def officer(make_user):
    return make_user("press_officer", "basin-yayin")


@pytest.fixture
def ses(settings, http_server):
    """SES v2 SendEmail (`POST /v2/email/outbound-emails`) answering as documented."""
    accepted = []

    def send_email(request):
        accepted.append(json.loads(request.body))
        answer = {"MessageId": f"0100019{len(accepted):09d}-ses-{uuid.uuid4()}-000000"}
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    http_server.route("POST", "/v2/email/outbound-emails", handler=send_email)
    use_esp(
        settings,
        "amazon_ses",
        AMAZON_SES_CLIENT_PARAMS={
            "endpoint_url": http_server.url(""),
            "region_name": "eu-central-1",
            "aws_access_key_id": "AKIAEXAMPLE",
            "aws_secret_access_key": "example-secret",
        },
        WEBHOOK_SECRET=SECRET,
    )
    return accepted


def send(officer, n):
    return send_release(officer, n, mailer="esp")


def test_a_distribution_goes_out_through_amazon_ses_one_raw_message_per_contact(officer, ses):
    sent = send(officer, 2)

    assert len(ses) == 2
    by_address = {}
    for payload in ses:
        raw = email.message_from_bytes(base64.b64decode(payload["Content"]["Raw"]["Data"]))
        by_address[raw["To"]] = raw
    for row in sent.recipients.all():
        assert row.state == State.SENT
        assert row.message_id.startswith("0100019")  # SES's id, which its events carry
        raw = by_address[row.email]
        assert json.loads(raw["X-Metadata"]) == {"press_recipient": str(row.pk)}
        assert raw["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def sns(ses_event, *, kind="Notification"):
    """An SNS HTTP(S) notification carrying an SES event, as SNS posts it."""
    message_id = str(uuid.uuid4())
    body = {
        "Type": kind,
        "MessageId": message_id,
        "TopicArn": "arn:aws:sns:eu-central-1:123456789012:ses-events",
        "Message": json.dumps(ses_event),
        "Timestamp": "2026-11-26T10:00:00.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLE",
        "SigningCertURL": "https://sns.eu-central-1.amazonaws.com/cert.pem",
    }
    headers = {"HTTP_X_AMZ_SNS_MESSAGE_TYPE": kind, "HTTP_X_AMZ_SNS_MESSAGE_ID": message_id}
    return json.dumps(body), headers


def ses_event(kind, row, **detail):
    return {
        "eventType": kind,
        "mail": {
            "timestamp": "2026-11-26T09:59:00.000Z",
            "messageId": row.message_id,
            "destination": [row.email],
            "headers": [
                {"name": "X-Metadata", "value": json.dumps({"press_recipient": str(row.pk)})}
            ],
        },
        **detail,
    }


def post(client, event, *, auth=SECRET):
    body, headers = sns(event)
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(WEBHOOK, body, content_type="text/plain", **headers)


def bounce(row, kind, sub_type, code):
    recipient = {"emailAddress": row.email, "diagnosticCode": code}
    return ses_event(
        "Bounce",
        row,
        bounce={"bounceType": kind, "bounceSubType": sub_type, "bouncedRecipients": [recipient]},
    )


def test_ses_events_move_each_row_and_only_a_permanent_bounce_suppresses(officer, ses, client):
    delivered, bounced, full, complained = send(officer, 4).recipients.order_by("id")

    delivery = {"recipients": [delivered.email], "smtpResponse": "250 2.0.0 OK"}
    assert post(client, ses_event("Delivery", delivered, delivery=delivery)).status_code == 200
    hard = bounce(bounced, "Permanent", "General", "smtp; 550 5.1.1 user unknown")
    assert post(client, hard).status_code == 200
    soft = bounce(full, "Transient", "MailboxFull", "smtp; 452 4.2.2 mailbox full")
    assert post(client, soft).status_code == 200
    report = {"complainedRecipients": [{"emailAddress": complained.email}]}
    assert post(client, ses_event("Complaint", complained, complaint=report)).status_code == 200

    states = {
        row.email: row.state
        for row in Recipient.objects.filter(
            pk__in=[delivered.pk, bounced.pk, full.pk, complained.pk]
        )
    }
    assert states == {
        delivered.email: State.DELIVERED,
        bounced.email: State.BOUNCED,
        full.email: State.SENT,  # a full mailbox is temporary: nothing recorded
        complained.email: State.COMPLAINED,
    }
    assert dict(Suppression.objects.values_list("email", "reason")) == {
        bounced.email: Suppression.Reason.HARD_BOUNCE,
        complained.email: Suppression.Reason.COMPLAINT,
    }


def test_an_ses_webhook_without_the_shared_secret_records_nothing(officer, ses, client):
    (row,) = send(officer, 1).recipients.all()
    hard = bounce(row, "Permanent", "General", "smtp; 550 5.1.1 user unknown")

    assert post(client, hard, auth=None).status_code == 401  # SNS then retries with auth
    assert post(client, hard, auth="sns:wrong").status_code == 400
    row.refresh_from_db()
    assert row.state == State.SENT
    assert not Suppression.objects.exists()
