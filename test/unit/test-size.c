// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of ccan/util/size: size_parse() and size_human(). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "ccan/util/size.h"

static int failures;

static void check_parse(const char *in, unsigned long long want)
{
	unsigned long long got = size_parse(in);

	if (got != want) {
		fprintf(stderr, "size_parse(\"%s\") = %#llx, want %#llx\n", in, got, want);
		failures++;
	}
}

static void check_human(unsigned long long in, const char *want)
{
	char buf[64];

	size_human(in, buf, sizeof(buf));
	if (strcmp(buf, want)) {
		fprintf(stderr, "size_human(%llu) = \"%s\", want \"%s\"\n", in, buf, want);
		failures++;
	}
}

int main(void)
{
	check_parse("0", 0);
	check_parse("", 0);
	check_parse("4096", 4096);
	check_parse("0x1000", 4096);
	check_parse("010", 8);
	check_parse("1k", SZ_1K);
	check_parse("1K", SZ_1K);
	check_parse("256m", 256 * SZ_1M);
	check_parse("256M", 256 * SZ_1M);
	check_parse("2g", 2 * SZ_1G);
	check_parse("2G", 2 * SZ_1G);
	check_parse("3t", 3 * SZ_1T);
	check_parse("3T", 3 * SZ_1T);
	check_parse("0x10M", 16 * SZ_1M);
	check_parse("1GB", ULLONG_MAX);
	check_parse("1x", ULLONG_MAX);
	check_parse("abc", ULLONG_MAX);
	check_parse("12 ", ULLONG_MAX);
	check_parse("-1", ULLONG_MAX);
	check_parse("18446744073709551615", ULLONG_MAX);
	check_parse("99999999999999999999", ULLONG_MAX);
	check_parse("16777216T", ULLONG_MAX);	/* 2^24 TiB = 2^64: overflow */
	check_parse("16777215T", 16777215ULL * SZ_1T);
	check_parse(NULL, ULLONG_MAX);

	check_human(0, "0");
	check_human(4096, "4096");
	check_human(5000 * SZ_1K - 1, "5119999");
	check_human(5000 * SZ_1K, "4.88 MiB (5.12 MB)");
	check_human(SZ_1G, "1024.00 MiB (1073.74 MB)");
	check_human(2 * SZ_1G - 1, "2048.00 MiB (2147.48 MB)");
	check_human(2 * SZ_1G, "2.00 GiB (2.15 GB)");
	check_human(3 * SZ_1G / 2 * 3, "4.50 GiB (4.83 GB)");
	check_human(2 * SZ_1T, "2.00 TiB (2.20 TB)");
	/* halfway values round up, as upstream does */
	check_human(2 * SZ_1G + 128 * SZ_1M, "2.13 GiB (2.28 GB)");
	check_human(2 * SZ_1T + 128 * SZ_1G, "2.13 TiB (2.34 TB)");
	check_human(100 * SZ_1M + 128 * SZ_1K, "100.13 MiB (104.99 MB)");
	check_human(2 * SZ_1T - 2 * SZ_1M, "2048.00 GiB (2199.02 GB)");
	check_human(ULLONG_MAX, "16777216.00 TiB (18446744.07 TB)");

	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
