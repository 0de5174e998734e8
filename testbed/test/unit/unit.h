/* unit.h - the unit test groups, one file each. */
#ifndef TB_UNIT_H
#define TB_UNIT_H

#include "tap.h"

void test_prefix(void);
void test_names(void);
void test_netem(void);
void test_extack(void);
void test_sysctl(void);
void test_script(void);
void test_script_errors(void);
void test_language(void);
void test_can_happen(void);
void test_reach(void);
void test_traffic(void);
void test_expect(void);
void test_agent(void);
void test_snmp_file(void);
void test_kernel_cond(void);

#endif
