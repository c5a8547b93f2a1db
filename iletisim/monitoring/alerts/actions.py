"""Writes of alerts: rules saved, alerts made from hits and spikes, alerts delivered once.

When is an alert due (`due_time`): an immediate rule now, an hourly digest at the next full
hour, a daily digest at MONITORING_ALERT_DAILY_AT; then, unless the rule is urgent, a time
inside the rule's quiet hours moves to their end (held, not dropped). Spike alerts ignore
the digest (a spike is news now) but respect quiet hours.

Delivery (`deliver_due_alerts`, run by the `deliver_alerts` task right after a hit and by
the `monitoring-alerts` job every minute): per recipient, the due rows are claimed with one
conditional UPDATE (a token and a 5-minute lease), so of two workers only one gets each
row; the claimed rows go out in one e-mail and are stamped `sent_at`. An SMTP failure
releases the claim for the next run (up to `Alert.MAX_ATTEMPTS`).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from iletisim.accounts.models import User
from iletisim.accounts.roles import Role
from iletisim.core.audit import log_action, register_actions
from iletisim.lib import sms, turkish
from iletisim.lib import whatsapp as wa
from iletisim.monitoring.alerts import spikes
from iletisim.monitoring.alerts.models import Alert, AlertDelivery, AlertKind, AlertRule
from iletisim.monitoring.models import Item, Tone

logger = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=5)
KEEP_DAYS = 90
# The people an alert may go to: those who may open the desk its links lead to.
RECIPIENT_ROLES = (Role.ADMIN, Role.DIRECTOR, Role.PRESS_OFFICER, Role.MAYORS_OFFICE)

register_actions(
    {
        "monitoring.alert_rule.created": gettext_lazy("Alert rule created"),
        "monitoring.alert_rule.updated": gettext_lazy("Alert rule changed"),
        "monitoring.alert.sent": gettext_lazy("Monitoring alert e-mailed"),
        "monitoring.alert.sms_sent": gettext_lazy("Monitoring alert sent by SMS"),
        "monitoring.alert.whatsapp_sent": gettext_lazy("Monitoring alert sent on WhatsApp"),
    }
)


# --- Rules ---------------------------------------------------------------------------------


def eligible_recipients() -> models.QuerySet[User]:
    return (
        User.objects.filter(is_active=True, memberships__role__in=RECIPIENT_ROLES)
        .exclude(email="")
        .distinct()
        .order_by("full_name", "username")
    )


RULE_FIELDS = (
    "name",
    "query",
    "active",
    "delivery",
    "negative_only",
    "min_reach",
    "spikes",
    "spike_sigmas",
    "spike_min_count",
    "quiet_start",
    "quiet_end",
    "urgent",
    "by_sms",
    "by_whatsapp",
)


def _snapshot(rule: AlertRule) -> dict[str, Any]:
    """The rule as plain JSON values, recipients by id, for the audit entry."""
    values: dict[str, Any] = {}
    for name in RULE_FIELDS:
        value = rule.query_id if name == "query" else getattr(rule, name)
        values[name] = value if isinstance(value, bool | int | float | str | None) else str(value)
    values["recipients"] = sorted(rule.recipients.values_list("pk", flat=True)) if rule.pk else []
    return values


@transaction.atomic
def save_alert_rule(
    *,
    rule: AlertRule,
    data: dict[str, Any],
    recipients: list[User],
    by: Any,
    request: HttpRequest | None = None,
) -> AlertRule:
    """Create or change a rule; `data` holds RULE_FIELDS, already validated by the form."""
    created = rule.pk is None
    # The stored row, not the instance: a ModelForm has already copied the new values onto it.
    before = {} if created else _snapshot(AlertRule.objects.get(pk=rule.pk))
    for name in RULE_FIELDS:
        setattr(rule, name, data[name])
    if created:
        rule.created_by = by
    rule.save()
    rule.recipients.set(recipients)
    after = _snapshot(rule)
    log_action(
        "monitoring.alert_rule.created" if created else "monitoring.alert_rule.updated",
        actor=by,
        target=rule,
        data=after
        if created
        else {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        request=request,
    )
    return rule


# --- When ----------------------------------------------------------------------------------


def _clock(value: str) -> dt.time:
    hours, _sep, minutes = value.partition(":")
    return dt.time(int(hours), int(minutes or 0))


def in_quiet_hours(rule: AlertRule, local: dt.datetime) -> bool:
    start, end = rule.quiet_start, rule.quiet_end
    if start is None or end is None or start == end:
        return False
    now = local.time()
    return start <= now < end if start < end else now >= start or now < end


def hold_for_quiet_hours(rule: AlertRule, moment: dt.datetime) -> dt.datetime:
    """`moment`, or the end of the rule's quiet hours when it falls inside them."""
    local = timezone.localtime(moment)
    if rule.urgent or not in_quiet_hours(rule, local):
        return moment
    assert rule.quiet_end is not None
    end = local.replace(
        hour=rule.quiet_end.hour, minute=rule.quiet_end.minute, second=0, microsecond=0
    )
    if end <= local:
        end += dt.timedelta(days=1)
    return end


