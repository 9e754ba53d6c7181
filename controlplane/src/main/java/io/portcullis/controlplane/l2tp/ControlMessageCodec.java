package io.portcullis.controlplane.l2tp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import static io.portcullis.controlplane.l2tp.AvpDescriptor.AVP_LENGTH_MASK;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.AVP_RESERVED_MASK;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.CONTROL_FLAGS;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.CONTROL_HEADER_LENGTH;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.HEADER_LENGTH;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.H_BIT;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.L_BIT;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.M_BIT;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.O_BIT;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.P_BIT;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.S_BIT;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.T_BIT;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.VERSION;
import static io.portcullis.controlplane.l2tp.AvpDescriptor.VERSION_MASK;

/**
 * Reads and writes L2TPv2 control messages (RFC 2661 §3.1, §4). Reading is in two steps: the
 * header ({@link #readHeader}), whose errors discard the datagram, and, once the control channel
 * has delivered the message in order, the body ({@link #readBody}), whose errors clear the tunnel
 * or session with the result code the exception carries.
 */
public final class ControlMessageCodec
{
    private static final int RANDOM_VECTOR_LENGTH = 16;
    private static final int MAX_PADDING = 8;

    private ControlMessageCodec()
    {
    }

    /** True if the datagram is a control message (T bit, RFC 2661 §3.1); data messages go elsewhere. */
    public static boolean isControl(final ByteBuffer datagram)
    {
        return datagram.remaining() >= 2 && (datagram.getShort(datagram.position()) & T_BIT) != 0;
    }

    /** Verifies and reads the header; the datagram's position is left unchanged. */
    public static ControlHeader readHeader(final ByteBuffer datagram) throws L2tpProtocolException
    {
        final int at = datagram.position();
        if (datagram.remaining() < CONTROL_HEADER_LENGTH)
        {
            throw L2tpProtocolException.discard("RFC 2661 §3.1: " + datagram.remaining() +
                " octets, shorter than the 12-octet control header");
        }
        final int flags = datagram.getShort(at) & 0xFFFF;
        if ((flags & VERSION_MASK) != VERSION)
        {
            throw L2tpProtocolException.discard("RFC 2661 §3.1: version " + (flags & VERSION_MASK) + ", not 2");
        }
        if ((flags & (T_BIT | L_BIT | S_BIT)) != (T_BIT | L_BIT | S_BIT))
        {
            throw L2tpProtocolException.discard("RFC 2661 §3.1: control message without the L and S bits");
        }
        if ((flags & (O_BIT | P_BIT)) != 0)
        {
            throw L2tpProtocolException.discard("RFC 2661 §3.1: control message with the O or P bit set");
        }
        final int length = datagram.getShort(at + 2) & 0xFFFF;
        if (length < CONTROL_HEADER_LENGTH || length > datagram.remaining())
        {
            throw L2tpProtocolException.discard("RFC 2661 §3.1: Length " + length + " outside 12.." +
                datagram.remaining() + " (the datagram)");
        }
        return new ControlHeader(length, datagram.getShort(at + 4) & 0xFFFF, datagram.getShort(at + 6) & 0xFFFF,
            datagram.getShort(at + 8) & 0xFFFF, datagram.getShort(at + 10) & 0xFFFF);
    }

    /**
     * Verifies and reads the AVPs of {@code message} (header included, {@code header.length()}
     * octets), unhiding hidden ones with {@code secret} (null: none configured). Returns null for
     * a message of unknown type without the M bit, which RFC 2661 §4.4.1 says to ignore.
     */
    public static ControlMessage readBody(final ControlHeader header, final byte[] message, final byte[] secret)
        throws L2tpProtocolException
    {
        final List<Avp> avps = readAvps(message, header.length(), secret);
        final Avp first = avps.getFirst();
        if (first.knownType() != AvpType.MESSAGE_TYPE)
        {
            throw L2tpProtocolException.generalError(ResultCode.OUT_OF_RANGE,
                "RFC 2661 §4.4.1: the first AVP must be Message Type, not type " + first.type());
        }
        final MessageType type = MessageType.of(first.u16());
        if (type == null)
        {
            if (!first.mandatory())
            {
                return null;
            }
            throw L2tpProtocolException.generalError(ResultCode.OUT_OF_RANGE,
                "RFC 2661 §4.4.1: unknown Message Type " + first.u16() + " with the M bit set");
        }
        final ControlMessage decoded = new ControlMessage(type, header.tunnelId(), header.sessionId(), avps);
        for (final AvpType required : type.required())
        {
            if (!decoded.has(required))
            {
                throw L2tpProtocolException.generalError(ResultCode.NO_ERROR,
                    "RFC 2661 §6: " + type + " without its " + required + " AVP");
            }
        }
        return decoded;
    }

