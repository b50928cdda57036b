"""The web view of a store: a JSON API under /api and one page (``dateline serve``).

``dateline.web.app.create_app(db)`` builds the app; ``dateline.web.cli.serve``
is the click command. Nothing here imports FastAPI until the app is built, so
the rest of the CLI runs without the ``web`` extra.
"""
