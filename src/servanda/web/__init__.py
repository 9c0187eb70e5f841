"""The web application and REST API: thin adapters that learn who is asking, call the library as that person,
and format what it returns. Authorisation stays in `access.decide()` and the store's query filter."""

from servanda.web.app import create_app

__all__ = ["create_app"]
