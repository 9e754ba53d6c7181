package io.portcullis.dataplane.counters;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * Where a process's counters live: in memory (tests), or in a memory-mapped file that other
 * processes read while the dataplane runs (the console, the Prometheus exporter,
 * {@link CountersTool}), in the manner of Aeron's CnC file.
 * <pre>
 *  0  magic:int ("PCNT")  version:int  maxCounters:int  metadataLength:int  valuesLength:int  pad:int
 * 24  pid:long  startMs:long
 * 40  ... header padding to 128 bytes
 * 128 metadata: Agrona CountersManager metadata records (id, type, label), METADATA_LENGTH each
 *     values:   one COUNTER_LENGTH slot per counter (a long, padded to its own cache lines)
 * </pre>
 * The writer fills the header last (magic after everything else), so a reader that sees the
 * magic sees a complete layout.
 */
public final class CountersFile implements AutoCloseable
{
    public static final int MAGIC = 0x50434E54;
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 128;
    private static final int MAGIC_OFFSET = 0;
    private static final int VERSION_OFFSET = 4;
    private static final int MAX_COUNTERS_OFFSET = 8;
    private static final int METADATA_LENGTH_OFFSET = 12;
    private static final int VALUES_LENGTH_OFFSET = 16;
    private static final int PID_OFFSET = 24;
    private static final int START_MS_OFFSET = 32;

    private final MappedByteBuffer mapped;
    private final CountersReader reader;
    private final long pid;

    private CountersFile(final MappedByteBuffer mapped, final CountersReader reader, final long pid)
    {
        this.mapped = mapped;
        this.reader = reader;
        this.pid = pid;
    }

    public static CountersManager inMemory(final int maxCounters)
    {
        final UnsafeBuffer metadata = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(maxCounters * CountersReader.METADATA_LENGTH, 64));
        final UnsafeBuffer values = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(maxCounters * CountersReader.COUNTER_LENGTH, 64));
        return new CountersManager(metadata, values);
    }

    /** Creates (or replaces) the file for a dataplane process and returns its writer side. */
    public static CountersFile create(final Path path, final int maxCounters)
    {
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final File file = path.toFile();
        IoUtil.deleteIfExists(file);
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file, HEADER_LENGTH + (long)metadataLength + valuesLength);
        final UnsafeBuffer all = new UnsafeBuffer(mapped);
        final long pid = ProcessHandle.current().pid();
        all.putInt(VERSION_OFFSET, VERSION);
        all.putInt(MAX_COUNTERS_OFFSET, maxCounters);
        all.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        all.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        all.putLong(PID_OFFSET, pid);
        all.putLong(START_MS_OFFSET, System.currentTimeMillis());
        all.putIntVolatile(MAGIC_OFFSET, MAGIC);
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(all, HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(all, HEADER_LENGTH + metadataLength, valuesLength));
        return new CountersFile(mapped, manager, pid);
    }

    /**
     * Maps an existing file for reading.
     *
     * @throws IllegalStateException naming what is wrong: no such file, not a counters file, another version.
     */
    public static CountersFile open(final Path path)
    {
        final File file = path.toFile();
        if (!file.isFile() || file.length() < HEADER_LENGTH)
        {
            throw new IllegalStateException("no counters file at " + path + " (is the dataplane running?)");
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "counters");
        final UnsafeBuffer all = new UnsafeBuffer(mapped);
        if (all.getIntVolatile(MAGIC_OFFSET) != MAGIC)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " is not a counters file (or is still being written)");
        }
        if (all.getInt(VERSION_OFFSET) != VERSION)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " is version " + all.getInt(VERSION_OFFSET) + ", this reader " +
                VERSION);
        }
        final int metadataLength = all.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = all.getInt(VALUES_LENGTH_OFFSET);
        if ((long)HEADER_LENGTH + metadataLength + valuesLength > file.length() || metadataLength < 0 || valuesLength < 0)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " is shorter than its header says");
        }
        final CountersReader reader = new CountersReader(
            new UnsafeBuffer(all, HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(all, HEADER_LENGTH + metadataLength, valuesLength));
        return new CountersFile(mapped, reader, all.getLong(PID_OFFSET));
    }

    /** The writer's manager (only for a file this process {@link #create created}). */
    public CountersManager manager()
    {
        if (!(reader instanceof CountersManager manager))
        {
            throw new IllegalStateException("opened for reading only");
        }
        return manager;
    }

    public CountersReader reader()
    {
        return reader;
    }

    /** The process that wrote the file. */
    public long pid()
    {
        return pid;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
