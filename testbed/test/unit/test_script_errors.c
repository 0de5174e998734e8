/* test_script_errors.c - the scenario parser's errors: every error
 * class, the README's example, files, escaped text, and the bad scripts of
 * scenarios/bad/ with their expected errors. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "script.h"
#include "text.h"
#include "script_util.h"
#include "unit.h"

static void test_errors(void)
{
	tap_diag("script: errors, each as file:line: message");
	/* syntax */
	refused("host client\nlnk down a\n", "t.scn:2: unknown verb 'lnk'");
	refused("host client\nhost server x=1\n",
		"t.scn:2: unknown key 'x' for host (none)");
	refused("host client\nhost\n", "t.scn:2: usage: host NAME");
	refused("host 1x\n", "t.scn:1: bad host name '1x' (a letter, then "
			     "letters, digits, '_' or '-'; at most 31)");
	refused(TOPO "wait =5s\n", "t.scn:5: argument '=5s' has no key");
	refused(TOPO "netem a loss=\n", "t.scn:5: loss= has no value");
	refused(TOPO "netem a loss=1% loss=2%\n",
		"t.scn:5: loss= is given twice");
	refused("", "t.scn:1: no host is declared");
	refused("# nothing\n\n", "t.scn:2: no host is declared");
	refused("host h1\nhost h2\nhost h3\nhost h4\nhost h5\nhost h6\n"
		"host h7\nhost h8\nhost h9\n",
		"t.scn:9: too many hosts (at most 8)");
	refused("host a b c d e f g h i j k l m n o p q r s t u v w x y z "
		"0 1 2 3 4 5 6\n",
		"t.scn:1: too many arguments (at most 32)");
	refused("host client\r\nhost client\r\n",
		"t.scn:2: duplicate host 'client'");
	/* declarations */
	refused("host client\nhost server\nhost server\nhost client\n",
		"t.scn:3: duplicate host 'server'");
	refused(TOPO "path a client=10.9.0.1 server=10.9.0.2\n",
		"t.scn:5: duplicate path 'a'");
	refused("host client\npath a client=10.1.0.1/24 srv=10.1.0.2/24\n",
		"t.scn:2: host 'srv' is not declared");
	refused("host client\npath a client=10.1.0.1/24\n",
		"t.scn:2: path 'a' needs two hosts (HOST=ADDR ...)");
	refused("host client\nhost x\nhost y\n"
		"path a client=10.1.0.1 x=10.1.0.2 y=10.1.0.3\n",
		"t.scn:4: path 'a' joins two hosts, not more");
	refused("host client\npath a client=10.1.0.1 client=10.1.0.2\n",
		"t.scn:2: client= is given twice");
	refused("host client\nhost server\n"
		"path a client=10.1.0.300/24 server=10.1.0.2/24\n",
		"t.scn:3: bad address '10.1.0.300/24' for client on path 'a'");
	refused(TOPO "path c client=10.3.0.1/24 server=10.1.0.2/24\n",
		"t.scn:5: address 10.1.0.2/24 is already on server@a");
	refused(TOPO AGENTS "path c client=10.3.0.1/24 server=10.3.0.2/24\n",
		"t.scn:7: path must come before agents and run-time steps");
	refused(TOPO "sysctl client net..sctp=1\n",
		"t.scn:5: bad sysctl key 'net..sctp'");
	refused(TOPO "sysctl client\n", "t.scn:5: usage: sysctl HOST[,HOST...] KEY=VALUE");
	refused(TOPO "sysctl nobody net.sctp.rto_min=1\n",
		"t.scn:5: host 'nobody' is not declared");
	refused("host client\nhost server\n"
		"path a client=10.1.0.1/24 server=fd00::2/64\n",
		"t.scn:3: path 'a': client and server share no address family");
	/* agents */
	refused(TOPO "agent srv on server listen\n",
		"t.scn:5: agent needs port=PORT");
	refused(TOPO "agent srv on server listen port=0\n",
		"t.scn:5: port=0 is out of range (1-65535)");
	refused(TOPO "agent srv on server listen port=50x\n",
		"t.scn:5: port=50x is not a number");
	refused(TOPO "agent srv on server serve port=1\n",
		"t.scn:5: agent role 'serve' is not listen, connect or exec");
	refused(TOPO "agent srv at server listen port=1\n",
		"t.scn:5: usage: agent NAME on HOST listen|connect "
		"[key=value...] | exec PROGRAM [ARGUMENT...]");
	refused(TOPO "agent srv on server listen port=1 addresses=a,c\n",
		"t.scn:5: path 'c' is not declared");
	refused(TOPO "agent srv on server listen port=1 addresses=a,a\n",
		"t.scn:5: addresses= names path 'a' twice");
	refused(TOPO "agent srv on server listen port=1 sack=5\n",
		"t.scn:5: sack=5 needs a unit (us, ms, s)");
	refused(TOPO "agent srv on server listen port=1 mis=3\n",
		"t.scn:5: unknown key 'mis' for agent (port, to, addresses, "
		"MIS, OS, sack, heartbeat, heartbeatInterval, pathMaxRetransmits, "
		"pfThreshold, switchoverThreshold, rtoInitial, rtoMin, rtoMax, "
		"maxRetransmits, exposePotentiallyFailed, noDelay, "
		"receiveBufferSize, sendBufferSize, highWaterMark, sackFreq)");
	refused(TOPO "agent srv on server listen port=1 sack=600ms\n",
		"t.scn:5: sack=600ms is more than 500ms, the most "
		"SCTP_DELAYED_SACK takes");
	refused(TOPO "agent srv on server listen port=1 receiveBufferSize=100\n",
		"t.scn:5: receiveBufferSize=100 is out of range "
		"(1024-2147483647)");
	refused(TOPO AGENTS "expect cli streams outbound=70000 within=1s\n",
		"t.scn:7: outbound=70000 is out of range (1-65535)");
	refused(TOPO AGENTS "expect cli streams inbound=0 within=1s\n",
		"t.scn:7: inbound=0 is out of range (1-65535)");
	refused(TOPO AGENTS "agent srv on server listen port=2\n",
		"t.scn:7: duplicate agent 'srv'");
	refused(TOPO "agent cli on client connect\n",
		"t.scn:5: agent needs to=AGENT");
	refused(TOPO "agent cli on client connect to=srv\n"
		"agent srv on server listen port=1\n",
		"t.scn:5: agent 'srv' used before it is declared (line 6)");
	refused(TOPO "agent cli on client connect to=nobody\n",
		"t.scn:5: agent 'nobody' is not declared");
	refused(TOPO AGENTS "agent c2 on client connect to=cli\n",
		"t.scn:7: agent 'cli' is not a listening agent");
	refused(TOPO AGENTS "agent c2 on server connect to=srv\n",
		"t.scn:7: agent 'c2' is on the same host as 'srv'");
	refused(TOPO "agent srv on server listen port=1 to=x\n",
		"t.scn:5: a listening agent takes no to=");
	refused("host client\nhost server\nhost r\n"
		"path a client=10.1.0.1 r=10.1.0.2\n"
		"agent srv on server listen port=1 addresses=a\n",
		"t.scn:5: host 'server' is not on path 'a'");
	/* send */
	refused(TOPO AGENTS "send cli size=12\n", "t.scn:7: send needs count=N");
	refused(TOPO AGENTS "send cli count=0 size=12\n",
		"t.scn:7: count=0 is out of range (1-100000000)");
	refused(TOPO AGENTS "send cli count=1 size=12 streams=5\n",
		"t.scn:7: streams=5 is more than cli's OS=4");
	refused(TOPO AGENTS "send cli count=1 size=12 rate=500\n",
		"t.scn:7: rate=500 is not a rate (N/s)");
	refused(TOPO AGENTS "send cli count=1 size=12 rate=0/s\n",
		"t.scn:7: rate=0/s is out of range (1-1000000/s)");
	refused(TOPO AGENTS "send cli count=1 size=12 unordered=maybe\n",
		"t.scn:7: unordered=maybe is not yes or no");
	refused(TOPO AGENTS "send cli count=1 size=12 ppid=4294967296\n",
		"t.scn:7: ppid=4294967296 is out of range (0-4294967295)");
	refused(TOPO "send cli count=1 size=12\n",
		"t.scn:5: agent 'cli' is not declared");
	/* link, addr */
	refused(TOPO "link down c\n", "t.scn:5: path 'c' is not declared");
	refused(TOPO "link sideways a\n",
		"t.scn:5: usage: link up|down PATH [host=HOST]");
	refused(TOPO "link down\n",
		"t.scn:5: usage: link up|down PATH [host=HOST]");
	refused("host client\nhost server\nhost r\n"
		"path a client=10.1.0.1 server=10.1.0.2\n"
		"link down a host=r\n",
		"t.scn:5: host 'r' is not on path 'a'");
	refused(TOPO "addr add a client=10.1.0.1/24\n",
		"t.scn:5: address 10.1.0.1/24 is already on client@a");
	refused(TOPO "addr del a client=10.1.0.2\n",
		"t.scn:5: address 10.1.0.2 is not on client@a");
	refused(TOPO "addr del a client=10.1.0.1\naddr del a client=10.1.0.1\n",
		"t.scn:6: address 10.1.0.1 is not on client@a");
	refused(TOPO "addr add a client=bogus\n",
		"t.scn:5: bad address 'bogus' for client on path 'a'");
	refused(TOPO "addr move a client=10.1.0.7\n",
		"t.scn:5: usage: addr add|del PATH HOST=ADDR[/LEN]");
	/* netem */
	refused(TOPO "netem a loss=150%\n",
		"t.scn:5: loss=150% is out of range (0-100%)");
	refused(TOPO "netem a loss=10\n", "t.scn:5: loss=10 needs '%' (e.g. 10%)");
	refused(TOPO "netem a loss=x%\n",
		"t.scn:5: loss=x% is not a percentage (e.g. 10%)");
	refused(TOPO "netem a delay=50\n",
		"t.scn:5: delay=50 needs a unit (us, ms, s)");
	refused(TOPO "netem a delay=50parsecs\n",
		"t.scn:5: delay=50parsecs is not a duration (e.g. 500ms, 2s)");
	refused(TOPO "netem a delay=5000s\n",
		"t.scn:5: delay=5000s is out of range (0-4294s)");
	refused(TOPO "netem a jitter=5ms\n", "t.scn:5: jitter= needs a delay (delay= here or above)");
	refused(TOPO "netem a dir=client->server\n",
		"t.scn:5: netem needs loss=, delay=, jitter= or limit= (or off)");
	refused(TOPO "netem a dir=client->server off loss=1%\n",
		"t.scn:5: netem off takes only dir=");
	refused(TOPO "netem a dir=client loss=1%\n",
		"t.scn:5: dir=client is not HOST->HOST or both");
	refused(TOPO "netem a dir=client->client loss=1%\n",
		"t.scn:5: dir=client->client goes nowhere");
	refused(TOPO "netem a dir=client->nobody loss=1%\n",
		"t.scn:5: host 'nobody' is not declared");
	refused(TOPO "netem a loss=1% rate=1mbit\n",
		"t.scn:5: unknown key 'rate' for netem (dir, loss, delay, "
		"jitter, limit)");
	refused(TOPO "netem a on\n",
		"t.scn:5: usage: netem PATH [dir=HOST->HOST|both] "
		"loss=P%|delay=T|jitter=T|limit=N... | netem PATH [dir=...] off");
	/* wait */
	refused(TOPO "wait\n", "t.scn:5: usage: wait DURATION");
	refused(TOPO "wait 2\n", "t.scn:5: wait=2 needs a unit (us, ms, s)");
	/* expect */
	refused(TOPO AGENTS "expect cli event=connect\n",
		"t.scn:7: expectation needs a timeout (within=DURATION) or an interval (for=DURATION)");
	refused(TOPO AGENTS "expect cli event=connect within=0s\n",
		"t.scn:7: within=0s: the timeout must be more than 0");
	refused(TOPO AGENTS "expect cli event=connected within=1s\n",
		"t.scn:7: unknown event 'connected' (connect, ready, "
		"listening, connection, end, close, timeout)");
	refused(TOPO AGENTS "expect cli within=1s\n",
		"t.scn:7: expect takes one of event=, notification=, error=, snmp=, "
		"exit=, output~=, app=, received, sent, peer-info, address-change, "
		"addresses, streams");
	refused(TOPO AGENTS "expect cli event=connect error=EPIPE within=1s\n",
		"t.scn:7: expect takes one of event=, notification=, error=, snmp=, "
		"exit=, output~=, app=, received, sent, peer-info, address-change, "
		"addresses, streams");
	refused(TOPO AGENTS "expect cli recieved from=srv count=1 within=1s\n",
		"t.scn:7: unknown expectation 'recieved' (event=, "
		"notification=, error=, snmp=, exit=, output~=, app=, received, "
		"sent, peer-info, address-change, addresses, streams)");
	refused(TOPO "expect cli event=connect within=1s\n"
		"agent cli on client connect to=srv\n",
		"t.scn:5: agent 'cli' used before it is declared (line 6)");
	refused(TOPO AGENTS "expect cli notification=SCTP_PEER_ADDR_CHANGE "
			    "state=SCTP_COMM_UP within=1s\n",
		"t.scn:7: unknown state 'SCTP_COMM_UP' (SCTP_ADDR_AVAILABLE, "
		"SCTP_ADDR_UNREACHABLE, SCTP_ADDR_REMOVED, SCTP_ADDR_ADDED, "
		"SCTP_ADDR_MADE_PRIM, SCTP_ADDR_CONFIRMED, "
		"SCTP_ADDR_POTENTIALLY_FAILED)");
	refused(TOPO AGENTS "expect cli notification=SCTP_SENDER_DRY_EVENT "
			    "state=SCTP_COMM_UP within=1s\n",
		"t.scn:7: state= is only for SCTP_PEER_ADDR_CHANGE and "
		"SCTP_ASSOC_CHANGE");
	refused(TOPO AGENTS "expect cli notification=SCTP_ASSOC_CHANGE "
			    "address=server@a within=1s\n",
		"t.scn:7: address= is only for SCTP_PEER_ADDR_CHANGE");
	refused(TOPO AGENTS "expect cli notification=PEER_ADDR_CHANGE within=1s\n",
		"t.scn:7: unknown notification 'PEER_ADDR_CHANGE' "
		"(SCTP_ASSOC_CHANGE, SCTP_PEER_ADDR_CHANGE, SCTP_SEND_FAILED, "
		"SCTP_REMOTE_ERROR, SCTP_SHUTDOWN_EVENT, "
		"SCTP_PARTIAL_DELIVERY_EVENT, SCTP_ADAPTATION_INDICATION, "
		"SCTP_AUTHENTICATION_EVENT, SCTP_SENDER_DRY_EVENT, "
		"SCTP_STREAM_RESET_EVENT, SCTP_ASSOC_RESET_EVENT, "
		"SCTP_STREAM_CHANGE_EVENT, SCTP_SEND_FAILED_EVENT)");
	refused(TOPO AGENTS "expect cli peer-info address=server@c "
			    "state=SCTP_ACTIVE within=1s\n",
		"t.scn:7: path 'c' is not declared");
	refused(TOPO AGENTS "expect cli peer-info address=server@b/v6 "
			    "state=SCTP_ACTIVE within=1s\n",
		"t.scn:7: server has no IPv6 address on path 'b' here");
	refused(TOPO AGENTS "expect cli peer-info address=server@b/v5 "
			    "state=SCTP_ACTIVE within=1s\n",
		"t.scn:7: address=server@b/v5: '/v5' is not /v4 or /v6");
	refused(TOPO AGENTS "expect cli peer-info address=server "
			    "state=SCTP_ACTIVE within=1s\n",
		"t.scn:7: address=server is not an address (HOST@PATH, "
		"HOST@PATH/v4, HOST@PATH/v6 or an address)");
	refused(TOPO AGENTS "expect cli peer-info state=SCTP_ACTIVE within=1s\n",
		"t.scn:7: expect needs address=HOST@PATH");
	refused(TOPO AGENTS "expect cli peer-info address=server@a "
			    "state=ACTIVE within=1s\n",
		"t.scn:7: unknown state 'ACTIVE' (SCTP_INACTIVE, SCTP_PF, "
		"SCTP_ACTIVE, SCTP_UNCONFIRMED, SCTP_UNKNOWN)");
	refused(TOPO AGENTS "expect cli address-change within=1s\n",
		"t.scn:7: address-change needs a field check (e.g. "
		"remoteAddresses~=HOST@PATH)");
	refused(TOPO AGENTS "expect cli address-change peers~=server@a "
			    "within=1s\n",
		"t.scn:7: unknown address-change field 'peers' "
		"(localAddresses, remoteAddresses, localAddress, "
		"remoteAddress, localPort, remotePort)");
	refused(TOPO AGENTS "expect cli address-change "
			    "remoteAddress~=server@a within=1s\n",
		"t.scn:7: remoteAddress takes only '=' (~= and !~= are for "
		"lists)");
	refused(TOPO AGENTS "expect cli address-change remoteAddress="
			    "server@a,server@b within=1s\n",
		"t.scn:7: remoteAddress: too many addresses");
	refused(TOPO AGENTS "expect cli address-change remotePort~=1 "
			    "within=1s\n",
		"t.scn:7: remotePort takes only '='");
	refused(TOPO AGENTS "expect cli event=connect within~=1s\n",
		"t.scn:7: 'within~=' is only for address-change; use 'within='");
	refused(TOPO AGENTS "expect srv received count=1 within=1s\n",
		"t.scn:7: expect needs from=AGENT");
	refused(TOPO AGENTS "expect srv received from=srv count=1 within=1s\n",
		"t.scn:7: agent 'srv' cannot receive from itself");
	refused(TOPO AGENTS "agent srv2 on server listen port=6000\n"
		"expect srv2 received from=cli count=1 within=1s\n",
		"t.scn:8: agents 'srv2' and 'cli' are not connected (to=)");
	refused(TOPO AGENTS "expect srv received from=cli within=1s\n",
		"t.scn:7: received needs something to check (count=, "
		"bytes=, lost=, duplicates=, in-order=, reordered=)");
	refused(TOPO AGENTS "expect srv received from=cli count=1 "
			    "in-order=yes within=1s\n",
		"t.scn:7: in-order=yes is not per-stream, all or no");
	refused(TOPO AGENTS "expect srv received from=cli count=1 "
			    "duplicates=-1 within=1s\n",
		"t.scn:7: duplicates=-1 is not a number");
	refused(TOPO AGENTS "expect srv received from=cli count=1 "
			    "order=per-stream within=1s\n",
		"t.scn:7: unknown key 'order' for expect (from, count, bytes, "
		"in-order, reordered, duplicates, lost, within, for, after)");
	refused(TOPO AGENTS "expect cli error=econnreset within=1s\n",
		"t.scn:7: error=econnreset is not an error code (e.g. "
		"ECONNRESET, ERR_SOCKET_CLOSED)");
	refused(TOPO AGENTS "expect cli error=ECONNRESET within=1s state=x\n",
		"t.scn:7: unknown key 'state' for expect (error, within, for, after)");
}

