/*
 * What intel-ipsec-mb itself takes per packet in ipsec-secgw and in Portcullis, for
 * bench/compare-secgw.sh, which turns intel-ipsec-mb's share of the worker core into time per
 * packet. That is only right if the library takes as long per packet in both programs, and it
 * does not, for two reasons:
 *
 *   - the calls: DPDK's aesni_gcm crypto PMD (ipsec-secgw's) makes three per packet,
 *     IMB_AES128_GCM_INIT, _ENC_UPDATE / _DEC_UPDATE and _ENC_FINALIZE / _DEC_FINALIZE (perf
 *     shows those three symbols on its worker core), keeping the state in memory between them;
 *     Portcullis's shim (pc_crypto.c, gcm_direct) makes one, IMB_AES128_GCM_ENC / _DEC;
 *   - the bytes: on encap Portcullis encrypts the L2TP datagram around the packet (the inner
 *     IPv4 header, UDP, L2TP and PPP), ipsec-secgw only the packet's payload after its header.
 *
 * This program measures, per case, the library's time per packet the way ipsec-secgw calls it
 * divided by its time the way Portcullis does, the two alternating in short blocks so that this
 * VM's drift hits both alike; the median of the blocks' ratios is the factor that converts the
 * ratio of shares into the ratio of time per packet.
 *
 *   imb-gcm-calls encrypt|decrypt SECGW_LENGTHS OURS_LENGTHS
 *
 * LENGTHS are the bytes encrypted per packet (ESP payload, padding and trailer), one, or a cycle
 * of them for a mix: "88" or "88,600,88,1524". Prints: ns per packet ipsec-secgw's way,
 * Portcullis's way, and the factor. Packets are 32 buffers of 2 KB used in turn, as a burst of
 * mbufs is; the AAD is ESP's 8 bytes.
 */
#include <intel-ipsec-mb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BUFFERS 32
#define BUFFER_SIZE 2048
#define BLOCKS 41
#define OPS_PER_BLOCK 24000
#define MAX_LENGTHS 16

static uint8_t buffers[BUFFERS][BUFFER_SIZE] __attribute__((aligned(64)));

struct lengths {
    uint32_t value[MAX_LENGTHS];
    int count;
};

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* "88" or "88,600,88,1524"; exits with a message naming the rule on anything else. */
static struct lengths parse_lengths(const char *text)
{
    struct lengths l = { .count = 0 };
    const char *p = text;
    while (*p != '\0') {
        char *end;
        const unsigned long value = strtoul(p, &end, 10);
        if (end == p || value == 0 || value + 1 > BUFFER_SIZE || l.count == MAX_LENGTHS ||
            (*end != ',' && *end != '\0')) {
            fprintf(stderr, "imb-gcm-calls: lengths are up to %d numbers 1..%d separated by commas: %s\n",
                    MAX_LENGTHS, BUFFER_SIZE - 1, text);
            exit(2);
        }
        l.value[l.count++] = (uint32_t)value;
        p = *end == ',' ? end + 1 : end;
    }
    if (l.count == 0) {
        fprintf(stderr, "imb-gcm-calls: no lengths: '%s'\n", text);
        exit(2);
    }
    return l;
}

/* ns per packet of one block of OPS_PER_BLOCK packets of the given lengths in turn, in one call or three. */
static double block(IMB_MGR *mgr, const struct gcm_key_data *key, const struct lengths *l, int encrypt, int three)
{
    struct gcm_context_data ctx;
    uint8_t iv[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
    uint8_t aad[8] = { 0 };
    uint8_t tag[16];
    const double start = now_ns();
    for (uint32_t n = 0; n < OPS_PER_BLOCK; n++) {
        uint8_t *data = buffers[n % BUFFERS];
        const uint32_t length = l->value[n % l->count];
        memcpy(iv + 4, &n, sizeof n);
        memcpy(aad + 4, &n, sizeof n);
        if (!three) {
            if (encrypt)
                IMB_AES128_GCM_ENC(mgr, key, &ctx, data, data, length, iv, aad, sizeof aad, tag, sizeof tag);
            else
                IMB_AES128_GCM_DEC(mgr, key, &ctx, data, data, length, iv, aad, sizeof aad, tag, sizeof tag);
        } else {
            IMB_AES128_GCM_INIT(mgr, key, &ctx, iv, aad, sizeof aad);
            if (encrypt) {
                IMB_AES128_GCM_ENC_UPDATE(mgr, key, &ctx, data, data, length);
                IMB_AES128_GCM_ENC_FINALIZE(mgr, key, &ctx, tag, sizeof tag);
            } else {
                IMB_AES128_GCM_DEC_UPDATE(mgr, key, &ctx, data, data, length);
                IMB_AES128_GCM_DEC_FINALIZE(mgr, key, &ctx, tag, sizeof tag);
            }
        }
        data[length] ^= tag[0];   /* keeps the tag live */
    }
    return (now_ns() - start) / OPS_PER_BLOCK;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "encrypt") != 0 && strcmp(argv[1], "decrypt") != 0)) {
        fprintf(stderr, "usage: imb-gcm-calls encrypt|decrypt SECGW_LENGTHS OURS_LENGTHS\n");
        return 2;
    }
    const int encrypt = strcmp(argv[1], "encrypt") == 0;
    const struct lengths secgw = parse_lengths(argv[2]);
    const struct lengths ours = parse_lengths(argv[3]);
    IMB_MGR *mgr = alloc_mb_mgr(0);
    if (mgr == NULL) {
        fprintf(stderr, "imb-gcm-calls: alloc_mb_mgr failed\n");
        return 1;
    }
    init_mb_mgr_auto(mgr, NULL);
    if (imb_get_errno(mgr) != 0) {
        fprintf(stderr, "imb-gcm-calls: %s\n", imb_get_strerror(imb_get_errno(mgr)));
        return 1;
    }
    static struct gcm_key_data key __attribute__((aligned(64)));
    const uint8_t raw_key[16] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
                                  0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f };
    IMB_AES128_GCM_PRE(mgr, raw_key, &key);
    memset(buffers, 0x5a, sizeof buffers);

    double secgw_ns[BLOCKS], ours_ns[BLOCKS], factor[BLOCKS];
    block(mgr, &key, &secgw, encrypt, 1);   /* warm-up */
    block(mgr, &key, &ours, encrypt, 0);
    for (int b = 0; b < BLOCKS; b++) {
        /* Alternate which goes first, so that neither always follows the other. */
        if (b & 1) {
            secgw_ns[b] = block(mgr, &key, &secgw, encrypt, 1);
            ours_ns[b] = block(mgr, &key, &ours, encrypt, 0);
        } else {
            ours_ns[b] = block(mgr, &key, &ours, encrypt, 0);
            secgw_ns[b] = block(mgr, &key, &secgw, encrypt, 1);
        }
        factor[b] = secgw_ns[b] / ours_ns[b];
    }
    qsort(secgw_ns, BLOCKS, sizeof secgw_ns[0], compare_doubles);
    qsort(ours_ns, BLOCKS, sizeof ours_ns[0], compare_doubles);
    qsort(factor, BLOCKS, sizeof factor[0], compare_doubles);
    printf("%.1f %.1f %.3f\n", secgw_ns[BLOCKS / 2], ours_ns[BLOCKS / 2], factor[BLOCKS / 2]);
    free_mb_mgr(mgr);
    return 0;
}
