// SPDX-License-Identifier: GPL-2.0-or-later
/* The served file tree: directories, attribute files and symlinks, by inode number. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "daxsim.h"

static struct node **inodes;	/* inodes[ino - 1] */
static uint64_t ninodes, icap;
/* (parent, name) -> node: one table for live nodes, one for removed ones */
struct htable {
	struct node **tab;
	size_t size, count;
};
static struct htable live_tab, grave_tab;

static size_t hkey(const struct node *dir, const char *name)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ULL;
	h ^= (uint64_t)(uintptr_t)dir * 0x9E3779B97F4A7C15ULL;
	/* final avalanche, so the low bits used as the bucket index are well mixed */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (size_t)h;
}

static void hinsert(struct htable *t, struct node *n)
{
	if (t->count + 1 > t->size) {
		size_t nsize = t->size ? t->size * 2 : 4096;
		struct node **nt = calloc(nsize, sizeof(*nt));

		if (!nt)
			die("out of memory");
		for (size_t i = 0; i < t->size; i++) {
			struct node *c = t->tab[i], *next;

			for (; c; c = next) {
				size_t k = hkey(c->parent, c->name) & (nsize - 1);

				next = c->hnext;
				c->hnext = nt[k];
				nt[k] = c;
			}
		}
		free(t->tab);
		t->tab = nt;
		t->size = nsize;
	}
	size_t k = hkey(n->parent, n->name) & (t->size - 1);

	n->hnext = t->tab[k];
	t->tab[k] = n;
	t->count++;
}

static void hdelete(struct htable *t, struct node *n)
{
	struct node **pp = &t->tab[hkey(n->parent, n->name) & (t->size - 1)];

	for (; *pp; pp = &(*pp)->hnext)
		if (*pp == n) {
			*pp = n->hnext;
			t->count--;
			return;
		}
}

static struct node *hfind(struct htable *t, const struct node *dir, const char *name)
{
	if (!t->size || !dir)
		return NULL;
	for (struct node *c = t->tab[hkey(dir, name) & (t->size - 1)]; c; c = c->hnext)
		if (c->parent == dir && !strcmp(c->name, name))
			return c;
	return NULL;
}

struct node *tree_lookup(struct node *dir, const char *name)
{
	return hfind(&live_tab, dir, name);
}

/* kernfs_name_hash() for names without a namespace */
static uint32_t kernfs_hash(const char *name)
{
	uint64_t h = 0;

	for (; *name; name++) {
		uint64_t c = (unsigned char)*name;

		h = (h + (c << 4) + (c >> 4)) * 11;
	}
	h = (h * 0x61C8864680B583EBULL) >> 32;
	h &= 0x7fffffffU;
	if (h < 2)
		h += 2;
	if (h >= 0x7fffffffU)
		h = 0x7ffffffeU;
	return (uint32_t)h;
}

static int kid_cmp(const void *a, const void *b)
{
	const struct node *x = *(struct node *const *)a, *y = *(struct node *const *)b;

	if (x->khash != y->khash)
		return x->khash < y->khash ? -1 : 1;
	return strcmp(x->name, y->name);
}

void tree_sort(struct node *dir)
{
	if (!dir->unsorted)
		return;
	if (dir->nkids > 1)
		qsort(dir->kids, dir->nkids, sizeof(*dir->kids), kid_cmp);
	dir->unsorted = false;
}

static struct node *node_new(struct node *parent, const char *name, mode_t mode)
{
	struct node *n;

	if (parent) {
		n = tree_lookup(parent, name);
		if (n)
			return n;	/* idempotent */
		/*
		 * A name that comes back (a device deleted and created again) gets its
		 * old inode number, so dentries the kernel cached stay right.
		 */
		n = hfind(&grave_tab, parent, name);
		if (n && (n->mode & S_IFMT) == (mode & S_IFMT)) {
			hdelete(&grave_tab, n);
			n->gone = false;
			n->mode = mode;
			n->attr = NULL;
			n->obj = NULL;
			free(n->target);
			n->target = NULL;
			n->nkids = 0;
			n->nsubdirs = 0;
			goto link;
		}
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		die("out of memory");
	n->name = xstrdup(name);
	n->khash = kernfs_hash(name);
	n->mode = mode;
	n->parent = parent;
	if (ninodes == icap) {
		icap = icap ? icap * 2 : 4096;
		inodes = xrealloc(inodes, icap * sizeof(*inodes));
	}
	inodes[ninodes++] = n;
	n->ino = ninodes;
link:
	if (parent) {
		if (parent->nkids == parent->kcap) {
			parent->kcap = parent->kcap ? parent->kcap * 2 : 8;
			parent->kids = xrealloc(parent->kids, parent->kcap * sizeof(*parent->kids));
		}
		parent->kids[parent->nkids++] = n;
		parent->unsorted = true;
		if (S_ISDIR(mode))
			parent->nsubdirs++;
		hinsert(&live_tab, n);
	}
	return n;
}

/* size the name table for about n nodes up front (no rehashing while building) */
void tree_reserve(size_t n)
{
	size_t size = 4096;

	while (size < n)
		size *= 2;
	if (size <= live_tab.size)
		return;
	free(live_tab.tab);	/* only called before any node is hashed */
	live_tab.tab = calloc(size, sizeof(*live_tab.tab));
	if (!live_tab.tab)
		die("out of memory");
	live_tab.size = size;
	live_tab.count = 0;
	if (icap < n) {
		icap = n;
		inodes = xrealloc(inodes, icap * sizeof(*inodes));
	}
}

void tree_init(void)
{
	if (!ninodes)
		node_new(NULL, "", S_IFDIR | 0755);
}

struct node *tree_root(void)
{
	return inodes[0];
}

struct node *tree_get(uint64_t ino)
{
	if (ino < 1 || ino > ninodes)
		return NULL;
	return inodes[ino - 1];
}

struct node *tree_dir(struct node *parent, const char *name)
{
	return node_new(parent, name, S_IFDIR | 0755);
}

struct node *tree_dir_p(const char *path)
{
	struct node *n = tree_root();
	_cleanup_free_ char *p = xstrdup(path);
	char *save = NULL;

