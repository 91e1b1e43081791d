/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Command line options for the daxctl subcommands. One table describes the
 * options of a command: the parser reads it, and the usage text printed by
 * `-h` and after every option error is generated from it.
 *
 *	const struct option options[] = {
 *		OPT_STRING('r', "region", &region, "region-id", "filter by region"),
 *		OPT_BOOLEAN('u', "human", &human, "use human friendly number formats"),
 *		OPT_END(),
 *	};
 *	argc = parse_options(argc, argv, options, usage, 0);
 *
 * Behaviour (that of upstream daxctl's parser): short switches cluster
 * (`-RDM`) and take their value attached or from the next argument; long
 * options take `--name=value` or `--name value`, may be abbreviated to any
 * unique prefix and negated with `--no-name`; `--` ends the options;
 * non-options are collected and returned in argv[0..ret). `-h`/`--help`
 * print the usage and exit 129, `--list-opts` prints the long option names
 * and exits 130; any error prints "  Error: ..." and the usage, exit 129.
 */
#ifndef _DAXCTL_PARSE_OPTIONS_H_
#define _DAXCTL_PARSE_OPTIONS_H_

#include <stdbool.h>
#include <stdint.h>

enum parse_opt_type {
	OPTION_END,
	OPTION_GROUP,		/* a heading in the usage text */
	OPTION_BOOLEAN,		/* bool: set true, --no-x sets false */
	OPTION_INCR,		/* int: incremented, --no-x resets to 0 */
	OPTION_STRING,		/* const char *: the argument (NULL when negated) */
	OPTION_INTEGER,		/* int: strtol(3) base 0 */
	OPTION_U64,		/* unsigned long long: strtoull(3) base 0 */
	OPTION_CALLBACK,	/* callback(opt, arg or NULL, unset) */
};

enum parse_opt_flags {
	PARSE_OPT_KEEP_DASHDASH = 1 << 0,	/* leave "--" in the result */
	PARSE_OPT_STOP_AT_NON_OPTION = 1 << 1,	/* first non-option ends parsing */
};

enum parse_opt_option_flags {
	PARSE_OPT_OPTARG = 1 << 0,	/* value optional (only attached) */
	PARSE_OPT_NOARG = 1 << 1,	/* callback takes no value */
	PARSE_OPT_NONEG = 1 << 2,	/* no --no-x form */
	PARSE_OPT_HIDDEN = 1 << 3,	/* not in the usage text */
};

struct option;
typedef int parse_opt_cb(const struct option *opt, const char *arg, int unset);

struct option {
	enum parse_opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;	/* name of the argument in the usage text */
	const char *help;
	int flags;		/* enum parse_opt_option_flags */
	parse_opt_cb *callback;
	intptr_t defval;	/* OPTARG value when none is given */
};

#define OPT_END()		{ .type = OPTION_END }
#define OPT_GROUP(h)		{ .type = OPTION_GROUP, .help = (h) }
#define OPT_BOOLEAN(s, l, v, h) \
	{ .type = OPTION_BOOLEAN, .short_name = (s), .long_name = (l), \
	  .value = (v) + 0 * sizeof(*(v) == true), .help = (h) }
#define OPT_INCR(s, l, v, h) \
	{ .type = OPTION_INCR, .short_name = (s), .long_name = (l), \
	  .value = (v) + 0 * sizeof(*(v) == 1), .help = (h) }
#define OPT_STRING(s, l, v, a, h) \
	{ .type = OPTION_STRING, .short_name = (s), .long_name = (l), \
	  .value = (v), .argh = (a), .help = (h) }
#define OPT_FILENAME(s, l, v, a, h) OPT_STRING(s, l, v, a, h)
#define OPT_INTEGER(s, l, v, h) \
	{ .type = OPTION_INTEGER, .short_name = (s), .long_name = (l), \
	  .value = (v), .argh = "n", .help = (h) }
#define OPT_U64(s, l, v, h) \
	{ .type = OPTION_U64, .short_name = (s), .long_name = (l), \
	  .value = (v), .argh = "n", .help = (h) }
#define OPT_CALLBACK(s, l, v, a, h, f) \
	{ .type = OPTION_CALLBACK, .short_name = (s), .long_name = (l), \
	  .value = (v), .argh = (a), .help = (h), .callback = (f) }
#define OPT_CALLBACK_NOOPT(s, l, v, a, h, f) \
	{ .type = OPTION_CALLBACK, .short_name = (s), .long_name = (l), \
	  .value = (v), .argh = (a), .help = (h), .callback = (f), \
	  .flags = PARSE_OPT_NOARG }

/*
 * parse_options - parse argv[1..argc) (argv[0] is the command name) against
 * @options. Returns the number of non-option arguments left, moved to
 * argv[0..ret) (argv[ret] is set to NULL). Exits on errors and on -h.
 */
int parse_options(int argc, const char **argv, const struct option *options,
		const char * const usagestr[], int flags);

/* Print the full usage text to stderr and exit(129). */
void usage_with_options(const char * const usagestr[],
		const struct option *options) __attribute__((noreturn));

/* "  Error: <fmt>\n" to stderr; returns -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "  Warning: <fmt>\n" to stderr. */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
