"""Verbs on the media contact book: import from CSV/XLSX with a preview (duplicates merged
by e-mail, case-insensitively; malformed rows reported), export, do-not-contact, and the
suppression list."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from iletisim.accounts.roles import Role
from iletisim.core.audit import log_action
from iletisim.lib.tabular import csv_rows
from iletisim.lib.turkish import fold
from iletisim.press.models import Journalist, MediaOutlet, Suppression

# Column headers we understand, folded (lower-case, no Turkish diacritics).
COLUMNS = {
    "full_name": {"full_name", "name", "ad soyad", "ad_soyad", "adi soyadi"},
    "email": {"email", "e-mail", "e-posta", "eposta"},
    "outlet": {"outlet", "kurum", "yayin organi"},
    "role": {"role", "gorev", "unvan"},
    "beats": {"beats", "alanlar", "konular"},
    "phones": {"phones", "phone", "telefon"},
    "city": {"city", "sehir", "il"},
    "language": {"language", "dil"},
}
MERGED_FIELDS = ("full_name", "role", "beats", "phones", "city", "language")


@dataclass
class ImportPreview:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # by lower-case e-mail
    errors: list[tuple[int, str]] = field(default_factory=list)
    duplicates_in_file: int = 0
    existing: set[str] = field(default_factory=set)
    total_rows: int = 0

    @property
    def new_count(self) -> int:
        return len(self.rows) - len(self.existing)

    @property
    def update_count(self) -> int:
        return len(self.existing)


def _read_rows(name: str, content: bytes) -> list[list[str]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValidationError(_("The spreadsheet cannot be read.")) from exc
        sheet = book.worksheets[0]
        return [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    return csv_rows(content)


def preview_import(*, name: str, content: bytes) -> ImportPreview:
    """Read a file without writing anything: what would be added, merged, refused."""
    table = _read_rows(name, content)
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [fold(h.strip()) for h in table[0]]
    index: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                index[key] = i
                break
    if "email" not in index or "full_name" not in index:
        raise ValidationError(_("The file needs at least a name and an e-mail column."))
    preview = ImportPreview()
    for line_no, raw in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        preview.total_rows += 1
        row = {key: (raw[i].strip() if i < len(raw) else "")[:300] for key, i in index.items()}
        email = row["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            preview.errors.append((line_no, _("Not a valid e-mail address: %s") % row["email"]))
            continue
        if not row["full_name"]:
            preview.errors.append((line_no, _("The name is missing.")))
            continue
        row["email"] = email
        if email in preview.rows:
            preview.duplicates_in_file += 1
            kept = preview.rows[email]
            for key, value in row.items():
                if value and not kept.get(key):
                    kept[key] = value
            continue
        preview.rows[email] = row
    emails = list(preview.rows)
    for start in range(0, len(emails), 1000):
        chunk = emails[start : start + 1000]
        preview.existing.update(
            Journalist.objects.annotate(e=Lower("email"))
            .filter(e__in=chunk)
            .values_list("e", flat=True)
        )
    return preview


@transaction.atomic
def import_journalists(
    *, by: Any, preview: ImportPreview, data_source: str, legal_basis: str
) -> dict[str, int]:
    """Write what the preview showed: new journalists created, existing ones (same e-mail)
    filled in where they had blanks. Do-not-contact and notes are never overwritten."""
    outlet_names = {r["outlet"] for r in preview.rows.values() if r.get("outlet")}
    outlets = {o.name: o for o in MediaOutlet.objects.filter(name__in=outlet_names)}
    missing = [
        MediaOutlet(name=n, kind=MediaOutlet.OutletKind.NEWSPAPER, scope=MediaOutlet.Scope.LOCAL)
        for n in outlet_names - set(outlets)
    ]
    MediaOutlet.objects.bulk_create(missing, ignore_conflicts=True)
    outlets = {o.name: o for o in MediaOutlet.objects.filter(name__in=outlet_names)}

    existing = {
        j.email.lower(): j
        for j in Journalist.objects.annotate(e=Lower("email")).filter(e__in=preview.existing)
    }
    new: list[Journalist] = []
    changed: list[Journalist] = []
    for email, row in preview.rows.items():
        outlet = outlets.get(row.get("outlet", ""))
        journalist = existing.get(email)
        if journalist is None:
            new.append(
                Journalist(
                    email=email,
                    outlet=outlet,
                    data_source=data_source,
                    legal_basis=legal_basis,
                    **{f: row.get(f, "") for f in MERGED_FIELDS if row.get(f)},
                )
            )
            continue
        for f in MERGED_FIELDS:
            if row.get(f) and not getattr(journalist, f):
                setattr(journalist, f, row[f])
        if outlet and journalist.outlet_id is None:
            journalist.outlet = outlet
        changed.append(journalist)
    Journalist.objects.bulk_create(new, batch_size=1000)
    Journalist.objects.bulk_update(changed, [*MERGED_FIELDS, "outlet"], batch_size=1000)
    counts = {"created": len(new), "merged": len(changed), "refused": len(preview.errors)}
    log_action("press.journalist.imported", actor=by, data={**counts, "source": data_source})
    return counts


EXPORT_HEADER = ["full_name", "email", "outlet", "role", "beats", "phones", "city", "language"]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A value a spreadsheet will not run: imported names like "=HYPERLINK(…)" get a quote."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _export_rows(journalists: Any) -> Any:
    for j in journalists.select_related("outlet").order_by("id").iterator(chunk_size=2000):
        yield [
            _cell(v)
            for v in (j.full_name, j.email, j.outlet.name if j.outlet else "", j.role, j.beats,
                      j.phones, j.city, j.language)
        ]  # fmt: skip


def export_csv(journalists: Any) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_HEADER)
    writer.writerows(_export_rows(journalists))
    return out.getvalue()


def export_xlsx(journalists: Any) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # rows are streamed to the file: bounded memory
    sheet = book.create_sheet("basin-rehberi")
    sheet.append(EXPORT_HEADER)
    for row in _export_rows(journalists):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@transaction.atomic
def save_journalist(
    *, by: Any, data: dict[str, Any], journalist: Journalist | None = None
) -> Journalist:
    """Add one journalist or correct one; the audit entry names the fields changed (not
    their values: personal data stays out of the trail)."""
    created = journalist is None
    # Read the row again: a bound ModelForm has already written the new values onto the
    # instance it was given.
    journalist = (
        Journalist()
        if journalist is None
        else Journalist.objects.select_for_update().get(pk=journalist.pk)
    )
    changed = [name for name, value in data.items() if getattr(journalist, name, None) != value]
    for name, value in data.items():
        setattr(journalist, name, value)
    journalist.save()
    log_action(
        "press.journalist.created" if created else "press.journalist.edited",
        actor=by,
        target=journalist,
        data={"fields": sorted(changed)},
    )
    return journalist


@transaction.atomic
def set_do_not_contact(*, by: Any, journalist: Journalist, on: bool, reason: str = "") -> None:
    """Anyone in the press office may set do-not-contact; only an admin may lift it."""
    if not on and not by.has_role(Role.ADMIN):
        raise PermissionDenied(_("Only an administrator can lift do-not-contact."))
    journalist.do_not_contact = on
    journalist.do_not_contact_reason = reason if on else ""
    journalist.save(update_fields=["do_not_contact", "do_not_contact_reason"])
    log_action(
        "press.journalist.dnc_set" if on else "press.journalist.dnc_lifted",
        actor=by,
        target=journalist,
        data={"reason": reason},
    )


def suppress(*, email: str, reason: str) -> bool:
    """Put an address on the suppression list; True if it was not there yet."""
    _row, created = Suppression.objects.get_or_create(
        email=email.strip().lower(), defaults={"reason": reason}
    )
    return created


@transaction.atomic
def add_to_list(*, by: Any, contact_list: Any, journalists: Any) -> int:
    contact_list.members.add(*journalists)
    log_action(
        "press.list.members_added",
        actor=by,
        target=contact_list,
        data={"count": len(journalists)},
    )
    return len(journalists)
