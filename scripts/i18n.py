"""Translation catalogues: `update` them from the code, `check` them, `compile` them.

Catalogue roots: the repository (locale/: templates/, core, accounts, website) and each app
with a locale/ folder of its own (iletisim/<app>/locale/), so that work on one app never
conflicts with another's catalogue. Turkish (tr) must be complete; English msgids are the
source text, so the en catalogues may stay empty.

    python scripts/i18n.py update    # makemessages for every root (needs GNU gettext)
    python scripts/i18n.py check     # fail if a string lacks its Turkish translation
    python scripts/i18n.py compile   # .po -> .mo with polib (no gettext needed)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
COMMON_IGNORES = ["--ignore=.venv", "--ignore=var", "--ignore=tests", "--ignore=static/vendor"]
LANGUAGES = ["tr", "en"]


def app_roots() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "iletisim").glob("*/locale") if p.is_dir())


def roots() -> list[tuple[Path, list[str]]]:
    apps = app_roots()
    root_ignores = [f"--ignore={p.relative_to(ROOT)}" for p in apps]
    return [(ROOT, root_ignores)] + [(app, []) for app in apps]


def makemessages(cwd: Path, ignores: list[str], locale_dir: Path | None = None) -> None:
    manage = str(ROOT / "manage.py")
    for domain in ("django", "djangojs"):
        command = [
            sys.executable,
            manage,
            "makemessages",
            "-d",
            domain,
            "--no-location",
            "--no-obsolete",
            "--verbosity",
            "0",
            *COMMON_IGNORES,
            *ignores,
        ]
        command += [arg for lang in LANGUAGES for arg in ("-l", lang)]
        subprocess.run(command, cwd=cwd, check=True)  # noqa: S603


def update() -> int:
    for cwd, ignores in roots():
        makemessages(cwd, ignores)
        # makemessages leaves an empty djangojs catalogue where there are no JS strings.
        for po in (cwd / "locale").glob("*/LC_MESSAGES/djangojs.po"):
            if not [e for e in polib.pofile(str(po)) if e.msgid]:
                po.unlink()
    print("updated:", ", ".join(str(cwd.relative_to(ROOT) or ".") for cwd, _ in roots()))
    return 0


def untranslated(po_path: Path) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    return [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr or any(e.msgstr_plural.values())))
    ]


def undotted_capitals(po_path: Path) -> list[str]:
    """Lower-case msgids (model and field names) whose Turkish text starts with "i".

    Django capitalises such names with English rules (`capfirst`: "izleme" -> "Izleme") in
    form labels and the admin, so their Turkish text starts with the dotted capital "İ"
    already; "İl" mid-sentence reads better than "Il" at the start of a label.
    """
    return [
        e.msgid
        for e in polib.pofile(str(po_path))
        if not e.obsolete and e.msgid[:1].islower() and e.msgstr.startswith("i")
    ]


def conflicting_translations() -> list[str]:
    """The same msgid translated differently in two catalogues.

    Django merges every catalogue into one, so only one of the two translations would ever be
    shown, in both places: give the same text the same translation, or a msgctxt
    (pgettext) where the meaning differs.
    """
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for cwd, _ignores in roots():
        label = str(cwd.relative_to(ROOT)) if cwd != ROOT else "locale"
        for po in (cwd / "locale").glob("tr/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(po)):
                if entry.obsolete or not entry.msgstr:
                    continue
                seen.setdefault((entry.msgctxt, entry.msgid), {})[label] = entry.msgstr
    return [
        f"same text, different Turkish: {key[1]!r}: {places}"
        for key, places in sorted(seen.items(), key=lambda item: item[0][1])
        if len(set(places.values())) > 1
    ]


def check() -> int:
    problems: list[str] = conflicting_translations()
    for cwd, ignores in roots():
        label = str(cwd.relative_to(ROOT)) if cwd != ROOT else "locale"
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "tree"
            # makemessages writes into ./locale of the folder it runs in: run it on a copy.
            shutil.copytree(cwd / "locale", copy / "locale")
            fresh_root = copy / "locale"
            committed = {
                (p.parent.parent.name, p.name): p
                for p in (cwd / "locale").glob("*/LC_MESSAGES/*.po")
            }
            link_targets = [p for p in cwd.iterdir() if p.name != "locale"]
            for target in link_targets:
                (copy / target.name).symlink_to(target)
            makemessages(copy, ignores)
            for fresh in fresh_root.glob("tr/LC_MESSAGES/*.po"):
                old = committed.get(("tr", fresh.name))
                known = set()
                if old is not None:
                    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(old)) if not e.obsolete}
                for entry in polib.pofile(str(fresh)):
                    if entry.msgid and (entry.msgctxt, entry.msgid) not in known:
                        problems.append(
                            f"{label}: new string, run `make messages`: {entry.msgid!r}"
                        )
        for po in (cwd / "locale").glob("tr/LC_MESSAGES/*.po"):
            problems += [f"{label}: no Turkish translation: {m!r}" for m in untranslated(po)]
            problems += [
                f"{label}: Django would capitalise it as 'I…': start the Turkish with 'İ': {m!r}"
                for m in undotted_capitals(po)
            ]
    for problem in problems:
        print(problem)
    print(f"translations: {len(problems)} problem(s)")
    return 1 if problems else 0


def compile_all() -> int:
    compiled = 0
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
        if ".venv" in po_path.parts:
            continue
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    if compiled:
        print(f"compiled {compiled} translation catalogue(s)")
    return 0


if __name__ == "__main__":
    commands = {"update": update, "check": check, "compile": compile_all}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]]())
