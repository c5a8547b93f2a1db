"""Outlets and their sources on the staff pages: who may change them, what is checked,
pausing and resuming, health, and the audit trail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from iletisim.accounts.roles import Role
from iletisim.core.models import AuditEntry
from iletisim.monitoring.models import Outlet, Source
from iletisim.monitoring.tests.factories import OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db

OUTLET = {
    "name": "Ege'nin Sesi", "type": "local_newspaper", "scope": "local", "city": "İzmir",
    "district": "Karşıyaka", "website": "https://egeninsesi.example", "reach": "12000",
    "reach_kind": "circulation", "reach_source": "Basın İlan Kurumu", "reach_date": "2026-10-01",
    "leaning_note": "Yerel, muhalefete yakın",
}  # fmt: skip


@pytest.mark.parametrize("role", [Role.PRESS_OFFICER, Role.DIRECTOR, Role.ADMIN])
def test_the_press_director_and_admin_add_an_outlet_with_its_reach(client, as_role, role):
    user = as_role(role)
    response = client.post(reverse("monitoring:outlet-new"), OUTLET)
    outlet = Outlet.objects.get()
    assert response["Location"] == reverse("monitoring:outlet-edit", args=[outlet.pk])
    assert (outlet.city, outlet.district, outlet.reach, str(outlet.reach_date)) == (
        "İzmir", "Karşıyaka", 12000, "2026-10-01"
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="monitoring.outlet.created")
    assert entry.actor == user and entry.data["name"] == "Ege'nin Sesi"
    assert "Ege&#x27;nin Sesi" in client.get(reverse("monitoring:outlet-list")).text


@pytest.mark.parametrize(
    ("role", "unit"),
    [(Role.MAYORS_OFFICE, "ozel-kalem"), (Role.UNIT_STAFF, "fen-isleri"),
     (Role.UNIT_MANAGER, "fen-isleri")],
)  # fmt: skip
def test_others_can_neither_open_nor_change_outlets_and_sources(client, as_role, role, unit):
    as_role(role, unit)
    outlet = OutletFactory(name="Dokunulmaz")
    source = SourceFactory(outlet=outlet)
    assert client.get(reverse("monitoring:outlet-edit", args=[outlet.pk])).status_code == 403
    assert client.post(reverse("monitoring:outlet-new"), OUTLET).status_code == 403
    url = reverse("monitoring:source-new", args=[outlet.pk])
    assert client.post(url, {"kind": "rss", "url": "https://x.example/rss"}).status_code == 403
    assert client.post(reverse("monitoring:source-pause", args=[source.pk])).status_code == 403
    assert not Outlet.objects.exclude(pk=outlet.pk).exists()
    assert Source.objects.get().paused is False


def test_editing_an_outlet_records_only_what_changed(client, as_role):
    as_role(Role.PRESS_OFFICER)
    outlet = OutletFactory(name="Körfez Postası", reach=5000, reach_kind="circulation")
    form = {**OUTLET, "name": "Körfez Postası", "reach": "7500"}
    client.post(reverse("monitoring:outlet-edit", args=[outlet.pk]), form)
    outlet.refresh_from_db()
    assert outlet.reach == 7500
    changes = AuditEntry.objects.get(action="monitoring.outlet.updated").data
    assert changes["reach"] == [5000, 7500] and "name" not in changes


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"city": ""}, "city", "Yerel bir yayın organının ili gerekir."),
        ({"website": "javascript:alert(1)"}, "website", "Geçerli bir URL girin."),
        ({"website": "ftp://egeninsesi.example"}, "website", "http:// ya da https://"),
        ({"reach_kind": ""}, "reach_kind", "Erişimin neyi saydığını belirtin."),
    ],
)
def test_an_outlet_with_bad_data_is_refused_with_the_reason(
    client, as_role, change, field, message
):
    as_role(Role.PRESS_OFFICER)
    response = client.post(reverse("monitoring:outlet-new"), {**OUTLET, **change})
    assert response.status_code == 200
    assert message in response.text
    assert field in response.context["form"].errors
    assert not Outlet.objects.exists()


def test_a_feed_and_a_listing_page_are_added_to_an_outlet(client, as_role):
    user = as_role(Role.PRESS_OFFICER)
    outlet = OutletFactory(name="Kent Haber")
    url = reverse("monitoring:source-new", args=[outlet.pk])
    client.post(url, {"kind": "rss", "url": "https://kenthaber.example/rss"})
    response = client.post(
        url,
        {"kind": "html", "url": "https://kenthaber.example/son-dakika",
         "link_selector": "ul.news li > a", "title_selector": "span.baslik"},
    )  # fmt: skip
    assert response["Location"] == reverse("monitoring:outlet-edit", args=[outlet.pk])
    feed, listing = Source.objects.order_by("id")
    assert (feed.kind, feed.settings) == ("rss", {})
    assert listing.settings == {"link": "ul.news li > a", "title": "span.baslik"}
    assert AuditEntry.objects.filter(action="monitoring.source.created", actor=user).count() == 2
    page = client.get(reverse("monitoring:outlet-edit", args=[outlet.pk])).text
    assert "https://kenthaber.example/son-dakika" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "rss", "url": ""}, "Bu tür kaynağın adresi gerekir."),
        ({"kind": "rss", "url": "file:///etc/passwd"}, "Geçerli bir URL girin."),
        ({"kind": "html", "url": "https://k.example/", "link_selector": "a[href"},
         "Geçerli bir CSS seçicisi değil."),
        ({"kind": "telnet", "url": "https://k.example/"}, "Geçerli bir seçenek seçin."),
        ({"kind": "rss", "url": "https://kenthaber.example/rss"}, "Bu yayın organında bu kaynak zaten var."),
    ],
)  # fmt: skip
def test_a_source_with_bad_data_is_refused_with_the_reason(client, as_role, form, message):
    as_role(Role.PRESS_OFFICER)
    outlet = OutletFactory()
    SourceFactory(outlet=outlet, kind="rss", url="https://kenthaber.example/rss")
    response = client.post(reverse("monitoring:source-new", args=[outlet.pk]), form)
    assert response.status_code == 200
    assert message in response.text
    assert Source.objects.count() == 1


def test_a_new_address_starts_the_source_afresh(client, as_role):
    as_role(Role.PRESS_OFFICER)
    source = SourceFactory(
        url="https://eski.example/rss", etag='"abc"', content_hash="f" * 64,
        consecutive_failures=4, last_error="HTTP 404",
    )  # fmt: skip
    client.post(
        reverse("monitoring:source-edit", args=[source.pk]),
        {"kind": "rss", "url": "https://yeni.example/rss"},
    )
    source.refresh_from_db()
    assert (source.url, source.etag, source.content_hash) == ("https://yeni.example/rss", "", "")
    assert source.consecutive_failures == 0 and source.last_error == ""
    entry = AuditEntry.objects.get(action="monitoring.source.updated")
    assert entry.data["url"] == ["https://eski.example/rss", "https://yeni.example/rss"]


def test_a_source_is_paused_and_resumed_from_its_outlet_page_with_its_health_shown(
    client, as_role, make_user
):
    officer = as_role(Role.PRESS_OFFICER)
    make_user(Role.PRESS_OFFICER, email="basin@belediye.example")
    source = SourceFactory(
        url="https://kenthaber.example/rss", consecutive_failures=2, last_error="HTTP 503 from x"
    )
    page = reverse("monitoring:outlet-edit", args=[source.outlet_id])
    text = client.get(page).text
    assert "HTTP 503 from x" in text and "Etkin" in text
    response = client.post(reverse("monitoring:source-pause", args=[source.pk]))
    assert response["Location"] == page
    source.refresh_from_db()
    assert source.paused
    assert not mail.outbox  # paused by hand: nobody needs an alarm
    assert AuditEntry.objects.get(action="monitoring.source.paused").actor == officer
    assert "Durduruldu" in client.get(page).text
    response = client.post(
        reverse("monitoring:source-resume", args=[source.pk]), {"back": "outlet"}
    )
    assert response["Location"] == page
    source.refresh_from_db()
    assert not source.paused and source.consecutive_failures == 0
    assert AuditEntry.objects.filter(action="monitoring.source.resumed").exists()


def test_outlet_forms_need_the_csrf_token(as_role, make_user):
    from django.test import Client

    user = make_user(Role.PRESS_OFFICER)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(reverse("monitoring:outlet-new"), OUTLET).status_code == 403
    assert not Outlet.objects.exists()


def test_the_outlet_form_capitalises_its_labels_by_turkish_rules(client, as_role):
    as_role(Role.PRESS_OFFICER)
    labels = [f.label for f in client.get(reverse("monitoring:outlet-new")).context["form"]]
    assert "İl" in labels and "İlçe" in labels and "Il" not in labels
