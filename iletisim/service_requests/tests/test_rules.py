"""Every permission of citizen requests, for every role, on one request routed to Fen İşleri:
the table says who may do what (1) and who may not (0)."""

import pytest

from iletisim.service_requests import actions
from iletisim.service_requests.tests.factories import routed_request

pytestmark = pytest.mark.django_db

PERMS = [
    "view_inbox",
    "view_unit_inbox",
    "intake",
    "view_request",
    "route_request",
    "publish_answer",
    "work_request",
    "assign_request",
    "view_contact",
    "correct_personal_data",
    "view_dashboard",
]
# person: (role, unit), then one digit per permission in the order of PERMS.
TABLE = {
    "desk": (("pr_operator", "halkla-iliskiler"), "10111111111"),
    "admin": (("admin", "bilgi-islem"), "11111111111"),
    "director": (("director", "basin-halkla-iliskiler"), "10010000001"),
    "mayors_office": (("mayors_office", "ozel-kalem"), "10010000001"),
    "auditor": (("auditor", "basin-halkla-iliskiler"), "10010000001"),
    "press_officer": (("press_officer", "basin-halkla-iliskiler"), "00000000000"),
    "roads_staff": (("unit_staff", "fen-isleri"), "01010010001"),
    "roads_assignee": (("unit_staff", "fen-isleri"), "01010010101"),
    "roads_manager": (("unit_manager", "fen-isleri"), "01010011101"),
    "vet_staff": (("unit_staff", "veteriner"), "01000000001"),
    "vet_manager": (("unit_manager", "veteriner"), "01000000001"),
}


@pytest.mark.parametrize("person", list(TABLE))
def test_each_role_has_exactly_the_permissions_of_the_table(make_user, person):
    (role, unit), expected = TABLE[person]
    desk = make_user("pr_operator", "halkla-iliskiler")
    sr = routed_request(desk)
    user = make_user(role, unit)
    if person == "roads_assignee":
        sr = actions.assign_request(sr=sr, assignee=user, by=desk)
    got = "".join("1" if user.has_perm(f"service_requests.{p}", sr) else "0" for p in PERMS)
    assert dict(zip(PERMS, got, strict=True)) == dict(zip(PERMS, expected, strict=True))
