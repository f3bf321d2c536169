"""Evidence uploads: a size limit and a type decided by the file's content, not its name.

Accepted: PDF, PNG, JPEG, Office Open XML (docx, xlsx, pptx) and OpenDocument
(odt, ods). The name's extension must agree with what the content is.
"""

from __future__ import annotations

import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# kind -> (content type, accepted extensions)
KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "png": ("image/png", {".png"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {".pptx"},
    ),
    "odt": ("application/vnd.oasis.opendocument.text", {".odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {".ods"}),
}
ACCEPT_ATTR = ",".join(sorted(ext for _ct, exts in KINDS.values() for ext in exts))
# An OpenDocument file's `mimetype` member is its content type alone (46 bytes at most here):
# nothing longer is read from it, whatever it says it inflates to (a zip bomb).
MIMETYPE_MAX_BYTES = 100


def _mimetype(archive: zipfile.ZipFile) -> str | None:
    info = archive.getinfo("mimetype")
    if info.file_size > MIMETYPE_MAX_BYTES:
        return None
    with archive.open(info) as member:
        data = member.read(MIMETYPE_MAX_BYTES + 1)
    if len(data) > MIMETYPE_MAX_BYTES:
        return None
    return data.decode("ascii", "replace").strip()


def _zip_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = _mimetype(archive)
                for kind in ("odt", "ods"):
                    if mimetype == KINDS[kind][0]:
                        return kind
            if "[Content_Types].xml" in names:
                for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(n.startswith(prefix) for n in names):
                        return kind
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,  # an encrypted member
        NotImplementedError,  # an unknown compression method
    ):
        return None
    finally:
        upload.seek(0)
    return None


def sniff(upload: UploadedFile) -> str | None:
    """The kind of file the content is (a key of KINDS), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def validate_evidence(upload: UploadedFile) -> str:
    """Check size and type; returns the content type to record. Raises ValidationError."""
    assert upload.size is not None and upload.name is not None  # an upload has both
    limit = settings.STEERCO_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            _(
                "This file is not an accepted kind (PDF, image, Word, Excel, PowerPoint or OpenDocument)."
            )
        )
    name = upload.name.lower()
    content_type, extensions = KINDS[kind]
    if not any(name.endswith(ext) for ext in extensions):
        raise ValidationError(
            _("The file's content is %(kind)s but its name does not end in %(ext)s.")
            % {"kind": kind.upper(), "ext": " / ".join(sorted(extensions))}
        )
    return content_type
