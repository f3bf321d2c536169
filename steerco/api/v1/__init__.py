"""Version 1 of the API: the NinjaAPI instance and its routers (api.py)."""

from .api import api

__all__ = ["api"]
