// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxctl.conf.d parser. Format (a strict subset of what upstream's iniparser accepts):
 *
 *   # comment            ; comment
 *   [reconfigure-device NAME]
 *   nvdimm.uuid = 37934708-6b07-4dd0-b801-c5bca761d659    # match an nvdimm namespace, or
 *   dax.region = /platform/hmem.0                         # match an hmem/CXL device by its
 *   dax.resource = 0x100000000                            # region path and physical start
 *   mode = system-ram | devdax
 *   online = true | false
 *   movable = true | false
 *   force = true | false                                  # reconfigure-device --force
 *   memmap_on_memory = true | false                       # --memmap-on-memory (system-ram)
 *
 * Keys and the section type are case-insensitive. A value may be double-quoted; outside
 * quotes, '#' or ';' after white space starts a comment. Anything else is an error.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config-file.h"

#define SECTION_TYPE "reconfigure-device"

struct parse_state {
	const char *file;
	int line;
	struct conf_section *cur;	/* section being filled, or NULL */
	char *err;
	size_t errlen;
};

static int perr(struct parse_state *ps, int line, const char *key, const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (!ps->err || !ps->errlen)
		return -EINVAL;
	if (ps->cur && key)
		snprintf(ps->err, ps->errlen, "%s:%d: [%s %s] %s: %s", ps->file, line,
				SECTION_TYPE, ps->cur->name, key, reason);
	else if (ps->cur)
		snprintf(ps->err, ps->errlen, "%s:%d: [%s %s]: %s", ps->file, line,
				SECTION_TYPE, ps->cur->name, reason);
	else if (key)
		snprintf(ps->err, ps->errlen, "%s:%d: %s: %s", ps->file, line, key, reason);
	else
		snprintf(ps->err, ps->errlen, "%s:%d: %s", ps->file, line, reason);
	return -EINVAL;
}

static void section_release(struct conf_section *s)
{
	free(s->file);
	free(s->name);
	free(s->nvdimm_uuid);
	free(s->dax_region);
	memset(s, 0, sizeof(*s));
}

static void conf_truncate(struct conf *conf, size_t nr)
{
	while (conf->nr > nr)
		section_release(&conf->sec[--conf->nr]);
}

void conf_free(struct conf *conf)
{
	if (!conf)
		return;
	conf_truncate(conf, 0);
	free(conf->sec);
	conf->sec = NULL;
}

static char *trim(char *s)
{
	char *e;

	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Upstream's boolean rule: the first character decides. */
static int parse_bool(const char *v)
{
	switch (v[0]) {
	case 't': case 'T': case 'y': case 'Y': case '1':
		return 1;
	case 'f': case 'F': case 'n': case 'N': case '0':
		return 0;
	}
	return -1;
}

static int valid_uuid(const char *v)
{
	size_t i;

	if (strlen(v) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (v[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)v[i])) {
			return 0;
		}
	}
	return 1;
}

