"""Entry point: `python app.py` serves the dashboard on http://127.0.0.1:8050; gunicorn uses `app:server`."""
import os

from dashboard.web import create_app

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")), debug=False)
