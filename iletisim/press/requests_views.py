"""Staff pages for journalists' requests: list, intake by phone or e-mail, assignment,
coordination tasks to other directorates, the answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iletisim.accounts.decorators import permission_required
from iletisim.accounts.roles import Role
from iletisim.press import actions, requests
from iletisim.press.forms import AnswerForm, IntakeForm, TaskForm
from iletisim.press.models import CoordinationTask, PressRequest


@permission_required("press.view_requests")
def request_list(request: HttpRequest) -> HttpResponse:
    found = PressRequest.objects.select_related("assigned_to")
    status = request.GET.get("status", "")
    if status in PressRequest.RequestStatus.values:
        found = found.filter(status=status)
    form = IntakeForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("press.manage_requests"):
            return HttpResponse(status=403)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("kind", "channel")}
            item = actions.receive_press_request(
                data=data,
                kind=form.cleaned_data["kind"],
                channel=form.cleaned_data["channel"],
                by=request.user,
            )
            return redirect("press:request-detail", item.pk)
    return render(
        request,
        "press/request_list.html",
        {
            "requests": found[:200],
            "statuses": PressRequest.RequestStatus.choices,
            "status": status,
            "form": form,
        },
    )


@permission_required("press.view_requests")
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PressRequest.objects.select_related("assigned_to"), pk=pk)
    return render(
        request,
        "press/request_detail.html",
        {
            "item": item,
            "tasks": item.tasks.select_related("unit"),
            "task_form": TaskForm(),
            "answer_form": AnswerForm(initial={"answer": item.answer}),
        },
    )


@require_POST
@permission_required("press.manage_requests")
def request_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PressRequest, pk=pk)
    what = request.POST.get("what")
    if what == "assign_me":
        requests.assign_request(by=request.user, press_request=item, officer=request.user)
    elif what == "task":
        form = TaskForm(request.POST)
        if form.is_valid():
            requests.add_coordination_task(by=request.user, press_request=item, **form.cleaned_data)
        else:
            messages.error(request, _("Please correct the form."))
    elif what == "answer":
        answer = AnswerForm(request.POST)
        if answer.is_valid():
            requests.answer_request(
                by=request.user, press_request=item, answer=answer.cleaned_data["answer"]
            )
        else:
            messages.error(request, _("Please correct the form."))
    return redirect("press:request-detail", item.pk)


@permission_required("press.view_tasks")
def task_list(request: HttpRequest) -> HttpResponse:
    """Coordination tasks: a directorate sees those given to it and marks them done."""
    tasks = CoordinationTask.objects.select_related("unit", "press_request").filter(
        done_at__isnull=True
    )
    user = request.user
    if not (user.sees_all_units or user.has_role(Role.PRESS_OFFICER)):  # type: ignore[union-attr]
        tasks = tasks.filter(unit_id__in=user.unit_ids)  # type: ignore[union-attr]
    return render(request, "press/task_list.html", {"tasks": tasks.order_by("due_on", "id")[:200]})


@require_POST
@permission_required("press.view_tasks")
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(CoordinationTask, pk=pk)
    if not request.user.has_perm("press.complete_task", task):
        raise PermissionDenied
    requests.complete_task(by=request.user, task=task)
    messages.success(request, _("Saved."))
    return redirect("press:task-list")
