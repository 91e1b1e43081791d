// SPDX-License-Identifier: GPL-2.0-or-later
/* Topology file parser (format: TOPOLOGY.md). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

struct pctx {
	const char *file;
	int line;
	char *err;
};

static int perr(struct pctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int perr(struct pctx *c, const char *key, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (key)
		fprintf(stderr, "daxsim: %s:%d: key '%s': %s\n", c->file, c->line, key, msg);
	else
		fprintf(stderr, "daxsim: %s:%d: %s\n", c->file, c->line, msg);
	return -EINVAL;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* "START-END" (inclusive) or "START+SIZE" */
static int parse_range(char *s, u64 r[2])
{
	char *sep = strchr(s, '+');
	u64 a, b;

	if (!sep)
		sep = strchr(s + 1, '-');
	if (!sep)
		return -EINVAL;
	char op = *sep;
	*sep = 0;
	if (parse_size(trim(s), &a) || parse_size(trim(sep + 1), &b))
		return -EINVAL;
	if (op == '+') {
		if (!b || a + b < a)
			return -EINVAL;
		b = a + b - 1;
	}
	if (b < a)
		return -EINVAL;
	r[0] = a;
	r[1] = b;
	return 0;
}

static int parse_ranges(struct pctx *c, const char *key, char *v, u64 (**out)[2], int *n)
{
	char *save = NULL;

	for (char *p = strtok_r(v, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		u64 r[2];

		if (parse_range(trim(p), r))
			return perr(c, key, "bad range '%s' (want START-END or START+SIZE)", trim(p));
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[*n][0] = r[0];
		(*out)[*n][1] = r[1];
		(*n)++;
	}
	if (!*n)
		return perr(c, key, "empty list");
	return 0;
}

static int parse_int(const char *s, long lo, long hi, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 0);
	if (errno || end == s || *end || *v < lo || *v > hi)
		return -EINVAL;
	return 0;
}

static int parse_yesno(const char *s, bool *v)
{
	if (!strcmp(s, "yes") || !strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "y"))
		*v = true;
	else if (!strcmp(s, "no") || !strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "n"))
		*v = false;
	else
		return -EINVAL;
	return 0;
}

enum sect { S_NONE, S_MACHINE, S_NODE, S_REGION, S_DEVICE };

static int machine_key(struct pctx *c, struct topo *t, const char *k, char *v)
{
	long l;

	if (!strcmp(k, "kernel")) {
		if (!kver_find(v))
			return perr(c, k, "unknown kernel '%s' (known: %s)", v, kver_names);
		t->kernel = xstrdup(v);
	} else if (!strcmp(k, "block_size")) {
		if (parse_size(v, &t->block_size) || !t->block_size ||
		    (t->block_size & (t->block_size - 1)) || t->block_size < SZ_2M)
			return perr(c, k, "'%s' is not a power of two of at least 2M", v);
	} else if (!strcmp(k, "auto_online_blocks")) {
		t->auto_online = online_type_parse(v);
		if (t->auto_online < 0)
			return perr(c, k, "'%s' is not offline, online, online_kernel or online_movable", v);
	} else if (!strcmp(k, "memmap_on_memory")) {
		if (parse_yesno(v, &t->memmap_opt))
			return perr(c, k, "'%s' is not yes or no", v);
	} else if (!strcmp(k, "dax_major")) {
		if (parse_int(v, 1, 4095, &l))
			return perr(c, k, "'%s' is not a major number (1-4095)", v);
		t->dax_major = (int)l;
		t->dax_major_line = c->line;
	} else if (!strcmp(k, "offline_busy")) {
		u64 (*r)[2] = NULL;
		int n = 0;

		if (parse_ranges(c, k, v, &r, &n)) {
			free(r);
			return -EINVAL;
		}
		for (int i = 0; i < n; i++)
			for (u64 x = r[i][0]; x <= r[i][1]; x++) {
				t->busy = xrealloc(t->busy, (t->nbusy + 1) * sizeof(*t->busy));
				t->busy[t->nbusy++] = x;
			}
		free(r);
	} else {
		return perr(c, k, "unknown key in [machine]");
	}
	return 0;
}

