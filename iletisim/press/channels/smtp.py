"""The SMTP channel: a distribution's messages over several connections to each server of
its pool, in rounds, with one database write per round.

Each message is its own SMTP transaction (MAIL, RCPT, DATA, the text, the final dot). A round
takes one message per open connection ("lane") and steps all lanes together: every lane's
MAIL is written before any reply is read, then every RCPT, every DATA and every text. Then
**one UPDATE marks the whole round sent, and only then are the final dots written**. So:

- a worker killed before that UPDATE leaves transactions the servers discard without the dot:
  the rows are still "sending", their lease runs out and they are sent again;
- killed after it, only the microseconds it takes to write the dots of one round are at risk
  (no reply is awaited in between);
- a row the UPDATE did not mark (another worker took it over after its lease) is abandoned
  by closing that connection without the dot.

Waiting on the servers' replies for all lanes at once, rather than one after the other, is what
lets this path keep up with a bare smtplib loop even though it also writes to the database.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import mailers

from iletisim.press.channels import pool
from iletisim.press.channels.base import BOUNCED, FAILED, LOST, RETRY, SENT, MarkSent, Result
from iletisim.press.channels.signing import signer
from iletisim.press.models import Recipient

_LEADING_DOT = re.compile(rb"(?m)^\.")
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")


@dataclass
class Lane:
    alias: str
    backend: Any
    smtp: smtplib.SMTP | None


@dataclass
class Job:
    lane: Lane
    recipient: Recipient
    message_id: str
    data: bytes
    slot: float
    outcome: str = ""
    error: str = ""


def _wire(data: bytes) -> bytes:
    data = _LEADING_DOT.sub(b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class SMTPChannel:
    """Lanes to the servers of one pool, kept open across batches of one worker run."""

    clock = staticmethod(time.time)  # Unix seconds, as the slots in MailServer are
    sleep = staticmethod(time.sleep)

    def __init__(self, aliases: list[str], template: Any, mark_sent: MarkSent) -> None:
        self.aliases = aliases
        self.template = template
        self.mark_sent = mark_sent
        self.sign: Callable[[bytes], bytes] | None = signer()
        self.lanes: list[Lane] = []
        self.unreachable = False
        self.last_error = ""
        _name, address = parseaddr(settings.PRESS_FROM_EMAIL)
        self.sender = address

    # --- connections ----------------------------------------------------------------------

    def _connect(self, alias: str) -> Lane:
        backend: Any = mailers[alias]
        backend.open()
        smtp = backend.connection
        if not isinstance(smtp, smtplib.SMTP):
            raise TypeError(f"{alias} is not an SMTP mailer")
        if smtp.sock is not None:
            # The text and the final dot are separate writes: without this, Nagle's
            # algorithm holds the dot back until the server acknowledges the text.
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        smtp.ehlo_or_helo_if_needed()
        return Lane(alias, backend, smtp)

    def _open_server(self, alias: str) -> bool:
        for n in range(settings.PRESS_SMTP_CONNECTIONS):
            try:
                self.lanes.append(self._connect(alias))
            except (OSError, smtplib.SMTPException) as exc:
                self.last_error = f"{alias}: {exc.__class__.__name__}: {exc}"
                if n == 0:
                    pool.mark_down(alias)
                    return False
                break  # the server allows fewer connections: use those it gave
        pool.mark_up(alias)
        return True

    def _ensure_lanes(self) -> None:
        broken = Counter(lane.alias for lane in self.lanes if lane.smtp is None)
        self.lanes = [lane for lane in self.lanes if lane.smtp is not None]
        for alias, count in broken.items():
            if not any(lane.alias == alias for lane in self.lanes):
                self._open_server(alias)
                continue
            for _n in range(count):
                try:
                    self.lanes.append(self._connect(alias))
                except (OSError, smtplib.SMTPException):
                    break
        if self.lanes:
            return
        up, down = pool.by_preference(self.aliases)
        for alias in up:
            self._open_server(alias)
        if not self.lanes:  # servers marked down are the last resort
            for alias in down:
                self._open_server(alias)

    def _break(self, lane: Lane) -> None:
        if lane.smtp is not None:
            with contextlib.suppress(OSError):
                lane.smtp.close()
        lane.smtp = None

    def close(self) -> None:
        for lane in self.lanes:
            if lane.smtp is not None:
                with contextlib.suppress(OSError, smtplib.SMTPException):
                    lane.smtp.quit()
                self._break(lane)
        self.lanes = []

    # --- sending --------------------------------------------------------------------------

    def send(self, recipients: list[Recipient]) -> list[Result]:
        results: list[Result] = []
        pending = list(recipients)
        while pending:
            self._ensure_lanes()
            if not self.lanes:
                self.unreachable = True
                results += [Result(r, RETRY, self.last_error) for r in pending]
                break
            size = len(self.lanes)
            this_round, pending = pending[:size], pending[size:]
            results += self._round(list(zip(self.lanes, this_round, strict=False)))
        return results

    def _round(self, pairs: list[tuple[Lane, Recipient]]) -> list[Result]:
        wanted = Counter(lane.alias for lane, _r in pairs)
        now = self.clock()
        slots = {alias: iter(pool.reserve(alias, n, now=now)) for alias, n in wanted.items()}
        jobs = []
        for lane, recipient in pairs:
            message_id, data = self.template.raw_for(recipient)
            if self.sign is not None:
                data = self.sign(data)
            jobs.append(Job(lane, recipient, message_id, _wire(data), next(slots[lane.alias])))

        sender = smtplib.quoteaddr(self.sender)
        self._step(jobs, lambda j: f"MAIL FROM:{sender}", (250,), "MAIL", pace=True)
        self._step(jobs, self._rcpt, (250, 251), "RCPT", refusal=True)
        self._step(jobs, lambda j: "DATA", (354,), "DATA")
        for job in self._live(jobs):
            self._write(job, job.data)
        live = [(j, j.lane.smtp.sock) for j in self._live(jobs) if j.lane.smtp is not None]
        if not live:
            return [Result(j.recipient, j.outcome, j.error) for j in jobs]
        marked = self.mark_sent([(j.recipient, j.message_id) for j, _sock in live])
        # Nothing but the dots between the mark and the wire: this is the one window in
        # which a killed worker loses a message (marked sent, never completed).
        broken: list[tuple[Job, str]] = []
        for job, sock in live:
            if job.recipient.pk in marked and sock is not None:
                try:
                    sock.sendall(b".\r\n")
                except OSError as exc:
                    broken.append((job, f"{exc.__class__.__name__}: {exc}"))
        for job, error in broken:
            self._fail(job, error)
        for job, _sock in live:
            if job.recipient.pk not in marked:
                job.outcome, job.error = LOST, "claimed by another worker"
                self._break(job.lane)
        for job in self._live(jobs):
            self._reply(job, (250,), "end of data", refusal=True)
            if not job.outcome:
                job.outcome = SENT
        return [Result(j.recipient, j.outcome, j.error) for j in jobs]

    @staticmethod
    def _rcpt(job: Job) -> str:
        address = job.recipient.email
        if _PLAIN_ADDRESS.fullmatch(address):
            # Nothing to encode or quote: Django's prep_address and smtplib's quoteaddr
            # parse the address with the e-mail header parser, the largest CPU cost per
            # message after building it.
            return f"RCPT TO:<{address}>"
        return f"RCPT TO:{smtplib.quoteaddr(job.lane.backend.prep_address(address))}"

    @staticmethod
    def _live(jobs: list[Job]) -> list[Job]:
        return [j for j in jobs if not j.outcome]

    def _step(
        self,
        jobs: list[Job],
        command: Callable[[Job], str],
        ok: tuple[int, ...],
        what: str,
        refusal: bool = False,
        pace: bool = False,
    ) -> None:
        """Write one command on every live lane, then read every reply. With `pace`, each
        lane waits for its slot under the server's rate limit first."""
        for job in self._live(jobs):
            if pace and job.slot > (now := self.clock()):
                self.sleep(job.slot - now)  # the server's rate limit
            try:
                line = command(job).encode("ascii")
            except ValueError as exc:  # an address no SMTP server can take
                job.outcome, job.error = FAILED, str(exc)
                continue
            self._write(job, line + b"\r\n")
        for job in self._live(jobs):
            self._reply(job, ok, what, refusal=refusal)

    def _write(self, job: Job, data: bytes) -> None:
        try:
            assert job.lane.smtp is not None and job.lane.smtp.sock is not None
            job.lane.smtp.sock.sendall(data)
        except (OSError, AssertionError) as exc:
            self._fail(job, f"{exc.__class__.__name__}: {exc}")

    def _reply(self, job: Job, ok: tuple[int, ...], what: str, refusal: bool = False) -> None:
        try:
            assert job.lane.smtp is not None
            code, reply = job.lane.smtp.getreply()
        except (OSError, smtplib.SMTPException, AssertionError) as exc:
            self._fail(job, f"{exc.__class__.__name__}: {exc}")
            return
        if code in ok:
            return
        text = f"{what} {code} {reply.decode(errors='replace')}"
        if code == 421 or code < 0:
            self._fail(job, text)
            return
        job.outcome, job.error = (BOUNCED if refusal and 500 <= code < 600 else RETRY), text
        if what != "end of data":
            with contextlib.suppress(OSError, smtplib.SMTPException):
                assert job.lane.smtp is not None
                job.lane.smtp.rset()

    def _fail(self, job: Job, error: str) -> None:
        """The connection broke: this message goes back to the queue, the lane is reopened
        before the next round."""
        job.outcome, job.error = RETRY, error
        self.last_error = error
        self._break(job.lane)