static int read_expect(const char *path, char *want, size_t len)
{
	static const char tag[] = "# expect: ";
	char line[1024];
	FILE *f = fopen(path, "re");
	int ok = 0;

	if (f == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) != NULL &&
	    strncmp(line, tag, sizeof(tag) - 1) == 0) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(want, len, "%s", line + sizeof(tag) - 1);
		ok = 1;
	}
	fclose(f);
	return ok;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_scn(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".scn") == 0;
}

/* A file of the repository, found from where this program is
 * (testbed/bin/unit), so that the tests run from any directory. */
static const char *repo_file(char *buf, size_t len, const char *rel)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;
	int i;

	if (n <= 0)
		goto fallback;
	buf[n] = '\0';
	for (i = 0; i < 3; i++) {
		slash = strrchr(buf, '/');
		if (slash == NULL)
			goto fallback;
		*slash = '\0';
	}
	if (strlen(buf) + strlen(rel) + 2 > len)
		goto fallback;
	strcat(buf, "/");
	strcat(buf, rel);
	return buf;
fallback:
	snprintf(buf, len, "../%s", rel);
	return buf;
}

/* Every scenarios/bad/X.scn fails with the message on its first line,
 * "# expect: X.scn:LINE: message". */
static void test_bad_files(void)
{
	const char *dir = getenv("TB_SCENARIOS_BAD");
	struct dirent **names;
	char path[4096], want[1024], err[1024], exe[4096];
	struct tb_script *s;
	int i, n, ret;

	tap_diag("script: scenarios/bad/*.scn");
	if (dir == NULL)
		dir = repo_file(exe, sizeof(exe), "scenarios/bad");
	n = scandir(dir, &names, is_scn, by_name);
	if (!tap_ok(n >= 10, "%s holds bad scripts (%d)", dir, n)) {
		if (n >= 0) {
			for (i = 0; i < n; i++)
				free(names[i]);
			free(names);
		}
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (!tap_ok(read_expect(path, want, sizeof(want)),
			    "%s starts with '# expect: '", names[i]->d_name)) {
			free(names[i]);
			continue;
		}
		s = NULL;
		ret = tb_script_parse_file(path, &s, err, sizeof(err));
		/* Messages name the file as given: compare from its base. */
		tap_ok(ret == -EINVAL && s == NULL, "%s is refused",
		       names[i]->d_name);
		tap_is_str(strncmp(err, dir, strlen(dir)) == 0 ?
				   err + strlen(dir) + 1 : err,
			   want, "%s: %s", names[i]->d_name, want);
		tb_script_free(s);
		free(names[i]);
	}
	free(names);
}

