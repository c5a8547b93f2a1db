"""Checks on what staff put into a communication: rich text sanitised with nh3, uploaded
files sniffed by their first bytes (never trusted by name) and bounded in size."""

from __future__ import annotations

import zipfile

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from iletisim.lib.turkish import fold

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def sanitise_html(html: str) -> str:
    """Keep the structure of a text pasted from a word processor, drop scripts, styles,
    event handlers and classes; links get rel="noopener noreferrer"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
    )


def search_text(*parts: str) -> str:
    """What the press room searches: Turkish case folding without Turkish letters, and a word
    with a suffix after an apostrophe kept both split and joined, so "KADIKÖY'DE",
    "Kadıköy" and "kadikoyde" all find "Kadıköy'de"."""
    text = fold(" ".join(p for p in parts if p))
    for mark in ("’", "‘", "`"):
        text = text.replace(mark, "'")
    joined = [word.replace("'", "") for word in text.split() if "'" in word]
    return " ".join([*text.replace("'", " ").split(), *joined])


def search_words(query: str) -> list[str]:
    """The words of a search box, folded like `search_text` (at most ten)."""
    return fold(query).replace("'", " ").replace("’", " ").split()[:10]


def html_to_text(html: str) -> str:
    """A readable plain-text rendering for the text/plain part and diffs."""
    text = nh3.clean(
        html.replace("</p>", "</p>\n\n").replace("<br>", "\n").replace("</li>", "\n"), tags=set()
    )
    import html as html_lib

    lines = [line.strip() for line in html_lib.unescape(text).splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


IMAGE_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
ZIP_DOCUMENT_MARKERS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "content.xml": "odt",
}


def _check_size(upload: UploadedFile) -> None:
    limit = settings.PRESS_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": settings.PRESS_MAX_UPLOAD_MB}
        )


def check_photo(upload: UploadedFile) -> str:
    """Return the image type after checking its first bytes; JPEG, PNG or WebP only."""
    _check_size(upload)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    raise ValidationError(_("Only JPEG, PNG or WebP photos can be uploaded."))


def check_document(upload: UploadedFile) -> str:
    """PDF, or an office document (DOCX, XLSX, ODT) whose zip holds what its type needs."""
    _check_size(upload)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            upload.seek(0)
        for marker, kind in ZIP_DOCUMENT_MARKERS.items():
            if marker in names:
                return kind
    raise ValidationError(_("Only PDF, DOCX, XLSX or ODT documents can be uploaded."))
