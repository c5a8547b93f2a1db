"""Staff pages: the desk's inbox, a directorate's inbox, staff intake, the request page with
its timeline, and the in-page (HTMX) actions on a request."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.accounts.models import User
from iletisim.service_requests import actions
from iletisim.service_requests.access import get_request_for_user, mask
from iletisim.service_requests.forms import (
    AssignForm,
    BulkAssignForm,
    ForwardForm,
    InboxFilterForm,
    MergeForm,
    RouteForm,
    StaffIntakeForm,
    TextForm,
)
from iletisim.service_requests.models import (
    CORRECTABLE_FIELDS,
    OPEN_STATUSES,
    DataCorrection,
    ReplyTemplate,
    ServiceRequest,
    Status,
    TransitionError,
)
from iletisim.service_requests.rules import is_desk, is_unit_manager
from iletisim.service_requests.search import search_requests

PAGE_SIZE = 50
MAP_LIMIT = 2000


def _cursor(sr: ServiceRequest) -> str:
    return f"{int(sr.created_at.timestamp() * 1_000_000)}_{sr.pk}"


def _after(requests: Any, cursor: str) -> Any:
    micros, _sep, pk = cursor.partition("_")
    if not (micros.isdigit() and pk.isdigit()):
        return requests
    at = dt.datetime.fromtimestamp(int(micros) / 1_000_000, tz=dt.UTC)
    return requests.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=int(pk)))


def _data_requests_waiting(user: Any) -> dict[str, int]:
    """How many data subject requests wait for the desk, and how many are past their due
    date (one query)."""
    if not user.has_perm("service_requests.correct_personal_data"):
        return {"corrections_waiting": 0, "corrections_overdue": 0}
    return DataCorrection.waiting_counts()


def _inbox(request: HttpRequest, requests: Any, title: str, own_unit: bool) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            requests = search_requests(requests, data["q"])
        for name in ("status", "type", "category", "unit", "neighbourhood", "channel"):
            if data[name]:
                requests = requests.filter(**{name: data[name]})
        if data["overdue"]:
            requests = requests.overdue()
        if data["correction"]:
            # Exists, not a join: a request with two pending data requests is listed once.
            requests = requests.filter(
                Exists(
                    DataCorrection.objects.filter(
                        request=OuterRef("pk"), state=DataCorrection.State.PENDING
                    )
                )
            )
    elif not request.GET and own_unit:
        requests = requests.filter(status__in=OPEN_STATUSES)
    requests = _after(requests, request.GET.get("after", ""))
    page = list(
        requests.select_related("category", "unit", "neighbourhood", "proposed_unit").order_by(
            "-created_at", "-pk"
        )[: PAGE_SIZE + 1]
    )
    has_more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "title": title,
        "form": form,
        "requests": page,
        "next_cursor": _cursor(page[-1]) if has_more else "",
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "bulk_form": RouteForm(auto_id="bulk_%s")
        if request.user.has_perm("service_requests.route_request")
        else None,
        "assign_form": BulkAssignForm(users=_assignable(request.user), auto_id="bulk_%s")
        if is_desk(request.user) or is_unit_manager(request.user)
        else None,
        **_data_requests_waiting(request.user),
    }
    return render(request, "service_requests/staff/inbox.html", context)


@permission_required("service_requests.view_inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    return _inbox(request, ServiceRequest.objects.all(), _("Citizen requests"), own_unit=False)


@permission_required("service_requests.view_unit_inbox")
def unit_inbox(request: HttpRequest) -> HttpResponse:
    requests = ServiceRequest.objects.filter(unit_id__in=request.user.unit_ids)  # type: ignore[union-attr]
    return _inbox(request, requests, _("Requests of my directorate"), own_unit=True)


@permission_required("service_requests.view_dashboard")
def request_map(request: HttpRequest) -> HttpResponse:
    """Open requests with a position, on a Leaflet map and in a table (usable without tiles)."""
    rows = list(
        ServiceRequest.objects.visible_to(request.user)
        .open()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("category", "neighbourhood")
        .order_by("-created_at")[:MAP_LIMIT]
    )
    config = {
        "tiles": settings.SERVICE_REQUESTS_MAP_TILES,
        "attribution": settings.SERVICE_REQUESTS_MAP_ATTRIBUTION,
        "center": settings.SERVICE_REQUESTS_MAP_CENTER,
        "points": [
            {
                "lat": float(r.latitude),  # type: ignore[arg-type]
                "lng": float(r.longitude),  # type: ignore[arg-type]
                "number": r.tracking_number,
                "category": r.category.display_name if r.category else "",
                "url": reverse("service_requests:request-detail", args=[r.tracking_number]),
            }
            for r in rows
        ],
    }
    return render(request, "service_requests/staff/map.html", {"rows": rows, "map_config": config})


@require_POST
@permission_required("service_requests.route_request")
def bulk_route(request: HttpRequest) -> HttpResponse:
    """Route the ticked requests to one directorate; each one is its own audited action."""
    form = RouteForm({"unit": request.POST.get("unit"), "version": 0})
    numbers = request.POST.getlist("numbers")[:PAGE_SIZE]
    if not form.is_valid() or not numbers:
        messages.error(request, _("Tick requests and choose a directorate."))
        return redirect("service_requests:inbox")
    routed, failed = 0, []
    for sr in ServiceRequest.objects.filter(tracking_number__in=numbers).order_by("pk"):
        try:
            actions.route_request(
                sr=sr, unit=form.cleaned_data["unit"], by=request.user, request=request
            )
            routed += 1
        except (ValidationError, actions.ConflictError):
            failed.append(sr.tracking_number)
    messages.success(request, _("%(n)d requests routed.") % {"n": routed})
    if failed:
        messages.error(request, _("Not routed: %(numbers)s") % {"numbers": ", ".join(failed)})
    return redirect("service_requests:inbox")


def _assignable(user: Any) -> Any:
    """Whom a user may assign requests to: the desk anyone in a directorate, a unit manager
    the members of their own units."""
    users = User.objects.filter(is_active=True, memberships__isnull=False)
    if not is_desk(user):
        users = users.filter(memberships__unit_id__in=user.unit_ids)
    return users.distinct().order_by("first_name", "last_name", "username")


@require_POST
@permission_required("core.view_dashboard")
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """Assign the ticked requests to one person; each one is checked and audited on its own
    (the person must belong to the request's directorate)."""
    back = (
        "service_requests:inbox"
        if request.user.has_perm("service_requests.view_inbox")
        else "service_requests:unit-inbox"
    )
    form = BulkAssignForm(request.POST, users=_assignable(request.user))
    numbers = request.POST.getlist("numbers")[:PAGE_SIZE]
    if not form.is_valid() or not form.cleaned_data["assignee"] or not numbers:
        messages.error(request, _("Tick requests and choose a person."))
        return redirect(back)
    assignee = form.cleaned_data["assignee"]
    assigned, failed = 0, []
    for sr in ServiceRequest.objects.filter(tracking_number__in=numbers).order_by("pk"):
        if not request.user.has_perm("service_requests.assign_request", sr):
            failed.append(sr.tracking_number)
            continue
        try:
            actions.assign_request(sr=sr, assignee=assignee, by=request.user, request=request)
            assigned += 1
        except (ValidationError, TransitionError, actions.ConflictError):
            failed.append(sr.tracking_number)
    messages.success(request, _("%(n)d requests assigned.") % {"n": assigned})
    if failed:
        messages.error(request, _("Not assigned: %(numbers)s") % {"numbers": ", ".join(failed)})
    return redirect(back)


@permission_required("service_requests.intake")
def intake(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = StaffIntakeForm(initial={"form_token": secrets.token_urlsafe(24)})
        return render(request, "service_requests/staff/intake.html", {"form": form})
    form = StaffIntakeForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            sr = actions.submit_request(
                type=data["type"],
                description=data["description"],
                channel=data["channel"],
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
                submission_key=actions.submission_key_for("staff", data["form_token"]),
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Request %(number)s recorded.") % {"number": sr})
            return redirect("service_requests:request-detail", sr.tracking_number)
    return render(request, "service_requests/staff/intake.html", {"form": form}, status=400)


def _detail_context(request: HttpRequest, sr: ServiceRequest) -> dict[str, Any]:
    user = request.user
    show_contact = user.has_perm("service_requests.view_contact", sr)
    contact = {
        "name": sr.citizen_name if show_contact else mask(sr.citizen_name),
        "phone": sr.citizen_phone if show_contact else mask(sr.citizen_phone),
        "email": sr.citizen_email if show_contact else mask(sr.citizen_email),
        "national_id": sr.national_id if show_contact else mask(sr.national_id),
        "masked": not show_contact,
    }
    can_work = user.has_perm("service_requests.work_request", sr)
    can_route = user.has_perm("service_requests.route_request", sr)
    can_correct = user.has_perm("service_requests.correct_personal_data", sr)
    # Pending data subject requests (KVKK art. 11), the desk only: the earliest due first.
    pending = (
        list(
            DataCorrection.objects.filter(request=sr, state=DataCorrection.State.PENDING).order_by(
                "due_date", "pk"
            )
        )
        if can_correct
        else []
    )
    correction = next((c for c in pending if c.kind == DataCorrection.Kind.CORRECT), None)
    assignees = (
        User.objects.filter(is_active=True, memberships__unit_id=sr.unit_id).distinct()
        if sr.unit_id
        else User.objects.none()
    )
    return {
        "sr": sr,
        "contact": contact,
        "updates": sr.updates.select_related("actor"),
        "attachments": sr.attachments.all(),
        "can_work": can_work and sr.is_open,
        "can_route": can_route,
        "can_assign": user.has_perm("service_requests.assign_request", sr) and sr.is_open,
        "can_publish": user.has_perm("service_requests.publish_answer", sr),
        "route_form": RouteForm(
            initial={"unit": sr.unit or sr.proposed_unit, "version": sr.version}
        ),
        "forward_form": ForwardForm(
            initial={"competent_body": sr.competent_body, "version": sr.version}
        ),
        "assign_form": AssignForm(users=assignees, initial={"version": sr.version}),
        "text_form": TextForm(initial={"version": sr.version, "text": sr.answer_draft}),
        "templates": ReplyTemplate.objects.filter(Q(category=None) | Q(category_id=sr.category_id)),
        "answer_text": _template_text(request, sr),
        "note_form": TextForm(initial={"version": sr.version}),
        "merge_form": MergeForm(),
        "duplicates": actions.suggest_duplicates(sr) if can_route and sr.is_open else [],
        "Status": Status,
        "correction": correction,
        "data_requests": [c for c in pending if c.kind != DataCorrection.Kind.CORRECT],
        "correction_rows": [
            (label, getattr(sr, name), correction.changes.get(name, ""))
            for name, label in CORRECTABLE_FIELDS.items()
            if name in correction.changes
        ]
        if correction
        else [],
        # Sent through Open311: the client system and the photo link it gave (never fetched).
        "open311_client": sr.answers.get("_open311_client", ""),
        "media_url": sr.answers.get("_media_url", ""),
    }


def _template_text(request: HttpRequest, sr: ServiceRequest) -> str:
    """The answer box starts from the chosen reply template (?template=ID), else the draft."""
    chosen = request.GET.get("template", "")
    if chosen.isdigit():
        template = ReplyTemplate.objects.filter(pk=int(chosen)).first()
        if template is not None:
            return template.body
    return sr.answer_draft


@permission_required("core.view_dashboard")
def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    sr = get_request_for_user(request.user, number)
    return render(request, "service_requests/staff/detail.html", _detail_context(request, sr))


@permission_required("core.view_dashboard")
def attachment_file(request: HttpRequest, number: str, pk: int) -> Any:
    sr = get_request_for_user(request.user, number)
    attachment = get_object_or_404(sr.attachments, pk=pk)
    if not attachment.file:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )


# --- actions: one view, a table of verbs --------------------------------------------------------


def _version(form: Any) -> int | None:
    return form.cleaned_data.get("version") if form.is_valid() else None


def _do_route(request: HttpRequest, sr: ServiceRequest) -> None:
    form = RouteForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Choose a directorate."))
    actions.route_request(
        sr=sr,
        unit=form.cleaned_data["unit"],
        by=request.user,
        version=_version(form),
        request=request,
    )


def _do_forward(request: HttpRequest, sr: ServiceRequest) -> None:
    form = ForwardForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Name the body the request is forwarded to."))
    actions.forward_request(
        sr=sr,
        competent_body=form.cleaned_data["competent_body"],
        by=request.user,
        version=_version(form),
        request=request,
    )


def _do_assign(request: HttpRequest, sr: ServiceRequest) -> None:
    users = User.objects.filter(is_active=True, memberships__unit_id=sr.unit_id or 0).distinct()
    form = AssignForm(request.POST, users=users)
    if not form.is_valid():
        raise ValidationError(_("Choose a member of the directorate."))
    actions.assign_request(
        sr=sr,
        assignee=form.cleaned_data["assignee"],
        by=request.user,
        version=_version(form),
        request=request,
    )


def _text(request: HttpRequest) -> tuple[str, int | None]:
    form = TextForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Write the text first."))
    return form.cleaned_data["text"], form.cleaned_data["version"]


def _do_note(request: HttpRequest, sr: ServiceRequest) -> None:
    text, _v = _text(request)
    actions.add_note(sr=sr, text=text, by=request.user, request=request)


def _do_ask(request: HttpRequest, sr: ServiceRequest) -> None:
    text, version = _text(request)
    actions.ask_citizen(sr=sr, question=text, by=request.user, version=version, request=request)


def _do_draft(request: HttpRequest, sr: ServiceRequest) -> None:
    text, version = _text(request)
    actions.draft_answer(sr=sr, text=text, by=request.user, version=version, request=request)


def _do_publish(request: HttpRequest, sr: ServiceRequest) -> None:
    text, version = _text(request)
    actions.publish_answer(sr=sr, text=text, by=request.user, version=version, request=request)


def _do_return(request: HttpRequest, sr: ServiceRequest) -> None:
    text, version = _text(request)
    actions.return_draft(sr=sr, reason=text, by=request.user, version=version, request=request)


def _do_close(request: HttpRequest, sr: ServiceRequest) -> None:
    actions.close_request(
        sr=sr, by=request.user, version=_version(TextForm(request.POST)), request=request
    )


def _do_reject(request: HttpRequest, sr: ServiceRequest) -> None:
    text, version = _text(request)
    actions.reject_request(sr=sr, reason=text, by=request.user, version=version, request=request)


def _do_reopen(request: HttpRequest, sr: ServiceRequest) -> None:
    text, version = _text(request)
    actions.reopen_request(sr=sr, reason=text, by=request.user, version=version, request=request)


def _do_merge(request: HttpRequest, sr: ServiceRequest) -> None:
    form = MergeForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Give the tracking number of the original request."))
    into = get_request_for_user(request.user, form.cleaned_data["into"].strip())
    actions.merge_duplicate(sr=sr, into=into, by=request.user, request=request)


def _do_extend(request: HttpRequest, sr: ServiceRequest) -> None:
    text, _v = _text(request)
    actions.extend_deadline(sr=sr, reason=text, by=request.user, request=request)


def _do_visibility(request: HttpRequest, sr: ServiceRequest) -> None:
    actions.set_public_visibility(
        sr=sr, hidden=request.POST.get("hide") == "1", by=request.user, request=request
    )


def _correction_id(request: HttpRequest) -> int:
    value = request.POST.get("correction", "")
    if not value.isdigit():
        raise ValidationError(_("This correction has already been decided."))
    return int(value)


def _do_correction_apply(request: HttpRequest, sr: ServiceRequest) -> None:
    actions.apply_correction(
        sr=sr, correction_id=_correction_id(request), by=request.user, request=request
    )


def _do_correction_refuse(request: HttpRequest, sr: ServiceRequest) -> None:
    actions.refuse_correction(
        sr=sr,
        correction_id=_correction_id(request),
        reason=request.POST.get("reason", "")[:2000],
        by=request.user,
        request=request,
    )


Verb = Callable[[HttpRequest, ServiceRequest], None]
# verb -> (permission on the request, function)
VERBS: dict[str, tuple[str, Verb]] = {
    "route": ("service_requests.route_request", _do_route),
    "forward": ("service_requests.route_request", _do_forward),
    "merge": ("service_requests.route_request", _do_merge),
    "reject": ("service_requests.route_request", _do_reject),
    "reopen": ("service_requests.route_request", _do_reopen),
    "visibility": ("service_requests.route_request", _do_visibility),
    "publish": ("service_requests.publish_answer", _do_publish),
    "close": ("service_requests.publish_answer", _do_close),
    "return": ("service_requests.publish_answer", _do_return),
    "assign": ("service_requests.assign_request", _do_assign),
    "note": ("service_requests.work_request", _do_note),
    "ask": ("service_requests.work_request", _do_ask),
    "draft": ("service_requests.work_request", _do_draft),
    "extend": ("service_requests.work_request", _do_extend),
    "correction-apply": ("service_requests.correct_personal_data", _do_correction_apply),
    "correction-refuse": ("service_requests.correct_personal_data", _do_correction_refuse),
}


@require_POST
@permission_required("core.view_dashboard")
def request_action(request: HttpRequest, number: str, verb: str) -> HttpResponse:
    if verb not in VERBS:
        raise Http404
    permission, function = VERBS[verb]
    sr = get_request_for_user(request.user, number)
    if not request.user.has_perm(permission, sr):
        raise PermissionDenied
    status = 200  # htmx swaps only 2xx answers: the message in the fragment tells the rest
    try:
        function(request, sr)
        messages.success(request, _("Saved."))
    except actions.ConflictError:
        messages.error(
            request,
            _(
                "Someone else changed this request meanwhile. Here is the current state; nothing was saved."
            ),
        )
        status = 409
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        status = 400
    except TransitionError:
        messages.error(request, _("This action is not possible in the request's current status."))
        status = 400
    if request.htmx:  # type: ignore[attr-defined]
        sr = get_request_for_user(request.user, number)
        return render(
            request,
            "service_requests/staff/detail.html#work",
            _detail_context(request, sr),
        )
    if status != 200:
        return redirect("service_requests:request-detail", number)
    return redirect("service_requests:request-detail", number)
