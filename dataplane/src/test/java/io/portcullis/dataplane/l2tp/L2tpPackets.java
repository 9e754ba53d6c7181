package io.portcullis.dataplane.l2tp;

import java.nio.ByteBuffer;

import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.esp.Packets;

/**
 * Hand-built L2TP data messages and PPP frames for tests, written field by field from RFC 2661
 * §3.1 and RFC 1661 §2 (Scapy compresses PPP protocol 0x0021 and writes L2TP's offset wrong).
 */
public final class L2tpPackets
{
    public static final int T = 0x8000;
    public static final int L = 0x4000;
    public static final int S = 0x0800;
    public static final int O = 0x0200;
    public static final int P = 0x0100;
    public static final int VERSION_2 = 2;

    /** The test topology: the appliance, a client (public address), its PPP address and /64, a LAN host. */
    public static final String SERVER = "192.0.2.1";
    public static final String CLIENT = "198.51.100.7";
    public static final String CLIENT_PPP = "10.8.0.2";
    public static final String LAN_HOST = "192.168.1.10";
    public static final long CLIENT_PREFIX = 0x2001_0db8_0000_0001L;
    /** Our ids (in what the client sends) and the client's (in what we send). */
    public static final int OUR_TUNNEL = 0x1111;
    public static final int OUR_SESSION = 0x2222;
    public static final int PEER_TUNNEL = 0x3333;
    public static final int PEER_SESSION = 0x4444;

    private L2tpPackets()
    {
    }

    /** The appliance's side of the test session, default framing, ESP SA handle {@code espSaHandle}. */
    public static L2tpSessionConfig serverSession(final int espSaHandle)
    {
        return L2tpSessionConfig.of(OUR_TUNNEL, OUR_SESSION, PEER_TUNNEL, PEER_SESSION, Packets.address(SERVER),
            Packets.address(CLIENT), Packets.address(CLIENT_PPP), espSaHandle)
            .withClient(Packets.address(CLIENT_PPP), CLIENT_PREFIX);
    }

    /**
     * An L2TP header with {@code flags} (T L S O P bits and version) and the fields they call for,
     * then {@code payload}. Length, if present, is the message's; Nr is 0; the offset pad is
     * {@code offsetSize} bytes of 0xEE.
     */
    public static byte[] l2tp(
        final int flags, final int tunnel, final int session, final int ns, final int offsetSize, final byte[] payload)
    {
        final int length = 6 + ((flags & L) != 0 ? 2 : 0) + ((flags & S) != 0 ? 4 : 0) +
            ((flags & O) != 0 ? 2 + offsetSize : 0) + payload.length;
        final ByteBuffer b = ByteBuffer.allocate(length);
        b.putShort((short)flags);
        if ((flags & L) != 0)
        {
            b.putShort((short)length);
        }
        b.putShort((short)tunnel).putShort((short)session);
        if ((flags & S) != 0)
        {
            b.putShort((short)ns).putShort((short)0);
        }
        if ((flags & O) != 0)
        {
            b.putShort((short)offsetSize);
            for (int k = 0; k < offsetSize; k++)
            {
                b.put((byte)0xEE);
            }
        }
        return b.put(payload).array();
    }

    /** A data message to our session with just Length. */
    public static byte[] data(final byte[] ppp)
    {
        return l2tp(L | VERSION_2, OUR_TUNNEL, OUR_SESSION, 0, 0, ppp);
    }

    /** A PPP frame: FF 03 unless {@code acfc}, the protocol in one byte if {@code pfc} and it fits. */
    public static byte[] ppp(final boolean acfc, final boolean pfc, final int protocol, final byte[] information)
    {
        final boolean shortProtocol = pfc && protocol < 0x100;
        final ByteBuffer b = ByteBuffer.allocate((acfc ? 0 : 2) + (shortProtocol ? 1 : 2) + information.length);
        if (!acfc)
        {
            b.put((byte)0xFF).put((byte)0x03);
        }
        if (shortProtocol)
        {
            b.put((byte)protocol);
        }
        else
        {
            b.putShort((short)protocol);
        }
        return b.put(information).array();
    }

    public static byte[] ppp(final int protocol, final byte[] information)
    {
        return ppp(false, false, protocol, information);
    }

    /** The L2TP message in UDP from the client's port 1701 to ours, in IPv4, checksums right. */
    public static byte[] fromClient(final byte[] l2tp)
    {
        return Packets.udp(CLIENT, SERVER, 1701, 1701, l2tp);
    }

    /** An IPv4/UDP packet of {@code size} payload bytes from {@code source}. */
    public static byte[] ipv4(final String source, final String destination, final int size)
    {
        final byte[] payload = new byte[size];
        for (int k = 0; k < size; k++)
        {
            payload[k] = (byte)(k * 13 + size);
        }
        return Packets.udp(source, destination, 40000, 53, payload);
    }

    /** An IPv6 packet with no next header (59) and {@code size} payload bytes. */
    public static byte[] ipv6(final long sourcePrefix, final long sourceInterface, final int size)
    {
        final ByteBuffer b = ByteBuffer.allocate(40 + size);
        b.putInt(0x6000_0000).putShort((short)size).put((byte)59).put((byte)64);
        b.putLong(sourcePrefix).putLong(sourceInterface);
        b.putLong(0x2001_0db8_ffff_0000L).putLong(1);
        for (int k = 0; k < size; k++)
        {
            b.put((byte)k);
        }
        return b.array();
    }

    /** LCP Echo-Request (RFC 1661 §5.8), id 1, magic number 0x01020304. */
    public static byte[] lcpEchoRequest()
    {
        return new byte[] {0x09, 0x01, 0x00, 0x08, 0x01, 0x02, 0x03, 0x04};
    }
}
