package io.portcullis.controlplane.ike.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * strongSwan's charon in a network namespace this test creates (charon-netns.sh), with its own
 * configuration, log, vici socket and /run; {@link #close()} stops it and deletes the namespaces.
 */
final class Charon implements AutoCloseable
{
    static final Path CHARON = Path.of("/usr/lib/ipsec/charon");

    final Path dir;
    final String name;
    final int octet;
    final boolean nat;
    private final Path script;
    private boolean up;

    Charon(final boolean nat) throws IOException
    {
        this.dir = Files.createTempDirectory("pcike");
        this.octet = ThreadLocalRandom.current().nextInt(100, 250);
        this.name = "pcike" + String.format("%06d", ProcessHandle.current().pid() % 1_000_000) + octet;
        this.nat = nat;
        this.script = dir.resolve("charon-netns.sh");
        try (var in = Charon.class.getResourceAsStream("/ike-strongswan/charon-netns.sh"))
        {
            Files.write(script, in.readAllBytes());
        }
    }

    /** Our side of the veth. */
    int rootAddress()
    {
        return 0x0ac70001 | (octet << 8);   // 10.199.octet.1
    }

    /** charon's own address (behind the NAT when there is one). */
    String charonAddress()
    {
        return nat ? "10.198." + octet + ".2" : "10.199." + octet + ".2";
    }

    String rootAddressText()
    {
        return "10.199." + octet + ".1";
    }

    /** Where charon's packets come from as we see them: the NAT's outside address, or charon itself. */
    int seenAddress()
    {
        return 0x0ac70002 | (octet << 8);
    }

    /** Transport mode with L2TP's selectors. */
    void start(final String ikeProposals, final String espProposals) throws IOException, InterruptedException
    {
        start(ikeProposals, espProposals, "transport", "dynamic[udp/1701]", "dynamic[udp/1701]");
    }

    /**
     * charon's kernel-libipsec (this host has no kernel ESP) installs tunnel-mode SAs only; in
     * transport mode charon negotiates and logs its keys, then fails to install and says NO-PROPOSAL-CHOSEN.
     */
    void start(final String ikeProposals, final String espProposals, final String mode, final String localTs,
        final String remoteTs) throws IOException, InterruptedException
    {
        startWith(ikeProposals, espProposals, mode, localTs, remoteTs, "auth = psk", "auth = psk\n id = " +
            rootAddressText());
    }

    /**
     * Certificates: charon authenticates with {@code certPem}/{@code keyPem} as {@code localId} and
     * trusts {@code caPem} for {@code remoteId}; it sends its certificate unasked (send_cert).
     */
    void startWithCertificates(final String ikeProposals, final String espProposals, final String caPem,
        final String certPem, final String keyPem, final String localId, final String remoteId)
        throws IOException, InterruptedException
    {
        for (final String sub : List.of("x509ca", "x509", "private"))
        {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.writeString(dir.resolve("x509ca/ca.pem"), caPem);
        Files.writeString(dir.resolve("x509/charon.pem"), certPem);
        Files.writeString(dir.resolve("private/charon.pem"), keyPem);
        startWith(ikeProposals, espProposals, "tunnel", "192.168.10.0/24", "192.168.20.0/24",
            "auth = pubkey\n certs = charon.pem\n id = \"" + localId + "\"",
            "auth = pubkey\n id = \"" + remoteId + "\"");
    }

    private void startWith(final String ikeProposals, final String espProposals, final String mode,
        final String localTs, final String remoteTs, final String localAuth, final String remoteAuth)
        throws IOException, InterruptedException
    {
        Files.writeString(dir.resolve("strongswan.conf"), """
            charon {
              load_modular = no
              load = random nonce aes sha1 sha2 md5 hmac gmp openssl kdf pem pkcs1 pkcs8 x509 pubkey revocation constraints kernel-libipsec kernel-netlink socket-default vici
              install_routes = no
              install_virtual_ip = no
              retransmit_timeout = 2
              retransmit_tries = 2
              plugins {
                vici { socket = unix://DIR/charon.vici }
              }
              filelog {
                log {
                  path = DIR/charon.log
                  flush_line = yes
                  default = 1
                  ike = 4
                  chd = 4
                  cfg = 2
                  knl = 2
                }
              }
            }
            """.replace("DIR", dir.toString()));
        Files.writeString(dir.resolve("swanctl.conf"), """
            connections {
              pc {
                version = 1
                local_addrs = LOCAL
                remote_addrs = REMOTE
                proposals = IKE
                dpd_delay = 0
                send_cert = always
                local {
                  @MYAUTH@
                }
                remote {
                  @PEERAUTH@
                }
                children {
                  l2tp {
                    mode = MODE
                    local_ts = LTS
                    remote_ts = RTS
                    esp_proposals = ESP
                  }
                }
              }
            }
            secrets {
              ike-pc {
                secret = "correct horse battery staple"
              }
            }
            """.replace("@MYAUTH@", localAuth).replace("@PEERAUTH@", remoteAuth).replace("LOCAL", charonAddress()).replace("REMOTE", rootAddressText()).replace("IKE", ikeProposals)
            .replace("ESP", espProposals).replace("MODE", mode).replace("LTS", localTs).replace("RTS", remoteTs));
        run(List.of("bash", script.toString(), "up", dir.toString(), name, Integer.toString(octet)).stream()
            .collect(java.util.stream.Collectors.toCollection(ArrayList::new)), nat);
        up = true;
    }

    private void run(final List<String> command, final boolean withNat) throws IOException, InterruptedException
    {
        if (withNat)
        {
            command.add("nat");
        }
        final String output = exec(command, 30);
        if (output == null)
        {
            throw new IOException("charon-netns.sh failed");
        }
    }

    /** Runs a command, returns its output, or null when it failed. */
    String exec(final List<String> command, final int timeoutS) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutS, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return null;
        }
        final String text = new String(output, StandardCharsets.UTF_8);
        return process.exitValue() == 0 ? text : null;
    }

    String swanctl(final String... arguments) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name, "swanctl"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--uri", "unix://" + dir.resolve("charon.vici")));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] output = process.getInputStream().readAllBytes();
        process.waitFor(60, TimeUnit.SECONDS);
        return new String(output, StandardCharsets.UTF_8);
    }

    String log() throws IOException
    {
        final Path log = dir.resolve("charon.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws IOException, InterruptedException
    {
        exec(List.of("bash", script.toString(), "down", dir.toString(), name), 30);
        up = false;
        if (System.getenv("PCIKE_KEEP") != null)
        {
            return;
        }
        try (var files = Files.walk(dir))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    boolean isUp()
    {
        return up;
    }
}
