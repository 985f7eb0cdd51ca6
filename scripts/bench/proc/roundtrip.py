# multiprocessing's Pipe and Queue, fork start: the same round trips as
# roundtrip.sk. argv: pipe|queue, number of round trips. Prints trips/s.
import multiprocessing as mp
import sys
import time

def pipe_echo(c):
    while True:
        x = c.recv()
        if x is None:
            break
        c.send(x)

def queue_echo(a, b):
    while True:
        x = a.get()
        if x is None:
            break
        b.put(x)

def start_peer(kind):
    """An echoing child over a Pipe or two Queues: (process, send, recv)."""
    mp.set_start_method("fork")
    if kind == "pipe":
        mine, theirs = mp.Pipe()
        p = mp.Process(target=pipe_echo, args=(theirs,))
        send, recv = mine.send, mine.recv
    else:
        a, b = mp.Queue(), mp.Queue()
        p = mp.Process(target=queue_echo, args=(a, b))
        send, recv = a.put, b.get
    p.start()
    return p, send, recv

if __name__ == "__main__":
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    p, send, recv = start_peer(sys.argv[1])
    send(0)
    recv()
    start = time.perf_counter()
    for i in range(n):
        send(i)
        recv()
    elapsed = time.perf_counter() - start
    send(None)
    p.join()
    print("%.0f" % (n / elapsed))
