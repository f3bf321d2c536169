"""The indicators app's file importers: catalogue, values, targets (CSV or XLSX, all or nothing)."""

from .catalogue_file import catalogue_load
from .targets_file import targets_import
from .values_file import values_import

__all__ = ["catalogue_load", "targets_import", "values_import"]
