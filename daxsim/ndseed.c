// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The idle seeds of an e820 nd region (nd.c): btt<R>.0, pfn<R>.0 and the nd_dax device after
 * the one holding the namespace, dax<R>.<n+1>, unbound and unconfigured, as Debian's 6.1 and
 * 6.12 kernels show them; the region's btt_seed, pfn_seed and dax_seed name them. Their
 * settings take values while unbound (no bind is modelled); their namespace is refused, the
 * region's only one being claimed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

#define ND_DEVICE_NAMESPACE_IO 4
#define ND_DEVICE_DAX_PMEM 7

static ssize_t show_nl(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "\n");
}

enum seed_kind { SEED_BTT, SEED_PFN, SEED_DAX };

struct ndseed {
	struct region *r;
	const char *nsname;	/* the region's one namespace, claimed by the nd_dax device */
	enum seed_kind kind;
	char name[32];
	char uuid[40];		/* "" until written */
	int mode;		/* pfn, dax: index in pfn_modes */
	u64 align;		/* pfn, dax */
	unsigned int lbasize;	/* btt: 0 until written */
};

static const char *const pfn_modes[] = { "none", "ram", "pmem" };
static const unsigned int btt_lbasizes[] = { 512, 520, 528, 4096, 4104, 4160, 4224 };
static const u64 pfn_aligns[] = { SZ_4K, SZ_2M, SZ_1G };

static const char *seed_devtype(const struct ndseed *sd)
{
	return sd->kind == SEED_BTT ? "nd_btt" : sd->kind == SEED_PFN ? "nd_pfn" : "nd_dax";
}

static int seed_type(const struct ndseed *sd)
{
	/* btt and pfn devices take their region's namespace type; dax devices have their own */
	return sd->kind == SEED_DAX ? ND_DEVICE_DAX_PMEM : ND_DEVICE_NAMESPACE_IO;
}

static ssize_t show_seed_devtype(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", seed_devtype(o));
}

static ssize_t show_seed_modalias(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "nd:t%d\n", seed_type(o));
}

static ssize_t show_seed_uevent(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "DEVTYPE=%s\nMODALIAS=nd:t%d\n", seed_devtype(o), seed_type(o));
}

static ssize_t show_seed_numa(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct ndseed *)o)->r->numa_node);
}

static ssize_t show_seed_target(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%d\n", ((struct ndseed *)o)->r->target_node);
}

/* a written value as a C string without its trailing newline */
static char *dup_value(const char *buf, size_t len)
{
	char *s = strip_nl_dup(buf, len);
	size_t n = strlen(s);

	if (n && s[n - 1] == '\n')
		s[n - 1] = 0;
	return s;
}

static ssize_t show_enxio(void *o, char *b)
{
	(void)o;
	(void)b;
	return -ENXIO;	/* size and resource of an unbound device */
}

/* a seed has no namespace; the only one in the region is claimed by the nd_dax device */
static ssize_t store_seed_ns(void *o, const char *buf, size_t len)
{
	struct ndseed *sd = o;
	_cleanup_free_ char *s = dup_value(buf, len);

	if (!s[0])
		return len;
	if (strncmp(s, "namespace", 9))
		return -EINVAL;
	return strcmp(s, sd->nsname) ? -ENODEV : -EBUSY;
}

static ssize_t show_seed_uuid(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", ((struct ndseed *)o)->uuid);
}

static ssize_t store_seed_uuid(void *o, const char *buf, size_t len)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	struct ndseed *sd = o;
	_cleanup_free_ char *s = dup_value(buf, len);
	size_t i;

	for (i = 0; shape[i] && s[i]; i++)
		if (shape[i] == '-' ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]))
			return -EINVAL;
	if (shape[i] || s[i])
		return -EINVAL;
	snprintf(sd->uuid, sizeof(sd->uuid), "%s", s);
	return len;
}

static ssize_t show_sector_size(void *o, char *b)
{
	struct ndseed *sd = o;
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(btt_lbasizes); i++)
		n += snprintf(b + n, SHOW_MAX - n, sd->lbasize == btt_lbasizes[i] ? "[%u] " : "%u ",
			      btt_lbasizes[i]);
	n += snprintf(b + n, SHOW_MAX - n, "\n");
	return n;
}

static ssize_t store_sector_size(void *o, const char *buf, size_t len)
{
	struct ndseed *sd = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	u64 v;

	if (parse_u64(s, &v))
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(btt_lbasizes); i++)
		if (v == btt_lbasizes[i]) {
			sd->lbasize = (unsigned int)v;
			return len;
		}
	return -EINVAL;
}