static int parse_u64(const char *v, unsigned long long *out)
{
	char *end;

	if (!isdigit((unsigned char)v[0]))
		return -EINVAL;
	errno = 0;
	*out = strtoull(v, &end, 0);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

static int section_complete(struct parse_state *ps, struct conf *conf)
{
	struct conf_section *s = ps->cur;
	size_t i;

	if (!s)
		return 0;
	if (s->nvdimm_uuid && (s->dax_region || s->has_resource))
		return perr(ps, s->line, NULL,
				"nvdimm.uuid and dax.region/dax.resource are exclusive");
	if (!s->nvdimm_uuid && !s->dax_region && !s->has_resource)
		return perr(ps, s->line, NULL,
				"no match key (nvdimm.uuid, or dax.region with dax.resource)");
	if (s->dax_region && !s->has_resource)
		return perr(ps, s->line, "dax.resource", "missing (dax.region needs it)");
	if (!s->dax_region && s->has_resource)
		return perr(ps, s->line, "dax.region", "missing (dax.resource needs it)");
	if (s->mode == CONF_MODE_UNSET)
		return perr(ps, s->line, "mode", "missing");
	if (s->mode == CONF_MODE_DEVDAX && s->online == 0)
		return perr(ps, s->line, "online", "'false' only applies to mode system-ram");
	if (s->mode == CONF_MODE_DEVDAX && s->memmap != -1)
		return perr(ps, s->line, "memmap_on_memory", "only applies to mode system-ram");

	/* the new section is conf->sec[conf->nr - 1]: compare with all others */
	for (i = 0; i + 1 < conf->nr; i++) {
		const struct conf_section *o = &conf->sec[i];
		const char *why = NULL;

		if (strcasecmp(o->name, s->name) == 0)
			why = "section name";
		else if (s->nvdimm_uuid && o->nvdimm_uuid &&
				strcmp(s->nvdimm_uuid, o->nvdimm_uuid) == 0)
			why = "nvdimm.uuid";
		else if (s->dax_region && o->dax_region && strcmp(s->dax_region, o->dax_region) == 0
				&& s->dax_resource == o->dax_resource)
			why = "dax.region and dax.resource";
		if (why)
			return perr(ps, s->line, NULL, "same %s as the section at %s:%d", why,
					o->file, o->line);
	}
	ps->cur = NULL;
	return 0;
}

static int parse_header(struct parse_state *ps, struct conf *conf, char *l)
{
	size_t n = strlen(l);
	char *body, *name;
	struct conf_section *s, *sec;

	if (l[n - 1] != ']')
		return perr(ps, ps->line, NULL, "section header without a closing ']'");
	l[n - 1] = '\0';
	body = trim(l + 1);
	if (strncasecmp(body, SECTION_TYPE, strlen(SECTION_TYPE)) != 0 ||
			(body[strlen(SECTION_TYPE)] &&
			 !isspace((unsigned char)body[strlen(SECTION_TYPE)])))
		return perr(ps, ps->line, NULL, "unknown section [%s] (only [%s NAME] is known)",
				body, SECTION_TYPE);
	name = trim(body + strlen(SECTION_TYPE));
	if (!*name)
		return perr(ps, ps->line, NULL, "section [%s] needs a name: [%s NAME]",
				SECTION_TYPE, SECTION_TYPE);
	if (strpbrk(name, "[]"))
		return perr(ps, ps->line, NULL, "section name '%s' contains a bracket", name);

	sec = realloc(conf->sec, (conf->nr + 1) * sizeof(*sec));
	if (!sec)
		return -ENOMEM;
	conf->sec = sec;
	s = &conf->sec[conf->nr];
	memset(s, 0, sizeof(*s));
	s->online = s->movable = s->force = s->memmap = -1;
	s->line = ps->line;
	s->file = strdup(ps->file);
	s->name = strdup(name);
	conf->nr++;
	if (!s->file || !s->name)
		return -ENOMEM;
	ps->cur = s;
	return 0;
}

/* Split "key = value # comment" in place. */
static int split_kv(struct parse_state *ps, char *l, char **key, char **val)
{
	char *eq = strchr(l, '='), *v, *p;
	size_t i;

	if (!eq)
		return perr(ps, ps->line, NULL, "expected 'key = value', got '%s'", l);
	*eq = '\0';
	*key = trim(l);
	if (!**key)
		return perr(ps, ps->line, NULL, "empty key before '='");
	for (p = *key; *p; p++) {
		if (isspace((unsigned char)*p))
			return perr(ps, ps->line, *key, "white space inside a key");
		*p = tolower((unsigned char)*p);
	}
	v = trim(eq + 1);
	if (*v == '"') {
		char *close = strchr(v + 1, '"');

		if (!close)
			return perr(ps, ps->line, *key, "unterminated quoted value");
		*close = '\0';
		p = trim(close + 1);
		if (*p && *p != '#' && *p != ';')
			return perr(ps, ps->line, *key, "text after the quoted value: '%s'", p);
		*val = v + 1;
		return 0;
	}
	for (i = 0; v[i]; i++)
		if ((v[i] == '#' || v[i] == ';') && i > 0 && isspace((unsigned char)v[i - 1])) {
			v[i] = '\0';
			break;
		}
	*val = trim(v);
	return 0;
}

/* The keys that say which device a section is for: 0, or perr()'s answer / -ENOMEM. */
static int parse_match_key(struct parse_state *ps, struct conf_section *s, const char *key,
		char *val)
{
	size_t n = strlen(val);

	if (strcmp(key, "nvdimm.uuid") == 0) {
		if (s->nvdimm_uuid)
			return perr(ps, ps->line, key, "given twice");
		if (!valid_uuid(val))
			return perr(ps, ps->line, key, "'%s' is not a UUID", val);
		s->nvdimm_uuid = strdup(val);
		if (!s->nvdimm_uuid)
			return -ENOMEM;
		for (char *p = s->nvdimm_uuid; *p; p++)
			*p = tolower((unsigned char)*p);
	} else if (strcmp(key, "dax.region") == 0) {
		if (s->dax_region)
			return perr(ps, ps->line, key, "given twice");
		if (val[0] != '/')
			return perr(ps, ps->line, key,
					"'%s' is not a region path as printed by 'daxctl list' (e.g. /platform/hmem.0)",
					val);
		while (n > 1 && val[n - 1] == '/')
			val[--n] = '\0';
		s->dax_region = strdup(val);
		if (!s->dax_region)
			return -ENOMEM;
	} else {
		if (s->has_resource)
			return perr(ps, ps->line, key, "given twice");
		if (parse_u64(val, &s->dax_resource))
			return perr(ps, ps->line, key, "'%s' is not a number", val);
		s->has_resource = true;
	}
	return 0;
}

static int parse_kv(struct parse_state *ps, char *l)
{
	struct conf_section *s = ps->cur;
	char *key = NULL, *val = NULL;
	int rc, b;

	rc = split_kv(ps, l, &key, &val);
	if (rc)
		return rc;
	if (!s)
		return perr(ps, ps->line, key, "key outside any [%s NAME] section", SECTION_TYPE);
	if (!*val)
		return perr(ps, ps->line, key, "empty value");

	if (strcmp(key, "nvdimm.uuid") == 0 || strcmp(key, "dax.region") == 0 ||
			strcmp(key, "dax.resource") == 0) {
		rc = parse_match_key(ps, s, key, val);
		if (rc)
			return rc;
	} else if (strcmp(key, "mode") == 0) {
		if (s->mode != CONF_MODE_UNSET)
			return perr(ps, ps->line, key, "given twice");
		if (strcmp(val, "system-ram") == 0)
			s->mode = CONF_MODE_SYSTEM_RAM;
		else if (strcmp(val, "devdax") == 0)
			s->mode = CONF_MODE_DEVDAX;
		else
			return perr(ps, ps->line, key,
					"unknown mode '%s' (system-ram or devdax)", val);
	} else if (strcmp(key, "online") == 0 || strcmp(key, "movable") == 0 ||
			strcmp(key, "force") == 0 || strcmp(key, "memmap_on_memory") == 0) {
		int *slot = strcmp(key, "online") == 0 ? &s->online :
			strcmp(key, "movable") == 0 ? &s->movable :
			strcmp(key, "force") == 0 ? &s->force : &s->memmap;

		if (*slot != -1)
			return perr(ps, ps->line, key, "given twice");
		b = parse_bool(val);
		if (b < 0)
			return perr(ps, ps->line, key, "'%s' is not a boolean (true or false)", val);
		*slot = b;
	} else {
		return perr(ps, ps->line, key,
				"unknown key (known: nvdimm.uuid, dax.region, dax.resource, mode, online, movable, force, memmap_on_memory)");
	}
	return 0;
}

int conf_parse_buf(struct conf *conf, const char *file, const char *buf, size_t len,
		char *err, size_t errlen)
{
	struct parse_state ps = { .file = file, .err = err, .errlen = errlen };
	size_t first_new = conf->nr, pos = 0;
	char *line = NULL;
	int rc = 0;

	if (err && errlen)
		err[0] = '\0';
	while (pos < len && !rc) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		char *l;

		ps.line++;
		if (memchr(buf + pos, '\0', n)) {
			rc = perr(&ps, ps.line, NULL, "NUL byte in the file");
			break;
		}
		free(line);
		line = malloc(n + 1);
		if (!line) {
			rc = -ENOMEM;
			break;
		}
		memcpy(line, buf + pos, n);
		line[n] = '\0';
		pos += n + 1;

		l = trim(line);
		if (!*l || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			rc = section_complete(&ps, conf);
			if (!rc)
				rc = parse_header(&ps, conf, l);
		} else {
			rc = parse_kv(&ps, l);
		}
	}
	free(line);
	if (!rc)
		rc = section_complete(&ps, conf);
	if (rc == -ENOMEM && err && errlen)
		snprintf(err, errlen, "%s: out of memory", file);
	if (rc)
		conf_truncate(conf, first_new);
	return rc;
}

