package io.portcullis.controlplane.config;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaLifetime;

/**
 * A manually keyed SA ({@code set vpn ipsec manual-sa <name> …}), for tests and for
 * site-to-site use without IKE: the configuration turned into what the dataplane installs.
 */
public record ManualSa(String name, EspSaConfig config, int line)
{
    private static final String PREFIX = "vpn ipsec manual-sa ";

    public static List<ManualSa> from(final ConfigTree tree) throws ConfigError
    {
        final List<ManualSa> sas = new ArrayList<>();
        for (final String name : tree.names("vpn ipsec manual-sa"))
        {
            sas.add(one(tree, name));
        }
        return sas;
    }

    private static ManualSa one(final ConfigTree tree, final String name) throws ConfigError
    {
        final String at = PREFIX + name + " ";
        final int line = tree.firstLine(PREFIX + name);
        final String what = "manual-sa " + name;

        final ConfigTree.Value encryption = required(tree, at + "encryption", line, what);
        final EspCipher cipher = switch (encryption.text())
        {
            case "aes128gcm128", "aes256gcm128" -> EspCipher.AES_GCM_16;
            case "aes128", "aes256" -> EspCipher.AES_CBC;
            case "3des" -> EspCipher.DES3_CBC;
            default -> EspCipher.NULL;
        };
        final int keyLength = switch (encryption.text())
        {
            case "aes128gcm128" -> 16 + 4;
            case "aes256gcm128" -> 32 + 4;
            case "aes128" -> 16;
            case "aes256" -> 32;
            case "3des" -> 24;
            default -> 0;
        };
        final byte[] cipherKey = keyLength == 0 ? new byte[0] :
            key(required(tree, at + "encryption-key", line, what), keyLength, encryption.text());

        final ConfigTree.Value integrityValue = tree.get(at + "integrity");
        final EspIntegrity integrity;
        if (cipher.isAead())
        {
            if (integrityValue != null && !integrityValue.text().equals("none"))
            {
                throw new ConfigError(integrityValue.line(), what + ": " + encryption.text() +
                    " carries its own ICV (RFC 4106), set no integrity");
            }
            integrity = EspIntegrity.NONE;
        }
        else
        {
            final ConfigTree.Value value = integrityValue != null ? integrityValue :
                required(tree, at + "integrity", line, what);
            integrity = switch (value.text())
            {
                case "sha1" -> EspIntegrity.HMAC_SHA1_96;
                case "sha256" -> EspIntegrity.HMAC_SHA256_128;
                case "sha256-96" -> EspIntegrity.HMAC_SHA256_96;
                default -> EspIntegrity.NONE;
            };
            if (integrity == EspIntegrity.NONE && cipher == EspCipher.NULL)
            {
                throw new ConfigError(value.line(), what + ": neither encryption nor integrity (RFC 4303 §3.2)");
            }
        }
        final byte[] integrityKey = integrity == EspIntegrity.NONE ? new byte[0] :
            key(required(tree, at + "integrity-key", line, what), integrity.keyLength(), "HMAC");

        final ConfigTree.Value modeValue = tree.get(at + "mode");
        final EspMode mode = modeValue != null && modeValue.text().equals("tunnel") ? EspMode.TUNNEL : EspMode.TRANSPORT;
        final int local = address(tree.get(at + "local-address"));
        final int remote = address(tree.get(at + "remote-address"));
        final boolean inbound = required(tree, at + "direction", line, what).text().equals("inbound");
        if (mode == EspMode.TUNNEL && !inbound && (local == 0 || remote == 0))
        {
            throw new ConfigError(line, what + ": an outbound tunnel-mode SA needs local-address and remote-address");
        }
        final ConfigTree.Value window = tree.get(at + "replay-window");
        final int replayWindow = window == null ? EspSaConfig.DEFAULT_REPLAY_WINDOW : Integer.parseInt(window.text());
        if (replayWindow % 64 != 0)
        {
            throw new ConfigError(window.line(), what + ": replay-window must be a multiple of 64");
        }
        final ConfigTree.Value localPort = tree.get(at + "nat-traversal local-port");
        final ConfigTree.Value remotePort = tree.get(at + "nat-traversal remote-port");
        final EspSaConfig.NatT natT = localPort == null && remotePort == null ? null : new EspSaConfig.NatT(
            localPort == null ? EspSaConfig.NatT.IKE_NATT_PORT : Integer.parseInt(localPort.text()),
            remotePort == null ? EspSaConfig.NatT.IKE_NATT_PORT : Integer.parseInt(remotePort.text()), 0, 0);
        final ConfigTree.Value esn = tree.get(at + "esn");

        try
        {
            return new ManualSa(name, new EspSaConfig(
                (int)Values.parseNumber(required(tree, at + "spi", line, what).text()),
                inbound, mode, cipher, cipherKey, integrity, integrityKey,
                esn != null && esn.text().equals("enable"), replayWindow, local, remote, natT,
                new SaLifetime(number(tree, at + "lifetime soft-bytes"), number(tree, at + "lifetime hard-bytes"),
                    number(tree, at + "lifetime soft-packets"), number(tree, at + "lifetime hard-packets"))), line);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigError(line, what + ": " + ex.getMessage());
        }
    }

    private static ConfigTree.Value required(final ConfigTree tree, final String path, final int line, final String what)
        throws ConfigError
    {
        final ConfigTree.Value value = tree.get(path);
        if (value == null)
        {
            throw new ConfigError(line, what + " has no " + path.substring(path.lastIndexOf(' ', path.length()) + 1) +
                " (set " + path + " …)");
        }
        return value;
    }

    private static byte[] key(final ConfigTree.Value value, final int length, final String algorithm) throws ConfigError
    {
        final byte[] key = HexFormat.of().parseHex(value.text().substring(2));
        if (key.length != length)
        {
            // The key itself never appears in a message.
            throw new ConfigError(value.line(), algorithm + " key must be " + length + " bytes, got " + key.length);
        }
        return key;
    }

    private static int address(final ConfigTree.Value value)
    {
        return value == null ? 0 : Values.parseIpv4(value.text());
    }

    private static long number(final ConfigTree tree, final String path)
    {
        final ConfigTree.Value value = tree.get(path);
        return value == null ? 0 : Values.parseNumber(value.text());
    }
}