static int region_key(struct pctx *c, struct region *r, const char *k, char *v, unsigned *seen)
{
	long l;
	u64 x;

	if (!strcmp(k, "provider")) {
		if (!strcmp(v, "hmem"))
			r->prov = PROV_HMEM;
		else if (!strcmp(v, "cxl"))
			r->prov = PROV_CXL;
		else if (!strcmp(v, "pmem"))
			r->prov = PROV_PMEM;
		else
			return perr(c, k, "'%s' is not hmem, cxl or pmem", v);
		*seen |= 1;
	} else if (!strcmp(k, "id")) {
		if (parse_int(v, 0, 1000000, &l))
			return perr(c, k, "'%s' is not a region id", v);
		r->id = (int)l;
		*seen |= 2;
	} else if (!strcmp(k, "start")) {
		if (parse_size(v, &r->start))
			return perr(c, k, "'%s' is not an address", v);
		*seen |= 4;
	} else if (!strcmp(k, "size")) {
		if (parse_size(v, &x) || !x)
			return perr(c, k, "'%s' is not a non-zero size", v);
		r->end = x;	/* converted after the section */
		*seen |= 8;
	} else if (!strcmp(k, "align")) {
		if (parse_size(v, &r->align) || (r->align != SZ_4K && r->align != SZ_2M && r->align != SZ_1G))
			return perr(c, k, "'%s' is not 4K, 2M or 1G", v);
	} else if (!strcmp(k, "target_node")) {
		if (parse_int(v, -1, MAX_NODES - 1, &l))
			return perr(c, k, "'%s' is not a node (-1..%d)", v, MAX_NODES - 1);
		r->target_node = (int)l;
	} else if (!strcmp(k, "numa_node")) {
		if (parse_int(v, -1, MAX_NODES - 1, &l))
			return perr(c, k, "'%s' is not a node (-1..%d)", v, MAX_NODES - 1);
		r->numa_node = (int)l;
	} else if (!strcmp(k, "idle")) {
		if (parse_yesno(v, &r->idle))
			return perr(c, k, "'%s' is not yes or no", v);
	} else if (!strcmp(k, "seed") || !strcmp(k, "create")) {
		int a, b, n = 0;

		if (sscanf(v, "dax%d.%d%n", &a, &b, &n) != 2 || v[n])
			return perr(c, k, "'%s' is not a device name (daxX.Y)", v);
		if (k[0] == 's') {
			r->seed_name = xstrdup(v);
			r->seed_line = c->line;
		} else {
			r->create_name = xstrdup(v);
			r->create_line = c->line;
		}
	} else if (!strcmp(k, "uuid")) {
		static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
		size_t i;

		for (i = 0; shape[i] && v[i]; i++)
			if (shape[i] == '-' ? v[i] != '-' : !isxdigit((unsigned char)v[i]))
				break;
		if (shape[i] || v[i])
			return perr(c, k, "'%s' is not a UUID", v);
		snprintf(r->uuid, sizeof(r->uuid), "%s", v);
	} else if (!strcmp(k, "namespace")) {
		u64 (*rg)[2] = NULL;
		int n = 0;

		if (parse_ranges(c, k, v, &rg, &n) || n != 1) {
			free(rg);
			return n == 1 ? -EINVAL : perr(c, k, "'%s' is not one range", v);
		}
		r->ns_start = rg[0][0];
		r->ns_end = rg[0][1];
		r->ns_line = c->line;
		free(rg);
	} else if (!strcmp(k, "path")) {
		if (v[0] != '/' || strstr(v, "..") || strstr(v, "//") || v[strlen(v) - 1] == '/' ||
		    strncmp(v, "/devices/", 9))
			return perr(c, k, "'%s' is not an absolute path under /devices", v);
		r->path = xstrdup(v);
	} else {
		return perr(c, k, "unknown key in [region]");
	}
	return 0;
}

static int device_key(struct pctx *c, struct topo *t, struct topo_dev *d, const char *k, char *v)
{
	if (!strcmp(k, "region"))
		d->line_region = c->line;
	else if (!strcmp(k, "size"))
		d->line_size = c->line;
	else if (!strcmp(k, "ranges"))
		d->line_ranges = c->line;
	else if (!strcmp(k, "driver"))
		d->line_driver = c->line;
	else if (!strcmp(k, "memory"))
		d->line_memory = c->line;
	if (!strcmp(k, "region")) {
		for (int i = 0; i < t->nregions; i++)
			if (!strcmp(t->regions[i]->label, v)) {
				d->region_idx = i;
				return 0;
			}
		return perr(c, k, "no region labelled '%s' (regions must come first)", v);
	} else if (!strcmp(k, "size")) {
		if (parse_size(v, &d->size))
			return perr(c, k, "'%s' is not a size", v);
		d->has_size = true;
	} else if (!strcmp(k, "ranges")) {
		if (parse_ranges(c, k, v, &d->ranges, &d->nr))
			return -EINVAL;
		d->has_ranges = true;
	} else if (!strcmp(k, "align")) {
		if (parse_size(v, &d->align) || (d->align != SZ_4K && d->align != SZ_2M && d->align != SZ_1G))
			return perr(c, k, "'%s' is not 4K, 2M or 1G", v);
	} else if (!strcmp(k, "driver")) {
		if (!strcmp(v, "device_dax"))
			d->driver = 0;
		else if (!strcmp(v, "kmem"))
			d->driver = 1;
		else if (!strcmp(v, "none"))
			d->driver = 2;
		else
			return perr(c, k, "'%s' is not device_dax, kmem or none", v);
	} else if (!strcmp(k, "memory")) {
		d->memory = online_type_parse(v);
		if (d->memory < 0)
			return perr(c, k, "'%s' is not online, online_kernel, online_movable or offline", v);
	} else {
		return perr(c, k, "unknown key in [device]");
	}
	return 0;
}