/*
 * Root applies these files (from udev at boot and hot-plug): one that another user could
 * have written is refused. The owner must be root or the user running daxctl, and neither
 * group nor others may write it. Returns 0, or -EPERM with @err set.
 */
static int file_trusted(const char *path, const struct stat *st, char *err, size_t errlen)
{
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		snprintf(err, errlen, "%s: owned by uid %u, not by root: refused (root applies "
				"this directory's files)", path, (unsigned int)st->st_uid);
		return -EPERM;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, errlen, "%s: writable by %s (mode %04o): refused (root applies "
				"this directory's files)", path,
				st->st_mode & S_IWOTH ? "everyone" : "its group",
				(unsigned int)(st->st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

/*
 * Read the file at @path into @buf (malloc'ed, @len bytes). Returns 0, 1 when it is not a
 * regular file (skipped, as upstream does), or a negative errno with @err set.
 */
static int load_file(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	size_t cap = 4096, n = 0;
	struct stat st;
	char *b;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st)) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return 1;
	}
	rc = file_trusted(path, &st, err, errlen);
	b = rc ? NULL : malloc(cap);
	if (!rc && !b)
		rc = -ENOMEM;
	while (!rc) {
		ssize_t r;

		if (n == cap) {
			char *nb = cap > (16u << 20) ? NULL : realloc(b, cap * 2);

			if (!nb) {
				rc = cap > (16u << 20) ? -EFBIG : -ENOMEM;
				break;
			}
			b = nb;
			cap *= 2;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = -errno;
		else if (r == 0)
			break;
		else
			n += r;
	}
	close(fd);
	if (rc) {
		if (rc != -EPERM)
			snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		free(b);
		return rc;
	}
	*buf = b;
	*len = n;
	return 0;
}

