import io

import pytest
from django.core.exceptions import PermissionDenied

from iletisim.core.models import AuditEntry
from iletisim.press.contacts import import_journalists, preview_import, set_do_not_contact
from iletisim.press.models import Journalist
from iletisim.press.tests.factories import make_journalists

pytestmark = pytest.mark.django_db


def csv_bytes(rows: list[str], header: str = "Ad Soyad;E-posta;Kurum;Şehir;Alanlar") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def test_twenty_thousand_rows_import_with_duplicates_merged_and_malformed_rows_reported(make_user):
    officer = make_user("press_officer", "basin-yayin")
    make_journalists(1, prefix="kisi")  # kisi0@gazete.example is already in the book
    rows = []
    for i in range(20_000):
        if i % 1000 == 7:
            rows.append(f"Bozuk {i};bu-bir-adres-degil;Gazete;İzmir;")
        elif i % 500 == 3:
            rows.append(f"Tekrar {i};KISI{i - 1}@Gazete.example;Gazete;İzmir;spor")
        else:
            rows.append(f"Kişi {i};kisi{i}@gazete.example;Gazete {i % 50};İzmir;belediye")
    preview = preview_import(name="rehber.csv", content=csv_bytes(rows))
    malformed = sum(1 for i in range(20_000) if i % 1000 == 7)
    duplicates = sum(1 for i in range(20_000) if i % 500 == 3 and i % 1000 != 7)
    assert len(preview.errors) == malformed
    assert preview.errors[0][0] == 9  # line numbers count the header
    assert preview.duplicates_in_file == duplicates
    assert preview.update_count == 1
    counts = import_journalists(
        by=officer, preview=preview, data_source="Basın listesi 2026", legal_basis="public_role"
    )
    assert counts == {
        "created": 20_000 - malformed - duplicates - 1,
        "merged": 1,
        "refused": malformed,
    }
    assert Journalist.objects.count() == 20_000 - malformed - duplicates
    merged = Journalist.objects.get(email="kisi2@gazete.example")
    assert merged.beats == "belediye"
    assert AuditEntry.objects.filter(action="press.journalist.imported").exists()


def test_a_csv_saved_by_turkish_excel_keeps_its_turkish_letters():
    content = csv_bytes(["Şükrü Çağlayan;sukru@gazete.example;Işık Gazetesi;İzmir;ekonomi"])
    preview = preview_import(name="liste.csv", content=content.decode().encode("cp1254"))
    assert preview.new_count == 1
    row = preview.rows["sukru@gazete.example"]
    assert row["outlet"] == "Işık Gazetesi" and "Şükrü Çağlayan" in row.values()


def test_an_xlsx_file_is_read_like_a_csv():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Email", "Outlet"])
    sheet.append(["Ayla Muhabir", "ayla@gazete.example", "Örnek Gazetesi"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = preview_import(name="liste.xlsx", content=buffer.getvalue())
    assert preview.new_count == 1
    assert preview.rows["ayla@gazete.example"]["outlet"] == "Örnek Gazetesi"


def test_only_an_admin_can_lift_do_not_contact(make_user):
    officer = make_user("press_officer", "basin-yayin")
    admin = make_user("admin", "basin-halkla-iliskiler")
    journalist = make_journalists(1)[0]
    set_do_not_contact(by=officer, journalist=journalist, on=True, reason="Talep etti")
    with pytest.raises(PermissionDenied):
        set_do_not_contact(by=officer, journalist=journalist, on=False)
    set_do_not_contact(by=admin, journalist=journalist, on=False)
    journalist.refresh_from_db()
    assert journalist.do_not_contact is False


def test_the_import_page_shows_a_preview_before_writing(client, make_user):
    officer = make_user("press_officer", "basin-yayin")
    client.force_login(officer)
    upload = io.BytesIO(csv_bytes(["Ayla;ayla@gazete.example;G;İzmir;", "Bozuk;x;G;İzmir;"]))
    upload.name = "rehber.csv"
    response = client.post(
        "/staff/press/contacts/import/",
        {"file": upload, "data_source": "Fuar", "legal_basis": "consent"},
    )
    assert "Reddedilen satır: 1" in response.content.decode()
    assert Journalist.objects.count() == 0
    response = client.post("/staff/press/contacts/import/", {"confirm": "1"}, follow=True)
    assert "1 gazeteci eklendi" in response.content.decode()
    assert Journalist.objects.get().data_source == "Fuar"


def test_a_press_officer_makes_a_list_and_a_segment_and_sees_whom_they_reach(client, make_user):
    from iletisim.press.contacts import suppress
    from iletisim.press.models import ContactList, Segment, Suppression

    client.force_login(make_user("press_officer", "basin-yayin"))
    journalists = make_journalists(3)
    suppress(email=journalists[2].email, reason=Suppression.Reason.UNSUBSCRIBED)
    client.post("/staff/press/contacts/lists/", {"new_list": "1", "name": "Ekonomi muhabirleri"})
    client.post(
        "/staff/press/contacts/lists/",
        {
            "new_segment": "1",
            "name": "Yerel gazeteler",
            "scope": "local",
            "outlet_kind": "newspaper",
        },
    )
    contact_list = ContactList.objects.get()
    response = client.post(
        "/staff/press/contacts/lists/add/",
        {"contact_list": contact_list.pk, "journalists": [j.pk for j in journalists]},
        follow=True,
    )
    assert "3 gazeteci listeye eklendi." in response.content.decode()
    page = client.get("/staff/press/contacts/lists/").content.decode()
    assert Segment.objects.get().name == "Yerel gazeteler"
    # The unsubscribed one is not counted, neither in the list nor in the segment.
    assert page.count("<td>2</td>") == 2


def test_the_auditor_cannot_create_lists(client, make_user):
    client.force_login(make_user("auditor", "basin-halkla-iliskiler"))
    response = client.post("/staff/press/contacts/lists/", {"new_list": "1", "name": "X"})
    assert response.status_code == 403
