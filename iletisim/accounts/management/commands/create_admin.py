"""`manage.py create_admin USERNAME EMAIL`: the first administrator of a new installation.

Creates the account with the admin role in the directorate (audited like any other), and
asks for a password on the terminal. The second factor is set up at first login.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from iletisim.accounts import actions
from iletisim.accounts.models import Unit, User
from iletisim.accounts.roles import Role


class Command(BaseCommand):
    help = "Create a staff account with the administrator role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--unit", default="basin-halkla-iliskiler", help="unit code")

    def handle(
        self, *args: Any, username: str, email: str, full_name: str, unit: str, **options: Any
    ) -> None:
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"the username {username!r} is taken")
        try:
            home = Unit.objects.get(code=unit)
        except Unit.DoesNotExist:
            raise CommandError(f"no unit with the code {unit!r}") from None
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the passwords differ")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        user = actions.create_user(
            by=None, username=username, email=email, full_name=full_name, password=password
        )
        actions.add_membership(by=None, user=user, unit=home, role=Role.ADMIN)
        self.stdout.write(f"created {username} (admin, {home.name}); log in at /accounts/login/")
