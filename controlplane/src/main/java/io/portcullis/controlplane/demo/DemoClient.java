package io.portcullis.controlplane.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.UnsafeBuffer;

import io.portcullis.controlplane.events.Event;
import io.portcullis.controlplane.events.EventSink;
import io.portcullis.controlplane.ike.ChildSa;
import io.portcullis.controlplane.ike.ChildSaListener;
import io.portcullis.controlplane.ike.DatagramChannelTransport;
import io.portcullis.controlplane.ike.Endpoint;
import io.portcullis.controlplane.ike.IkeConfig;
import io.portcullis.controlplane.ike.IkeContext;
import io.portcullis.controlplane.ike.IkeSa;
import io.portcullis.controlplane.ike.IkeService;
import io.portcullis.controlplane.ike.QuickModeRequest;
import io.portcullis.controlplane.ike.SpiAllocator;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;
import io.portcullis.controlplane.l2tp.CallHandler;
import io.portcullis.controlplane.l2tp.L2tpEndpoint;
import io.portcullis.controlplane.l2tp.L2tpSettings;
import io.portcullis.controlplane.l2tp.ResultCode;
import io.portcullis.controlplane.l2tp.Session;
import io.portcullis.controlplane.l2tp.Tunnel;
import io.portcullis.controlplane.ppp.AuthMethod;
import io.portcullis.controlplane.ppp.AutomatonTimers;
import io.portcullis.controlplane.ppp.ClientLink;
import io.portcullis.controlplane.ppp.PppProtocol;
import io.portcullis.controlplane.runtime.EventLoop;
import io.portcullis.dataplane.packet.Ipv4;

/**
 * The embedded demo's remote-access client (bin/demo): an L2TP/IPsec client in one process, made
 * of Portcullis's own parts run from the client's side — IKEv1 Main Mode and Quick Mode as
 * initiator (L2TP transport selectors, RFC 3193 §4), the dataplane's ESP nodes over the host's
 * UDP port 4500 (it sits behind a NAT, so IKE picks UDP encapsulation, RFC 3948), an L2TP LAC
 * and a PPP client link — with a TUN interface as its "ppp0", so the kernel's own {@code ping}
 * crosses the tunnel. It runs inside the demo's client namespace and prints each step.
 *
 * <pre>
 * DemoClient --local A --server A --psk S --user U --password P --tun NAME --route CIDR --ping A [--count N]
 * </pre>
 * Exit status: 0 when every ping was answered, 1 when some were lost, 2 when the set-up failed.
 */
public final class DemoClient
{
    private static final long STEP_TIMEOUT_MS = 20_000;
    private static final java.util.regex.Pattern PING_SUMMARY =
        java.util.regex.Pattern.compile("packets transmitted, (\\d+) received");

    private final Options options;
    /** Seconds are counted from bin/demo's start when it says when that was, else from ours. */
    private final long startNs = System.nanoTime() - startedAgoNs(System.getenv("PORTCULLIS_DEMO_START_MS"));
    private final EventLoop loop = new EventLoop("demo-client");
    private final SecureRandom random = new SecureRandom();
    private final DatagramChannelTransport socket;
    private final SoftwareEsp esp;
    private final IkeService ike;
    private final CompletableFuture<ChildSa> childSa = new CompletableFuture<>();
    private L2tpEndpoint lac;
    private Tunnel tunnel;
    private Session session;
    private ClientLink link;
    private TunDevice tun;

