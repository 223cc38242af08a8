/*
 * fuzz_msgfmt.c: message strings: parse, render with inserts that
 * echo their number, and title against a small field list.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "model.h"
#include "msgfmt.h"

static int
S_insert(struct ecat_buf *out, const struct ecat_msgfmt *m,
    const struct ecat_mftok *t, void *arg)
{
	(void)m;
	(void)arg;
	ecat_buf_printf(out, "<%u>", (unsigned)t->n);
	return (t->n % 3) == 0 ? -1 : 0;
}

static int
S_param(struct ecat_buf *out, uint32_t id, void *arg)
{
	(void)arg;
	ecat_buf_printf(out, "{%u}", id);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ecat_field	 f[3];
	struct ecat_msgfmt	*m;
	struct ecat_buf		 b;

	memset(f, 0, sizeof(f));
	f[0].name = "PID";
	f[1].name = "";
	f[2].name = "size";
	m = ecat_msgfmt_parse((const char *)data, size);
	if (m == NULL)
		return 0;
	ecat_buf_init(&b);
	ecat_msgfmt_render(m, &b, 0, S_insert, S_param, NULL);
	ecat_msgfmt_render(m, &b, ECAT_MF_LF, NULL, NULL, NULL);
	ecat_msgfmt_title(m, &b, f, 3, ECAT_MF_SENTENCE);
	ecat_msgfmt_title(m, &b, f, 3, ECAT_MF_ONELINE);
	(void)ecat_msgfmt_maxinsert(m);
	ecat_buf_free(&b);
	ecat_msgfmt_free(m);
	return 0;
}
