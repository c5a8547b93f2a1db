"""Manual clippings, outlets import/export, and the demo data."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from iletisim.accounts.roles import Role
from iletisim.core.models import AuditEntry
from iletisim.monitoring import outlets_io
from iletisim.monitoring.models import Clipping, FetchState, Item, OcrState, Outlet, Source
from iletisim.monitoring.tasks import ocr_clipping
from iletisim.monitoring.tests.factories import OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, make_user):
    user = make_user(Role.PRESS_OFFICER)
    client.force_login(user)
    return user


def test_a_print_clipping_with_a_scan_lands_on_the_desk(client, officer):
    outlet = OutletFactory(name="Yeni Asır")
    scan = SimpleUploadedFile("sayfa.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("monitoring:clipping-add"),
        {"outlet": outlet.pk, "medium": "print", "title": "Sahil projesi manşette", "page": "3",
         "text": "Belediyenin sahil projesi", "scan": scan},
    )  # fmt: skip
    assert response.status_code == 302
    clipping = Clipping.objects.get()
    assert clipping.page == "3" and clipping.scan.name.endswith(".pdf")
    assert clipping.item.fetch_state == FetchState.DONE
    assert "sahil" in clipping.item.search_text
    assert AuditEntry.objects.filter(action="monitoring.clipping.added").exists()
    assert "Sahil projesi manşette" in client.get(reverse("monitoring:desk")).text


def test_a_scan_that_is_not_a_pdf_or_image_is_refused(client, officer):
    fake = SimpleUploadedFile("sayfa.pdf", b"MZ\x90\x00 executable", content_type="application/pdf")
    response = client.post(
        reverse("monitoring:clipping-add"),
        {"outlet": OutletFactory().pk, "medium": "print", "title": "x", "scan": fake},
    )
    assert response.status_code == 200
    assert "Bu dosya türü kabul edilmiyor." in response.text
    assert not Clipping.objects.exists()


def test_a_tv_clipping_keeps_programme_air_time_and_duration(client, officer):
    response = client.post(
        reverse("monitoring:clipping-add"),
        {"outlet": OutletFactory(type="tv").pk, "medium": "tv", "title": "Ana haber",
         "programme": "Akşam Haberleri", "air_time": "2026-11-25T19:00", "duration_minutes": 4,
         "transcript": "Sunucu: Belediyenin yeni projesi...", "media_url": "https://tv.example/v/1"},
    )  # fmt: skip
    assert response.status_code == 302
    clipping = Clipping.objects.get()
    assert clipping.programme == "Akşam Haberleri"
    assert clipping.duration.total_seconds() == 240
    assert clipping.item.text.startswith("Sunucu:")


SCAN_LINES = [
    "ÇAĞDAŞ İZMİR ÖĞRENCİ ŞÜKRÜ",
    "Kadıköy Belediyesi sahil",
    "düzenlemesini açıkladı.",
    "Şehir ışıkları güzelleşiyor",
    "Üsküdar'da çiçek ağaçları",
]


def scanned_page(fmt: str) -> SimpleUploadedFile:
    """A newspaper column as a scanner would give it: Turkish text rendered with DejaVu."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 44)
    page = Image.new("L", (1300, 90 * len(SCAN_LINES) + 80), 255)
    draw = ImageDraw.Draw(page)
    for n, line in enumerate(SCAN_LINES):
        draw.text((50, 40 + 90 * n), line, font=font, fill=0)
    out = io.BytesIO()
    page.save(out, format=fmt, resolution=300.0) if fmt == "PDF" else page.save(out, format=fmt)
    name, content_type = {"PNG": ("sayfa.png", "image/png"), "JPEG": ("sayfa.jpg", "image/jpeg"),
                          "PDF": ("sayfa.pdf", "application/pdf")}[fmt]  # fmt: skip
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("pdftoppm") is None,
    reason="Tesseract and poppler-utils are installed by scripts/system-deps.sh",
)


