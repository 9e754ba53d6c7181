package io.portcullis.dataplane.worker;

/**
 * Commands the control plane sends a worker over its one-to-one ring, one message each
 * (the ring's message type id is the command). All fields little-endian (the ring's native order).
 * <pre>
 * every command:   correlationId:long
 * ADD_SA           correlationId:long handle:int spi:int inbound:byte mode:byte cipher:byte
 *                  integrity:byte esn:byte natT:byte natLocalPort:short natRemotePort:short
 *                  replayWindow:int localAddress:int remoteAddress:int
 *                  natOriginalSource:int natOriginalDestination:int
 *                  softBytes:long hardBytes:long softPackets:long hardPackets:long
 *                  cipherKeyLength:byte cipherKey:bytes integrityKeyLength:byte integrityKey:bytes
 * REMOVE_SA        correlationId:long handle:int spi:int inbound:byte
 * </pre>
 * For an inbound SA the key is the SPI; for an outbound one, the handle packets carry.
 */
final class WorkerCommandDescriptor
{
    static final int ADD_SA = 1;
    static final int REMOVE_SA = 2;

    static final int CORRELATION_ID = 0;
    static final int HANDLE = 8;
    static final int SPI = 12;
    static final int INBOUND = 16;
    static final int MODE = 17;
    static final int CIPHER = 18;
    static final int INTEGRITY = 19;
    static final int ESN = 20;
    static final int NAT_T = 21;
    static final int NAT_LOCAL_PORT = 22;
    static final int NAT_REMOTE_PORT = 24;
    static final int REPLAY_WINDOW = 26;
    static final int LOCAL_ADDRESS = 30;
    static final int REMOTE_ADDRESS = 34;
    static final int NAT_ORIGINAL_SOURCE = 38;
    static final int NAT_ORIGINAL_DESTINATION = 42;
    static final int SOFT_BYTES = 46;
    static final int HARD_BYTES = 54;
    static final int SOFT_PACKETS = 62;
    static final int HARD_PACKETS = 70;
    static final int KEYS = 78;

    static final int REMOVE_SA_LENGTH = INBOUND + 1;
    /** Keys are at most 36 bytes (AES-256 + salt) and 32 (HMAC-SHA-256). */
    static final int MAX_ADD_SA_LENGTH = KEYS + 1 + 64 + 1 + 64;

    private WorkerCommandDescriptor()
    {
    }
}
