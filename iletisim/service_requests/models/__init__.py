"""Citizen requests' models, one module per concern; every name is re-exported here so that
`from iletisim.service_requests.models import X` keeps working (migrations refer to
`models.new_secret` and `models.attachment_path` too).

- `status`: RequestType, Channel, Status, TRANSITIONS, OPEN_STATUSES, TransitionError
- `catalogue`: Category, CategoryQuestion, Neighbourhood, ReplyTemplate, RoutingRule, RoutingModel
- `service_request`: ServiceRequest (+ QuerySet), TrackingSequence, new_secret
- `timeline`: Update, Notification, StaffMail
- `attachments`: Attachment, attachment_path
- `personal_data`: DataCorrection (a data subject's correction request)
- `channels`: Open311Client, WhatsAppMessage, MailboxState, InboundMail
"""

from .attachments import Attachment, _ext, attachment_path
from .catalogue import (
    Category,
    CategoryQuestion,
    Neighbourhood,
    ReplyTemplate,
    RoutingModel,
    RoutingRule,
)
from .channels import InboundMail, MailboxState, Open311Client, WhatsAppMessage
from .personal_data import CORRECTABLE_FIELDS, DataCorrection
from .service_request import (
    ServiceRequest,
    ServiceRequestQuerySet,
    TrackingSequence,
    new_secret,
)
from .status import OPEN_STATUSES, TRANSITIONS, Channel, RequestType, S, Status, TransitionError
from .timeline import Notification, StaffMail, Update

__all__ = [
    "CORRECTABLE_FIELDS",
    "OPEN_STATUSES",
    "TRANSITIONS",
    "Attachment",
    "Category",
    "CategoryQuestion",
    "Channel",
    "DataCorrection",
    "InboundMail",
    "MailboxState",
    "Neighbourhood",
    "Notification",
    "Open311Client",
    "ReplyTemplate",
    "RequestType",
    "RoutingModel",
    "RoutingRule",
    "S",
    "ServiceRequest",
    "ServiceRequestQuerySet",
    "StaffMail",
    "Status",
    "TrackingSequence",
    "TransitionError",
    "Update",
    "WhatsAppMessage",
    "_ext",
    "attachment_path",
    "new_secret",
]
