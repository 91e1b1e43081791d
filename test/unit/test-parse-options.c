// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of daxctl/parse-options: values, errors, usage text, exit codes. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parse-options.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	failures++; } } while (0)

struct vals {
	bool alpha, beta, regions;
	const char *size, *region;
	int count, num;
};

static const char * const usage[] = { "prog cmd [<options>]", NULL };

static int parse(struct vals *v, int argc, const char **argv)
{
	const struct option options[] = {
		OPT_BOOLEAN('a', "alpha", &v->alpha, "first switch"),
		OPT_BOOLEAN('b', "beta", &v->beta, "second switch"),
		OPT_STRING('s', "size", &v->size, "size", "a size"),
		OPT_STRING('r', "region", &v->region, "region-id", "filter by region"),
		OPT_BOOLEAN('R', "regions", &v->regions, "include regions"),
		OPT_INCR('v', "verbose", &v->count, "more messages"),
		OPT_INTEGER('n', "num", &v->num, "a number"),
		OPT_END(),
	};

	memset(v, 0, sizeof(*v));
	return parse_options(argc, argv, options, usage, 0);
}

/* Parse @args (space separated, argv[0] = "cmd") in a child; capture its output. */
static int run(const char *args, char *out, size_t outlen)
{
	char path[] = "/tmp/test-po-XXXXXX";
	int fd = mkstemp(path), status;
	pid_t pid;
	ssize_t n;

	if (fd < 0)
		return -1;
	unlink(path);
	pid = fork();
	if (pid == 0) {
		const char *argv[32];
		char *copy = strdup(args), *save = NULL, *tok;
		struct vals v;
		int argc = 0;

		argv[argc++] = "cmd";
		for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			argv[argc++] = tok;
		argv[argc] = NULL;
		dup2(fd, 1);
		dup2(fd, 2);
		parse(&v, argc, argv);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	n = pread(fd, out, outlen - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void expect(const char *args, int want_rc, const char *want_text)
{
	char out[4096];
	int rc = run(args, out, sizeof(out));

	if (rc != want_rc || !strstr(out, want_text)) {
		fprintf(stderr, "args \"%s\": exit %d (want %d), output:\n%s\n(want it to contain:\n%s)\n",
				args, rc, want_rc, out, want_text);
		failures++;
	}
}

int main(void)
{
	struct vals v;
	int n;

	{
		const char *argv[] = { "cmd", "-ab", "-sfoo", "x", "-v", "--", "-y", NULL };

		n = parse(&v, 7, argv);
		CHECK(v.alpha && v.beta && v.size && !strcmp(v.size, "foo"));
		CHECK(v.count == 1);
		CHECK(n == 2 && !strcmp(argv[0], "x") && !strcmp(argv[1], "-y") && !argv[2]);
	}
	{
		const char *argv[] = { "cmd", "-s", "-a", "--region=", "--no-beta", "-vv", NULL };

		n = parse(&v, 6, argv);
		CHECK(n == 0 && v.size && !strcmp(v.size, "-a") && !v.alpha);
		CHECK(v.count == 2 && !v.beta);
	}
	{
		const char *argv[] = { "cmd", "--region=3", "--regions", "--al", "--no-al", "--si", "4k", NULL };

		n = parse(&v, 7, argv);
		CHECK(n == 0 && v.region && !strcmp(v.region, "3") && v.regions);
		CHECK(!v.alpha && v.size && !strcmp(v.size, "4k"));
	}
	{
		const char *argv[] = { "cmd", "--region", "x", "--no-region", "-n", "0x10", NULL };

		n = parse(&v, 6, argv);
		CHECK(n == 0 && !v.region && v.num == 16);
	}

	expect("-z", 129, "  Error: unknown switch `z'\n\n usage: prog cmd [<options>]\n\n"
			"    -a, --alpha           first switch\n");
	expect("--bogus", 129, "  Error: unknown option `bogus'\n");
	expect("--reg 0", 129, "  Error: Ambiguous option: reg (could be --region or --regions)\n"
			"\n usage: prog cmd [<options>]\n\n");
	expect("--no-reg", 129, "could be --no-region or --no-regions");
	expect("-s", 129, "  Error: switch `s' requires a value\n\n usage: prog cmd [<options>]\n\n"
			"    -s, --size <size>     a size\n");
	expect("--region", 129, "  Error: option `region' requires a value\n\n"
			" usage: prog cmd [<options>]\n\n    -r, --region <region-id>\n"
			"                          filter by region\n");
	expect("--alpha=1", 129, "  Error: option `alpha' takes no value\n");
	expect("--no-beta=", 129, "  Error: option `no-beta' takes no value\n");
	expect("-n x", 129, "switch `n' expects a numerical value");
	expect("-ah", 129, "\n usage: prog cmd [<options>]\n\n    -a, --alpha");
	expect("--help", 129, "    -n, --num <n>         a number\n\n");
	expect("--list-opts", 130, "--alpha --beta --size --region --regions --verbose --num ");
	expect("-a x", 0, "");

	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