/* The example of scenarios/README.md, and every truncation of it: each
 * parses or fails with a file:line message, and nothing leaks (valgrind). */
static const char example[] =
	"# client ==a== server\n"
	"#        ==b==\n"
	"host client\n"
	"host server\n"
	"path a client=10.1.0.1/24,fd00:a::1/64 server=10.1.0.2/24,fd00:a::2/64\n"
	"path b client=10.2.0.1/24 server=10.2.0.2/24\n"
	"sysctl client net.sctp.hb_interval=500\n"
	"sysctl server net.sctp.hb_interval=500\n"
	"agent srv on server listen port=5000 addresses=a,b MIS=10 OS=10\n"
	"agent cli on client connect to=srv addresses=a,b OS=4\n"
	"expect cli event=connect within=5s\n"
	"send cli count=1000 size=64 streams=4 ppid=46 rate=500/s\n"
	"link down a\n"
	"expect cli notification=SCTP_PEER_ADDR_CHANGE state=SCTP_ADDR_UNREACHABLE address=server@a within=10s\n"
	"link up a\n"
	"expect cli peer-info address=server@a state=SCTP_ACTIVE within=10s\n"
	"netem b dir=client->server loss=10% delay=50ms jitter=5ms\n"
	"wait 2s\n"
	"netem b dir=client->server off\n"
	"expect srv received from=cli count=1000 bytes=64000 in-order=per-stream duplicates=0 lost=0 within=20s\n"
	"addr del b server=10.2.0.2/24\n"
	"expect cli address-change remoteAddresses!~=10.2.0.2 within=5s\n"
	"link down a\n"
	"expect cli error=ECONNRESET within=30s\n";

