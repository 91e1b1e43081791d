// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxctl: the command dispatcher.
 *   daxctl [--version] [--help] [--list-cmds] COMMAND [ARGS]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "builtin.h"
#include "ccan/util/cleanup.h"
#include "ccan/util/strutil.h"
#include "parse-options.h"

/*
 * Every command, in upstream's order (`--list-cmds` prints this order).
 * The write commands live in their own files: they are declared weak here,
 * so a command joins the table by having its file in daxctl/meson.build.
 */
#pragma weak cmd_migrate_device_model
#pragma weak cmd_create_device
#pragma weak cmd_destroy_device
#pragma weak cmd_reconfigure_device
#pragma weak cmd_online_memory
#pragma weak cmd_offline_memory
#pragma weak cmd_disable_device
#pragma weak cmd_enable_device

static const struct cmd_struct commands[] = {
	{ "version", cmd_version, 0 },
	{ "list", cmd_list, 1 },
	{ "help", cmd_help, 0 },
	{ "migrate-device-model", cmd_migrate_device_model, 1 },
	{ "create-device", cmd_create_device, 1 },
	{ "destroy-device", cmd_destroy_device, 1 },
	{ "reconfigure-device", cmd_reconfigure_device, 1 },
	{ "online-memory", cmd_online_memory, 1 },
	{ "offline-memory", cmd_offline_memory, 1 },
	{ "disable-device", cmd_disable_device, 1 },
	{ "enable-device", cmd_enable_device, 1 },
};

static const char daxctl_usage[] = "daxctl [--version] [--help] COMMAND [ARGS]";

static const struct cmd_struct *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].fn && streq(commands[i].cmd, name))
			return &commands[i];
	return NULL;
}

static void main_usage(void)
{
	printf("\n usage: %s\n\n", daxctl_usage);
	printf("\n See 'daxctl help COMMAND' for more information on a specific command.\n"
			" daxctl --list-cmds to see all available commands\n\n");
}

int cmd_version(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	printf("%s\n", DAXCTL_VERSION);
	return 0;
}

/* MANPATH with our man directory first (an empty MANPATH part: man's default). */
static void setup_man_path(void)
{
	const char *old = getenv("MANPATH");
	_cleanup_free_ char *path = NULL;

	if (asprintf(&path, "%s:%s", DAXCTL_MAN_DIR, old ? old : "") < 0)
		return;
	setenv("MANPATH", path, 1);
}

/* Does man(1) find @page? False too when man itself is missing (a container image). */
static bool have_man_page(const char *page)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return true;	/* let man say what is wrong */
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execlp("man", "man", "-w", page, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return true;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int run_command(const struct cmd_struct *cmd, int argc, const char **argv);

/*
 * No man page installed: print the command's usage text (its option table) on stdout, as
 * `daxctl CMD -h` prints it on stderr, and succeed.
 */
static int show_usage_instead(const struct cmd_struct *cmd, const char *page)
{
	const char *argv[] = { cmd->cmd, "-h", NULL };
	int status;
	pid_t pid;

	fprintf(stderr, "daxctl: no manual page %s is installed; the usage of '%s':\n",
			page, cmd->cmd);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		dup2(STDOUT_FILENO, STDERR_FILENO);
		_exit(run_command(cmd, 2, argv));
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	/* -h ends in exit 129 after the usage: that is the help asked for */
	return WIFEXITED(status) && WEXITSTATUS(status) == 129 ? 0 : 1;
}

static int show_man_page(const char *cmd)
{
	const char *viewer = getenv("DAXCTL_MAN_VIEWER");
	const struct cmd_struct *c = find_command(cmd);
	_cleanup_free_ char *page = NULL;

	if (asprintf(&page, "daxctl-%s", cmd) < 0)
		return -ENOMEM;
	if (viewer && *viewer && strcasecmp(viewer, "man") != 0)
		warning("'%s': unknown man viewer.", viewer);
	setup_man_path();
	if (c && c->fn != cmd_help && c->fn != cmd_version && !have_man_page(page))
		return show_usage_instead(c, page);
	fflush(NULL);
	execlp("man", "man", page, (char *)NULL);
	warning("failed to exec '%s': %s", "man", strerror(errno));
	fprintf(stderr, "no man viewer handled the request");
	return -1;
}

int cmd_help(int argc, const char **argv, struct daxctl_ctx *ctx)
{
	const struct option options[] = {
		OPT_END(),
	};
	const char * const usage[] = {
		"daxctl help [command]",
		NULL
	};

	(void)ctx;
	argc = parse_options(argc, argv, options, usage, PARSE_OPT_STOP_AT_NON_OPTION);
	if (!argc) {
		main_usage();
		return 0;
	}
	return show_man_page(argv[0]);
}

/* Flush stdout and report a failed write (a full disk, a closed pipe). */
static int finish_stdout(void)
{
	struct stat st;

	if (fstat(fileno(stdout), &st))
		return 0;
	if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
		return 0;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "write failure on standard output: %s", strerror(errno));
		return 1;
	}
	return 0;
}

static int run_command(const struct cmd_struct *cmd, int argc, const char **argv)
{
	struct daxctl_ctx *ctx = NULL;
	int rc;

	if (cmd->needs_ctx) {
		rc = daxctl_new(&ctx);
		if (rc) {
			fprintf(stderr, "daxctl: failed to initialize the library: %s\n",
					strerror(-rc));
			return rc & 0xff;
		}
	}
	rc = cmd->fn(argc, argv, ctx);
	if (ctx)
		daxctl_unref(ctx);
	if (rc)
		return rc & 0xff;
	return finish_stdout();
}

int main(int argc, const char **argv)
{
	const struct cmd_struct *cmd;
	size_t i;

	argv++;
	argc--;
	/* options of daxctl itself, before the command */
	while (argc > 0 && argv[0][0] == '-') {
		const char *opt = argv[0];

		if (streq(opt, "--version") || streq(opt, "-v")) {
			return cmd_version(0, NULL, NULL);
		} else if (streq(opt, "--help") || streq(opt, "-h")) {
			argv[0] = "help";
			break;
		} else if (streq(opt, "--list-cmds")) {
			for (i = 0; i < ARRAY_SIZE(commands); i++)
				if (commands[i].fn)
					printf("%s\n", commands[i].cmd);
			return 0;
		} else {
			fprintf(stderr, "Unknown option: %s\n\n Usage: %s\n", opt, daxctl_usage);
			return 129;
		}
	}
	if (argc == 0) {
		main_usage();
		return 1;
	}
	/* "daxctl COMMAND --help" is "daxctl help COMMAND" */
	if (argc > 1 && streq(argv[1], "--help")) {
		argv[1] = argv[0];
		argv[0] = "help";
	}
	cmd = find_command(argv[0]);
	if (!cmd) {
		fprintf(stderr, "Unknown command: '%s'\n", argv[0]);
		return 1;
	}
	return run_command(cmd, argc, argv);
}
