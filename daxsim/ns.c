// SPDX-License-Identifier: GPL-2.0-or-later
/* Private mount namespace, user namespace when unprivileged, and the /dev seen by CMD. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "daxsim.h"

int ns_enter(void);
int ns_setup_dev(void);

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -EIO;
}

/* Enter a private mount namespace (and a user namespace when not root). */
int ns_enter(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (access("/dev/fuse", R_OK | W_OK)) {
		fprintf(stderr, "daxsim: /dev/fuse is %s: daxsim needs the FUSE device "
			"(modprobe fuse; in a container, pass --device /dev/fuse)\n",
			errno == ENOENT ? "missing" : "not accessible (read/write)");
		return -ENODEV;
	}
	if (uid != 0) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS)) {
			fprintf(stderr, "daxsim: not root, and cannot create a user namespace "
				"(unshare(CLONE_NEWUSER): %s); unprivileged user namespaces are "
				"disabled here (see kernel.unprivileged_userns_clone, "
				"user.max_user_namespaces, AppArmor restrictions): run daxsim as root\n",
				strerror(errno));
			return -EPERM;
		}
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %u 1\n", uid);
		if (write_file("/proc/self/uid_map", map)) {
			fprintf(stderr, "daxsim: cannot write /proc/self/uid_map\n");
			return -EPERM;
		}
		snprintf(map, sizeof(map), "0 %u 1\n", gid);
		if (write_file("/proc/self/gid_map", map)) {
			fprintf(stderr, "daxsim: cannot write /proc/self/gid_map\n");
			return -EPERM;
		}
	} else if (unshare(CLONE_NEWNS)) {
		fprintf(stderr, "daxsim: cannot create a mount namespace (unshare(CLONE_NEWNS): %s): "
			"daxsim needs CAP_SYS_ADMIN or unprivileged user namespaces\n", strerror(errno));
		return -EPERM;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
		fprintf(stderr, "daxsim: cannot make mounts private: %s\n", strerror(errno));
		return -EPERM;
	}
	return 0;
}

/*
 * Replace /dev with a tmpfs holding the host's /dev entries (bind-mounted, so
 * null, zero, tty, pts, shm... keep working) minus any host daxX.Y, plus our
 * daxX.Y nodes.
 */
int ns_setup_dev(void)
{
	int odev = open("/dev", O_PATH | O_DIRECTORY | O_CLOEXEC);
	int lfd;
	DIR *dir;
	struct dirent *de;
	char src[PATH_MAX], dst[PATH_MAX];

	if (odev < 0)
		return -errno;
	lfd = openat(odev, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lfd < 0 || !(dir = fdopendir(lfd))) {
		close(odev);
		return -errno;
	}
	if (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID, "mode=755,size=1m")) {
		fprintf(stderr, "daxsim: cannot mount a tmpfs on /dev: %s\n", strerror(errno));
		closedir(dir);
		close(odev);
		return -EPERM;
	}
	while ((de = readdir(dir))) {
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!strncmp(de->d_name, "dax", 3))
			continue;
		if (fstatat(odev, de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		snprintf(src, sizeof(src), "/proc/self/fd/%d/%s", odev, de->d_name);
		snprintf(dst, sizeof(dst), "/dev/%s", de->d_name);
		if (S_ISLNK(st.st_mode)) {
			char t[PATH_MAX];
			ssize_t n = readlinkat(odev, de->d_name, t, sizeof(t) - 1);

			if (n > 0) {
				t[n] = 0;
				if (symlink(t, dst))
					continue;
			}
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (mkdir(dst, st.st_mode & 07777))
				continue;
		} else {
			int fd = open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);

			if (fd < 0)
				continue;
			close(fd);
		}
		if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL)) {
			if (S_ISDIR(st.st_mode))
				rmdir(dst);
			else
				unlink(dst);
		}
	}
	closedir(dir);
	close(odev);
	M.devroot = "/dev";
	for (int i = 0; i < M.nregions; i++)
		for (int j = 0; j < M.regions[i]->ndevs; j++)
			devnode_add(M.regions[i]->devs[j]);
	return 0;
}

