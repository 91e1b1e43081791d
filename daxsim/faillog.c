// SPDX-License-Identifier: GPL-2.0-or-later
/* --fail (inject errors into sysfs writes), --delay (slow them down), --log (record every write). */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

struct fail { unsigned long nth; char *glob; int err; };
static struct fail *fails;
static size_t nfails;
struct delay { char *glob; unsigned int ms; };
static struct delay *delays;
static size_t ndelays;
static FILE *logf;
static unsigned long seq;

int faillog_add_fail(const char *spec)
{
	const char *colon = strrchr(spec, ':');
	struct fail f = { 0 };
	char *end;

	if (!colon || colon == spec || !colon[1]) {
		fprintf(stderr, "daxsim: --fail '%s': want N:ERRNO or GLOB:ERRNO\n", spec);
		return -EINVAL;
	}
	f.err = errno_parse(colon + 1);
	if (f.err < 0) {
		fprintf(stderr, "daxsim: --fail '%s': unknown errno '%s'\n", spec, colon + 1);
		return -EINVAL;
	}
	f.nth = strtoul(spec, &end, 10);
	if (end != colon || spec[0] == '-' || spec[0] == '+') {
		f.nth = 0;
		f.glob = strndup(spec, colon - spec);
		if (f.glob[0] != '/' && f.glob[0] != '*') {
			fprintf(stderr, "daxsim: --fail '%s': the glob must match absolute paths (/sys/...)\n", spec);
			free(f.glob);
			return -EINVAL;
		}
	} else if (!f.nth) {
		fprintf(stderr, "daxsim: --fail '%s': writes are counted from 1\n", spec);
		return -EINVAL;
	}
	fails = realloc(fails, (nfails + 1) * sizeof(*fails));
	fails[nfails++] = f;
	return 0;
}

int faillog_add_delay(const char *spec)
{
	const char *colon = strrchr(spec, ':');
	struct delay d = { 0 };
	unsigned long ms;
	char *end;

	if (!colon || colon == spec || !colon[1]) {
		fprintf(stderr, "daxsim: --delay '%s': want GLOB:MS\n", spec);
		return -EINVAL;
	}
	errno = 0;
	ms = strtoul(colon + 1, &end, 10);
	if (errno || *end || !isdigit((unsigned char)colon[1]) || ms < 1 || ms > 60000) {
		fprintf(stderr, "daxsim: --delay '%s': MS must be a number of milliseconds from 1 to 60000\n",
			spec);
		return -EINVAL;
	}
	if (spec[0] != '/' && spec[0] != '*') {
		fprintf(stderr, "daxsim: --delay '%s': the glob must match absolute paths (/sys/...)\n", spec);
		return -EINVAL;
	}
	d.glob = strndup(spec, colon - spec);
	d.ms = (unsigned int)ms;
	delays = realloc(delays, (ndelays + 1) * sizeof(*delays));
	delays[ndelays++] = d;
	return 0;
}

unsigned int faillog_delay(const char *path)
{
	unsigned int ms = 0;

	for (size_t i = 0; i < ndelays; i++)
		if (!fnmatch(delays[i].glob, path, 0) && delays[i].ms > ms)
			ms = delays[i].ms;
	return ms;
}

int faillog_open_log(const char *path)
{
	logf = fopen(path, "we");
	if (!logf) {
		fprintf(stderr, "daxsim: --log %s: %s\n", path, strerror(errno));
		return -errno;
	}
	setvbuf(logf, NULL, _IOLBF, 0);
	return 0;
}

int faillog_check(const char *path, unsigned long *out_seq)
{
	*out_seq = ++seq;
	for (size_t i = 0; i < nfails; i++) {
		if (fails[i].nth && fails[i].nth == seq)
			return -fails[i].err;
		if (fails[i].glob && !fnmatch(fails[i].glob, path, 0))
			return -fails[i].err;
	}
	return 0;
}

void faillog_record(unsigned long s, const char *path, const char *buf, size_t len, ssize_t res)
{
	if (!logf)
		return;
	fprintf(logf, "%lu %s \"", s, path);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = buf[i];

		switch (c) {
		case '\n': fputs("\\n", logf); break;
		case '\t': fputs("\\t", logf); break;
		case '\r': fputs("\\r", logf); break;
		case '"': fputs("\\\"", logf); break;
		case '\\': fputs("\\\\", logf); break;
		default:
			if (c < 32 || c >= 127)
				fprintf(logf, "\\%03o", c);
			else
				fputc(c, logf);
		}
	}
	fprintf(logf, "\" %s\n", res >= 0 ? "ok" : errno_name((int)-res));
}
