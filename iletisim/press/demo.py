"""Demo data for press: a few outlets and journalists, a list, a published release, a draft
rebuttal (tekzip) of an article the monitoring demo found, and a journalist's request."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from iletisim.accounts.models import Unit, User
from iletisim.monitoring import selectors as monitoring
from iletisim.press.content import search_text
from iletisim.press.models import (
    Communication,
    ContactList,
    Journalist,
    Kind,
    MediaOutlet,
    Segment,
    Status,
)

OUTLETS = [
    ("Örnek Gazetesi", MediaOutlet.OutletKind.NEWSPAPER, MediaOutlet.Scope.LOCAL, "daily", None),
    ("Ulusal Haber TV", MediaOutlet.OutletKind.TV, MediaOutlet.Scope.NATIONAL, "", None),
    ("Kent FM", MediaOutlet.OutletKind.RADIO, MediaOutlet.Scope.LOCAL, "", None),
    # Also followed by monitoring's demo: linked by name.
    ("Ege Telgraf", MediaOutlet.OutletKind.NEWSPAPER, MediaOutlet.Scope.LOCAL, "daily", None),
    ("Atlas", MediaOutlet.OutletKind.MAGAZINE, MediaOutlet.Scope.NATIONAL, "monthly", "2026-01-01"),
    ("Olay Gazetesi", MediaOutlet.OutletKind.NEWSPAPER, MediaOutlet.Scope.LOCAL, "daily", None),
]
# The article the demo rebuttal answers: one of monitoring's demo items (demo_news.py).
REBUTTED_TITLE = "Su kesintisi hastaneleri de etkiledi"
JOURNALISTS = [
    ("Ayla Muhabir", "ayla@ornekgazetesi.example", "Örnek Gazetesi", "belediye, ulaşım"),
    ("Can Editör", "can@ulusalhaber.example", "Ulusal Haber TV", "yerel yönetimler"),
    ("Deniz Sunucu", "deniz@kentfm.example", "Kent FM", "kültür, sanat"),
]


def seed_press(out: Any) -> None:
    outlets = {}
    for name, kind, scope, periodicity, anchor in OUTLETS:
        outlets[name], _created = MediaOutlet.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "scope": scope,
                "city": "İstanbul",
                "periodicity": periodicity,
                "issue_anchor": anchor,
            },
        )
        if outlets[name].monitoring_outlet_id is None:
            outlets[name].monitoring_outlet_id = monitoring.outlet_id_by_name(name)
            outlets[name].save(update_fields=["monitoring_outlet"])
    members = []
    for full_name, email, outlet, beats in JOURNALISTS:
        journalist, _created = Journalist.objects.get_or_create(
            email=email,
            defaults={
                "full_name": full_name,
                "outlet": outlets[outlet],
                "beats": beats,
                "city": "İstanbul",
                "data_source": "Demo verisi",
            },
        )
        members.append(journalist)
    contact_list, _created = ContactList.objects.get_or_create(name="Yerel basın")
    contact_list.members.add(*members)
    Segment.objects.get_or_create(
        name="Ulusal televizyonlar", defaults={"scope": "national", "outlet_kind": "tv"}
    )
    author = User.objects.filter(username="basin").first()
    if author is not None and not Communication.objects.filter(slug="park-acilisi-demo").exists():
        release = Communication.objects.create(
            kind=Kind.RELEASE,
            title="Yeni mahalle parkı hizmete açıldı",
            slug="park-acilisi-demo",
            lead="Belediyemizin yaptığı 12 dönümlük park bugün açıldı.",
            body="<p>Parkta çocuk oyun alanları, yürüyüş yolları ve spor alanları yer alıyor.</p>",
            search_text=search_text(
                "Yeni mahalle parkı hizmete açıldı",
                "Belediyemizin yaptığı 12 dönümlük park bugün açıldı.",
                "Parkta çocuk oyun alanları, yürüyüş yolları ve spor alanları yer alıyor.",
            ),
            status=Status.PUBLISHED,
            published_at=timezone.now(),
            author=author,
        )
        release.units.set(Unit.objects.filter(code="fen-isleri"))
    if author is not None:
        _seed_rebuttal(author, outlets["Olay Gazetesi"])
        _seed_request()
    out.write(
        f"Press demo: {len(members)} journalists, list '{contact_list}', a draft tekzip, "
        "a journalist's request\n"
    )


def _seed_rebuttal(author: User, outlet: MediaOutlet) -> None:
    """A draft tekzip of an article the monitoring demo filed (its legal clocks run)."""
    from iletisim.monitoring.models import Item
    from iletisim.press.tekzip import create_rebuttal

    if Communication.objects.filter(slug="tekzip-demo").exists():
        return
    article = (
        Item.objects.filter(title=REBUTTED_TITLE, outlet__name=outlet.name)
        .order_by("published_at")
        .first()
    )
    published = (
        timezone.localdate(article.published_at)
        if article and article.published_at
        else timezone.localdate()
    )
    title = f"{outlet.name}'nin “{REBUTTED_TITLE}” haberine tekzip"
    body = (
        "<p>Gazetenizde yayımlanan haberde belediyenin su kesintisi hakkında bilgilendirme "
        "yapmadığı ileri sürülmüştür. Kesinti, arızanın ardından bir saat içinde belediyenin "
        "internet sitesinde, sosyal medya hesaplarında ve muhtarlıklar aracılığıyla "
        "duyurulmuş; hastanelere tankerlerle su taşınmıştır.</p>"
    )
    communication = Communication.objects.create(
        kind=Kind.REBUTTAL,
        title=title,
        slug="tekzip-demo",
        body=body,
        search_text=search_text(title, "", body),
        status=Status.DRAFT,
        author=author,
    )
    create_rebuttal(
        by=author,
        communication=communication,
        data={
            "medium": "press",
            "outlet": outlet,
            "article_title": REBUTTED_TITLE,
            "article_url": article.url if article else "",
            "article_published_on": published,
            "article_lines": 40,
        },
        clipping_id=article.pk if article else None,
    )


def _seed_request() -> None:
    from iletisim.press.actions import receive_press_request
    from iletisim.press.request_models import PressRequest

    if PressRequest.objects.filter(email="ayla@ornekgazetesi.example").exists():
        return
    receive_press_request(
        data={
            "full_name": "Ayla Muhabir",
            "outlet_name": "Örnek Gazetesi",
            "email": "ayla@ornekgazetesi.example",
            "phone": "0532 000 00 01",
            "message": "Bugünkü su kesintisi hakkında Belediye Başkanı ile kısa bir telefon "
            "röportajı yapmak istiyoruz; yarın sabah 10.00'a kadar dönebilir misiniz?",
        },
        kind=PressRequest.RequestKind.INTERVIEW,
        channel=PressRequest.Channel.PHONE,
    )
