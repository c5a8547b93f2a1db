import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from iletisim.core.scheduler import JOBS
from iletisim.service_requests.models import ServiceRequest, Status, Update
from iletisim.service_requests.tests.factories import make_request, routed_request

pytestmark = pytest.mark.django_db
HELDOUT = Path(__file__).parent / "data" / "routing_heldout.jsonl"


def test_a_malformed_eval_file_is_refused_and_writes_no_output(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"text": "yolda çukur var", "unit": "fen-isleri"}) + "\n" + "{not json\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.jsonl"
    with pytest.raises(CommandError, match="line 2"):
        call_command("requests_eval", "routing", str(source), "--output", str(output))
    assert not output.exists()


def test_the_routing_eval_writes_one_prediction_per_line_and_accuracy_last(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"text": t, "unit": u}, ensure_ascii=False)
            for t, u in [
                ("SOKAKTA COK BUYUK BIR CUKUR VAR", "fen-isleri"),
                ("copler 3 gundur alinmadi", "temizlik-isleri"),
                ("yarali bir kedi buldum", "veteriner"),
            ]
        ),
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "requests_eval", "routing", str(source), output=str(tmp_path / "o.jsonl"), stdout=out
    )
    predictions = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert predictions == [
        {"predicted": "fen-isleri"},
        {"predicted": "temizlik-isleri"},
        {"predicted": "veteriner"},
    ]
    assert out.getvalue().strip().splitlines()[-1] == "accuracy: 1.0000"


def test_the_router_routes_nine_in_ten_held_out_citizen_texts_correctly(tmp_path):
    lines = HELDOUT.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 150
    out = StringIO()
    call_command(
        "requests_eval", "routing", str(HELDOUT), output=str(tmp_path / "o.jsonl"), stdout=out
    )
    accuracy = float(out.getvalue().strip().splitlines()[-1].split()[-1])
    assert accuracy >= 0.9


def test_the_eval_ignores_what_the_desk_has_learnt(tmp_path, make_user):
    desk = make_user("pr_operator", "halkla-iliskiler")
    for i in range(5):
        routed_request(desk, unit="zabita", description=f"sokakta çukur {i}", category=None)
    call_command("requests_train_router", min_samples=5, stdout=StringIO())
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "sokakta çukur", "unit": "fen-isleri"}), encoding="utf-8")
    out = StringIO()
    call_command(
        "requests_eval", "routing", str(source), output=str(tmp_path / "o.jsonl"), stdout=out
    )
    assert out.getvalue().strip().endswith("accuracy: 1.0000")


def test_jobs_for_escalation_retries_training_and_anonymising_are_scheduled():
    assert {
        "requests-escalate",
        "requests-send-pending",
        "requests-staff-mail",
        "requests-train-router",
        "requests-anonymise",
    } <= set(JOBS)


def test_overdue_requests_are_escalated_to_the_unit_manager_once(make_user, smtp_sink):
    desk = make_user("pr_operator", "halkla-iliskiler")
    manager = make_user("unit_manager", "fen-isleri", email="mudur@belediye.example")
    sr = routed_request(desk)
    other = routed_request(desk)
    ServiceRequest.objects.filter(pk__in=[sr.pk, other.pk]).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    call_command("requests_escalate", stdout=StringIO())
    call_command("requests_escalate", stdout=StringIO())
    sr.refresh_from_db()
    assert sr.escalation_level >= 1
    to_manager = [m for m in smtp_sink.messages if manager.email in m.rcpt_tos]
    assert len(to_manager) == 1  # one digest for both requests, and only once
    assert sr.tracking_number in to_manager[0].text()
    assert other.tracking_number in to_manager[0].text()
    assert sr.updates.filter(kind=Update.Kind.NOTE, text__startswith="Süresi geçti").count() == 1


