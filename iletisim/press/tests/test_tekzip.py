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


def test_two_months_from_the_end_of_a_month_lands_on_the_last_day_of_the_shorter_month():
    assert due_date("tekzip-basin", dt.date(2026, 12, 31), get_calendar()) == dt.date(2027, 3, 1)


def make_rebuttal(make_user, body="<p>Haber gerçeği yansıtmamaktadır.</p>", **kwargs):
    officer = make_user("press_officer", "basin-yayin")
    item = make_communication(officer, kind=Kind.REBUTTAL, title="Tekzip", body=body)
    defaults = {
        "medium": Rebuttal.Medium.PRESS,
        "outlet": make_outlet(is_daily=True),
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
    assert rebuttal.reminded_for == ["send"]
