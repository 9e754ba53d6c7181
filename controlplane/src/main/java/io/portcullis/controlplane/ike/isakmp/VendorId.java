package io.portcullis.controlplane.ike.isakmp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Vendor IDs (RFC 2408 §3.16) that native L2TP/IPsec clients send and expect. Most are the MD5
 * of a string; the test checks each against an independent MD5.
 */
public enum VendorId
{
    /** RFC 3947 §3.1: MD5("RFC 3947"). */
    RFC3947("4a131c81070358455c5728f20e95452f", true),
    /** MD5("draft-ietf-ipsec-nat-t-ike-02\n"), the one Windows XP and old macOS send. */
    NAT_T_DRAFT_02_N("90cb80913ebb696e086381b5ec427b1f", true),
    /** MD5("draft-ietf-ipsec-nat-t-ike-02"). */
    NAT_T_DRAFT_02("cd60464335df21f87cfdb2fc68b6a448", true),
    /** MD5("draft-ietf-ipsec-nat-t-ike-03"). */
    NAT_T_DRAFT_03("7d9419a65310ca6f2c179d9215529d56", true),
    /** MD5("draft-ietf-ipsec-nat-t-ike-00"), the first draft, with port floating not yet defined. */
    NAT_T_DRAFT_00("4485152d18b6bbcd0be8a8469579ddcc", true),
    /** RFC 3706 §7: Dead Peer Detection, version 1.0. */
    DPD("afcad71368a1f1c96b8696fc77570100", false),
    /** MD5("MS NT5 ISAKMPOAKLEY") followed by a 4-byte version; Windows sends it. */
    MS_NT5_ISAKMPOAKLEY("1e2b516905991c7d7c96fcbfb587e461", true),
    /** MD5("FRAGMENTATION"), IKE fragmentation as Cisco, Apple and Windows announce it. */
    FRAGMENTATION("4048b7d56ebce88525e7de7f00d6c2d3", true);

    private final byte[] bytes;
    private final boolean prefix;

    VendorId(final String hex, final boolean prefix)
    {
        this.bytes = HexFormat.of().parseHex(hex);
        this.prefix = prefix;
    }

    public byte[] bytes()
    {
        return bytes.clone();
    }

    /** Whether {@code data} is this vendor ID (trailing version bytes allowed where vendors add them). */
    public boolean matches(final byte[] data)
    {
        if (prefix)
        {
            return data.length >= bytes.length && Arrays.equals(data, 0, bytes.length, bytes, 0, bytes.length);
        }
        return Arrays.equals(data, bytes);
    }

    /** The vendor ID {@code data} is, or null. */
    public static VendorId of(final byte[] data)
    {
        for (final VendorId id : values())
        {
            if (id.matches(data))
            {
                return id;
            }
        }
        return null;
    }
}
