"""The Textual operator console: a thin front on :mod:`core`, holding no logic of its own."""
