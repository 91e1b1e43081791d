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

/* @bytes / @unit with two decimals, rounded half up: "<int>.<hundredths>" */
static int fixed2(char *buf, unsigned long len, unsigned long long bytes,
		unsigned long long unit)
{
	unsigned long long whole = bytes / unit;
	unsigned long long hundredths = ((bytes % unit) * 100 + unit / 2) / unit;

	if (hundredths == 100) {
		whole++;
		hundredths = 0;
	}
	return snprintf(buf, len, "%llu.%02llu", whole, hundredths);
}

char *size_human(unsigned long long bytes, char *buf, unsigned long len)
{
	static const struct {
		unsigned long long limit, iec, si;
		const char *iec_unit, *si_unit;
	} units[] = {
		{ 2 * SZ_1G, SZ_1M, 1000000ULL, "MiB", "MB" },
		{ 2 * SZ_1T, SZ_1G, 1000000000ULL, "GiB", "GB" },
		{ ULLONG_MAX, SZ_1T, 1000000000000ULL, "TiB", "TB" },
	};
	char iec[32], si[32];
	unsigned int i;

	if (bytes < 5000 * SZ_1K) {
		snprintf(buf, len, "%llu", bytes);
		return buf;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]) - 1; i++)
		if (bytes < units[i].limit)
			break;
	fixed2(iec, sizeof(iec), bytes, units[i].iec);
	fixed2(si, sizeof(si), bytes, units[i].si);
	snprintf(buf, len, "%s %s (%s %s)", iec, units[i].iec_unit, si, units[i].si_unit);
	return buf;
}
