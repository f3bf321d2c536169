"""The round trip of a unit's sheet on the web, written once for every sheet that has one
(progress, disbursements): the upload checked against the uploader's roles on the unit
chosen, read within the size limit, previewed without writing and kept for a short while
under a token; the commit reads it back, records it all or nothing in a write turn, and
shows the preview again (422) when a row is refused. What differs between sheets — the
importer, its errors, the templates, the page to go back to — is a `UnitSheet`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from steerco.directives.permissions import Action, may
from steerco.intake.pending import pending_drop, pending_load, pending_save

from ..access import unit_by_code
from ..typing import AuthenticatedHttpRequest
from ..writes import write_turn

#: The importer of a sheet: keyword arguments name, data, unit, user and commit; returns a
#: result with `committed` (a preview when commit is False).
Importer = Callable[..., Any]


def max_upload_mb() -> int:
    return settings.STEERCO_IMPORT_MAX_BYTES // (1024 * 1024)


def read_upload(upload: UploadedFile) -> bytes | None:
    """The upload's bytes; None when it is larger than the limit."""
    assert upload.size is not None  # an uploaded file always has one
    return None if upload.size > settings.STEERCO_IMPORT_MAX_BYTES else upload.read()


@dataclass(frozen=True)
class UnitSheet:
    importer: Importer
    errors: tuple[type[Exception], ...]  # what the importer raises about the file
    preview_template: str
    page: str  # the sheet page's URL name, where an error sends the user back


def unit_sheet_preview(
    request: AuthenticatedHttpRequest, form: forms.Form, sheet: UnitSheet
) -> HttpResponse | None:
    """The preview of a valid upload form's file (fields `file` and `unit`); None, with the
    reason added to the form, when the file cannot be read."""
    upload, unit = form.cleaned_data["file"], form.cleaned_data["unit"]
    if not may(request.user, Action.REPORT, unit):
        raise PermissionDenied(_("You do not report for %(unit)s.") % {"unit": unit.name})
    data = read_upload(upload)
    if data is None:
        form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": max_upload_mb()})
        return None
    try:
        result = sheet.importer(
            name=upload.name, data=data, unit=unit, user=request.user, commit=False
        )
    except sheet.errors as exc:
        form.add_error("file", str(exc))
        return None
    token = pending_save(user_id=request.user.pk, kind="xlsx", data=data)
    return render(
        request, sheet.preview_template, {"result": result, "token": token, "name": upload.name}
    )


def unit_sheet_commit(
    request: AuthenticatedHttpRequest, sheet: UnitSheet
) -> tuple[Any, HttpResponse | None]:
    """Record the previewed file of the POST's token for the POST's unit (checked first):
    (the committed result, None), or (None, the response to send) when it was refused."""
    unit = unit_by_code(request.user, request.POST.get("unit"), Action.REPORT)
    token, name = request.POST.get("token", ""), request.POST.get("name", "")
    data = pending_load(user_id=request.user.pk, token=token, kind="xlsx")
    if data is None:
        raise Http404(_("This upload has expired; upload the file again."))
    try:
        with write_turn():
            result = sheet.importer(
                name=name or "sheet.xlsx", data=data, unit=unit, user=request.user, commit=True
            )
    except sheet.errors as exc:
        messages.error(request, str(exc))
        return None, redirect(sheet.page)
    if not result.committed:
        context = {"result": result, "token": token, "name": name}
        return None, render(request, sheet.preview_template, context, status=422)
    pending_drop(user_id=request.user.pk, token=token, kind="xlsx")
    return result, None
