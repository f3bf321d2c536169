"""The parts of an uploaded zip (.xlsx, .docx) read with limits.

A part is read only if its header says it inflates to at most `limit` bytes, and through a
stream that stops at `limit` whatever the header says (zip bombs). Its XML is parsed with
defusedxml and may not have a DTD at all (Office files never do): no entity expansion
("billion laughs"), no external entities. Nothing here knows the file's name or speaks to the
user: a part too large raises `PartTooLarge` (or `TooManyElements`), XML with a DTD raises
`HostileXML`, XML that is not well-formed raises `BadXML`; the readers turn them into messages.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from types import TracebackType
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _fromstring
from defusedxml.ElementTree import iterparse as _iterparse

CHUNK = 64 * 1024
# Elements of a part that a reader parses whole (python-docx: every part; openpyxl and the
# fast reader: the workbook, its relationships and styles). A table as Word writes it takes
# about a dozen elements a cell: 20,050 rows of 7 cells (the row limit) stay under this.
MAX_ELEMENTS = 2_000_000
CONTENT_TYPES = "[Content_Types].xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class PartTooLarge(Exception):  # noqa: N818 - reads as the condition, like the others here
    """A part inflates (or says it inflates) to more than the limit."""

    def __init__(self, part: str, size: int, limit: int) -> None:
        super().__init__(f"{part}: {size} bytes inflated; the limit is {limit}")
        self.part, self.size, self.limit = part, size, limit


class HostileXML(Exception):  # noqa: N818
    """A part's XML declares a DTD, entities or external references."""

    def __init__(self, part: str, detail: str) -> None:
        super().__init__(f"{part}: {detail}")
        self.part, self.detail = part, detail


class BadXML(Exception):  # noqa: N818
    """A part that should be XML is not well-formed."""

    def __init__(self, part: str, detail: str) -> None:
        super().__init__(f"{part}: {detail}")
        self.part, self.detail = part, detail


class TooManyElements(Exception):  # noqa: N818
    """A part read whole into a tree has more elements than MAX_ELEMENTS."""

    def __init__(self, part: str, limit: int) -> None:
        super().__init__(f"{part}: more than {limit} elements")
        self.part, self.limit = part, limit


class BoundedPart:
    """A part's inflated bytes, refusing to give more than `limit` of them."""

    def __init__(self, stream: IO[bytes], part: str, limit: int) -> None:
        self._stream, self._part, self._limit, self._count = stream, part, limit, 0

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(CHUNK):
                chunks.append(chunk)
            return b"".join(chunks)
        # One byte more than what is left tells a part that goes past the limit.
        data = self._stream.read(min(size, CHUNK, self._limit - self._count + 1))
        self._count += len(data)
        if self._count > self._limit:
            raise PartTooLarge(self._part, self._count, self._limit)
        return data

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> BoundedPart:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def check_sizes(archive: zipfile.ZipFile, limit: int) -> None:
    """Every part's declared inflated size is within `limit` (what other libraries will read:
    Python's zipfile stops a member at its declared size and fails its CRC beyond it)."""
    for info in archive.infolist():
        if info.file_size > limit:
            raise PartTooLarge(info.filename, info.file_size, limit)


def open_part(archive: zipfile.ZipFile, name: str, limit: int) -> BoundedPart:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise PartTooLarge(name, info.file_size, limit)
    return BoundedPart(archive.open(info), name, limit)


def read_part(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with open_part(archive, name, limit) as part:
        return part.read()


def iterparse(
    source: BoundedPart, part: str, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, Element]]:
    """defusedxml's iterparse, with no DTD allowed; the caller drops what it has read."""
    try:
        yield from _iterparse(source, events=events, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise HostileXML(part, exc.__class__.__name__) from None
    except ParseError as exc:
        raise BadXML(part, str(exc)) from None


def parse(archive: zipfile.ZipFile, name: str, limit: int) -> Element:
    """A small part's XML as a tree (workbook, relationships, styles, content types)."""
    data = read_part(archive, name, limit)
    try:
        return _fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise HostileXML(name, exc.__class__.__name__) from None
    except ParseError as exc:
        raise BadXML(name, str(exc)) from None


def xml_parts(archive: zipfile.ZipFile, limit: int) -> list[str]:
    """The parts a reader may parse as XML: every .xml and .rels part, and every part the
    package's content types call XML (whatever its name)."""
    names = archive.namelist()
    xml = [n for n in names if n.lower().endswith((".xml", ".rels"))]
    if CONTENT_TYPES not in names:
        return xml
    types = parse(archive, CONTENT_TYPES, limit)
    defaults = {
        (d.get("Extension") or "").lower(): d.get("ContentType") or ""
        for d in types.iter(f"{_CT}Default")
    }
    overrides = {
        (o.get("PartName") or "").lstrip("/"): o.get("ContentType") or ""
        for o in types.iter(f"{_CT}Override")
    }
    for name in names:
        extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
        content_type = overrides.get(name, defaults.get(extension, ""))
        if content_type.endswith("xml") and name not in xml:
            xml.append(name)
    return xml


def check_xml(archive: zipfile.ZipFile, limit: int, streamed: frozenset[str] = frozenset()) -> None:
    """No part that a reader may parse as XML has a DTD, and none that a reader parses whole
    into a tree (all but `streamed`) holds more than MAX_ELEMENTS elements: lxml takes about
    130 bytes an element, so 49 MB of empty paragraphs made python-docx take 1.1 GB. A DTD
    can only come before the root element, so the parse stops at the root's start tag;
    elements are counted as start tags in the bytes (an upper bound: a comment or CDATA
    section holding "<" counts too), at C speed."""
    for name in xml_parts(archive, limit):
        with open_part(archive, name, limit) as source:
            for _event in iterparse(source, name, events=("start",)):
                break
        if name in streamed:
            continue
        count = 0
        with open_part(archive, name, limit) as source:
            while chunk := source.read(CHUNK):
                count += chunk.count(b"<") - chunk.count(b"</")
                count -= chunk.count(b"<?") + chunk.count(b"<!")
                if count > MAX_ELEMENTS:
                    raise TooManyElements(name, MAX_ELEMENTS)
