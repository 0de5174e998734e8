/* testbed.h - the testbed library: multi-homed topologies in named network
 * namespaces, built and changed through rtnetlink (libmnl).
 *
 * Every function returns 0 (or a count, or an fd, where it says so) or a
 * negative errno.  See each header for its concern.
 */
#ifndef TB_TESTBED_H
#define TB_TESTBED_H

#include "addr.h"
#include "link.h"
#include "names.h"
#include "netns.h"
#include "nl.h"
#include "qdisc.h"
#include "sysctl.h"
#include "topo.h"

#endif