/*
 * Name of character major @major in the host's /proc/devices (copied into name), 1 when
 * found, 0 when not, -errno when the file cannot be read.
 */
int host_chrdev(int major, char *name, size_t len)
{
	FILE *f = fopen("/proc/devices", "re");
	char line[256];
	bool chr = false;
	int found = 0;

	if (!f)
		return -errno;
	while (!found && fgets(line, sizeof(line), f)) {
		char nm[200];
		int m;

		if (!strncmp(line, "Character devices:", 18))
			chr = true;
		else if (!strncmp(line, "Block devices:", 14))
			chr = false;
		else if (chr && sscanf(line, "%d %199s", &m, nm) == 2 && m == major) {
			snprintf(name, len, "%s", nm);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/*
 * The /dev/daxX.Y nodes are real character devices (when privileged): a major the host
 * kernel has registered would open the host's driver (its real dax devices, say). So a
 * topology dax_major must be free on this host, and the default is the first free one of
 * the majors reserved for local/experimental use (Documentation/admin-guide/devices.txt),
 * 120-127 and 60-63, which the kernel never hands out dynamically; then 240-254.
 */
int dax_major_choose(struct topo *t, const char *file)
{
	static const int pick[][2] = { { 120, 127 }, { 60, 63 }, { 240, 254 } };
	char name[200];
	int rc;

	if (t->dax_major) {
		rc = host_chrdev(t->dax_major, name, sizeof(name));
		if (rc < 0) {
			fprintf(stderr, "daxsim: %s:%d: key 'dax_major': cannot read /proc/devices (%s), "
				"so cannot tell whether the host uses major %d\n",
				file, t->dax_major_line, strerror(-rc), t->dax_major);
			return -ENODEV;
		}
		if (rc) {
			fprintf(stderr, "daxsim: %s:%d: key 'dax_major': major %d is the host's '%s' "
				"character device (/proc/devices): /dev/daxX.Y would open the host's "
				"real devices; choose a major /proc/devices does not list, or leave "
				"dax_major out to get a free one\n",
				file, t->dax_major_line, t->dax_major, name);
			return -EINVAL;
		}
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(pick); i++)
		for (int m = pick[i][0]; m <= pick[i][1]; m++) {
			rc = host_chrdev(m, name, sizeof(name));
			if (rc < 0) {
				fprintf(stderr, "daxsim: cannot read /proc/devices (%s): cannot pick a "
					"dax major the host does not use\n", strerror(-rc));
				return -ENODEV;
			}
			if (!rc) {
				t->dax_major = m;
				return 0;
			}
		}
	fprintf(stderr, "daxsim: %s: no free character major for the dax devices (the host "
		"registers 60-63, 120-127 and 240-254): set dax_major in [machine]\n", file);
	return -EINVAL;
}

void devnode_add(struct dev *d)
{
	char path[PATH_MAX];
	struct stat st;

	if (!M.devroot)
		return;
	snprintf(path, sizeof(path), "%s/%s", M.devroot, d->name);
	if (!lstat(path, &st))
		return;
	if (M.unprivileged_dev || mknod(path, S_IFCHR | 0600, makedev(M.dax_major, d->minor))) {
		/*
		 * No CAP_MKNOD (a user namespace): a socket inode stands in, since open(2)
		 * on one fails with ENXIO, as opening an unbound dax device does.
		 */
		if (!M.unprivileged_dev)
			fprintf(stderr, "daxsim: cannot create character devices (%s): /dev/daxX.Y are "
				"socket files (opening one fails with ENXIO)\n", strerror(errno));
		M.unprivileged_dev = true;
		mknod(path, S_IFSOCK | 0600, 0);
	}
}

void devnode_del(struct dev *d)
{
	char path[PATH_MAX];

	if (!M.devroot)
		return;
	snprintf(path, sizeof(path), "%s/%s", M.devroot, d->name);
	unlink(path);
}
