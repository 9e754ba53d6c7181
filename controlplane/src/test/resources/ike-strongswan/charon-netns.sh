#!/usr/bin/env bash
# Runs strongSwan's charon in a network namespace of its own, for the IKEv1 interop tests.
#   charon-netns.sh up   DIR NAME OCTET [nat]   create the namespace(s), veths, NAT; start charon
#   charon-netns.sh down DIR NAME               stop charon, delete everything "up" made
# Without nat: root 10.199.OCTET.1 <-> NAME 10.199.OCTET.2 (charon).
# With nat:    root 10.199.OCTET.1 <-> NAME-nat 10.199.OCTET.2 (MASQUERADE) <-> NAME 10.198.OCTET.2 (charon).
# DIR holds strongswan.conf and swanctl.conf (the test writes them), the log, the vici socket and pid.
# charon runs in a private mount namespace with its own /run, so its pid file meets no other charon.
set -euo pipefail
cmd=$1 dir=$2 name=$3
veth_root="pi${name: -6}r"; veth_ns="pi${name: -6}n"; veth_nat="pi${name: -6}m"; veth_cl="pi${name: -6}c"
case "$cmd" in
up)
  octet=$4 nat=${5:-}
  ip netns add "$name"
  ip link add "$veth_root" type veth peer name "$veth_ns"
  ip addr add "10.199.$octet.1/24" dev "$veth_root"
  ip link set "$veth_root" up
  if [ -z "$nat" ]; then
    ip link set "$veth_ns" netns "$name"
    ip -n "$name" addr add "10.199.$octet.2/24" dev "$veth_ns"
    ip -n "$name" link set "$veth_ns" up
  else
    ip netns add "$name-nat"
    ip link set "$veth_ns" netns "$name-nat"
    ip -n "$name-nat" addr add "10.199.$octet.2/24" dev "$veth_ns"
    ip -n "$name-nat" link set "$veth_ns" up
    ip link add "$veth_nat" type veth peer name "$veth_cl"
    ip link set "$veth_nat" netns "$name-nat"
    ip link set "$veth_cl" netns "$name"
    ip -n "$name-nat" addr add "10.198.$octet.1/24" dev "$veth_nat"
    ip -n "$name-nat" link set "$veth_nat" up
    ip -n "$name-nat" link set lo up
    ip netns exec "$name-nat" sysctl -qw net.ipv4.ip_forward=1
    ip netns exec "$name-nat" iptables -t nat -A POSTROUTING -o "$veth_ns" -j MASQUERADE
    ip -n "$name" addr add "10.198.$octet.2/24" dev "$veth_cl"
    ip -n "$name" link set "$veth_cl" up
    ip -n "$name" route add default via "10.198.$octet.1"
  fi
  ip -n "$name" link set lo up
  # charon's side of the site-to-site tunnel tests: it wants an address inside its local selector.
  ip -n "$name" addr add 192.168.10.1/24 dev lo
  rm -f "$dir/charon.vici" "$dir/charon.pid"
  ip netns exec "$name" unshare -m --propagation private sh -c \
    "mount -t tmpfs none /run && echo \$\$ > '$dir/charon.pid' && STRONGSWAN_CONF='$dir/strongswan.conf' exec /usr/lib/ipsec/charon" \
    > "$dir/charon.stdout" 2>&1 < /dev/null &
  for _ in $(seq 1 100); do
    [ -S "$dir/charon.vici" ] && break
    sleep 0.1
  done
  [ -S "$dir/charon.vici" ] || { echo "charon did not start:"; cat "$dir/charon.stdout" "$dir/charon.log" 2>/dev/null; exit 1; }
  ip netns exec "$name" swanctl --load-all --noprompt --uri "unix://$dir/charon.vici" --file "$dir/swanctl.conf" >"$dir/swanctl.out" 2>&1
  ;;
down)
  if [ -f "$dir/charon.pid" ]; then
    pid=$(cat "$dir/charon.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  ip link del "$veth_root" 2>/dev/null || true
  ip netns del "$name" 2>/dev/null || true
  ip netns del "$name-nat" 2>/dev/null || true
  ;;
*)
  echo "usage: $0 up|down DIR NAME [OCTET [nat]]" >&2; exit 2 ;;
esac
