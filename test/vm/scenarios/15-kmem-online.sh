# SPDX-License-Identifier: GPL-2.0-or-later
# A 256M device through kmem: bind rules, memory blocks, zones, online/offline errors, unbind.
R=$(regdir dax0.0)
S=$(<"$R/seed")
echo "seed $S"
D=$BUS/devices/$S
wr 268435456 "$D/size"
rd "$D/mapping0/start"
wr "$S" "$BUS/drivers/kmem/bind"
devs
wr "$S" "$BUS/drivers/kmem/new_id"
wr "$S" "$BUS/drivers/kmem/bind"
devs
blocks 31 35
rd "$MEM/auto_online_blocks"
for ((i = 32; i <= 33; i++)); do
	if [ "$(<"$MEM/memory$i/state")" = offline ]; then wr online_movable "$MEM/memory$i/state"; fi
done
blocks 32 33
wr online_movable "$MEM/memory32/state"
wr online "$MEM/memory32/state"
wr bogus "$MEM/memory32/state"
wr 1 "$MEM/memory32/online"
wr offline "$MEM/memory32/state"
wr offline "$MEM/memory32/state"
wr offline "$MEM/memory33/state"
blocks 32 33
wr "$S" "$BUS/drivers/kmem/unbind"
blocks 31 35
devs
wr "$S" "$BUS/drivers/kmem/remove_id"
wr 0 "$D/size"
rd "$R/available_size"
