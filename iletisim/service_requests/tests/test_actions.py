import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from iletisim.accounts.models import Unit
from iletisim.accounts.roles import Role
from iletisim.core.models import AuditEntry
from iletisim.service_requests import actions
from iletisim.service_requests.models import (
    Category,
    Notification,
    RequestType,
    RoutingModel,
    ServiceRequest,
    Status,
)
from iletisim.service_requests.tests.factories import make_request, routed_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_user):
    return make_user("pr_operator", "halkla-iliskiler")


@pytest.fixture
def roads_staff(make_user):
    return make_user("unit_staff", "fen-isleri")


def test_submitting_twice_with_the_same_key_makes_one_request():
    first = make_request(submission_key="abc")
    second = make_request(submission_key="abc")
    assert first.pk == second.pk
    assert ServiceRequest.objects.count() == 1


def test_an_anonymous_information_request_is_refused_with_the_reason():
    with pytest.raises(ValidationError, match="4982"):
        make_request(type=RequestType.INFORMATION, citizen_name="", citizen_email="")
    assert ServiceRequest.objects.count() == 0


def test_an_anonymous_petition_is_refused_with_the_reason():
    with pytest.raises(ValidationError, match="3071"):
        make_request(type=RequestType.PETITION, citizen_name="", citizen_email="")
    assert ServiceRequest.objects.count() == 0


def test_an_anonymous_complaint_is_accepted():
    sr = make_request(citizen_name="", citizen_email="")
    assert sr.is_anonymous
    assert sr.status == Status.RECEIVED


