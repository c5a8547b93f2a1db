"""Verbs on journalists' requests: assign to a press officer, ask another directorate for
something by a date, record the answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from iletisim.accounts.models import Unit
from iletisim.core.audit import log_action
from iletisim.press.models import CoordinationTask, PressRequest


@transaction.atomic
def assign_request(*, by: Any, press_request: PressRequest, officer: Any) -> None:
    press_request.assigned_to = officer
    press_request.status = PressRequest.RequestStatus.ASSIGNED
    press_request.save(update_fields=["assigned_to", "status"])
    log_action("press.request.assigned", actor=by, target=press_request, data={"to": officer.pk})


@transaction.atomic
def add_coordination_task(
    *, by: Any, press_request: PressRequest, unit: Unit, description: str, due_on: dt.date
) -> CoordinationTask:
    task = CoordinationTask.objects.create(
        press_request=press_request, unit=unit, description=description, due_on=due_on
    )
    log_action(
        "press.request.task_added",
        actor=by,
        target=press_request,
        data={"unit": unit.code, "due_on": due_on.isoformat()},
    )
    return task


@transaction.atomic
def answer_request(*, by: Any, press_request: PressRequest, answer: str) -> None:
    press_request.answer = answer
    press_request.status = PressRequest.RequestStatus.ANSWERED
    press_request.save(update_fields=["answer", "status"])
    log_action("press.request.answered", actor=by, target=press_request)


@transaction.atomic
def complete_task(*, by: Any, task: CoordinationTask) -> None:
    moved = CoordinationTask.objects.filter(pk=task.pk, done_at=None).update(done_at=timezone.now())
    if moved:
        log_action(
            "press.request.task_done",
            actor=by,
            target=task.press_request,
            data={"unit": task.unit.code},
        )