static int node_key(struct pctx *c, struct topo *t, int nid, const char *k, char *v)
{
	bool movable;

	if (!strcmp(k, "memory"))
		movable = false;
	else if (!strcmp(k, "movable"))
		movable = true;
	else
		return perr(c, k, "unknown key in [node]");
	t->mem = xrealloc(t->mem, (t->nmem + 1) * sizeof(*t->mem));
	memset(&t->mem[t->nmem], 0, sizeof(t->mem[0]));
	t->mem[t->nmem].nid = nid;
	t->mem[t->nmem].movable = movable;
	if (parse_ranges(c, k, v, &t->mem[t->nmem].r, &t->mem[t->nmem].nr))
		return -EINVAL;
	t->nmem++;
	return 0;
}

static int finish_region(struct pctx *c, struct topo *t, struct region *r, unsigned seen)
{
	static const char *const need[] = { "provider", "id", "start", "size" };

	for (int i = 0; i < 4; i++)
		if (!(seen & (1u << i))) {
			c->line = r->line;
			return perr(c, need[i], "missing in [region %s]", r->label);
		}
	if (r->start + r->end - 1 < r->start) {
		c->line = r->line;
		return perr(c, "size", "region %s wraps around", r->label);
	}
	r->end = r->start + r->end - 1;
	for (int i = 0; i < t->nregions - 1; i++) {
		struct region *o = t->regions[i];

		if (r->start <= o->end && o->start <= r->end) {
			c->line = r->line;
			return perr(c, "start", "region %s overlaps region %s", r->label, o->label);
		}
		if (o->id == r->id) {
			c->line = r->line;
			return perr(c, "id", "region id %d is already used by region %s", r->id, o->label);
		}
	}
	if ((r->start | (r->end + 1)) & (r->align - 1)) {
		c->line = r->line;
		return perr(c, "start", "region %s is not aligned to its align %llu", r->label, r->align);
	}
	return 0;
}

