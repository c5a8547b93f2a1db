import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from iletisim.core.calendar import get_calendar
from iletisim.core.deadlines import due_date
from iletisim.press.models import Kind, Rebuttal
from iletisim.press.tekzip import clocks, length_problem, letter_pdf
from iletisim.press.tests.factories import make_communication, make_outlet

pytestmark = pytest.mark.django_db


def test_legal_deadline_knows_the_rebuttal_kinds(capsys):
    call_command("legal_deadline", "tekzip-basin", "2026-05-04")
    # Two months after 4 May is Saturday 4 July: rolled to Monday 6 July.
    assert capsys.readouterr().out.strip().splitlines()[-1] == "2026-07-06"
    call_command("legal_deadline", "tekzip-yayin", "2026-05-04")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "2026-07-03"


def test_legal_deadline_knows_the_publication_rules_after_receipt(capsys):
    # Received on Monday 11 May 2026: a daily publishes by Thursday 14 May; any other
    # periodical in its first issue after 14 May; a broadcaster airs it by 18 May.
    explained = {}
    for kind, due in [
        ("tekzip-basin-gunluk", "2026-05-14"),
        ("tekzip-basin-sureli", "2026-05-14"),
        ("tekzip-yayin-yayim", "2026-05-18"),
    ]:
        call_command("legal_deadline", kind, "2026-05-11", "--explain")
        out = capsys.readouterr().out.strip().splitlines()
        assert out[-1] == due, kind
        explained[kind] = out[0]
    assert "ilk sayı" in explained["tekzip-basin-sureli"]


def test_two_months_from_the_end_of_a_month_lands_on_the_last_day_of_the_shorter_month():
    assert due_date("tekzip-basin", dt.date(2026, 12, 31), get_calendar()) == dt.date(2027, 3, 1)


def make_rebuttal(make_user, body="<p>Haber gerçeği yansıtmamaktadır.</p>", **kwargs):
    officer = make_user("press_officer", "basin-yayin")
    item = make_communication(officer, kind=Kind.REBUTTAL, title="Tekzip", body=body)
    defaults = {
        "medium": Rebuttal.Medium.PRESS,
        "outlet": make_outlet(periodicity="daily"),
        "article_title": "Belediye parkı satıyor",
        "article_published_on": dt.date(2026, 5, 4),
        "article_lines": 40,
        **kwargs,
    }
    return Rebuttal.objects.create(communication=item, **defaults)


def test_a_rebuttal_to_a_daily_shows_send_publish_and_court_deadlines(make_user):
    rebuttal = make_rebuttal(make_user)
    assert [c.key for c in clocks(rebuttal)] == ["send"]
    rebuttal.sent_on = dt.date(2026, 5, 11)
    found = {c.key: c.due for c in clocks(rebuttal)}
    assert found["send"] == dt.date(2026, 7, 6)
    assert found["publish"] == dt.date(2026, 5, 14)
    # 15 days after 14 May is 29 May, in the Kurban Bayramı holiday: rolled to 1 June.
    assert found["court"] == dt.date(2026, 6, 1)


def test_a_rebuttal_longer_than_the_article_is_flagged(make_user):
    long_body = "".join(f"<p>{'Uzun bir satır metni ' * 3}</p>" for _ in range(45))
    rebuttal = make_rebuttal(make_user, body=long_body, article_lines=40)
    assert "en fazla 40" in (length_problem(rebuttal) or "")


def test_a_short_article_still_allows_thirty_lines(make_user):
    body = "".join("<p>Kısa satır.</p>" for _ in range(25))
    rebuttal = make_rebuttal(make_user, body=body, article_lines=10)
    assert length_problem(rebuttal) is None


def test_the_letter_to_the_outlet_is_a_pdf_with_turkish_letters(make_user):
    rebuttal = make_rebuttal(make_user)
    pdf = letter_pdf(rebuttal, municipality="Örnek Belediyesi")
    assert pdf.startswith(b"%PDF-")
    assert b"DejaVuSans" in pdf


