import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iletisim.core.models import AuditEntry
from iletisim.press.actions import revision_diff, save_communication, transition_communication
from iletisim.press.models import Decision, Kind, Status
from iletisim.press.tests.factories import make_communication

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {
        "author": make_user("press_officer", "basin-yayin"),
        "reviewer": make_user("press_officer", "basin-yayin"),
        "director": make_user("director", "basin-halkla-iliskiler"),
        "mayor": make_user("mayors_office", "ozel-kalem"),
    }


def step(item, action, by, comment=""):
    return transition_communication(communication=item, action=action, by=by, comment=comment)


def test_a_release_goes_through_review_and_director_to_publication_without_the_mayor(people):
    item = make_communication(people["author"])
    step(item, "submit", people["author"])
    step(item, "approve", people["reviewer"])
    assert item.status == Status.DIRECTOR_REVIEW
    step(item, "approve", people["director"], comment="Uygun.")
    assert item.status == Status.APPROVED
    step(item, "publish", people["author"])
    assert item.status == Status.PUBLISHED
    assert item.is_public()
    verdicts = list(Decision.objects.filter(communication=item).values_list("verdict", flat=True))
    assert verdicts == ["approved", "approved_with_comment"]
    logged = set(AuditEntry.objects.filter(target_id=str(item.pk)).values_list("action", flat=True))
    assert {
        "press.communication.submitted",
        "press.communication.approved",
        "press.communication.approved_with_comment",
        "press.communication.published",
    } <= logged


def test_a_statement_needs_the_mayors_office_before_it_can_be_published(people):
    item = make_communication(people["author"], kind=Kind.STATEMENT)
    step(item, "submit", people["author"])
    step(item, "approve", people["reviewer"])
    step(item, "approve", people["director"])
    assert item.status == Status.MAYOR_REVIEW
    with pytest.raises(PermissionDenied):
        step(item, "publish", people["author"])
    with pytest.raises(PermissionDenied):
        step(item, "approve", people["director"])
    step(item, "approve", people["mayor"])
    assert item.status == Status.APPROVED


def test_the_author_cannot_approve_their_own_text(people):
    item = make_communication(people["author"])
    step(item, "submit", people["author"])
    with pytest.raises(PermissionDenied, match=r"kendi|own"):
        step(item, "approve", people["author"])
    assert item.status == Status.PRESS_REVIEW


def test_sending_back_needs_a_comment_and_returns_the_text_to_draft(people):
    item = make_communication(people["author"])
    step(item, "submit", people["author"])
    with pytest.raises(ValidationError):
        step(item, "send_back", people["reviewer"])
    step(item, "send_back", people["reviewer"], comment="Başlık çok uzun.")
    assert item.status == Status.DRAFT
    assert Decision.objects.get(communication=item).comment == "Başlık çok uzun."


def test_the_text_is_locked_while_in_review(people):
    item = make_communication(people["author"])
    step(item, "submit", people["author"])
    with pytest.raises(ValidationError):
        save_communication(
            by=people["author"],
            communication=item,
            data={"kind": item.kind, "title": "Değişti", "lead": "", "body": ""},
        )


def test_a_double_click_on_publish_publishes_once(people):
    item = make_communication(people["author"], kind=Kind.ANNOUNCEMENT)
    step(item, "submit", people["author"])
    step(item, "approve", people["reviewer"])
    step(item, "approve", people["director"])
    stale = type(item).objects.get(pk=item.pk)
    assert step(item, "publish", people["reviewer"]) is True
    assert step(stale, "publish", people["reviewer"]) is False
    assert AuditEntry.objects.filter(action="press.communication.published").count() == 1


def test_an_embargoed_release_is_scheduled_and_hidden_until_its_time(people, time_machine=None):
    import datetime as dt

    from django.utils import timezone

    later = timezone.now() + dt.timedelta(hours=2)
    item = make_communication(people["author"], embargo_until=later)
    step(item, "submit", people["author"])
    step(item, "approve", people["reviewer"])
    step(item, "approve", people["director"])
    step(item, "publish", people["author"])
    assert item.status == Status.SCHEDULED
    assert not item.is_public()
    assert item.is_public(now=later + dt.timedelta(seconds=1))


def test_scripts_pasted_from_a_word_processor_are_removed(people):
    item = make_communication(
        people["author"],
        body='<p style="x" onclick="evil()">Merhaba<script>alert(1)</script></p><o:p></o:p>',
    )
    assert "script" not in item.body
    assert "onclick" not in item.body
    assert "Merhaba" in item.body


def test_revisions_are_kept_with_a_readable_diff(people):
    item = make_communication(people["author"], body="<p>Birinci satır.</p>")
    save_communication(
        by=people["author"],
        communication=item,
        data={
            "kind": item.kind,
            "title": item.title,
            "lead": item.lead,
            "body": "<p>İkinci satır.</p>",
        },
    )
    older, newer = item.revisions.all()
    diff = revision_diff(older, newer)
    assert "-Birinci satır." in diff
    assert "+İkinci satır." in diff


def test_slugs_keep_turkish_words_readable_and_unique(people):
    first = make_communication(people["author"], title="Çöp Toplama Saatleri Değişti")
    second = make_communication(people["author"], title="Çöp Toplama Saatleri Değişti")
    assert first.slug == "cop-toplama-saatleri-degisti"
    assert second.slug == "cop-toplama-saatleri-degisti-2"
