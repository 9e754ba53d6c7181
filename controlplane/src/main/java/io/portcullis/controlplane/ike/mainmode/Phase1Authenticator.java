package io.portcullis.controlplane.ike.mainmode;

import java.util.List;

import io.portcullis.controlplane.ike.IkeFailure;
import io.portcullis.controlplane.ike.IkeSa;
import io.portcullis.controlplane.ike.isakmp.Identification;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;

/**
 * How phase 1 proves identities, picked once from the negotiated authentication method
 * (RFC 2409 §5.1 signatures, §5.4 pre-shared keys), so the exchanges never branch on it.
 */
interface Phase1Authenticator
{
    /** RFC 2409 §5: SKEYID for this method. */
    byte[] skeyid(IkeSa sa, byte[] ni, byte[] nr, byte[] gxy) throws IkeFailure;

    Identification ourId(IkeSa sa);

    /** Our identity and its proof over {@code hash} (HASH_I or HASH_R computed with {@link #ourId}). */
    List<Payload> prove(IkeSa sa, Identification id, byte[] hash);

    /** Checks the peer's proof against {@code expected}; names what is wrong (the rule) when it fails. */
    void verify(IkeSa sa, ReceivedPayloads payloads, Identification id, byte[] expected, String which)
        throws IkeFailure;

    /** CERTREQ payloads for message 3 or 4 (RFC 4945 §3.2.3: many peers send a CERT only when asked). */
    default List<Payload> certificateRequests(final IkeSa sa)
    {
        return List.of();
    }

    /** Whether we can take part with this authentication method. */
    static boolean supports(final IkeSa sa, final int authMethod)
    {
        return authMethod == io.portcullis.controlplane.ike.proposal.Phase1Transform.AUTH_PRE_SHARED_KEY ?
            sa.context().config().preSharedKeys() != null :
            sa.context().config().credentials() != null && sa.context().config().credentials().authMethod() == authMethod;
    }

    static Phase1Authenticator of(final IkeSa sa)
    {
        return sa.transform().authMethod() == io.portcullis.controlplane.ike.proposal.Phase1Transform.AUTH_PRE_SHARED_KEY ?
            new PreSharedKeyAuthenticator() : new SignatureAuthenticator();
    }
}
