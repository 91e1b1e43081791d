// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What NUMA clients (libnuma, numactl, memkind) read besides memory blocks: the CPUs under
 * /sys/devices/system/cpu and each node's cpumap, cpulist, distance, meminfo and numastat.
 * The CPUs are the host's online ones (programs still run on them), all on one node.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "daxsim.h"

#define MAX_CPUS 8192		/* Debian's NR_CPUS: kernel_max is 8191 */

static bool *cpu_on;		/* [nr_cpu_ids] */
static int nr_cpu_ids;		/* highest CPU + 1 */
static int cpu_nid;		/* the node of every CPU */

/* "0-3,8,10-11" into cpu_on; 0 or -EINVAL */
static int parse_cpulist(const char *s)
{
	bool *on = xcalloc(MAX_CPUS, sizeof(*on));
	int max = -1;

	while (*s && *s != '\n') {
		char *end;
		long a = strtol(s, &end, 10), b = a;

		if (end == s || a < 0 || a >= MAX_CPUS)
			goto bad;
		s = end;
		if (*s == '-') {
			b = strtol(s + 1, &end, 10);
			if (end == s + 1 || b < a || b >= MAX_CPUS)
				goto bad;
			s = end;
		}
		for (long c = a; c <= b; c++)
			on[c] = true;
		if (b > max)
			max = (int)b;
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			goto bad;
	}
	if (max < 0)
		goto bad;
	free(cpu_on);
	cpu_on = on;
	nr_cpu_ids = max + 1;
	return 0;
bad:
	free(on);
	return -EINVAL;
}

/* the host's online CPUs, read before /sys is replaced */
static void host_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");
	char buf[4096];
	bool ok = false;

	if (f) {
		ok = fgets(buf, sizeof(buf), f) && !parse_cpulist(buf);
		fclose(f);
	}
	if (!ok) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		snprintf(buf, sizeof(buf), "0-%ld", n > 0 && n <= MAX_CPUS ? n - 1 : 0);
		parse_cpulist(buf);
	}
}

/* list form ("0-3,8\n") of the CPUs for which pred(cpu, arg) holds */
static ssize_t cpu_list(char *b, bool (*pred)(int, long), long arg)
{
	int k = 0, start = -1;

	for (int c = 0; c <= nr_cpu_ids; c++) {
		bool in = c < nr_cpu_ids && pred(c, arg);

		if (in && start < 0)
			start = c;
		if (!in && start >= 0) {
			k += snprintf(b + k, SHOW_MAX - k, c - 1 == start ? "%s%d" : "%s%d-%d",
				      k ? "," : "", start, c - 1);
			start = -1;
		}
	}
	k += snprintf(b + k, SHOW_MAX - k, "\n");
	return k;
}

/* mask form: nr_cpu_ids bits in hex, 32-bit words separated by commas ("00000000,00000003") */
static ssize_t cpu_mask(char *b, bool (*pred)(int, long), long arg)
{
	int k = 0, words = (nr_cpu_ids + 31) / 32;

	for (int w = words - 1; w >= 0; w--) {
		unsigned int v = 0;
		int bits = w == words - 1 ? nr_cpu_ids - 32 * w : 32;

		for (int i = 0; i < bits; i++)
			if (pred(32 * w + i, arg))
				v |= 1U << i;
		k += snprintf(b + k, SHOW_MAX - k, "%s%0*x", k ? "," : "", (bits + 3) / 4, v);
	}
	k += snprintf(b + k, SHOW_MAX - k, "\n");
	return k;
}

static bool p_cpu_on(int c, long arg) { (void)arg; return cpu_on[c]; }
static bool p_cpu_off(int c, long arg) { (void)arg; return !cpu_on[c]; }
static bool p_cpu_node(int c, long nid) { return cpu_on[c] && nid == cpu_nid; }
static bool p_cpu_self(int c, long cpu) { return c == cpu; }

bool node_has_cpu(int nid)
{
	return nid == cpu_nid;
}

