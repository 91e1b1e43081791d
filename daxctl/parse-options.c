// SPDX-License-Identifier: GPL-2.0-or-later
/* Option table parser and usage printer (see parse-options.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccan/util/strutil.h"
#include "parse-options.h"

#define USAGE_OPTS_WIDTH 24
#define USAGE_GAP 2

enum {
	PO_OK = 0,
	PO_ERROR = -1,		/* message printed; show the option's usage */
	PO_UNKNOWN = -2,
	PO_HELP = -3,
	PO_AMBIGUOUS = -4,	/* message printed; usage without options */
};

struct po_state {
	const char **argv;	/* remaining arguments */
	int argc;
	const char *attached;	/* value glued to the option, or NULL */
	bool has_attached;
	const char **out;	/* collected non-options */
	int nout;
};

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("  Error: ", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("  Warning: ", fmt, ap);
	va_end(ap);
}

static bool takes_argument(const struct option *opt)
{
	switch (opt->type) {
	case OPTION_STRING:
	case OPTION_INTEGER:
	case OPTION_U64:
		return true;
	case OPTION_CALLBACK:
		return !(opt->flags & PARSE_OPT_NOARG);
	default:
		return false;
	}
}

static void print_option(const struct option *opt)
{
	int pos;

	if (opt->flags & PARSE_OPT_HIDDEN)
		return;
	if (opt->type == OPTION_GROUP) {
		fputc('\n', stderr);
		if (opt->help && *opt->help)
			fprintf(stderr, "%s\n", opt->help);
		return;
	}
	pos = fprintf(stderr, "    ");
	if (opt->short_name)
		pos += fprintf(stderr, "-%c", opt->short_name);
	else
		pos += fprintf(stderr, "    ");
	if (opt->long_name && opt->short_name)
		pos += fprintf(stderr, ", ");
	if (opt->long_name)
		pos += fprintf(stderr, "--%s", opt->long_name);
	if (takes_argument(opt)) {
		const char *argh = opt->argh ? opt->argh : "...";

		if (opt->flags & PARSE_OPT_OPTARG)
			pos += fprintf(stderr, opt->long_name ? "[=<%s>]" : "[<%s>]", argh);
		else
			pos += fprintf(stderr, " <%s>", argh);
	}
	if (pos <= USAGE_OPTS_WIDTH)
		fprintf(stderr, "%*s", USAGE_OPTS_WIDTH + USAGE_GAP - pos, "");
	else
		fprintf(stderr, "\n%*s", USAGE_OPTS_WIDTH + USAGE_GAP, "");
	fprintf(stderr, "%s\n", opt->help ? opt->help : "");
}

static void print_usage_head(const char * const *usagestr, const struct option *options)
{
	fprintf(stderr, "\n usage: %s\n", *usagestr++);
	for (; *usagestr && **usagestr; usagestr++)
		fprintf(stderr, "    or: %s\n", *usagestr);
	for (; *usagestr; usagestr++)
		fprintf(stderr, "%s%s\n", **usagestr ? "    " : "", *usagestr);
	if (options->type != OPTION_GROUP)
		fputc('\n', stderr);
}

void usage_with_options(const char * const usagestr[], const struct option *options)
{
	print_usage_head(usagestr, options);
	for (; options->type != OPTION_END; options++)
		print_option(options);
	fputc('\n', stderr);
	exit(129);
}

/* After an error about one option: the usage line and that option only. */
static void __attribute__((noreturn)) usage_for_option(const char * const *usagestr,
		const struct option *options, const char *optstr, bool is_short)
{
	print_usage_head(usagestr, options);
	for (; options->type != OPTION_END; options++) {
		if (is_short) {
			if (optstr && options->short_name == *optstr) {
				print_option(options);
				break;
			}
			continue;
		}
		if (!options->long_name || !optstr)
			continue;
		if (strstarts(optstr, options->long_name) ||
				(strstarts(optstr, "no-") &&
				 strstarts(optstr + 3, options->long_name))) {
			print_option(options);
			break;
		}
	}
	exit(129);
}

static int option_error(const struct option *opt, bool is_short, bool unset, const char *what)
{
	if (is_short)
		return error("switch `%c' %s", opt->short_name, what);
	return error("option `%s%s' %s", unset ? "no-" : "", opt->long_name, what);
}

