"""Demo data: a few hundred realistic requests across statuses, directorates and
neighbourhoods. Idempotent: requests are keyed by a demo submission key."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from iletisim.lib.turkish import fold
from iletisim.service_requests.models import (
    Category,
    Channel,
    Neighbourhood,
    Open311Client,
    RequestType,
    ServiceRequest,
    Status,
    Update,
)

TEXTS = {
    "yol-cukur": [
        "Sokağımızdaki çukurlar büyüdü, araçlar zarar görüyor.",
        "ASFALT COK BOZUK YAMA YAPILSIN",
    ],
    "kaldirim": ["Kaldırım taşları kırık, yaşlılar düşüyor.", "okul onundeki kaldirim cok yuksek"],
    "cop-toplama": ["Üç gündür çöpler alınmadı.", "cop arabasi sokagimiza ugramiyor"],
    "konteyner": ["Konteynerin kapağı kırık.", "konteyner cok kokuyor yikansin"],
    "moloz-hacimli": ["Apartman önüne eski koltuk bırakılmış.", "moloz dokulmus bos arsaya"],
    "park-bakim": ["Parktaki çimler kurudu, sulama yok.", "park cok bakimsiz"],
    "oyun-alani": ["Salıncağın zinciri kopmuş.", "kaydirak kirik cocuklar yaralanacak"],
    "agac-budama": ["Ağaç dalları cama değiyor, budansın.", "kurumus agac devrilecek"],
    "seyyar-satici": ["Seyyar satıcılar megafonla bağırıyor.", "metro cikisi seyyar dolu"],
    "kaldirim-isgali": ["Kafe masaları kaldırımı kapatmış.", "manav kaldirima urun dizmis"],
    "isyeri-gurultu": ["Alttaki bar gece 3'e kadar müzik çalıyor.", "dugun salonu cok gurultulu"],
    "kacak-yapi": ["Yan binaya kaçak kat çıkılıyor.", "komsu izinsiz cati kati yapiyor"],
    "sokak-hayvani": ["Sokakta köpek sürüsü var, çocuklar korkuyor.", "kopekler gece havliyor"],
    "yarali-hayvan": ["Yaralı bir kedi var, ayağı kanıyor.", "olu kopek var yolda"],
    "ilaclama": ["Sivrisinekten geçilmiyor, ilaçlama yapılsın.", "bodrumda fare var"],
    "gida-yardimi": ["Gıda yardımı almak istiyorum.", "komur yardimi basvurusu nasil yapilir"],
    "emlak-vergisi": ["Emlak vergisi borcumu öğrenmek istiyorum.", "vergiyi iki kere odedim"],
    "hiz-kesici": ["Okul önüne hız kesici konulsun.", "KASIS YAPILSIN"],
    "su-kanalizasyon": ["İki gündür sular yok.", "lagim tasiyor"],
    "elektrik": ["Sokak lambaları yanmıyor.", "elektrikler kesik"],
    "tesekkur": ["Parkı yenilediğiniz için teşekkürler.", "temizlik ekibine tesekkurler"],
}
NAMES = [
    "Ayşe Yılmaz",
    "Mehmet Demir",
    "Fatma Kaya",
    "Ali Çelik",
    "Zeynep Şahin",
    "Mustafa Öztürk",
    "Elif Arslan",
    "Hasan Doğan",
    "Emine Kılıç",
    "Hüseyin Aydın",
    "",
    "",
]
STREETS = [
    "Bahariye Caddesi",
    "Moda Caddesi",
    "Lale Sokak",
    "Zambak Sokak",
    "Fahrettin Kerim Gökay Caddesi",
    "Bağdat Caddesi",
    "Kuşdili Caddesi",
    "Söğütlüçeşme Caddesi",
    "Ihlamur Sokak",
    "Recep Peker Caddesi",
]
INFORMATION_TEXTS = [
    "2026 yılı asfalt çalışmalarının mahalle mahalle bütçesini öğrenmek istiyorum.",
    "Parklardaki oyun gruplarının son bakım tarihleri nelerdir?",
]
PETITION_TEXTS = [
    "Sokağımıza hız kesici yapılması için dilekçemi sunarım.",
    "Mahallemize semt pazarı kurulması talebimizi arz ederim.",
]
STATUSES = (
    [Status.RECEIVED] * 3
    + [Status.ROUTED] * 4
    + [Status.IN_PROGRESS] * 4
    + [Status.WAITING_CITIZEN, Status.ANSWER_REVIEW, Status.FORWARDED, Status.REJECTED]
    + [Status.ANSWERED] * 3
    + [Status.CLOSED] * 6
)


def demo_national_id(rng: random.Random) -> str:
    """A TC kimlik no that passes the checksum (made up: demo data only)."""
    d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    d.append((7 * sum(d[0:9:2]) - sum(d[1:8:2])) % 10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


@transaction.atomic
def seed_requests(out: Any, count: int = 300) -> None:
    from iletisim.service_requests.actions import compute_due_date, next_tracking_number

    seed_open311_client(out)
    rng = random.Random(153)  # noqa: S311  (demo data, not secrets)
    categories = {c.code: c for c in Category.objects.select_related("default_unit")}
    neighbourhoods = list(Neighbourhood.objects.all())
    created = 0
    now = timezone.now()
    for i in range(count):
        key = f"demo-{i:04d}"
        if ServiceRequest.objects.filter(submission_key=key).exists():
            continue
        code = rng.choice(sorted(TEXTS))
        category = categories.get(code)
        if category is None:
            continue
        at = now - dt.timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 1440))
        status = rng.choice(STATUSES)
        name = rng.choice(NAMES)
        kind = (
            RequestType.THANKS
            if code == "tesekkur"
            else rng.choice(
                [RequestType.COMPLAINT] * 4 + [RequestType.REQUEST, RequestType.SUGGESTION]
            )
        )
        text = rng.choice(TEXTS[code])
        if name and code != "tesekkur" and rng.random() < 0.08:
            kind = rng.choice([RequestType.INFORMATION, RequestType.PETITION])
            texts = INFORMATION_TEXTS if kind == RequestType.INFORMATION else PETITION_TEXTS
            text = rng.choice(texts)
        address = f"{rng.choice(STREETS)} No {rng.randint(1, 140)}" if rng.random() < 0.8 else ""
        # Positions around the map centre (about 2 km), as the form's pin gives them.
        centre = settings.SERVICE_REQUESTS_MAP_CENTER
        placed = rng.random() < 0.7
        due, deadline = compute_due_date(type=kind, category=category, received=at.date())
        sr = ServiceRequest.objects.create(
            tracking_number=next_tracking_number(at.year),
            submission_key=key,
            type=kind,
            category=category,
            description=text,
            search_text=fold(f"{text} {address}"),
            address=address,
            latitude=Decimal(f"{centre[0] + rng.uniform(-0.018, 0.018):.6f}") if placed else None,
            longitude=Decimal(f"{centre[1] + rng.uniform(-0.024, 0.024):.6f}") if placed else None,
            national_id=demo_national_id(rng) if kind == RequestType.INFORMATION else "",
            channel=rng.choice(list(Channel.values)),
            neighbourhood=rng.choice(neighbourhoods) if neighbourhoods else None,
            citizen_name=name,
            citizen_email=f"vatandas{i}@example.com" if name else "",
            citizen_phone=f"0532{rng.randint(1000000, 9999999)}" if name else "",
            kvkk_acknowledged_at=at,
            status=status,
            unit=None if status == Status.RECEIVED else category.default_unit,
            proposed_unit=category.default_unit,
            routing_confidence=round(rng.uniform(0.5, 1.0), 2),
            routing_reason=f"demo: category '{category.name}'",
            competent_body=category.competent_body,
            due_date=due,
            deadline_kind=deadline,
            created_at=at,
            answer="Ekiplerimiz yerinde inceleme yaparak gerekli çalışmayı tamamlamıştır."
            if status in (Status.ANSWERED, Status.CLOSED)
            else "",
            answered_at=at + dt.timedelta(days=3)
            if status in (Status.ANSWERED, Status.CLOSED)
            else None,
            closed_at=at + dt.timedelta(days=5)
            if status in (Status.CLOSED, Status.FORWARDED, Status.REJECTED)
            else None,
            rating=rng.randint(1, 5) if status == Status.CLOSED and rng.random() < 0.5 else None,
        )
        Update.objects.create(
            request=sr, at=at, kind=Update.Kind.STATUS, status_to=Status.RECEIVED, is_public=True
        )
        if status != Status.RECEIVED:
            Update.objects.create(
                request=sr,
                at=at + dt.timedelta(hours=2),
                kind=Update.Kind.STATUS,
                status_to=status,
                is_public=True,
            )
        created += 1
    _seed_corrections(out)
    out.write(f"Demo citizen requests: {created} added\n")


def _seed_corrections(out: Any) -> None:
    """Two citizens asking to correct their contact details and one asking for a copy of
    their personal data, for the desk to answer."""
    from iletisim.service_requests.actions import request_correction, request_data_subject
    from iletisim.service_requests.models import DataCorrection

    if DataCorrection.objects.exists():
        return
    people = (
        ServiceRequest.objects.open()
        .filter(submission_key__startswith="demo-")
        .exclude(citizen_email="")
        .order_by("pk")[:3]
    )
    for sr, changes in zip(
        people,
        [{"citizen_phone": "0533 111 22 33"}, {"citizen_email": "yeni.adres@example.com"}],
        strict=False,
    ):
        request_correction(sr=sr, changes=changes, note="Bilgilerim değişti.")
    if len(people) == 3:
        request_data_subject(sr=people[2], kind="show")
    out.write("Demo personal data requests: 2 corrections and 1 copy waiting\n")


DEMO_OPEN311_KEY = "demo-open311-key"


def seed_open311_client(out: Any) -> None:
    """The Open311 client "Demo" with the well-known key demo-open311-key (demo only)."""
    client = Open311Client.objects.filter(name="Demo").first() or Open311Client(name="Demo")
    client.set_key(DEMO_OPEN311_KEY)
    client.is_active = True
    client.save()
    out.write("Open311 client Demo: key demo-open311-key\n")