    private static List<Avp> readAvps(final byte[] message, final int length, final byte[] secret)
        throws L2tpProtocolException
    {
        final List<Avp> avps = new ArrayList<>();
        final ByteBuffer b = ByteBuffer.wrap(message, 0, length).position(CONTROL_HEADER_LENGTH);
        byte[] randomVector = null;
        while (b.hasRemaining())
        {
            final Avp avp = readAvp(b, secret, randomVector);
            if (avp.knownType() == AvpType.RANDOM_VECTOR)
            {
                randomVector = avp.value();
            }
            avps.add(avp);
        }
        if (avps.isEmpty())
        {
            throw L2tpProtocolException.generalError(ResultCode.LENGTH_WRONG,
                "RFC 2661 §4.4.1: a message with a body must start with a Message Type AVP");
        }
        return avps;
    }

    private static Avp readAvp(final ByteBuffer b, final byte[] secret, final byte[] randomVector)
        throws L2tpProtocolException
    {
        if (b.remaining() < HEADER_LENGTH)
        {
            throw L2tpProtocolException.generalError(ResultCode.LENGTH_WRONG,
                "RFC 2661 §4.1: " + b.remaining() + " octets left, too few for an AVP header");
        }
        final int bits = b.getShort() & 0xFFFF;
        final int length = bits & AVP_LENGTH_MASK;
        if (length < HEADER_LENGTH || length - 2 > b.remaining())
        {
            throw L2tpProtocolException.generalError(ResultCode.LENGTH_WRONG,
                "RFC 2661 §4.1: AVP Length " + length + " outside 6.." + (b.remaining() + 2));
        }
        final int vendorId = b.getShort() & 0xFFFF;
        final int type = b.getShort() & 0xFFFF;
        final byte[] raw = new byte[length - HEADER_LENGTH];
        b.get(raw);
        final boolean mandatory = (bits & M_BIT) != 0;
        final boolean hidden = (bits & H_BIT) != 0;
        // §4.1: reserved bits set make the AVP unrecognized, whatever its type.
        final AvpType known = (bits & AVP_RESERVED_MASK) == 0 ? AvpType.of(vendorId, type) : null;
        if (known == null)
        {
            if (mandatory)
            {
                throw L2tpProtocolException.generalError(ResultCode.UNKNOWN_MANDATORY_AVP,
                    "RFC 2661 §4.1: unrecognized AVP (vendor " + vendorId + ", type " + type + ") with the M bit set");
            }
            return new Avp(vendorId, type, false, hidden, raw);
        }
        final byte[] value = hidden ? unhide(known, raw, secret, randomVector) : raw;
        verifyValueLength(known, value);
        return new Avp(vendorId, type, mandatory, hidden, value);
    }

    private static byte[] unhide(final AvpType type, final byte[] raw, final byte[] secret,
        final byte[] randomVector) throws L2tpProtocolException
    {
        if (!type.hideable())
        {
            throw L2tpProtocolException.generalError(ResultCode.OUT_OF_RANGE,
                "RFC 2661 §4.4: " + type + " must not be hidden");
        }
        if (randomVector == null)
        {
            throw L2tpProtocolException.generalError(ResultCode.OUT_OF_RANGE,
                "RFC 2661 §4.3: hidden " + type + " not preceded by a Random Vector AVP");
        }
        if (secret == null)
        {
            throw L2tpProtocolException.generalError(ResultCode.OUT_OF_RANGE,
                "RFC 2661 §4.3: hidden " + type + " but no shared secret is configured for this peer");
        }
        return AvpHiding.unhide(type.code(), raw, secret, randomVector);
    }

    private static void verifyValueLength(final AvpType type, final byte[] value) throws L2tpProtocolException
    {
        final boolean resultCodeGap = type == AvpType.RESULT_CODE && value.length == 3;
        if (value.length < type.minLength() || value.length > type.maxLength() || resultCodeGap)
        {
            throw L2tpProtocolException.generalError(ResultCode.LENGTH_WRONG,
                "RFC 2661 §4.4: " + type + " value of " + value.length + " octets (allowed " + type.minLength() +
                    ".." + type.maxLength() + (type == AvpType.RESULT_CODE ? ", not 3" : "") + ")");
        }
    }

