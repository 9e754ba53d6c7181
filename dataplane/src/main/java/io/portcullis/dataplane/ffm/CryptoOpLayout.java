package io.portcullis.dataplane.ffm;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct pc_crypto_op} of portcullis.h, laid out as jextract would. NativeLayoutTest
 * compares every offset here with what the C compiler says.
 */
public final class CryptoOpLayout
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("sa"),
        JAVA_LONG.withName("auth_start"),
        JAVA_LONG.withName("iv"),
        JAVA_LONG.withName("cipher_start"),
        JAVA_INT.withName("auth_len"),
        JAVA_INT.withName("cipher_len"),
        JAVA_INT.withName("esn_hi"),
        JAVA_BYTE.withName("direction"),
        JAVA_BYTE.withName("flags"),
        JAVA_BYTE.withName("aad_len"),
        JAVA_BYTE.withName("status"),
        JAVA_LONG.withName("iv_seed"),
        MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("aad"),
        MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("icv"),
        MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("digest"),
        MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("nonce"),
        JAVA_SHORT.withName("csum_start"),
        JAVA_SHORT.withName("csum_offset"),
        MemoryLayout.paddingLayout(4)
    ).withName("pc_crypto_op");

    public static final int SIZE = (int)LAYOUT.byteSize();
    public static final int SA = offset("sa");
    public static final int AUTH_START = offset("auth_start");
    public static final int IV = offset("iv");
    public static final int CIPHER_START = offset("cipher_start");
    public static final int AUTH_LEN = offset("auth_len");
    public static final int CIPHER_LEN = offset("cipher_len");
    public static final int ESN_HI = offset("esn_hi");
    public static final int DIRECTION = offset("direction");
    public static final int FLAGS = offset("flags");
    public static final int AAD_LEN = offset("aad_len");
    public static final int STATUS = offset("status");
    public static final int IV_SEED = offset("iv_seed");
    public static final int AAD = offset("aad");
    public static final int ICV = offset("icv");
    public static final int DIGEST = offset("digest");
    public static final int NONCE = offset("nonce");
    public static final int CSUM_START = offset("csum_start");
    public static final int CSUM_OFFSET = offset("csum_offset");

    /** #define values of portcullis.h. */
    public static final int PC_CIPHER_NULL = 0;
    public static final int PC_CIPHER_AES_CBC = 1;
    public static final int PC_CIPHER_AES_GCM = 2;
    public static final int PC_CIPHER_DES3_CBC = 3;
    public static final int PC_INTEG_NONE = 0;
    public static final int PC_INTEG_HMAC_SHA1 = 1;
    public static final int PC_INTEG_HMAC_SHA256 = 2;
    public static final byte PC_DIR_ENCRYPT = 0;
    public static final byte PC_DIR_DECRYPT = 1;
    public static final byte PC_OP_ESN = 0x01;
    public static final byte PC_OP_GENERATE_IV = 0x02;
    public static final byte PC_OP_FILL_CHECKSUM = 0x04;
    public static final byte PC_STATUS_PENDING = 0;
    public static final byte PC_STATUS_OK = 1;
    public static final byte PC_STATUS_AUTH_FAILED = 2;
    public static final byte PC_STATUS_ERROR = 3;

    private CryptoOpLayout()
    {
    }

    private static int offset(final String field)
    {
        return (int)LAYOUT.byteOffset(groupElement(field));
    }
}
