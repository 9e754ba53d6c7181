package io.portcullis.controlplane.ike.proposal;

import java.util.ArrayList;
import java.util.List;

import io.portcullis.controlplane.ike.crypto.DiffieHellmanGroup;
import io.portcullis.controlplane.ike.crypto.IkeCipher;
import io.portcullis.controlplane.ike.crypto.IkeHash;
import io.portcullis.controlplane.ike.isakmp.Attribute;
import io.portcullis.controlplane.ike.isakmp.Transform;

/**
 * One phase-1 transform (RFC 2409 Appendix A attributes), the KEY_IKE transform of an ISAKMP
 * proposal (RFC 2407 §4.4.2).
 */
public record Phase1Transform(IkeCipher cipher, int keyLengthBits, IkeHash hash, DiffieHellmanGroup group,
    int authMethod, int lifetimeSeconds)
{
    /** RFC 2407 §4.4.2. */
    public static final int KEY_IKE = 1;
    /** RFC 2409 Appendix A authentication methods. */
    public static final int AUTH_PRE_SHARED_KEY = 1;
    public static final int AUTH_RSA_SIGNATURE = 3;
    public static final int AUTH_ECDSA_256 = 9;

    static final int ATTR_ENCRYPTION = 1;
    static final int ATTR_HASH = 2;
    static final int ATTR_AUTH = 3;
    static final int ATTR_GROUP = 4;
    static final int ATTR_LIFE_TYPE = 11;
    static final int ATTR_LIFE_DURATION = 12;
    static final int ATTR_KEY_LENGTH = 14;
    static final int LIFE_SECONDS = 1;

    /** The cipher key length in bytes. */
    public int keyLength()
    {
        return cipher.keyLength(keyLengthBits);
    }

    public Transform toTransform(final int number)
    {
        final List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.basic(ATTR_ENCRYPTION, cipher.attributeValue()));
        if (keyLengthBits != 0)
        {
            attributes.add(Attribute.basic(ATTR_KEY_LENGTH, keyLengthBits));
        }
        attributes.add(Attribute.basic(ATTR_HASH, hash.attributeValue()));
        attributes.add(Attribute.basic(ATTR_AUTH, authMethod));
        attributes.add(Attribute.basic(ATTR_GROUP, group.id()));
        if (lifetimeSeconds != 0)
        {
            attributes.add(Attribute.basic(ATTR_LIFE_TYPE, LIFE_SECONDS));
            attributes.add(Attribute.variable(ATTR_LIFE_DURATION, lifetimeSeconds));
        }
        return new Transform(number, KEY_IKE, attributes);
    }

    /** The transform a peer offered, or null when it names something we do not implement. */
    public static Phase1Transform parse(final Transform transform)
    {
        if (transform.transformId() != KEY_IKE)
        {
            return null;
        }
        final IkeCipher cipher = IkeCipher.ofAttribute(value(transform, ATTR_ENCRYPTION));
        final IkeHash hash = IkeHash.ofAttribute(value(transform, ATTR_HASH));
        final DiffieHellmanGroup group = DiffieHellmanGroup.ofId(value(transform, ATTR_GROUP));
        final int keyLengthBits = (int) value(transform, ATTR_KEY_LENGTH);
        if (cipher == null || hash == null || group == null || cipher.keyLength(keyLengthBits) < 0)
        {
            return null;
        }
        final long lifeType = value(transform, ATTR_LIFE_TYPE);
        final long duration = value(transform, ATTR_LIFE_DURATION);
        final int lifetime = lifeType == LIFE_SECONDS ? (int) Math.min(Integer.MAX_VALUE, duration) : 0;
        return new Phase1Transform(cipher, keyLengthBits, hash, group, (int) value(transform, ATTR_AUTH), lifetime);
    }

    static long value(final Transform transform, final int type)
    {
        final Attribute attribute = transform.attribute(type);
        return attribute == null ? 0 : attribute.longValue();
    }

    /** The same transform with another lifetime (a responder may shorten the initiator's). */
    public Phase1Transform withLifetime(final int seconds)
    {
        return new Phase1Transform(cipher, keyLengthBits, hash, group, authMethod, seconds);
    }

    @Override
    public String toString()
    {
        return cipher + (keyLengthBits != 0 ? "-" + keyLengthBits : "") + "/" + hash + "/" + group;
    }
}
