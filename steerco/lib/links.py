"""A link a report may carry: a web address, http:// or https:// (never javascript:, file:
or a bare path). One rule for the report form and the API."""

from __future__ import annotations

WEB_SCHEMES = ("http://", "https://")


def is_web_address(link: str) -> bool:
    return link.strip().lower().startswith(WEB_SCHEMES)
