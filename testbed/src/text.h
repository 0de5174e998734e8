/* text.h - user-supplied text made safe to print.
 *
 * A message that quotes a script, a file name, a command-line argument or
 * an agent's output is printed with every byte outside printable ASCII
 * (0x20-0x7e) written as \xHH (C-style, two lowercase hex digits) and a
 * backslash as \\, so that it stays one line of plain ASCII and never
 * carries a terminal's control sequences: a verb "lnk" followed by ESC [2J
 * is reported as 'lnk\x1b[2J'.  Quotes are left as they are.
 */
#ifndef TB_TEXT_H
#define TB_TEXT_H

#include <stddef.h>

/* Escape the n bytes at src into dst (len bytes, NUL-terminated when
 * len > 0).  An escape is never cut in half: what does not fit whole is
 * left out.  Returns the length the whole escaped text has (as snprintf:
 * len or more means it was cut). */
size_t tb_escapen(char *dst, size_t len, const char *src, size_t n);

/* The same for a NUL-terminated string. */
size_t tb_escape(char *dst, size_t len, const char *src);

/* Room for any text of n bytes escaped, with its NUL. */
#define TB_ESCAPED_MAX(n) (4 * (n) + 1)

#endif
