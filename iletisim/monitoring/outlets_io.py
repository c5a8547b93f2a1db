"""Outlets and their sources to and from CSV and XLSX.

Columns: name, type, scope, city, district, website, reach, reach_kind, reach_source,
reach_date (YYYY-MM-DD), leaning_note, sources ("kind url" pairs separated by " | ").
Rows are matched by name: importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from openpyxl import Workbook, load_workbook

from iletisim.lib.tabular import csv_rows
from iletisim.monitoring.models import Outlet, OutletType, ReachKind, Scope, Source
from iletisim.monitoring.sources import REGISTRY

COLUMNS = [
    "name", "type", "scope", "city", "district", "website", "reach", "reach_kind",
    "reach_source", "reach_date", "leaning_note", "sources",
]  # fmt: skip


def rows() -> list[list[Any]]:
    out = []
    for outlet in Outlet.objects.prefetch_related("sources").order_by("name"):
        sources = " | ".join(f"{s.kind} {s.url}".strip() for s in outlet.sources.all())
        out.append(
            [
                outlet.name,
                outlet.type,
                outlet.scope,
                outlet.city,
                outlet.district,
                outlet.website,
                outlet.reach or "",
                outlet.reach_kind,
                outlet.reach_source,
                outlet.reach_date.isoformat() if outlet.reach_date else "",
                outlet.leaning_note,
                sources,
            ]
        )
    return out


def _safe(value: Any) -> Any:
    # A cell starting with = + - @ is a formula to spreadsheet programs: neutralise it.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows():
        writer.writerow([_safe(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "outlets"
    sheet.append(COLUMNS)
    for row in rows():
        sheet.append([_safe(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(name: str, data: bytes) -> list[dict[str, str]]:
    if name.lower().endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        values = [
            ["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    else:
        values = csv_rows(data)
    if not values:
        return []
    header = [h.strip().lower() for h in values[0]]
    return [
        dict(zip(header, (v.strip() for v in row), strict=False)) for row in values[1:] if any(row)
    ]


def import_rows(records: list[dict[str, str]]) -> tuple[int, list[str]]:
    """Create or update outlets (and add missing sources); returns (count, problems)."""
    count, problems = 0, []
    for line, record in enumerate(records, start=2):
        name = record.get("name", "").lstrip("'")
        if not name:
            problems.append(f"{line}: name is empty")
            continue
        kind, scope = record.get("type", ""), record.get("scope", "")
        if kind not in OutletType.values or scope not in Scope.values:
            problems.append(f"{line}: unknown type or scope")
            continue
        reach_kind = record.get("reach_kind", "")
        try:
            reach = int(record["reach"]) if record.get("reach") else None
            reach_date = (
                dt.date.fromisoformat(record["reach_date"]) if record.get("reach_date") else None
            )
        except ValueError:
            problems.append(f"{line}: reach or reach_date is not valid")
            continue
        outlet, _created = Outlet.objects.update_or_create(
            name=name[:200],
            defaults={
                "type": kind, "scope": scope, "city": record.get("city", "")[:80],
                "district": record.get("district", "")[:80],
                "website": record.get("website", "")[:200], "reach": reach,
                "reach_kind": reach_kind if reach_kind in ReachKind.values else "",
                "reach_source": record.get("reach_source", "")[:200], "reach_date": reach_date,
                "leaning_note": record.get("leaning_note", "").lstrip("'"),
            },
        )  # fmt: skip
        for part in filter(None, (p.strip() for p in record.get("sources", "").split("|"))):
            source_kind, _sep, url = part.partition(" ")
            if source_kind in REGISTRY and (
                url.startswith(("http://", "https://")) or source_kind == "manual"
            ):
                Source.objects.get_or_create(outlet=outlet, kind=source_kind, url=url.strip())
            else:
                problems.append(f"{line}: source {part!r} not understood")
        count += 1
    return count, problems
