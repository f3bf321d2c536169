"""Evidence uploads: the type is read from the content without inflating more than a few bytes."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from steerco.web.uploads import validate_evidence

ODT = "application/vnd.oasis.opendocument.text"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def odt(mimetype: bytes = ODT.encode()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", b"<office:document-content/>")
    return out.getvalue()


def test_an_opendocument_text_is_accepted():
    assert validate_evidence(SimpleUploadedFile("bien-ban.odt", odt())) == ODT


def test_a_mimetype_member_inflating_to_megabytes_is_not_read():
    # 10 KB that inflate to 10 MB (the reported file inflated to 400 MB and took 820 MB):
    # the old check read it whole, stripped the padding and accepted the file as an .odt.
    data = odt(ODT.encode() + b" " * (10 * MB))
    assert len(data) < 20_000
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="not an accepted kind"):
            validate_evidence(SimpleUploadedFile("bien-ban.odt", data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MB


def test_a_mimetype_member_that_cannot_be_read_is_refused_not_a_server_error():
    data = bytearray(odt())
    data[6] |= 0x01  # the local header's "encrypted" flag: zipfile wants a password
    info_at = data.index(b"PK\x01\x02")
    data[info_at + 8] |= 0x01  # ... and the central directory's
    with pytest.raises(ValidationError, match="not an accepted kind"):
        validate_evidence(SimpleUploadedFile("bien-ban.odt", bytes(data)))
