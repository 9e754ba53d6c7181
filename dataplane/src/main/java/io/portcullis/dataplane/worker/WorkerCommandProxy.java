package io.portcullis.dataplane.worker;

import io.portcullis.dataplane.api.EspSaConfig;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static io.portcullis.dataplane.worker.WorkerCommandDescriptor.*;

/**
 * The control plane's side of a worker's command ring: encodes commands. Not thread safe:
 * one control-plane thread writes to a given worker's ring (it is one-to-one).
 * Returns false when the ring is full; the caller retries later.
 */
public final class WorkerCommandProxy
{
    private final RingBuffer ring;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(MAX_ADD_SA_LENGTH);

    public WorkerCommandProxy(final RingBuffer ring)
    {
        this.ring = ring;
    }

    /**
     * Installs an SA on the worker. Outbound SAs are installed under {@code handle}, which
     * sessions and routes use to pick them; inbound SAs under their SPI ({@code handle} ignored).
     */
    public boolean addSa(final long correlationId, final int handle, final EspSaConfig sa)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(HANDLE, handle);
        scratch.putInt(SPI, sa.spi());
        scratch.putByte(INBOUND, (byte)(sa.inbound() ? 1 : 0));
        scratch.putByte(MODE, (byte)sa.mode().ordinal());
        scratch.putByte(CIPHER, (byte)sa.cipher().ordinal());
        scratch.putByte(INTEGRITY, (byte)sa.integrity().ordinal());
        scratch.putByte(ESN, (byte)(sa.extendedSequenceNumbers() ? 1 : 0));
        final EspSaConfig.NatT natT = sa.natT();
        scratch.putByte(NAT_T, (byte)(natT != null ? 1 : 0));
        scratch.putShort(NAT_LOCAL_PORT, (short)(natT != null ? natT.localPort() : 0));
        scratch.putShort(NAT_REMOTE_PORT, (short)(natT != null ? natT.remotePort() : 0));
        scratch.putInt(REPLAY_WINDOW, sa.replayWindow());
        scratch.putInt(LOCAL_ADDRESS, sa.localAddress());
        scratch.putInt(REMOTE_ADDRESS, sa.remoteAddress());
        scratch.putInt(NAT_ORIGINAL_SOURCE, natT != null ? natT.originalSourceAddress() : 0);
        scratch.putInt(NAT_ORIGINAL_DESTINATION, natT != null ? natT.originalDestinationAddress() : 0);
        scratch.putLong(SOFT_BYTES, sa.lifetime().softBytes());
        scratch.putLong(HARD_BYTES, sa.lifetime().hardBytes());
        scratch.putLong(SOFT_PACKETS, sa.lifetime().softPackets());
        scratch.putLong(HARD_PACKETS, sa.lifetime().hardPackets());
        int at = KEYS;
        at = putKey(at, sa.cipherKey());
        at = putKey(at, sa.integrityKey());
        final boolean written = ring.write(ADD_SA, scratch, 0, at);
        scratch.setMemory(KEYS, at - KEYS, (byte)0);  // keys do not linger in the control plane's scratch
        return written;
    }

    public boolean removeSa(final long correlationId, final int handle, final int spi, final boolean inbound)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(HANDLE, handle);
        scratch.putInt(SPI, spi);
        scratch.putByte(INBOUND, (byte)(inbound ? 1 : 0));
        return ring.write(REMOVE_SA, scratch, 0, REMOVE_SA_LENGTH);
    }

    private int putKey(final int at, final byte[] key)
    {
        if (key.length > 64)
        {
            throw new IllegalArgumentException("key longer than 64 bytes");
        }
        scratch.putByte(at, (byte)key.length);
        scratch.putBytes(at + 1, key);
        return at + 1 + key.length;
    }
}