static void test_example(void)
{
	struct tb_script *s;
	char text[sizeof(example)], err[512];
	size_t n;
	int ret, bad = 0, good = 0;

	tap_diag("script: the README example");
	s = parses(example, "the README example");
	if (s != NULL) {
		tap_is_int(tb_script_nsteps(s), 22, "22 steps");
		tap_is_int(tb_script_nexpects(s), 6, "6 expectations");
		tb_script_free(s);
	}
	for (n = 0; n < sizeof(example) - 1; n++) {
		memcpy(text, example, n);
		text[n] = '\0';
		s = NULL;
		ret = tb_script_parse_string("t.scn", text, &s, err,
					     sizeof(err));
		if (ret == 0 && s != NULL)
			good++;
		else if (!(ret == -EINVAL && s == NULL &&
			   strncmp(err, "t.scn:", 6) == 0))
			bad++;
		tb_script_free(s);
	}
	tap_is_int(bad, 0, "every truncation parses or fails with file:line "
			   "(%d of %zu parse)", good, sizeof(example) - 1);
}

/* The first fenced block after the heading in scenarios/README.md, or NULL
 * (a TAP point says whether there is one). */
static char *readme_block(const char *heading)
{
	char path[4096], line[1024], *text = NULL;
	size_t len = 0, hlen = strlen(heading);
	int state = 0;	/* 0 before, 1 heading seen, 2 inside, 3 done */
	FILE *f, *mem;

	repo_file(path, sizeof(path), "scenarios/README.md");
	f = fopen(path, "re");
	if (!tap_ok(f != NULL, "%s is readable", path))
		return NULL;
	mem = open_memstream(&text, &len);
	while (mem != NULL && state < 3 && fgets(line, sizeof(line), f)) {
		if (state == 0 && strncmp(line, heading, hlen) == 0 &&
		    (line[hlen] == '\n' || line[hlen] == '\0'))
			state = 1;
		else if (state == 1 && strncmp(line, "```", 3) == 0)
			state = 2;
		else if (state == 2 && strncmp(line, "```", 3) == 0)
			state = 3;
		else if (state == 2)
			fputs(line, mem);
	}
	fclose(f);
	if (mem != NULL)
		fclose(mem);
	if (!tap_ok(state == 3 && text != NULL, "README: a block under '%s'",
		    heading)) {
		free(text);
		return NULL;
	}
	return text;
}

