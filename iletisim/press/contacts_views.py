"""Staff pages of the media contact book: list, import with a preview, export, do-not-contact."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.core.audit import log_action
from iletisim.press import contacts
from iletisim.press.access import parse_id
from iletisim.press.forms import (
    AddToListForm,
    ContactListForm,
    ImportForm,
    JournalistFilterForm,
    JournalistForm,
    SegmentForm,
)
from iletisim.press.models import ContactList, Journalist, Segment

PAGE_SIZE = 100
SESSION_KEY = "press_import"


def _filtered(request: HttpRequest) -> tuple[JournalistFilterForm, object]:
    form = JournalistFilterForm(request.GET or None)
    found = Journalist.objects.select_related("outlet")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            found = found.filter(
                Q(full_name__icontains=data["q"])
                | Q(email__icontains=data["q"])
                | Q(beats__icontains=data["q"])
                | Q(outlet__name__icontains=data["q"])
            )
        if data["city"]:
            found = found.filter(city__iexact=data["city"])
        if data["scope"]:
            found = found.filter(outlet__scope=data["scope"])
    return form, found


@permission_required("press.view_contacts")
def journalist_list(request: HttpRequest) -> HttpResponse:
    form, found = _filtered(request)
    after = request.GET.get("after", "")
    if (after_id := parse_id(after)) is not None:
        found = found.filter(id__gt=after_id)  # type: ignore[attr-defined]
    page = list(found.order_by("id")[: PAGE_SIZE + 1])  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "press/journalist_list.html",
        {
            "form": form,
            "journalists": page[:PAGE_SIZE],
            "next_after": page[PAGE_SIZE - 1].id if len(page) > PAGE_SIZE else None,
            "query": query.urlencode(),
            # The auditor checks that we keep the law; the addresses themselves they need not see.
            "show_contact": request.user.has_perm("press.manage_contacts"),
            "lists": ContactList.objects.all(),
        },
    )


@permission_required("press.manage_contacts")
def journalist_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    journalist = get_object_or_404(Journalist, pk=pk) if pk else None
    form = JournalistForm(request.POST or None, instance=journalist)
    if request.method == "POST" and form.is_valid():
        saved = contacts.save_journalist(
            by=request.user, data=form.cleaned_data, journalist=journalist
        )
        messages.success(request, _("Saved: %(name)s.") % {"name": saved.full_name})
        return redirect("press:journalist-list")
    return render(request, "press/journalist_form.html", {"form": form, "journalist": journalist})


@permission_required("press.manage_contacts")
def journalist_import(request: HttpRequest) -> HttpResponse:
    """Step 1 reads the file and shows what would happen; step 2 (confirm) writes it."""
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(SESSION_KEY)
        if not pending:
            return redirect("press:journalist-import")
        with default_storage.open(pending["path"], "rb") as stored:
            content = stored.read()
        counts = contacts.import_journalists(
            by=request.user,
            preview=contacts.preview_import(name=pending["name"], content=content),
            data_source=pending["data_source"],
            legal_basis=pending["legal_basis"],
        )
        default_storage.delete(pending["path"])
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _("%(created)d journalists added, %(merged)d merged, %(refused)d rows refused.")
            % counts,
        )
        return redirect("press:journalist-list")
    form = ImportForm(request.POST or None, request.FILES or None)
    preview: contacts.ImportPreview | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = contacts.preview_import(name=upload.name, content=content)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            path = default_storage.save(
                f"press/imports/{uuid.uuid4().hex}.{'xlsx' if upload.name.lower().endswith('.xlsx') else 'csv'}",
                ContentFile(content),
            )
            request.session[SESSION_KEY] = {
                "path": path,
                "name": upload.name,
                "data_source": form.cleaned_data["data_source"],
                "legal_basis": form.cleaned_data["legal_basis"],
            }
    return render(
        request,
        "press/journalist_import.html",
        {"form": form, "preview": preview, "errors": preview.errors[:200] if preview else []},
    )


@permission_required("press.manage_contacts")
def journalist_export(request: HttpRequest) -> HttpResponse:
    _form, found = _filtered(request)
    as_xlsx = request.GET.get("format") == "xlsx"
    log_action(
        "press.journalist.exported",
        actor=request.user,
        data={"format": "xlsx" if as_xlsx else "csv"},
        request=request,
    )
    if as_xlsx:
        response = HttpResponse(
            contacts.export_xlsx(found),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="basin-rehberi.xlsx"'
        return response
    response = HttpResponse(contacts.export_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="basin-rehberi.csv"'
    return response


@require_POST
@permission_required("press.manage_contacts")
def journalist_do_not_contact(request: HttpRequest, pk: int) -> HttpResponse:
    journalist = get_object_or_404(Journalist, pk=pk)
    on = request.POST.get("on") == "1"
    try:
        contacts.set_do_not_contact(
            by=request.user, journalist=journalist, on=on, reason=request.POST.get("reason", "")
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("press:journalist-list")


@permission_required("press.view_contacts")
def audience_list(request: HttpRequest) -> HttpResponse:
    """Lists and saved segments, each with how many journalists it reaches today."""
    list_form = ContactListForm(request.POST if "new_list" in request.POST else None)
    segment_form = SegmentForm(request.POST if "new_segment" in request.POST else None)
    if request.method == "POST":
        if not request.user.has_perm("press.manage_contacts"):
            raise PermissionDenied
        for form, action in (
            (list_form, "press.list.created"),
            (segment_form, "press.segment.created"),
        ):
            if form.is_bound and form.is_valid():
                with transaction.atomic():
                    created = form.save()
                    log_action(action, actor=request.user, target=created)
                messages.success(request, _("Saved."))
                return redirect("press:audience-list")
    reachable = Journalist.objects.reachable()
    lists = [
        (c, reachable.filter(id__in=c.members.values("id")).count())
        for c in ContactList.objects.all()
    ]
    segments = [
        (s, reachable.filter(id__in=s.journalists().values("id")).count())
        for s in Segment.objects.all()
    ]
    return render(
        request,
        "press/audience_list.html",
        {
            "lists": lists,
            "segments": segments,
            "list_form": list_form,
            "segment_form": segment_form,
        },
    )


@require_POST
@permission_required("press.manage_contacts")
def list_add_members(request: HttpRequest) -> HttpResponse:
    form = AddToListForm(request.POST)
    if form.is_valid():
        n = contacts.add_to_list(
            by=request.user,
            contact_list=form.cleaned_data["contact_list"],
            journalists=list(form.cleaned_data["journalists"]),
        )
        messages.success(request, _("%(n)d journalists added to the list.") % {"n": n})
    else:
        messages.error(request, _("Choose a list and at least one journalist."))
    return redirect("press:journalist-list")