static ssize_t show_pfn_mode(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", pfn_modes[((struct ndseed *)o)->mode]);
}

static ssize_t store_pfn_mode(void *o, const char *buf, size_t len)
{
	struct ndseed *sd = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);

	for (size_t i = 0; i < ARRAY_SIZE(pfn_modes); i++)
		if (sysfs_streq(s, pfn_modes[i])) {
			sd->mode = (int)i;
			return len;
		}
	return -EINVAL;
}

static ssize_t show_pfn_align(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%llu\n", ((struct ndseed *)o)->align);
}

static ssize_t store_pfn_align(void *o, const char *buf, size_t len)
{
	struct ndseed *sd = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	u64 v;

	if (parse_u64(s, &v))
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(pfn_aligns); i++)
		if (v == pfn_aligns[i]) {
			sd->align = v;
			return len;
		}
	return -EINVAL;
}

static ssize_t show_supported_aligns(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "%llu %llu %llu \n", pfn_aligns[0], pfn_aligns[1], pfn_aligns[2]);
}

static const struct attr seed_common[] = {
	{ "devtype", 0444, show_seed_devtype, NULL },
	{ "modalias", 0444, show_seed_modalias, NULL },
	{ "namespace", 0644, show_nl, store_seed_ns },
	{ "numa_node", 0444, show_seed_numa, NULL },
	{ "target_node", 0444, show_seed_target, NULL },
	{ "uevent", 0644, show_seed_uevent, store_uevent },
	{ "uuid", 0644, show_seed_uuid, store_seed_uuid },
};

static ssize_t show_yes(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "Y\n");
}

static const struct attr seed_btt[] = {
	{ "log_zero_flags", 0444, show_yes, NULL },
	{ "sector_size", 0644, show_sector_size, store_sector_size },
	{ "size", 0444, show_enxio, NULL },
};

static const struct attr seed_pfn[] = {
	{ "align", 0644, show_pfn_align, store_pfn_align },
	{ "mode", 0644, show_pfn_mode, store_pfn_mode },
	{ "resource", 0400, show_enxio, NULL },
	{ "size", 0444, show_enxio, NULL },
	{ "supported_alignments", 0444, show_supported_aligns, NULL },
};

static ssize_t show_seed_name(void *o, char *b)
{
	return snprintf(b, SHOW_MAX, "%s\n", ((struct ndseed *)o)->name);
}

static void seed_build(struct region *r, struct node *rdir, const char *nsname,
		       struct ndseed *sd, enum seed_kind kind)
{
	static const struct attr seed_attr[] = {
		{ "btt_seed", 0444, show_seed_name, NULL },
		{ "pfn_seed", 0444, show_seed_name, NULL },
		{ "dax_seed", 0444, show_seed_name, NULL },
	};
	char path[1024];
	struct node *dir;
	int a, n = 0;

	sscanf(r->home->name, "dax%d.%d", &a, &n);
	sd->r = r;
	sd->nsname = nsname;
	sd->kind = kind;
	sd->align = SZ_2M;	/* the default: PMD size with transparent hugepages */
	/* dax<R>.<n> is the nd_dax device holding the namespace: the dax seed comes after it */
	snprintf(sd->name, sizeof(sd->name), "%s%d.%d", kind == SEED_BTT ? "btt" : kind == SEED_PFN ?
		 "pfn" : "dax", r->id, kind == SEED_DAX ? n + 1 : 0);
	tree_attr(rdir, &seed_attr[kind], sd);
	dir = tree_dir(rdir, sd->name);
	tree_attrs(dir, seed_common, ARRAY_SIZE(seed_common), sd);
	if (kind == SEED_BTT)
		tree_attrs(dir, seed_btt, ARRAY_SIZE(seed_btt), sd);
	else
		tree_attrs(dir, seed_pfn, ARRAY_SIZE(seed_pfn), sd);
	tree_link(dir, "subsystem", "/bus/nd");
	tree_path(dir, path, sizeof(path));
	tree_link(tree_dir_p("/bus/nd/devices"), sd->name, path);
}

/*
 * Render the three seeds of the region whose nd directory is @rdir and whose nd_dax device
 * (r->home) holds namespace @nsname, and their names in the region's *_seed attributes.
 */
void nd_seeds_build(struct region *r, struct node *rdir, const char *nsname)
{
	struct ndseed *sd = xcalloc(3, sizeof(*sd));

	for (int k = SEED_BTT; k <= SEED_DAX; k++)
		seed_build(r, rdir, nsname, &sd[k], (enum seed_kind)k);
}
