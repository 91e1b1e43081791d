// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The frame every write command runs in. The library does every write, inside a
 * transaction on the device's region (its lock and journal); this file only decides what
 * the user sees: signals that stop a transaction at a safe point, the library's messages,
 * -v's write log, the progress line, and the report of a rollback that left something.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "json.h"
#include "workflow.h"

/*
 * SIGINT, SIGTERM and SIGHUP while a transaction is open only set caught_signal: the
 * library stops at its next safe point (the progress function says so), the command rolls
 * back and exits non-zero. Outside a transaction they act as before.
 */
static volatile sig_atomic_t caught_signal;
static volatile sig_atomic_t open_txns;
static bool verbose, progress_shown, past_final;

static void on_signal(int sig)
{
	if (open_txns > 0) {
		caught_signal = sig;
		return;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

int wf_interrupted(void)
{
	return caught_signal && open_txns > 0 ? -EINTR : 0;
}

int wf_final(void)
{
	int rc = wf_interrupted();

	past_final = !rc;
	return rc;
}

/* -v: every sysfs write of the library and the kernel's answer. */
static void on_write(struct daxctl_ctx *ctx, const char *path, const char *value, int result,
		void *data)
{
	size_t len = strlen(value);

	(void)ctx;
	(void)data;
	fprintf(stderr, "daxctl: write %s <- '%.*s': %s\n", path,
			(int)(len && value[len - 1] == '\n' ? len - 1 : len), value,
			result ? strerror(-result) : "ok");
}

/* The progress line on a terminal, for loops of 64 blocks or more; and the safe point. */
static int on_progress(struct daxctl_dev *dev, const char *op, unsigned long done,
		unsigned long total, void *data)
{
	static int tty = -1;

	(void)data;
	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (tty && total >= 64) {
		if (done == total) {
			fprintf(stderr, "\r\033[K");
			progress_shown = false;
		} else if (done % 16 == 0) {
			fprintf(stderr, "\r%s: %s memory block %lu of %lu",
					daxctl_dev_get_devname(dev), op, done + 1, total);
			progress_shown = true;
		}
	}
	return wf_interrupted();
}

/*
 * The library's messages: those about the region lock and the journal (files lock.c,
 * journal.c, txn.c) always, since only the library can say them; the others, about writes
 * the command reports itself, only with -v.
 */
static void on_log(struct daxctl_ctx *ctx, int priority, const char *file, int line,
		const char *fn, const char *format, va_list args)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;

	(void)ctx;
	(void)line;
	if (priority > LOG_INFO)
		return;
	if (!verbose && strcmp(base, "lock.c") && strcmp(base, "journal.c") &&
			strcmp(base, "txn.c"))
		return;
	if (!verbose && priority > LOG_ERR && strcmp(base, "journal.c"))
		return;
	fprintf(stderr, "libdaxctl: %s: ", fn);
	vfprintf(stderr, format, args);
}

void wf_setup(struct daxctl_ctx *ctx, bool v)
{
	const char *env = getenv("DAXCTL_LOG");

	verbose = v;
	catch_signals();
	if (!env || !*env) {
		daxctl_set_log_fn(ctx, on_log);
		daxctl_set_log_priority(ctx, LOG_INFO);
	}
	daxctl_set_progress_fn(ctx, on_progress, NULL);
	if (v)
		daxctl_set_write_observer(ctx, on_write, NULL);
}

int wf_begin(struct daxctl_region *region, const char *who, struct daxctl_txn **txn)
{
	int rc;

	if (caught_signal)	/* the user asked to stop: start nothing more */
		return -EINTR;
	rc = daxctl_txn_begin(region, txn);

	if (rc) {
		fprintf(stderr, "%s: cannot take the lock of region%d: %s\n", who,
				daxctl_region_get_id(region), strerror(-rc));
		return rc;
	}
	open_txns++;
	return 0;
}

/* "dax1.0: memory64 offlined" said on behalf of dax1.0 is "memory64 offlined" */
static const char *strip_dev(const char *desc, const char *dev)
{
	size_t n = strlen(dev);

	if (strncmp(desc, dev, n) == 0 && strncmp(desc + n, ": ", 2) == 0)
		return desc + n + 2;
	return desc;
}

int wf_end(struct daxctl_txn *txn, const char *dev, int rc)
{
	struct daxctl_txn_step *step;
	int left = 0;

	if (progress_shown) {
		fprintf(stderr, "\r\033[K");
		progress_shown = false;
	}
	/* a signal during the transaction undoes it, even when the last write is done,
	 * unless that write cannot be undone (wf_final) */
	if (!rc && caught_signal && !past_final)
		rc = -EINTR;
	past_final = false;
	if (!rc) {
		daxctl_txn_commit(txn);
	} else {
		if (rc == -EINTR && caught_signal)
			fprintf(stderr, "%s: interrupted by %s: rolling back\n", dev,
					strsignal(caught_signal));
		daxctl_txn_rollback(txn);
		daxctl_txn_foreach_left(txn, step) {
			if (!left++)
				fprintf(stderr, "%s: could not restore the state found; left in place:\n",
						dev);
			fprintf(stderr, "%s:   %s (undo failed: %s)\n", dev,
					strip_dev(daxctl_txn_step_get_desc(step), dev),
					strerror(-daxctl_txn_step_get_errno(step)));
		}
		if (left)
			fprintf(stderr, "%s: 'daxctl list -d %s -M' shows the state now\n", dev, dev);
	}
	daxctl_txn_free(txn);
	open_txns--;
	return rc;
}

void wf_print_json(struct daxctl_dev **devs, int n, bool human)
{
	struct json_object *jdevs = json_object_new_array();
	int i;

	if (!jdevs)
		return;
	for (i = 0; i < n; i++)
		json_object_array_add(jdevs, json_dev(devs[i], human ? JSON_HUMAN : 0));
	json_print_array(stdout, jdevs, human ? JSON_HUMAN : 0);
}
