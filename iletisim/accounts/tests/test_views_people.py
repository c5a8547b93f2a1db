"""The administrator's people pages."""

import pytest
from django.core import mail

from iletisim.accounts.models import Membership, Unit, User
from iletisim.accounts.roles import Role
from iletisim.accounts.tests.factories import log_in
from iletisim.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    admin = log_in(client, make_user(Role.ADMIN, username="ayse"))
    client.admin = admin
    return client


def test_an_admin_creates_an_account_with_a_role_and_the_person_gets_a_link(admin_client):
    fen = Unit.objects.get(code="fen-isleri")
    response = admin_client.post(
        "/staff/people/new/",
        {
            "username": "selin",
            "full_name": "Selin Yıldız",
            "email": "selin@belediye.example",
            "unit": fen.pk,
            "role": Role.UNIT_STAFF,
        },
    )
    assert response.status_code == 302
    selin = User.objects.get(username="selin")
    assert not selin.has_usable_password()
    assert list(selin.memberships.values_list("unit__code", "role")) == [
        ("fen-isleri", "unit_staff")
    ]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["selin@belediye.example"]
    actions = set(
        AuditEntry.objects.filter(target_id=str(selin.pk)).values_list("action", flat=True)
    )
    assert {"accounts.user.created", "accounts.membership.added"} <= actions


def test_a_taken_username_or_email_is_refused(admin_client, make_user):
    make_user(Role.UNIT_STAFF, "fen-isleri", username="selin", email="selin@belediye.example")
    response = admin_client.post(
        "/staff/people/new/",
        {
            "username": "SELIN",
            "full_name": "X",
            "email": "Selin@Belediye.example",
            "unit": Unit.objects.get(code="zabita").pk,
            "role": Role.UNIT_STAFF,
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"username", "email"}
    assert User.objects.filter(username__iexact="selin").count() == 1


def test_roles_are_given_and_taken_away_on_the_audit_trail(admin_client, make_user):
    person = make_user(Role.UNIT_STAFF, "fen-isleri")
    zabita = Unit.objects.get(code="zabita")
    admin_client.post(f"/staff/people/{person.pk}/", {"unit": zabita.pk, "role": Role.UNIT_MANAGER})
    membership = Membership.objects.get(user=person, unit=zabita)
    admin_client.post(f"/staff/people/{person.pk}/memberships/{membership.pk}/remove/")
    assert not Membership.objects.filter(user=person, unit=zabita).exists()
    assert AuditEntry.objects.filter(
        action="accounts.membership.removed", target_id=str(person.pk)
    ).exists()


def test_giving_the_admin_role_opens_django_admin_and_taking_it_closes_it(admin_client, make_user):
    person = make_user(Role.UNIT_STAFF, "fen-isleri")
    unit = Unit.objects.get(code="basin-halkla-iliskiler")
    admin_client.post(f"/staff/people/{person.pk}/", {"unit": unit.pk, "role": Role.ADMIN})
    person.refresh_from_db()
    assert person.is_staff and person.is_superuser
    membership = Membership.objects.get(user=person, role=Role.ADMIN)
    admin_client.post(f"/staff/people/{person.pk}/memberships/{membership.pk}/remove/")
    person.refresh_from_db()
    assert not person.is_staff and not person.is_superuser


def test_a_deactivated_persons_open_session_stops_working(admin_client, make_user):
    from django.test import Client

    person = make_user(Role.UNIT_STAFF, "fen-isleri")
    their_browser = Client()
    their_browser.force_login(person)
    assert their_browser.get("/staff/").status_code == 200
    admin_client.post(f"/staff/people/{person.pk}/deactivate/")
    assert their_browser.get("/staff/").status_code == 302


def test_an_admin_cannot_lock_themselves_out(admin_client):
    admin = admin_client.admin
    admin_client.post(f"/staff/people/{admin.pk}/deactivate/")
    membership = Membership.objects.get(user=admin, role=Role.ADMIN)
    admin_client.post(f"/staff/people/{admin.pk}/memberships/{membership.pk}/remove/")
    admin.refresh_from_db()
    assert admin.is_active and admin.memberships.filter(role=Role.ADMIN).exists()


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.AUDITOR, Role.UNIT_MANAGER, Role.PR_OPERATOR])
def test_only_admins_manage_people(client, make_user, role):
    user = log_in(client, make_user(role))
    assert client.get("/staff/people/").status_code == 403
    assert client.post(f"/staff/people/{user.pk}/deactivate/").status_code == 403
    user.refresh_from_db()
    assert user.is_active
