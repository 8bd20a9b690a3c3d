"""gunicorn's settings for the dashboard, read from the working directory: `gunicorn app:server`.

Threaded workers (gthread): the big screens poll /layar every minute over keep-alive connections, and a thread
waiting on the database or on another thread's cached build does not hold a whole process. Measured with
`python bench/soak.py` (200 screens): sync workers (--threads 1) queue behind every slow request; 3 workers x 8
threads keep the refreshes' p95 in the tens of milliseconds on 2 cores. Each worker migrates/loads the demo
under the start-up lock (core/db.py), so every worker may start at once. Command-line flags override these.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8050")  # the Dockerfile sets 0.0.0.0:8050
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))  # about 1.5 x cores; each worker holds its own caches
threads = int(os.environ.get("GUNICORN_THREADS", "8"))  # <= the SQLAlchemy pool (5 + 10 overflow) per worker
timeout = 120  # gthread: only a worker whose main loop is stuck this long is restarted
graceful_timeout = 60  # an upload in progress may finish on restart (one that does not becomes "interrupted")
keepalive = 75  # longer than nginx's upstream keepalive_timeout (60 s), so nginx closes first
accesslog = os.environ.get("GUNICORN_ACCESS_LOG")  # e.g. "-" for stdout; off by default (nginx logs requests)
