"""Odd ids and cursors typed into query strings are a miss or a 400, never a 500."""

import pytest
from django.urls import reverse

from iletisim.press.models import Kind
from iletisim.press.tests.factories import make_communication, make_published
from iletisim.press.tests.test_api import token_for
from iletisim.press.tests.test_views_staff import login

pytestmark = pytest.mark.django_db

ODD = ["99999999999999999999999999", "²", "١٢", "-1", "1e3", " 7"]


def test_the_press_room_archive_shrugs_off_odd_cursors(client, make_user):
    make_published(make_user("press_officer", "basin-yayin"), title="Sahil yolu açıldı")
    for value in ODD:
        response = client.get(reverse("press_public:archive"), {"before": value})
        assert response.status_code == 200, value
        assert "Sahil yolu açıldı" in response.content.decode()


def test_staff_pages_and_the_api_shrug_off_odd_ids(client, make_user):
    officer = login(client, make_user, "press_officer")
    draft = make_communication(officer, kind=Kind.REBUTTAL, title="Tekzip taslağı")
    headers = token_for(officer, "press:contacts,press:communications")
    for value in ODD:
        page = client.get(
            reverse("press:communication-detail", args=[draft.pk]), {"clipping": value}
        )
        assert page.status_code == 200, value
        assert client.get(reverse("press:communication-list"), {"after": value}).status_code == 200
        assert client.get(reverse("press:journalist-list"), {"after": value}).status_code == 200
        api = client.get("/api/v1/press/contacts/", {"after": value}, **headers)
        assert api.status_code == 400, value
        cursor = client.get(
            "/api/v1/press/communications/",
            {"after": f"2026-01-01T00:00:00+00:00_{value}"},
            **headers,
        )
        assert cursor.status_code == 400, value
