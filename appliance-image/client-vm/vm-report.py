#!/usr/bin/env python3
"""Prints what QEMU knows of a guest's NICs, read through its QMP socket (launch.sh makes one).

    vm-report.py LOGS/NAME.qmp

For a step that hung: each virtio-net device's status and its RX (0) and TX (1) virtqueues.
shadow_avail_idx is QEMU's last read of the guest's avail index, so equal indices do not mean the
guest posted nothing: indices that stand still while the guest's qdisc keeps sending (its
nic-*.txt) mean QEMU stopped looking at the queue, no notification having reached it.
"""
import json
import socket
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: vm-report.py QMP-SOCKET")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(sys.argv[1])
    reader = sock.makefile("r")

    def execute(command, arguments=None):
        request = {"execute": command}
        if arguments is not None:
            request["arguments"] = arguments
        sock.sendall((json.dumps(request) + "\n").encode())
        while True:  # events (e.g. NIC_RX_FILTER_CHANGED) may come before the answer
            answer = json.loads(reader.readline())
            if "return" in answer or "error" in answer:
                return answer

    def hmp(command_line, until=None):
        answer = execute("human-monitor-command", {"command-line": command_line})
        text = answer.get("return", answer.get("error"))
        text = text if isinstance(text, str) else json.dumps(text)
        if until is not None and until in text:
            text = text[:text.index(until)]  # the feature lists after it say nothing about a stall
        print(f"== {command_line}")
        print(text.rstrip())

    json.loads(reader.readline())  # the greeting
    execute("qmp_capabilities")
    hmp("info network")
    devices = execute("x-query-virtio").get("return", [])
    for device in devices:
        if device.get("name") != "virtio-net":
            continue
        path = device["path"]
        hmp(f"info virtio-status {path}", until="  Guest features:")
        for queue in (0, 1):
            hmp(f"info virtio-queue-status {path} {queue}")
    sock.close()


if __name__ == "__main__":
    main()