def test_reminders_go_out_once_per_deadline(make_user, time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 3, 9, 0, tzinfo=dt.UTC))
    rebuttal = make_rebuttal(make_user)
    call_command("press_tekzip_reminders")
    call_command("press_tekzip_reminders")
    reminders = [m for m in mail.outbox if "Tekzip süresi" in m.subject]
    assert len(reminders) == 1
    assert "06.07.2026" in reminders[0].subject
    rebuttal.refresh_from_db()
    assert rebuttal.reminded_for == ["send@2026-07-06"]


def publish_due(rebuttal):
    return {c.key: c for c in clocks(rebuttal)}["publish"]


def test_a_weekly_publishes_in_its_first_issue_after_the_three_days(make_user):
    # The weekly comes out on Wednesdays (6 May 2026 was one).
    weekly = make_outlet("Haftalık Kent", periodicity="weekly", issue_anchor=dt.date(2026, 5, 6))
    rebuttal = make_rebuttal(make_user, outlet=weekly, sent_on=dt.date(2026, 5, 8))
    # Sent on Friday 8 May, receipt not recorded: three days end on Monday 11 May, the first
    # issue after is Wednesday 13 May, and the court window runs 15 days from there.
    publish = publish_due(rebuttal)
    assert publish.due == dt.date(2026, 5, 13)
    assert "11.05.2026" in str(publish.note)
    # 13 May + 15 days is 28 May, in the Kurban Bayramı holiday: rolled to Monday 1 June.
    assert {c.key: c.due for c in clocks(rebuttal)}["court"] == dt.date(2026, 6, 1)
    # The outlet signed for it on Monday 11 May: the three days end on Thursday 14 May and
    # the Wednesday 13 May issue is too early; the next one is 20 May.
    rebuttal.received_on = dt.date(2026, 5, 11)
    assert publish_due(rebuttal).due == dt.date(2026, 5, 20)


def test_an_issue_on_the_last_of_the_three_days_does_not_count(make_user):
    weekly = make_outlet("Haftalık Kent", periodicity="weekly", issue_anchor=dt.date(2026, 5, 6))
    rebuttal = make_rebuttal(
        make_user, outlet=weekly, sent_on=dt.date(2026, 5, 1), received_on=dt.date(2026, 5, 3)
    )
    # Three days from Sunday 3 May end on Wednesday 6 May, an issue day: the next issue.
    assert publish_due(rebuttal).due == dt.date(2026, 5, 13)


def test_a_fortnightly_counts_its_issues_from_any_known_one(make_user):
    outlet = make_outlet(
        "İki Haftada Bir", periodicity="fortnightly", issue_anchor=dt.date(2026, 6, 5)
    )
    rebuttal = make_rebuttal(
        make_user, outlet=outlet, sent_on=dt.date(2026, 5, 11), received_on=dt.date(2026, 5, 11)
    )
    # Issues on 22 May and 5 June (counted back from the known 5 June issue).
    assert publish_due(rebuttal).due == dt.date(2026, 5, 22)


def test_a_monthly_that_comes_out_on_the_31st_comes_out_on_the_last_day_of_short_months(
    make_user,
):
    monthly = make_outlet("Aylık Dergi", periodicity="monthly", issue_anchor=dt.date(2026, 1, 31))
    rebuttal = make_rebuttal(
        make_user, outlet=monthly, sent_on=dt.date(2026, 2, 20), received_on=dt.date(2026, 2, 20)
    )
    assert publish_due(rebuttal).due == dt.date(2026, 2, 28)
    rebuttal.received_on = dt.date(2026, 2, 26)
    assert publish_due(rebuttal).due == dt.date(2026, 3, 31)


def test_a_publication_calendar_gives_the_issue_dates(make_user):
    outlet = make_outlet(
        "Düzensiz Bülten", periodicity="calendar", issue_dates=["2026-06-01", "2026-05-15"]
    )
    rebuttal = make_rebuttal(
        make_user, outlet=outlet, sent_on=dt.date(2026, 5, 11), received_on=dt.date(2026, 5, 11)
    )
    assert publish_due(rebuttal).due == dt.date(2026, 5, 15)
    rebuttal.received_on = dt.date(2026, 5, 12)
    assert publish_due(rebuttal).due == dt.date(2026, 6, 1)


