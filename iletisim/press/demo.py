"""Demo data for press: a few outlets and journalists, a list, a published release."""

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
]
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
    out.write(f"Press demo: {len(members)} journalists, list '{contact_list}'\n")
