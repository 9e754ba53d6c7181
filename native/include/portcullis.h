/*
 * portcullis.h - the one header of Portcullis's native shim.
 *
 * The Java side (io.portcullis.dataplane.ffm) binds these functions with the
 * Foreign Function & Memory API, in jextract's layout, written by hand.
 * Every struct here has its size and field offsets checked against the Java
 * layouts by NativeLayoutTest, which compiles a program printing them.
 *
 * Crypto: intel-ipsec-mb's API is macros over function pointers in IMB_MGR,
 * which FFM cannot call, so the shim exports plain functions that run a whole
 * burst of ESP crypto operations per call.
 */
#ifndef PORTCULLIS_H
#define PORTCULLIS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Ciphers (pc_sa_create's cipher argument). */
#define PC_CIPHER_NULL      0   /* RFC 2410: integrity only */
#define PC_CIPHER_AES_CBC   1   /* RFC 3602: key 16 or 32 bytes */
#define PC_CIPHER_AES_GCM   2   /* RFC 4106: key 16 or 32 bytes followed by the 4-byte salt */
#define PC_CIPHER_DES3_CBC  3   /* RFC 2451: key 24 bytes */

/* Integrity algorithms (pc_sa_create's integ argument). */
#define PC_INTEG_NONE         0 /* AEAD ciphers, or no integrity */
#define PC_INTEG_HMAC_SHA1    1 /* RFC 2404 (ICV 12) */
#define PC_INTEG_HMAC_SHA256  2 /* RFC 4868 (ICV 16), or 12 for the pre-standard Android variant */

/* pc_crypto_op.direction */
#define PC_DIR_ENCRYPT  0
#define PC_DIR_DECRYPT  1

/* pc_crypto_op.flags */
#define PC_OP_ESN          0x01 /* append esn_hi to the HMAC input (RFC 4303 §2.2.1, §3.3.2.1) */
#define PC_OP_GENERATE_IV  0x02 /* encrypt: write a fresh unpredictable IV at iv (CBC, RFC 3602 §2.1) */

/* pc_crypto_op.status */
#define PC_STATUS_PENDING      0
#define PC_STATUS_OK           1
#define PC_STATUS_AUTH_FAILED  2 /* ICV mismatch */
#define PC_STATUS_ERROR        3 /* intel-ipsec-mb rejected the job (bad lengths) */

/*
 * One crypto operation over one packet, in place.
 *
 *  auth_start                   iv          cipher_start            cipher_start+cipher_len
 *  |<- SPI, Sequence Number ->|<- IV ->|<--------- ciphertext --------->|<- ICV ->|
 *  |<---------------- auth_len (HMAC transforms) ---------------------->|
 *
 * The ICV always follows the ciphertext. For AES-GCM the authenticated data
 * is aad[0..aad_len) (RFC 4106 §5) and the nonce is salt || iv[0..8).
 */
typedef struct pc_crypto_op {
    uint64_t sa;            /* pc_crypto_sa* from pc_sa_create */
    uint64_t auth_start;    /* uint8_t*: start of the HMAC input */
    uint64_t iv;            /* uint8_t*: the IV inside the packet */
    uint64_t cipher_start;  /* uint8_t*: first byte to encrypt/decrypt */
    uint32_t auth_len;
    uint32_t cipher_len;
    uint32_t esn_hi;        /* high 32 bits of the sequence number, host order */
    uint8_t  direction;
    uint8_t  flags;
    uint8_t  aad_len;
    uint8_t  status;        /* written by pc_crypto_burst */
    uint64_t iv_seed;       /* PC_OP_GENERATE_IV: a counter never repeated under this SA */
    uint8_t  aad[32];
    uint8_t  icv[32];       /* scratch: the received ICV (decrypt) */
    uint8_t  digest[32];    /* scratch: the computed digest or tag */
    uint8_t  nonce[16];     /* scratch: the GCM nonce salt || IV */
} pc_crypto_op;

/* A manager per worker thread; NULL on failure. arch_out (may be NULL) gets e.g. "AVX512". */
void *pc_mgr_create(char *arch_out, uint32_t arch_out_len);
void  pc_mgr_free(void *mgr);

/*
 * Expands the keys of one SA (AES key schedules, GCM hash keys, HMAC
 * ipad/opad digests, the IV-generation key). Returns NULL on an unsupported
 * combination or key length. icv_len is the number of ICV bytes on the wire.
 */
void *pc_sa_create(void *mgr, int cipher, const uint8_t *key, uint32_t key_len,
                   int integ, const uint8_t *auth_key, uint32_t auth_key_len,
                   uint32_t icv_len);
void  pc_sa_free(void *sa);

/* Runs n operations; each op's status is set. Returns how many ended PC_STATUS_OK. */
uint32_t pc_crypto_burst(void *mgr, pc_crypto_op *ops, uint32_t n);

/*
 * The benchmark ceiling: AES-GCM encryption (the key of an AES-GCM sa) of n
 * buffers of len bytes in place with intel-ipsec-mb's direct API and nothing
 * else (8-byte AAD, 16-byte tag written after each buffer). Used by bench/.
 */
void pc_ceiling_gcm_encrypt(void *mgr, void *sa, const uint64_t *bufs, uint32_t len, uint32_t n);

#ifdef __cplusplus
}
#endif
#endif
