"""Emulators of the two outside systems, for tests, the demo and manual runs.

Each emulator is faithful to its vendor's documented behaviour (``docs/INTACCT-API.md`` and the vendor
fixtures), not to our clients, so that it can catch client bugs. ``core.sandbox.intacct`` is the Sage
Intacct XML gateway (see its package docstring for the Python API, and ``docs/sandbox.md``);
``core.sandbox.woo`` is the WooCommerce store.
"""
