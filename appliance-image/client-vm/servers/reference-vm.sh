#!/usr/bin/env bash
# A server command that serves its row with the reference guest (strongSwan + xl2tpd + pppd),
# bridged onto the command's own interfaces. It exercises the server-command contract end to end
# (PC_* settings, PC_READY, SIGTERM with clients connected) with a server known to work, e.g.
#   READY_TIMEOUT=400 run-scenarios.sh --require \
#       --server portcullis=appliance-image/client-vm/servers/reference-vm.sh 'l2tp-ipsec-*'
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
share=$PC_LOG_DIR/guest

# The guest's NICs join PC_WAN_IF and PC_LAN_IF through a bridge each, inside this namespace.
for side in wan lan; do
    iface_var=PC_${side^^}_IF
    ip link add "br-$side" type bridge
    ip link set "${!iface_var}" master "br-$side"
    ip link set "br-$side" up
    ip tuntap add "t-$side" mode tap
    ip link set "t-$side" master "br-$side" up
done

mkdir -p "$share/steps" "$share/out"
install -m 0755 "$here/guest-scripts/agent.sh" "$share/run.sh"
install -m 0644 "$here"/guest-scripts/{common.sh,ref-server.sh} "$share/"
cat >"$share/steps/1.env" <<ENV
STEP_SCRIPT=ref-server.sh
IPSEC=$PC_IPSEC
PSK='$PC_PSK'
PPP_AUTH=$PC_PPP_AUTH
PPP_USER=$PC_PPP_USER
PPP_PASSWORD=$PC_PPP_PASSWORD
PPP_POOL=$PC_PPP_POOL
PPP_SERVER_ADDR=$PC_PPP_SERVER_ADDR
DNS_ADDR=$PC_DNS_ADDR
SERVER_WAN_ADDR=$PC_SERVER_WAN_ADDR
SERVER_LAN_ADDR=$PC_SERVER_LAN_ADDR
WAN_PREFIX=$PC_WAN_PREFIX
LAN_PREFIX=$PC_LAN_PREFIX
SERVER_IKE='$PC_SERVER_IKE'
SERVER_ESP='$PC_SERVER_ESP'
SHA256_96=$PC_SHA256_96
DPD_DELAY_S=$PC_DPD_DELAY_S
DPD_TIMEOUT_S=$PC_DPD_TIMEOUT_S
ENV

image=$("$here/build-image.sh" | tail -1)
"$here/launch.sh" --image "$image" --name ref-vm --share "$share" --logs "$PC_LOG_DIR" \
    --nic t-wan=52:54:00:00:00:01 --nic t-lan=52:54:00:00:01:01 </dev/null &
qemu=$!

# SIGTERM: the guest tears its clients down (StopCCN, IKE deletes), then powers off.
stop() {
    touch "$share/steps/1.stop"
    # Within the runner's 30 s between SIGTERM and SIGKILL.
    for _ in $(seq 22); do [ -e "$share/out/1/rc" ] && break; sleep 1; done
    touch "$share/quit"
    for _ in $(seq 5); do kill -0 "$qemu" 2>/dev/null || break; sleep 1; done
    kill "$qemu" 2>/dev/null || true
    echo "reference-vm.sh: stopped"
    exit 0
}
trap stop TERM

until [ -e "$share/out/1/ready" ]; do
    kill -0 "$qemu" 2>/dev/null || { echo "reference-vm.sh: the guest died before serving" >&2; exit 1; }
    sleep 1
done
echo "reference-vm.sh: serving"
touch "$PC_READY"
# Waits in the background so that the TERM trap runs at once.
while kill -0 "$qemu" 2>/dev/null; do sleep 1 & wait $! || true; done
echo "reference-vm.sh: the guest stopped by itself" >&2
exit 1
