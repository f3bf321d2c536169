"""gunicorn settings for steerco in production (`gunicorn -c gunicorn.conf.py steerco.wsgi`).

Sync workers: a request is CPU-bound Python plus short database calls, so a few
processes per core keep the cores busy without the memory of many. The default is
2 per core (4 on a 2-core server); WEB_CONCURRENCY overrides it. See README, Production.
"""

import multiprocessing
import os

bind = os.getenv("BIND", "127.0.0.1:8000")
workers = int(os.getenv("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count())))
worker_class = "sync"
timeout = 60
graceful_timeout = 20
keepalive = 5
# Recycle a worker now and then so a slow leak can never grow without bound.
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.getenv("GUNICORN_ACCESS_LOG") or None
