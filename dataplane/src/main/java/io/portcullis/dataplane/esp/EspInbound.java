package io.portcullis.dataplane.esp;

import java.nio.ByteOrder;

import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ffm.CryptoBurst;
import io.portcullis.dataplane.ffm.CryptoOpLayout;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

import static io.portcullis.dataplane.esp.EspDescriptor.*;

/**
 * The esp4-decrypt node: IPv4 packets carrying ESP, plain (protocol 50) or UDP-encapsulated
 * on port 4500, are checked, decrypted in one crypto burst and decapsulated in place.
 * Transport mode leaves the IPv4 packet with the original payload; tunnel mode leaves the
 * inner packet. NAT keepalives are consumed, IKE on port 4500 is punted, everything else is
 * dropped under the counter of the rule it broke. A decrypted packet's handle is the SPI of
 * the SA it came through.
 */
public final class EspInbound
{
    private final SaTable saTable;
    private final CryptoBurst burst;
    private final NodeCounters<EspCounter> counters;
    private final SaExpiryListener expiryListener;
    private final PacketBuffer buffer = new PacketBuffer();

    // Per-packet state between the two passes, indexed like the vector.
    private final EspSa[] sa = new EspSa[PacketVector.MAX_SIZE];
    private final int[] op = new int[PacketVector.MAX_SIZE];
    private final long[] sequence = new long[PacketVector.MAX_SIZE];
    private final int[] espOffset = new int[PacketVector.MAX_SIZE];
    private final int[] ipHeaderLength = new int[PacketVector.MAX_SIZE];
    private final int[] cipherLength = new int[PacketVector.MAX_SIZE];

