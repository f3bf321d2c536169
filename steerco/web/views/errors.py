"""The 400 page: what a request's parameters got wrong, each named."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from .common import BadParameter


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 naming the parameters a page refused (BadParameter); any other bad request
    (e.g. a suspicious operation) gets Django's page, which tells nothing."""
    if not isinstance(exception, BadParameter):
        return defaults.bad_request(request, exception)
    problems = [(name, " ".join(messages)) for name, messages in exception.problems.items()]
    return render(request, "400.html", {"problems": problems}, status=400)
