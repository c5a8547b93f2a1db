"""Staff pages of press: communications and their workflow, distributions with a live
progress bar, rebuttals."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.monitoring import selectors as monitoring
from iletisim.press import actions, distribution, tekzip, tekzip_views
from iletisim.press.access import (
    get_communication_for_user,
    get_distribution_for_user,
    parse_id,
)
from iletisim.press.forms import (
    CommunicationForm,
    DistributionForm,
    DocumentForm,
    OutcomeForm,
    PhotoForm,
    RebuttalForm,
    SentForm,
    TransitionForm,
)
from iletisim.press.models import Communication, Kind, Rebuttal, Status
from iletisim.press.workflow import ACTION_LABELS, available_actions

PAGE_SIZE = 50


@permission_required("press.list_communications")
def communication_list(request: HttpRequest) -> HttpResponse:
    items = Communication.objects.visible_to(request.user).select_related("author")
    status = request.GET.get("status", "")
    if status in Status.values:
        items = items.filter(status=status)
    after = request.GET.get("after", "")
    if (after_id := parse_id(after)) is not None:
        items = items.filter(id__lt=after_id)
    page = list(items.order_by("-id")[: PAGE_SIZE + 1])
    return render(
        request,
        "press/communication_list.html",
        {
            "items": page[:PAGE_SIZE],
            "next_after": page[PAGE_SIZE - 1].id if len(page) > PAGE_SIZE else None,
            "statuses": Status.choices,
            "status": status,
        },
    )


@permission_required("press.add_communication")
def communication_create(request: HttpRequest) -> HttpResponse:
    form = CommunicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "units"}
        item = actions.save_communication(
            by=request.user, data=data, units=form.cleaned_data["units"], request=request
        )
        messages.success(request, _("Draft saved."))
        return redirect("press:communication-detail", item.pk)
    return render(request, "press/communication_form.html", {"form": form})


@permission_required("press.change_communication")
def communication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_communication_for_user(request.user, pk)
    if item.is_locked:
        messages.error(request, _("The text is locked while it is in review or published."))
        return redirect("press:communication-detail", item.pk)
    form = CommunicationForm(
        request.POST or None, instance=item, initial={"units": item.units.all()}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "units"}
        try:
            actions.save_communication(
                by=request.user,
                data=data,
                units=form.cleaned_data["units"],
                communication=item,
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Draft saved."))
        return redirect("press:communication-detail", item.pk)
    return render(request, "press/communication_form.html", {"form": form, "item": item})


@permission_required("press.list_communications")
def communication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_communication_for_user(request.user, pk)
    revisions = list(item.revisions.select_related("by"))
    diff = actions.revision_diff(revisions[-2], revisions[-1]) if len(revisions) > 1 else []
    return render(
        request,
        "press/communication_detail.html",
        {
            "item": item,
            "actions": [(a, ACTION_LABELS[a]) for a in available_actions(request.user, item)],
            "decisions": item.decisions.select_related("by"),
            "revisions": revisions,
            "diff": diff,
            "photos": item.photos.all(),
            "documents": item.documents.all(),
            "distributions": item.distributions.all()[:10],
            "can_edit": request.user.has_perm("press.change_communication") and not item.is_locked,
            "can_distribute": request.user.has_perm("press.distribute") and item.is_public(),
            "distribution_form": DistributionForm(),
            "photo_form": PhotoForm(),
            "document_form": DocumentForm(),
            # Both forms have an "on" field: distinct ids keep the labels tied to their input.
            "outcome_form": OutcomeForm(auto_id="id_outcome_%s"),
            "sent_form": SentForm(initial={"on": timezone.localdate()}, auto_id="id_sent_%s"),
            **tekzip_views.rebuttal_context(request, item),
        },
    )


@require_POST
@permission_required("press.list_communications")
def communication_transition(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_communication_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown step."))
        return redirect("press:communication-detail", item.pk)
    try:
        moved = actions.transition_communication(
            communication=item,
            action=form.cleaned_data["action"],
            by=request.user,
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You cannot take this step."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if moved:
            messages.success(
                request, _("Done: %(status)s.") % {"status": item.get_status_display()}
            )
        else:
            messages.info(request, _("This step had already been taken."))
    return redirect("press:communication-detail", item.pk)


@require_POST
@permission_required("press.change_communication")
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_communication_for_user(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_photo(
                by=request.user,
                communication=item,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
                credit=form.cleaned_data["credit"],
                usage_rights=form.cleaned_data["usage_rights"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Photo added."))
    else:
        messages.error(request, _("Please correct the photo form."))
    return redirect("press:communication-detail", item.pk)


@require_POST
@permission_required("press.change_communication")
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_communication_for_user(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_document(
                by=request.user,
                communication=item,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Document added."))
    else:
        messages.error(request, _("Please correct the document form."))
    return redirect("press:communication-detail", item.pk)


@require_POST
@permission_required("press.distribute")
def distribution_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_communication_for_user(request.user, pk)
    form = DistributionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(str(e) for e in form.non_field_errors()) or _("Please correct the form."),
        )
        return redirect("press:communication-detail", item.pk)
    try:
        sent = distribution.create_distribution(
            by=request.user,
            communication=item,
            lists=list(form.cleaned_data["lists"]),
            segments=list(form.cleaned_data["segments"]),
            mailer=form.cleaned_data["mailer"] or None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("press:communication-detail", item.pk)
    return redirect("press:distribution-detail", sent.pk)


@permission_required("press.view_distributions")
def distribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sent = get_distribution_for_user(request.user, pk)
    context = {"distribution": sent, "counts": sent.counts(), "clicked": None}
    if settings.PRESS_CLICK_TRACKING:
        context["clicked"] = sent.recipients.filter(clicks__gt=0).count()
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "press/distribution_detail.html#progress", context)
    failures = sent.recipients.exclude(state__in=["queued", "sending", "sent", "delivered"])
    by_outlet = (
        sent.recipients.values("outlet_name", "state")
        .order_by("outlet_name", "state")
        .annotate(n=Count("id"))
    )
    context.update({"failures": failures[:200], "by_outlet": by_outlet})
    return render(request, "press/distribution_detail.html", context)


@permission_required("press.view_rebuttals")
def rebuttal_list(request: HttpRequest) -> HttpResponse:
    rebuttals = Rebuttal.objects.select_related("outlet", "communication").order_by("-id")[:200]
    rows = [(r, tekzip.clocks(r)) for r in rebuttals]
    return render(request, "press/rebuttal_list.html", {"rows": rows})


@require_POST
@permission_required("press.manage_rebuttals")
def rebuttal_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_communication_for_user(request.user, pk)
    if item.kind != Kind.REBUTTAL or Rebuttal.objects.filter(communication=item).exists():
        raise PermissionDenied
    form = RebuttalForm(request.POST)
    clipping_id = form.data.get("clipping_id", "")
    parsed = parse_id(clipping_id)
    ref = monitoring.get_item_ref(parsed) if parsed is not None else None
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "clipping_id"}
        tekzip.create_rebuttal(
            by=request.user,
            communication=item,
            data=data,
            clipping_id=ref.id if ref else None,
            request=request,
        )
        messages.success(request, _("The article answered is recorded; the deadlines are shown."))
        return redirect("press:communication-detail", item.pk)
    problems = [
        f"{form[name].label if name in form.fields else ''}: {' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    ]
    messages.error(request, " ".join([_("Please correct the rebuttal form."), *problems]))
    query = f"?clipping={ref.id}" if ref else ""
    return redirect(reverse("press:communication-detail", args=[item.pk]) + query)


@require_POST
@permission_required("press.manage_rebuttals")
def rebuttal_update(request: HttpRequest, pk: int) -> HttpResponse:
    rebuttal = get_object_or_404(Rebuttal.objects.select_related("communication"), pk=pk)
    if "outcome" in request.POST:
        form: OutcomeForm | SentForm = OutcomeForm(request.POST)
        if form.is_valid():
            tekzip.record_outcome(by=request.user, rebuttal=rebuttal, **form.cleaned_data)
    else:
        form = SentForm(request.POST)
        if form.is_valid():
            tekzip.mark_sent(by=request.user, rebuttal=rebuttal, **form.cleaned_data)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, " ".join([_("Please correct the form."), *problems]))
    return redirect("press:communication-detail", rebuttal.communication_id)


@permission_required("press.view_rebuttals")
def rebuttal_letter(request: HttpRequest, pk: int) -> HttpResponse:
    from django.conf import settings

    rebuttal = get_object_or_404(Rebuttal.objects.select_related("communication", "outlet"), pk=pk)
    pdf = tekzip.letter_pdf(rebuttal, municipality=settings.MUNICIPALITY_NAME)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tekzip-{rebuttal.pk}.pdf"'
    return response


@permission_required("press.list_communications")
def event_calendar(request: HttpRequest) -> HttpResponse:
    """Press events ahead (conferences, openings): the invitations with an event time."""
    events = (
        Communication.objects.visible_to(request.user)
        .filter(kind=Kind.INVITATION, event_at__gte=timezone.now() - dt.timedelta(days=1))
        .order_by("event_at")[:100]
    )
    return render(request, "press/event_calendar.html", {"events": events})
