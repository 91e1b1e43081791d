/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * daxctl.conf.d: the files read by `reconfigure-device -C`.
 *
 * Our own small strict parser (not iniparser): every error names the file, the line, the
 * section, the key and the reason, and nothing is ever guessed or concatenated.
 */
#ifndef _DAXCTL_CONFIG_FILE_H_
#define _DAXCTL_CONFIG_FILE_H_

#include <stdbool.h>
#include <stddef.h>

enum conf_mode {
	CONF_MODE_UNSET = 0,
	CONF_MODE_SYSTEM_RAM,
	CONF_MODE_DEVDAX,
};

/* One [reconfigure-device NAME] section. */
struct conf_section {
	char *file;		/* the file it came from */
	int line;		/* line of the section header */
	char *name;		/* NAME, the subsection */
	/* match keys: nvdimm.uuid, or dax.region together with dax.resource */
	char *nvdimm_uuid;	/* lower case, canonical 36-character form */
	char *dax_region;	/* region path as `daxctl list` prints it: /platform/hmem.0 */
	unsigned long long dax_resource;
	bool has_resource;
	/* parameters */
	enum conf_mode mode;
	int online;		/* -1 unset, else 0 or 1 */
	int movable;		/* -1 unset, else 0 or 1 */
	int force;		/* -1 unset, else 0 or 1: reconfigure-device --force */
	int memmap;		/* -1 unset, else 0 or 1: --[no-]memmap-on-memory */
};

struct conf {
	struct conf_section *sec;
	size_t nr;
};

/* What identifies a device in the config files. */
struct conf_key {
	const char *uuid;		/* nvdimm namespace uuid, or NULL */
	const char *region_path;	/* list-style region path, or NULL */
	unsigned long long resource;	/* physical start of the device's first range */
	bool has_resource;
};

/*
 * Parse one file's contents (@len bytes, need not be NUL-terminated) and append its sections
 * to @conf. Returns 0, or a negative errno with a message "file:line: [section] key: reason"
 * in @err. On error @conf keeps what it had before the call.
 */
int conf_parse_buf(struct conf *conf, const char *file, const char *buf, size_t len,
		char *err, size_t errlen);

/* Told about each file refused or not parsed: "file[:line]: [section] key: reason". */
typedef void (*conf_report_fn)(void *data, const char *msg);

/*
 * Parse every regular file ending in ".conf" in @dir, in alphabetical order. A missing
 * directory is an empty configuration. A file that cannot be read, is not trusted (owned by
 * another user than root or the caller, or writable by group or others) or does not parse is
 * reported through @report and skipped: @conf gets every section of the other files.
 * Returns 0 when every file was loaded, else the negative errno of the first failure.
 */
int conf_load_dir(struct conf *conf, const char *dir, conf_report_fn report, void *data);

/* The one section matching @key, or NULL. */
const struct conf_section *conf_match(const struct conf *conf, const struct conf_key *key);

void conf_free(struct conf *conf);

#endif /* _DAXCTL_CONFIG_FILE_H_ */
