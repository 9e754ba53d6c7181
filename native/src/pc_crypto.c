/*
 * ESP crypto bursts over intel-ipsec-mb's job API (see portcullis.h).
 * Keys are expanded once per SA; a burst is one call from Java.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <intel-ipsec-mb.h>

#include "portcullis.h"

struct pc_crypto_sa {
    struct gcm_key_data gcm;                         /* AES-GCM: round keys and hash keys */
    uint32_t enc_keys[60] __attribute__((aligned(16)));  /* AES-CBC */
    uint32_t dec_keys[60] __attribute__((aligned(16)));
    uint32_t iv_enc_keys[60] __attribute__((aligned(16))); /* AES-128 key for CBC IVs */
    uint32_t iv_dec_keys[60] __attribute__((aligned(16)));
    uint64_t des_ks[3][16];                          /* 3DES: the three DES key schedules */
    const void *des_ks_ptrs[3];
    uint8_t ipad[32] __attribute__((aligned(16)));   /* HMAC: digest of (key ^ ipad) */
    uint8_t opad[32] __attribute__((aligned(16)));
    uint8_t salt[4];
    int cipher;
    int integ;
    uint32_t key_len;      /* cipher key bytes, without the GCM salt */
    uint32_t icv_len;
    uint32_t iv_len;       /* IV bytes in the packet */
    uint32_t digest_len;   /* bytes intel-ipsec-mb writes: full digest, truncated on the wire */
    IMB_CIPHER_MODE mode;
    IMB_HASH_ALG hash;
};

void *pc_mgr_create(char *arch_out, uint32_t arch_out_len)
{
    IMB_MGR *mgr = alloc_mb_mgr(0);
    if (mgr == NULL)
        return NULL;
    IMB_ARCH arch;
    init_mb_mgr_auto(mgr, &arch);
    if (imb_get_errno(mgr) != 0) {
        free_mb_mgr(mgr);
        return NULL;
    }
    if (arch_out != NULL && arch_out_len > 0) {
        const char *name = arch == IMB_ARCH_AVX512 ? "AVX512" : arch == IMB_ARCH_AVX2 ? "AVX2"
                         : arch == IMB_ARCH_AVX ? "AVX" : arch == IMB_ARCH_SSE ? "SSE" : "NOAESNI";
        strncpy(arch_out, name, arch_out_len - 1);
        arch_out[arch_out_len - 1] = 0;
    }
    return mgr;
}

void pc_mgr_free(void *mgr)
{
    if (mgr != NULL)
        free_mb_mgr(mgr);
}

/* RFC 2104: the digests of the first block of the inner and outer hashes. */
static int hmac_pads(IMB_MGR *mgr, struct pc_crypto_sa *sa, const uint8_t *key, uint32_t key_len)
{
    uint8_t hashed[32];
    uint8_t block[64];
    if (key_len > sizeof(block)) {   /* RFC 2104 §2: longer keys are hashed first */
        if (sa->integ == PC_INTEG_HMAC_SHA1) {
            IMB_SHA1(mgr, key, key_len, hashed);
            key_len = 20;
        } else {
            IMB_SHA256(mgr, key, key_len, hashed);
            key_len = 32;
        }
        key = hashed;
    }
    for (int pad = 0; pad < 2; pad++) {
        uint8_t fill = pad == 0 ? 0x36 : 0x5c;
        uint8_t *out = pad == 0 ? sa->ipad : sa->opad;
        memset(block, fill, sizeof(block));
        for (uint32_t i = 0; i < key_len; i++)
            block[i] ^= key[i];
        if (sa->integ == PC_INTEG_HMAC_SHA1)
            IMB_SHA1_ONE_BLOCK(mgr, block, out);
        else
            IMB_SHA256_ONE_BLOCK(mgr, block, out);
    }
    memset(block, 0, sizeof(block));
    memset(hashed, 0, sizeof(hashed));
    return 0;
}

