"""gunicorn settings for steerco in production (`gunicorn -c gunicorn.conf.py steerco.wsgi`).

A request is CPU-bound Python plus short database calls, so a few processes per core
keep the cores busy without the memory of many. The default is 2 per core (4 on a
2-core server); WEB_CONCURRENCY overrides it.

gthread workers with one thread each: one request at a time per process, like sync
workers, but a connection is kept open between requests (keepalive) instead of closed
after every response, where a sync worker half-closes and then waits for the client to
close (gunicorn's close_graceful). Posting load test, province dataset, 4 workers:
sync 79-89 updates/s, worker wall time 40-45 ms per request of which 3-4 ms in that
wait; gthread 121-156/s, 11-22 ms. More threads per worker did not help (the GIL).
See README, Production.
"""

import multiprocessing
import os

bind = os.getenv("BIND", "127.0.0.1:8000")
workers = int(os.getenv("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count())))
worker_class = "gthread"
threads = int(os.getenv("GUNICORN_THREADS", "1"))
timeout = 60
graceful_timeout = 20
keepalive = 5
# Recycle a worker now and then so a slow leak can never grow without bound.
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.getenv("GUNICORN_ACCESS_LOG") or None