def test_three_working_days_overdue_goes_to_the_director_once(make_user, smtp_sink):
    desk = make_user("pr_operator", "halkla-iliskiler")
    make_user("unit_manager", "fen-isleri", email="mudur@belediye.example")
    director = make_user("director", "basin-halkla-iliskiler", email="direktor@belediye.example")
    sr = routed_request(desk)
    ServiceRequest.objects.filter(pk=sr.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=10)
    )
    call_command("requests_escalate", stdout=StringIO())
    call_command("requests_escalate", stdout=StringIO())
    sr.refresh_from_db()
    assert sr.escalation_level == 2
    to_director = [m for m in smtp_sink.messages if director.email in m.rcpt_tos]
    assert len(to_director) == 1 and sr.tracking_number in to_director[0].text()
    assert sr.updates.filter(kind=Update.Kind.NOTE, text__contains="müdürler").exists()


def test_staff_are_warned_before_the_due_date(make_user, smtp_sink):
    desk = make_user("pr_operator", "halkla-iliskiler")
    staff = make_user("unit_staff", "fen-isleri", email="memur@belediye.example")
    sr = routed_request(desk)
    ServiceRequest.objects.filter(pk=sr.pk).update(due_date=timezone.localdate())
    call_command("requests_escalate", stdout=StringIO())
    assert any(staff.email in m.rcpt_tos for m in smtp_sink.messages)


def test_anonymising_keeps_statistics_and_drops_personal_data(make_user):
    from iletisim.service_requests import actions

    desk = make_user("pr_operator", "halkla-iliskiler")
    old = routed_request(desk, citizen_phone="05321234567", national_id="")
    actions.publish_answer(sr=old, text="Tamam", by=desk)
    actions.close_request(sr=old, by=desk)
    recent = make_request()
    from iletisim.service_requests.models import StaffMail

    StaffMail.objects.create(key="k", to=["x@belediye.example"], subject="s", body=old.description)
    with time_machine.travel(timezone.now() + dt.timedelta(days=731)):
        call_command("requests_anonymise", stdout=StringIO())
    assert not StaffMail.objects.exists()  # staff mails quoting texts go after a month
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.citizen_name == old.citizen_email == old.citizen_phone == old.description == ""
    assert old.category.code == "yol-cukur" and old.status == Status.CLOSED
    assert old.anonymised_at is not None
    assert recent.citizen_name == "Ayşe Yılmaz"
    # nor do the addresses its notifications went to
    recipients = set(old.notifications.values_list("recipient", flat=True))
    assert recipients and not recipients & {"ayse@example.com", "05321234567"}
    assert recent.notifications.filter(recipient="ayse@example.com").exists()


def test_seed_demo_adds_a_few_hundred_requests_and_is_idempotent():
    from iletisim.service_requests.demo import seed_requests
    from iletisim.service_requests.forms import valid_national_id

    seed_requests(StringIO())
    count = ServiceRequest.objects.count()
    seed_requests(StringIO())
    assert count >= 250
    assert ServiceRequest.objects.count() == count
    assert ServiceRequest.objects.values("status").distinct().count() >= 8
    assert ServiceRequest.objects.filter(latitude__isnull=False).count() >= count // 2  # map
    assert ServiceRequest.objects.values("type").distinct().count() >= 5
    assert all(
        valid_national_id(n)
        for n in ServiceRequest.objects.exclude(national_id="").values_list(
            "national_id", flat=True
        )
    )
    for kind, count in (("correct", 2), ("show", 1)):
        waiting = ServiceRequest.objects.filter(
            corrections__state="pending", corrections__kind=kind
        )
        assert waiting.count() == count


def test_a_data_subjects_data_is_shown_with_an_audit_entry_and_then_erased():
    from iletisim.core.models import AuditEntry

    sr = make_request(citizen_email="Ayse@Example.com")
    out = StringIO()
    call_command("requests_personal_data", "show", email="ayse@example.com", stdout=out)
    assert json.loads(out.getvalue())[0]["tracking_number"] == sr.tracking_number
    assert AuditEntry.objects.filter(action="service_requests.request.exported").count() == 1
    call_command("requests_personal_data", "erase", email="ayse@example.com", stdout=StringIO())
    sr.refresh_from_db()
    assert sr.citizen_email == "" and sr.citizen_name == ""
    assert not sr.notifications.filter(recipient__iexact="ayse@example.com").exists()
