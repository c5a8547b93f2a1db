"""The docs stay true: every environment variable the settings read is documented."""

import re

from django.conf import settings


def test_every_environment_variable_in_the_settings_is_in_docs_env_md():
    source = (settings.BASE_DIR / "config" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_(?:str|bool|int|list|choice)\(\s*"([A-Z0-9_]+)"', source))
    documented = set(
        re.findall(r"^\| `([A-Z0-9_]+)`", (settings.BASE_DIR / "docs" / "env.md").read_text(), re.M)
    )
    assert read, "no variables found: the pattern is out of date"
    assert read - documented == set()
