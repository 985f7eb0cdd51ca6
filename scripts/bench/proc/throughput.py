# multiprocessing's Pipe/Queue with 1 MB messages, as throughput.sk.
# argv: pipe|queue, number of messages each way. Prints MB/s.
import multiprocessing as mp
import sys
import time
from roundtrip import pipe_echo, queue_echo

if __name__ == "__main__":
    mp.set_start_method("fork")
    kind = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    blob = b"x" * (1 << 20)
    if kind == "pipe":
        mine, theirs = mp.Pipe()
        p = mp.Process(target=pipe_echo, args=(theirs,))
        send, recv = mine.send, mine.recv
    else:
        a, b = mp.Queue(), mp.Queue()
        p = mp.Process(target=queue_echo, args=(a, b))
        send, recv = a.put, b.get
    p.start()
    start = time.perf_counter()
    for i in range(n):
        send(blob)
        recv()
    elapsed = time.perf_counter() - start
    send(None)
    p.join()
    print("%.0f" % (2 * n / elapsed))
