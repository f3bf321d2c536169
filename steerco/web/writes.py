"""The pages' writes queue on SQLite as the API's do: the turn is steerco/lib/writes.py."""

from steerco.lib.writes import turn, write_turn

__all__ = ["turn", "write_turn"]
