import pytest
from django.db import DatabaseError, connection, transaction

from iletisim.core.audit import log_action
from iletisim.core.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


def test_it_refuses_an_action_name_nobody_registered():
    with pytest.raises(ValueError, match="unknown audit action"):
        log_action("core.thing.happend")
    assert not AuditEntry.objects.exists()


def test_an_entry_records_actor_target_and_data(make_user):
    admin = make_user("admin")
    entry = log_action("accounts.user.created", actor=admin, target=admin, data={"k": "v"})
    entry.refresh_from_db()
    assert entry.actor == admin
    assert entry.target_type == "accounts.user"
    assert entry.target_id == str(admin.pk)
    assert entry.data == {"k": "v"}
    assert entry.action_label == "Kullanıcı oluşturuldu"  # Turkish is the default language


def test_entries_cannot_be_changed_or_deleted_through_the_orm(make_user):
    entry = log_action("accounts.user.created", actor=make_user("admin"))
    entry.action = "accounts.user.deactivated"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x.y.z")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "accounts.user.created"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_raw_updates_of_the_audit_table(make_user):
    entry = log_action("accounts.user.created", actor=make_user("admin"))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "accounts.user.created"


def test_the_client_ip_is_taken_from_the_request(rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    entry = log_action("core.day_off.added", request=request)
    assert entry.ip == "192.0.2.7"
