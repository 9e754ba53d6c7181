package io.portcullis.controlplane.ike.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.portcullis.controlplane.ike.IkeConfig;
import io.portcullis.controlplane.ike.IkeSa;
import io.portcullis.controlplane.ike.IkeSaDown;
import io.portcullis.controlplane.ike.IkeSaUp;
import io.portcullis.controlplane.ike.QuickModeRequest;
import io.portcullis.controlplane.ike.TwoPeersAccess;
import io.portcullis.controlplane.ike.crypto.DiffieHellmanGroup;
import io.portcullis.controlplane.ike.crypto.IkeCipher;
import io.portcullis.controlplane.ike.crypto.IkeHash;
import io.portcullis.controlplane.ike.proposal.Phase1Transform;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;

/** Main Mode with RSA and ECDSA signatures (RFC 2409 §5.1, RFC 4754), X.509 chains and CRLs. */
class CertificateMainModeTest
{
    private static IkeConfig config(final Credentials credentials)
    {
        final ProposalPolicy policy = ProposalPolicy.defaults().withOffers(List.of(new Phase1Transform(
            IkeCipher.AES_CBC, 256, IkeHash.SHA2_256, DiffieHellmanGroup.MODP_2048, credentials.authMethod(), 28_800)),
            ProposalPolicy.defaults().espOffer());
        return IkeConfig.withPsk(new byte[] {1}, policy).withCredentials(credentials);
    }

    @Test
    void authenticatesWithRsaCertificates() throws Exception
    {
        final TestPki pki = new TestPki("Portcullis Test CA");
        final KeyPair client = TestPki.rsa();
        final KeyPair server = TestPki.rsa();
        final TwoPeersAccess peers = new TwoPeersAccess(
            config(pki.credentials(client, pki.issue("CN=client.example", client))),
            config(pki.credentials(server, pki.issue("CN=vpn.example", server))));
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        assertTrue(sa.established());
        assertEquals("CN=client.example", peers.responderEvents().eventsOf(IkeSaUp.class).get(0).peerId());
        assertEquals("CN=vpn.example", peers.initiatorEvents().eventsOf(IkeSaUp.class).get(0).peerId());
        assertEquals(1, peers.responderChildSas());
        assertTrue(peers.responderSent(io.portcullis.controlplane.ike.isakmp.PayloadType.CERTREQ),
            "message 4 asks for a certificate (RFC 4945 §3.2.3)");
    }

    @Test
    void authenticatesWithEcdsaCertificates() throws Exception
    {
        final TestPki pki = new TestPki("Portcullis Test CA");
        final KeyPair client = TestPki.ecdsa();
        final KeyPair server = TestPki.ecdsa();
        final TwoPeersAccess peers = new TwoPeersAccess(
            config(pki.credentials(client, pki.issue("CN=client.example", client))),
            config(pki.credentials(server, pki.issue("CN=vpn.example", server))));
        assertTrue(peers.start(QuickModeRequest.l2tpTransport()).established());
        assertEquals(Credentials.AUTH_ECDSA_256, pki.credentials(client, pki.ca).authMethod());
        assertEquals(1, peers.responderChildSas());
    }

    @Test
    void refusesACertificateFromAnotherCa() throws Exception
    {
        final TestPki ours = new TestPki("Portcullis Test CA");
        final TestPki stranger = new TestPki("Somebody Else CA");
        final KeyPair client = TestPki.rsa();
        final KeyPair server = TestPki.rsa();
        final X509Certificate foreign = stranger.issue("CN=client.example", client);
        final TwoPeersAccess peers = new TwoPeersAccess(
            config(new Credentials(client.getPrivate(), foreign, ours.credentials(client, foreign).trustAnchors(),
                List.of())),
            config(ours.credentials(server, ours.issue("CN=vpn.example", server))));
        assertTrue(!peers.start(QuickModeRequest.l2tpTransport()).established());
        final String reason = peers.responderEvents().eventsOf(IkeSaDown.class).get(0).reason();
        assertTrue(reason.contains("RFC 5280 §6") && reason.contains("does not validate"), reason);
    }

    @Test
    void refusesARevokedCertificate() throws Exception
    {
        final TestPki pki = new TestPki("Portcullis Test CA");
        final KeyPair client = TestPki.rsa();
        final KeyPair server = TestPki.rsa();
        final X509Certificate clientCertificate = pki.issue("CN=client.example", client);
        final TwoPeersAccess peers = new TwoPeersAccess(
            config(pki.credentials(client, clientCertificate)),
            config(pki.credentials(server, pki.issue("CN=vpn.example", server), pki.crl(clientCertificate))));
        assertTrue(!peers.start(QuickModeRequest.l2tpTransport()).established());
        final String reason = peers.responderEvents().eventsOf(IkeSaDown.class).get(0).reason();
        assertTrue(reason.contains("REVOKED"), reason);
    }
}
