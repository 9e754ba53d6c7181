package io.portcullis.dataplane.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.portcullis.dataplane.packet.PacketBuffer;

import static io.portcullis.dataplane.ffm.CryptoOpLayout.*;

/**
 * A reusable off-heap array of {@code pc_crypto_op}: fill up to {@link #capacity()} ops,
 * {@link #run()} them in one native call, read each op's status. Allocates once, at construction.
 */
public final class CryptoBurst implements AutoCloseable
{
    private final IpsecMb ipsecMb;
    private final Arena arena;
    private final PacketBuffer ops;
    private final long opsAddress;
    private final int capacity;
    private int count;

    public CryptoBurst(final IpsecMb ipsecMb, final int capacity)
    {
        this.ipsecMb = ipsecMb;
        this.capacity = capacity;
        this.arena = Arena.ofShared();
        final MemorySegment segment = arena.allocate((long)SIZE * capacity, 64);
        this.opsAddress = segment.address();
        this.ops = new PacketBuffer();
        this.ops.wrap(opsAddress, SIZE * capacity);
    }

    public int capacity()
    {
        return capacity;
    }

    public int count()
    {
        return count;
    }

    public void reset()
    {
        count = 0;
    }

    /**
     * Adds an op and returns its index.
     *
     * @param sa          native SA from {@link IpsecMb#createSa}.
     * @param authStart   address of the first byte under the HMAC (the ESP header), 0 if none.
     * @param iv          address of the IV inside the packet.
     * @param cipherStart address of the first byte to encrypt or decrypt.
     * @param authLen     bytes under the HMAC, not counting the ESN high bits.
     * @param cipherLen   bytes to encrypt or decrypt; the ICV follows them.
     */
    public int add(
        final long sa,
        final byte direction,
        final long authStart,
        final long iv,
        final long cipherStart,
        final int authLen,
        final int cipherLen)
    {
        final int index = count++;
        final int base = index * SIZE;
        ops.putLong(base + SA, sa);
        ops.putLong(base + AUTH_START, authStart);
        ops.putLong(base + IV, iv);
        ops.putLong(base + CIPHER_START, cipherStart);
        ops.putInt(base + AUTH_LEN, authLen);
        ops.putInt(base + CIPHER_LEN, cipherLen);
        ops.putInt(base + ESN_HI, 0);
        ops.putByte(base + DIRECTION, direction);
        ops.putByte(base + FLAGS, (byte)0);
        ops.putByte(base + AAD_LEN, (byte)0);
        ops.putByte(base + STATUS, PC_STATUS_PENDING);
        ops.putLong(base + IV_SEED, 0);
        return index;
    }

    /** RFC 4303 §2.2.1: the high 32 bits of an extended sequence number, appended to the HMAC input. */
    public void esn(final int index, final int esnHi)
    {
        ops.putInt(index * SIZE + ESN_HI, esnHi);
        final int flags = index * SIZE + FLAGS;
        ops.putByte(flags, (byte)(ops.getByte(flags) | PC_OP_ESN));
    }

    /** Encrypt: the shim writes a fresh IV derived from {@code seed}, which never repeats under the SA. */
    public void generateIv(final int index, final long seed)
    {
        ops.putLong(index * SIZE + IV_SEED, seed);
        final int flags = index * SIZE + FLAGS;
        ops.putByte(flags, (byte)(ops.getByte(flags) | PC_OP_GENERATE_IV));
    }

    /**
     * Encrypt: before encrypting, the shim completes the TCP/UDP checksum of the segment that
     * starts {@code start} bytes into the plaintext and runs to the end of the Payload Data; its
     * checksum field, {@code offset} bytes into it, holds the folded pseudo-header sum (see
     * {@code PC_OP_FILL_CHECKSUM} in portcullis.h). The trailer must be written first.
     */
    public void fillChecksum(final int index, final int start, final int offset)
    {
        final int base = index * SIZE;
        ops.putShort(base + CSUM_START, (short)start);
        ops.putShort(base + CSUM_OFFSET, (short)offset);
        ops.putByte(base + FLAGS, (byte)(ops.getByte(base + FLAGS) | PC_OP_FILL_CHECKSUM));
    }

    /** The AAD buffer of an op (AES-GCM), to be filled with {@link #aadLength(int, int)} bytes. */
    public int aadOffset(final int index)
    {
        return index * SIZE + AAD;
    }

    public PacketBuffer opsBuffer()
    {
        return ops;
    }

    public void aadLength(final int index, final int length)
    {
        ops.putByte(index * SIZE + AAD_LEN, (byte)length);
    }

    /** Runs every added op; returns how many ended {@code PC_STATUS_OK}. */
    public int run()
    {
        return count == 0 ? 0 : ipsecMb.burst(opsAddress, count);
    }

    public byte status(final int index)
    {
        return ops.getByte(index * SIZE + STATUS);
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