static ssize_t show_cpus(void *o, char *b) { (void)o; return cpu_list(b, p_cpu_on, 0); }
static ssize_t show_offline(void *o, char *b) { (void)o; return cpu_list(b, p_cpu_off, 0); }
static ssize_t show_kernel_max(void *o, char *b) { (void)o; return snprintf(b, SHOW_MAX, "%d\n", MAX_CPUS - 1); }
static ssize_t show_one(void *o, char *b) { (void)o; return snprintf(b, SHOW_MAX, "1\n"); }
/* cpuN/topology: every CPU is a core of its own, in package 0, die 0 */
static ssize_t show_core_id(void *o, char *b) { return snprintf(b, SHOW_MAX, "%ld\n", (long)o); }
static ssize_t show_zero(void *o, char *b) { (void)o; return snprintf(b, SHOW_MAX, "0\n"); }
static ssize_t show_self_list(void *o, char *b) { return cpu_list(b, p_cpu_self, (long)o); }
static ssize_t show_self_mask(void *o, char *b) { return cpu_mask(b, p_cpu_self, (long)o); }
static ssize_t show_all_list(void *o, char *b) { (void)o; return cpu_list(b, p_cpu_on, 0); }
static ssize_t show_all_mask(void *o, char *b) { (void)o; return cpu_mask(b, p_cpu_on, 0); }

static const struct attr topology_attrs[] = {
	{ "core_id", 0444, show_core_id, NULL },
	{ "physical_package_id", 0444, show_zero, NULL },
	{ "die_id", 0444, show_zero, NULL },
	{ "core_cpus", 0444, show_self_mask, NULL },
	{ "core_cpus_list", 0444, show_self_list, NULL },
	{ "thread_siblings", 0444, show_self_mask, NULL },
	{ "thread_siblings_list", 0444, show_self_list, NULL },
	{ "core_siblings", 0444, show_all_mask, NULL },
	{ "core_siblings_list", 0444, show_all_list, NULL },
	{ "die_cpus", 0444, show_all_mask, NULL },
	{ "die_cpus_list", 0444, show_all_list, NULL },
	{ "package_cpus", 0444, show_all_mask, NULL },
	{ "package_cpus_list", 0444, show_all_list, NULL },
};

static ssize_t show_node_cpulist(void *o, char *b) { return cpu_list(b, p_cpu_node, (long)o); }
static ssize_t show_node_cpumap(void *o, char *b) { return cpu_mask(b, p_cpu_node, (long)o); }

/* kernel (node_read_distance): one entry per online node, 10 for itself, 20 for the others */
static ssize_t show_distance(void *o, char *b)
{
	int nid = (int)(long)o, k = 0;

	for (int n = 0; n < MAX_NODES; n++)
		if (M.node_online[n])
			k += snprintf(b + k, SHOW_MAX - k, "%s%d", k ? " " : "", n == nid ? 10 : 20);
	k += snprintf(b + k, SHOW_MAX - k, "\n");
	return k;
}

/* online memory of a node in kB: every online block (nothing is allocated in the model) */
static unsigned long long node_kb(int nid)
{
	unsigned long long kb = 0;

	for (unsigned long i = 0; i < M.nblocks_cap; i++)
		if (M.blocks[i] && M.blocks[i]->nid == nid && M.blocks[i]->online)
			kb += M.block_size >> 10;
	return kb;
}

