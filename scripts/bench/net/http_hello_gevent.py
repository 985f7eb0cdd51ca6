# scripts/bench/net/http_hello_gevent.py -- examples/http_hello.sk for
# CPython with gevent: the same handler, a greenlet per connection.
from gevent import monkey
monkey.patch_all()
import socket
import sys
from gevent.server import StreamServer

BODY = b"Hello, World!\n"
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)
CLOSING = RESPONSE.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)


def handle(conn, addr):
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buf = b""
    try:
        while True:
            data = conn.recv(65536)
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
                conn.sendall(b"".join(out))
            if close:
                return
    except OSError:
        pass
    finally:
        conn.close()


server = StreamServer(("127.0.0.1", int(sys.argv[1])), handle, backlog=1024)
print("serving on port", sys.argv[1], flush=True)
server.serve_forever()
