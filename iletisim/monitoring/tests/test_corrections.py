"""Analysts' corrections: the desk corrects topic and tone, the corrections are kept, the
weekly retrain learns from them and only switches in a model that is not worse, and the
query list shows how often each query's hits were kept."""

from __future__ import annotations

import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from iletisim.accounts.roles import Role
from iletisim.core.models import AuditEntry
from iletisim.core.scheduler import JOBS
from iletisim.monitoring import retrain, topic
from iletisim.monitoring.matching import parse_query
from iletisim.monitoring.models import Correction, ItemStatus, QueryHit, WatchQuery
from iletisim.monitoring.tests.factories import ItemFactory
from iletisim.monitoring.tone import model as tone_model
from iletisim.monitoring.topic import model as topic_model

pytestmark = pytest.mark.django_db
COUNCIL = (
    "Kadıköy Belediyesi meclisi {n}. olağan toplantısında Moda sahilindeki açık hava sahnesinin "
    "yaz programını görüştü; konser, tiyatro ve sergi takvimi oy birliğiyle kabul edildi."
)


@pytest.fixture
def var_dir(tmp_path):
    """A private VAR_DIR holding a copy of the base model (so no test trains it twice)."""
    source = topic_model.cache_path()
    with override_settings(VAR_DIR=tmp_path):
        if source.exists():
            target = topic_model.cache_path()
            target.parent.mkdir(parents=True)
            shutil.copy(source, target)
        topic_model.forget_loaded_model()
        tone_model.forget_loaded_model()
        yield tmp_path
    topic_model.forget_loaded_model()
    tone_model.forget_loaded_model()