/* The example in scenarios/README.md (the first fenced block after
 * "## Example") parses; so do the kernel conditions of "## Kernel
 * differences", after a topology and agents, each with its condition. */
static void test_readme(void)
{
	struct tb_script *s;
	char *text, *full;
	unsigned int i, n = 0;

	text = readme_block("## Example");
	if (text != NULL) {
		s = parses(text, "the example of scenarios/README.md");
		tap_ok(s != NULL && tb_script_nexpects(s) >= 5,
		       "README example has expectations");
		tb_script_free(s);
	}
	free(text);
	text = readme_block("## Kernel differences");
	if (text == NULL || asprintf(&full, "%s%s%s", TOPO, AGENTS, text) < 0) {
		free(text);
		return;
	}
	s = parses(full, "the kernel conditions of scenarios/README.md");
	for (i = 0; s != NULL && i < tb_script_nsteps(s); i++)
		n += tb_script_step(s, i)->kernel.op != TB_KERNEL_ANY;
	tap_ok(s != NULL && n >= 3, "each of its steps has its condition (%u)", n);
	tb_script_free(s);
	free(full);
	free(text);
}

/* Excerpts of scenarios in a README (```scn file=NAME, the fence indented
 * or not): each line shown, other than "...", is a line of DIR/NAME, in the
 * same order. */
