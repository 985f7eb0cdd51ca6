# multiprocessing's Pipe/Queue with 1 MB messages, as throughput.sk.
# argv: pipe|queue, number of messages each way. Prints MB/s.
import sys
import time
from roundtrip import start_peer

if __name__ == "__main__":
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    blob = b"x" * (1 << 20)
    p, send, recv = start_peer(sys.argv[1])
    start = time.perf_counter()
    for i in range(n):
        send(blob)
        recv()
    elapsed = time.perf_counter() - start
    send(None)
    p.join()
    print("%.0f" % (2 * n / elapsed))
