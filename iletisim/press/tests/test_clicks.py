"""Click tracking: off unless configured (KVKK); when on, a signed redirect that cannot be
turned into an open redirect."""

import re

import pytest
from django.urls import reverse

from iletisim.press import distribution
from iletisim.press.clicks import click_token
from iletisim.press.models import Recipient
from iletisim.press.tests.factories import make_journalists, make_list, make_published

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="([^"]+)"')


@pytest.fixture
def officer(make_user):
    return make_user("press_officer", "basin-yayin")


def send_one(
    officer,
    body='<p>Ayrıntılar <a href="https://bakanlik.example/duyuru?a=1&amp;b=2">burada</a>.</p>',
):
    item = make_published(officer, body=body)
    contact_list = make_list(make_journalists(1))
    sent = distribution.create_distribution(
        by=officer, communication=item, lists=[contact_list], segments=[]
    )
    distribution.send_pending(sent.pk)
    return sent.recipients.get()


def html_links(mail):
    return LINK.findall(mail.message.get_body(preferencelist=("html",)).get_content())


def test_links_go_straight_to_their_address_when_click_tracking_is_off(officer, smtp_sink):
    send_one(officer)
    links = html_links(smtp_sink.messages[0])
    assert "https://bakanlik.example/duyuru?a=1&amp;b=2" in links
    assert not any("/basin-odasi/t/" in link for link in links)


def test_with_click_tracking_on_a_click_is_counted_and_leads_to_the_original_address(
    officer, smtp_sink, settings, client
):
    settings.PRESS_CLICK_TRACKING = True
    row = send_one(officer)
    links = html_links(smtp_sink.messages[0])
    tracked = [link for link in links if "/basin-odasi/t/" in link]
    assert len(tracked) == 2  # the link in the text and the press-room page
    unsubscribe = smtp_sink.messages[0].message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.replace("&", "&amp;") in links  # never tracked
    path = "/" + tracked[0].split("://", 1)[1].split("/", 1)[1]
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "https://bakanlik.example/duyuru?a=1&b=2"
    client.get(path)
    row.refresh_from_db()
    assert row.clicks == 2
    assert row.clicked_at is not None


def test_a_flood_of_clicks_from_one_address_still_redirects_but_is_not_counted(
    officer, smtp_sink, settings, client
):
    from iletisim.press.public_views import CLICKS_PER_MINUTE

    settings.PRESS_CLICK_TRACKING = True
    row = send_one(officer)
    tracked = [link for link in html_links(smtp_sink.messages[0]) if "/basin-odasi/t/" in link]
    path = "/" + tracked[0].split("://", 1)[1].split("/", 1)[1]
    responses = [client.get(path) for _ in range(CLICKS_PER_MINUTE + 10)]
    assert {response.status_code for response in responses} == {302}
    row.refresh_from_db()
    assert row.clicks == CLICKS_PER_MINUTE


def test_an_edited_or_forged_click_link_is_refused_rather_than_redirected(officer, client):
    good = click_token(1, "https://belediye.example/")
    evil = click_token(1, "https://kotu-site.example/")
    # The address part of one token with the signature of the other:
    edited = evil.split(":", 1)[0] + ":" + good.split(":", 1)[1]
    assert client.get(reverse("press_public:click", args=[edited])).status_code == 404
    assert client.get(reverse("press_public:click", args=[good])).status_code == 302
    assert client.get(reverse("press_public:click", args=["1:abc:def"])).status_code == 404


def test_a_signed_link_to_a_non_web_address_is_refused(client):
    token = click_token(1, "javascript:alert(1)")
    assert client.get(reverse("press_public:click", args=[token])).status_code == 404


def test_the_unsubscribe_token_cannot_be_used_as_a_click_link(officer, smtp_sink, client):
    row = send_one(officer)
    token = distribution.unsubscribe_token(row.pk)
    assert client.get(reverse("press_public:click", args=[token])).status_code == 404
    assert Recipient.objects.get(pk=row.pk).clicks == 0


def test_the_distribution_page_counts_who_clicked_only_when_tracking_is_on(
    smtp_sink, settings, client, make_user
):
    from iletisim.press.tests.test_views_staff import login

    officer = login(client, make_user, "press_officer")
    row = send_one(officer)
    url = reverse("press:distribution-detail", args=[row.distribution_id])
    assert 'data-testid="clicked"' not in client.get(url).content.decode()
    settings.PRESS_CLICK_TRACKING = True
    client.get(reverse("press_public:click", args=[click_token(row.pk, "https://a.example/")]))
    page = client.get(url).content.decode()
    assert 'data-testid="clicked">1<' in page
    assert "Bağlantıya tıklayan alıcılar" in page
