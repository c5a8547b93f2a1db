"""The press demo: a draft tekzip of an article the monitoring demo filed, with its legal
clocks, and a journalist's request waiting for the press office."""

import io

import pytest
from django.core.management import call_command

from iletisim.accounts.models import User
from iletisim.press.models import Rebuttal
from iletisim.press.request_models import PressRequest

pytestmark = pytest.mark.django_db


def test_the_demo_tekzip_answers_a_monitored_article_and_shows_its_clocks(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent

    rebuttal = Rebuttal.objects.select_related("clipping", "outlet").get()
    assert rebuttal.clipping is not None
    assert rebuttal.clipping.title == rebuttal.article_title
    assert rebuttal.clipping.outlet.name == rebuttal.outlet.name == "Olay Gazetesi"
    assert PressRequest.objects.filter(status=PressRequest.RequestStatus.NEW).count() == 1

    client.force_login(User.objects.get(username="basin"))
    page = client.get("/staff/press/rebuttals/").text
    assert "Su kesintisi hastaneleri de etkiledi" in page
    assert "Tekzibi yayın organına gönder:" in page  # 5187 art. 14: two months to send it
    assert "Ayla Muhabir" in client.get("/staff/press/requests/").text