static ssize_t show_meminfo(void *o, char *b)
{
	static const char *const zero[] = {
		"SwapCached:", "Active:", "Inactive:", "Active(anon):", "Inactive(anon):",
		"Active(file):", "Inactive(file):", "Unevictable:", "Mlocked:", "Dirty:",
		"Writeback:", "FilePages:", "Mapped:", "AnonPages:", "Shmem:", "KernelStack:",
		"PageTables:", "SecPageTables:", "NFS_Unstable:", "Bounce:", "WritebackTmp:",
		"KReclaimable:", "Slab:", "SReclaimable:", "SUnreclaim:", "AnonHugePages:",
		"ShmemHugePages:", "ShmemPmdMapped:", "FileHugePages:", "FilePmdMapped:",
	};
	int nid = (int)(long)o, k;
	unsigned long long total = node_kb(nid);

	k = snprintf(b, SHOW_MAX, "Node %d %-16s%8llu kB\nNode %d %-16s%8llu kB\nNode %d %-16s%8llu kB\n",
		     nid, "MemTotal:", total, nid, "MemFree:", total, nid, "MemUsed:", 0ULL);
	for (size_t i = 0; i < ARRAY_SIZE(zero); i++)
		k += snprintf(b + k, SHOW_MAX - k, "Node %d %-16s%8u kB\n", nid, zero[i], 0U);
	for (int i = 0; i < 3; i++)
		k += snprintf(b + k, SHOW_MAX - k, "Node %d HugePages_%s %5u\n", nid,
			      (const char *[]){ "Total:", "Free: ", "Surp: " }[i], 0U);
	return k;
}

static ssize_t show_numastat(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "numa_hit 0\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 0\n"
			"local_node 0\nother_node 0\n");
}

/* the attributes of a new /sys/devices/system/node/nodeN */
void numa_node_attrs(struct node *dir, int nid)
{
	static const struct attr attrs[] = {
		{ "cpulist", 0444, show_node_cpulist, NULL },
		{ "cpumap", 0444, show_node_cpumap, NULL },
		{ "distance", 0444, show_distance, NULL },
		{ "meminfo", 0444, show_meminfo, NULL },
		{ "numastat", 0444, show_numastat, NULL },
		{ "uevent", 0644, show_empty, store_uevent },
	};
	char name[32], path[64];

	tree_attrs(dir, attrs, ARRAY_SIZE(attrs), (void *)(long)nid);
	if (nid != cpu_nid || !cpu_on)
		return;
	for (int c = 0; c < nr_cpu_ids; c++)
		if (cpu_on[c]) {
			snprintf(name, sizeof(name), "cpu%d", c);
			snprintf(path, sizeof(path), "/devices/system/cpu/cpu%d", c);
			tree_link(dir, name, path);
		}
}

/*
 * /sys/devices/system/cpu with the host's online CPUs, all on node @nid (brought online).
 * Called once, before any node directory exists.
 */
void cpus_build(int nid)
{
	static const struct attr attrs[] = {
		{ "online", 0444, show_cpus, NULL },
		{ "possible", 0444, show_cpus, NULL },
		{ "present", 0444, show_cpus, NULL },
		{ "offline", 0444, show_offline, NULL },
		{ "kernel_max", 0444, show_kernel_max, NULL },
		{ "uevent", 0644, show_empty, store_uevent },
	};
	static const struct attr online = { "online", 0444, show_one, NULL };
	struct node *cpu = tree_dir_p("/devices/system/cpu"), *bus = tree_dir_p("/bus/cpu/devices");
	char name[32], path[64];

	host_cpus();
	cpu_nid = nid;
	tree_attrs(cpu, attrs, ARRAY_SIZE(attrs), NULL);
	tree_dir(cpu, "power");
	for (int c = 0; c < nr_cpu_ids; c++) {
		struct node *d;

		if (!cpu_on[c])
			continue;
		snprintf(name, sizeof(name), "cpu%d", c);
		d = tree_dir(cpu, name);
		if (c)	/* x86: the boot CPU cannot go offline and has no online file */
			tree_attr(d, &online, NULL);
		tree_attr(d, &attrs[5], NULL);
		tree_attrs(tree_dir(d, "topology"), topology_attrs, ARRAY_SIZE(topology_attrs), (void *)(long)c);
		tree_dir(d, "power");
		tree_link(d, "subsystem", "/bus/cpu");
		snprintf(path, sizeof(path), "/devices/system/cpu/%s", name);
		tree_link(bus, name, path);
		snprintf(name, sizeof(name), "node%d", nid);
		snprintf(path, sizeof(path), "/devices/system/node/node%d", nid);
		tree_link(d, name, path);
	}
	node_set_online(nid);
}
