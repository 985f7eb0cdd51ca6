# multiprocessing.Process with fork, started and joined n times, as
# spawn_join.sk: prints milliseconds per child.
import multiprocessing as mp
import sys
import time

def nothing():
    pass

if __name__ == "__main__":
    mp.set_start_method("fork")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    start = time.perf_counter()
    for i in range(n):
        p = mp.Process(target=nothing)
        p.start()
        p.join()
    print("%.3f" % ((time.perf_counter() - start) / n * 1000))
