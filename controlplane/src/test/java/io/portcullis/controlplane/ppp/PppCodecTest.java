package io.portcullis.controlplane.ppp;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PPP frame, packet and option parsing (RFC 1661, RFC 1662): the rules and one failing case each. */
class PppCodecTest
{
    @Test
    void readsFullAndCompressedFrames() throws PppException
    {
        assertEquals(PppProtocol.LCP, PppFrame.read(new byte[] {(byte)0xFF, 3, (byte)0xC0, 0x21, 1}).protocol());
        assertEquals(PppProtocol.IPV4, PppFrame.read(new byte[] {0x21, 0x45}).protocol(), "ACFC and PFC");
        final PppFrame frame = PppFrame.read(new PppFrame(PppProtocol.IPCP, new byte[] {9}).encode());
        assertArrayEquals(new byte[] {9}, frame.information());
    }

    @Test
    void failsWhenControlIsNotUi()
    {
        assertRule(() -> PppFrame.read(new byte[] {(byte)0xFF, 5, 0x21}), "RFC 1662 §3.1");
    }

    @Test
    void failsWhenProtocolMissing()
    {
        assertRule(() -> PppFrame.read(new byte[] {(byte)0xFF, 3}), "without a Protocol field");
    }

    @Test
    void failsWhenTwoOctetProtocolCutShort()
    {
        assertRule(() -> PppFrame.read(new byte[] {(byte)0xC0}), "cut short");
    }

    @Test
    void failsWhenProtocolEven()
    {
        assertRule(() -> PppFrame.read(new byte[] {(byte)0xC0, 0x20}), "is even");
    }

    @Test
    void failsWhenPacketShorterThanHeader()
    {
        assertRule(() -> ControlPacket.read(new byte[] {1, 1, 0}), "shorter than the 4-octet header");
    }

    @Test
    void failsWhenPacketLengthOutOfRange()
    {
        assertRule(() -> ControlPacket.read(new byte[] {1, 1, 0, 3}), "Length 3");
        assertRule(() -> ControlPacket.read(new byte[] {1, 1, 0, 6, 0}), "Length 6");
    }

    @Test
    void ignoresPaddingAfterLength() throws PppException
    {
        assertEquals(1, ControlPacket.read(new byte[] {1, 1, 0, 5, 7, 0, 0}).data().length);
    }

    @Test
    void failsWhenOptionLengthOutOfRange()
    {
        assertRule(() -> ConfigOption.readAll(new byte[] {1, 1}), "Length 1");
        assertRule(() -> ConfigOption.readAll(new byte[] {1, 5, 0}), "Length 5");
        assertRule(() -> ConfigOption.readAll(new byte[] {1, 2, 7}), "too few for an option header");
    }

    @Test
    void ipv6cpNaksZeroOrCollidingIdentifier()
    {
        final Ipv6cp ipv6cp = new Ipv6cp(new Random(1), () -> { }, () -> { });
        final ConfigOption ours = ipv6cp.request().getFirst();
        final ConfigVerdict same = ipv6cp.examine(List.of(ours));
        assertTrue(!same.acceptable());
        final ConfigVerdict zero = ipv6cp.examine(List.of(new ConfigOption(1, new byte[8])));
        assertTrue(!zero.acceptable());
        final ConfigOption theirs = new ConfigOption(1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertTrue(ipv6cp.examine(List.of(theirs)).acceptable());
        assertEquals(0x0102030405060708L, ipv6cp.peerId());
        ipv6cp.nakked(List.of(theirs));
        assertNotEquals(0x0102030405060708L, ipv6cp.localId(), "a suggestion equal to the peer's is not taken");
        assertTrue(!ipv6cp.examine(List.of(new ConfigOption(2, new byte[2]))).acceptable(), "compression rejected");
    }

    @Test
    void ipcpServerNaksAddressAndDnsAndRejectsWhatItLacks()
    {
        final IpcpServer ipcp = new IpcpServer(1, () -> 0x0A000005, new int[] {0x08080808}, new int[0], () -> { },
            () -> { });
        final ControlPacket reply = ipcp.examine(List.of(ConfigOption.u32(3, 0), ConfigOption.u32(129, 0)))
            .reply(4, new byte[0], false);
        assertEquals(ControlPacket.CONFIGURE_NAK, reply.code());
        assertArrayEquals(new byte[] {3, 6, 10, 0, 0, 5, (byte)129, 6, 8, 8, 8, 8}, reply.data());
        final ControlPacket reject = ipcp.examine(List.of(ConfigOption.u32(3, 0), ConfigOption.u32(131, 0),
            ConfigOption.u16(2, 0x2d))).reply(5, new byte[0], false);
        assertEquals(ControlPacket.CONFIGURE_REJECT, reject.code());
        assertArrayEquals(new byte[] {(byte)131, 6, 0, 0, 0, 0, 2, 4, 0, 0x2d}, reject.data(), "no secondary DNS, no VJ");
    }

    private static void assertRule(final org.junit.jupiter.api.function.Executable parse, final String rule)
    {
        final PppException ex = assertThrows(PppException.class, parse);
        assertTrue(ex.getMessage().contains(rule) && ex.getMessage().startsWith("RFC 166"), ex.getMessage());
    }
}
