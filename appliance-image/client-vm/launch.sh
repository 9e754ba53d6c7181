#!/usr/bin/env bash
# Boots one guest of the reference-client image by direct kernel boot, on a throwaway snapshot of
# the shared image, with its NICs on TAP devices inside a network namespace and a 9p share
# (mount_tag "host") holding its run.sh. QEMU runs in the foreground (exec), so the caller owns its PID.
#
#   launch.sh --image DIR --name NAME --share DIR --logs DIR [--netns NS] [--nic TAP[=MAC]]...
#             [--mem MB] [--smp N] [--append 'KERNEL ARGS']
#
# ttyS0 (kernel console, login with root and no password) goes to LOGS/NAME.console.log,
# ttyS1 (the output of run.sh) to LOGS/NAME.ttyS1.log. QEMU's QMP socket is LOGS/NAME.qmp (vm-report.py
# reads the NICs' virtqueues through it when a step hangs).
# PORTCULLIS_ACCEL=kvm|tcg overrides the accelerator choice; PORTCULLIS_NIC_OPTS replaces the
# virtio-net-pci properties below (event_idx=off; PORTCULLIS_NIC_OPTS=event_idx=on for QEMU's default).
set -euo pipefail

image='' name='' share='' logs='' netns='' mem=512 smp=1 append='' nics=()
while [ $# -gt 0 ]; do
    case $1 in
        --image) image=$2; shift 2 ;;
        --name) name=$2; shift 2 ;;
        --share) share=$2; shift 2 ;;
        --logs) logs=$2; shift 2 ;;
        --netns) netns=$2; shift 2 ;;
        --nic) nics+=("$2"); shift 2 ;;
        --mem) mem=$2; shift 2 ;;
        --smp) smp=$2; shift 2 ;;
        --append) append=$2; shift 2 ;;
        *) echo "launch.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
for v in image name share logs; do
    [ -n "${!v}" ] || { echo "launch.sh: --$v is required" >&2; exit 2; }
done
for f in vmlinuz initrd.img root.img; do
    [ -f "$image/$f" ] || { echo "launch.sh: $image/$f missing (run build-image.sh)" >&2; exit 1; }
done

# /dev/kvm can be nested "PVM" (kvm_pvm), where KVM_CREATE_VM works but a stock kernel crawls and
# -cpu host aborts: only VMX/SVM hardware virtualisation counts as real KVM.
real_kvm() {
    [ -w /dev/kvm ] && [ ! -d /sys/module/kvm_pvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo
}
accel=${PORTCULLIS_ACCEL:-}
if [ -z "$accel" ]; then
    if real_kvm; then accel=kvm; else accel=tcg; fi
fi
if [ "$accel" = kvm ]; then
    accel_args=(-accel kvm -cpu host)
else
    echo "launch.sh: WARNING: no usable hardware KVM here ($( [ -d /sys/module/kvm_pvm ] && echo 'kvm_pvm is nested PVM' || echo 'no vmx/svm or /dev/kvm')): $name runs under TCG emulation, about 10x slower" >&2
    # Not -cpu max: its AVX-512 makes glibc's string functions crawl under TCG (boot measured
    # 90-130 s with max against 49 s with the default qemu64 model).
    accel_args=(-accel tcg,thread=multi)
fi

# Notification suppression by flags, not event indices (virtio 1.x §2.7.7, §2.7.10): with event
# indices, Debian 12's QEMU 7.2 under TCG now and then stops draining a guest's TX queue for good
# in the middle of an iperf3 run. The guest's qdisc keeps handing packets to the driver while
# QEMU's used and avail indices stand still (vm-report.py), so nothing, not even an ARP reply,
# leaves the guest. On 2026-11-23, 4 runs of 7 traffic rows each: with event indices 2 stalls
# (one lasted through the next row too), without them none.
nic_opts=${PORTCULLIS_NIC_OPTS-event_idx=off}
net_args=()
i=0
for nic in "${nics[@]}"; do
    tap=${nic%%=*}
    mac=${nic#*=}
    [ "$mac" = "$nic" ] && mac=$(printf '52:54:00:%02x:%02x:%02x' $((RANDOM % 256)) $((RANDOM % 256)) "$i")
    net_args+=(-netdev "tap,id=n$i,ifname=$tap,script=no,downscript=no"
               -device "virtio-net-pci,id=nic$i,netdev=n$i,mac=$mac${nic_opts:+,$nic_opts}")
    i=$((i + 1))
done

mkdir -p "$logs"
# For a throwaway test guest under TCG: mitigations=off (no page-table isolation, which costs a TLB
# flush per syscall); no crypto self-tests (they held up the first SA install by 5-9 s); no modules
# for i440fx devices and a nested KVM that no scenario uses.
fast_boot='mitigations=off cryptomgr.notests=1 modprobe.blacklist=pcspkr,kvm,kvm_amd,kvm_intel,ata_piix,ata_generic,libata,powernow_k8,floppy,serio_raw'
cmd=(qemu-system-x86_64 -name "$name" -nodefaults -no-user-config -display none -vga none
     "${accel_args[@]}" -m "$mem" -smp "$smp" -no-reboot
     -kernel "$image/vmlinuz" -initrd "$image/initrd.img"
     -append "root=/dev/vda rw console=ttyS0,115200 quiet loglevel=4 panic=-1 $fast_boot net.ifnames=0 systemd.hostname=$name $append"
     -drive "file=$image/root.img,format=raw,if=virtio,snapshot=on"
     -virtfs "local,path=$share,mount_tag=host,security_model=none,id=host"
     -serial "file:$logs/$name.console.log" -serial "file:$logs/$name.ttyS1.log"
     -qmp "unix:$logs/$name.qmp,server=on,wait=off"
     "${net_args[@]}")
if [ -n "$netns" ]; then
    exec ip netns exec "$netns" "${cmd[@]}"
fi
exec "${cmd[@]}"