static int conf_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".conf") == 0;
}

int conf_load_dir(struct conf *conf, const char *dir, conf_report_fn report, void *data)
{
	struct dirent **list;
	char err[512];
	int n, i, rc = 0;

	n = scandir(dir, &list, conf_filter, alphasort);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;
		rc = -errno;
		snprintf(err, sizeof(err), "%s: %s", dir, strerror(-rc));
		report(data, err);
		return rc;
	}
	for (i = 0; i < n; i++) {
		char *path = NULL, *buf = NULL;
		size_t len = 0;
		int r;

		err[0] = '\0';
		if (asprintf(&path, "%s/%s", dir, list[i]->d_name) < 0) {
			path = NULL;
			r = -ENOMEM;
			snprintf(err, sizeof(err), "%s/%s: out of memory", dir, list[i]->d_name);
		} else {
			r = load_file(path, &buf, &len, err, sizeof(err));
			if (r == 0)
				r = conf_parse_buf(conf, path, buf, len, err, sizeof(err));
		}
		if (r < 0) {
			report(data, err);	/* this file is skipped: conf has none of it */
			if (!rc)
				rc = r;
		}
		free(buf);
		free(path);
		free(list[i]);
	}
	free(list);
	return rc;
}

const struct conf_section *conf_match(const struct conf *conf, const struct conf_key *key)
{
	size_t i;

	for (i = 0; i < conf->nr; i++) {
		const struct conf_section *s = &conf->sec[i];

		if (key->uuid && s->nvdimm_uuid && strcasecmp(key->uuid, s->nvdimm_uuid) == 0)
			return s;
		if (key->region_path && s->dax_region && key->has_resource &&
				strcmp(key->region_path, s->dax_region) == 0 &&
				key->resource == s->dax_resource)
			return s;
	}
	return NULL;
}
