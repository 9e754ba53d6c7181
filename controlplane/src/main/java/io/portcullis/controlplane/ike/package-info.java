/**
 * IKEv1 (RFC 2407, 2408, 2409) for L2TP/IPsec clients and site-to-site peers.
 *
 * <p>Layout: {@code isakmp} is the wire codec (verify, then read); {@code crypto} the PRFs, key
 * derivation, IV chains and Diffie-Hellman groups; {@code proposal} the transforms and the policy
 * that picks among them; {@code mainmode} and {@code quickmode} the exchanges, one
 * {@link io.portcullis.controlplane.ike.Task} per role; {@code cert} X.509 credentials and IKE's
 * signatures. {@link io.portcullis.controlplane.ike.IkeSa} runs the exchanges of one ISAKMP SA
 * (encryption, retransmission, IV chains, DPD, rekey) and
 * {@link io.portcullis.controlplane.ike.IkeService} finds the SA each datagram belongs to.
 *
 * <p>Integration: feed {@link io.portcullis.controlplane.ike.IkeService#onDatagram} the datagrams
 * the dataplane punts for UDP 500 and 4500 (marker removed); send through
 * {@link io.portcullis.controlplane.ike.DataplaneTransport}; the L2TP side learns of each
 * installed SA pair through {@link io.portcullis.controlplane.ike.ChildSaListener}
 * ({@link io.portcullis.controlplane.ike.ChildSa#isL2tpTransport()}, the peer's outer endpoint and
 * the outbound handle to pass to {@code sendUdp}). One service runs on one event loop; to spread
 * peers over an {@code EventLoopGroup}, give each loop its own service and pin peers by remote
 * address (not port: a NAT float to 4500 changes the port, never the address).
 */
package io.portcullis.controlplane.ike;
