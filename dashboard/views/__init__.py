"""View models: what each page shows, as plain data (rows, figures' numbers, sentences), built from the read
models' cached facade (dashboard.queries.cached). Pages and components lay it out and wire the callbacks; they do
not read the database themselves (pyproject.toml's import contracts).
"""
