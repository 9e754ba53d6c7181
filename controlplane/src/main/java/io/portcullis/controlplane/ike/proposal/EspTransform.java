package io.portcullis.controlplane.ike.proposal;

import java.util.ArrayList;
import java.util.List;

import io.portcullis.controlplane.ike.crypto.DiffieHellmanGroup;
import io.portcullis.controlplane.ike.isakmp.Attribute;
import io.portcullis.controlplane.ike.isakmp.Transform;
import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;

/**
 * One ESP transform of a Quick Mode proposal: transform ID (RFC 2407 §4.4.4) and the IPsec SA
 * attributes of RFC 2407 §4.5 (encapsulation mode values of RFC 3947 §5.1 and its drafts).
 *
 * @param pfsGroup  the Group Description attribute (PFS), or null without PFS.
 */
public record EspTransform(EspCipher cipher, int keyLengthBits, EspIntegrity integrity, DiffieHellmanGroup pfsGroup,
    Encapsulation encapsulation, int lifetimeSeconds)
{
    static final int ESP_3DES = 3;
    static final int ESP_AES_CBC = 12;
    /** RFC 4106 §8.4: ESP_AES-GCM with a 16-octet ICV. */
    static final int ESP_AES_GCM_16 = 20;

    static final int ATTR_LIFE_TYPE = 1;
    static final int ATTR_LIFE_DURATION = 2;
    static final int ATTR_GROUP = 3;
    static final int ATTR_ENCAPSULATION = 4;
    static final int ATTR_AUTH = 5;
    static final int ATTR_KEY_LENGTH = 6;

    static final int AUTH_HMAC_SHA1 = 2;
    static final int AUTH_HMAC_SHA2_256 = 5;

    /** Encapsulation Mode values: RFC 2407 §4.5, RFC 3947 §5.1, draft-ietf-ipsec-nat-t-ike-0x. */
    public enum Encapsulation
    {
        TUNNEL(1),
        TRANSPORT(2),
        UDP_TUNNEL(3),
        UDP_TRANSPORT(4),
        UDP_TUNNEL_DRAFT(61443),
        UDP_TRANSPORT_DRAFT(61444);

        private final int value;

        Encapsulation(final int value)
        {
            this.value = value;
        }

        public boolean tunnel()
        {
            return this == TUNNEL || this == UDP_TUNNEL || this == UDP_TUNNEL_DRAFT;
        }

        public boolean udp()
        {
            return this != TUNNEL && this != TRANSPORT;
        }

        static Encapsulation of(final long value)
        {
            for (final Encapsulation e : values())
            {
                if (e.value == value)
                {
                    return e;
                }
            }
            return null;
        }
    }

    /** Bytes of KEYMAT this transform takes per direction: cipher key (and GCM salt), then integrity key. */
    public int keymatLength()
    {
        return cipherKeyLength() + integrity.keyLength();
    }

    public int cipherKeyLength()
    {
        return switch (cipher)
        {
            case DES3_CBC -> 24;
            case AES_GCM_16 -> keyLengthBits / 8 + 4; // RFC 4106 §8.1: key then 4-byte salt
            default -> keyLengthBits / 8;
        };
    }

    public Transform toTransform(final int number)
    {
        final List<Attribute> attributes = new ArrayList<>();
        if (lifetimeSeconds != 0)
        {
            attributes.add(Attribute.basic(ATTR_LIFE_TYPE, 1));
            attributes.add(Attribute.variable(ATTR_LIFE_DURATION, lifetimeSeconds));
        }
        attributes.add(Attribute.basic(ATTR_ENCAPSULATION, encapsulation.value));
        if (integrity != EspIntegrity.NONE)
        {
            attributes.add(Attribute.basic(ATTR_AUTH, integrity == EspIntegrity.HMAC_SHA1_96 ? AUTH_HMAC_SHA1 :
                AUTH_HMAC_SHA2_256));
        }
        if (keyLengthBits != 0)
        {
            attributes.add(Attribute.basic(ATTR_KEY_LENGTH, keyLengthBits));
        }
        if (pfsGroup != null)
        {
            attributes.add(Attribute.basic(ATTR_GROUP, pfsGroup.id()));
        }
        final int id = switch (cipher)
        {
            case DES3_CBC -> ESP_3DES;
            case AES_GCM_16 -> ESP_AES_GCM_16;
            default -> ESP_AES_CBC;
        };
        return new Transform(number, id, attributes);
    }

    /**
     * The transform a peer offered, or null when we do not implement it. {@code sha256Truncated96}
     * reads HMAC-SHA2-256 as the 96-bit truncation old Android and Linux kernels use: IKEv1
     * carries no distinct value for it, so it is a per-policy choice.
     */
    public static EspTransform parse(final Transform transform, final boolean sha256Truncated96)
    {
        final long keyLength = Phase1Transform.value(transform, ATTR_KEY_LENGTH);
        final EspCipher cipher = switch (transform.transformId())
        {
            case ESP_3DES -> keyLength == 0 ? EspCipher.DES3_CBC : null;
            case ESP_AES_CBC, ESP_AES_GCM_16 -> keyLength == 128 || keyLength == 256 ?
                (transform.transformId() == ESP_AES_CBC ? EspCipher.AES_CBC : EspCipher.AES_GCM_16) : null;
            default -> null;
        };
        final long auth = Phase1Transform.value(transform, ATTR_AUTH);
        final EspIntegrity integrity = auth == 0 ? EspIntegrity.NONE : auth == AUTH_HMAC_SHA1 ?
            EspIntegrity.HMAC_SHA1_96 : auth == AUTH_HMAC_SHA2_256 ?
            (sha256Truncated96 ? EspIntegrity.HMAC_SHA256_96 : EspIntegrity.HMAC_SHA256_128) : null;
        final Encapsulation encapsulation = Encapsulation.of(Phase1Transform.value(transform, ATTR_ENCAPSULATION));
        final long groupId = Phase1Transform.value(transform, ATTR_GROUP);
        final DiffieHellmanGroup group = groupId == 0 ? null : DiffieHellmanGroup.ofId(groupId);
        if (cipher == null || integrity == null || encapsulation == null || (groupId != 0 && group == null) ||
            cipher.isAead() != (integrity == EspIntegrity.NONE))
        {
            return null;
        }
        final long lifeType = Phase1Transform.value(transform, ATTR_LIFE_TYPE);
        final long duration = Phase1Transform.value(transform, ATTR_LIFE_DURATION);
        return new EspTransform(cipher, (int) keyLength, integrity, group, encapsulation,
            lifeType == 1 ? (int) Math.min(Integer.MAX_VALUE, duration) : 0);
    }

    @Override
    public String toString()
    {
        return cipher + (keyLengthBits != 0 ? "-" + keyLengthBits : "") + "/" + integrity +
            (pfsGroup != null ? "/PFS-" + pfsGroup : "") + "/" + encapsulation;
    }
}