def test_a_new_request_is_stored_at_once_and_routed_by_the_worker(
    django_capture_on_commit_callbacks,
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        sr = make_request(category=None, description="COPLER 3 GUNDUR ALINMADI SOKAK KOKUYOR")
    with django_capture_on_commit_callbacks(execute=True):
        park = make_request(category=None, description="parktaki salincak kirik cocuklar icin")
    assert sr.tracking_number and sr.proposed_unit is None
    # One batch task for both, due a moment later, so that the next intakes ride on it.
    queued = DBTaskResult.objects.get(task_path__endswith="propose_pending")
    assert queued.run_after > sr.created_at
    assert queued.task.call() == 2
    assert queued.task.call() == 0  # a second run changes nothing
    sr.refresh_from_db()
    park.refresh_from_db()
    assert sr.proposed_unit.code == "temizlik-isleri"
    assert park.proposed_unit.code == "park-bahceler"
    assert AuditEntry.objects.filter(action="service_requests.request.proposed").count() == 2


def test_a_batch_leaves_alone_what_the_desk_routed_meanwhile(make_user):
    from iletisim.service_requests.actions import route_request

    waiting = make_request(category=None, description="Çöpler üç gündür alınmadı")
    routed = make_request(category=None, description="Sokak lambası yanmıyor")
    desk = make_user(Role.PR_OPERATOR, "basin-halkla-iliskiler")
    route_request(sr=routed, unit=Unit.objects.get(code="fen-isleri"), by=desk)
    assert actions.propose_pending() == 1
    routed.refresh_from_db()
    waiting.refresh_from_db()
    assert routed.proposed_unit is None and routed.routing_reason == ""
    assert waiting.proposed_unit.code == "temizlik-isleri"


def test_proposals_come_in_batches_of_the_given_size():
    for n in range(5):
        make_request(category=None, description=f"Çöpler {n} gündür alınmadı")
    assert actions.propose_pending(limit=2) == 5
    assert not ServiceRequest.objects.filter(routing_reason="").exists()


def test_a_new_request_carries_the_routers_proposal_and_reason():
    sr = make_request(category=None, description="COPLER 3 GUNDUR ALINMADI SOKAK KOKUYOR")
    actions.propose_unit(request_id=sr.pk)
    sr.refresh_from_db()
    assert sr.proposed_unit.code == "temizlik-isleri"
    assert sr.category.code == "cop-toplama"
    assert "cop" in sr.routing_reason.lower() or "çöp" in sr.routing_reason.lower()
    assert sr.routing_confidence > 0


def test_a_submission_is_audited_and_queues_a_receipt_for_the_citizen():
    sr = make_request(citizen_phone="05321234567")
    assert AuditEntry.objects.filter(action="service_requests.request.submitted").exists()
    channels = set(sr.notifications.values_list("channel", flat=True))
    assert channels == {Notification.Channel.EMAIL, Notification.Channel.SMS}


@time_machine.travel(dt.datetime(2026, 10, 26, 10, 0, tzinfo=dt.UTC), tick=False)
def test_an_information_request_is_due_in_fifteen_working_days_skipping_republic_day():
    category = Category.objects.get(code="imar-durumu")  # target 15 working days too
    category.target_days = 40
    category.save()
    sr = make_request(type=RequestType.INFORMATION, category=category, national_id="10000000146")
    # 27, 28 (half day counts), 29 Ekim is a holiday, then 30 Oct ... 17 Nov.
    assert sr.due_date == dt.date(2026, 11, 17)
    assert sr.deadline_kind == "bilgi-edinme"


@time_machine.travel(dt.datetime(2026, 10, 26, 10, 0, tzinfo=dt.UTC), tick=False)
def test_the_category_target_wins_when_it_is_stricter_than_the_law():
    sr = make_request(category=Category.objects.get(code="kaldirim"))
    sr.category.target_days = 5
    due, kind = actions.compute_due_date(
        type=sr.type, category=Category(target_days=5), received=dt.date(2026, 10, 26)
    )
    assert (due, kind) == (dt.date(2026, 11, 3), "target")


@time_machine.travel(dt.datetime(2026, 10, 26, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_petition_is_due_in_thirty_calendar_days():
    category = Category.objects.get(code="imar-durumu")
    category.target_days = 60
    category.save()
    sr = make_request(type=RequestType.PETITION, category=category)
    assert sr.due_date == dt.date(2026, 11, 25)


@time_machine.travel(dt.datetime(2026, 10, 26, 10, 0, tzinfo=dt.UTC), tick=False)
def test_the_written_extension_moves_an_information_request_to_thirty_working_days(desk):
    sr = make_request(type=RequestType.INFORMATION, national_id="10000000146")
    sr = actions.extend_deadline(sr=sr, by=desk, reason="Başka bir kurumun görüşü gerekiyor")
    assert sr.due_date == dt.date(2026, 12, 8)
    assert sr.updates.filter(is_public=True, text__contains="Başka bir kurum").exists()
    with pytest.raises(ValidationError):
        actions.extend_deadline(sr=sr, by=desk, reason="again")


def test_routing_sends_to_the_directorate_and_tells_the_citizen(desk):
    sr = routed_request(desk)
    assert sr.status == Status.ROUTED
    assert sr.unit.code == "fen-isleri"
    assert sr.updates.filter(kind="route", is_public=True).exists()
    assert sr.notifications.filter(event="routed").exists()


def test_routing_to_the_outside_unit_must_go_through_forwarding(desk):
    sr = make_request()
    with pytest.raises(ValidationError):
        actions.route_request(sr=sr, unit=Unit.objects.get(code="diger-kurum"), by=desk)


def test_forwarding_names_the_competent_body_for_the_citizen(desk):
    sr = make_request(description="İki gündür sular yok", category=None)
    sr = actions.forward_request(sr=sr, competent_body="Su ve Kanalizasyon İdaresi", by=desk)
    assert sr.status == Status.FORWARDED
    assert sr.unit.code == "diger-kurum"
    line = sr.updates.get(status_to=Status.FORWARDED)
    assert "Su ve Kanalizasyon" in line.text and line.is_public


def test_a_second_editor_with_a_stale_version_is_told_and_nothing_is_lost(desk, roads_staff):
    sr = routed_request(desk)
    stale = sr.version
    actions.draft_answer(sr=sr, text="İlk taslak", by=roads_staff, version=stale)
    with pytest.raises(actions.ConflictError):
        actions.draft_answer(sr=sr, text="İkinci taslak", by=roads_staff, version=stale)
    sr.refresh_from_db()
    assert sr.answer_draft == "İlk taslak"


def test_assigning_outside_the_unit_is_refused(desk, make_user):
    sr = routed_request(desk)
    stranger = make_user("unit_staff", "zabita")
    with pytest.raises(ValidationError):
        actions.assign_request(sr=sr, assignee=stranger, by=desk)


def test_asking_the_citizen_pauses_the_clock_and_the_pause_is_added_back(desk, roads_staff):
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        sr = routed_request(desk)
        due = sr.due_date
        sr = actions.ask_citizen(sr=sr, question="Tam adres nedir?", by=roads_staff)
        assert sr.status == Status.WAITING_CITIZEN and sr.paused_at is not None
    with time_machine.travel(dt.datetime(2026, 11, 6, 9, 0, tzinfo=dt.UTC), tick=False):
        sr = actions.citizen_reply(sr=sr, text="Bağdat Caddesi 12")
    assert sr.status == Status.ROUTED
    assert sr.paused_at is None
    assert sr.due_date > due
    assert sr.updates.filter(kind="citizen", text="Bağdat Caddesi 12").exists()


def test_the_directorate_drafts_and_only_the_desk_publishes(desk, roads_staff):
    sr = routed_request(desk)
    sr = actions.draft_answer(sr=sr, text="Yama ekibi yönlendirildi.", by=roads_staff)
    assert sr.status == Status.ANSWER_REVIEW
    assert not sr.answer
    sr = actions.publish_answer(sr=sr, by=desk)
    assert sr.status == Status.ANSWERED
    assert sr.answer == "Yama ekibi yönlendirildi."
    assert sr.notifications.filter(event="answered").exists()


def test_a_category_may_let_the_directorate_answer_directly(desk, roads_staff):
    category = Category.objects.get(code="yol-cukur")
    category.desk_publishes = False
    category.save()
    sr = routed_request(desk, category=category)
    sr = actions.draft_answer(sr=sr, text="Onarıldı.", by=roads_staff)
    assert sr.status == Status.ANSWERED


def test_merged_citizens_all_hear_the_answer(desk):
    original = routed_request(desk)
    duplicate = make_request(citizen_email="mehmet@example.com")
    actions.merge_duplicate(sr=duplicate, into=original, by=desk)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.DUPLICATE
    actions.publish_answer(sr=original, text="Onarıldı.", by=desk)
    assert Notification.objects.filter(request=duplicate, event="answered").exists()


def test_duplicates_are_suggested_for_the_same_subject_nearby():
    first = make_request(description="Bağdat caddesi üzerindeki çukur çok derin")
    second = make_request(description="Bağdat caddesi çukur derin tehlikeli")
    assert first in actions.suggest_duplicates(second)


def test_an_unhappy_rating_reopens_the_request_for_the_desk(desk):
    sr = routed_request(desk)
    sr = actions.publish_answer(sr=sr, text="Çözüldü.", by=desk)
    sr = actions.rate_request(sr=sr, rating=1, comment="Hâlâ çukur var", solved=False)
    assert sr.status == Status.REOPENED
    assert sr.rating == 1
    with pytest.raises(ValidationError):
        actions.rate_request(sr=sr, rating=5)


def test_a_happy_rating_leaves_the_request_closed(desk):
    sr = routed_request(desk)
    actions.publish_answer(sr=sr, text="Çözüldü.", by=desk)
    sr = actions.close_request(sr=sr, by=desk)
    sr = actions.rate_request(sr=sr, rating=5, solved=True)
    assert sr.status == Status.CLOSED


def test_rejecting_needs_a_reason_and_tells_the_citizen(desk):
    sr = make_request()
    with pytest.raises(ValidationError):
        actions.reject_request(sr=sr, reason=" ", by=desk)
    sr = actions.reject_request(sr=sr, reason="Mükerrer başvuru", by=desk)
    assert sr.status == Status.REJECTED
    assert sr.updates.filter(is_public=True, text="Mükerrer başvuru").exists()


def test_the_router_learns_from_the_desks_routing(desk):
    for i in range(6):
        routed_request(desk, unit="zabita", description=f"Lunapark gürültüsü {i}", category=None)
    assert actions.retrain_router(min_samples=100) is None
    model = actions.retrain_router(min_samples=5)
    assert isinstance(model, RoutingModel)
    sr = make_request(description="lunapark yine", category=None)
    actions.propose_unit(request_id=sr.pk)
    sr.refresh_from_db()
    assert sr.proposed_unit.code == "zabita"
    assert "öğrenildi" in sr.routing_reason


def test_a_request_a_few_metres_away_is_suggested_as_a_duplicate_even_in_other_words():
    first = make_request(description="Asfalt göçtü", latitude="40.987600", longitude="29.036500")
    near = make_request(description="Yol yarılmış", latitude="40.987700", longitude="29.036600")
    far = make_request(description="Yol yarılmış", latitude="40.997700", longitude="29.046600")
    assert first in actions.suggest_duplicates(near)
    assert first not in actions.suggest_duplicates(far)


def test_the_citizen_is_told_only_through_the_channel_they_chose():
    sr = make_request(citizen_phone="05321234567", notify_by="sms")
    assert list(sr.notifications.values_list("channel", flat=True)) == ["sms"]


def test_a_citizen_asked_twice_and_answered_again_after_reopening_is_told_each_time(desk):
    sr = routed_request(desk)
    actions.ask_citizen(sr=sr, question="Kapı numarası?", by=desk)
    actions.citizen_reply(sr=sr, text="12")
    actions.ask_citizen(sr=sr, question="Hangi sokak?", by=desk)
    actions.citizen_reply(sr=sr, text="Lale Sokak")
    sr = actions.publish_answer(sr=sr, text="Onarıldı.", by=desk)
    sr = actions.reopen_request(sr=sr, by=desk, reason="Vatandaş memnun değil")
    actions.publish_answer(sr=sr, text="Yeniden onarıldı.", by=desk)
    emails = Notification.objects.filter(request=sr, channel="email")
    assert emails.filter(event="waiting").count() == 2
    assert emails.filter(event="answered").count() == 2


def test_the_citizen_hears_of_each_new_directorate_but_not_of_a_repeated_routing(desk):
    sr = make_request()
    for code in ("fen-isleri", "fen-isleri", "temizlik-isleri"):
        sr = actions.route_request(sr=sr, unit=Unit.objects.get(code=code), by=desk)
    routed = Notification.objects.filter(request=sr, channel="email", event="routed")
    assert routed.count() == 2


def test_every_verb_leaves_an_audit_entry_and_a_line_on_the_timeline(desk, roads_staff):
    sr = make_request()
    other = make_request(description="Aynı çukur")
    outside = make_request(description="Suyumuz kesik")
    information = make_request(
        type=RequestType.INFORMATION, national_id="10000000146", description="Bütçe nedir?"
    )
    fen = Unit.objects.get(code="fen-isleri")
    steps = [
        (sr, lambda r: actions.route_request(sr=r, unit=fen, by=desk)),
        (sr, lambda r: actions.assign_request(sr=r, assignee=roads_staff, by=desk)),
        (sr, lambda r: actions.add_note(sr=r, text="Ekip yarın gidecek", by=roads_staff)),
        (sr, lambda r: actions.ask_citizen(sr=r, question="Kapı no?", by=roads_staff)),
        (sr, lambda r: actions.citizen_reply(sr=r, text="12")),
        (sr, lambda r: actions.draft_answer(sr=r, text="Onarılacak", by=roads_staff)),
        (sr, lambda r: actions.return_draft(sr=r, by=desk, reason="Tarih verin")),
        (sr, lambda r: actions.draft_answer(sr=r, text="Salı onarılacak", by=roads_staff)),
        (sr, lambda r: actions.publish_answer(sr=r, by=desk)),
        (sr, lambda r: actions.close_request(sr=r, by=desk)),
        (sr, lambda r: actions.rate_request(sr=r, rating=4)),
        (sr, lambda r: actions.reopen_request(sr=r, by=desk, reason="Yeniden bakılacak")),
        (sr, lambda r: actions.set_public_visibility(sr=r, hidden=True, by=desk)),
        (sr, lambda r: actions.reject_request(sr=r, by=desk, reason="Yetki dışı")),
        (other, lambda r: actions.merge_duplicate(sr=r, into=sr, by=desk)),
        (outside, lambda r: actions.forward_request(sr=r, competent_body="İSKİ", by=desk)),
        (information, lambda r: actions.extend_deadline(sr=r, by=desk, reason="Görüş soruldu")),
    ]
    for target, step in steps:
        lines, entries = target.updates.count(), AuditEntry.objects.count()
        step(ServiceRequest.objects.get(pk=target.pk))
        assert target.updates.count() > lines, step
        assert AuditEntry.objects.count() > entries, step


def test_a_request_on_the_same_street_is_suggested_as_a_duplicate_however_written():
    first = make_request(description="Asfalt bozuk", address="Lale Sokak No 12")
    second = make_request(description="Yolda büyük çukur oluştu", address="LALE SK. 4, Moda")
    elsewhere = make_request(description="Asfalt bozuk", address="Zambak Sk. 4")
    suggested = actions.suggest_duplicates(second)
    assert first in suggested and elsewhere not in suggested
