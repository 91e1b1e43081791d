/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daxsim: an executable model of the Linux dax bus, served with FUSE. */
#ifndef DAXSIM_H
#define DAXSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

typedef unsigned long long u64;

#define SZ_4K 4096ULL
#define SZ_2M (2ULL << 20)
#define SZ_1G (1ULL << 30)
#define PAGE_SIZE SZ_4K
#define COMPAT_ALIGN SZ_2M	/* memremap_compat_align() on x86_64 */
#define SHOW_MAX 4096

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include <stdlib.h>
static inline void freep(void *p) { free(*(void **)p); }
#define _cleanup_free_ __attribute__((cleanup(freep)))

/* ---- kernel personalities (kver.c): every version difference lives there ---- */
enum online_type { MMOP_OFFLINE, MMOP_ONLINE, MMOP_ONLINE_KERNEL, MMOP_ONLINE_MOVABLE };

struct kver {
	const char *name;
	bool match_always;		/* device_dax matches every device (< 6.3) */
	bool hmem_kmem_type;		/* hmem/cxl regions are kmem-type (6.3+) */
	enum online_type auto_online;	/* Debian config default */
	bool memmap_attr;		/* daxX.Y/memmap_on_memory (6.8+) */
	bool mapping_misaligned_ok;	/* misaligned mapping length: success, no-op (6.8+) */
	bool kmem_state;		/* daxX.Y/state while bound to kmem (2026) */
};
const struct kver *kver_find(const char *name);
extern const char *const kver_names;

/* ---- sysfs-like tree (tree.c) ---- */
struct node;
struct attr {
	const char *name;
	mode_t mode;
	/* show: fill buf (SHOW_MAX), return length or -errno */
	ssize_t (*show)(void *obj, char *buf);
	/* store: return len on success, a smaller count for short stores, or -errno */
	ssize_t (*store)(void *obj, const char *buf, size_t len);
};

struct node {
	uint64_t ino;
	char *name;
	mode_t mode;			/* S_IFDIR/S_IFREG/S_IFLNK | perms */
	struct node *parent;
	struct node **kids;
	size_t nkids, kcap;
	struct node *hnext;
	char *target;			/* symlink */
	const struct attr *attr;
	void *obj;
	uint32_t khash;			/* kernfs name hash: readdir order */
	size_t nsubdirs;		/* live child directories (st_nlink) */
	bool gone;
	bool unsorted;			/* kids need sorting before readdir */
};

void tree_init(void);
void tree_reserve(size_t n);
struct node *tree_root(void);
struct node *tree_get(uint64_t ino);
struct node *tree_lookup(struct node *dir, const char *name);
struct node *tree_dir(struct node *parent, const char *name);
struct node *tree_dir_p(const char *path);
struct node *tree_attr(struct node *dir, const struct attr *a, void *obj);
void tree_attrs(struct node *dir, const struct attr *a, size_t n, void *obj);
struct node *tree_link(struct node *dir, const char *name, const char *abs_target);
struct node *tree_walk(const char *path);
void tree_remove(struct node *n);
void tree_remove_name(struct node *dir, const char *name);
/* put a directory's children in kernfs readdir order (hash, then name) */
void tree_sort(struct node *dir);
/* absolute path inside the tree ("/devices/..."), returns buf */
char *tree_path(const struct node *n, char *buf, size_t len);

/* ---- model ---- */
enum provider { PROV_HMEM, PROV_CXL, PROV_PMEM };
enum drv_type { DRV_DEVICE, DRV_KMEM };

struct mref;
struct range {
	u64 start, end, pgoff;
	int mid;
	struct node *dir;
	struct mref *ref;		/* what the mappingN attributes point at */
};

struct region;
struct driver;

struct span { unsigned long first, last; };	/* memory block indices */

struct dev {
	struct region *region;
	int id;
	char name[32];
	struct range *ranges;
	int nr;
	u64 align;
	bool memmap;
	struct driver *drv;
	int minor;
	struct span *spans;		/* kmem-added memory */
	int nspans;
	enum online_type kstate_type;	/* kmem state (next personality) */
	bool kunplugged;
	bool pgmap_stale;		/* a device_dax probe failed after setting the page map */
	struct node *dir;
	struct node *pmem_dir;		/* static: the nd dax device */
};

struct region {
	char *label;
	enum provider prov;
	int id;
	u64 start, end;
	u64 align;
	int target_node, numa_node;
	bool idle, is_static, kmem_type;
	char *path;			/* region home, e.g. /devices/platform/hmem.0 */
	struct dev **devs;
	int ndevs;
	struct dev *seed, *youngest;
	struct node *home, *rdir;
	int line;
	char *seed_name, *create_name;	/* topology: initial seed / youngest */
	char nsname[32];		/* pmem: namespaceR.0 */
	char uuid[40];			/* pmem: the namespace's uuid */
	u64 ns_start, ns_end;		/* pmem: its devdax namespace (nd.c) */
	int ns_line;			/* topology line of 'namespace', 0: computed */
	int seed_line, create_line;
};

struct driver {
	const char *name;
	enum drv_type type;
	char **ids;
	int nids;
	struct node *dir;
};

struct mblock {
	unsigned long idx;
	int nid;
	bool online;
	int zone;			/* ZONE_* */
	bool busy;
	bool boot;
	struct dev *owner;
	struct node *dir;
};
enum { ZONE_NONE, ZONE_DMA32, ZONE_NORMAL, ZONE_MOVABLE };

#define MAX_NODES 64

