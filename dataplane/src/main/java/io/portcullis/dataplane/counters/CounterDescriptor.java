package io.portcullis.dataplane.counters;

/** A counter a node declares: a stable id and the label tools show ("esp4-decrypt: replay"). */
public interface CounterDescriptor
{
    int id();

    String label();
}
