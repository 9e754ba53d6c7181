package io.portcullis.controlplane.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * README's first command ends with {@code bin/demo}: this runs it as a user would (it starts
 * bin/portcullis on net_af_packet ports in namespaces it makes, and the demo client behind a
 * NAT), then checks from its output that the client connected through every layer, that the
 * kernel's ping crossed the tunnel with no loss, that the appliance logged the session from its
 * side, and that nothing was left behind.
 */
class DemoIT
{
    private static final Path ROOT = Path.of(System.getProperty("portcullis.root", "."));

    @Test
    void theDemoConnectsAClientAndEveryPingCrossesTheTunnel() throws Exception
    {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        final Process demo = new ProcessBuilder(ROOT.resolve("bin/demo").toString(), "--count", "20")
            .redirectErrorStream(true).start();
        final long pid = demo.pid();
        final String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(demo.waitFor(5, TimeUnit.MINUTES), "bin/demo did not finish:\n" + output);
        assertEquals(0, demo.exitValue(), "bin/demo failed:\n" + output);

        // The client's side, step by step.
        assertTrue(output.contains("UDP-encapsulated (NAT detected)"), output);
        assertTrue(output.matches("(?s).*PPP up: demo authenticated, address 10\\.255\\.0\\.\\d+, gateway 10\\.255\\.0\\.1, " +
            "DNS 192\\.168\\.50\\.53.*"), output);
        final Matcher ping = Pattern.compile("(\\d+) packets transmitted, (\\d+) received, 0% packet loss").matcher(output);
        assertTrue(ping.find(), "no ping summary with 0 % loss:\n" + output);
        assertEquals("20", ping.group(1));
        assertEquals("20", ping.group(2));
        assertTrue(output.contains("ttl=63"), "the LAN host's answers cross one router (the appliance):\n" + output);

        // The appliance's side: who, from where, with what, and the hang-up.
        for (final String line : new String[] {"as responder", "NAT detected", "authenticated by MSCHAP_V2",
            "accounting start: demo from 203.0.113.2", "accounting stop: demo", "peer deleted the IKE SA"})
        {
            assertTrue(output.contains(line), "the appliance's log has no \"" + line + "\":\n" + output);
        }
        // RFC 2866 counts from the dataplane: 20 echo requests in, 20 replies out, 84 bytes of IPv4 each.
        assertTrue(output.contains("in 1680 B/20 packets, out 1680 B/20 packets"), "accounting stop counts:\n" + output);
        final Matcher journal = Pattern.compile("in its journal .*: (\\d+) records").matcher(output);
        assertTrue(journal.find() && Integer.parseInt(journal.group(1)) >= 9, "the journal holds the session's events:\n" +
            output);

        // Nothing left behind: its namespaces are gone.
        final Process netns = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        final String namespaces = new String(netns.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        netns.waitFor();
        assertFalse(namespaces.contains("pcd" + pid + "-"), "namespaces left behind:\n" + namespaces);
    }
}
