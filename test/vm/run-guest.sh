#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot Debian's 6.1 or 6.12 kernel under qemu and run one bash script inside as root.
#   run-guest.sh [-k 6.1|6.12] [-m MEMMAP]... [-s DIR]... [-a KARG]... [-f FILE]... [-t SECS] [-r RAM] SCRIPT [ARGS...]
# -k   kernel (default 6.1)
# -m   memmap= value, repeatable (default: one hmem region, 2G%4G-1+0xefffffff = 0x100000000
#      +2G becomes Soft Reserved); -m none for no memmap at all; '1G!6G' gives static pmem
# -s   host directory shared read-only over 9p at the same path in the guest (repeatable)
# -a   extra kernel argument (repeatable), e.g. memhp_default_state=offline
# -f   host file copied into the guest's /guest/ (repeatable)
# -t   wall-clock limit for qemu in seconds (default 900: TCG on a loaded machine is slow)
# -r   guest RAM (default 8G; RAM above 2G starts at 0x100000000), e.g. 14G for memmap= ranges
#      up to 0x3ffffffff (qemu allocates host memory only where the guest touches it)
# The guest has 8G of RAM (-r) and 2 CPUs, busybox, the host's bash/coreutils/jq and the libraries
# our daxctl links with. SCRIPT runs with cwd /guest and ARGS; its stdout+stderr are printed
# here and its exit status is returned (125: the guest reported none: boot failure, timeout).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K=6.1 TIMEOUT=900 RAM=8G memmaps=() shares=() kargs=() files=()
usage() { sed -n '3,17p' "$0" >&2; exit 2; }
while getopts k:m:s:a:f:t:r: o; do
	case $o in
	k) K=$OPTARG ;;
	m) memmaps+=("$OPTARG") ;;
	s) shares+=("$(cd "$OPTARG" && pwd -P)") ;;
	a) kargs+=("$OPTARG") ;;
	f) files+=("$OPTARG") ;;
	t) TIMEOUT=$OPTARG ;;
	r) RAM=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
script=$1
shift
[ ${#memmaps[@]} -gt 0 ] || memmaps=('2G%4G-1+0xefffffff')

"$HERE/build-cache.sh" "$K" 2> >(grep -v unsandboxed >&2)
C=${VMCACHE:-${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/vm}/$K

run=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-vm.XXXXXX")
trap 'rm -rf "$run"' EXIT
mkdir -p "$run/root/guest"
for f in "${files[@]}"; do cp "$f" "$run/root/guest/"; done
{
	printf 'cd /guest\nset --'
	printf ' %q' "$@"
	printf '\n'
	cat "$script"
} >"$run/root/guest/run.sh"
(cd "$run/root" && find . | cpio -o -H newc --quiet | gzip -1) >"$run/extra.cpio.gz"
cat "$C/base.cpio.gz" "$run/extra.cpio.gz" >"$run/initrd"

append="console=ttyS0,115200 quiet panic=-1 rdinit=/init"
for m in "${memmaps[@]}"; do [ "$m" = none ] || append+=" memmap=$m"; done
q=(qemu-system-x86_64 -accel tcg -cpu max -machine q35 -smp 2 -m "$RAM"
	-display none -vga none -nic none -no-reboot -monitor none
	-serial "file:$run/console.log" -serial "file:$run/out.log" -initrd "$run/initrd")
# The ELF vmlinux boots through PVH, twice as fast under TCG as the compressed image.
if [ -f "$C/vmlinux" ]; then q+=(-kernel "$C/vmlinux"); else q+=(-kernel "$C/vmlinuz"); fi
if [ ${#shares[@]} -gt 0 ]; then
	n=0 list=
	for d in "${shares[@]}"; do
		q+=(-virtfs "local,path=$d,mount_tag=share$n,security_model=none,readonly=on")
		list+=${list:+,}$d
		n=$((n + 1))
	done
	append+=" vm.share=$list"
fi
append+=" ${kargs[*]}"
# One guest at a time on this machine: TCG takes a whole core.
exec 7>"${VMCACHE:-${DAXCTL_TEST_CACHE:-/var/cache/daxctl-test}/vm}/.qemu.lock"
flock 7
# A kernel that dies before reaching /init (Debian 6.12 under TCG now and then oopses on an
# int3 in early boot) ran nothing of ours: boot it once more.
for try in 1 2; do
	rc=0
	timeout "$TIMEOUT" "${q[@]}" -append "$append" </dev/null || rc=$?
	[ $rc = 0 ] || echo "run-guest: qemu exited with $rc (limit ${TIMEOUT}s)" >&2
	grep -aq VM_BOOTED "$run/console.log" 2>/dev/null && break
	[ $try = 2 ] || { echo "run-guest: the kernel died before /init; booting again" >&2; tail -n 5 "$run/console.log" >&2; }
done
touch "$run/out.log"
sed 's/\r$//' "$run/out.log"
grc=$(grep -ao 'VM_RC=[0-9]*' "$run/console.log" 2>/dev/null | tail -1 | cut -d= -f2 || true)
if [ -z "$grc" ]; then
	echo "run-guest: the guest reported no exit status; end of its console:" >&2
	tail -n 30 "$run/console.log" >&2 || true
	exit 125
fi
exit "$grc"
