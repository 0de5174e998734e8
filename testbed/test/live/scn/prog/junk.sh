#!/bin/sh
# A program for exec.scn that writes to the runner's report pipe (fd 3)
# without the package: a line that is not JSON, then a good report (no "t":
# the runner stamps it), then ends.
echo 'this is not json' >&3
echo '{"ev":"app","name":"hello","from":"sh"}' >&3
