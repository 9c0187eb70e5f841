"""The `servanda` command line: parse input, call the library, format output."""

from servanda.cli.app import app, main

__all__ = ["app", "main"]