int topo_parse(const char *file, const char *text, struct topo *t)
{
	struct pctx c = { .file = file };
	enum sect s = S_NONE;
	struct region *r = NULL;
	struct topo_dev *d = NULL;
	unsigned rseen = 0;
	int nid = -1;
	_cleanup_free_ char *copy = xstrdup(text);
	char *save = NULL, *line;
	const char *p = copy;

	(void)p;
	for (char *cur = copy; cur; cur = save) {
		save = strchr(cur, '\n');
		if (save)
			*save++ = 0;
		c.line++;
		line = cur;
		char *hash = strchr(line, '#');

		if (hash)
			*hash = 0;
		line = trim(line);
		if (!*line)
			continue;
		if (*line == '[') {
			char *end = strchr(line, ']');

			if (s == S_REGION && finish_region(&c, t, r, rseen))
				return -EINVAL;
			if (!end || end[1])
				return perr(&c, NULL, "bad section header '%s'", line);
			*end = 0;
			char *name = trim(line + 1), *arg = NULL;
			char *sp = strpbrk(name, " \t");

			if (sp) {
				*sp = 0;
				arg = trim(sp + 1);
			}
			if (!strcmp(name, "machine") && !arg) {
				s = S_MACHINE;
			} else if (!strcmp(name, "node") && arg) {
				long l;

				if (parse_int(arg, 0, MAX_NODES - 1, &l))
					return perr(&c, NULL, "bad node number '%s' (0..%d)", arg, MAX_NODES - 1);
				nid = (int)l;
				if (t->node_seen[nid])
					return perr(&c, NULL, "node %d is defined twice", nid);
				t->node_seen[nid] = true;
				s = S_NODE;
			} else if (!strcmp(name, "region") && arg) {
				for (int i = 0; i < t->nregions; i++)
					if (!strcmp(t->regions[i]->label, arg))
						return perr(&c, NULL, "region %s is defined twice", arg);
				r = xcalloc(1, sizeof(*r));
				r->label = xstrdup(arg);
				r->align = SZ_2M;
				r->line = c.line;
				t->regions = xrealloc(t->regions, (t->nregions + 1) * sizeof(*t->regions));
				t->regions[t->nregions++] = r;
				rseen = 0;
				s = S_REGION;
			} else if (!strcmp(name, "device") && arg) {
				int a, b, n = 0;

				if (sscanf(arg, "dax%d.%d%n", &a, &b, &n) != 2 || arg[n] || a < 0 || b < 0)
					return perr(&c, NULL, "bad device name '%s' (want daxX.Y)", arg);
				for (int i = 0; i < t->ndevs; i++)
					if (!strcmp(t->devs[i].name, arg))
						return perr(&c, NULL, "device %s is defined twice", arg);
				t->devs = xrealloc(t->devs, (t->ndevs + 1) * sizeof(*t->devs));
				d = &t->devs[t->ndevs++];
				memset(d, 0, sizeof(*d));
				snprintf(d->name, sizeof(d->name), "%s", arg);
				d->region_idx = -1;
				d->driver = -1;
				d->memory = -1;
				d->line = c.line;
				s = S_DEVICE;
			} else {
				return perr(&c, NULL, "unknown section [%s%s%s]", name, arg ? " " : "", arg ? arg : "");
			}
			continue;
		}
		char *eq = strchr(line, '=');

		if (!eq)
			return perr(&c, NULL, "expected 'key = value', got '%s'", line);
		*eq = 0;
		char *k = trim(line), *v = trim(eq + 1);

		if (!*v)
			return perr(&c, k, "empty value");
		int rc;

		switch (s) {
		case S_MACHINE: rc = machine_key(&c, t, k, v); break;
		case S_NODE: rc = node_key(&c, t, nid, k, v); break;
		case S_REGION: rc = region_key(&c, r, k, v, &rseen); break;
		case S_DEVICE: rc = device_key(&c, t, d, k, v); break;
		default: rc = perr(&c, k, "key outside of any section");
		}
		if (rc)
			return rc;
	}
	if (s == S_REGION && finish_region(&c, t, r, rseen))
		return -EINVAL;
	for (int i = 0; i < t->ndevs; i++) {
		struct topo_dev *td = &t->devs[i];

		c.line = td->line;
		if (td->region_idx < 0)
			return perr(&c, "region", "missing in [device %s]", td->name);
		struct region *rr = t->regions[td->region_idx];
		int a, b;

		sscanf(td->name, "dax%d.%d", &a, &b);
		c.line = td->line_region ? td->line_region : td->line;
		if (a != rr->id)
			return perr(&c, "region", "device %s is not in region %s (id %d)", td->name, rr->label, rr->id);
		c.line = td->line_ranges;
		if (td->has_size && td->has_ranges)
			return perr(&c, "ranges", "give either size or ranges, not both");
		if (rr->prov == PROV_PMEM && td->has_ranges)
			return perr(&c, "ranges", "a static (pmem) device has exactly one range");
		c.line = td->line_memory;
		if (td->memory >= 0 && td->driver != 1)
			return perr(&c, "memory", "only for devices with driver = kmem");
	}
	/* boot memory: whole blocks, no overlap with regions */
	u64 bs = t->block_size;

	for (int i = 0; i < t->nmem; i++)
		for (int j = 0; j < t->mem[i].nr; j++) {
			u64 *rg = t->mem[i].r[j];

			c.line = 0;
			if ((rg[0] % bs) || ((rg[1] + 1) % bs)) {
				fprintf(stderr, "daxsim: %s: key 'memory' of [node %d]: range 0x%llx-0x%llx is not made of whole %llu-byte blocks\n",
					file, t->mem[i].nid, rg[0], rg[1], bs);
				return -EINVAL;
			}
			for (int k = 0; k < t->nregions; k++)
				if (rg[0] <= t->regions[k]->end && t->regions[k]->start <= rg[1]) {
					fprintf(stderr, "daxsim: %s: key 'memory' of [node %d]: range 0x%llx-0x%llx overlaps region %s\n",
						file, t->mem[i].nid, rg[0], rg[1], t->regions[k]->label);
					return -EINVAL;
				}
		}
	return 0;
}
