# The dashboard behind gunicorn. Migrations run on start (create_app upgrades the schema).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 POKJA_DATA_DIR=/var/lib/pokja
RUN useradd --create-home --uid 1000 pokja && mkdir -p /var/lib/pokja && chown pokja /var/lib/pokja
WORKDIR /app
COPY pyproject.toml README.md ./
COPY dashboard ./dashboard
COPY loaders ./loaders
COPY assets ./assets
COPY data/demo ./data/demo
COPY app.py alembic.ini ./
RUN pip install --no-cache-dir -e .
USER pokja
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8050/health').status != 200)"
# Each worker upgrades the schema on start; on PostgreSQL an advisory lock lets one migrate while the others wait.
CMD ["gunicorn", "--workers", "3", "--bind", "0.0.0.0:8050", "--timeout", "120", "app:server"]
