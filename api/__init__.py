"""The analysts' side of the web: the read-only JSON API under ``/api`` (``create_api``), its
OpenAPI document, and the trend charts the API, the desk and ``csowatch trend --plot`` draw.

It reads the store and nothing of the desk; the desk (``editor.app``) mounts it behind its
session layer, so a browser logged in to the desk may call it too.
"""

from api.app import create_api
from api.schema import openapi_document

__all__ = ["create_api", "openapi_document"]
