# Sourced by the bench scripts that start DPDK processes: sets eal_memory to the EAL arguments of
# the memory the run uses, 2 MiB hugepages as the appliance runs (MEMORY=no-huge: ordinary pages).
# As root, 1 GiB of hugepages is reserved for the run if fewer are free, and a hugetlbfs mounted if
# none is; dpdk_memory_restore (call it from the script's EXIT trap) puts both back.
#
#   source "$root/bench/dpdk-memory.sh" SCRIPT-NAME

memory=${MEMORY:-hugepages}
pages_before=$(cat /proc/sys/vm/nr_hugepages)
mounted=""
dpdk_memory_restore() {
    if [[ -n "$mounted" ]]; then umount "$mounted" && rmdir "$mounted"; fi
    if [[ $(cat /proc/sys/vm/nr_hugepages) != "$pages_before" ]]; then echo "$pages_before" > /proc/sys/vm/nr_hugepages; fi
}
if [[ $memory == hugepages ]]; then
    free=$(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo)
    if (( free < 512 )); then
        if [[ $(id -u) != 0 ]]; then
            echo "$1: 512 free 2 MiB hugepages needed (as root it reserves them); or MEMORY=no-huge" >&2
            exit 1
        fi
        echo $(( pages_before + 512 - free )) > /proc/sys/vm/nr_hugepages
    fi
    if ! grep -q ' hugetlbfs ' /proc/mounts; then
        mounted=$(mktemp -d)
        mount -t hugetlbfs nodev "$mounted"
    fi
    eal_memory=(--in-memory)
else
    eal_memory=(--no-huge --no-shconf -m 1024)
fi
echo "memory: $memory ($(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo) hugepages free)"