def due_time(rule: AlertRule, now: dt.datetime, *, kind: str = AlertKind.ITEM) -> dt.datetime:
    local = timezone.localtime(now)
    due = local
    if kind == AlertKind.ITEM and rule.delivery == AlertDelivery.HOURLY:
        due = local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    elif kind == AlertKind.ITEM and rule.delivery == AlertDelivery.DAILY:
        at = _clock(settings.MONITORING_ALERT_DAILY_AT)
        due = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        if due <= local:
            due += dt.timedelta(days=1)
    return hold_for_quiet_hours(rule, due)


# --- Making alerts -------------------------------------------------------------------------


def _rules_with_recipients(**filters: Any) -> list[AlertRule]:
    people = models.Prefetch("recipients", queryset=eligible_recipients(), to_attr="people")
    return list(
        AlertRule.objects.filter(active=True, query__active=True, **filters)
        .select_related("query")
        .prefetch_related(people)
    )


def story_key(item: Item) -> str:
    return f"story:{item.story_id}" if item.story_id else f"item:{item.pk}"


def _too_old(item: Item, now: dt.datetime) -> bool:
    """An old article found late (a new source's back catalogue) is news to nobody."""
    limit = dt.timedelta(hours=settings.MONITORING_ALERT_MAX_AGE_HOURS)
    return item.published_at is not None and now - item.published_at > limit


def _insert(alerts: list[Alert], now: dt.datetime, *, enqueue: bool = True) -> int:
    """Insert, one per (recipient, key): the earliest due wins; an existing row stays.
    Returns how many are new (a spike already alerted today is not counted again)."""
    best: dict[tuple[int, str], Alert] = {}
    for alert in sorted(alerts, key=lambda a: a.due_at):
        best.setdefault((alert.recipient_id, alert.key), alert)
    if not best:
        return 0
    existing = set(
        Alert.objects.filter(
            recipient_id__in={person for person, _key in best},
            key__in={key for _person, key in best},
        ).values_list("recipient_id", "key")
    )
    fresh = [alert for pair, alert in best.items() if pair not in existing]
    # a concurrent worker may still insert one first: the unique (recipient, key) keeps one
    Alert.objects.bulk_create(fresh, ignore_conflicts=True)
    if enqueue and any(alert.due_at <= now for alert in fresh):
        from iletisim.monitoring.tasks import deliver_alerts

        transaction.on_commit(lambda: deliver_alerts.enqueue())
    return len(fresh)


def rules_for(query_ids: Iterable[int]) -> list[AlertRule]:
    """The active rules of these queries with their recipients: read once for a batch of
    items and passed to `alert_on_hits`."""
    return _rules_with_recipients(query_id__in=set(query_ids))


