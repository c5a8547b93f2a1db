"""After closing: the satisfaction survey; and retraining the router from the desk's work."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from iletisim.core.audit import log_action
from iletisim.service_requests.actions.common import _bump, _line, _locked
from iletisim.service_requests.models import (
    RoutingModel,
    ServiceRequest,
    Status,
    Update,
)
from iletisim.service_requests.router import train

# --- after closing -----------------------------------------------------------------------------


def survey_window_days() -> int:
    return int(getattr(settings, "SERVICE_REQUESTS_SURVEY_DAYS", 30))


def rate_request(
    *,
    sr: ServiceRequest,
    rating: int,
    comment: str = "",
    solved: bool = True,
    request: HttpRequest | None = None,
) -> ServiceRequest:
    """The citizen's satisfaction survey. An unhappy answer within the window reopens the
    request for the desk."""
    if sr.status not in (Status.ANSWERED, Status.CLOSED) or sr.rated_at is not None:
        raise ValidationError(_("This request cannot be rated now."))
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."))
    with transaction.atomic():
        sr = _locked(sr, None)
        sr.rating = rating
        sr.rating_comment = comment.strip()[:2000]
        sr.rated_at = timezone.now()
        _bump(sr, "rating", "rating_comment", "rated_at")
        _line(
            sr,
            Update.Kind.CITIZEN,
            _("Satisfaction survey: %(rating)d out of 5.") % {"rating": rating},
            None,
            public=True,
        )
        log_action(
            "service_requests.request.rated",
            target=sr,
            data={"rating": rating, "solved": solved},
            request=request,
        )
        answered = sr.answered_at or sr.created_at
        recent = timezone.now() - answered <= dt.timedelta(days=survey_window_days())
        if (rating <= 2 or not solved) and recent and sr.can_become(Status.REOPENED):
            sr.transition(
                Status.REOPENED,
                text=_("The citizen is not satisfied: %(comment)s")
                % {"comment": sr.rating_comment or "—"},
                public=False,
            )
    return sr


# --- router training ---------------------------------------------------------------------------


def retrain_router(*, min_samples: int = 50) -> RoutingModel | None:
    """Learn from where the desk actually sent requests (the last 20,000 routed)."""
    rows = list(
        ServiceRequest.objects.filter(unit__isnull=False, anonymised_at__isnull=True)
        .exclude(status=Status.RECEIVED)
        .order_by("-created_at")
        .values_list("description", "unit__code")[:20000]
    )
    if len(rows) < min_samples:
        return None
    with transaction.atomic():
        model = RoutingModel.objects.create(samples=len(rows), data=train(rows))
        RoutingModel.objects.exclude(pk=model.pk).filter(
            pk__in=RoutingModel.objects.values_list("pk", flat=True)[5:]
        ).delete()
        log_action("service_requests.router.trained", data={"samples": len(rows)})
    return model
