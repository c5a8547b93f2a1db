"""Worked examples of the working-day calendar, checked by hand against the 2026 calendar.

2026: Ramazan Bayramı Fri 20 – Sun 22 March (arife Thu 19, half day); 23 Nisan is a
Thursday; 1 Mayıs a Friday; Kurban Bayramı Wed 27 – Sat 30 May (arife Tue 26, half day);
29 Ekim a Thursday (28 Ekim half day); 1 January 2027 a Friday.
"""

import datetime as dt

import pytest

from iletisim.lib.calendar import WorkingCalendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return WorkingCalendar()


def test_it_counts_working_days_from_the_day_after_across_ramazan_bayrami(cal):
    # Received Tue 17 March: 18, 19 (half day counts), then 23 March onward.
    assert cal.add_working_days(D(2026, 3, 17), 15) == D(2026, 4, 8)
    assert cal.working_days_between(D(2026, 3, 17), D(2026, 4, 8)) == 15


def test_it_skips_kurban_bayrami_and_the_weekend_after_it(cal):
    # Fri 22 May + 3: Mon 25, Tue 26 (arife, half), [27-31 off], Mon 1 June.
    assert cal.add_working_days(D(2026, 5, 22), 3) == D(2026, 6, 1)


def test_it_skips_23_nisan_and_1_mayis(cal):
    assert cal.add_working_days(D(2026, 4, 22), 1) == D(2026, 4, 24)
    assert cal.add_working_days(D(2026, 4, 30), 1) == D(2026, 5, 4)


def test_28_ekim_is_a_half_working_day_and_29_ekim_is_off(cal):
    assert cal.is_working_day(D(2026, 10, 28))
    assert cal.is_half_day(D(2026, 10, 28))
    assert not cal.is_working_day(D(2026, 10, 29))
    assert cal.add_working_days(D(2026, 10, 27), 2) == D(2026, 10, 30)


def test_it_crosses_the_year_boundary_and_new_years_day(cal):
    # Wed 30 Dec + 3: Thu 31, [Fri 1 Jan off, weekend], Mon 4, Tue 5 January 2027.
    assert cal.add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 5)
    assert cal.working_days_between(D(2026, 12, 30), D(2027, 1, 5)) == 3


def test_a_calendar_day_deadline_on_a_holiday_moves_to_the_next_working_day(cal):
    # 29 April + 30 days = Fri 29 May (Kurban Bayramı); Sat 30, Sun 31 → Mon 1 June.
    assert cal.add_calendar_days_rolled(D(2026, 4, 29), 30) == D(2026, 6, 1)
    # 29 Sept + 30 days = Thu 29 October (Cumhuriyet Bayramı) → Fri 30 October.
    assert cal.add_calendar_days_rolled(D(2026, 9, 29), 30) == D(2026, 10, 30)
    # A deadline that lands on a working day stays.
    assert cal.add_calendar_days_rolled(D(2026, 6, 1), 30) == D(2026, 7, 1)


def test_next_working_day_is_strictly_after_and_roll_forward_keeps_a_working_day(cal):
    assert cal.next_working_day(D(2026, 3, 18)) == D(2026, 3, 19)
    assert cal.next_working_day(D(2026, 3, 19)) == D(2026, 3, 23)
    assert cal.roll_forward(D(2026, 3, 18)) == D(2026, 3, 18)
    assert cal.roll_forward(D(2026, 3, 21)) == D(2026, 3, 23)


def test_an_event_on_a_saturday_starts_counting_on_monday(cal):
    assert cal.add_working_days(D(2026, 4, 25), 1) == D(2026, 4, 27)


def test_extra_days_off_are_not_working_days():
    cal = WorkingCalendar(extra_days_off={D(2026, 3, 23): "İdari izin"})
    assert not cal.is_working_day(D(2026, 3, 23))
    assert cal.holiday_name(D(2026, 3, 23)) == "İdari izin"
    assert cal.add_working_days(D(2026, 3, 17), 15) == D(2026, 4, 9)


def test_working_days_between_is_negative_backwards_and_zero_on_the_same_day(cal):
    assert cal.working_days_between(D(2026, 4, 8), D(2026, 3, 17)) == -15
    assert cal.working_days_between(D(2026, 4, 8), D(2026, 4, 8)) == 0


def test_holiday_names_are_turkish(cal):
    assert cal.holiday_name(D(2026, 4, 23)) == "Ulusal Egemenlik ve Çocuk Bayramı"
    assert cal.holiday_name(D(2026, 4, 24)) is None


def test_it_lists_the_days_off_and_half_days_of_a_month(cal):
    days = list(cal.days_off_between(D(2026, 5, 25), D(2026, 5, 31)))
    assert [(d.date.day, d.working, d.half_day) for d in days] == [
        (26, True, True),
        (27, False, False),
        (28, False, False),
        (29, False, False),
        (30, False, False),
    ]


def test_it_refuses_dates_outside_the_years_it_knows(cal):
    with pytest.raises(ValueError, match="outside"):
        cal.is_working_day(D(2100, 1, 4))


def test_negative_day_counts_are_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(D(2026, 1, 5), -1)
