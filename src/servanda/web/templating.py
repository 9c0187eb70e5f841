"""Server-rendered HTML: the Jinja2 templates of `web/templates`, autoescaped, shared by the sign-in page and
the pages, with the filters of `web.formatting` (parties by name, scores, statuses in words)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from servanda.web.formatting import FILTERS

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
HTMX = "vendor/htmx-2.0.11.min.js"

templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True), auto_reload=False)
)
templates.env.globals["htmx"] = HTMX
templates.env.filters.update(FILTERS)
