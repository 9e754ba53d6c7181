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
 *
 * DPDK: rte_eth_rx_burst, rte_eth_tx_burst and the mbuf accessors are static
 * inline, so the shim exports real functions for them, and for EAL, mempool
 * and port set-up (pc_dpdk.c). Java never reads struct rte_mbuf: every burst
 * fills an array of pc_pkt, so the layout of DPDK's own structs stays C's
 * business.
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
#define PC_OP_FILL_CHECKSUM 0x04 /* encrypt: first complete a TCP/UDP checksum in the plaintext (below) */

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
    uint16_t csum_start;    /* PC_OP_FILL_CHECKSUM: where the summed segment starts, from cipher_start */
    uint16_t csum_offset;   /* PC_OP_FILL_CHECKSUM: its checksum field, from csum_start */
} pc_crypto_op;

/*
 * PC_OP_FILL_CHECKSUM, the way a NIC completes a checksum the kernel left partial: the TCP or
 * UDP segment from cipher_start + csum_start to the end of the Payload Data (RFC 4303 §2: the
 * plaintext before Padding, Pad Length and Next Header, which must be written already) has in
 * its checksum field the folded sum of its pseudo-header. Before encrypting, the shim sums the
 * segment and writes the complement there (0 as all ones, RFC 768), reading the bytes it is
 * about to encrypt while they are in the cache. Nothing is written if the offsets do not fit.
 */

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

/* ---------------------------------------------------------------- checksum -- */

/*
 * The one's complement sum of length bytes read as big-endian 16-bit words (RFC 1071), folded
 * to 16 bits, not complemented. Any alignment.
 */
uint32_t pc_ones_complement_sum(const uint8_t *data, uint32_t length);

/* ---------------------------------------------------------------- DPDK -- */

/* Most packets one pc_rx_burst, pc_tx_burst or pc_mbuf_alloc_bulk call moves. */
#define PC_BURST_MAX  256

/* pc_port_conf.flags */
#define PC_PORT_PROMISCUOUS  0x01 /* receive frames for any destination MAC */

/*
 * One packet of a burst: what Java needs of its mbuf, read or written in one
 * pass by the shim.
 *
 *  buf_addr          buf_addr + data_off          + data_len           buf_addr + buf_len
 *  |<-- headroom -->|<-------- packet data -------->|<------ tailroom ------>|
 */
typedef struct pc_pkt {
    uint64_t mbuf;      /* struct rte_mbuf* */
    uint64_t buf_addr;  /* uint8_t*: start of the buffer */
    uint16_t data_off;  /* data starts at buf_addr + data_off */
    uint16_t data_len;  /* bytes of data in this (first) segment */
    uint16_t buf_len;   /* size of the buffer, headroom included */
    uint16_t nb_segs;   /* 1, unless the packet is a chain (jumbo frames) */
    uint32_t pkt_len;   /* bytes of all segments */
    uint32_t rss_hash;  /* the device's RSS hash, 0 if it computed none */
} pc_pkt;

/* How pc_port_open configures a port. */
typedef struct pc_port_conf {
    uint64_t pool;       /* struct rte_mempool* the RX queues take mbufs from */
    uint16_t rx_queues;
    uint16_t tx_queues;
    uint16_t rx_desc;    /* descriptors per RX queue; 0: 1024, then fitted to the device's limits */
    uint16_t tx_desc;
    uint32_t flags;      /* PC_PORT_* */
    uint32_t mtu;        /* 0: keep the device's */
} pc_port_conf;

/* What pc_port_open configured. */
typedef struct pc_port_info {
    uint64_t rss_hf;     /* RTE_ETH_RSS_* hash functions in use; 0 when RSS is off */
    int32_t  socket_id;  /* NUMA node of the device, -1 if unknown */
    uint32_t mtu;
    uint16_t port_id;
    uint16_t rx_queues;
    uint16_t tx_queues;
    uint16_t rx_desc;
    uint16_t tx_desc;
    uint8_t  mac[6];
    char     driver[32]; /* e.g. "net_ring", NUL-terminated */
} pc_port_info;

