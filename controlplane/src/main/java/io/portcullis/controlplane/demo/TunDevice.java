package io.portcullis.controlplane.demo;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TUN interface (Documentation/networking/tuntap.rst) through libc, so the demo client's
 * kernel routes IPv4 into the PPP session and {@code ping} can be run across the tunnel: each
 * read returns one IPv4 packet the kernel sent to the interface, each write hands one to it.
 */
final class TunDevice implements AutoCloseable
{
    private static final int O_RDWR = 2;
    /** linux/if_tun.h: TUNSETIFF = _IOW('T', 202, int). */
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    /** No 4-byte packet-information prefix: reads and writes are bare IP packets. */
    private static final short IFF_NO_PI = 0x1000;
    /** struct ifreq: a 16-byte name, then the union whose first member is the flags. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout()
        .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = libc("open",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ERRNO);
    private static final MethodHandle IOCTL = libc("ioctl",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
        ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = libc("read",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
        ERRNO);
    private static final MethodHandle WRITE = libc("write",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
        ERRNO);
    private static final MethodHandle CLOSE = libc("close",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final int fd;
    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readState = arena.allocate(Linker.Option.captureStateLayout());
    private final MemorySegment writeState = arena.allocate(Linker.Option.captureStateLayout());
    private final MemorySegment readBuffer = arena.allocate(65_536);
    private final MemorySegment writeBuffer = arena.allocate(65_536);

    private TunDevice(final int fd, final String name)
    {
        this.fd = fd;
        this.name = name;
    }

    /** Creates (or attaches to) TUN interface {@code name}; it still has to be given an address and set up. */
    static TunDevice open(final String name) throws IOException
    {
        if (name.getBytes(StandardCharsets.US_ASCII).length >= IFNAMSIZ)
        {
            throw new IllegalArgumentException("interface name longer than " + (IFNAMSIZ - 1) + " bytes: " + name);
        }
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment state = call.allocate(Linker.Option.captureStateLayout());
            final int fd = (int)OPEN.invokeExact(state, call.allocateFrom("/dev/net/tun"), O_RDWR);
            if (fd < 0)
            {
                throw new IOException("open /dev/net/tun: errno " + errno(state) +
                    " (is the tun module loaded, and are we root?)");
            }
            final MemorySegment ifreq = call.allocate(IFREQ_SIZE);
            final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(bytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, bytes.length);
            ifreq.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short)(IFF_TUN | IFF_NO_PI));
            if ((int)IOCTL.invokeExact(state, fd, TUNSETIFF, ifreq) < 0)
            {
                final int errno = errno(state);
                final int ignored = (int)CLOSE.invokeExact(fd);
                throw new IOException("ioctl TUNSETIFF " + name + ": errno " + errno);
            }
            return new TunDevice(fd, name);
        }
        catch (final IOException | RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    String name()
    {
        return name;
    }

    /** Blocks for the next IPv4 packet the kernel routes into the interface; null once closed. */
    byte[] read() throws IOException
    {
        final long n;
        try
        {
            n = (long)READ.invokeExact(readState, fd, readBuffer, readBuffer.byteSize());
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
        if (n < 0)
        {
            final int errno = errno(readState);
            if (errno == 9 /* EBADF: closed */)
            {
                return null;
            }
            throw new IOException("read " + name + ": errno " + errno);
        }
        return readBuffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Hands one IPv4 packet to the kernel as if it arrived on the interface. */
    void write(final byte[] packet, final int offset, final int length) throws IOException
    {
        MemorySegment.copy(packet, offset, writeBuffer, ValueLayout.JAVA_BYTE, 0, length);
        final long n;
        try
        {
            n = (long)WRITE.invokeExact(writeState, fd, writeBuffer, (long)length);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
        if (n != length)
        {
            throw new IOException("write " + name + ": errno " + errno(writeState));
        }
    }

    @Override
    public void close()
    {
        try
        {
            final int ignored = (int)CLOSE.invokeExact(fd);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    private static int errno(final MemorySegment state)
    {
        return (int)ERRNO_VALUE.get(state, 0L);
    }

    private static MethodHandle libc(final String function, final FunctionDescriptor descriptor,
        final Linker.Option... options)
    {
        final SymbolLookup libc = LINKER.defaultLookup();
        return LINKER.downcallHandle(libc.find(function).orElseThrow(), descriptor, options);
    }
}
