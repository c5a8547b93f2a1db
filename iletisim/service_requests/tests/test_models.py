import pytest

from iletisim.accounts.models import Unit
from iletisim.service_requests.forms import valid_national_id
from iletisim.service_requests.models import (
    TRANSITIONS,
    Category,
    Neighbourhood,
    Status,
    TransitionError,
)
from iletisim.service_requests.tests.factories import make_request

pytestmark = pytest.mark.django_db


def test_a_fresh_install_has_at_least_forty_categories_each_with_a_real_unit():
    categories = Category.objects.select_related("default_unit")
    assert categories.count() >= 40
    units = set(Unit.objects.values_list("code", flat=True))
    assert {c.default_unit.code for c in categories} <= units
    assert len({c.default_unit.code for c in categories}) >= 15


def test_a_fresh_install_knows_the_district_neighbourhoods():
    assert Neighbourhood.objects.count() >= 20
    assert Neighbourhood.objects.filter(name="Fikirtepe").exists()


def test_outside_categories_name_the_competent_body():
    water = Category.objects.get(code="su-kanalizasyon")
    assert water.default_unit.code == "diger-kurum"
    assert "Su" in water.competent_body


def test_every_status_has_a_row_in_the_transitions_table():
    assert set(TRANSITIONS) == set(Status.values)


def test_a_forbidden_transition_is_refused_and_leaves_no_trace():
    sr = make_request()
    before = sr.updates.count()
    with pytest.raises(TransitionError):
        sr.transition(Status.CLOSED)
    sr.refresh_from_db()
    assert sr.status == Status.RECEIVED
    assert sr.updates.count() == before


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s, targets in TRANSITIONS.items() for t in sorted(targets)],
)
def test_each_allowed_transition_changes_status_and_writes_the_timeline(source, target):
    sr = make_request()
    sr.status = source
    sr.save(update_fields=["status"])
    line = sr.transition(target)
    sr.refresh_from_db()
    assert sr.status == target
    assert (line.status_from, line.status_to) == (source, target)


def test_tracking_numbers_follow_the_year_and_the_secret_is_long_and_unique():
    first, second = make_request(), make_request()
    year = first.created_at.year
    assert first.tracking_number.startswith(f"{year}-")
    assert int(second.tracking_number[-6:]) == int(first.tracking_number[-6:]) + 1
    assert first.secret != second.secret
    assert len(first.secret) >= 32


@pytest.mark.parametrize(
    ("value", "valid"),
    [("10000000146", True), ("10000000147", False), ("01234567890", False), ("1234", False)],
)
def test_the_tc_kimlik_checksum_is_checked(value, valid):
    assert valid_national_id(value) is valid