/* struct rte_eth_stats, the part Portcullis reads. */
typedef struct pc_port_stats {
    uint64_t ipackets;
    uint64_t opackets;
    uint64_t ibytes;
    uint64_t obytes;
    uint64_t imissed;    /* dropped by the device: RX queues full */
    uint64_t ierrors;
    uint64_t oerrors;
    uint64_t rx_nombuf;  /* RX mbuf allocation failures */
} pc_port_stats;

typedef struct pc_port_link {
    uint32_t speed_mbps;
    uint8_t  up;
    uint8_t  full_duplex;
    uint8_t  autoneg;
    uint8_t  reserved;
} pc_port_link;

/*
 * Set-up calls return 0 (or a port id, or a pointer) on success. On failure
 * they return a negative errno (or NULL) and write into err (err_len bytes,
 * NUL-terminated) one message that says what failed, what DPDK logged about
 * it, and the usual fix.
 */

/* rte_eal_init(argc, argv). Once per process; the calling thread becomes the main lcore. */
int pc_eal_init(int argc, char **argv, char *err, uint32_t err_len);

/* The calling thread's lcore id, -1 if it is not an lcore. */
int32_t pc_lcore_id(void);
/* Makes the calling (non-EAL) thread an lcore, so mempool caches serve it; returns its lcore id or -errno. */
int32_t pc_thread_register(void);
void    pc_thread_unregister(void);
/* Pins the calling thread to one CPU; 0 or -errno. */
int     pc_thread_pin(uint32_t cpu);

/* rte_pktmbuf_pool_create; socket_id -1 for any. */
void    *pc_pktmbuf_pool_create(const char *name, uint32_t n, uint32_t cache_size, uint16_t data_room_size,
                                int32_t socket_id, char *err, uint32_t err_len);
void     pc_mempool_free(void *pool);
uint32_t pc_mempool_avail(const void *pool);   /* mbufs free, per-lcore caches included */
uint32_t pc_mempool_in_use(const void *pool);

/*
 * Probes the device named by devargs ("net_ring0", "net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap",
 * "0000:03:00.0", ...) unless EAL already has, then configures its queues: RSS over IP, TCP,
 * UDP and ESP when there is more than one RX queue and the device hashes. Returns the port id.
 */
int pc_port_open(const char *devargs, const pc_port_conf *conf, pc_port_info *info, char *err, uint32_t err_len);
int pc_port_start(uint16_t port, char *err, uint32_t err_len);
int pc_port_stop(uint16_t port);
/* Stops, closes and detaches the device, so its name can be probed again. */
int pc_port_close(uint16_t port);
int pc_port_stats_get(uint16_t port, pc_port_stats *stats);
int pc_port_stats_reset(uint16_t port);
int pc_port_link_get(uint16_t port, pc_port_link *link);

/* Receives up to n (at most PC_BURST_MAX) packets; returns how many pkts now describes. */
uint16_t pc_rx_burst(uint16_t port, uint16_t queue, pc_pkt *pkts, uint16_t n);
/*
 * Sets each mbuf's data_off and data_len (= pkt_len) from pkts, then sends. Whatever is not
 * sent (queue full, or a packet outside its buffer or chained) is freed. Returns how many were sent.
 */
uint16_t pc_tx_burst(uint16_t port, uint16_t queue, const pc_pkt *pkts, uint16_t n);
/* All n (at most PC_BURST_MAX) or nothing: returns n, or 0 when the pool is short. */
uint32_t pc_mbuf_alloc_bulk(void *pool, pc_pkt *pkts, uint32_t n);
/* Frees n mbufs (chains whole). */
void     pc_mbuf_free_bulk(uint64_t *mbufs, uint32_t n);

#ifdef __cplusplus
}
#endif
#endif
