package io.portcullis.dataplane.esp;

import java.nio.ByteOrder;

import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ffm.CryptoBurst;
import io.portcullis.dataplane.ffm.CryptoOpLayout;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

import static io.portcullis.dataplane.esp.EspDescriptor.*;

/**
 * The esp4-encrypt node: each IPv4 packet, whose vector handle names its outbound SA, is
 * encapsulated in place (headers into the headroom, padding, trailer and ICV into the
 * tailroom), optionally in UDP 4500 (RFC 3948), and the whole vector is encrypted in one
 * crypto burst. Transport mode keeps the packet's own addresses; tunnel mode wraps it in a
 * new IPv4 header from the SA's endpoints.
 */
public final class EspOutbound
{
    private final SaTable saTable;
    private final CryptoBurst burst;
    private final NodeCounters<EspCounter> counters;
    private final SaExpiryListener expiryListener;
    private final PacketBuffer buffer = new PacketBuffer();
    private final int[] op = new int[PacketVector.MAX_SIZE];

    public EspOutbound(
        final SaTable saTable,
        final CryptoBurst burst,
        final NodeCounters<EspCounter> counters,
        final SaExpiryListener expiryListener)
    {
        if (burst.capacity() < PacketVector.MAX_SIZE)
        {
            throw new IllegalArgumentException("crypto burst smaller than a vector");
        }
        this.saTable = saTable;
        this.burst = burst;
        this.counters = counters;
        this.expiryListener = expiryListener;
    }

    /** Processes every packet of the vector whose next is {@link PacketVector#NEXT_FORWARD}. */
    public void process(final PacketVector vector)
    {
        burst.reset();
        final int size = vector.size();
        for (int i = 0; i < size; i++)
        {
            op[i] = -1;
            if (vector.next(i) == PacketVector.NEXT_FORWARD)
            {
                encapsulate(vector, i);
            }
        }
        if (burst.run() == burst.count())
        {
            counters.add(EspCounter.ENCRYPTED, burst.count());
            return;
        }
        for (int i = 0; i < size; i++)
        {
            if (op[i] >= 0)
            {
                if (burst.status(op[i]) == CryptoOpLayout.PC_STATUS_OK)
                {
                    counters.increment(EspCounter.ENCRYPTED);
                }
                else
                {
                    drop(vector, i, EspCounter.ENCRYPT_ERROR);
                }
            }
        }
    }

    /** The SA table's outbound version: what {@link #largestPlainPacket} answers may change when it does. */
    public long saVersion()
    {
        return saTable.outboundVersion();
    }

    /**
     * The longest IPv4 packet (with a header of {@code headerLength} bytes) that SA
     * {@code handle} encrypts into at most {@code egressMtu} bytes: what is left after the outer
     * header, UDP 4500, ESP header, IV and ICV, rounded down to whole cipher blocks less the
     * 2-byte trailer (RFC 4303 §2.4), plus the header that transport mode keeps; -1 if there is
     * no such SA. Only for packets that may not be fragmented: it looks the SA up.
     */
    public int largestPlainPacket(final int handle, final int headerLength, final int egressMtu)
    {
        final EspSa s = saTable.outbound(handle);
        if (s == null)
        {
            return -1;
        }
        final int outerHeaderLength = s.tunnel ? Ipv4.MIN_HEADER_LENGTH : headerLength;
        final int room = egressMtu - outerHeaderLength - (s.natT ? UDP_LENGTH : 0) - HEADER_LENGTH - s.ivLength -
            s.icvLength;
        final int payload = (room & -s.blockSize) - TRAILER_LENGTH;
        return s.tunnel ? payload : headerLength + payload;
    }

