"""A real IMAP server on loopback: a private Debian dovecot instance in a temporary folder.

    with DovecotServer() as imap:
        imap.add_user("halkla.iliskiler", "secret")
        imap.append("halkla.iliskiler", raw_message_bytes)   # over IMAP, like a delivery
        imaplib.IMAP4(imap.host, imap.port) ...

Needs Debian's `dovecot-imapd` (installed by `make test`). The instance listens on a free
port of 127.0.0.1 only, keeps everything under the given folder and is stopped on exit.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from iletisim.lib.testing.smtp import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {internal}
first_valid_uid = 0
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


class DovecotServer:
    def __init__(self, root: Path | None = None) -> None:
        # dovecot's unprivileged processes must reach the files: a folder of our own under
        # /tmp with mode 755 (pytest's tmp_path is 0700, closed to the dovecot user).
        self._own_root = root is None or os.geteuid() == 0
        if root is None or self._own_root:
            root = Path(tempfile.mkdtemp(prefix="iletisim-dovecot-"))
        self.root = Path(root)
        self.root.chmod(0o755)
        self.host = "127.0.0.1"
        self.port = free_port()
        self.users: dict[str, str] = {}
        self.config = self.root / "dovecot.conf"

    def _write_config(self) -> None:
        for folder in ("run", "state", "mail", "home"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            # As root, dovecot drops privileges; the mail files belong to the dovecot user.
            account = pwd.getpwnam("dovecot")
            internal, group = "dovecot", "dovecot"
            uid, gid = account.pw_uid, account.pw_gid
            for folder in ("mail", "home"):
                os.chown(self.root / folder, uid, gid)
        else:
            account = pwd.getpwuid(os.geteuid())
            internal, group = account.pw_name, account.pw_name
            uid, gid = account.pw_uid, account.pw_gid
        self.config.write_text(
            CONFIG.format(
                root=self.root,
                port=self.port,
                internal=internal,
                internal_group=group,
                mail_uid=uid,
                mail_gid=gid,
            )
        )
        self._write_users()

    def _write_users(self) -> None:
        lines = [f"{name}:{{PLAIN}}{password}::::::" for name, password in self.users.items()]
        (self.root / "users").write_text("\n".join(lines) + "\n")

    def add_user(self, name: str, password: str) -> None:
        self.users[name] = password
        self._write_users()

    def connect(self, user: str) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(user, self.users[user])
        return client

    def append(self, user: str, raw: bytes, mailbox: str = "INBOX") -> None:
        client = self.connect(user)
        try:
            status, detail = client.append(mailbox, "", imaplib.Time2Internaldate(time.time()), raw)
            if status != "OK":
                raise RuntimeError(f"APPEND refused: {detail!r}")
        finally:
            client.logout()

    def start(self) -> DovecotServer:
        if not Path(DOVECOT).exists():
            raise RuntimeError("dovecot is missing: `make test` installs Debian's dovecot-imapd")
        self._write_config()
        subprocess.run([DOVECOT, "-c", str(self.config)], check=True)  # noqa: S603
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                imaplib.IMAP4(self.host, self.port, timeout=1).shutdown()
                return self
            except OSError:
                time.sleep(0.1)
        log = (
            (self.root / "dovecot.log").read_text(errors="replace")
            if (self.root / "dovecot.log").exists()
            else ""
        )
        raise RuntimeError(f"dovecot did not start on port {self.port}: {log[-2000:]}")

    def stop(self) -> None:
        subprocess.run([DOVECOT, "-c", str(self.config), "stop"], check=False, capture_output=True)  # noqa: S603
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> DovecotServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
