/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Size strings as daxctl's command line takes them. */
#ifndef _CCAN_UTIL_SIZE_H_
#define _CCAN_UTIL_SIZE_H_

#include <limits.h>

#define SZ_1K 0x400ULL
#define SZ_1M 0x100000ULL
#define SZ_1G 0x40000000ULL
#define SZ_1T 0x10000000000ULL

/*
 * size_parse - parse "<number>[kKmMgGtT]" into bytes.
 * The number is read as strtoull(3) with base 0 (decimal, 0x hex, 0 octal);
 * the optional single suffix multiplies by 2^10, 2^20, 2^30 or 2^40.
 * Returns ULLONG_MAX for anything malformed (trailing garbage, unknown
 * suffix, overflow, a negative number), like upstream daxctl.
 */
unsigned long long size_parse(const char *str);

/*
 * size_human - format @bytes the way `daxctl list -u` does:
 * below 5000 KiB the bare decimal number, else "X.XX MiB (Y.YY MB)" below
 * 2 GiB, "X.XX GiB (Y.YY GB)" below 2 TiB, "X.XX TiB (Y.YY TB)" above.
 * Writes at most @len bytes (NUL included) to @buf; returns @buf.
 */
char *size_human(unsigned long long bytes, char *buf, unsigned long len);

#endif
