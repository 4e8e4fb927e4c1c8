"""ml-connector core: every piece of logic, importable without Textual.

The console (``console/``) and the headless service (``ml-connector serve``) are two thin fronts on this
package. ``tests/test_import_hygiene.py`` proves that importing it never loads Textual.
"""

__version__ = "0.1.0"
