package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;

/**
 * The fixed ISAKMP header (RFC 2408 §3.1):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Initiator                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Responder                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Next Payload ! MjVer ! MnVer ! Exchange Type !     Flags     !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Message ID                           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                            Length                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record IsakmpHeader(long initiatorCookie, long responderCookie, int nextPayload, int exchangeType,
    int flags, int messageId, int length)
{
    public static final int LENGTH = 28;
    /** RFC 2408 §3.1 flags. */
    public static final int FLAG_ENCRYPTION = 0x01;
    public static final int FLAG_COMMIT = 0x02;
    public static final int FLAG_AUTHENTICATION_ONLY = 0x04;
    private static final int KNOWN_FLAGS = FLAG_ENCRYPTION | FLAG_COMMIT | FLAG_AUTHENTICATION_ONLY;
    private static final int VERSION_1_0 = 0x10;

    public boolean encrypted()
    {
        return (flags & FLAG_ENCRYPTION) != 0;
    }

    /** Checks the header at {@code message}'s position against the datagram's length; reads nothing. */
    public static void verify(final ByteBuffer message) throws IsakmpException
    {
        final int at = message.position();
        final int available = message.remaining();
        if (available < LENGTH)
        {
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED,
                "RFC 2408 §3.1: a message is at least the 28-byte header, got " + available);
        }
        final int version = message.get(at + 17) & 0xff;
        if ((version >>> 4) != 1)
        {
            throw new IsakmpException(NotifyType.INVALID_MAJOR_VERSION,
                "RFC 2408 §3.1: major version must be 1, got " + (version >>> 4));
        }
        if ((version & 0x0f) != 0)
        {
            throw new IsakmpException(NotifyType.INVALID_MINOR_VERSION,
                "RFC 2408 §3.1: minor version must be 0, got " + (version & 0x0f));
        }
        if (message.getLong(at) == 0)
        {
            throw new IsakmpException(NotifyType.INVALID_COOKIE, "RFC 2408 §3.1: the initiator cookie is never zero");
        }
        final int exchange = message.get(at + 18) & 0xff;
        if (!ExchangeType.isKnown(exchange))
        {
            throw new IsakmpException(NotifyType.INVALID_EXCHANGE_TYPE,
                "RFC 2408 §3.1: unknown exchange type " + exchange);
        }
        final int flags = message.get(at + 19) & 0xff;
        if ((flags & ~KNOWN_FLAGS) != 0)
        {
            throw new IsakmpException(NotifyType.INVALID_FLAGS,
                "RFC 2408 §3.1: unknown flag bits 0x" + Integer.toHexString(flags & ~KNOWN_FLAGS));
        }
        final long length = Integer.toUnsignedLong(message.getInt(at + 24));
        if (length < LENGTH || length > available)
        {
            throw new IsakmpException(NotifyType.UNEQUAL_PAYLOAD_LENGTHS,
                "RFC 2408 §3.1: header length " + length + " is not within the " + available + "-byte datagram");
        }
    }

    /** Reads a header that {@link #verify} accepted. */
    public static IsakmpHeader read(final ByteBuffer message)
    {
        final int at = message.position();
        return new IsakmpHeader(message.getLong(at), message.getLong(at + 8), message.get(at + 16) & 0xff,
            message.get(at + 18) & 0xff, message.get(at + 19) & 0xff, message.getInt(at + 20), message.getInt(at + 24));
    }

    public void write(final ByteBuffer out)
    {
        out.putLong(initiatorCookie).putLong(responderCookie).put((byte) nextPayload).put((byte) VERSION_1_0)
            .put((byte) exchangeType).put((byte) flags).putInt(messageId).putInt(length);
    }

    public IsakmpHeader withLength(final int newLength)
    {
        return new IsakmpHeader(initiatorCookie, responderCookie, nextPayload, exchangeType, flags, messageId, newLength);
    }

    public IsakmpHeader withNextPayload(final int next)
    {
        return new IsakmpHeader(initiatorCookie, responderCookie, next, exchangeType, flags, messageId, length);
    }
}
