"""Fail when a user-facing string has no Turkish translation.

Runs makemessages into a scratch copy of locale/ and compares: a msgid in the code that
the committed tr catalogue lacks, or an empty or fuzzy Turkish entry, is an error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch_locale = Path(scratch) / "locale"
        shutil.copytree(ROOT / "locale", scratch_locale)
        env = {**os.environ, "ILETISIM_LOCALE_DIR": str(scratch_locale)}
        for domain, extra in (("django", []), ("djangojs", ["--ignore=static/vendor"])):
            subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "-d",
                    domain,
                    "-l",
                    "tr",
                    "--no-location",
                    "--ignore=.venv",
                    "--ignore=var",
                    "--ignore=tests",
                    *extra,
                    "--verbosity",
                    "0",
                ],
                cwd=ROOT,
                env=env,
                check=True,
            )
        for domain in ("django", "djangojs"):
            fresh_path = scratch_locale / "tr" / "LC_MESSAGES" / f"{domain}.po"
            committed_path = ROOT / "locale" / "tr" / "LC_MESSAGES" / f"{domain}.po"
            if not fresh_path.exists():
                continue
            fresh = polib.pofile(str(fresh_path))
            committed = polib.pofile(str(committed_path)) if committed_path.exists() else []
            known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
            for entry in fresh:
                if (entry.msgctxt, entry.msgid) not in known:
                    problems.append(
                        f"{domain}: not in locale/tr (run `make messages`): {entry.msgid!r}"
                    )
            for entry in committed:
                if entry.obsolete:
                    continue
                if "fuzzy" in entry.flags or not (
                    entry.msgstr or any(entry.msgstr_plural.values())
                ):
                    problems.append(f"{domain}: untranslated in locale/tr: {entry.msgid!r}")
    for problem in problems:
        print(problem)
    print(f"translations: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