    /**
     * The value of the first AVP of {@code type}, if it is a visible two-octet one, from a message
     * whose body failed verification; -1 otherwise. Lets a call request with a bad AVP be refused
     * with a CDN to its Assigned Session ID instead of clearing the whole tunnel (RFC 2661 §4.1).
     */
    public static int peekU16(final byte[] message, final int length, final AvpType type)
    {
        int at = CONTROL_HEADER_LENGTH;
        while (at + HEADER_LENGTH <= length)
        {
            final int bits = (message[at] & 0xFF) << 8 | message[at + 1] & 0xFF;
            final int avpLength = bits & AVP_LENGTH_MASK;
            if (avpLength < HEADER_LENGTH || at + avpLength > length)
            {
                return -1;
            }
            final int vendor = (message[at + 2] & 0xFF) << 8 | message[at + 3] & 0xFF;
            final int attribute = (message[at + 4] & 0xFF) << 8 | message[at + 5] & 0xFF;
            if (vendor == 0 && attribute == type.code())
            {
                return avpLength == HEADER_LENGTH + 2 && (bits & H_BIT) == 0 ?
                    (message[at + 6] & 0xFF) << 8 | message[at + 7] & 0xFF : -1;
            }
            at += avpLength;
        }
        return -1;
    }

    /** A ZLB acknowledgement (RFC 2661 §5.8): header only. */
    public static byte[] zlb(final int peerTunnelId, final int ns, final int nr)
    {
        return header(CONTROL_HEADER_LENGTH, peerTunnelId, 0, ns, nr).array();
    }

    /**
     * Encodes {@code message}; hidden AVPs are hidden with {@code secret} under a fresh Random
     * Vector placed right after the Message Type (RFC 2661 §4.3), with 0-7 octets of padding.
     */
    public static byte[] encode(final ControlMessage message, final int ns, final int nr, final byte[] secret,
        final RandomGenerator random)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] randomVector = null;
        for (final Avp avp : message.avps())
        {
            if (avp.hidden() && randomVector == null)
            {
                if (secret == null)
                {
                    throw new IllegalStateException("hiding " + avp.knownType() + " needs a shared secret");
                }
                randomVector = new byte[RANDOM_VECTOR_LENGTH];
                random.nextBytes(randomVector);
                writeAvp(body, Avp.of(AvpType.RANDOM_VECTOR, true, randomVector), randomVector);
            }
            if (avp.hidden())
            {
                final byte[] padding = new byte[random.nextInt(MAX_PADDING)];
                random.nextBytes(padding);
                writeAvp(body, avp, AvpHiding.hide(avp.type(), avp.value(), padding, secret, randomVector));
            }
            else
            {
                writeAvp(body, avp, avp.value());
            }
        }
        final int length = CONTROL_HEADER_LENGTH + body.size();
        if (length > 0xFFFF)
        {
            throw new IllegalArgumentException("control message of " + length + " octets exceeds 65535");
        }
        return header(length, message.tunnelId(), message.sessionId(), ns, nr).put(body.toByteArray()).array();
    }

    private static ByteBuffer header(final int length, final int tunnelId, final int sessionId, final int ns,
        final int nr)
    {
        return ByteBuffer.allocate(length).putShort((short)CONTROL_FLAGS).putShort((short)length)
            .putShort((short)tunnelId).putShort((short)sessionId).putShort((short)ns).putShort((short)nr);
    }

    private static void writeAvp(final ByteArrayOutputStream out, final Avp avp, final byte[] wireValue)
    {
        final int length = HEADER_LENGTH + wireValue.length;
        if (length > AVP_LENGTH_MASK)
        {
            throw new IllegalArgumentException("AVP type " + avp.type() + " of " + length + " octets exceeds 1023");
        }
        final int bits = (avp.mandatory() ? M_BIT : 0) | (avp.hidden() ? H_BIT : 0) | length;
        out.write(bits >>> 8);
        out.write(bits);
        out.write(avp.vendorId() >>> 8);
        out.write(avp.vendorId());
        out.write(avp.type() >>> 8);
        out.write(avp.type());
        out.writeBytes(wireValue);
    }
}
