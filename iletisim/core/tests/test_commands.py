import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from iletisim.accounts.models import Membership, User
from iletisim.core.models import DayOff

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "date", "due"),
    [
        ("bilgi-edinme", "2026-03-17", "2026-04-08"),
        ("bilgi-edinme", "2025-12-25", "2026-01-16"),
        ("bilgi-edinme-uzatma", "2026-05-15", "2026-07-02"),
        ("dilekce", "2026-04-29", "2026-06-01"),
        ("kvkk-basvuru", "2026-09-29", "2026-10-30"),
    ],
)
def test_legal_deadline_prints_the_due_date_last(kind, date, due):
    assert run("legal_deadline", kind, date).strip().splitlines()[-1] == due


def test_legal_deadline_counts_declared_days_off():
    DayOff.objects.create(date="2026-03-23", name="İdari izin")
    assert run("legal_deadline", "bilgi-edinme", "2026-03-17").strip() == "2026-04-09"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tekzip-uzay", "2026-01-01"), "unknown kind 'tekzip-uzay'"),
        (("dilekce", "2026-02-30"), "not a date in YYYY-MM-DD form"),
        (("dilekce", "01.02.2026"), "not a date in YYYY-MM-DD form"),
        (("dilekce", "2199-01-01"), "outside the calendar's years"),
    ],
)
def test_legal_deadline_refuses_bad_input_with_a_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("legal_deadline", *args)


def test_legal_deadline_exits_non_zero_with_one_line_from_the_shell():
    result = subprocess.run(
        [sys.executable, "manage.py", "legal_deadline", "nope", "2026-01-01"],
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "unknown kind" in result.stderr


def test_seed_demo_is_idempotent():
    first = run("seed_demo")
    counts = (User.objects.count(), Membership.objects.count(), DayOff.objects.count())
    run("seed_demo")
    assert (User.objects.count(), Membership.objects.count(), DayOff.objects.count()) == counts
    assert "admin" in first and "demo-Iletisim-2026" in first
    assert set(Membership.objects.values_list("role", flat=True)) == {
        "admin",
        "director",
        "press_officer",
        "pr_operator",
        "unit_manager",
        "unit_staff",
        "mayors_office",
        "auditor",
    }