static void test_excerpts(const char *readme, const char *dir,
			  unsigned int min_blocks)
{
	char path[4096], scn[4096], line[1024], name[256], want[1024];
	unsigned int blocks = 0, lines = 0, missing = 0;
	size_t indent = 0;
	FILE *f, *s = NULL;

	repo_file(path, sizeof(path), readme);
	f = fopen(path, "re");
	if (!tap_ok(f != NULL, "%s is readable", path))
		return;
	while (fgets(line, sizeof(line), f)) {
		size_t lead = strspn(line, " ");
		const char *l = line + (lead < indent ? lead : indent);

		if (s == NULL &&
		    sscanf(line + lead, "```scn file=%255s", name) == 1) {
			indent = lead;
			snprintf(want, sizeof(want), "%s/%s", dir, name);
			repo_file(scn, sizeof(scn), want);
			s = fopen(scn, "re");
			if (!tap_ok(s != NULL, "%s: %s exists", readme, want))
				break;
			blocks++;
			continue;
		}
		if (s == NULL)
			continue;
		if (strncmp(l, "```", 3) == 0) {
			fclose(s);
			s = NULL;
			indent = 0;
			continue;
		}
		if (strcmp(l, "...\n") == 0)
			continue;
		lines++;
		/* Onwards from the last line found. */
		while (fgets(want, sizeof(want), s) && strcmp(want, l) != 0)
			;
		if (feof(s)) {
			missing++;
			tap_diag("%s: not in %s/%s (in order): %s", readme, dir,
				 name, l);
			rewind(s);
		}
	}
	if (s != NULL)
		fclose(s);
	fclose(f);
	tap_ok(blocks >= min_blocks, "%s: %u excerpts", readme, blocks);
	tap_is_int(missing, 0, "%s: all %u lines are their scenario's, "
		   "in order", readme, lines);
}

