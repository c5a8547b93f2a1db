import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from iletisim.core.models import AuditEntry
from iletisim.monitoring.models import Medium
from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory
from iletisim.press.models import Kind, Rebuttal
from iletisim.press.tests.factories import make_communication, make_outlet
from iletisim.press.tests.test_views_staff import login

pytestmark = pytest.mark.django_db

ARTICLE = "Belediyenin sahildeki parkı sattığı iddia edildi.\nİhale belgeleri incelendi."


def make_rebuttal_draft(author):
    return make_communication(
        author,
        kind=Kind.REBUTTAL,
        title="Park satılmadı",
        body="<p>Park satılmamıştır; ihale yapılmamıştır.</p>",
    )


def test_the_press_officer_finds_the_article_in_monitoring_and_answers_it(client, make_user):
    followed = OutletFactory(name="Kent Postası")
    ours = make_outlet("Kent Postası", periodicity="daily", monitoring_outlet_id=followed.pk)
    item = ItemFactory(
        outlet=followed,
        title="Sahildeki park satıldı mı?",
        text=ARTICLE,
        published_at=timezone.make_aware(dt.datetime(2026, 5, 4, 8, 0)),
        search_text="sahildeki park satildi mi " + "belediyenin sahildeki parki",
    )
    ItemFactory(title="Başka bir haber", text="Trafik düzenlemesi.", search_text="trafik")
    officer = login(client, make_user, "press_officer")
    draft = make_rebuttal_draft(officer)
    page_url = reverse("press:communication-detail", args=[draft.pk])

    found = client.get(page_url, {"clipping_q": "SAHİLDEKİ park"}).content.decode()
    assert "Sahildeki park satıldı mı?" in found
    assert "Başka bir haber" not in found

    picked = client.get(page_url, {"clipping": item.pk}).content.decode()
    # The article's text sits next to the draft, and the form is filled from it.
    assert "İhale belgeleri incelendi." in picked
    assert "Park satılmamıştır" in picked
    assert 'value="Sahildeki park satıldı mı?"' in picked
    assert 'value="2026-05-04"' in picked

    client.post(
        reverse("press:rebuttal-create", args=[draft.pk]),
        {
            "clipping_id": item.pk,
            "medium": "press",
            "outlet": ours.pk,
            "article_title": "Sahildeki park satıldı mı?",
            "article_published_on": "2026-05-04",
            "article_lines": 2,
        },
    )
    rebuttal = Rebuttal.objects.get()
    assert rebuttal.clipping_id == item.pk
    page = client.get(page_url).content.decode()
    assert "İhale belgeleri incelendi." in page
    assert AuditEntry.objects.filter(action="press.rebuttal.created").exists()


def test_a_broadcast_clipping_starts_a_broadcast_rebuttal_and_names_a_missing_outlet(
    client, make_user
):
    channel = OutletFactory(name="Kanal Kent", type="tv")
    item = ItemFactory(outlet=channel, medium=Medium.TV, title="Akşam haberleri", text="Söz konusu")
    officer = login(client, make_user, "press_officer")
    draft = make_rebuttal_draft(officer)
    page = client.get(
        reverse("press:communication-detail", args=[draft.pk]), {"clipping": item.pk}
    ).content.decode()
    assert 'value="broadcast" selected' in page or 'value="broadcast" checked' in page
    assert "“Kanal Kent” henüz rehberde bir yayın organı değil" in page
    # One click adds it, filled from monitoring's outlet, and comes back to the rebuttal.
    add_url = re.search(r'href="([^"]*from_monitoring=[^"]*)"', page).group(1).replace("&amp;", "&")
    form = client.get(add_url).content.decode()
    assert 'value="Kanal Kent"' in form
    assert f'<option value="{channel.pk}" selected>Kanal Kent</option>' in form
    saved = client.post(
        add_url,
        {"name": "Kanal Kent", "kind": "tv", "scope": "local", "city": "", "periodicity": "",
         "issue_anchor": "", "email": "", "address": "", "monitoring_outlet": channel.pk,
         "issue_calendar": ""},
    )  # fmt: skip
    assert saved.status_code == 302
    assert saved["Location"].endswith(f"/staff/press/{draft.pk}/?clipping={item.pk}")
    back = client.get(saved["Location"]).content.decode()
    assert "henüz rehberde bir yayın organı değil" not in back
    outside = client.post(add_url.split("next=")[0] + "next=https://evil.example/", {
        "name": "Kanal Kent 2", "kind": "tv", "scope": "local", "periodicity": "",
        "monitoring_outlet": "", "issue_calendar": ""})  # fmt: skip
    assert outside["Location"] == reverse("press:outlet-list")


def test_an_existing_rebuttal_is_linked_to_a_clipping_later(client, make_user):
    officer = login(client, make_user, "press_officer")
    draft = make_rebuttal_draft(officer)
    rebuttal = Rebuttal.objects.create(
        communication=draft,
        medium="press",
        outlet=make_outlet(periodicity="daily"),
        article_title="Elle girilen haber",
        article_published_on=dt.date(2026, 5, 4),
    )
    item = ItemFactory(title="Elle girilen haber", text=ARTICLE)
    response = client.post(
        reverse("press:rebuttal-link-clipping", args=[rebuttal.pk]),
        {"clipping": item.pk},
        follow=True,
    )
    assert "İhale belgeleri incelendi." in response.content.decode()
    rebuttal.refresh_from_db()
    assert rebuttal.clipping_id == item.pk
    missing = client.post(
        reverse("press:rebuttal-link-clipping", args=[rebuttal.pk]), {"clipping": 999999}
    )
    assert missing.status_code == 404


def test_only_the_press_office_searches_monitoring_from_the_tekzip_page(client, make_user):
    author = make_user("press_officer", "basin-yayin")
    draft = make_rebuttal_draft(author)
    ItemFactory(title="Sahildeki park satıldı mı?", search_text="sahildeki park")
    login(client, make_user, "auditor", "basin-halkla-iliskiler")
    page = client.get(
        reverse("press:communication-detail", args=[draft.pk]), {"clipping_q": "park"}
    ).content.decode()
    assert "Sahildeki park satıldı mı?" not in page


def test_the_deadlines_on_the_page_follow_the_weekly_schedule_and_the_receipt(client, make_user):
    officer = login(client, make_user, "press_officer")
    draft = make_rebuttal_draft(officer)
    weekly = make_outlet("Haftalık Kent", periodicity="weekly", issue_anchor=dt.date(2026, 5, 6))
    rebuttal = Rebuttal.objects.create(
        communication=draft,
        medium="press",
        outlet=weekly,
        article_title="Haber",
        article_published_on=dt.date(2026, 5, 4),
    )
    client.post(
        reverse("press:rebuttal-update", args=[rebuttal.pk]),
        {"on": "2026-05-08", "received_on": "2026-05-11"},
    )
    page = client.get(reverse("press:communication-detail", args=[draft.pk])).content.decode()
    assert "20 Mayıs 2026" in page
    assert "14.05.2026 tarihinden sonraki ilk sayı" in page
    refused = client.post(
        reverse("press:rebuttal-update", args=[rebuttal.pk]),
        {"on": "2026-05-08", "received_on": "2026-05-07"},
        follow=True,
    )
    assert "gönderilmeden önce teslim almış olamaz" in refused.content.decode()
    assert Rebuttal.objects.get().received_on == dt.date(2026, 5, 11)
    # Shown again, the form carries the dates recorded, so adding a receipt later does not
    # overwrite the sending date with today's.
    assert 'value="2026-05-08"' in refused.content.decode()
    assert 'value="2026-05-11"' in refused.content.decode()
