"""The channel for any other Django mail backend: an ESP through django-anymail (Mailgun,
Postmark, Amazon SES…), or the console and locmem backends.

Each message is built by Django (`EmailMultiAlternatives`) and handed to the backend; the
row is marked sent once the backend returns. An ESP's API has no "hold the final dot": a
worker killed between the API's acceptance and the mark sends that one message again on
resume (with the same Message-ID and the same `press_recipient` metadata, so the ESP's
events still land on the right row). The ESPs' own open and click tracking are switched off
per message (KVKK) where the ESP allows it (see ACCOUNT_LEVEL_TRACKING); our own click
tracking, when enabled, is in the links themselves.
"""

from __future__ import annotations

import contextlib
import smtplib
from typing import Any

from django.core.mail import mailers

from iletisim.press.channels.base import BOUNCED, RETRY, SENT, MarkSent, Result
from iletisim.press.models import Recipient

# ESPs that track opens and clicks only through account settings, never per message (anymail
# refuses the per-message flags): Amazon SES tracks only with a configuration set that asks
# for it, so leave such a set out of ANYMAIL_AMAZON_SES_* (KVKK).
ACCOUNT_LEVEL_TRACKING = frozenset({"Amazon SES"})


class BackendChannel:
    def __init__(self, aliases: list[str], template: Any, mark_sent: MarkSent) -> None:
        self.alias = aliases[0]
        self.template = template
        self.mark_sent = mark_sent
        self.connection: Any = None
        self.unreachable = False

    def send(self, recipients: list[Recipient]) -> list[Result]:
        results: list[Result] = []
        for position, recipient in enumerate(recipients):
            if self.connection is None:
                self.connection = mailers[self.alias]
                try:
                    self.connection.open()
                except (OSError, smtplib.SMTPException) as exc:
                    self.unreachable = True
                    error = f"{exc.__class__.__name__}: {exc}"
                    return results + [Result(r, RETRY, error) for r in recipients[position:]]
            message = self.template.for_recipient(recipient)
            message.metadata = {"press_recipient": str(recipient.pk)}
            if getattr(self.connection, "esp_name", None) not in ACCOUNT_LEVEL_TRACKING:
                message.track_clicks = False
                message.track_opens = False
            try:
                self.connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused as exc:
                results.append(Result(recipient, BOUNCED, str(exc)))
                continue
            except Exception as exc:
                results.append(Result(recipient, RETRY, f"{exc.__class__.__name__}: {exc}"))
                self.close()
                self.unreachable = True
                return results + [Result(r, RETRY, str(exc)) for r in recipients[position + 1 :]]
            status = getattr(message, "anymail_status", None)
            esp_id = getattr(status, "message_id", None) if status is not None else None
            message_id = esp_id if isinstance(esp_id, str) else message.extra_headers["Message-ID"]
            self.mark_sent([(recipient, message_id[:200])])
            results.append(Result(recipient, SENT))
        return results

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.close()
            self.connection = None
