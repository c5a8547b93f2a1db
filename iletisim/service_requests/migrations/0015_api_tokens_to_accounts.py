"""API tokens move to accounts (one `ApiToken` for every app's scopes): each row is copied
with its key hash, so issued keys keep working, and its scopes; then this app's table goes.

Should a key somehow already be in accounts (the same key issued in press too), the one
token keeps both apps' scopes. Backwards, tokens with this app's scopes come back here and
lose them in accounts (a token left without scopes is removed there).
"""

from django.db import migrations

SCOPES = {"requests:read", "requests:write"}
FIELDS = ("name", "user_id", "key_hint", "is_active", "created_at", "last_used_at")


def split(text):
    return {s.strip() for s in text.split(",") if s.strip()}


def to_accounts(apps, schema_editor):
    Old = apps.get_model("service_requests", "ApiToken")
    New = apps.get_model("accounts", "ApiToken")
    for old in Old.objects.order_by("id").iterator():
        new = New.objects.filter(key_hash=old.key_hash).first()
        if new is None:
            New.objects.create(
                key_hash=old.key_hash,
                scopes=old.scopes,
                **{field: getattr(old, field) for field in FIELDS},
            )
        else:
            new.scopes = ",".join(sorted(split(new.scopes) | split(old.scopes)))
            new.save(update_fields=["scopes"])


def from_accounts(apps, schema_editor):
    Old = apps.get_model("service_requests", "ApiToken")
    New = apps.get_model("accounts", "ApiToken")
    for new in New.objects.order_by("id").iterator():
        scopes = split(new.scopes)
        if not scopes & SCOPES:
            continue
        Old.objects.create(
            key_hash=new.key_hash,
            scopes=",".join(sorted(scopes & SCOPES)),
            **{field: getattr(new, field) for field in FIELDS},
        )
        if scopes - SCOPES:
            new.scopes = ",".join(sorted(scopes - SCOPES))
            new.save(update_fields=["scopes"])
        else:
            new.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token"),
        ("service_requests", "0014_staff_mail"),
    ]

    operations = [
        migrations.RunPython(to_accounts, from_accounts),
        migrations.DeleteModel(name="ApiToken"),
    ]