    public EspInbound(
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
                prepare(vector, i);
            }
        }
        burst.run();
        int decrypted = 0;
        for (int i = 0; i < size; i++)
        {
            if (op[i] >= 0 && finish(vector, i))
            {
                decrypted++;
            }
            sa[i] = null;
        }
        counters.add(EspCounter.DECRYPTED, decrypted);
    }

    private void prepare(final PacketVector vector, final int i)
    {
        final PacketBuffer buf = wrap(vector, i);
        final int ip = vector.offset(i);
        final int length = vector.length(i);
        if (length < Ipv4.MIN_HEADER_LENGTH || Ipv4.version(buf, ip) != 4)
        {
            drop(vector, i, EspCounter.BAD_IP_HEADER);
            return;
        }
        final int ihl = Ipv4.headerLength(buf, ip);
        final int totalLength = Ipv4.totalLength(buf, ip);
        if (ihl < Ipv4.MIN_HEADER_LENGTH || totalLength < ihl || totalLength > length)
        {
            drop(vector, i, EspCounter.BAD_IP_HEADER);
            return;
        }
        if (Ipv4.isFragment(buf, ip))
        {
            drop(vector, i, EspCounter.IP_FRAGMENT);
            return;
        }
        int end = ip + totalLength;
        int esp = ip + ihl;
        final int protocol = Ipv4.protocol(buf, ip);
        if (protocol == Ipv4.PROTOCOL_UDP)
        {
            // RFC 3948 §2: UDP 4500 carries ESP, IKE after a non-ESP marker, or keepalives.
            if (end - esp < UDP_LENGTH ||
                (buf.getShort(esp + UDP_DESTINATION_PORT, ByteOrder.BIG_ENDIAN) & 0xFFFF) !=
                EspSaConfig.NatT.IKE_NATT_PORT)
            {
                drop(vector, i, EspCounter.NOT_ESP);
                return;
            }
            // RFC 768: the datagram is as long as the UDP header says, at least its own 8 bytes.
            final int udpLength = buf.getShort(esp + UDP_LENGTH_FIELD, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (udpLength < UDP_LENGTH || udpLength > end - esp)
            {
                drop(vector, i, EspCounter.BAD_UDP_LENGTH);
                return;
            }
            end = esp + udpLength;
            esp += UDP_LENGTH;
            final int udpPayload = end - esp;
            if (udpPayload == 1 && buf.getByte(esp) == NATT_KEEPALIVE)
            {
                counters.increment(EspCounter.NATT_KEEPALIVE);
                vector.next(i, PacketVector.NEXT_CONSUMED);
                return;
            }
            if (udpPayload >= 4 && buf.getInt(esp) == NON_ESP_MARKER)
            {
                counters.increment(EspCounter.PUNT_IKE);
                vector.next(i, PacketVector.NEXT_PUNT);
                return;
            }
        }
        else if (protocol != Ipv4.PROTOCOL_ESP)
        {
            drop(vector, i, EspCounter.NOT_ESP);
            return;
        }
        if (end - esp < HEADER_LENGTH)
        {
            drop(vector, i, EspCounter.TRUNCATED);
            return;
        }
        final int spi = buf.getInt(esp + SPI, ByteOrder.BIG_ENDIAN);
        final EspSa s = saTable.inbound(spi);
        if (s == null)
        {
            drop(vector, i, EspCounter.UNKNOWN_SPI);
            return;
        }
        if (s.hardExpired)
        {
            drop(vector, i, EspCounter.SA_EXPIRED_IN);
            return;
        }
        final int ciphertext = end - esp - HEADER_LENGTH - s.ivLength - s.icvLength;
        if (ciphertext < TRAILER_LENGTH)
        {
            drop(vector, i, EspCounter.TRUNCATED);
            return;
        }
        if ((ciphertext & (s.blockSize - 1)) != 0)  // block sizes are powers of two
        {
            drop(vector, i, EspCounter.BAD_LENGTH);
            return;
        }
        final int seqLow = buf.getInt(esp + SEQUENCE_NUMBER, ByteOrder.BIG_ENDIAN);
        final int replay = s.replayWindow.check(seqLow);
        if (replay != ReplayWindow.ACCEPTED)
        {
            drop(vector, i, replay == ReplayWindow.REPLAYED ? EspCounter.REPLAY : EspCounter.OUT_OF_WINDOW);
            return;
        }
        final long seq = s.replayWindow.checkedSequence();

        final long base = vector.bufferAddress(i);
        final long espAddress = base + esp;
        final int o = burst.add(s.cryptoSa, CryptoOpLayout.PC_DIR_DECRYPT, espAddress, espAddress + HEADER_LENGTH,
            espAddress + HEADER_LENGTH + s.ivLength, HEADER_LENGTH + s.ivLength + ciphertext, ciphertext);
        final int seqHigh = (int)(seq >>> 32);
        if (s.aead)
        {
            writeGcmAad(burst, o, spi, seqHigh, seqLow, s.esn);
        }
        else if (s.esn)
        {
            burst.esn(o, seqHigh);
        }
        sa[i] = s;
        op[i] = o;
        sequence[i] = seq;
        espOffset[i] = esp;
        ipHeaderLength[i] = ihl;
        cipherLength[i] = ciphertext;
    }

    /** Returns true if the packet was decrypted and goes on. */
    private boolean finish(final PacketVector vector, final int i)
    {
        final EspSa s = sa[i];
        final byte status = burst.status(op[i]);
        if (status != CryptoOpLayout.PC_STATUS_OK)
        {
            drop(vector, i, status == CryptoOpLayout.PC_STATUS_AUTH_FAILED ?
                EspCounter.INTEGRITY_FAILED : EspCounter.DECRYPT_ERROR);
            return false;
        }
        final int replay = s.replayWindow.update(sequence[i]);
        if (replay != ReplayWindow.ACCEPTED)
        {
            drop(vector, i, replay == ReplayWindow.REPLAYED ? EspCounter.REPLAY : EspCounter.OUT_OF_WINDOW);
            return false;
        }

        final PacketBuffer buf = wrap(vector, i);
        final int payload = espOffset[i] + HEADER_LENGTH + s.ivLength;
        final int trailerEnd = payload + cipherLength[i];
        final int padLength = buf.getByte(trailerEnd - 2) & 0xFF;
        final int nextHeader = buf.getByte(trailerEnd - 1) & 0xFF;
        final int payloadLength = cipherLength[i] - TRAILER_LENGTH - padLength;
        if (payloadLength < 0 || !padValid(buf, payload + payloadLength, padLength))
        {
            drop(vector, i, EspCounter.BAD_PADDING);
            return false;
        }
        s.account(payloadLength, expiryListener);
        if (nextHeader == Ipv4.PROTOCOL_NONE)
        {
            drop(vector, i, EspCounter.DUMMY_PACKET);  // RFC 4303 §2.6: discard silently
            return false;
        }
        final boolean decapsulated = s.tunnel ?
            decapsulateTunnel(vector, i, buf, payload, payloadLength, nextHeader) :
            decapsulateTransport(vector, i, buf, s, payload, payloadLength, nextHeader);
        if (!decapsulated)
        {
            drop(vector, i, EspCounter.BAD_INNER_PACKET);
            return false;
        }
        vector.handle(i, s.spi);  // what came through which SA: RFC 3193 §4 ties L2TP tunnels to it
        return true;
    }

    /** Tunnel mode: the inner packet is the result; its header must agree with its length. */
    private static boolean decapsulateTunnel(
        final PacketVector vector, final int i, final PacketBuffer buf, final int payload, final int payloadLength,
        final int nextHeader)
    {
        if (nextHeader == Ipv4.PROTOCOL_IPV4)
        {
            if (payloadLength < Ipv4.MIN_HEADER_LENGTH || Ipv4.version(buf, payload) != 4 ||
                Ipv4.totalLength(buf, payload) > payloadLength)
            {
                return false;
            }
            vector.data(i, payload, Ipv4.totalLength(buf, payload));
            return true;
        }
        if (nextHeader == Ipv4.PROTOCOL_IPV6)
        {
            if (payloadLength < 40 || (buf.getByte(payload) & 0xF0) != 0x60)
            {
                return false;
            }
            vector.data(i, payload, payloadLength);
            return true;
        }
        return false;
    }

    /**
     * Transport mode: the outer IPv4 header moves up to the payload and takes its protocol
     * (RFC 4303 §3.1.1); after NAT-T, TCP and UDP checksums are fixed (RFC 3948 §3.1.2).
     */
    private static boolean decapsulateTransport(
        final PacketVector vector, final int i, final PacketBuffer buf, final EspSa s, final int payload,
        final int payloadLength, final int nextHeader)
    {
        final int ip = vector.offset(i);
        final int ihl = Ipv4.headerLength(buf, ip);
        final int newIp = payload - ihl;
        Ipv4.moveHeaderWithProtocolAndLength(buf, ip, newIp, ihl, nextHeader, ihl + payloadLength);
        vector.data(i, newIp, ihl + payloadLength);
        if (s.natT)
        {
            NatTraversal.fixTransportChecksum(buf, newIp, ihl, payloadLength, nextHeader,
                s.natOriginalSource, s.natOriginalDestination);
        }
        return true;
    }

    /** RFC 4303 §2.4: padding bytes are 1, 2, 3, …; anything else means a wrong key or tampering. */
    private static boolean padValid(final PacketBuffer buf, final int start, final int padLength)
    {
        for (int k = 0; k < padLength; k++)
        {
            if ((buf.getByte(start + k) & 0xFF) != k + 1)
            {
                return false;
            }
        }
        return true;
    }

    /** RFC 4106 §5: AAD is SPI || sequence number, or SPI || high || low with ESN. */
    static void writeGcmAad(
        final CryptoBurst burst, final int op, final int spi, final int seqHigh, final int seqLow, final boolean esn)
    {
        final PacketBuffer ops = burst.opsBuffer();
        final int aad = burst.aadOffset(op);
        ops.putInt(aad, spi, ByteOrder.BIG_ENDIAN);
        if (esn)
        {
            ops.putInt(aad + 4, seqHigh, ByteOrder.BIG_ENDIAN);
            ops.putInt(aad + 8, seqLow, ByteOrder.BIG_ENDIAN);
            burst.aadLength(op, 12);
        }
        else
        {
            ops.putInt(aad + 4, seqLow, ByteOrder.BIG_ENDIAN);
            burst.aadLength(op, 8);
        }
    }

    private PacketBuffer wrap(final PacketVector vector, final int i)
    {
        buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
        return buffer;
    }

    private void drop(final PacketVector vector, final int i, final EspCounter reason)
    {
        counters.increment(reason);
        vector.next(i, PacketVector.NEXT_DROP);
        op[i] = -1;
    }
}