static int set_cipher(IMB_MGR *mgr, struct pc_crypto_sa *sa, const uint8_t *key, uint32_t key_len)
{
    switch (sa->cipher) {
    case PC_CIPHER_NULL:
        if (key_len != 0)
            return -1;
        sa->mode = IMB_CIPHER_NULL;
        sa->iv_len = 0;
        return 0;
    case PC_CIPHER_AES_CBC:
        sa->mode = IMB_CIPHER_CBC;
        sa->iv_len = 16;
        sa->key_len = key_len;
        if (key_len == 16)
            IMB_AES_KEYEXP_128(mgr, key, sa->enc_keys, sa->dec_keys);
        else if (key_len == 32)
            IMB_AES_KEYEXP_256(mgr, key, sa->enc_keys, sa->dec_keys);
        else
            return -1;
        return 0;
    case PC_CIPHER_AES_GCM:
        /* RFC 4106 §8.1: KEYMAT is the AES key followed by a 4-byte salt. */
        sa->mode = IMB_CIPHER_GCM;
        sa->hash = IMB_AUTH_AES_GMAC;
        sa->iv_len = 8;
        sa->key_len = key_len - 4;
        if (key_len == 20)
            IMB_AES128_GCM_PRE(mgr, key, &sa->gcm);
        else if (key_len == 36)
            IMB_AES256_GCM_PRE(mgr, key, &sa->gcm);
        else
            return -1;
        memcpy(sa->salt, key + key_len - 4, 4);
        return 0;
    case PC_CIPHER_DES3_CBC:
        if (key_len != 24)
            return -1;
        sa->mode = IMB_CIPHER_DES3;
        sa->iv_len = 8;
        sa->key_len = 24;
        for (int i = 0; i < 3; i++) {
            des_key_schedule(sa->des_ks[i], key + 8 * i);
            sa->des_ks_ptrs[i] = sa->des_ks[i];
        }
        return 0;
    default:
        return -1;
    }
}

void *pc_sa_create(void *mgr_ptr, int cipher, const uint8_t *key, uint32_t key_len,
                   int integ, const uint8_t *auth_key, uint32_t auth_key_len, uint32_t icv_len)
{
    IMB_MGR *mgr = mgr_ptr;
    struct pc_crypto_sa *sa = aligned_alloc(64, (sizeof(*sa) + 63) & ~(size_t)63);
    if (sa == NULL)
        return NULL;
    memset(sa, 0, sizeof(*sa));
    sa->cipher = cipher;
    sa->integ = integ;
    sa->icv_len = icv_len;
    sa->hash = IMB_AUTH_NULL;
    if (set_cipher(mgr, sa, key, key_len) != 0)
        goto fail;
    if (cipher == PC_CIPHER_AES_GCM) {
        /* RFC 4106 §6: the ICV is 8, 12 or 16 bytes; no separate integrity algorithm. */
        if (integ != PC_INTEG_NONE || (icv_len != 8 && icv_len != 12 && icv_len != 16))
            goto fail;
        sa->digest_len = icv_len;
    } else if (integ == PC_INTEG_HMAC_SHA1) {
        if (icv_len < 12 || icv_len > 20 || auth_key_len == 0)
            goto fail;
        sa->hash = IMB_AUTH_HMAC_SHA_1;
        sa->digest_len = 20;
        hmac_pads(mgr, sa, auth_key, auth_key_len);
    } else if (integ == PC_INTEG_HMAC_SHA256) {
        if (icv_len < 12 || icv_len > 32 || auth_key_len == 0)
            goto fail;
        sa->hash = IMB_AUTH_HMAC_SHA_256;
        sa->digest_len = 32;
        hmac_pads(mgr, sa, auth_key, auth_key_len);
    } else if (integ == PC_INTEG_NONE) {
        if (icv_len != 0 || cipher == PC_CIPHER_NULL)
            goto fail;
    } else {
        goto fail;
    }
    if (cipher == PC_CIPHER_AES_CBC || cipher == PC_CIPHER_DES3_CBC) {
        uint8_t iv_key[16];
        if (getrandom(iv_key, sizeof(iv_key), 0) != sizeof(iv_key))
            goto fail;
        IMB_AES_KEYEXP_128(mgr, iv_key, sa->iv_enc_keys, sa->iv_dec_keys);
        memset(iv_key, 0, sizeof(iv_key));
    }
    if (imb_get_errno(mgr) != 0)
        goto fail;
    return sa;
fail:
    pc_sa_free(sa);
    return NULL;
}