    record Options(int local, int server, byte[] psk, String user, String password, String tun, String route,
        String ping, int count)
    {
        static Options parse(final String[] args) throws IOException
        {
            final java.util.Map<String, String> values = new java.util.HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2)
            {
                if (!args[i].startsWith("--"))
                {
                    throw new IllegalArgumentException("expected an option, found " + args[i]);
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            for (final String required : List.of("local", "server", "psk", "user", "password", "tun", "route", "ping"))
            {
                if (!values.containsKey(required))
                {
                    throw new IllegalArgumentException("missing --" + required);
                }
            }
            return new Options(address(values.get("local")), address(values.get("server")),
                values.get("psk").getBytes(StandardCharsets.UTF_8), values.get("user"), values.get("password"),
                values.get("tun"), values.get("route"), values.get("ping"),
                Integer.parseInt(values.getOrDefault("count", "10")));
        }
    }

    private DemoClient(final Options options) throws IOException
    {
        this.options = options;
        socket = new DatagramChannelTransport(options.local());
        esp = new SoftwareEsp(options.local(), socket, this::onDecrypted);
        socket.receiveEsp((remote, port, datagram) ->
        {
            final byte[] copy = new byte[datagram.remaining()];
            datagram.get(datagram.position(), copy);
            loop.execute(() -> esp.onEsp(remote, port, copy));
        });
        final EventSink events = event -> say("  event: " + describe(event));
        final IkeConfig config = IkeConfig.withPsk(options.psk(), ProposalPolicy.defaults());
        ike = new IkeService(new IkeContext(config, loop, socket, esp, events, new SpiAllocator(),
            new ChildSaListener()
            {
                @Override
                public void onChildSaUp(final ChildSa sa)
                {
                    childSa.complete(sa);
                }

                @Override
                public void onChildSaDown(final ChildSa sa, final String reason)
                {
                }
            }));
        socket.startReceiving(ike);
    }

    public static void main(final String[] args) throws Exception
    {
        final Options options;
        try
        {
            options = Options.parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            System.err.println("demo client: " + e.getMessage());
            System.exit(2);
            return;
        }
        final DemoClient client = new DemoClient(options);
        int status;
        try
        {
            status = client.run();
        }
        catch (final SetupFailed e)
        {
            client.say("FAILED: " + e.getMessage());
            status = 2;
        }
        client.hangUp();
        System.exit(status);
    }

    private int run() throws Exception
    {
        final String server = Endpoint.address(options.server());
        say("IKEv1 Main Mode (PSK) and Quick Mode (UDP 1701, transport) to " + server);
        loop.execute(() -> ike.initiate(new Endpoint(options.local(), Endpoint.IKE_PORT, options.server(),
            Endpoint.IKE_PORT), QuickModeRequest.l2tpTransport()));
        final ChildSa sa;
        try
        {
            sa = childSa.get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final java.util.concurrent.TimeoutException e)
        {
            throw new SetupFailed("no IPsec SA within " + STEP_TIMEOUT_MS / 1000 + " s");
        }
        say(String.format("IPsec SA up: %s, SPIs in 0x%08x out 0x%08x, %s", sa.transform(), sa.inboundSpi(),
            sa.outboundSpi(), sa.transform().encapsulation().udp() ? "UDP-encapsulated (NAT detected)" : "plain ESP"));

        say("L2TP: control connection (SCCRQ) to " + server + ":1701 through the SA");
        onLoop(() ->
        {
            lac = new L2tpEndpoint(loop, L2tpSettings.of("portcullis-demo-client", null), esp::sendUdp,
                (address, port) -> sa.outboundHandle(), calls(), event -> say("  event: " + describe(event)), random);
            tunnel = lac.openTunnel(options.local(), ChildSa.L2TP_PORT, options.server(), ChildSa.L2TP_PORT);
        });
        await(() -> tunnel.state() == Tunnel.State.ESTABLISHED, "the L2TP tunnel did not come up");
        say("L2TP tunnel up (ours " + tunnel.localId() + ", theirs " + tunnel.peerId() + "); incoming call (ICRQ)");
        onLoop(() -> session = tunnel.placeIncomingCall("portcullis-demo"));
        await(() -> link != null && link.ipcp().opened(), "PPP did not reach IPCP Opened");
        final String address = Endpoint.address(link.ipcp().address());
        say("PPP up: " + options.user() + " " + link.result() + ", address " + address + ", gateway " +
            Endpoint.address(link.ipcp().serverAddress()) + (link.ipcp().primaryDns() == 0 ? ", no DNS" :
            ", DNS " + Endpoint.address(link.ipcp().primaryDns())));

        tun = TunDevice.open(options.tun());
        command("ip", "addr", "add", address + "/32", "peer", Endpoint.address(link.ipcp().serverAddress()), "dev",
            tun.name());
        command("ip", "link", "set", tun.name(), "mtu", "1400", "up");
        command("ip", "route", "add", options.route(), "dev", tun.name());
        Thread.ofPlatform().daemon().name("demo-tun").start(this::forwardFromTun);
        say("interface " + tun.name() + " has " + address + "; route " + options.route() + " through it");

        say("ping -c " + options.count() + " " + options.ping() + " (the kernel's ping, across the tunnel):");
        int received = -1;
        final Process ping = new ProcessBuilder("ping", "-c", Integer.toString(options.count()), "-i", "0.2", "-W", "2",
            options.ping()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(ping.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = out.readLine()) != null)
            {
                say("  | " + line);
                final java.util.regex.Matcher summary = PING_SUMMARY.matcher(line);
                if (summary.find())
                {
                    received = Integer.parseInt(summary.group(1));
                }
            }
        }
        ping.waitFor();
        say("client ESP drops: " + esp.dropped());
        // ping exits 0 as soon as one reply came back: the demo wants every one.
        return received == options.count() ? 0 : 1;
    }

