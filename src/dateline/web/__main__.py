"""``python -m dateline.web``: the ``serve`` command on its own."""

from dateline.web.cli import serve

serve(prog_name="python -m dateline.web")
