"""Production settings refuse unsafe values at start-up."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def start(**env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "SECRET_KEY", "ILETISIM_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_refuses_to_start_with_debug_on():
    result = start(ILETISIM_ENV="production", DEBUG="true", SECRET_KEY="k" * 50)
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_refuses_the_default_secret_key():
    result = start(ILETISIM_ENV="production")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "mysql://x@localhost/db"}, "DATABASE_URL must be"),
        ({"SESSION_MINUTES": "soon"}, "SESSION_MINUTES must be a whole number"),
        ({"WHATSAPP_NUMBER": "+90 532"}, "WHATSAPP_NUMBER must be digits only"),
    ],
)
def test_bad_values_stop_the_start_with_the_variable_named(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_key_and_debug_off():
    result = start(ILETISIM_ENV="production", SECRET_KEY="k" * 50, ALLOWED_HOSTS="x.example")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