struct machine {
	const struct kver *kv;
	u64 block_size;
	enum online_type auto_online;
	bool memmap_opt;
	int dax_major;
	bool autoprobe;
	struct region **regions;
	int nregions;
	struct driver drivers[2];
	struct mblock **blocks;
	unsigned long nblocks_cap;
	struct span *leaked;		/* kmem ranges left online by an unbind: still claimed */
	size_t nleaked;
	unsigned long *busy_idx;
	size_t nbusy;
	bool node_possible[MAX_NODES];
	bool node_online[MAX_NODES];
	unsigned char *minors;
	int nminors;
	bool unprivileged_dev;	/* cannot mknod: /dev nodes are plain files */
	const char *devroot;	/* where to create /dev/daxX.Y, NULL: none */
	struct node *memdir, *nodedir;
};
extern struct machine M;

/* topo.c */
struct topo_dev {
	char name[32];
	int region_idx;
	bool has_size, has_ranges;
	u64 size;
	u64 (*ranges)[2];
	int nr;
	u64 align;
	int driver;		/* -1 default, 0 device_dax, 1 kmem, 2 none */
	int memory;		/* -1 default, else enum online_type */
	int line;		/* of the section header */
	int line_region, line_size, line_ranges, line_driver, line_memory;
};
struct topo {
	const char *kernel;
	u64 block_size;
	int auto_online;	/* -1: per kernel */
	bool memmap_opt;
	int dax_major;		/* 0: pick one the host has not registered */
	int dax_major_line;
	unsigned long *busy;
	size_t nbusy;
	struct { int nid; u64 (*r)[2]; int nr; bool movable; } *mem;
	int nmem;
	bool node_seen[MAX_NODES];
	struct region **regions;
	int nregions;
	struct topo_dev *devs;
	int ndevs;
};
int topo_parse(const char *file, const char *text, struct topo *t);
extern const char daxsim_default_topology[];

/* parse helpers (util.c) */
int parse_u64(const char *s, u64 *v);		/* kstrtoull base 0, one \n */
int parse_size(const char *s, u64 *v);		/* topology sizes with K/M/G/T */
int parse_bool(const char *s, bool *v);		/* kstrtobool */
bool sysfs_streq(const char *a, const char *b);
char *strip_nl_dup(const char *buf, size_t len);
const char *errno_name(int e);
int errno_parse(const char *s);
const char *online_type_name(enum online_type t);
int online_type_parse(const char *s);
ssize_t show_empty(void *o, char *b);				/* reads as "" */
ssize_t store_uevent(void *o, const char *buf, size_t len);	/* kobject_synth_uevent */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void *xrealloc(void *p, size_t n);		/* these die when out of memory */
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);

/* machine.c */
int machine_build(struct topo *t, const char *kernel_override);
int machine_devices(struct topo *t, const char *file);
void sysfs_static_build(void);
/* /sys/module/NAME (a loaded module's attributes unless @builtin) */
void module_add(const char *name, bool builtin);

/* region.c */
void region_render(struct region *r);
struct dev *region_find_dev(struct region *r, const char *name);
struct dev *dev_lookup(const char *name);	/* any region */
u64 region_available(struct region *r);
struct dev *dev_new(struct region *r, int id);
void dev_delete(struct dev *d);

/* dev.c */
u64 dev_size(const struct dev *d);
void dev_render(struct dev *d);
void dev_unrender(struct dev *d);
void dev_range_render(struct dev *d, struct range *rg);
int dev_append_range(struct dev *d, u64 start, u64 end);
int dev_grow(struct dev *d, u64 need);
void dev_shrink(struct dev *d, u64 cut);
void dev_driver_changed(struct dev *d);

/* driver.c */
void drivers_build(void);
int driver_probe(struct driver *drv, struct dev *d);
void device_autoprobe(struct dev *d);
bool driver_match(struct driver *drv, struct dev *d);
int driver_unbind(struct dev *d);

/* memory.c */
void memory_build(void);
struct mblock *block_add(unsigned long idx, int nid, bool boot);
void block_remove(struct mblock *b);
int block_online(struct mblock *b, enum online_type t);
int block_offline(struct mblock *b);
int kmem_probe(struct dev *d);
void kmem_remove(struct dev *d);
void node_set_online(int nid);
bool range_leaked(u64 start, u64 end);

/* numa.c */
void cpus_build(int nid);
void numa_node_attrs(struct node *dir, int nid);
bool node_has_cpu(int nid);

/* nd.c: the nvdimm bus objects above static (pmem) regions, once every region is rendered */
int nd_build(const char *file);
/* ndseed.c: the idle btt/pfn/dax seeds of an e820 nd region (directory @rdir) */
void nd_seeds_build(struct region *r, struct node *rdir, const char *nsname);

/* devnodes (ns.c) */
/* 1 and the driver's name in @name when the host registers character major @major, 0 when
 * not, -errno when /proc/devices cannot be read */
int host_chrdev(int major, char *name, size_t len);
/* check the topology's dax_major against /proc/devices, or pick a free one: 0, -EINVAL, -ENODEV */
int dax_major_choose(struct topo *t, const char *file);
void devnode_add(struct dev *d);
void devnode_del(struct dev *d);

/* faillog.c */
int faillog_add_fail(const char *spec);
int faillog_add_delay(const char *spec);
/* milliseconds to hold a write to @path before applying it (the longest matching --delay), or 0 */
unsigned int faillog_delay(const char *path);
int faillog_open_log(const char *path);
/* called for every write: returns 0 to proceed, or -errno to fail */
int faillog_check(const char *path, unsigned long *seq);
void faillog_record(unsigned long seq, const char *path, const char *buf, size_t len, ssize_t res);

/* fuseops.c */
int fuse_serve(const char *mountpoint, bool allow_other, pid_t child, int *child_status);

/* main.c: called by fuse_serve() once /sys is mounted (starts the command), and for each
 * signal it receives (true: stop serving) */
void daxsim_mounted(void);
bool daxsim_signal(int signo);

#endif