def test_the_desk_corrects_topic_and_tone_and_the_correction_is_kept(client, as_role):
    user = as_role(Role.PRESS_OFFICER)
    item = ItemFactory(topic="siyaset", tone="neutral")
    response = client.post(
        f"/staff/monitoring/items/{item.pk}/correct/", {"topic": "ekonomi", "tone": "negative"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.topic, item.tone) == ("ekonomi", "negative")
    kept = {(c.field, c.old_value, c.new_value, c.by) for c in Correction.objects.all()}
    assert kept == {("topic", "siyaset", "ekonomi", user), ("tone", "neutral", "negative", user)}
    assert AuditEntry.objects.filter(action="monitoring.item.corrected").count() == 1
    page = client.get(f"/staff/monitoring/items/{item.pk}/").content.decode()
    assert "Ekonomi" in page and "Olumsuz" in page


def test_the_mayors_office_reads_items_but_cannot_correct_them(client, as_role):
    as_role(Role.MAYORS_OFFICE)
    item = ItemFactory(topic="siyaset")
    assert client.get(f"/staff/monitoring/items/{item.pk}/").status_code == 200
    response = client.post(f"/staff/monitoring/items/{item.pk}/correct/", {"topic": "spor"})
    assert response.status_code == 403
    assert not Correction.objects.exists()


def _corrected_items(labels, by):
    from iletisim.monitoring import actions

    for number, label in enumerate(labels):
        item = ItemFactory(title="Meclis toplantısı", text=COUNCIL.format(n=number + 1))
        actions.correct_item(item=item, by=by, topic=label)


def test_the_retrain_learns_the_analysts_labels_and_switches_the_model_in(var_dir, make_user):
    analyst = make_user(Role.PRESS_OFFICER, "basin-halkla-iliskiler")
    base = topic.classify(COUNCIL.format(n=99)).label
    wanted = "spor" if base != "spor" else "saglik"
    _corrected_items([wanted] * 10, analyst)
    out = StringIO()
    call_command("monitoring_retrain", stdout=out)
    assert "held back: 2" in out.getvalue() and "switched in" in out.getvalue()
    assert "before: 0.0000 after: 1.0000" in out.getvalue()
    assert topic_model.analysts_path().exists()
    assert topic.classify(COUNCIL.format(n=99)).label == wanted


def test_a_retrained_model_that_is_worse_is_not_switched_in(var_dir, make_user):
    analyst = make_user(Role.PRESS_OFFICER, "basin-halkla-iliskiler")
    base = topic.classify(COUNCIL.format(n=99)).label
    other = "spor" if base != "spor" else "saglik"
    # Held back: the 1st and 6th corrections, which agree with the model in use.
    _corrected_items([base, other, other, other, other, base, other, other, other, other], analyst)
    report = retrain.retrain_topic()
    assert report.before == 1.0 and report.after is not None and report.after < 1.0
    assert not report.switched and not topic_model.analysts_path().exists()


def test_a_corrupted_analysts_model_falls_back_to_the_base_model(var_dir):
    path = topic_model.analysts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a model")
    assert topic.classify("Galatasaray derbide Fenerbahçe'yi 2-1 yendi.").label == "spor"


def test_without_corrections_the_retrain_keeps_the_model(var_dir):
    out = StringIO()
    call_command("monitoring_retrain", stdout=out)
    assert "model unchanged" in out.getvalue()
    assert JOBS["monitoring-retrain"].command == "monitoring_retrain"


def test_the_query_list_shows_the_share_of_hits_the_desk_kept(client, as_role):
    as_role(Role.PRESS_OFFICER)
    query = WatchQuery.objects.create(name="Başkan", text="başkan")
    for status in [ItemStatus.RELEVANT] * 3 + [ItemStatus.IRRELEVANT, ItemStatus.NEW]:
        QueryHit.objects.create(query=query, item=ItemFactory(status=status))
    page = client.get("/staff/monitoring/queries/").content.decode()
    assert "%75" in page and "4 eşleşmeden 3 tanesi tutuldu" in page


def test_the_item_page_shows_how_sure_topic_and_tone_are_until_an_analyst_corrects(client, as_role):
    from iletisim.monitoring import actions

    user = as_role(Role.PRESS_OFFICER)
    item = ItemFactory(topic="siyaset", topic_confidence=0.83, tone="negative", tone_confidence=0.6)
    page = client.get(f"/staff/monitoring/items/{item.pk}/").content.decode()
    assert "güven %83" in page and "güven %60" in page
    actions.correct_item(item=item, by=user, tone="positive")
    page = client.get(f"/staff/monitoring/items/{item.pk}/").content.decode()
    assert "güven %83" in page and "güven %60" not in page


def _tone_corrected(texts_and_labels, by):
    from iletisim.monitoring import actions

    query = WatchQuery.objects.create(name="Kadıköy Belediyesi", text='"Kadıköy Belediyesi"')
    for text, label in texts_and_labels:
        item = ItemFactory(title="Belediye", text=text, tone=None)
        QueryHit.objects.create(query=query, item=item, spans=[])
        actions.correct_item(item=item, by=by, tone=label)


# Words the lexicon does not know, that the analysts read as praise or as blame here.
PRAISE = (
    "Kadıköy Belediyesi sahil düzenlemesiyle mahalleliye nefes aldırdı, {n}. etap da çabucak bitti."
)
BLAME = "Kadıköy Belediyesi {n}. kez ihaleyi eşe dosta verdi, mahalleli ayakta."


def test_below_the_threshold_the_tone_stays_with_the_lexicon(var_dir, make_user):
    analyst = make_user(Role.PRESS_OFFICER, "basin-halkla-iliskiler")
    _tone_corrected([(PRAISE.format(n=n), "positive") for n in range(5)], analyst)
    out = StringIO()
    call_command("monitoring_retrain", stdout=out)
    assert "tone: 5 corrected items, a model needs 100" in out.getvalue()
    assert not tone_model.analysts_path().exists()


def test_the_tone_model_learns_the_analysts_labels_and_is_switched_in(
    var_dir, make_user, monkeypatch
):
    from iletisim.monitoring import tone

    monkeypatch.setattr(tone_model, "MIN_EXAMPLES", 20)
    analyst = make_user(Role.PRESS_OFFICER, "basin-halkla-iliskiler")
    query = parse_query('"Kadıköy Belediyesi"')
    assert tone.score_tone(BLAME.format(n=99), query).label == "neutral"  # the lexicon misses it
    labelled = [(PRAISE.format(n=n), "positive") for n in range(12)]
    labelled += [(BLAME.format(n=n), "negative") for n in range(12)]
    _tone_corrected(labelled, analyst)
    out = StringIO()
    call_command("monitoring_retrain", stdout=out)
    assert "tone: 24 corrected items, held back: 5" in out.getvalue()
    assert "switched in" in out.getvalue().split("tone:")[1]
    scored = tone.score_tone(BLAME.format(n=99), query)
    assert scored.label == "negative" and 0.5 < scored.confidence <= 1.0


def test_a_worse_tone_model_is_not_switched_in(var_dir, make_user, monkeypatch):
    from iletisim.monitoring import retrain

    monkeypatch.setattr(tone_model, "MIN_EXAMPLES", 10)
    analyst = make_user(Role.PRESS_OFFICER, "basin-halkla-iliskiler")
    # The held-back ones (1st, 6th) are plain praise the lexicon gets right; the others call
    # the same words bad or neutral, so a model learning them gets the held-back ones wrong.
    plain = "Kadıköy Belediyesi yeni parkı hizmete açtı, ödül aldı. {n}"
    labels = ["positive", "negative", "neutral", "negative", "neutral"] * 2
    _tone_corrected([(plain.format(n=n), label) for n, label in enumerate(labels)], analyst)
    report = retrain.retrain_tone()
    assert report.before == 1.0 and report.after is not None and report.after < 1.0
    assert not report.switched and not tone_model.analysts_path().exists()


def test_a_corrupted_tone_model_falls_back_to_the_lexicon(var_dir):
    from iletisim.monitoring import tone

    path = tone_model.analysts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage")
    tone_model.forget_loaded_model()
    scored = tone.score_tone("Kadıköy Belediyesi projesiyle ödül aldı.")
    assert scored.label == "positive"
