/* The kernel's tick rate (HZ), found at run time, for the few values the
 * kernel's SCTP reports in raw jiffies: struct sctp_paddrinfo's
 * spinfo_srtt (SCTP_STATUS, SCTP_GET_PEER_ADDR_INFO), which Linux copies
 * from the transport as is while it converts spinfo_rto to ms.
 *
 * Plain C, no Node-API. */
#ifndef LKSCTP_JIFFIES_H
#define LKSCTP_JIFFIES_H

#include <stdint.h>

/* HZ of the running kernel, measured once (then cached): SO_RCVTIMEO is
 * kept in jiffies, so setting it to 1 us stores one jiffy (the kernel
 * rounds up) and reading it back gives 1000000 / HZ us. Works on any
 * socket, unprivileged, with or without SCTP. Returns HZ, or -errno when
 * it could not be measured. */
int lk_kernel_hz(void);

/* HZ from the microseconds that one jiffy reads back as (the measurement
 * above, apart for tests): the nearest whole rate, or -EINVAL. */
int lk_hz_from_tick_us(long us);

/* jiffies to ms as the kernel's jiffies_to_msecs() does (rounding up),
 * at the given HZ. */
uint32_t lk_jiffies_to_ms(uint32_t jiffies, int hz);

#endif
