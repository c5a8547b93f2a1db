"""Workflows on citizen requests: each verb owns its transaction, its audit entry, its
timeline line and the notifications it queues (sent after commit, in the background).

Split by stage: `intake`, `desk` (the desk and the directorates), `after` (survey, router
training), `personal_data` (a data subject's copy, correction or erasure); `common` holds the audit
vocabulary and shared helpers. Import from here.
"""

from iletisim.service_requests.actions.after import rate_request, retrain_router, survey_window_days
from iletisim.service_requests.actions.common import (
    OUTSIDE_UNIT,
    ConflictError,
    queue_notifications,
)
from iletisim.service_requests.actions.desk import (
    add_note,
    ask_citizen,
    assign_request,
    citizen_reply,
    close_request,
    draft_answer,
    extend_deadline,
    forward_request,
    merge_duplicate,
    publish_answer,
    reject_request,
    reopen_request,
    return_draft,
    route_request,
    set_public_visibility,
)
from iletisim.service_requests.actions.intake import (
    add_citizen_message,
    propose_pending,
    propose_unit,
    submission_key_for,
    submit_request,
)
from iletisim.service_requests.actions.personal_data import (
    apply_correction,
    erase_personal_data,
    refuse_correction,
    request_correction,
    request_data_subject,
)
from iletisim.service_requests.deadlines import compute_due_date, next_tracking_number
from iletisim.service_requests.duplicates import suggest_duplicates

__all__ = [
    "OUTSIDE_UNIT",
    "ConflictError",
    "add_citizen_message",
    "add_note",
    "apply_correction",
    "ask_citizen",
    "assign_request",
    "citizen_reply",
    "close_request",
    "compute_due_date",
    "draft_answer",
    "erase_personal_data",
    "extend_deadline",
    "forward_request",
    "merge_duplicate",
    "next_tracking_number",
    "propose_pending",
    "propose_unit",
    "publish_answer",
    "queue_notifications",
    "rate_request",
    "refuse_correction",
    "reject_request",
    "reopen_request",
    "request_correction",
    "request_data_subject",
    "retrain_router",
    "return_draft",
    "route_request",
    "set_public_visibility",
    "submission_key_for",
    "submit_request",
    "suggest_duplicates",
    "survey_window_days",
]