	for (char *c = strtok_r(p, "/", &save); c; c = strtok_r(NULL, "/", &save))
		n = tree_dir(n, c);
	return n;
}

struct node *tree_walk(const char *path)
{
	struct node *n = tree_root();
	_cleanup_free_ char *p = xstrdup(path);
	char *save = NULL;

	for (char *c = strtok_r(p, "/", &save); c && n; c = strtok_r(NULL, "/", &save))
		n = tree_lookup(n, c);
	return n;
}

struct node *tree_attr(struct node *dir, const struct attr *a, void *obj)
{
	struct node *n = node_new(dir, a->name, S_IFREG | a->mode);

	n->attr = a;
	n->obj = obj;
	n->mode = S_IFREG | a->mode;
	return n;
}

void tree_attrs(struct node *dir, const struct attr *a, size_t n, void *obj)
{
	for (size_t i = 0; i < n; i++)
		tree_attr(dir, &a[i], obj);
}

char *tree_path(const struct node *n, char *buf, size_t len)
{
	const struct node *chain[128];
	int depth = 0;
	size_t off = 0;

	for (; n && n->parent && depth < 128; n = n->parent)
		chain[depth++] = n;
	buf[0] = 0;
	while (depth-- > 0) {
		int w = snprintf(buf + off, len - off, "/%s", chain[depth]->name);

		if (w < 0 || (size_t)w >= len - off)
			break;
		off += w;
	}
	if (!off)
		snprintf(buf, len, "/");
	return buf;
}

struct node *tree_link(struct node *dir, const char *name, const char *abs_target)
{
	char from[1024], tgt[1024];
	size_t off = 0;
	struct node *n;
	const char *f, *t, *rest;

	/* like sysfs: relative to the deepest common ancestor directory */
	tree_path(dir, from, sizeof(from));
	f = from + 1;
	t = abs_target + (abs_target[0] == '/');
	rest = t;
	while (*f && *t) {
		size_t lf = strcspn(f, "/"), lt = strcspn(t, "/");

		/* a link to an ancestor goes up to the ancestor's parent and names it */
		if (lf != lt || strncmp(f, t, lf) || !t[lt])
			break;
		f += lf + (f[lf] == '/');
		t += lt + (t[lt] == '/');
		rest = t;
	}
	for (const char *p = f; *f && *p; p++)
		if ((p == f || p[-1] == '/') && off + 3 < sizeof(tgt)) {
			memcpy(tgt + off, "../", 3);
			off += 3;
		}
	snprintf(tgt + off, sizeof(tgt) - off, "%s", rest);
	n = tree_lookup(dir, name);
	if (n && S_ISLNK(n->mode)) {
		free(n->target);
		n->target = xstrdup(tgt);
		return n;
	}
	n = node_new(dir, name, S_IFLNK | 0777);
	n->target = xstrdup(tgt);
	return n;
}

static void remove_rec(struct node *n)
{
	for (size_t i = 0; i < n->nkids; i++) {
		hdelete(&live_tab, n->kids[i]);
		remove_rec(n->kids[i]);
	}
	n->nkids = 0;
	n->nsubdirs = 0;
	n->gone = true;
	if (!hfind(&grave_tab, n->parent, n->name))
		hinsert(&grave_tab, n);
}

void tree_remove(struct node *n)
{
	struct node *p;

	if (!n || n->gone || !n->parent)
		return;
	p = n->parent;
	for (size_t i = 0; i < p->nkids; i++)
		if (p->kids[i] == n) {
			memmove(&p->kids[i], &p->kids[i + 1], (p->nkids - i - 1) * sizeof(*p->kids));
			p->nkids--;
			if (S_ISDIR(n->mode))
				p->nsubdirs--;
			break;
		}
	hdelete(&live_tab, n);
	remove_rec(n);
}

void tree_remove_name(struct node *dir, const char *name)
{
	tree_remove(tree_lookup(dir, name));
}
