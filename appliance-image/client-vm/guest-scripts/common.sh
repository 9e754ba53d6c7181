# Sourced by the step scripts that agent.sh runs: the step's settings are $STEP_ENV, its output
# folder $STEP_OUT, and the host signals it by creating files named $STEP_SIGNALS.<what>.
# POSIX sh (the guest has dash and no python).
set -u
. "$STEP_ENV"
out=$STEP_OUT
mkdir -p "$out"
signal() { touch "$out/$1"; }                    # to the host
signalled() { test -e "$STEP_SIGNALS.$1"; }      # from the host

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

# gone PID: the process has exited (a zombie child counts: kill -0 would still succeed on it).
gone() { [ ! -d "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
# stop_xl2tpd: SIGTERM (it sends StopCCN to its peers), then reaps it.
stop_xl2tpd() {
    [ -e /run/xl2tpd.pid ] || return 0
    _xl2tpd_pid=$(cat /run/xl2tpd.pid)
    kill "$_xl2tpd_pid" 2>/dev/null
    wait_for 10 gone "$_xl2tpd_pid" || log "xl2tpd still running 10 s after SIGTERM"
    wait "$_xl2tpd_pid" 2>/dev/null
    rm -f /run/xl2tpd.pid
}