def test_an_outlet_without_a_known_schedule_gives_an_estimate_that_says_so(make_user):
    outlet = make_outlet("Bilinmeyen Dergi", periodicity="")
    rebuttal = make_rebuttal(
        make_user, outlet=outlet, sent_on=dt.date(2026, 5, 11), received_on=dt.date(2026, 5, 11)
    )
    publish = publish_due(rebuttal)
    assert publish.due == dt.date(2026, 5, 15)
    assert "tahmini" in str(publish.note)


def test_a_broadcaster_airs_the_reply_within_seven_days_of_receipt(make_user):
    channel = make_outlet("Kanal Kent", kind="tv")
    rebuttal = make_rebuttal(
        make_user,
        outlet=channel,
        medium=Rebuttal.Medium.BROADCAST,
        sent_on=dt.date(2026, 5, 11),
        received_on=dt.date(2026, 5, 12),
    )
    # Seven days from 12 May is 19 May, a public holiday: rolled to 20 May.
    assert publish_due(rebuttal).due == dt.date(2026, 5, 20)


def test_the_reminder_names_the_weekly_issue_the_rebuttal_is_due_in(make_user, time_machine):
    weekly = make_outlet("Haftalık Kent", periodicity="weekly", issue_anchor=dt.date(2026, 5, 6))
    rebuttal = make_rebuttal(
        make_user, outlet=weekly, sent_on=dt.date(2026, 5, 8), received_on=dt.date(2026, 5, 11)
    )
    time_machine.move_to(dt.datetime(2026, 5, 14, 9, 0, tzinfo=dt.UTC))
    call_command("press_tekzip_reminders")
    assert not [m for m in mail.outbox if "20.05.2026" in m.subject]
    time_machine.move_to(dt.datetime(2026, 5, 17, 9, 0, tzinfo=dt.UTC))
    call_command("press_tekzip_reminders")
    call_command("press_tekzip_reminders")
    reminders = [m for m in mail.outbox if "20.05.2026" in m.subject]
    assert len(reminders) == 1
    rebuttal.refresh_from_db()
    assert "publish@2026-05-20" in rebuttal.reminded_for


def test_a_deadline_that_moves_is_reminded_again_for_its_new_date(make_user, time_machine):
    weekly = make_outlet("Haftalık Kent", periodicity="weekly", issue_anchor=dt.date(2026, 5, 6))
    rebuttal = make_rebuttal(make_user, outlet=weekly, sent_on=dt.date(2026, 5, 8))
    time_machine.move_to(dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC))
    call_command("press_tekzip_reminders")  # counted from sending: the 13 May issue
    rebuttal.refresh_from_db()
    rebuttal.received_on = dt.date(2026, 5, 11)  # the receipt arrives: the 20 May issue
    rebuttal.save(update_fields=["received_on"])
    time_machine.move_to(dt.datetime(2026, 5, 17, 9, 0, tzinfo=dt.UTC))
    call_command("press_tekzip_reminders")
    subjects = [m.subject for m in mail.outbox]
    assert any("13.05.2026" in s for s in subjects)
    assert any("20.05.2026" in s for s in subjects)


def test_a_rebuttal_published_not_as_the_law_requires_gives_15_days_from_that_issue(make_user):
    rebuttal = make_rebuttal(
        make_user, sent_on=dt.date(2026, 5, 11), received_on=dt.date(2026, 5, 11)
    )
    rebuttal.outcome = Rebuttal.Outcome.IMPROPER
    rebuttal.outcome_on = dt.date(2026, 6, 3)  # printed on another page, in small type
    found = {c.key: c for c in clocks(rebuttal)}
    assert "court" not in found
    # 3 June + 15 days = Thursday 18 June.
    assert found["court_improper"].due == dt.date(2026, 6, 18)
    assert not found["court_improper"].done
