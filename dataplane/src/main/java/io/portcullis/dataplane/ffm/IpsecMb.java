package io.portcullis.dataplane.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One intel-ipsec-mb manager (IMB_MGR), owned by one thread: its job queue is not
 * thread safe. Creates and frees per-SA key material and runs bursts of {@link CryptoBurst}.
 */
public final class IpsecMb implements AutoCloseable
{
    private final long mgr;
    private final String arch;

    private IpsecMb(final long mgr, final String arch)
    {
        this.mgr = mgr;
        this.arch = arch;
    }

    public static IpsecMb create()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment archOut = arena.allocate(16);
            final long mgr = (long)PortcullisNative.PC_MGR_CREATE.invokeExact(archOut, 16);
            if (mgr == 0)
            {
                throw new IllegalStateException("intel-ipsec-mb: alloc_mb_mgr/init_mb_mgr_auto failed");
            }
            return new IpsecMb(mgr, archOut.getString(0));
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** The code path intel-ipsec-mb chose for this CPU ("AVX512", "AVX2", "SSE", …). */
    public String arch()
    {
        return arch;
    }

    /**
     * Expands an SA's keys off-heap. Control-plane time, never per packet.
     *
     * @param cipher one of CryptoOpLayout.PC_CIPHER_*; for AES-GCM the key ends with the 4-byte salt.
     * @return the native SA pointer, to be freed with {@link #freeSa(long)}.
     * @throws IllegalArgumentException if the combination or a key length is not supported.
     */
    public long createSa(final int cipher, final byte[] key, final int integ, final byte[] authKey, final int icvLen)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment keySeg = copy(arena, key);
            final MemorySegment authSeg = copy(arena, authKey);
            final long sa = (long)PortcullisNative.PC_SA_CREATE.invokeExact(
                mgr, cipher, keySeg, key.length, integ, authSeg, authKey.length, icvLen);
            keySeg.fill((byte)0);
            authSeg.fill((byte)0);
            if (sa == 0)
            {
                throw new IllegalArgumentException("unsupported SA: cipher " + cipher + " with a " + key.length +
                    "-byte key, integrity " + integ + " with a " + authKey.length + "-byte key, ICV " + icvLen);
            }
            return sa;
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    public void freeSa(final long sa)
    {
        try
        {
            PortcullisNative.PC_SA_FREE.invokeExact(sa);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** Runs {@code count} ops starting at {@code opsAddress}; returns how many ended OK. */
    int burst(final long opsAddress, final int count)
    {
        try
        {
            return (int)PortcullisNative.PC_CRYPTO_BURST.invokeExact(mgr, opsAddress, count);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** The benchmark ceiling: raw AES-GCM encryption of buffers (see portcullis.h). */
    public void ceilingGcmEncrypt(final long sa, final long bufferAddresses, final int length, final int count)
    {
        try
        {
            PortcullisNative.PC_CEILING_GCM_ENCRYPT.invokeExact(mgr, sa, bufferAddresses, length, count);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close()
    {
        try
        {
            PortcullisNative.PC_MGR_FREE.invokeExact(mgr);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment copy(final Arena arena, final byte[] bytes)
    {
        final MemorySegment segment = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }
}
