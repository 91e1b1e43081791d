// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sio: one sysfs operation, result on stdout, for the daxsim tests.
 *   sio w PATH VALUE   write VALUE plus "\n" in one write(): prints ok or the errno name
 *   sio n PATH VALUE   same without the newline
 *   sio z PATH VALUE   VALUE, "\n" and a NUL byte (as libdaxctl writes)
 *   sio r PATH         print the content (one read of 4096 bytes), or the errno name
 *   sio o PATH MODE    open only (MODE r, w, rw, c = O_WRONLY|O_CREAT): ok or errno name
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *ename(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
		{ E2BIG, "E2BIG" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EBUSY, "EBUSY" },
		{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EISDIR, "EISDIR" }, { EAGAIN, "EAGAIN" },
		{ EINTR, "EINTR" }, { ENOTDIR, "ENOTDIR" }, { EEXIST, "EEXIST" },
	};
	static char buf[16];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].e == e)
			return t[i].n;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

int main(int argc, char **argv)
{
	char buf[8192];
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: sio w|n|r|o PATH [VALUE|MODE]\n");
		return 2;
	}
	switch (argv[1][0]) {
	case 'w':
	case 'n':
	case 'z': {
		size_t len;

		if (argc < 4)
			return 2;
		len = snprintf(buf, sizeof(buf), "%s%s", argv[3], argv[1][0] == 'n' ? "" : "\n");
		if (argv[1][0] == 'z')
			len++;	/* the terminating NUL */
		fd = open(argv[2], O_WRONLY);
		if (fd < 0) {
			puts(ename(errno));
			return 0;
		}
		ssize_t n = write(fd, buf, len);

		if (n < 0)
			puts(ename(errno));
		else if ((size_t)n != len)
			printf("short:%zd\n", n);
		else
			puts("ok");
		close(fd);
		return 0;
	}
	case 'r': {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0) {
			puts(ename(errno));
			return 0;
		}
		ssize_t n = read(fd, buf, 4096);

		if (n < 0)
			puts(ename(errno));
		else
			fwrite(buf, 1, n, stdout);
		close(fd);
		return 0;
	}
	case 'o': {
		int fl = O_RDONLY;

		if (argc < 4)
			return 2;
		if (!strcmp(argv[3], "w"))
			fl = O_WRONLY;
		else if (!strcmp(argv[3], "rw"))
			fl = O_RDWR;
		else if (!strcmp(argv[3], "c"))
			fl = O_WRONLY | O_CREAT;
		fd = open(argv[2], fl, 0644);
		if (fd < 0)
			puts(ename(errno));
		else
			puts("ok");
		return 0;
	}
	}
	return 2;
}
