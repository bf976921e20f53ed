"""``python -m boilerstrip`` runs the command line."""

from .cli import entry

entry()
