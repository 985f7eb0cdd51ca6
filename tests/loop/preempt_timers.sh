# Timers fire on time while a busy tasklet runs under --preempt: the
# scheduler polls the event loop between time slices.
"$SKEIN" --preempt 1000 _sleep_busy.sk
