/* test_netem.c - netem's arithmetic: ticks, probabilities, and parsing. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "qdisc.h"
#include "unit.h"

static void time_is(const char *s, uint32_t want)
{
	uint32_t got = 0;
	int err = tb_parse_time(s, &got);

	tap_ok(err == 0 && got == want, "time '%s' is %u us", s, want);
}

static void time_refused(const char *s, int want)
{
	uint32_t got;

	tap_is_int(tb_parse_time(s, &got), want, "time '%s' is refused", s);
}

static void percent_is(const char *s, double want)
{
	double got = -1;
	int err = tb_parse_percent(s, &got);

	tap_ok(err == 0 && got == want, "percent '%s' is %g", s, want);
}

static void percent_refused(const char *s, int want)
{
	double got;

	tap_is_int(tb_parse_percent(s, &got), want, "percent '%s' is refused",
		   s);
}

void test_netem(void)
{
	char *words[] = { "loss", "10%", "delay", "50ms", "jitter", "5ms" };
	char *jitter_only[] = { "jitter", "5ms" };
	char *dangling[] = { "delay", "50ms", "loss" };
	char *unknown[] = { "rate", "1mbit" };
	char *zero_limit[] = { "limit", "0" };
	char *bad_delay[] = { "delay", "50 ms" };
	char msg[128];
	struct tb_netem ne;
	double tick = 0;

	tap_diag("psched and ticks");
	tap_is_int(tb_psched_parse("000003e8 00000040 000f4240 3b9aca00\n",
				   &tick), 0, "psched of a modern kernel parses");
	tap_ok(tick == 15.625, "a tick is 1/15.625 us (64 ns)");
	tap_is_int(tb_psched_parse("00000001 00000001 3b9aca00 3b9aca00",
				   &tick), 0, "psched of a ns-clock kernel parses");
	tap_ok(tick == 1000.0, "ns clock: t2us taken as us2t, 1000 ticks/us");
	tap_is_int(tb_psched_parse("garbage", &tick), -EINVAL,
		   "psched garbage is refused");
	tap_is_int(tb_psched_parse("000003e8 00000000 000f4240 0", &tick),
		   -EINVAL, "psched with us2t 0 is refused");

	tap_is_int(tb_netem_ticks(50000, 15.625), 781250, "50 ms is 781250 ticks");
	tap_is_int(tb_netem_ticks(5000, 15.625), 78125, "5 ms is 78125 ticks");
	tap_is_int(tb_netem_ticks(0, 15.625), 0, "0 is 0 ticks");
	tap_is_int(tb_netem_ticks(UINT32_MAX, 15.625), UINT32_MAX,
		   "ticks saturate at UINT32_MAX");

	tap_diag("probabilities");
	tap_is_int(tb_netem_prob(10), 429496730, "10%% is 429496730");
	tap_is_int(tb_netem_prob(50), 2147483648LL, "50%% is 2^31");
	tap_is_int(tb_netem_prob(0.5), 21474836, "0.5%% is 21474836");
	tap_is_int(tb_netem_prob(0), 0, "0%% is 0");
	tap_is_int(tb_netem_prob(100), UINT32_MAX, "100%% is UINT32_MAX");
	tap_is_int(tb_netem_prob(-1), 0, "below 0%% is 0");

	tap_diag("times and percentages");
	time_is("50ms", 50000);
	time_is("1.5s", 1500000);
	time_is("200us", 200);
	time_is("7msec", 7000);
	time_is("2sec", 2000000);
	time_is("100", 100);
	time_is("0.5ms", 500);
	time_refused("ms", -EINVAL);
	time_refused("-5ms", -EINVAL);
	time_refused("5 ms", -EINVAL);
	time_refused("5xs", -EINVAL);
	time_refused("0x10ms", -EINVAL);
	time_refused("1e3ms", -EINVAL);
	time_refused("1.2.3ms", -EINVAL);
	time_refused("4295s", -ERANGE);
	percent_is("10%", 10);
	percent_is("0.5%", 0.5);
	percent_is("100%", 100);
	percent_is("10", 10);
	percent_refused("101%", -ERANGE);
	percent_refused("10%%", -EINVAL);
	percent_refused("-1%", -EINVAL);
	percent_refused("", -EINVAL);
	percent_refused("nan", -EINVAL);

	tap_diag("netem words");
	tap_is_int(tb_netem_parse(6, words, &ne, msg, sizeof(msg)), 0,
		   "loss 10%% delay 50ms jitter 5ms parses");
	tap_ok(ne.loss == 10 && ne.delay_us == 50000 && ne.jitter_us == 5000 &&
	       ne.limit == 0, "loss, delay and jitter are set, limit default");
	tap_is_int(tb_netem_parse(0, words, &ne, msg, sizeof(msg)), 0,
		   "no words: no impairment");
	tap_is_int(tb_netem_parse(2, jitter_only, &ne, msg, sizeof(msg)),
		   -EINVAL, "jitter without delay is refused");
	tap_is_str(msg, "jitter needs a delay", "... and says why");
	tap_is_int(tb_netem_parse(3, dangling, &ne, msg, sizeof(msg)), -EINVAL,
		   "a word without value is refused");
	tap_is_str(msg, "'loss' needs a value", "... and names it");
	tap_is_int(tb_netem_parse(2, unknown, &ne, msg, sizeof(msg)), -EINVAL,
		   "an unknown word is refused");
	tap_ok(strstr(msg, "'rate'") != NULL, "... and names it");
	tap_is_int(tb_netem_parse(2, zero_limit, &ne, msg, sizeof(msg)),
		   -EINVAL, "limit 0 is refused");
	tap_is_int(tb_netem_parse(2, bad_delay, &ne, msg, sizeof(msg)), -EINVAL,
		   "a bad delay is refused");
	tap_is_str(msg, "bad delay '50 ms'", "... and quoted");
}
