"""The citizen's pages: the intake form, the confirmation and the tracking page (by secret
link, no account). Rate-limited per IP and per contact; a honeypot catches simple bots."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from iletisim.core.audit import client_ip
from iletisim.lib.ratelimit import over_limit
from iletisim.service_requests import actions
from iletisim.service_requests.access import get_request_for_citizen, mask
from iletisim.service_requests.forms import (
    CitizenReplyForm,
    CorrectionForm,
    DataRequestForm,
    PublicRequestForm,
    SurveyForm,
)
from iletisim.service_requests.models import Channel, DataCorrection, ServiceRequest, Status


def _form_page(request: HttpRequest, form: PublicRequestForm, status: int = 200) -> HttpResponse:
    pin_config = None
    if settings.SERVICE_REQUESTS_MAP_TILES:
        pin_config = {
            "tiles": settings.SERVICE_REQUESTS_MAP_TILES,
            "attribution": settings.SERVICE_REQUESTS_MAP_ATTRIBUTION,
            "center": settings.SERVICE_REQUESTS_MAP_CENTER,
        }
    context = {"form": form, "pin_config": pin_config}
    return render(request, "service_requests/public/form.html", context, status=status)


@never_cache
def request_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = PublicRequestForm(initial={"form_token": secrets.token_urlsafe(24)})
        return _form_page(request, form)

    form = PublicRequestForm(request.POST, request.FILES)
    if request.POST.get("website"):
        # A bot filled the honeypot: answer like a success, keep nothing.
        return render(request, "service_requests/public/spam.html")
    per_ip = int(getattr(settings, "SERVICE_REQUESTS_RATE_PER_IP", 10))
    if over_limit(f"sr:ip:{client_ip(request)}", per_ip):
        messages.error(request, _("Too many requests from your connection. Try again in an hour."))
        return _form_page(request, form, 429)
    if not form.is_valid():
        return _form_page(request, form, 400)
    data = form.cleaned_data
    contact = data["citizen_email"].lower() or data["citizen_phone"]
    per_contact = int(getattr(settings, "SERVICE_REQUESTS_RATE_PER_CONTACT", 5))
    if contact and over_limit(f"sr:contact:{contact}", per_contact):
        messages.error(request, _("Too many requests with this contact. Try again in an hour."))
        return _form_page(request, form, 429)
    try:
        sr = actions.submit_request(
            type=data["type"],
            description=data["description"],
            channel=Channel.WEB,
            category=data["category"],
            neighbourhood=data["neighbourhood"],
            address=data["address"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            citizen_name=data["citizen_name"],
            citizen_phone=data["citizen_phone"],
            citizen_email=data["citizen_email"],
            national_id=data["national_id"],
            notify_by=data["notify_by"] or "both",
            kvkk_acknowledged=data["kvkk"],
            answers=form.answers(),
            files=data["attachments"],
            submission_key=actions.submission_key_for("web", data["form_token"]),
            language=(get_language() or "tr")[:2],
            request=request,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _form_page(request, form, 400)
    return redirect("service_requests_public:done", sr.tracking_number, sr.secret)


@never_cache
def request_done(request: HttpRequest, number: str, secret: str) -> HttpResponse:
    sr = get_request_for_citizen(number, secret)
    return render(request, "service_requests/public/done.html", {"sr": sr})


@never_cache
def request_track(request: HttpRequest, number: str, secret: str) -> HttpResponse:
    sr = get_request_for_citizen(number, secret)
    reply_form = CitizenReplyForm(prefix="reply")
    survey_form = SurveyForm(prefix="survey")
    correction_form = CorrectionForm(prefix="correction")
    data_form = DataRequestForm(prefix="data")
    if request.method == "POST":
        try:
            if request.POST.get("form") in ("correction", "data"):
                # Data subject requests (KVKK art. 11) share one limit per connection.
                per_ip = int(getattr(settings, "SERVICE_REQUESTS_RATE_PER_IP", 10))
                if over_limit(f"sr:correction-ip:{client_ip(request)}", per_ip):
                    messages.error(
                        request, _("Too many requests from your connection. Try again in an hour.")
                    )
                    return redirect("service_requests_public:track", number, secret)
            if request.POST.get("form") == "data":
                data_form = DataRequestForm(request.POST, prefix="data")
                if data_form.is_valid():
                    actions.request_data_subject(
                        sr=sr, kind=data_form.cleaned_data["kind"], request=request
                    )
                    messages.success(
                        request, _("Thank you: the desk will answer your request and tell you.")
                    )
                    return redirect("service_requests_public:track", number, secret)
            elif request.POST.get("form") == "correction":
                correction_form = CorrectionForm(request.POST, prefix="correction")
                if correction_form.is_valid():
                    actions.request_correction(
                        sr=sr,
                        changes=correction_form.changes(),
                        note=correction_form.cleaned_data["note"],
                        request=request,
                    )
                    messages.success(
                        request,
                        _("Thank you: the desk will examine the correction and tell you."),
                    )
                    return redirect("service_requests_public:track", number, secret)
            elif "reply-text" in request.POST:
                reply_form = CitizenReplyForm(request.POST, prefix="reply")
                if reply_form.is_valid():
                    actions.citizen_reply(
                        sr=sr, text=reply_form.cleaned_data["text"], request=request
                    )
                    messages.success(request, _("Thank you, your answer has been sent."))
                    return redirect("service_requests_public:track", number, secret)
            else:
                survey_form = SurveyForm(request.POST, prefix="survey")
                if survey_form.is_valid():
                    actions.rate_request(sr=sr, request=request, **survey_form.cleaned_data)
                    messages.success(request, _("Thank you for your feedback."))
                    return redirect("service_requests_public:track", number, secret)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("service_requests_public:track", number, secret)
    pending_all = {
        c.kind: c
        for c in DataCorrection.objects.filter(request=sr, state=DataCorrection.State.PENDING)
    }
    pending = pending_all.get(DataCorrection.Kind.CORRECT)
    has_data = not sr.is_anonymous and sr.anonymised_at is None
    context = {
        "sr": sr,
        "updates": sr.updates.filter(is_public=True),
        # Correcting contact details (KVKK art. 11): the current ones are shown masked, as
        # anyone holding the link sees this page.
        "pending_correction": pending,
        "correction_form": correction_form if pending is None and has_data else None,
        # A copy or an erasure (KVKK art. 11): asked here, answered by the desk; the copy
        # goes to the e-mail address on file, never onto this page.
        "pending_show": pending_all.get(DataCorrection.Kind.SHOW),
        "pending_erase": pending_all.get(DataCorrection.Kind.ERASE),
        "data_form": data_form if has_data else None,
        "can_ask_copy": bool(sr.citizen_email),
        "current_contact": [
            (CorrectionForm.base_fields[name].label, mask(getattr(sr, name)))
            for name in ("citizen_name", "citizen_phone", "citizen_email")
            if getattr(sr, name)
        ],
        "reply_form": reply_form if sr.status == Status.WAITING_CITIZEN else None,
        "survey_form": survey_form
        if sr.status in (Status.ANSWERED, Status.CLOSED) and sr.rated_at is None
        else None,
    }
    return render(request, "service_requests/public/track.html", context)


def request_map(request: HttpRequest) -> HttpResponse:
    """Open requests in public categories, FixMyStreet-style: subject, status and a position
    rounded to about 100 m. No text and no link: the description may hold personal data."""
    rows = list(
        ServiceRequest.objects.open()
        .filter(category__is_public=True, latitude__isnull=False, longitude__isnull=False)
        .select_related("category", "neighbourhood")
        .order_by("-created_at")[:1000]
    )
    points = [
        {
            "lat": round(float(r.latitude), 3),  # type: ignore[arg-type]
            "lng": round(float(r.longitude), 3),  # type: ignore[arg-type]
            "number": r.created_at.strftime("%d.%m.%Y"),
            "category": r.category.display_name if r.category else "",
            "url": "",
        }
        for r in rows
    ]
    config = {
        "tiles": settings.SERVICE_REQUESTS_MAP_TILES,
        "attribution": settings.SERVICE_REQUESTS_MAP_ATTRIBUTION,
        "center": settings.SERVICE_REQUESTS_MAP_CENTER,
        "points": points,
    }
    return render(
        request,
        "service_requests/public/map.html",
        {"rows": rows, "points": points, "map_config": config},
    )