static void test_files(void)
{
	struct tb_script *s = (struct tb_script *)&s;
	char err[512];

	tap_diag("script: files");
	tap_is_int(tb_script_parse_file("/nonexistent/x.scn", &s, err,
					sizeof(err)),
		   -ENOENT, "a missing file is -ENOENT");
	tap_is_str(err, "/nonexistent/x.scn: No such file or directory",
		   "and says so");
	tap_ok(s == NULL, "no script on error");
	tb_script_free(NULL);
	tap_ok(1, "tb_script_free(NULL) is a no-op");
}

/* Messages never carry raw control bytes: what they quote of the script
 * (and the file's name) is escaped, \xHH and \\ (text.h). */
static void test_escapes(void)
{
	struct tb_script *s = (struct tb_script *)&s;
	char buf[16], err[512];
	size_t n;

	tap_diag("script: quoted text is escaped");
	n = tb_escape(buf, sizeof(buf), "a\033[2J\\\t\xc3\xa9");
	tap_is_str(buf, "a\\x1b[2J\\\\\\x09",
		   "ESC, backslash, tab; cut between escapes");
	tap_is_int((int)n, 22, "the whole length is returned");
	tap_is_int((int)tb_escape(buf, sizeof(buf), "plain 'text'"), 12,
		   "printable ASCII is kept");
	tap_is_str(buf, "plain 'text'", "quotes are kept");
	n = tb_escapen(buf, sizeof(buf), "a\0b", 3);
	tap_is_str(buf, "a\\x00b", "a NUL among n bytes is escaped");
	tap_is_int((int)tb_escape(buf, 0, "abc"), 3, "len 0 writes nothing");
	tb_escape(buf, 4, "ab\001");
	tap_is_str(buf, "ab", "an escape that does not fit is left out whole");

	refused("host client\nlnk\033[2J\033[31m down a\n",
		"t.scn:2: unknown verb 'lnk\\x1b[2J\\x1b[31m'");
	refused("host client\nhost server\npath a client=10.1.0.1/24 "
		"server=10.1.0.2/24\nlink down \x9b" "31m\n",
		"t.scn:4: path '\\x9b31m' is not declared");
	refused("host cli\xc3\xa9nt\n",
		"t.scn:1: bad host name 'cli\\xc3\\xa9nt' (a letter, then "
		"letters, digits, '_' or '-'; at most 31)");
	refused("host client\nwait 1s x\\y=1\r\n",
		"t.scn:2: unknown key 'x\\\\y' for wait (none)");
	tb_script_parse_string("t\033]0;owned\007.scn", "host client\nbad\n",
			       &s, err, sizeof(err));
	tap_is_str(err, "t\\x1b]0;owned\\x07.scn:2: unknown verb 'bad'",
		   "the file's name is escaped");
	tb_script_free(s);
	tap_is_int(tb_script_parse_file("/nonexistent/\033[2J.scn", &s, err,
					sizeof(err)),
		   -ENOENT, "a missing file with ESC in its name");
	tap_is_str(err, "/nonexistent/\\x1b[2J.scn: No such file or directory",
		   "and its name is escaped");
}

void test_script_errors(void)
{
	test_errors();
	test_example();
	test_readme();
	test_excerpts("scenarios/README.md", "scenarios", 6);
	test_excerpts("testbed/README.md", "testbed", 1);
	test_files();
	test_escapes();
	test_bad_files();
}
