"""Outlets: how often they come out (for the tekzip publication deadline) and the link to
monitoring's outlet of the same name; rebuttals: a real link to the monitoring item they
answer and the date the outlet received them; API tokens; journalists' requests remember
when their personal data was anonymised; communications get a Turkish-folded search text
(the press room's search), filled here for existing rows.

Existing rows: `is_daily` becomes periodicity "daily"; each press outlet is linked to the
monitoring outlet whose name is the same after Turkish case folding (unmatched ones stay
unlinked and are linked on the outlet form); `clipping_ref` ids that exist become links.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    from iletisim.lib.turkish import fold
    from iletisim.press.content import html_to_text, search_text

    Communication = apps.get_model("press", "Communication")
    for item in Communication.objects.only("id", "title", "lead", "tags", "body").iterator():
        Communication.objects.filter(pk=item.pk).update(
            search_text=search_text(item.title, item.lead, item.tags, html_to_text(item.body))
        )

    MediaOutlet = apps.get_model("press", "MediaOutlet")
    Outlet = apps.get_model("monitoring", "Outlet")
    Rebuttal = apps.get_model("press", "Rebuttal")
    Item = apps.get_model("monitoring", "Item")
    MediaOutlet.objects.filter(is_daily=True).update(periodicity="daily")
    by_name: dict[str, int] = {}
    for pk, name in Outlet.objects.order_by("id").values_list("id", "name"):
        by_name.setdefault(" ".join(fold(name).split()), pk)
    taken: set[int] = set()
    for outlet in MediaOutlet.objects.order_by("id").only("id", "name"):
        match = by_name.get(" ".join(fold(outlet.name).split()))
        if match is not None and match not in taken:
            taken.add(match)
            MediaOutlet.objects.filter(pk=outlet.pk).update(monitoring_outlet_id=match)
    refs = dict(Rebuttal.objects.exclude(clipping_ref=None).values_list("id", "clipping_ref"))
    existing = set(Item.objects.filter(pk__in=set(refs.values())).values_list("id", flat=True))
    for pk, ref in refs.items():
        if ref in existing:
            Rebuttal.objects.filter(pk=pk).update(clipping_id=ref)


def backwards(apps, schema_editor):
    MediaOutlet = apps.get_model("press", "MediaOutlet")
    Rebuttal = apps.get_model("press", "Rebuttal")
    MediaOutlet.objects.filter(periodicity="daily").update(is_daily=True)
    for pk, ref in Rebuttal.objects.exclude(clipping=None).values_list("id", "clipping_id"):
        Rebuttal.objects.filter(pk=pk).update(clipping_ref=ref)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0005_corrections"),
        ("press", "0002_coordination_tasks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="mediaoutlet",
            name="issue_anchor",
            field=models.DateField(
                blank=True,
                help_text="Any past or coming issue; the other issues are counted from it.",
                null=True,
                verbose_name="date of one issue",
            ),
        ),
        migrations.AddField(
            model_name="mediaoutlet",
            name="issue_dates",
            field=models.JSONField(blank=True, default=list, verbose_name="publication calendar"),
        ),
        migrations.AddField(
            model_name="mediaoutlet",
            name="monitoring_outlet",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="monitoring.outlet",
                verbose_name="same outlet in monitoring",
            ),
        ),
        migrations.AddField(
            model_name="mediaoutlet",
            name="periodicity",
            field=models.CharField(
                blank=True,
                choices=[
                    ("daily", "Daily"),
                    ("weekly", "Weekly"),
                    ("fortnightly", "Every two weeks"),
                    ("monthly", "Monthly"),
                    ("bimonthly", "Every two months"),
                    ("quarterly", "Every three months"),
                    ("calendar", "By a publication calendar"),
                ],
                max_length=16,
                verbose_name="comes out",
            ),
        ),
        migrations.AddField(
            model_name="rebuttal",
            name="clipping",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="monitoring.item",
                verbose_name="clipping answered",
            ),
        ),
        migrations.AddField(
            model_name="rebuttal",
            name="received_on",
            field=models.DateField(blank=True, null=True, verbose_name="received by the outlet on"),
        ),
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                ("key_hash", models.CharField(editable=False, max_length=64, unique=True)),
                (
                    "key_hint",
                    models.CharField(editable=False, max_length=8, verbose_name="key ends with"),
                ),
                (
                    "scopes",
                    models.CharField(
                        default="press:communications",
                        help_text="press:communications, press:contacts, press:requests:read, press:requests:write",
                        max_length=200,
                        verbose_name="scopes",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_used_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="press_api_tokens",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="acts as",
                    ),
                ),
            ],
            options={
                "verbose_name": "press API token",
                "verbose_name_plural": "press API tokens",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="pressrequest",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="communication",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="rebuttal",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for the outlet"),
                    ("published", "Published"),
                    ("improper", "Published, but not as the law requires (page, type, length)"),
                    ("refused", "Refused"),
                    ("court", "Applied to the criminal judgeship of peace"),
                ],
                default="pending",
                max_length=16,
                verbose_name="outcome",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="mediaoutlet",
            name="is_daily",
        ),
        migrations.RemoveField(
            model_name="rebuttal",
            name="clipping_ref",
        ),
    ]
