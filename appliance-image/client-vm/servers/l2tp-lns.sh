#!/usr/bin/env bash
# The harness's "l2tp-lns" server: a plain L2TP/PPP endpoint (no IPsec) on the host side of the WAN
# segment, issue 5's interop proof. run-scenarios.sh runs this inside a namespace with the PC_*
# settings of README.md's contract and waits for PC_READY. A socket-based LNS first gives the
# kernel its address: ip addr add "$PC_SERVER_WAN_ADDR/$PC_WAN_PREFIX" dev "$PC_WAN_IF".
# Issue 5 replaces the lines below with its command (or passes --server l2tp-lns='COMMAND').
set -euo pipefail
echo "l2tp-lns.sh: no plain-L2TP endpoint to start yet (issue 5)" >&2
exit 3