    private CallHandler calls()
    {
        return new CallHandler()
        {
            @Override
            public FrameReceiver onEstablished(final Session established)
            {
                link = new ClientLink(loop, random, established::sendFrame,
                    List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5, AuthMethod.PAP), options.user(),
                    options.password(), AutomatonTimers.defaults());
                link.start();
                return DemoClient.this::onFrame;
            }

            @Override
            public void onClosed(final Session closed, final String reason)
            {
                say("L2TP session closed: " + reason);
            }
        };
    }

    /** A PPP frame of the session: IPv4 (RFC 1332 protocol 0x0021) to the TUN, the rest to the link. */
    private void onFrame(final byte[] frame)
    {
        int at = frame.length >= 2 && (frame[0] & 0xFF) == 0xFF && frame[1] == 0x03 ? 2 : 0;  // RFC 1662 §3.1
        if (at >= frame.length)
        {
            return;
        }
        final int protocol;
        if ((frame[at] & 1) == 1)
        {
            protocol = frame[at] & 0xFF;  // RFC 1661 §6.5: a compressed one-byte protocol field
            at += 1;
        }
        else if (at + 1 < frame.length)
        {
            protocol = (frame[at] & 0xFF) << 8 | frame[at + 1] & 0xFF;
            at += 2;
        }
        else
        {
            return;
        }
        if (protocol == PppProtocol.IPV4)
        {
            if (tun != null)
            {
                try
                {
                    tun.write(frame, at, frame.length - at);
                }
                catch (final IOException e)
                {
                    say("TUN write failed: " + e.getMessage());
                }
            }
            return;
        }
        link.onFrame(frame);
    }

    /** The kernel's packets for the LAN, each sent as a PPP frame in an L2TP data message. */
    private void forwardFromTun()
    {
        try
        {
            byte[] packet;
            while ((packet = tun.read()) != null)
            {
                if (packet.length < Ipv4.MIN_HEADER_LENGTH || (packet[0] >> 4) != 4)
                {
                    continue;  // IPv6 router solicitations and the like: IPV6CP is not negotiated
                }
                final byte[] frame = new byte[4 + packet.length];
                frame[0] = (byte)0xFF;
                frame[1] = 0x03;
                frame[2] = (byte)(PppProtocol.IPV4 >> 8);
                frame[3] = (byte)PppProtocol.IPV4;
                System.arraycopy(packet, 0, frame, 4, packet.length);
                loop.execute(() -> session.sendFrame(frame));
            }
        }
        catch (final IOException e)
        {
            say("TUN read failed: " + e.getMessage());
        }
    }

    /** An L2TP datagram out of the SA (inner IPv4 and UDP headers checked here) to the LAC. */
    private void onDecrypted(final int spi, final UnsafeBuffer packet, final int ip, final int length)
    {
        final int ihl = Ipv4.headerLength(packet, ip);
        final int total = Ipv4.totalLength(packet, ip);
        if (lac == null || Ipv4.protocol(packet, ip) != Ipv4.PROTOCOL_UDP || total > length || total < ihl + 8)
        {
            return;
        }
        final int udp = ip + ihl;
        final int sourcePort = packet.getShort(udp, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int destinationPort = packet.getShort(udp + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (destinationPort != ChildSa.L2TP_PORT)
        {
            return;
        }
        final byte[] payload = new byte[total - ihl - 8];
        packet.getBytes(udp + 8, payload);
        lac.onDatagram(options.local(), destinationPort, Ipv4.source(packet, ip), sourcePort, ByteBuffer.wrap(payload),
            spi, System.nanoTime());
    }

    /** LCP Terminate-Request, CDN, StopCCN, IKE Delete: the appliance learns at once, as from a real client. */
    private void hangUp()
    {
        say("hanging up: LCP Terminate, L2TP CDN and StopCCN, IKE Delete");
        try
        {
            onLoop(() ->
            {
                if (link != null)
                {
                    link.close("demo finished");
                }
            });
            Thread.sleep(300);
            onLoop(() ->
            {
                if (session != null)
                {
                    session.disconnect(ResultCode.ADMINISTRATIVE, ResultCode.NO_ERROR, "demo finished");
                }
                if (tunnel != null)
                {
                    tunnel.stop(ResultCode.CLEAR_CONTROL_CONNECTION, ResultCode.NO_ERROR, "demo finished");
                }
            });
            Thread.sleep(300);
            onLoop(() -> new ArrayList<IkeSa>(ike.sas()).forEach(sa -> sa.delete("demo finished")));
            Thread.sleep(300);
            socket.close();
        }
        catch (final Exception e)
        {
            say("hang-up incomplete: " + e);
        }
        if (tun != null)
        {
            tun.close();
        }
    }

    private void onLoop(final Runnable task) throws Exception
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() ->
        {
            try
            {
                task.run();
                done.complete(null);
            }
            catch (final RuntimeException e)
            {
                done.completeExceptionally(e);
            }
        });
        done.get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private void await(final BooleanSupplier condition, final String failure) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        while (System.nanoTime() < deadline)
        {
            final CompletableFuture<Boolean> met = new CompletableFuture<>();
            loop.execute(() -> met.complete(condition.getAsBoolean()));
            if (met.get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                return;
            }
            Thread.sleep(50);
        }
        throw new SetupFailed(failure + " within " + STEP_TIMEOUT_MS / 1000 + " s" +
            (link != null && !link.result().isEmpty() ? " (PPP: " + link.result() + ")" : ""));
    }

    private void command(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0)
        {
            throw new SetupFailed(String.join(" ", command) + " failed: " + output);
        }
    }

    private void say(final String line)
    {
        System.out.printf("client %5.1f s  %s%n", (System.nanoTime() - startNs) / 1e9, line);
        System.out.flush();
    }

    private static long startedAgoNs(final String epochMs)
    {
        if (epochMs == null || !epochMs.matches("\\d{1,15}"))
        {
            return 0;
        }
        return Math.max(0, TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - Long.parseLong(epochMs)));
    }

    private static String describe(final Event event)
    {
        return event.describe();
    }

    private static int address(final String dotted) throws IOException
    {
        return ByteBuffer.wrap(InetAddress.getByName(dotted).getAddress()).getInt();
    }

    private static final class SetupFailed extends IOException
    {
        SetupFailed(final String message)
        {
            super(message);
        }
    }
}
