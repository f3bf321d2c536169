import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
application = get_wsgi_application()

# Load the views, templates and catalogues now, not on each worker's first request
# (steerco/web/warmup.py).
from steerco.web.warmup import warm_up  # noqa: E402 - needs the application's setup

warm_up()
