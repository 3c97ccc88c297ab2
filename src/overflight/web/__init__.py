"""The REST API and the pages served to a browser: ``create_app(WebSettings(...))``."""

from overflight.web.app import create_app
from overflight.web.settings import DEFAULT_MAX_UPLOAD_BYTES, WebSettings

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "WebSettings", "create_app"]
