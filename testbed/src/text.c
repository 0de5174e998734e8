/* text.c - user-supplied text made safe to print (see text.h). */
#include <string.h>

#include "text.h"

size_t tb_escapen(char *dst, size_t len, const char *src, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, need = 0, used = 0, w;
	int cut = 0;
	char e[4];

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c == '\\') {
			e[0] = '\\';
			e[1] = '\\';
			w = 2;
		} else if (c >= 0x20 && c < 0x7f) {
			e[0] = (char)c;
			w = 1;
		} else {
			e[0] = '\\';
			e[1] = 'x';
			e[2] = hex[c >> 4];
			e[3] = hex[c & 0xf];
			w = 4;
		}
		/* Whole escapes only, and nothing after one left out. */
		if (!cut && used + w < len) {
			memcpy(dst + used, e, w);
			used += w;
		} else {
			cut = 1;
		}
		need += w;
	}
	if (len > 0)
		dst[used] = '\0';
	return need;
}

size_t tb_escape(char *dst, size_t len, const char *src)
{
	return tb_escapen(dst, len, src, strlen(src));
}
