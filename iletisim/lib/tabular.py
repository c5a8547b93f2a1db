"""Reading the CSV files staff upload (contact lists, outlet lists).

A CSV saved by Excel on a Turkish Windows is in windows-1254, not UTF-8, and separated by
semicolons (the comma is the decimal separator): read as UTF-8 with replacement, every
Turkish letter of it became "�" without a word of warning. UTF-8 (with or without Excel's
byte-order mark) is tried first, strictly; then windows-1254. The separator (comma,
semicolon, tab) is sniffed from the first lines.
"""

from __future__ import annotations

import contextlib
import csv
import io


def decode_upload(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1254", errors="replace")


def csv_rows(data: bytes) -> list[list[str]]:
    text = decode_upload(data)
    dialect: type[csv.Dialect] = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
