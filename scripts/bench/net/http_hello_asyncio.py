# scripts/bench/net/http_hello_asyncio.py -- examples/http_hello.sk for
# CPython's asyncio streams: the same handler as a coroutine per connection.
import asyncio
import socket
import sys

BODY = b"Hello, World!\n"
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)
CLOSING = RESPONSE.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)


async def handle(reader, writer):
    buf = b""
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                return
            buf += data
            out = []
            close = False
            while True:
                end = buf.find(b"\r\n\r\n")
                if end < 0:
                    break
                head = buf[:end].lower()
                buf = buf[end + 4:]
                close = b"connection: close" in head or head.startswith(b"get / http/1.0")
                out.append(CLOSING if close else RESPONSE)
                if close:
                    break
            if out:
                writer.write(b"".join(out))
                await writer.drain()
            if close:
                return
    except OSError:
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    print("serving on port", port, flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main(int(sys.argv[1])))
