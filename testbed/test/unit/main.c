/* main.c - the testbed's pure unit tests: no root, no kernel features. */
#include <stdio.h>

#include "unit.h"

int main(void)
{
	printf("TAP version 13\n");
	test_prefix();
	test_names();
	test_netem();
	test_extack();
	test_sysctl();
	test_script();
	test_script_errors();
	test_language();
	test_can_happen();
	test_reach();
	test_traffic();
	test_expect();
	test_agent();
	test_snmp_file();
	test_kernel_cond();
	return tap_done();
}
