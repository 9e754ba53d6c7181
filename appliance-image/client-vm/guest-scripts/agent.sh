#!/bin/sh
# Runs the steps the host hands this guest, one after another, so that one boot serves every
# scenario (a boot costs 30-45 s under TCG, more than most scenarios). Step N is /host/steps/N.env;
# the script it names (STEP_SCRIPT) runs with its output in /host/out/N/, and /host/out/N/rc says
# it finished. /host/quit ends the loop (autorun then powers the guest off).
set -u
mkdir -p /host/out
touch /host/out/agent-ready
echo "agent ready on $(hostname), up $(cut -d' ' -f1 /proc/uptime) s"
n=1
while :; do
    while [ ! -e "/host/steps/$n.env" ]; do
        [ -e /host/quit ] && { echo "agent: quit after $((n - 1)) steps"; exit 0; }
        sleep 0.5
    done
    step_out=/host/out/$n
    mkdir -p "$step_out"
    script=$(sed -n 's/^STEP_SCRIPT=//p' "/host/steps/$n.env")
    echo "agent: step $n ($script)"
    # A pipe keeps the step's log on ttyS1 too; its exit status goes through a file (no pipefail in sh).
    { STEP_ENV=/host/steps/$n.env STEP_OUT=$step_out STEP_SIGNALS=/host/steps/$n \
        sh "/host/$script" 2>&1; echo $? >"$step_out/rc.tmp"; } | tee "$step_out/run.log"
    sync
    mv "$step_out/rc.tmp" "$step_out/rc"
    n=$((n + 1))
done
