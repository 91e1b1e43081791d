// SPDX-License-Identifier: GPL-2.0-or-later
/* daxsim command line: run CMD on a simulated dax machine, or mount the tree. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "daxsim.h"

int ns_enter(void);
int ns_setup_dev(void);

static char **cmd;
static pid_t child;
static int child_status = -1;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: daxsim run [--kernel 6.1|6.12|next] [--topology FILE] [--log FILE] [--fail SPEC]... [--delay GLOB:MS]... -- CMD [ARGS...]\n"
		"       daxsim mount [--kernel K] [--topology FILE] [--log FILE] [--fail SPEC]... [--delay GLOB:MS]... DIR\n"
		"       daxsim default-topology\n");
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	fclose(f);
	buf[len] = 0;
	return buf;
}

void daxsim_mounted(void)
{
	if (!cmd)
		return;
	fflush(NULL);
	child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (child == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(cmd[0], cmd);
		fprintf(stderr, "daxsim: cannot run %s: %s\n", cmd[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
}

bool daxsim_signal(int signo)
{
	if (signo == SIGCHLD) {
		int st;
		pid_t p;

		while ((p = waitpid(-1, &st, WNOHANG)) > 0)
			if (p == child) {
				child_status = st;
				return true;
			}
		return false;
	}
	if (cmd && child > 0) {
		kill(child, signo);
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "topology", required_argument, NULL, 't' },
		{ "log", required_argument, NULL, 'l' },
		{ "fail", required_argument, NULL, 'f' },
		{ "delay", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kernel = NULL, *topo_file = NULL, *mode;
	static struct topo t = { .block_size = 128ULL << 20, .auto_online = -1 };
	_cleanup_free_ char *text = NULL;
	int c, rc;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	mode = argv[1];
	if (!strcmp(mode, "-h") || !strcmp(mode, "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(mode, "default-topology")) {
		fputs(daxsim_default_topology, stdout);
		return 0;
	}
	if (strcmp(mode, "run") && strcmp(mode, "mount")) {
		fprintf(stderr, "daxsim: unknown command '%s'\n", mode);
		usage(stderr);
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "+k:t:l:f:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (!kver_find(optarg)) {
				fprintf(stderr, "daxsim: --kernel %s: unknown kernel (known: %s)\n", optarg, kver_names);
				return 2;
			}
			kernel = optarg;
			break;
		case 't': topo_file = optarg; break;
		case 'l':
			if (faillog_open_log(optarg))
				return 2;
			break;
		case 'f':
			if (faillog_add_fail(optarg))
				return 2;
			break;
		case 'd':
			if (faillog_add_delay(optarg))
				return 2;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!strcmp(mode, "run")) {
		if (optind >= argc) {
			fprintf(stderr, "daxsim: run: missing CMD (daxsim run [options] -- CMD [ARGS...])\n");
			return 2;
		}
		cmd = argv + optind;
	} else if (optind != argc - 1) {
		fprintf(stderr, "daxsim: mount: want exactly one DIR\n");
		return 2;
	}
	if (topo_file) {
		text = read_file(topo_file);
		if (!text) {
			fprintf(stderr, "daxsim: %s: %s\n", topo_file, strerror(errno));
			return 2;
		}
	}
	rc = topo_parse(topo_file ? topo_file : "<default topology>",
			text ? text : daxsim_default_topology, &t);
	if (rc)
		return 2;
	rc = dax_major_choose(&t, topo_file ? topo_file : "<default topology>");
	if (rc)
		return rc == -EINVAL ? 2 : 125;
	if (machine_build(&t, kernel) || machine_devices(&t, topo_file ? topo_file : "<default topology>"))
		return 2;
	if (cmd) {
		if (ns_enter())
			return 125;
		if (ns_setup_dev())
			return 125;
		rc = fuse_serve("/sys", geteuid() == 0, 0, NULL);
		if (rc) {
			fprintf(stderr, "daxsim: cannot mount the simulated /sys: %s\n", strerror(-rc));
			return 125;
		}
		if (child_status == -1)
			return 125;
		if (WIFSIGNALED(child_status))
			return 128 + WTERMSIG(child_status);
		return WEXITSTATUS(child_status);
	}
	rc = fuse_serve(argv[optind], false, 0, NULL);
	if (rc) {
		fprintf(stderr, "daxsim: cannot mount on %s: %s\n", argv[optind], strerror(-rc));
		return 125;
	}
	return 0;
}
