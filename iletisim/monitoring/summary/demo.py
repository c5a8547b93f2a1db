"""Demo data for the summary: a tone and a topic on the demo items that have none."""

from __future__ import annotations

from typing import Any

from iletisim.monitoring.models import Item

DEMO = {"park": ("positive", "kultur-sanat"), "otobüs": ("negative", "ekonomi")}


def seed_summary(out: Any) -> None:
    for item in Item.objects.filter(url__startswith="https://demo.invalid/", tone__isnull=True):
        for word, (tone, topic) in DEMO.items():
            if word in item.title.lower():
                Item.objects.filter(pk=item.pk).update(tone=tone, topic=topic)
    out.write("Demo summary data: tones and topics set\n")
