// SPDX-License-Identifier: GPL-2.0-or-later
/* dax bus drivers (device_dax, kmem): matching, bind/unbind, new_id/remove_id. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "daxsim.h"

static bool id_listed(struct driver *drv, const char *name)
{
	for (int i = 0; i < drv->nids; i++)
		if (!strcmp(drv->ids[i], name))
			return true;
	return false;
}

bool driver_match(struct driver *drv, struct dev *d)
{
	if (id_listed(drv, d->name))
		return true;
	if (M.kv->match_always)
		return drv->type == DRV_DEVICE;
	return drv->type == (d->region->kmem_type ? DRV_KMEM : DRV_DEVICE);
}

static ssize_t show_kstate(void *o, char *b)
{
	struct dev *d = o;

	if (d->kunplugged)
		return snprintf(b, SHOW_MAX, "unplugged\n");
	return snprintf(b, SHOW_MAX, "%s\n", online_type_name(d->kstate_type));
}

static ssize_t store_kstate(void *o, const char *buf, size_t len)
{
	struct dev *d = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	int t;

	if (sysfs_streq("unplugged", s)) {
		if (d->kunplugged)
			return len;
		for (int i = 0; i < d->nspans; i++)
			for (unsigned long x = d->spans[i].first; x <= d->spans[i].last; x++)
				if (M.blocks[x] && M.blocks[x]->online && M.blocks[x]->busy)
					return -EBUSY;
		for (int i = 0; i < d->nspans; i++)
			for (unsigned long x = d->spans[i].first; x <= d->spans[i].last; x++)
				if (M.blocks[x] && M.blocks[x]->online)
					block_offline(M.blocks[x]);
		kmem_remove(d);
		d->kunplugged = true;
		return len;
	}
	t = online_type_parse(s);
	if (t < 0 || t == MMOP_OFFLINE)
		return -EINVAL;
	if (!d->kunplugged)
		return (enum online_type)t == d->kstate_type ? (ssize_t)len : -EBUSY;
	{
		enum online_type saved = M.auto_online;
		int rc;

		M.auto_online = t;
		rc = kmem_probe(d);
		M.auto_online = saved;
		if (rc)
			return rc;
	}
	d->kstate_type = t;
	d->kunplugged = false;
	return len;
}

static const struct attr attr_kstate = { "state", 0644, show_kstate, store_kstate };

void dev_driver_changed(struct dev *d)
{
	char path[1024];

	for (int i = 0; i < 2; i++)
		tree_remove_name(M.drivers[i].dir, d->name);
	tree_remove_name(d->dir, "driver");
	tree_remove_name(d->dir, "state");
	if (!d->drv)
		return;
	tree_path(d->dir, path, sizeof(path));
	tree_link(d->drv->dir, d->name, path);
	tree_path(d->drv->dir, path, sizeof(path));
	tree_link(d->dir, "driver", path);
	if (d->drv->type == DRV_KMEM && M.kv->kmem_state)
		tree_attr(d->dir, &attr_kstate, d);
}

/* really_probe: returns 0 when bound, else the probe's errno */
int driver_probe(struct driver *drv, struct dev *d)
{
	bool dynamic_dax = drv->type == DRV_DEVICE && !d->region->is_static;
	int rc;

	if (!dev_size(d))
		return -ENXIO;
	/*
	 * device_dax on a dynamic device sets the device's page map before claiming the
	 * ranges, and a failed claim leaves it set: every later device_dax probe of that
	 * device fails with EINVAL ("pre-populated page map"; capture kmem-leak-6.12)
	 */
	if (dynamic_dax && d->pgmap_stale)
		return -EINVAL;
	/* the driver claims the device's ranges: a range kmem leaked is still claimed */
	for (int i = 0; i < d->nr; i++)
		if (range_leaked(d->ranges[i].start, d->ranges[i].end)) {
			if (dynamic_dax)
				d->pgmap_stale = true;
			return -EBUSY;
		}
	if (drv->type == DRV_KMEM) {
		rc = kmem_probe(d);
		if (rc)
			return rc;
		d->kstate_type = M.auto_online;
		d->kunplugged = false;
	}
	d->drv = drv;
	if (d->region->seed == d)
		d->region->seed = NULL;
	dev_driver_changed(d);
	devnode_add(d);
	return 0;
}

/* device_attach: first matching driver that binds */
void device_autoprobe(struct dev *d)
{
	if (d->drv)
		return;
	for (int i = 0; i < 2; i++)
		if (driver_match(&M.drivers[i], d) && !driver_probe(&M.drivers[i], d))
			return;
}

int driver_unbind(struct dev *d)
{
	struct driver *drv = d->drv;

	if (!drv)
		return -ENODEV;
	if (drv->type == DRV_KMEM)
		kmem_remove(d);
	d->drv = NULL;
	dev_driver_changed(d);
	return 0;
}

