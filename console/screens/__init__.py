"""Screens of the operator console, one per file."""
