package io.portcullis.dataplane.counters;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * Where a process's counters live. In memory for now; the dataplane issue maps the same
 * layout onto a file so that the console and Prometheus exporter read it from outside.
 */
public final class CountersFile
{
    private CountersFile()
    {
    }

    public static CountersManager inMemory(final int maxCounters)
    {
        final UnsafeBuffer metadata = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(maxCounters * CountersReader.METADATA_LENGTH, 64));
        final UnsafeBuffer values = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(maxCounters * CountersReader.COUNTER_LENGTH, 64));
        return new CountersManager(metadata, values);
    }
}
