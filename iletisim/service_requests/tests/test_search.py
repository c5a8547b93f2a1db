"""The desk's search: Turkish folding, suffixes after apostrophes, several words, tracking
numbers; on PostgreSQL through the trigram index."""

import pytest
from django.db import connection
from django.urls import reverse

from iletisim.service_requests.models import ServiceRequest
from iletisim.service_requests.search import search_requests
from iletisim.service_requests.tests.factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_user):
    return make_user("pr_operator", "halkla-iliskiler")


def found(query):
    return set(
        search_requests(ServiceRequest.objects.all(), query).values_list(
            "tracking_number", flat=True
        )
    )


@pytest.mark.parametrize("query", ["KADIKOY", "kadıköy", "Kadıköy'de", "Kadıköy’de", "KADIKÖY"])
def test_every_spelling_of_a_place_finds_the_same_request(query):
    wanted = make_request(description="Kadıköy'de Moda sahilinde çöp toplanmıyor")
    make_request(description="Üsküdar'da kaldırım kırık")
    assert found(query) == {wanted.tracking_number}


def test_the_place_written_without_apostrophe_in_the_text_is_found_with_one():
    wanted = make_request(description="KADIKOY MERKEZDE ISIKLAR YANMIYOR")
    assert found("Kadıköy'de ışıklar") == {wanted.tracking_number}


def test_all_words_must_match_in_any_order_and_a_word_finds_its_suffixed_forms():
    both = make_request(description="Sokağımızdaki çukurları kimse kapatmıyor", address="Moda")
    make_request(description="Sokağımızdaki ağaç devrildi", address="Moda")
    assert found("moda çukur") == {both.tracking_number}
    assert found("ÇUKUR sokağımızdaki") == {both.tracking_number}


def test_a_tracking_number_finds_that_request_alone():
    first = make_request()
    make_request()
    assert found(f" {first.tracking_number} ") == {first.tracking_number}


def test_short_words_are_ignored_next_to_longer_ones_and_markup_is_just_text():
    wanted = make_request(description="Parkta <b>kırık</b> bank var")
    assert found("bu kırık") == {wanted.tracking_number}
    assert found("<b>") == {wanted.tracking_number}


def test_the_inbox_search_box_uses_the_folded_words(client, desk):
    wanted = make_request(description="Kadıköy'de çukur")
    other = make_request(description="Bostancı'da çukur")
    client.force_login(desk)
    page = client.get(reverse("service_requests:inbox"), {"q": "KADIKOY cukur"}).content.decode()
    assert wanted.tracking_number in page and other.tracking_number not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_postgresql_serves_the_search_from_the_trigram_index():
    make_request(description="Kadıköy'de çukur")
    query = search_requests(ServiceRequest.objects.all(), "kadikoy")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table: make the planner show its hand
        plan = query.explain()
        cursor.execute("RESET enable_seqscan")
    assert "sr_search_trgm" in plan
