#!/usr/bin/env bash
# Builds the reference-client VM image: Debian 12 (minbase) with a kernel, strongSwan, xl2tpd, pppd
# and iperf3, plus a oneshot unit that runs /host/run.sh from a 9p share. The same image serves as
# client and, for scenario 5, as the strongSwan + xl2tpd server.
#
# Output (cached, keyed on a hash of this recipe: this script and guest/*):
#   ~/.cache/portcullis/client-vm/<hash>/{vmlinuz,initrd.img,root.img,recipe.sha256}
# Prints that directory on stdout as its last line. Rebuilds only when the recipe changes, and then
# deletes the images of older recipes. Downloaded .debs are kept in ~/.cache/portcullis/debs.
# Needs root, debootstrap, e2fsprogs (mkfs.ext4 -d) and Debian's archive.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
image_size=1536M
packages=(
    linux-image-amd64 initramfs-tools
    strongswan strongswan-starter strongswan-charon strongswan-swanctl
    xl2tpd ppp
    iproute2 iputils-ping iperf3 tcpdump
    systemd-sysv udev kmod procps netbase
)
# The initramfs only needs to find an ext4 root on virtio; 9p is there so the share mounts early.
initramfs_modules=(virtio_pci virtio_blk virtio_net 9p 9pnet_virtio ext4)
# Units that would start with stock configs, or that only slow a throwaway guest's boot.
masked_units=(
    strongswan-starter.service ipsec.service xl2tpd.service iperf3.service
    apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer
    getty@tty1.service getty-static.service systemd-timesyncd.service
    dpkg-db-backup.timer systemd-tmpfiles-clean.timer
)

cache_root=${PORTCULLIS_CACHE:-$HOME/.cache/portcullis}
recipe_hash=$( { cat "$here/build-image.sh"; for f in "$here"/guest/*; do echo "== ${f##*/}"; cat "$f"; done; } \
    | sha256sum | cut -c1-16)
out=$cache_root/client-vm/$recipe_hash

log() { echo "build-image: $*" >&2; }

if [ -f "$out/recipe.sha256" ]; then
    log "cached: $out"
    echo "$out"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    log "needs root (debootstrap, chroot, mkfs.ext4 -d with root-owned files)"
    exit 1
fi
for tool in debootstrap mkfs.ext4; do
    command -v "$tool" >/dev/null || { log "missing $tool (apt-get install debootstrap e2fsprogs)"; exit 1; }
done

mkdir -p "$cache_root/client-vm" "$cache_root/debs"
work=$(mktemp -d "$cache_root/client-vm/.build-XXXXXX")
rootfs=$work/rootfs
cleanup() {
    for m in dev/pts dev sys proc; do
        mountpoint -q "$rootfs/$m" 2>/dev/null && umount -l "$rootfs/$m"
    done
    rm -rf "$work"
}
trap cleanup EXIT

start=$SECONDS
log "debootstrap $suite (minbase) from $mirror into $rootfs"
include=$(IFS=,; echo "${packages[*]}")
# Downloaded .debs are kept in the cache (never in the repository) so a recipe change refetches little.
debootstrap --variant=minbase --include="$include" --cache-dir="$cache_root/debs" \
    "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -30 "$work/debootstrap.log" >&2
    log "debootstrap failed"
    exit 1
}
log "debootstrap done in $((SECONDS - start)) s"

# --- configuration of the guest ---
echo pc-guest >"$rootfs/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 pc-guest\n' >"$rootfs/etc/hosts"
# No fsck: every guest runs on a throwaway snapshot of this image.
echo '/dev/vda / ext4 rw,noatime,errors=remount-ro 0 0' >"$rootfs/etc/fstab"
chroot "$rootfs" passwd -d root >/dev/null   # console login for debugging, ttyS0
install -m 0755 "$here/guest/portcullis-autorun" "$rootfs/usr/local/sbin/portcullis-autorun"
install -m 0644 "$here/guest/portcullis-autorun.service" "$rootfs/etc/systemd/system/portcullis-autorun.service"
ln -sf /etc/systemd/system/portcullis-autorun.service \
    "$rootfs/etc/systemd/system/multi-user.target.wants/portcullis-autorun.service"
for unit in "${masked_units[@]}"; do
    ln -sf /dev/null "$rootfs/etc/systemd/system/$unit"
done
# Keep the journal in memory; the guest's disk is a snapshot anyway.
mkdir -p "$rootfs/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\n' >"$rootfs/etc/systemd/journald.conf.d/volatile.conf"
# Modules the scenarios need, loaded at boot so a missing one fails loudly in the guest's log. The
# ESP transforms' modules too: loading them on demand delayed the responder's first SA by seconds
# under TCG, and the client's first SCCRQs were dropped meanwhile.
printf '%s\n' esp4 xfrm_user af_key l2tp_core l2tp_netlink l2tp_ppp ppp_generic ppp_async sch_netem \
    authenc echainiv seqiv des_generic sha512_generic gcm ghash-generic ctr \
    >"$rootfs/etc/modules-load.d/portcullis.conf"

# --- a small initramfs ---
sed -i 's/^MODULES=.*/MODULES=list/' "$rootfs/etc/initramfs-tools/initramfs.conf"
sed -i 's/^COMPRESS=.*/COMPRESS=zstd/' "$rootfs/etc/initramfs-tools/initramfs.conf"
printf '%s\n' "${initramfs_modules[@]}" >"$rootfs/etc/initramfs-tools/modules"
mount -t proc proc "$rootfs/proc"
mount -t sysfs sys "$rootfs/sys"
mount --bind /dev "$rootfs/dev"
kernel_version=$(ls "$rootfs/lib/modules" | sort -V | tail -1)
chroot "$rootfs" update-initramfs -u -k "$kernel_version" >"$work/initramfs.log" 2>&1 || {
    cat "$work/initramfs.log" >&2; exit 1; }
umount "$rootfs/dev" "$rootfs/sys" "$rootfs/proc"

# --- slim down and pack ---
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
    "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log "$rootfs"/var/cache/debconf/*-old
cp "$rootfs/boot/vmlinuz-$kernel_version" "$work/vmlinuz"
cp "$rootfs/boot/initrd.img-$kernel_version" "$work/initrd.img"
# stdout carries only the image's directory: mkfs.ext4 says "Creating regular file" even with -q.
mkfs.ext4 -q -F -L pc-root -d "$rootfs" "$work/root.img" "$image_size" >&2
echo "$recipe_hash kernel=$kernel_version built=$(date -u +%FT%TZ) seconds=$((SECONDS - start))" \
    >"$work/recipe.sha256"
rm -rf "$out"
mkdir -p "$out"
mv "$work/vmlinuz" "$work/initrd.img" "$work/root.img" "$work/recipe.sha256" "$out/"
# Images of older recipes are never used again.
for old in "$cache_root"/client-vm/*/; do
    [ "${old%/}" = "$out" ] || rm -rf "${old%/}"
done
log "built $out in $((SECONDS - start)) s (kernel $kernel_version, initrd $(du -h "$out/initrd.img" | cut -f1))"
echo "$out"
