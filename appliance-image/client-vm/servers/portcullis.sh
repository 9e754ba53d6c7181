#!/usr/bin/env bash
# The harness's "portcullis" server: the appliance's main job, started on the host side of the WAN
# segment. run-scenarios.sh runs this inside a namespace with the PC_* settings of README.md's
# contract (interfaces PC_WAN_IF/PC_LAN_IF, addresses, PSK, users, pool) and waits for PC_READY.
# Issue 7 replaces the lines below with one command that starts Portcullis from those settings.
set -euo pipefail
echo "portcullis.sh: the appliance's main job does not exist yet (issue 7)" >&2
exit 3
