"""Widgets of the operator console, one per file."""