@needs_tesseract
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "PDF"])
def test_ocr_reads_the_turkish_text_of_a_scanned_page(client, officer, fmt):
    outlet = OutletFactory(name="Yeni Asır")
    response = client.post(
        reverse("monitoring:clipping-add"),
        {"outlet": outlet.pk, "medium": "print", "title": "Sahil haberi", "page": "5",
         "scan": scanned_page(fmt)},
    )  # fmt: skip
    assert response.status_code == 302
    clipping = Clipping.objects.get()
    assert ocr_clipping.call(clipping.pk) == OcrState.DONE
    clipping.refresh_from_db()
    for line in SCAN_LINES:
        assert line in clipping.ocr_text  # Ç Ğ İ Ö Ş Ü and ç ğ ı ö ş ü read right
    assert clipping.item.text == clipping.ocr_text  # no typed text: the OCR text stands in
    found = client.get(reverse("monitoring:desk"), {"q": "şükrü güzelleşiyor"})
    assert "Sahil haberi" in found.text


def test_without_tesseract_the_clipping_says_ocr_is_not_available(officer, monkeypatch):
    from iletisim.monitoring.actions import add_clipping

    clipping = add_clipping(
        outlet=OutletFactory(), medium="print", title="Gazete", by=officer,
        scan=scanned_page("PNG"),
    )  # fmt: skip
    monkeypatch.setenv("PATH", "")  # as on a machine without tesseract-ocr
    assert ocr_clipping.call(clipping.pk) == OcrState.UNAVAILABLE
    clipping.refresh_from_db()
    assert clipping.ocr_state == OcrState.UNAVAILABLE and clipping.ocr_text == ""


def test_pasting_an_address_queues_the_article_once(client, officer):
    outlet = OutletFactory()
    url = reverse("monitoring:clipping-add-url")
    for _ in range(2):
        client.post(
            url, {"url-outlet": outlet.pk, "url-url": "https://m.haber.example/a?utm_source=x"}
        )
    item = Item.objects.get()
    assert item.url == "https://haber.example/a"
    assert item.fetch_state == FetchState.PENDING


def test_outlets_round_trip_through_csv_and_xlsx(client, officer):
    outlet = OutletFactory(name="=HYPERLINK(evil)", reach=1200)
    SourceFactory(outlet=outlet, url="https://haber.example/rss")
    csv_body = client.get(reverse("monitoring:outlet-export", args=["csv"])).content
    assert b"'=HYPERLINK" in csv_body  # a formula is neutralised for spreadsheets
    xlsx = client.get(reverse("monitoring:outlet-export", args=["xlsx"])).content
    assert load_workbook(io.BytesIO(xlsx)).active["A2"].value == "'=HYPERLINK(evil)"
    Outlet.objects.all().delete()
    upload = SimpleUploadedFile("outlets.xlsx", xlsx)
    client.post(reverse("monitoring:outlet-import"), {"file": upload})
    imported = Outlet.objects.get()
    assert imported.name == "=HYPERLINK(evil)" and imported.reach == 1200
    assert Source.objects.get().url == "https://haber.example/rss"


def test_an_outlet_list_saved_by_turkish_excel_is_read_with_its_letters():
    data = "name;type;scope\nGüneşli Işık Haber;news_site;local\n".encode("cp1254")
    assert outlets_io.read("liste.csv", data) == [
        {"name": "Güneşli Işık Haber", "type": "news_site", "scope": "local"}
    ]


def test_an_import_reports_rows_it_cannot_read():
    count, problems = outlets_io.import_rows(
        [{"name": "Gazete", "type": "uydurma", "scope": "local"}, {"name": ""}]
    )
    assert count == 0 and len(problems) == 2


def test_unit_staff_cannot_export_the_outlets(client, make_user):
    client.force_login(make_user(Role.UNIT_STAFF, "fen-isleri"))
    assert client.get(reverse("monitoring:outlet-export", args=["csv"])).status_code == 403


def test_the_demo_seeder_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    outlets, items = Outlet.objects.count(), Item.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Outlet.objects.count(), Item.objects.count()) == (outlets, items)
    assert Outlet.objects.filter(name="Anadolu Ajansı", type="agency").exists()
