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

# charon_has CONN: charon answers stroke and has loaded CONN from ipsec.conf. "ipsec status"
# alone only asks whether starter lives, and "ipsec up" exits 7 without a word while charon's pid
# file is not yet written: under load an "up" that came too soon initiated nothing (seen once).
charon_has() { ipsec statusall 2>/dev/null | grep -q "^ *$1: "; }

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

# nic_report WHAT: the guest's side of its NICs after traffic failed, into nic-WHAT.txt: counters,
# queue disciplines, TX watchdog timeouts and virtio interrupts, twice, 3 s apart, while a ping
# goes out of the step's NIC to its first hop. virtio-net counts a TX packet when QEMU hands its
# buffer back: a qdisc "Sent" that grows while the NIC's TX packets and its output interrupts stand
# still means the guest posted packets that QEMU never took; all moving, that they were lost beyond
# the guest. Meanwhile the host is asked for QEMU's side (qemu-wanted; run-scenarios.sh writes qemu.txt).
nic_report() {
    signal qemu-wanted
    _first_hop=$SERVER_ADDR
    [ "${NET:-}" = nat ] && _first_hop=$CLIENT_GW
    {
        for _round in 1 2; do
            echo "== round $_round at $(now) s"
            ip -s -s link show
            tc -s qdisc show
            for _q in /sys/class/net/eth*/queues/tx-*; do
                echo "$_q tx_timeout=$(cat "$_q/tx_timeout" 2>/dev/null)"
            done
            grep -i virtio /proc/interrupts
            [ "$_round" = 2 ] || ping -c 3 -i 1 -W 1 "$_first_hop" 2>&1
        done
        echo "== dmesg"; dmesg | tail -n 40
    } >"$out/nic-$1.txt" 2>&1
    wait_for 20 test -e "$out/qemu.txt" || log "no QEMU report from the host within 20 s"
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
