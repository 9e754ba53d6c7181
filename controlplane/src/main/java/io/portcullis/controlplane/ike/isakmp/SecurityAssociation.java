package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;
import java.util.List;

/** Security Association payload (RFC 2408 §3.4) in the IPsec DOI (RFC 2407 §4.6.1). */
public record SecurityAssociation(int doi, int situation, List<Proposal> proposals) implements Payload
{
    /** RFC 2407 §4.2. */
    public static final int DOI_IPSEC = 1;
    /** RFC 2407 §4.2.1. */
    public static final int SIT_IDENTITY_ONLY = 1;

    public static SecurityAssociation ipsec(final List<Proposal> proposals)
    {
        return new SecurityAssociation(DOI_IPSEC, SIT_IDENTITY_ONLY, proposals);
    }

    @Override
    public int type()
    {
        return PayloadType.SA;
    }

    @Override
    public byte[] encodeBody()
    {
        int length = 8;
        for (final Proposal proposal : proposals)
        {
            length += proposal.encodedLength();
        }
        final ByteBuffer out = ByteBuffer.allocate(length).putInt(doi).putInt(situation);
        for (int i = 0; i < proposals.size(); i++)
        {
            proposals.get(i).write(out, i == proposals.size() - 1);
        }
        return out.array();
    }
}
