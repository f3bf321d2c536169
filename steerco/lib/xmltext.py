"""Text that a Word document or a spreadsheet can hold.

XML 1.0 (inside .docx and .xlsx) cannot carry most control characters. People paste
them: Word's manual line break is a vertical tab (U+000B), its page break a form feed
(U+000C). Exports keep those two as line breaks and drop the rest, instead of failing
the whole document over one pasted character."""

from __future__ import annotations

import re

_BREAKS = re.compile("[\x0b\x0c]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", _BREAKS.sub("\n", text))
