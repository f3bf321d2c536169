"""The REST API at /api/v1/ (django-ninja): the same rules as the pages, for integrators."""
