# --preempt N: every N instructions the running tasklet goes to the back of
# the run queue. Without it scheduling is cooperative.
"$SKEIN" preempt_input.sk
"$SKEIN" --preempt 1000 preempt_input.sk
