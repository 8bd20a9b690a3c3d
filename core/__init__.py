"""What the loaders and the app both need, importing neither: the tables, the database, the settings, the reference
data and the scoring rules, the running totals and the stored periods with the one derived-data step that keeps
them, the audit trail, the words (i18n) and the value parsing. pyproject.toml's [tool.importlinter] contracts keep
it that way."""