/* Take the option's value: attached, else the next argument. */
static int fetch_arg(struct po_state *st, const struct option *opt, bool is_short,
		const char **arg)
{
	if (st->has_attached) {
		*arg = st->attached;
		st->has_attached = false;
		return PO_OK;
	}
	if (opt->flags & PARSE_OPT_OPTARG) {
		*arg = NULL;
		return PO_OK;
	}
	if (st->argc > 2) {
		st->argc--;
		st->argv++;
		*arg = st->argv[1];
		return PO_OK;
	}
	return option_error(opt, is_short, false, "requires a value");
}

/* OPTION_INTEGER and OPTION_U64: 0 when unset, the default without an argument. */
static int set_number(struct po_state *st, const struct option *opt, bool is_short, bool unset)
{
	bool is_int = opt->type == OPTION_INTEGER;
	const char *arg = NULL;
	char *end;
	int rc;

	if (!unset) {
		rc = fetch_arg(st, opt, is_short, &arg);
		if (rc)
			return rc;
	}
	if (unset || !arg) {
		if (is_int)
			*(int *)opt->value = unset ? 0 : (int)opt->defval;
		else
			*(unsigned long long *)opt->value =
				unset ? 0 : (unsigned long long)opt->defval;
		return PO_OK;
	}
	errno = 0;
	if (is_int) {
		long v = strtol(arg, &end, 0);

		if (*arg && !*end && !errno && v >= INT_MIN && v <= INT_MAX) {
			*(int *)opt->value = (int)v;
			return PO_OK;
		}
	} else {
		unsigned long long v = strtoull(arg, &end, 0);

		if (*arg && !*end && !errno) {
			*(unsigned long long *)opt->value = v;
			return PO_OK;
		}
	}
	return option_error(opt, is_short, false, "expects a numerical value");
}

static int set_value(struct po_state *st, const struct option *opt, bool is_short, bool unset)
{
	const char *arg = NULL;
	int rc;

	if (unset && st->has_attached)
		return option_error(opt, is_short, true, "takes no value");
	if (unset && (opt->flags & PARSE_OPT_NONEG))
		return option_error(opt, is_short, false, "isn't available");
	if (!takes_argument(opt) && st->has_attached && !is_short)
		return option_error(opt, is_short, unset, "takes no value");

	switch (opt->type) {
	case OPTION_BOOLEAN:
		*(bool *)opt->value = !unset;
		return PO_OK;
	case OPTION_INCR:
		*(int *)opt->value = unset ? 0 : *(int *)opt->value + 1;
		return PO_OK;
	case OPTION_STRING:
		if (unset) {
			*(const char **)opt->value = NULL;
			return PO_OK;
		}
		rc = fetch_arg(st, opt, is_short, &arg);
		if (rc)
			return rc;
		*(const char **)opt->value = arg ? arg : (const char *)opt->defval;
		return PO_OK;
	case OPTION_INTEGER:
	case OPTION_U64:
		return set_number(st, opt, is_short, unset);
	case OPTION_CALLBACK:
		if (unset)
			return opt->callback(opt, NULL, 1) ? PO_ERROR : PO_OK;
		if (opt->flags & PARSE_OPT_NOARG)
			return opt->callback(opt, NULL, 0) ? PO_ERROR : PO_OK;
		rc = fetch_arg(st, opt, is_short, &arg);
		if (rc)
			return rc;
		if (!arg)
			arg = (const char *)opt->defval;
		return opt->callback(opt, arg, 0) ? PO_ERROR : PO_OK;
	default:
		return PO_UNKNOWN;
	}
}

/* One short switch at *cluster; advances *cluster past what it consumed. */
static int parse_short(struct po_state *st, const struct option *options, const char **cluster)
{
	const char *s = *cluster;

	for (; options->type != OPTION_END; options++) {
		if (options->short_name != *s)
			continue;
		st->has_attached = false;
		if (takes_argument(options) && s[1]) {
			st->attached = s + 1;
			st->has_attached = true;
			*cluster = s + strlen(s);
		} else {
			*cluster = s + 1;
		}
		return set_value(st, options, true, false);
	}
	return PO_UNKNOWN;
}

/*
 * A long option (arg is what follows "--"). An exact name, or "no-" and an
 * exact name, wins at once; otherwise a unique abbreviation is accepted and
 * two abbreviations are an error, unless an exact match comes later.
 */
