package io.portcullis.controlplane.l2tp;

import java.nio.ByteBuffer;

/**
 * An L2TP data message (RFC 2661 §3.1, T bit clear) as the control plane sees it: PPP control
 * frames (LCP, authentication, IPCP) on their way to and from the PPP automata. The dataplane
 * forwards the rest on its own.
 *
 * <pre>
 *   |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |  Length (if L)  |
 *   |  Tunnel ID  |  Session ID  |  Ns, Nr (if S)  |  Offset Size, pad (if O)  | PPP frame ...
 * </pre>
 */
public record DataMessage(int tunnelId, int sessionId, byte[] pppFrame)
{
    private static final int LENGTH_FLAGS = AvpDescriptor.L_BIT | AvpDescriptor.VERSION;

    /** Verifies and reads a data message; the datagram's position is left unchanged. */
    public static DataMessage read(final ByteBuffer datagram) throws L2tpProtocolException
    {
        final ByteBuffer b = datagram.duplicate();
        if (b.remaining() < 6)
        {
            throw L2tpProtocolException.discard("RFC 2661 §3.1: data message of " + b.remaining() + " octets");
        }
        final int flags = b.getShort() & 0xFFFF;
        if ((flags & AvpDescriptor.VERSION_MASK) != AvpDescriptor.VERSION)
        {
            throw L2tpProtocolException.discard("RFC 2661 §3.1: version " + (flags & AvpDescriptor.VERSION_MASK) +
                ", not 2");
        }
        int end = datagram.limit();
        if ((flags & AvpDescriptor.L_BIT) != 0)
        {
            final int length = b.getShort() & 0xFFFF;
            if (length > datagram.remaining())
            {
                throw L2tpProtocolException.discard("RFC 2661 §3.1: Length " + length + " exceeds the datagram");
            }
            end = datagram.position() + length;
        }
        final int fixed = 4 + ((flags & AvpDescriptor.S_BIT) != 0 ? 4 : 0) + ((flags & AvpDescriptor.O_BIT) != 0 ? 2 : 0);
        if (end - b.position() < fixed)
        {
            throw L2tpProtocolException.discard("RFC 2661 §3.1: data message header exceeds its Length");
        }
        final int tunnelId = b.getShort() & 0xFFFF;
        final int sessionId = b.getShort() & 0xFFFF;
        if ((flags & AvpDescriptor.S_BIT) != 0)
        {
            b.position(b.position() + 4);
        }
        if ((flags & AvpDescriptor.O_BIT) != 0)
        {
            final int offset = b.getShort() & 0xFFFF;
            if (offset > end - b.position())
            {
                throw L2tpProtocolException.discard("RFC 2661 §3.1: Offset Size " + offset + " exceeds the message");
            }
            b.position(b.position() + offset);
        }
        final byte[] frame = new byte[end - b.position()];
        b.get(frame);
        return new DataMessage(tunnelId, sessionId, frame);
    }

    /** With the Length field, no sequencing, no offset: what most LACs and LNSs send. */
    public byte[] encode()
    {
        final int length = 8 + pppFrame.length;
        return ByteBuffer.allocate(length).putShort((short)LENGTH_FLAGS).putShort((short)length)
            .putShort((short)tunnelId).putShort((short)sessionId).put(pppFrame).array();
    }
}