    private void encapsulate(final PacketVector vector, final int i)
    {
        final EspSa s = saTable.outbound(vector.handle(i));
        if (s == null)
        {
            drop(vector, i, EspCounter.NO_SA);
            return;
        }
        if (s.hardExpired)
        {
            drop(vector, i, EspCounter.SA_EXPIRED_OUT);
            return;
        }
        buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
        final PacketBuffer buf = buffer;
        final int ip = vector.offset(i);
        if (vector.length(i) < Ipv4.MIN_HEADER_LENGTH || Ipv4.version(buf, ip) != 4)
        {
            drop(vector, i, EspCounter.BAD_PLAIN_PACKET);
            return;
        }
        final int ihl = Ipv4.headerLength(buf, ip);
        final int totalLength = Ipv4.totalLength(buf, ip);
        if (ihl < Ipv4.MIN_HEADER_LENGTH || totalLength < ihl || totalLength > vector.length(i))
        {
            drop(vector, i, EspCounter.BAD_PLAIN_PACKET);
            return;
        }
        final long seq = s.sequence + 1;
        if ((!s.esn && seq > 0xFFFF_FFFFL) || seq == 0)
        {
            // RFC 4303 §3.3.3: the counter must not cycle; the SA must be replaced.
            s.expire(expiryListener, SaExpiryListener.Limit.SEQUENCE_NUMBER);
            drop(vector, i, EspCounter.SEQUENCE_OVERFLOW);
            return;
        }

        final int payload = s.tunnel ? ip : ip + ihl;
        final int payloadLength = s.tunnel ? totalLength : totalLength - ihl;
        final int nextHeader = s.tunnel ? Ipv4.PROTOCOL_IPV4 : Ipv4.protocol(buf, ip);
        final int outerHeaderLength = s.tunnel ? Ipv4.MIN_HEADER_LENGTH : ihl;
        final int udpLength = s.natT ? UDP_LENGTH : 0;
        final int start = payload - outerHeaderLength - udpLength - HEADER_LENGTH - s.ivLength;
        if (start < 0)
        {
            drop(vector, i, EspCounter.NO_HEADROOM);
            return;
        }
        // RFC 4303 §2.4: payload, padding and trailer fill whole cipher blocks (at least 4-byte aligned).
        final int padded = align(payloadLength + TRAILER_LENGTH, s.blockSize);
        final int padLength = padded - payloadLength - TRAILER_LENGTH;
        final int end = payload + padded + s.icvLength;
        if (end > vector.bufferCapacity(i))
        {
            drop(vector, i, EspCounter.NO_TAILROOM);
            return;
        }
        final int outerLength = end - start;
        if (outerLength > 0xFFFF)
        {
            drop(vector, i, EspCounter.TOO_BIG);
            return;
        }
        s.sequence = seq;

        final int protocol = s.natT ? Ipv4.PROTOCOL_UDP : Ipv4.PROTOCOL_ESP;
        if (s.tunnel)
        {
            // RFC 4301 §5.1.2.1: the outer header copies the inner DS field.
            final int tos = buf.getByte(ip + Ipv4.TOS) & 0xFF;
            Ipv4.writeHeader(buf, start, outerLength, protocol, s.localAddress, s.remoteAddress, ++s.ipId, tos);
        }
        else
        {
            Ipv4.moveHeaderWithProtocolAndLength(buf, ip, start, ihl, protocol, outerLength);
        }
        if (s.natT)
        {
            NatTraversal.writeUdpHeader(buf, start + outerHeaderLength, s.natLocalPort, s.natRemotePort,
                outerLength - outerHeaderLength);
        }
        final int esp = start + outerHeaderLength + udpLength;
        buf.putInt(esp + SPI, s.spi, ByteOrder.BIG_ENDIAN);
        buf.putInt(esp + SEQUENCE_NUMBER, (int)seq, ByteOrder.BIG_ENDIAN);
        final int trailer = payload + payloadLength;
        for (int k = 0; k < padLength; k++)
        {
            buf.putByte(trailer + k, (byte)(k + 1));
        }
        buf.putByte(trailer + padLength, (byte)padLength);
        buf.putByte(trailer + padLength + 1, (byte)nextHeader);

        final long espAddress = vector.bufferAddress(i) + esp;
        final int o = burst.add(s.cryptoSa, CryptoOpLayout.PC_DIR_ENCRYPT, espAddress, espAddress + HEADER_LENGTH,
            espAddress + HEADER_LENGTH + s.ivLength, HEADER_LENGTH + s.ivLength + padded, padded);
        burst.generateIv(o, seq);
        final int pending = vector.pendingChecksum(i);
        if (pending != 0)
        {
            // l2tp-encap left the UDP checksum for this burst, which reads the segment anyway; in
            // tunnel mode the segment starts after the inner IPv4 header.
            burst.fillChecksum(o, s.tunnel ? ihl : 0, pending);
            vector.pendingChecksum(i, 0);
        }
        if (s.aead)
        {
            EspInbound.writeGcmAad(burst, o, s.spi, (int)(seq >>> 32), (int)seq, s.esn);
        }
        else if (s.esn)
        {
            burst.esn(o, (int)(seq >>> 32));
        }
        op[i] = o;
        vector.data(i, start, outerLength);
        s.account(payloadLength, expiryListener);
    }

    /** Rounds up to a power-of-two alignment (every ESP block size is one). */
    private static int align(final int value, final int alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    private void drop(final PacketVector vector, final int i, final EspCounter reason)
    {
        counters.increment(reason);
        vector.next(i, PacketVector.NEXT_DROP);
        op[i] = -1;
    }
}
