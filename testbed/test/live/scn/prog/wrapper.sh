#!/bin/sh
# A program for exec.scn started through a wrapper, as many are: its child
# holds the same stdout (whose end is the program's end) after the
# wrapper itself is gone, unless kill takes the whole process group.
sleep 600 &
echo "child up"
wait
