#!/bin/sh
# A program for exec.scn: a line on stdout naming its argument, one on
# stderr, then exit status 3.
echo "listening on $1"
echo "warn: stderr is read too" >&2
sleep 1
exit 3
