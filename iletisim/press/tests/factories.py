"""Factories for press tests: communications in any state, journalists, lists."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from iletisim.accounts.models import Unit
from iletisim.press import actions
from iletisim.press.models import Communication, ContactList, Journalist, Kind, MediaOutlet, Status


def make_communication(
    author: Any, *, kind: str = Kind.RELEASE, title: str = "Yeni park açıldı", **data: Any
) -> Communication:
    data = {"kind": kind, "title": title, "lead": "Kısa özet.", "body": "<p>Metin.</p>", **data}
    units = data.pop("units", [])
    return actions.save_communication(by=author, data=data, units=units)


def make_published(author: Any, **data: Any) -> Communication:
    item = make_communication(author, **data)
    Communication.objects.filter(pk=item.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    item.refresh_from_db()
    return item


def make_outlet(name: str = "Örnek Gazetesi", **kwargs: Any) -> MediaOutlet:
    defaults = {"kind": "newspaper", "scope": "local", "city": "İstanbul", **kwargs}
    return MediaOutlet.objects.get_or_create(name=name, defaults=defaults)[0]


def make_journalists(
    n: int, *, prefix: str = "muhabir", outlet: MediaOutlet | None = None
) -> list[Journalist]:
    outlet = outlet or make_outlet()
    return Journalist.objects.bulk_create(
        Journalist(
            full_name=f"Muhabir {i}",
            email=f"{prefix}{i}@gazete.example",
            outlet=outlet,
            data_source="test",
        )
        for i in range(n)
    )


def make_list(journalists: list[Journalist], name: str = "Yerel basın") -> ContactList:
    contact_list = ContactList.objects.create(name=name)
    contact_list.members.add(*journalists)
    return contact_list


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def send_release(officer: Any, journalists: int, mailer: str | None = None) -> Any:
    """Publish a release and send it to a list of `journalists` new contacts, now."""
    from iletisim.press import distribution

    contact_list = make_list(make_journalists(journalists))
    sent = distribution.create_distribution(
        by=officer,
        communication=make_published(officer),
        lists=[contact_list],
        segments=[],
        mailer=mailer,
    )
    distribution.send_pending(sent.pk)
    return sent


def use_esp(settings: Any, esp: str, **anymail: Any) -> None:
    """Make the ESP `esp` (an anymail backend name) the mailer "esp", as ESP_BACKEND=`esp`
    does, with these ANYMAIL settings; other mail stays in Django's outbox."""
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        "esp": {"BACKEND": f"anymail.backends.{esp}.EmailBackend"},
    }
    settings.ESP_BACKEND = esp
    settings.ANYMAIL = anymail
