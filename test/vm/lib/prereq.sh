# SPDX-License-Identifier: GPL-2.0-or-later
# vm_prereq: returns 0 when a guest can be booted here, 77 (with a message naming what is
# missing) when something outside the project is, so the caller can skip.
vm_prereq() {
	local t missing=
	for t in qemu-system-x86_64 cpio gzip xz zstd depmod busybox apt-get dpkg-deb jq; do
		command -v "$t" >/dev/null 2>&1 || missing+=" $t"
	done
	# the guest needs the static busybox (package busybox-static), not the dynamic one
	{ [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; } || missing+=" busybox-static"
	if [ -n "$missing" ]; then
		echo "SKIP: the real-kernel testbed needs:$missing (Debian: qemu-system-x86 busybox-static cpio xz-utils zstd kmod jq)" >&2
		return 77
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP: the real-kernel testbed needs root (apt-get download into the cache)" >&2
		return 77
	fi
	return 0
}

# vm_cache K: fetch and build the guest pieces for kernel K; 77 when that cannot be done
vm_cache() {
	if ! "$(dirname "${BASH_SOURCE[0]}")/../build-cache.sh" "$1" 2> >(grep -v unsandboxed >&2); then
		echo "SKIP: could not fetch or unpack Debian's $1 kernel (network? apt?)" >&2
		return 77
	fi
}
