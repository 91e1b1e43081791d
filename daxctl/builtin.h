/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daxctl subcommands. Each is `int cmd_<name>(argc, argv, ctx)`:
 * argv[0] is the command name, ctx a library context (NULL for commands
 * that do not need one). The return value becomes the exit status
 * (`rc & 0xff`, so -errno exits as 256 - errno).
 *
 * The dispatch table in daxctl.c lists every command in upstream's order;
 * a command whose function is not linked in yet is left out at run time.
 */
#ifndef _DAXCTL_BUILTIN_H_
#define _DAXCTL_BUILTIN_H_

struct daxctl_ctx;

struct cmd_struct {
	const char *cmd;
	int (*fn)(int argc, const char **argv, struct daxctl_ctx *ctx);
	int needs_ctx;
};

int cmd_version(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_help(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_list(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_migrate_device_model(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_create_device(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_destroy_device(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_reconfigure_device(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_online_memory(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_offline_memory(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_disable_device(int argc, const char **argv, struct daxctl_ctx *ctx);
int cmd_enable_device(int argc, const char **argv, struct daxctl_ctx *ctx);

#endif
