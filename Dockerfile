# The dashboard behind gunicorn (gunicorn.conf.py: 3 threaded workers), as an unprivileged user.
# Migrations run on start: every worker's create_app upgrades the schema under the start-up lock (a PostgreSQL
# advisory lock, or a lock file beside an SQLite database), so one migrates while the others wait.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 POKJA_DATA_DIR=/var/lib/pokja GUNICORN_BIND=0.0.0.0:8050
RUN useradd --create-home --uid 1000 pokja && mkdir -p /var/lib/pokja && chown pokja /var/lib/pokja
WORKDIR /app
COPY pyproject.toml README.md ./
COPY dashboard ./dashboard
COPY loaders ./loaders
COPY assets ./assets
COPY data/demo ./data/demo
COPY app.py alembic.ini gunicorn.conf.py ./
RUN pip install --no-cache-dir -e .
USER pokja
EXPOSE 8050
# The first start may migrate and load the demo data before /health answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8050/health').status != 200)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "app:server"]
