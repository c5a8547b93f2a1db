"""The watch-query language: what analysts type, what is refused and where."""

from __future__ import annotations

import pytest
from django.utils import translation

from iletisim.monitoring.matching import (
    QuerySyntaxError,
    QueryTooBroad,
    highlights,
    matches,
    parse_query,
)


@pytest.mark.parametrize(
    ("query", "position"),
    [
        ("(Kadıköy OR Üsküdar", 0),
        ("Kadıköy OR Üsküdar)", 18),
        ('"Kadıköy Belediyesi', 0),
        ("Kadıköy AND", 8),
        ("OR Kadıköy", 0),
        ("Kadıköy NEAR çöp", 8),
        ("Kadıköy NEAR/x çöp", 8),
        ("bel*ediye", 3),
        ("Kadıköy ()", 8),
        ("(Kadıköy AND çöp) NEAR/3 Üsküdar", 18),
        ("", 0),
    ],
)
def test_a_malformed_query_is_refused_with_the_position_of_the_error(query, position):
    with pytest.raises(QuerySyntaxError) as error:
        parse_query(query)
    assert error.value.position == position


def test_syntax_errors_read_in_turkish_by_default_and_in_english_on_request():
    with pytest.raises(QuerySyntaxError) as error:
        parse_query("(Kadıköy")
    with translation.override("tr"):
        assert error.value.message == "Bu parantez hiç kapatılmamış."
    with translation.override("en"):
        assert error.value.message == "This parenthesis is never closed."


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("*", "A * on its own would match every text."),
        ("ve", "“ve” is too common to watch on its own: add a more specific word."),
        ("bir OR bu", "“bir” is too common to watch on its own: add a more specific word."),
        ("NOT spor", "A query cannot consist only of exclusions (NOT)."),
        ("be*", "A prefix needs at least 3 letters before the *."),
    ],
)
def test_a_query_that_would_match_almost_everything_is_refused_with_the_reason(query, reason):
    with pytest.raises(QueryTooBroad) as error, translation.override("en"):
        parse_query(query)
    with translation.override("en"):
        assert error.value.message == reason


def test_a_stop_word_is_fine_next_to_a_specific_word():
    assert matches('"Kadıköy ve Üsküdar"', "Kadıköy ve Üsküdar belediyeleri")


def test_operators_combine_with_parentheses_and_implicit_and():
    query = "(Kadıköy OR Üsküdar) (çöp OR atık) NOT spor"
    assert matches(query, "Üsküdar'da biriken atıklar")
    assert not matches(query, "Üsküdar'da spor salonunun atıkları")
    assert not matches(query, "Beşiktaş'ta biriken atıklar")


def test_near_accepts_either_order_within_the_distance_and_nothing_further():
    assert matches("Kadıköy NEAR/2 çöp", "Kadıköy sokaklarındaki çöpler")
    assert matches("Kadıköy NEAR/2 çöp", "çöpler yine Kadıköy'de")
    assert not matches("Kadıköy NEAR/2 çöp", "Kadıköy ile Moda arasında kalan çöpler")


def test_a_trailing_star_matches_any_longer_word():
    assert matches("belediye*", "Belediyespor kazandı")
    assert not matches("belediye", "Belediyespor kazandı")


def test_highlights_cover_the_words_that_made_the_query_match():
    text = "Başkan Yılmaz’ın açıklaması, Kadıköy Belediyesi'nin sitesinde."
    spans = highlights('Yılmaz OR "Kadıköy Belediyesi" NOT spor', text)
    assert [text[start:end] for start, end in spans] == [
        "Yılmaz’ın",
        "Kadıköy Belediyesi'nin",
    ]


def test_a_text_that_does_not_match_has_no_highlights():
    assert highlights("Kadıköy", "Üsküdar'da yangın") == []
