package io.portcullis.controlplane.ike.proposal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.portcullis.controlplane.ike.crypto.DiffieHellmanGroup;
import io.portcullis.controlplane.ike.crypto.IkeCipher;
import io.portcullis.controlplane.ike.crypto.IkeHash;
import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;

/**
 * What we accept as responder and offer as initiator. {@link #defaults()} takes what the
 * built-in clients offer (Windows: 3DES or AES-CBC, SHA1, modp1024/2048; Apple: AES-256/128,
 * SHA1/SHA2, modp2048/1536/1024; Android and Linux: SHA2 too); {@link #strict()} only AES,
 * SHA2 and groups of 2048 bits or elliptic curves.
 *
 * @param sha256Truncated96 read ESP HMAC-SHA2-256 as 96-bit truncated, for old Android/Linux peers.
 */
public record ProposalPolicy(Set<IkeCipher> ciphers, Set<IkeHash> hashes, Set<DiffieHellmanGroup> groups,
    Set<EspCipher> espCiphers, Set<EspIntegrity> espIntegrity, boolean sha256Truncated96, int maxPhase1LifetimeS,
    int maxPhase2LifetimeS, List<Phase1Transform> phase1Offer, List<EspTransform> espOffer)
{
    public static ProposalPolicy defaults()
    {
        return new ProposalPolicy(EnumSet.allOf(IkeCipher.class),
            EnumSet.of(IkeHash.SHA1, IkeHash.SHA2_256, IkeHash.SHA2_384, IkeHash.SHA2_512),
            EnumSet.allOf(DiffieHellmanGroup.class),
            EnumSet.of(EspCipher.DES3_CBC, EspCipher.AES_CBC, EspCipher.AES_GCM_16),
            EnumSet.of(EspIntegrity.NONE, EspIntegrity.HMAC_SHA1_96, EspIntegrity.HMAC_SHA256_128), false,
            86_400, 28_800,
            List.of(psk(IkeCipher.AES_CBC, 256, IkeHash.SHA2_256, DiffieHellmanGroup.MODP_2048),
                psk(IkeCipher.AES_CBC, 128, IkeHash.SHA1, DiffieHellmanGroup.MODP_2048),
                psk(IkeCipher.DES3_CBC, 0, IkeHash.SHA1, DiffieHellmanGroup.MODP_1024)),
            List.of(esp(EspCipher.AES_CBC, 256, EspIntegrity.HMAC_SHA1_96),
                esp(EspCipher.AES_CBC, 128, EspIntegrity.HMAC_SHA1_96),
                esp(EspCipher.DES3_CBC, 0, EspIntegrity.HMAC_SHA1_96)));
    }

    public static ProposalPolicy strict()
    {
        return new ProposalPolicy(EnumSet.of(IkeCipher.AES_CBC),
            EnumSet.of(IkeHash.SHA2_256, IkeHash.SHA2_384, IkeHash.SHA2_512),
            EnumSet.of(DiffieHellmanGroup.MODP_2048, DiffieHellmanGroup.MODP_3072, DiffieHellmanGroup.MODP_4096,
                DiffieHellmanGroup.ECP_256, DiffieHellmanGroup.ECP_384, DiffieHellmanGroup.CURVE_25519),
            EnumSet.of(EspCipher.AES_CBC, EspCipher.AES_GCM_16),
            EnumSet.of(EspIntegrity.NONE, EspIntegrity.HMAC_SHA256_128), false, 28_800, 3_600,
            List.of(psk(IkeCipher.AES_CBC, 256, IkeHash.SHA2_256, DiffieHellmanGroup.MODP_2048)),
            List.of(esp(EspCipher.AES_CBC, 256, EspIntegrity.HMAC_SHA256_128)));
    }

    private static Phase1Transform psk(final IkeCipher cipher, final int bits, final IkeHash hash,
        final DiffieHellmanGroup group)
    {
        return new Phase1Transform(cipher, bits, hash, group, Phase1Transform.AUTH_PRE_SHARED_KEY, 28_800);
    }

    private static EspTransform esp(final EspCipher cipher, final int bits, final EspIntegrity integrity)
    {
        return new EspTransform(cipher, bits, integrity, null, EspTransform.Encapsulation.TRANSPORT, 3_600);
    }

    /** Whether we take this phase-1 transform (authentication method aside). */
    public boolean accepts(final Phase1Transform transform)
    {
        return transform != null && ciphers.contains(transform.cipher()) && hashes.contains(transform.hash()) &&
            groups.contains(transform.group());
    }

    public boolean accepts(final EspTransform transform)
    {
        return transform != null && espCiphers.contains(transform.cipher()) &&
            espIntegrity.contains(transform.integrity() == EspIntegrity.HMAC_SHA256_96 ?
                EspIntegrity.HMAC_SHA256_128 : transform.integrity()) &&
            (transform.pfsGroup() == null || groups.contains(transform.pfsGroup()));
    }

    /** Lifetimes: we take the peer's, capped at ours (a peer asking for none gets ours). */
    public int phase1Lifetime(final int offeredS)
    {
        return offeredS == 0 ? maxPhase1LifetimeS : Math.min(offeredS, maxPhase1LifetimeS);
    }

    public int phase2Lifetime(final int offeredS)
    {
        return offeredS == 0 ? maxPhase2LifetimeS : Math.min(offeredS, maxPhase2LifetimeS);
    }

    /** The same policy offering {@code offer} as initiator (e.g. to mimic a client's proposal set). */
    public ProposalPolicy withOffers(final List<Phase1Transform> phase1, final List<EspTransform> esp)
    {
        return new ProposalPolicy(ciphers, hashes, groups, espCiphers, espIntegrity, sha256Truncated96,
            maxPhase1LifetimeS, maxPhase2LifetimeS, phase1, esp);
    }
}
