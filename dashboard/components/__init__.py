"""Reusable pieces of the pages: period selector, KPI card, grid builder, chart helpers, notices."""