def alert_on_hits(
    item: Item,
    query_ids: list[int],
    *,
    now: dt.datetime | None = None,
    rules: list[AlertRule] | None = None,
) -> int:
    """Alerts for a newly matched item, per the rules of the queries that hit it (`rules`:
    those `rules_for` read for a batch; otherwise read here)."""
    now = now or timezone.now()
    if not query_ids or _too_old(item, now):
        return 0
    if rules is None:
        rules = rules_for(query_ids)
    rules = [rule for rule in rules if rule.query_id in query_ids]
    if not rules:
        return 0
    reach = item.outlet.reach or 0
    alerts = []
    for rule in rules:
        if rule.negative_only and item.tone != Tone.NEGATIVE:
            continue
        if reach < rule.min_reach:
            continue
        due = due_time(rule, now)
        alerts += [
            Alert(
                rule=rule,
                recipient=person,
                kind=AlertKind.ITEM,
                key=story_key(item),
                item=item,
                data={"query": rule.query.name, "tone": item.tone or "", "reach": reach},
                created_at=now,
                due_at=due,
            )
            for person in rule.people  # type: ignore[attr-defined]
        ]
    return _insert(alerts, now)


def check_spikes(*, now: dt.datetime | None = None) -> int:
    """Spike alerts for every query of an active spike rule whose today is a spike."""
    now = now or timezone.now()
    rules = _rules_with_recipients(spikes=True)
    if not rules:
        return 0
    counts = spikes.daily_counts(sorted({rule.query_id for rule in rules}), now=now)
    day = timezone.localtime(now).date().isoformat()
    alerts = []
    for rule in rules:
        today, history = counts[rule.query_id]
        spike = spikes.assess(
            today, history, sigmas=rule.spike_sigmas, min_count=rule.spike_min_count
        )
        if not spike.is_spike:
            continue
        alerts += [
            Alert(
                rule=rule,
                recipient=person,
                kind=AlertKind.SPIKE,
                key=f"spike:{rule.query_id}:{day}",
                data={"query": rule.query.name, **spike.as_data()},
                created_at=now,
                due_at=due_time(rule, now, kind=AlertKind.SPIKE),
            )
            for person in rule.people  # type: ignore[attr-defined]
        ]
    return _insert(alerts, now, enqueue=False)  # the job delivers right after


# --- Delivery ------------------------------------------------------------------------------


def _claim(recipient_id: int, now: dt.datetime) -> str:
    token = uuid.uuid4().hex
    Alert.objects.due(now).filter(recipient_id=recipient_id).update(
        claim_token=token, sending_until=now + LEASE
    )
    return token


def _staff_url(name: str, *args: Any) -> str:
    return str(settings.SITE_URL).rstrip("/") + reverse(name, args=args)


