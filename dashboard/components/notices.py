"""What a page shows instead of figures: data still to upload, or a section that waits for snapshots."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from core import i18n

UPLOAD_PATH = "/unggah"


def missing_data(message: str, what_to_upload: str, alert_id: str | None = None) -> dbc.Alert:
    """Says what is missing and which sheets to upload, with a link to the upload page."""
    return dbc.Alert([
        html.H5(i18n.NO_DATA_TITLE, className="alert-heading"),
        html.P(message, className="mb-1"),
        html.P(what_to_upload, className="mb-2"),
        dcc.Link(i18n.UPLOAD_LINK, href=UPLOAD_PATH, className="alert-link"),
    ], color="info", **({"id": alert_id} if alert_id else {}))


def pending_snapshots(message: str, alert_id: str | None = None) -> dbc.Alert:
    """A section that needs weekly snapshots, which do not exist yet: say so, never draw invented data."""
    return dbc.Alert([html.Strong(i18n.SNAPSHOTS_TITLE + ". "), message], color="secondary",
                     className="mb-0", **({"id": alert_id} if alert_id else {}))
