# Sourced by the guest scripts: the share is /host, the scenario's settings are /host/config.env.
# POSIX sh (the guest has dash and no python); output goes to ttyS1 and /host/out/run.log.
set -u
. /host/config.env
out=/host/out
mkdir -p "$out"

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { echo "[$(now)] $*"; }

# wait_for SECONDS CMD...: polls CMD every half second; fails after SECONDS.
wait_for() {
    _wait_limit=$1; shift
    _wait_t0=$(now)   # sh has no locals: a name of its own, so callers' t0 survives
    while ! "$@" >/dev/null 2>&1; do
        if awk -v a="$_wait_t0" -v b="$(now)" -v l="$_wait_limit" 'BEGIN { exit !(b - a > l) }'; then
            return 1
        fi
        sleep 0.5
    done
}

# up_if DEV ADDR/PREFIX: brings a NIC up with one address.
up_if() {
    ip link set "$1" up
    ip addr add "$2" dev "$1"
}

ppp_has_addr() { ip -4 addr show dev ppp0 2>/dev/null | grep -q 'inet '; }
ppp_gone() { ! ip link show dev ppp0 >/dev/null 2>&1; }

# Charon writes its log into the share, so a failed negotiation can be read from the host.
write_strongswan_log_conf() {
    cat >/etc/strongswan.d/zz-harness.conf <<CONF
charon {
    filelog {
        charon {
            path = $out/charon.log
            time_format = %T
            default = 1
            ike = 2
            knl = 1
            flush_line = yes
        }
    }
}
CONF
}

dump_state() {
    {
        echo "== ip addr"; ip addr
        echo "== ip route"; ip route
        echo "== ip xfrm state (keys elided)"; ip xfrm state | grep -v -E '^\s*(auth|enc|aead)'
        echo "== ip xfrm policy"; ip xfrm policy
        echo "== ipsec statusall"; ipsec statusall 2>&1
    } >"$out/state-$1.txt" 2>&1
}
