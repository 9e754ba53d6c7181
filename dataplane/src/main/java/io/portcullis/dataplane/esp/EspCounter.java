package io.portcullis.dataplane.esp;

import io.portcullis.dataplane.counters.CounterDescriptor;

/** What the ESP nodes count: packets done and every reason for a drop. Ids are stable API. */
public enum EspCounter implements CounterDescriptor
{
    // esp4-decrypt
    DECRYPTED(100, "decrypted"),
    NATT_KEEPALIVE(101, "nat-t keepalive"),
    PUNT_IKE(102, "ike on 4500 (non-esp marker)"),
    NOT_ESP(110, "not esp"),
    BAD_IP_HEADER(111, "bad ip header"),
    IP_FRAGMENT(112, "ip fragment (reassemble first)"),
    TRUNCATED(113, "truncated"),
    BAD_LENGTH(114, "ciphertext not a multiple of the block size"),
    UNKNOWN_SPI(115, "unknown spi"),
    REPLAY(116, "replay"),
    OUT_OF_WINDOW(117, "out of window"),
    INTEGRITY_FAILED(118, "integrity check failed"),
    BAD_PADDING(119, "bad padding"),
    DUMMY_PACKET(120, "dummy packet (next header 59)"),
    BAD_INNER_PACKET(121, "bad inner packet"),
    SA_EXPIRED_IN(122, "sa hard expired"),
    DECRYPT_ERROR(123, "crypto error"),
    BAD_UDP_LENGTH(124, "bad udp length"),
    // esp4-encrypt
    ENCRYPTED(200, "encrypted"),
    NO_SA(201, "no sa"),
    BAD_PLAIN_PACKET(202, "bad ip header"),
    NO_HEADROOM(203, "no headroom"),
    NO_TAILROOM(204, "no tailroom"),
    TOO_BIG(205, "too big for an ip packet"),
    SEQUENCE_OVERFLOW(206, "sequence number overflow"),
    SA_EXPIRED_OUT(207, "sa hard expired"),
    ENCRYPT_ERROR(208, "crypto error");

    private final int id;
    private final String label;

    EspCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    public int id()
    {
        return id;
    }

    public String label()
    {
        return label;
    }
}