static ssize_t store_bind(void *o, const char *buf, size_t len)
{
	struct driver *drv = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	struct dev *d = dev_lookup(s);
	int rc;

	if (!d || !driver_match(drv, d))
		return -ENODEV;
	if (d->drv)
		return -EBUSY;
	rc = driver_probe(drv, d);
	return rc ? rc : (ssize_t)len;
}

static ssize_t store_unbind(void *o, const char *buf, size_t len)
{
	struct driver *drv = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	struct dev *d = dev_lookup(s);

	if (!d || d->drv != drv)
		return -ENODEV;
	driver_unbind(d);
	return len;
}

/* new_id/remove_id: "dax<int>.<int>" exactly as printed back (one trailing newline) */
static int id_parse(const char *s, char *out, size_t n)
{
	int a, b;

	if (sscanf(s, "dax%d.%d", &a, &b) != 2)
		return -EINVAL;
	snprintf(out, n, "dax%d.%d", a, b);
	return sysfs_streq(out, s) ? 0 : -EINVAL;
}

static ssize_t store_new_id(void *o, const char *buf, size_t len)
{
	struct driver *drv = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	char name[32];

	if (id_parse(s, name, sizeof(name)))
		return -EINVAL;
	if (!id_listed(drv, name)) {
		drv->ids = xrealloc(drv->ids, (drv->nids + 1) * sizeof(*drv->ids));
		drv->ids[drv->nids++] = xstrdup(name);
	}
	/* driver_attach: probe failures are not reported */
	for (int i = 0; i < M.nregions; i++)
		for (int j = 0; j < M.regions[i]->ndevs; j++) {
			struct dev *d = M.regions[i]->devs[j];

			if (!d->drv && driver_match(drv, d))
				driver_probe(drv, d);
		}
	return len;
}

static ssize_t store_remove_id(void *o, const char *buf, size_t len)
{
	struct driver *drv = o;
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	char name[32];

	if (id_parse(s, name, sizeof(name)))
		return -EINVAL;
	for (int i = 0; i < drv->nids; i++)
		if (!strcmp(drv->ids[i], name)) {
			free(drv->ids[i]);
			drv->ids[i] = drv->ids[--drv->nids];
			break;
		}
	return len;
}

static const struct attr drv_attrs[] = {
	{ "bind", 0200, NULL, store_bind },
	{ "new_id", 0200, NULL, store_new_id },
	{ "remove_id", 0200, NULL, store_remove_id },
	{ "uevent", 0200, NULL, store_uevent },
	{ "unbind", 0200, NULL, store_unbind },
};

static ssize_t show_autoprobe(void *o, char *b)
{
	(void)o;
	return snprintf(b, SHOW_MAX, "%d\n", M.autoprobe);
}

static ssize_t store_autoprobe(void *o, const char *buf, size_t len)
{
	_cleanup_free_ char *s = strip_nl_dup(buf, len);

	(void)o;
	/* the driver core tests the first character only */
	M.autoprobe = s[0] != '0';
	return len;
}

static ssize_t store_probe(void *o, const char *buf, size_t len)
{
	_cleanup_free_ char *s = strip_nl_dup(buf, len);
	struct dev *d = dev_lookup(s);

	(void)o;
	if (!d)
		return -ENODEV;
	device_autoprobe(d);
	return len;
}

static const struct attr bus_attrs[] = {
	{ "drivers_autoprobe", 0644, show_autoprobe, store_autoprobe },
	{ "drivers_probe", 0200, NULL, store_probe },
	{ "uevent", 0200, NULL, store_uevent },
};

void drivers_build(void)
{
	struct node *bus = tree_dir_p("/bus/dax");
	static const char *const names[] = { "device_dax", "kmem" };

	tree_dir(bus, "devices");
	tree_attrs(bus, bus_attrs, ARRAY_SIZE(bus_attrs), NULL);
	for (int i = 0; i < 2; i++) {
		struct driver *drv = &M.drivers[i];
		char mod[64], path[128];

		drv->name = names[i];
		drv->type = i ? DRV_KMEM : DRV_DEVICE;
		snprintf(path, sizeof(path), "/bus/dax/drivers/%s", names[i]);
		drv->dir = tree_dir_p(path);
		tree_attrs(drv->dir, drv_attrs, ARRAY_SIZE(drv_attrs), drv);
		snprintf(mod, sizeof(mod), "/module/%s", names[i]);
		tree_link(drv->dir, "module", mod);
		snprintf(mod, sizeof(mod), "/module/%s/drivers", names[i]);
		snprintf(path, sizeof(path), "/bus/dax/drivers/%s", names[i]);
		{
			char ln[64];

			snprintf(ln, sizeof(ln), "dax:%s", names[i]);
			tree_link(tree_dir_p(mod), ln, path);
		}
	}
}
