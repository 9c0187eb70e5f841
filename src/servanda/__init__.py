"""Servanda: read joint statements into commitments and follow them to delivery."""

__version__ = "0.1.0"
