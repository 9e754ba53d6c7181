package io.portcullis.dataplane.esp;

import java.util.Arrays;

import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaLifetime;

/** Every transform the dataplane supports, with fixed test keys, and SA configs built from them. */
public enum Transforms
{
    AES_GCM_128(EspCipher.AES_GCM_16, 16 + 4, EspIntegrity.NONE),
    AES_GCM_256(EspCipher.AES_GCM_16, 32 + 4, EspIntegrity.NONE),
    AES_CBC_128_HMAC_SHA1_96(EspCipher.AES_CBC, 16, EspIntegrity.HMAC_SHA1_96),
    AES_CBC_256_HMAC_SHA1_96(EspCipher.AES_CBC, 32, EspIntegrity.HMAC_SHA1_96),
    AES_CBC_128_HMAC_SHA256_128(EspCipher.AES_CBC, 16, EspIntegrity.HMAC_SHA256_128),
    AES_CBC_256_HMAC_SHA256_128(EspCipher.AES_CBC, 32, EspIntegrity.HMAC_SHA256_128),
    AES_CBC_128_HMAC_SHA256_96(EspCipher.AES_CBC, 16, EspIntegrity.HMAC_SHA256_96),
    DES3_CBC_HMAC_SHA1_96(EspCipher.DES3_CBC, 24, EspIntegrity.HMAC_SHA1_96);

    public final EspCipher cipher;
    public final int keyLength;
    public final EspIntegrity integrity;

    Transforms(final EspCipher cipher, final int keyLength, final EspIntegrity integrity)
    {
        this.cipher = cipher;
        this.keyLength = keyLength;
        this.integrity = integrity;
    }

    public byte[] cipherKey()
    {
        final byte[] key = new byte[keyLength];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)(0x10 + i * 7 + ordinal());
        }
        return key;
    }

    public byte[] integrityKey()
    {
        final byte[] key = new byte[integrity.keyLength()];
        Arrays.fill(key, (byte)(0xA0 + ordinal()));
        for (int i = 0; i < key.length; i++)
        {
            key[i] ^= (byte)i;
        }
        return key;
    }

    public EspSaConfig sa(final int spi, final boolean inbound, final EspMode mode, final boolean esn,
        final String local, final String remote, final EspSaConfig.NatT natT)
    {
        return new EspSaConfig(spi, inbound, mode, cipher, cipherKey(), integrity, integrityKey(), esn,
            EspSaConfig.DEFAULT_REPLAY_WINDOW, Packets.address(local), Packets.address(remote), natT,
            SaLifetime.UNLIMITED);
    }
}
