"""The sandbox's listening socket, made so every accepted connection sends without Nagle delays.

asyncio turns on ``TCP_NODELAY`` for an accepted connection only when the socket's protocol number is
``IPPROTO_TCP``; a socket made with ``socket.socket(AF_INET, SOCK_STREAM)`` has protocol 0, so its
connections kept Nagle's algorithm. uvicorn writes a response's headers and its body in two ``write``
calls; with Nagle the body waited for the client's ACK of the headers, which Linux delays by up to 40 ms.
Every answer therefore took ~44 ms on 127.0.0.1, more than the sandbox's own work and most of the gap
between ``bench/push.py`` and its floor: an artefact no real gateway has.
"""

from __future__ import annotations

import socket


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket (``port`` 0: a free one) whose accepted connections get ``TCP_NODELAY``."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    return sock
