// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "size.h"

unsigned long long size_parse(const char *str)
{
	unsigned long long val, shifted;
	unsigned int shift = 0;
	char *end;

	if (!str)
		return ULLONG_MAX;
	errno = 0;
	val = strtoull(str, &end, 0);
	if (val == ULLONG_MAX)
		return ULLONG_MAX;
	switch (*end) {
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	case 't': case 'T':
		shift = 40;
		break;
	case '\0':
		return val;
	default:
		return ULLONG_MAX;
	}
	if (end[1] != '\0')
		return ULLONG_MAX;
	shifted = val << shift;
	if (shifted >> shift != val)
		return ULLONG_MAX;
	return shifted;
}

char *size_human(unsigned long long bytes, char *buf, unsigned long len)
{
	static const struct {
		unsigned long long limit, iec;
		double si;
		const char *iec_unit, *si_unit;
	} units[] = {
		{ 2 * SZ_1G, SZ_1M, 1e6, "MiB", "MB" },
		{ 2 * SZ_1T, SZ_1G, 1e9, "GiB", "GB" },
		{ ULLONG_MAX, SZ_1T, 1e12, "TiB", "TB" },
	};
	unsigned int i;

	if (bytes < 5000 * SZ_1K) {
		snprintf(buf, len, "%llu", bytes);
		return buf;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]) - 1; i++)
		if (bytes < units[i].limit)
			break;
	snprintf(buf, len, "%.2f %s (%.2f %s)",
			(double)bytes / (double)units[i].iec, units[i].iec_unit,
			(double)bytes / units[i].si, units[i].si_unit);
	return buf;
}
