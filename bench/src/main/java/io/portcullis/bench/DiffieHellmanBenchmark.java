package io.portcullis.bench;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;

import javax.crypto.KeyAgreement;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;

import io.portcullis.controlplane.ike.crypto.DiffieHellman;
import io.portcullis.controlplane.ike.crypto.DiffieHellmanGroup;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one side of an IKE set-up spends on Diffie-Hellman (a key pair and one agreement), by
 * implementation, to choose the one {@link DiffieHellmanGroup} uses: ours (BigInteger.modPow
 * with a 320-bit exponent for modp2048; Bouncy Castle's custom curves for ecp256; BC X25519)
 * against the JDK's KeyAgreement (SunJCE, SunEC) and BC's JCA provider.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DiffieHellmanBenchmark
{
    private byte[] modpPeer;
    private byte[] ecpPeer;
    private byte[] x25519Peer;
    private DHParameterSpec modp2048;
    private PublicKey jdkModpPeer;
    private PublicKey jdkEcPeer;
    private KeyPairGenerator sunJceDh;
    private KeyPairGenerator bcDh;
    private KeyPairGenerator sunEc;
    private KeyPairGenerator bcEc;

    @Setup
    public void setUp() throws Exception
    {
        java.security.Security.addProvider(new BouncyCastleProvider());
        modpPeer = DiffieHellmanGroup.MODP_2048.generate().publicValue();
        ecpPeer = DiffieHellmanGroup.ECP_256.generate().publicValue();
        x25519Peer = DiffieHellmanGroup.CURVE_25519.generate().publicValue();
        final BigInteger p = DiffieHellmanGroup.MODP_2048.prime();
        modp2048 = new DHParameterSpec(p, BigInteger.TWO, 320);
        jdkModpPeer = KeyFactory.getInstance("DH").generatePublic(new DHPublicKeySpec(new BigInteger(1, modpPeer), p,
            BigInteger.TWO));
        sunJceDh = KeyPairGenerator.getInstance("DH", "SunJCE");
        sunJceDh.initialize(modp2048, new SecureRandom());
        bcDh = KeyPairGenerator.getInstance("DH", "BC");
        bcDh.initialize(modp2048, new SecureRandom());
        sunEc = KeyPairGenerator.getInstance("EC", "SunEC");
        sunEc.initialize(new ECGenParameterSpec("secp256r1"));
        bcEc = KeyPairGenerator.getInstance("EC", "BC");
        bcEc.initialize(new ECGenParameterSpec("secp256r1"));
        jdkEcPeer = sunEc.generateKeyPair().getPublic();
    }

    @Benchmark
    public byte[] modp2048Ours()
    {
        final DiffieHellman dh = DiffieHellmanGroup.MODP_2048.generate();
        dh.publicValue();
        return dh.sharedSecret(modpPeer);
    }

    @Benchmark
    public byte[] modp2048SunJce() throws Exception
    {
        return agree(sunJceDh, "DH", "SunJCE", jdkModpPeer);
    }

    @Benchmark
    public byte[] modp2048BouncyCastle() throws Exception
    {
        return agree(bcDh, "DH", "BC", KeyFactory.getInstance("DH", "BC").generatePublic(
            new DHPublicKeySpec(new BigInteger(1, modpPeer), modp2048.getP(), modp2048.getG())));
    }

    @Benchmark
    public byte[] ecp256Ours()
    {
        final DiffieHellman dh = DiffieHellmanGroup.ECP_256.generate();
        dh.publicValue();
        return dh.sharedSecret(ecpPeer);
    }

    @Benchmark
    public byte[] ecp256SunEc() throws Exception
    {
        return agree(sunEc, "ECDH", "SunEC", jdkEcPeer);
    }

    @Benchmark
    public byte[] ecp256BouncyCastle() throws Exception
    {
        return agree(bcEc, "ECDH", "BC", jdkEcPeer);
    }

    @Benchmark
    public byte[] curve25519Ours()
    {
        final DiffieHellman dh = DiffieHellmanGroup.CURVE_25519.generate();
        dh.publicValue();
        return dh.sharedSecret(x25519Peer);
    }

    private static byte[] agree(final KeyPairGenerator generator, final String algorithm, final String provider,
        final PublicKey peer) throws Exception
    {
        final KeyPair pair = generator.generateKeyPair();
        final KeyAgreement agreement = KeyAgreement.getInstance(algorithm, provider);
        agreement.init(pair.getPrivate());
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }
}
