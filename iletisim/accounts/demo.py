"""Demo users: one per role, each in a realistic unit."""

from __future__ import annotations

from typing import TextIO

from django_otp.plugins.otp_totp.models import TOTPDevice

from iletisim.accounts import actions
from iletisim.accounts.models import User
from iletisim.accounts.roles import TWO_FACTOR_ROLES, Role

DEMO_PASSWORD = "demo-Iletisim-2026"  # noqa: S105  (demo only; printed for the reader)

# username, full name, unit code, role
DEMO_USERS = [
    ("admin", "Ayşe Yönetici", "basin-halkla-iliskiler", Role.ADMIN),
    ("mudur", "Mehmet Müdür", "basin-halkla-iliskiler", Role.DIRECTOR),
    ("basin", "Zeynep Basın", "basin-yayin", Role.PRESS_OFFICER),
    ("beyazmasa", "Emre Beyaz Masa", "halkla-iliskiler", Role.PR_OPERATOR),
    ("fen.mudur", "Hakan Fen İşleri", "fen-isleri", Role.UNIT_MANAGER),
    ("fen.personel", "Selin Fen İşleri", "fen-isleri", Role.UNIT_STAFF),
    ("zabita.personel", "Burak Zabıta", "zabita", Role.UNIT_STAFF),
    ("ozelkalem", "Elif Özel Kalem", "ozel-kalem", Role.MAYORS_OFFICE),
    ("denetci", "Kemal Denetçi", "basin-halkla-iliskiler", Role.AUDITOR),
]


def seed(out: TextIO) -> None:
    from iletisim.accounts.models import Unit

    units = {unit.code: unit for unit in Unit.objects.all()}
    out.write(f"Demo users (demo only; password for all: {DEMO_PASSWORD})\n")
    for username, full_name, unit_code, role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = actions.create_user(
                by=None,
                username=username,
                email=f"{username.replace('.', '-')}@belediye.example",
                full_name=full_name,
                password=DEMO_PASSWORD,
            )
        actions.add_membership(by=None, user=user, unit=units[unit_code], role=role)
        line = f"  {username:<16} {Role(role).label} · {units[unit_code].name}"
        if role in TWO_FACTOR_ROLES:
            TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"confirmed": True})
            line += f" · 2FA: `manage.py demo_otp_code {username}` prints the current code"
        out.write(line + "\n")
