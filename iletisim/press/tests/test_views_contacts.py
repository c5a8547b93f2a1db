import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from iletisim.core.models import AuditEntry
from iletisim.press.models import Journalist
from iletisim.press.tests.factories import make_journalists, make_outlet
from iletisim.press.tests.test_views_staff import login

pytestmark = pytest.mark.django_db


def journalist_post(**overrides):
    return {
        "full_name": "Ayşe Yılmaz",
        "email": "Ayse@KentPostasi.example",
        "outlet": make_outlet("Kent Postası").pk,
        "role": "Muhabir",
        "beats": "yerel yönetimler, ulaşım",
        "phones": "0532 111 22 33",
        "city": "İzmir",
        "language": "tr",
        "notes": "",
        "legal_basis": "public_role",
        "data_source": "Kurumsal web sitesi",
        **overrides,
    }


def test_a_press_officer_adds_and_corrects_one_journalist(client, make_user):
    login(client, make_user, "press_officer")
    response = client.post(reverse("press:journalist-create"), journalist_post(), follow=True)
    assert "Kaydedildi: Ayşe Yılmaz." in response.content.decode()
    journalist = Journalist.objects.get()
    assert journalist.outlet.name == "Kent Postası"
    client.post(
        reverse("press:journalist-edit", args=[journalist.pk]),
        journalist_post(role="Editör", email=journalist.email),
    )
    journalist.refresh_from_db()
    assert journalist.role == "Editör"
    edited = AuditEntry.objects.get(action="press.journalist.edited")
    assert edited.data == {"fields": ["role"]}  # which fields, never the personal data


def test_a_second_journalist_with_the_same_address_in_other_letters_is_refused(client, make_user):
    make_journalists(1)  # muhabir0@gazete.example
    login(client, make_user, "press_officer")
    response = client.post(
        reverse("press:journalist-create"), journalist_post(email="MUHABIR0@gazete.example")
    )
    assert "Muhabir 0 bu adresi zaten kullanıyor." in response.content.decode()
    assert Journalist.objects.count() == 1


def test_the_data_source_is_required_and_the_auditor_cannot_edit(client, make_user):
    login(client, make_user, "press_officer")
    response = client.post(reverse("press:journalist-create"), journalist_post(data_source=""))
    assert response.status_code == 200 and not Journalist.objects.exists()
    client.logout()
    login(client, make_user, "auditor", "basin-halkla-iliskiler")
    assert client.get(reverse("press:journalist-create")).status_code == 403


def test_the_contact_book_exports_to_xlsx_without_runnable_formulas(client, make_user):
    journalist = make_journalists(2)[0]
    journalist.full_name = '=HYPERLINK("http://kotu.example","tıkla")'
    journalist.save(update_fields=["full_name"])
    login(client, make_user, "press_officer")
    response = client.get(reverse("press:journalist-export"), {"format": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("full_name", "email")
    assert rows[1][0].startswith("'=HYPERLINK")
    assert {r[1] for r in rows[1:]} == {"muhabir0@gazete.example", "muhabir1@gazete.example"}
    csv_text = client.get(reverse("press:journalist-export")).content.decode()
    assert "'=HYPERLINK" in csv_text


def test_editing_a_draft_keeps_its_embargo_and_event_time_in_the_form(client, make_user):
    import datetime as dt

    from django.utils import timezone

    from iletisim.press.tests.factories import make_communication

    officer = login(client, make_user, "press_officer")
    embargo = timezone.make_aware(dt.datetime(2026, 12, 1, 10, 30))
    item = make_communication(officer, embargo_until=embargo)
    form = client.get(reverse("press:communication-edit", args=[item.pk])).content.decode()
    # A datetime-local field shows only an ISO value; anything else is shown empty and
    # saving the form again would silently drop the embargo.
    assert 'value="2026-12-01T10:30"' in form
