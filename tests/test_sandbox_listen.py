"""The sandbox's listening socket: answers leave without waiting on Nagle's algorithm."""

from __future__ import annotations

import asyncio
import socket

from core.sandbox.listen import listening_socket


async def test_connections_accepted_on_the_sandbox_socket_have_tcp_nodelay() -> None:
    sock = listening_socket("127.0.0.1", 0)
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        option = writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        accepted.set_result(option)
        writer.close()

    server = await asyncio.start_server(on_connect, sock=sock)
    try:
        _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        assert await asyncio.wait_for(accepted, 5) != 0
        writer.close()
    finally:
        server.close()
        await server.wait_closed()


def test_listening_socket_binds_a_free_port_on_the_given_host() -> None:
    with listening_socket("127.0.0.1", 0) as sock:
        host, port = sock.getsockname()[:2]
    assert (host, port != 0) == ("127.0.0.1", True)
