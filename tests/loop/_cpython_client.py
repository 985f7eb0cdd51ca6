# CPython side of socket_cpython_client.sh: plain sockets in threads.
import socket, sys, threading

port, n = int(sys.argv[1]), int(sys.argv[2])
results = [None] * n

def client(i):
    with socket.create_connection(("127.0.0.1", port)) as s:
        f = s.makefile("rb")
        ok = True
        for k in range(50):
            s.sendall(b"client %d line %d\n" % (i, k))
            if f.readline() != b"CLIENT %d LINE %d\n" % (i, k):
                ok = False
        results[i] = ok

threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("cpython clients ok:", all(results), len(results))