def _message(recipient: User, alerts: list[Alert]) -> EmailMessage:
    items = {a.item_id: a.item for a in alerts if a.item_id}
    entries = []
    for alert in alerts:
        item = items.get(alert.item_id) if alert.item_id else None
        entries.append(
            {
                "alert": alert,
                "item": item,
                "url": _staff_url("monitoring:item-detail", item.pk) if item else "",
                "desk_url": _staff_url("monitoring:desk") + f"?watch_query={alert.rule.query_id}",
                "copies": item.story.item_count if item and item.story else 1,
                "tone": Tone(item.tone).label if item and item.tone else "",
                "reach": f"{item.outlet.reach:,}".replace(",", ".")
                if item and item.outlet.reach
                else "",
            }
        )
    with translation.override(settings.LANGUAGE_CODE):
        context = {"recipient": recipient, "entries": entries, "count": len(entries)}
        subject = render_to_string("monitoring/alerts/email_subject.txt", context)
        body = render_to_string("monitoring/alerts/email_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split())[:200], body=body, to=[recipient.email])


def _sms_text(alerts: list[Alert]) -> str:
    """One short line: what happened and where to look (the headline, cut to fit)."""
    with translation.override(settings.LANGUAGE_CODE):
        first = alerts[0]
        if first.item is not None:
            head = f"{first.item.outlet.name}: {first.item.title}"
        else:
            head = gettext("Spike: %(query)s") % {"query": first.rule.query.name}
        if len(alerts) > 1:
            head = gettext("%(count)d alerts. %(first)s") % {"count": len(alerts), "first": head}
        link = _staff_url("monitoring:desk")
    return f"{head[: 150 - len(link)].rstrip()} {link}"


def _send_sms(recipient: User, alerts: list[Alert]) -> None:
    """The SMS of immediate alerts of rules that ask for it. At most once: it goes after the
    e-mail is stamped, and a failure is logged, not retried (the e-mail carries the alert)."""
    chosen = [a for a in alerts if a.rule.by_sms and a.rule.delivery == AlertDelivery.IMMEDIATE]
    if not chosen or not recipient.phone:
        return
    try:
        sms.send_sms(recipient.phone, _sms_text(chosen))
    except Exception:
        logger.exception("monitoring alert SMS for user %s not sent", recipient.pk)
        return
    log_action(
        "monitoring.alert.sms_sent",
        target=recipient,
        data={"alerts": [a.pk for a in chosen], "provider": sms.provider_name()},
    )


def _send_whatsapp(recipient: User, alerts: list[Alert]) -> None:
    """The WhatsApp message of immediate alerts of rules that ask for it: the approved
    template WHATSAPP_ALERT_TEMPLATE (a staff member has not written to us, so no free text
    is allowed) with two parameters, what happened and the desk's link. Like the SMS: after
    the e-mail is stamped, at most once, a failure logged and not retried."""
    chosen = [
        a for a in alerts if a.rule.by_whatsapp and a.rule.delivery == AlertDelivery.IMMEDIATE
    ]
    number = turkish.international_phone(recipient.phone)
    if not chosen or number is None:
        return
    api = wa.CloudAPIClient.from_settings(settings)
    if api is None:
        logger.warning("WhatsApp alerts asked for but WhatsApp is not configured")
        return
    text = _sms_text(chosen)
    head, _space, link = text.rpartition(" ")
    try:
        message_id = api.send_template(
            number, settings.WHATSAPP_ALERT_TEMPLATE, "tr", [head or text, link]
        )
    except wa.WhatsAppError:
        logger.exception("monitoring alert on WhatsApp for user %s not sent", recipient.pk)
        return
    log_action(
        "monitoring.alert.whatsapp_sent",
        target=recipient,
        data={"alerts": [a.pk for a in chosen], "message": message_id},
    )


def deliver_to(recipient_id: int, *, now: dt.datetime | None = None) -> int:
    """Send one recipient's due alerts in one e-mail; the number sent (0: none claimed)."""
    now = now or timezone.now()
    token = _claim(recipient_id, now)
    claimed = list(
        Alert.objects.filter(claim_token=token, sent_at__isnull=True)
        .select_related("rule__query", "item__outlet", "item__story")
        .order_by("kind", "due_at", "id")
    )
    if not claimed:
        return 0
    ids = [alert.pk for alert in claimed]
    recipient = eligible_recipients().filter(pk=recipient_id).first()
    if recipient is None:  # lost the role, left, or has no address: nothing is sent
        Alert.objects.filter(pk__in=ids).update(
            sent_at=now, sending_until=None, last_error="recipient not eligible"
        )
        return 0
    try:
        _message(recipient, claimed).send()
    except Exception as exc:
        logger.exception("monitoring alerts for user %s not sent", recipient_id)
        Alert.objects.filter(pk__in=ids).update(
            sending_until=None,
            claim_token="",
            attempts=models.F("attempts") + 1,
            last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
        )
        return 0
    with transaction.atomic():
        Alert.objects.filter(pk__in=ids).update(
            sent_at=timezone.now(), sending_until=None, attempts=models.F("attempts") + 1
        )
        log_action(
            "monitoring.alert.sent",
            target=recipient,
            data={"alerts": ids, "keys": [alert.key for alert in claimed]},
        )
    _send_sms(recipient, claimed)
    _send_whatsapp(recipient, claimed)
    return len(ids)


def deliver_due_alerts(*, now: dt.datetime | None = None) -> int:
    """Every recipient's due alerts; safe to run in several workers at once."""
    now = now or timezone.now()
    people = Alert.objects.due(now).values_list("recipient_id", flat=True).distinct()
    return sum(deliver_to(person, now=now) for person in list(people))


def prune_sent_alerts(*, now: dt.datetime | None = None, days: int = KEEP_DAYS) -> int:
    """Forget alerts sent more than `days` ago (who was told what is personal data); their
    stories are long past the age that raises alerts, so no duplicate can follow."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _by_model = Alert.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