void pc_sa_free(void *sa)
{
    if (sa != NULL) {
        memset(sa, 0, sizeof(struct pc_crypto_sa));  /* keys do not outlive the SA */
        free(sa);
    }
}

static inline uint8_t *icv_of(const pc_crypto_op *op, const struct pc_crypto_sa *sa)
{
    if (sa->hash == IMB_AUTH_AES_GMAC || sa->hash == IMB_AUTH_NULL)
        return (uint8_t *)(uintptr_t)op->cipher_start + op->cipher_len;
    return (uint8_t *)(uintptr_t)op->auth_start + op->auth_len;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static inline void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

static void generate_iv(IMB_MGR *mgr, const struct pc_crypto_sa *sa, pc_crypto_op *op)
{
    uint8_t *iv = (uint8_t *)(uintptr_t)op->iv;
    if (sa->mode == IMB_CIPHER_GCM) {
        put_be64(iv, op->iv_seed);   /* RFC 4106 §3.1: a counter is a valid IV */
        return;
    }
    /* RFC 3602 §2.1: CBC IVs must be unpredictable: AES-128 under a random
     * per-SA key of a counter that never repeats. CFB of a zero block = E_k(counter). */
    uint8_t counter[16] = {0};
    uint8_t zero[16] = {0};
    uint8_t out[16];
    put_be64(counter, op->iv_seed);
    IMB_AES128_CFB_ONE(mgr, out, zero, counter, sa->iv_enc_keys, 16);
    memcpy(iv, out, sa->iv_len);
}

/* Constant time: the comparison must not tell an attacker how many bytes matched. */
static inline int icv_equal(const uint8_t *a, const uint8_t *b, uint32_t len)
{
    uint8_t diff = 0;
    for (uint32_t i = 0; i < len; i++)
        diff |= a[i] ^ b[i];
    return diff == 0;
}

/* PC_OP_FILL_CHECKSUM before an encryption; see portcullis.h. */
static void fill_checksum(pc_crypto_op *op)
{
    uint8_t *plaintext = (uint8_t *)(uintptr_t)op->cipher_start;
    if (op->cipher_len < 2)
        return;
    const uint32_t trailer = 2u + plaintext[op->cipher_len - 2];   /* Pad Length, Next Header */
    if (trailer > op->cipher_len || (uint32_t)op->csum_start + op->csum_offset + 2u > op->cipher_len - trailer)
        return;
    uint8_t *segment = plaintext + op->csum_start;
    const uint16_t sum = (uint16_t)pc_ones_complement_sum(segment, op->cipher_len - trailer - op->csum_start);
    const uint16_t complement = (uint16_t)(0xFFFFu - sum);
    const uint16_t checksum = complement == 0 ? 0xFFFF : complement;
    segment[op->csum_offset] = (uint8_t)(checksum >> 8);
    segment[op->csum_offset + 1] = (uint8_t)checksum;
}

/* CBC and NULL ciphers with HMAC: multi-buffer jobs (AES-GCM goes through gcm_direct). */
static void fill_job(IMB_MGR *mgr, IMB_JOB *job, const struct pc_crypto_sa *sa, pc_crypto_op *op)
{
    const int encrypt = op->direction == PC_DIR_ENCRYPT;
    uint8_t *auth_start = (uint8_t *)(uintptr_t)op->auth_start;
    uint8_t *cipher_start = (uint8_t *)(uintptr_t)op->cipher_start;
    uint8_t *icv = icv_of(op, sa);

    if (encrypt && (op->flags & PC_OP_GENERATE_IV) && sa->iv_len > 0)
        generate_iv(mgr, sa, op);
    if (encrypt && (op->flags & PC_OP_FILL_CHECKSUM))
        fill_checksum(op);
    if (!encrypt && sa->icv_len > 0)
        memcpy(op->icv, icv, sa->icv_len);

    job->cipher_direction = encrypt ? IMB_DIR_ENCRYPT : IMB_DIR_DECRYPT;
    job->chain_order = encrypt ? IMB_ORDER_CIPHER_HASH : IMB_ORDER_HASH_CIPHER;
    job->cipher_mode = sa->mode;
    job->hash_alg = sa->hash;
    job->auth_tag_output = op->digest;
    job->auth_tag_output_len_in_bytes = sa->digest_len;
    job->user_data = op;
    job->user_data2 = (void *)sa;

    uint64_t hash_len = op->auth_len;
    if ((op->flags & PC_OP_ESN) && sa->hash != IMB_AUTH_NULL) {
        /* RFC 4303 §3.3.2.1: the high-order sequence bits follow the trailer in
         * the ICV input but are not sent: borrow the ICV's place for them. */
        put_be32(icv, op->esn_hi);
        hash_len += 4;
    }
    job->src = auth_start != NULL ? auth_start : cipher_start;
    job->dst = cipher_start;
    job->cipher_start_src_offset_in_bytes = (uint64_t)(cipher_start - (uint8_t *)job->src);
    job->msg_len_to_cipher_in_bytes = op->cipher_len;
    job->hash_start_src_offset_in_bytes = 0;
    job->msg_len_to_hash_in_bytes = hash_len;
    job->iv = (const void *)(uintptr_t)op->iv;
    job->iv_len_in_bytes = sa->iv_len;
    job->key_len_in_bytes = sa->key_len;
    if (sa->mode == IMB_CIPHER_DES3) {
        job->enc_keys = sa->des_ks_ptrs;
        job->dec_keys = sa->des_ks_ptrs;
    } else {
        job->enc_keys = sa->enc_keys;
        job->dec_keys = sa->dec_keys;
    }
    if (sa->hash != IMB_AUTH_NULL) {
        job->u.HMAC._hashed_auth_key_xor_ipad = sa->ipad;
        job->u.HMAC._hashed_auth_key_xor_opad = sa->opad;
    } else {
        job->auth_tag_output = NULL;
        job->auth_tag_output_len_in_bytes = 0;
    }
}

static uint32_t complete(IMB_JOB *job)
{
    pc_crypto_op *op = job->user_data;
    const struct pc_crypto_sa *sa = job->user_data2;
    uint8_t *icv = icv_of(op, sa);
    if (job->status != IMB_STATUS_COMPLETED) {
        op->status = PC_STATUS_ERROR;
        return 0;
    }
    if (sa->icv_len == 0) {
        op->status = PC_STATUS_OK;
        return 1;
    }
    if (op->direction == PC_DIR_ENCRYPT) {
        memcpy(icv, op->digest, sa->icv_len);
        op->status = PC_STATUS_OK;
        return 1;
    }
    memcpy(icv, op->icv, sa->icv_len);   /* undo the ESN borrow */
    op->status = icv_equal(op->digest, op->icv, sa->icv_len) ? PC_STATUS_OK : PC_STATUS_AUTH_FAILED;
    return op->status == PC_STATUS_OK;
}

/*
 * AES-GCM through the direct API, synchronously: a single-buffer algorithm gains nothing from
 * the job manager's queue, and skipping it saves a good part of a 64-byte packet's cost.
 */
static uint32_t gcm_direct(IMB_MGR *mgr, const struct pc_crypto_sa *sa, pc_crypto_op *op)
{
    struct gcm_context_data ctx;
    uint8_t *cipher_start = (uint8_t *)(uintptr_t)op->cipher_start;
    uint8_t *icv = cipher_start + op->cipher_len;
    const int encrypt = op->direction == PC_DIR_ENCRYPT;

    if (encrypt && (op->flags & PC_OP_GENERATE_IV))
        generate_iv(mgr, sa, op);
    if (encrypt && (op->flags & PC_OP_FILL_CHECKSUM))
        fill_checksum(op);
    memcpy(op->nonce, sa->salt, 4);                /* RFC 4106 §4: nonce = salt || IV */
    memcpy(op->nonce + 4, (const void *)(uintptr_t)op->iv, 8);
    if (encrypt) {
        if (sa->key_len == 16)
            IMB_AES128_GCM_ENC(mgr, &sa->gcm, &ctx, cipher_start, cipher_start, op->cipher_len,
                               op->nonce, op->aad, op->aad_len, icv, sa->icv_len);
        else
            IMB_AES256_GCM_ENC(mgr, &sa->gcm, &ctx, cipher_start, cipher_start, op->cipher_len,
                               op->nonce, op->aad, op->aad_len, icv, sa->icv_len);
        op->status = PC_STATUS_OK;
        return 1;
    }
    if (sa->key_len == 16)
        IMB_AES128_GCM_DEC(mgr, &sa->gcm, &ctx, cipher_start, cipher_start, op->cipher_len,
                           op->nonce, op->aad, op->aad_len, op->digest, sa->icv_len);
    else
        IMB_AES256_GCM_DEC(mgr, &sa->gcm, &ctx, cipher_start, cipher_start, op->cipher_len,
                           op->nonce, op->aad, op->aad_len, op->digest, sa->icv_len);
    op->status = icv_equal(op->digest, icv, sa->icv_len) ? PC_STATUS_OK : PC_STATUS_AUTH_FAILED;
    return op->status == PC_STATUS_OK;
}

uint32_t pc_crypto_burst(void *mgr_ptr, pc_crypto_op *ops, uint32_t n)
{
    IMB_MGR *mgr = mgr_ptr;
    uint32_t ok = 0;
    for (uint32_t i = 0; i < n; i++) {
        pc_crypto_op *op = &ops[i];
        const struct pc_crypto_sa *sa = (const struct pc_crypto_sa *)(uintptr_t)op->sa;
        if (sa->mode == IMB_CIPHER_GCM) {
            ok += gcm_direct(mgr, sa, op);
            continue;
        }
        op->status = PC_STATUS_PENDING;
        IMB_JOB *job = IMB_GET_NEXT_JOB(mgr);
        fill_job(mgr, job, sa, op);
        job = IMB_SUBMIT_JOB(mgr);
        while (job != NULL) {
            ok += complete(job);
            job = IMB_GET_COMPLETED_JOB(mgr);
        }
    }
    IMB_JOB *job;
    while ((job = IMB_FLUSH_JOB(mgr)) != NULL)
        ok += complete(job);
    return ok;
}

void pc_ceiling_gcm_encrypt(void *mgr_ptr, void *sa_ptr, const uint64_t *bufs, uint32_t len, uint32_t n)
{
    IMB_MGR *mgr = mgr_ptr;
    const struct pc_crypto_sa *sa = sa_ptr;
    struct gcm_context_data ctx;
    uint8_t nonce[12];
    uint8_t aad[8] = {0};
    memcpy(nonce, sa->salt, 4);
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *buf = (uint8_t *)(uintptr_t)bufs[i];
        put_be64(nonce + 4, i);
        if (sa->key_len == 16)
            IMB_AES128_GCM_ENC(mgr, &sa->gcm, &ctx, buf, buf, len, nonce, aad, sizeof(aad), buf + len, 16);
        else
            IMB_AES256_GCM_ENC(mgr, &sa->gcm, &ctx, buf, buf, len, nonce, aad, sizeof(aad), buf + len, 16);
    }
}