static int parse_long(struct po_state *st, const struct option *options, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct option *abbrev = NULL, *ambiguous = NULL;
	bool abbrev_unset = false, ambiguous_unset = false;
	const char *abbrev_value = NULL;

	for (; options->type != OPTION_END; options++) {
		const char *name = options->long_name;
		size_t len;
		bool unset = false;

		if (!name)
			continue;
		len = strlen(name);
		if (strncmp(arg, name, len) == 0 && (arg[len] == '\0' || arg[len] == '=')) {
			st->has_attached = arg[len] == '=';
			st->attached = st->has_attached ? arg + len + 1 : NULL;
			return set_value(st, options, false, false);
		}
		if (strncmp(name, arg, name_len) == 0) {
			/* an abbreviation of this option */
		} else if (strncmp("no-", arg, strlen(arg)) == 0 && strlen(arg) <= 3) {
			unset = true;	/* "", "n", "no", "no-": any option, negated */
		} else if (strstarts(arg, "no-")) {
			const char *rest = arg + 3;

			unset = true;
			if (strncmp(rest, name, len) == 0 && (rest[len] == '\0' || rest[len] == '=')) {
				st->has_attached = rest[len] == '=';
				st->attached = st->has_attached ? rest + len + 1 : NULL;
				return set_value(st, options, false, true);
			}
			if (!strstarts(name, rest))
				continue;
		} else {
			continue;
		}
		if (abbrev) {
			ambiguous = abbrev;
			ambiguous_unset = abbrev_unset;
		}
		abbrev = options;
		abbrev_unset = unset;
		if (!unset && eq)
			abbrev_value = eq + 1;
	}
	if (ambiguous) {
		error("Ambiguous option: %s (could be --%s%s or --%s%s)", arg,
				ambiguous_unset ? "no-" : "", ambiguous->long_name,
				abbrev_unset ? "no-" : "", abbrev->long_name);
		return PO_AMBIGUOUS;
	}
	if (!abbrev)
		return PO_UNKNOWN;
	st->has_attached = abbrev_value != NULL;
	st->attached = abbrev_value;
	return set_value(st, abbrev, false, abbrev_unset);
}

static void __attribute__((noreturn)) list_opts(const struct option *options)
{
	for (; options->type != OPTION_END; options++)
		if (options->long_name)
			printf("--%s ", options->long_name);
	fflush(stdout);
	exit(130);
}

int parse_options(int argc, const char **argv, const struct option *options,
		const char * const usagestr[], int flags)
{
	struct po_state st = { .argv = argv, .argc = argc, .out = argv, .nout = 0 };
	int rc;

	for (; st.argc > 1; st.argc--, st.argv++) {
		const char *arg = st.argv[1];

		if (arg[0] != '-' || arg[1] == '\0') {
			if (flags & PARSE_OPT_STOP_AT_NON_OPTION)
				break;
			st.out[st.nout++] = arg;
			continue;
		}
		if (arg[1] != '-') {
			const char *cluster = arg + 1;

			while (*cluster) {
				char sw[2] = { *cluster, '\0' };

				if (*cluster == 'h')
					usage_with_options(usagestr, options);
				rc = parse_short(&st, options, &cluster);
				if (rc == PO_UNKNOWN) {
					error("unknown switch `%c'", sw[0]);
					usage_with_options(usagestr, options);
				}
				if (rc)
					usage_for_option(usagestr, options, sw, true);
			}
			continue;
		}
		if (arg[2] == '\0') {	/* "--" */
			if (flags & PARSE_OPT_KEEP_DASHDASH)
				st.out[st.nout++] = arg;
			st.argc--;
			st.argv++;
			break;
		}
		if (streq(arg + 2, "help"))
			usage_with_options(usagestr, options);
		if (streq(arg + 2, "list-opts"))
			list_opts(options);
		rc = parse_long(&st, options, arg + 2);
		if (rc == PO_UNKNOWN) {
			error("unknown option `%s'", arg + 2);
			usage_with_options(usagestr, options);
		}
		if (rc)
			usage_for_option(usagestr, options,
					rc == PO_AMBIGUOUS ? NULL : arg + 2, false);
	}
	/* whatever follows "--" or the first non-option */
	for (; st.argc > 1; st.argc--, st.argv++)
		st.out[st.nout++] = st.argv[1];
	st.out[st.nout] = NULL;
	return st.nout;
}
