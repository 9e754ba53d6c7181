#!/usr/bin/env bash
# The harness's "l2tp-lns" server: a plain L2TP/PPP endpoint (no IPsec) on the host side of the WAN
# segment, issue 5's interop proof. run-scenarios.sh runs this inside a namespace with the PC_*
# settings of README.md's contract and waits for PC_READY.
# The LNS is the appliance's own (bin/portcullis) in plain-L2TP mode: `ipsec-settings mode
# optional` and no pre-shared secret, so it serves L2TP in clear on UDP 1701 and no IKE; it drives
# both interfaces through DPDK's net_af_packet (no kernel addresses) and answers ARP itself.
set -euo pipefail
if [ "$PC_IPSEC" = yes ]; then
    echo "l2tp-lns.sh: the LNS alone serves plain L2TP only; use the portcullis server for IPsec rows" >&2
    exit 3
fi
PORTCULLIS_IKE=no exec "$(dirname "${BASH_SOURCE[0]}")/portcullis.sh"
