/*
 * DPDK for Java (see portcullis.h): EAL, mempools, ports, and the bursts and
 * mbuf accessors that DPDK keeps static inline.
 *
 * Set-up errors: DPDK explains a failure in its log, not in its return code
 * (rte_dev_probe says -EINVAL whether the driver is missing or the pcap file
 * is), so the shim tees the log: every line goes to stderr as before, and
 * lines of level WARNING or worse logged during a set-up call are kept and
 * copied into that call's error message.
 */
#define _GNU_SOURCE
/* rte_devargs_reset (frees what rte_devargs_parse allocated) is still experimental in 22.11. */
#define ALLOW_EXPERIMENTAL_API
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_prefetch.h>
#include <rte_thread.h>

#include "portcullis.h"

#define DEFAULT_DESC 1024
/* Flows of one SA or one client hash alike: outer addresses, and ports or the SPI. */
#define PC_RSS_HF (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_ESP)

/* ---------------------------------------------------------------- the log tee */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_capturing;
static char log_kept[1024];
static size_t log_kept_len;

static ssize_t log_write(void *cookie, const char *buf, size_t size)
{
    (void)cookie;
    fwrite(buf, 1, size, stderr);
    if (rte_log_cur_msg_loglevel() > (int)RTE_LOG_WARNING)
        return size;
    pthread_mutex_lock(&log_lock);
    if (log_capturing) {
        size_t room = sizeof(log_kept) - 1 - log_kept_len;
        size_t n = size < room ? size : room;
        memcpy(log_kept + log_kept_len, buf, n);
        log_kept_len += n;
        log_kept[log_kept_len] = 0;
    }
    pthread_mutex_unlock(&log_lock);
    return size;
}

static void log_tee_install(void)
{
    static FILE *tee;
    if (tee != NULL)
        return;
    tee = fopencookie(NULL, "w", (cookie_io_functions_t){ .write = log_write });
    if (tee != NULL) {
        setvbuf(tee, NULL, _IOLBF, 0);
        rte_openlog_stream(tee);
    }
}

static void capture_begin(void)
{
    pthread_mutex_lock(&log_lock);
    log_capturing = 1;
    log_kept_len = 0;
    log_kept[0] = 0;
    pthread_mutex_unlock(&log_lock);
}

static void capture_end(void)
{
    pthread_mutex_lock(&log_lock);
    log_capturing = 0;
    pthread_mutex_unlock(&log_lock);
}

static int captured(const char *needle)
{
    return strstr(log_kept, needle) != NULL;
}

/*
 * err = "<what>: <strerror>[; <hint>] [DPDK: <kept log, one line>]". Returns -errnum, so
 * a failing call ends with "return fail(...)".
 */
static int fail(char *err, uint32_t err_len, int errnum, const char *hint, const char *fmt, ...)
{
    if (err != NULL && err_len > 0) {
        char what[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof(what), fmt, ap);
        va_end(ap);
        char log[sizeof(log_kept)];
        pthread_mutex_lock(&log_lock);
        size_t j = 0;
        for (size_t i = 0; i < log_kept_len && j < sizeof(log) - 1; i++) {
            char ch = log_kept[i];
            if (ch == '\n')
                ch = i + 1 < log_kept_len ? '|' : 0;
            if (ch != 0)
                log[j++] = ch;
        }
        log[j] = 0;
        pthread_mutex_unlock(&log_lock);
        snprintf(err, err_len, "%s: %s%s%s%s%s%s", what, strerror(errnum),
                 hint != NULL ? "; " : "", hint != NULL ? hint : "",
                 j > 0 ? " [DPDK: " : "", log, j > 0 ? "]" : "");
    }
    capture_end();
    return -errnum;
}

/* ---------------------------------------------------------------- EAL */

int pc_eal_init(int argc, char **argv, char *err, uint32_t err_len)
{
    log_tee_install();
    capture_begin();
    if (rte_eal_init(argc, argv) < 0) {
        int e = rte_errno;
        const char *hint;
        if (captured("hugepage"))
            hint = "no usable hugepages: reserve and mount them (echo 512 > "
                   "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages; mount -t hugetlbfs nodev "
                   "/dev/hugepages), or pass --no-huge (with --no-shconf) to run on ordinary memory";
        else if (captured("--in-memory") && captured("legacy-mem"))
            hint = "DPDK 22.11 cannot combine --no-huge with --in-memory: use --no-huge --no-shconf";
        else if (e == EALREADY)
            hint = "EAL is already initialised: once per process";
        else if (e == EACCES || e == EPERM)
            hint = "run as root, or with CAP_SYS_ADMIN, CAP_IPC_LOCK and CAP_NET_ADMIN";
        else if (e == EINVAL)
            hint = "bad EAL arguments (DPDK printed its usage); DPDK cannot retry in this process";
        else if (e == ENOMEM)
            hint = "not enough memory: reserve more hugepages, or raise -m";
        else if (e == EBUSY || captured("another primary process"))
            hint = "another DPDK process holds this runtime directory: give each one --file-prefix <name>, "
                   "or pass --in-memory";
        else
            hint = NULL;
        return fail(err, err_len, e, hint, "rte_eal_init");
    }
    capture_end();
    return 0;
}

int32_t pc_lcore_id(void)
{
    unsigned id = rte_lcore_id();
    return id == LCORE_ID_ANY ? -1 : (int32_t)id;
}

int32_t pc_thread_register(void)
{
    if (rte_thread_register() != 0)
        return -rte_errno;
    unsigned id = rte_lcore_id();
    return id == LCORE_ID_ANY ? -ENOSPC : (int32_t)id;
}

void pc_thread_unregister(void)
{
    rte_thread_unregister();
}

int pc_thread_pin(uint32_t cpu)
{
    rte_cpuset_t set;
    CPU_ZERO(&set);
    if (cpu >= CPU_SETSIZE)
        return -EINVAL;
    CPU_SET(cpu, &set);
    return rte_thread_set_affinity(&set) == 0 ? 0 : -EINVAL;
}

/* ---------------------------------------------------------------- mempools */

void *pc_pktmbuf_pool_create(const char *name, uint32_t n, uint32_t cache_size, uint16_t data_room_size,
                             int32_t socket_id, char *err, uint32_t err_len)
{
    capture_begin();
    struct rte_mempool *pool = rte_pktmbuf_pool_create(name, n, cache_size, 0, data_room_size,
                                                       socket_id < 0 ? SOCKET_ID_ANY : socket_id);
    if (pool == NULL) {
        int e = rte_errno;
        fail(err, err_len, e, e == EEXIST ? "the name is taken: one pool per name"
                            : e == ENOMEM ? "not enough DPDK memory: reserve more hugepages, or raise -m" : NULL,
             "rte_pktmbuf_pool_create(%s, %u mbufs of %u bytes)", name, n, data_room_size);
        return NULL;
    }
    capture_end();
    return pool;
}

void pc_mempool_free(void *pool)
{
    rte_mempool_free(pool);
}

uint32_t pc_mempool_avail(const void *pool)
{
    return rte_mempool_avail_count(pool);
}

uint32_t pc_mempool_in_use(const void *pool)
{
    return rte_mempool_in_use_count(pool);
}

/* ---------------------------------------------------------------- ports */

/* The ethdev port of a probed device: by port name, else by the name of its device. */
static int find_port(const char *name, uint16_t *port)
{
    if (rte_eth_dev_get_port_by_name(name, port) == 0)
        return 0;
    uint16_t p;
    RTE_ETH_FOREACH_DEV(p) {
        struct rte_eth_dev_info info;
        if (rte_eth_dev_info_get(p, &info) == 0 && info.device != NULL &&
            strcmp(rte_dev_name(info.device), name) == 0) {
            *port = p;
            return 0;
        }
    }
    return -1;
}

static int probe(const char *devargs, uint16_t *port, char *err, uint32_t err_len)
{
    struct rte_devargs da;
    memset(&da, 0, sizeof(da));
    if (rte_devargs_parse(&da, devargs) != 0) {
        return fail(err, err_len, ENODEV,
                    "no DPDK bus knows this device: a vdev name starts with its driver "
                    "(net_ring0, net_null0, net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap, net_tap0, "
                    "net_af_packet0,iface=eth0), a PCI device is 0000:03:00.0 bound to vfio-pci",
                    "device \"%s\"", devargs);
    }
    char name[RTE_DEV_NAME_MAX_LEN];
    snprintf(name, sizeof(name), "%s", da.name);
    rte_devargs_reset(&da);
    if (find_port(name, port) == 0)
        return 0;  /* EAL probed it already (--vdev, -a, or the PCI scan) */
    int rc = rte_dev_probe(devargs);
    if (rc < 0 && rc != -EEXIST) {
        const char *hint =
            captured("cannot attach") || captured("Driver cannot")
                ? "the driver refused the arguments (a file or interface that does not exist, a key "
                  "it does not know, or no permission)"
                : "is the driver's PMD installed (dpdk's librte_net_*.so) and the name right?";
        return fail(err, err_len, -rc, hint, "probing device \"%s\"", devargs);
    }
    if (find_port(name, port) != 0)
        return fail(err, err_len, ENODEV, "the device is not an Ethernet port", "device \"%s\"", devargs);
    return 0;
}

int pc_port_open(const char *devargs, const pc_port_conf *conf, pc_port_info *info, char *err, uint32_t err_len)
{
    capture_begin();
    uint16_t port;
    int rc = probe(devargs, &port, err, err_len);
    if (rc < 0)
        return rc;
    capture_begin();

    struct rte_eth_dev_info dev;
    rc = rte_eth_dev_info_get(port, &dev);
    if (rc != 0)
        return fail(err, err_len, -rc, NULL, "rte_eth_dev_info_get(%s)", devargs);
    if (conf->rx_queues == 0 || conf->rx_queues > dev.max_rx_queues ||
        conf->tx_queues == 0 || conf->tx_queues > dev.max_tx_queues)
        return fail(err, err_len, EINVAL, NULL, "%s (%s) has 1 to %u RX and 1 to %u TX queues, not %u and %u",
                    devargs, dev.driver_name, dev.max_rx_queues, dev.max_tx_queues,
                    conf->rx_queues, conf->tx_queues);

    struct rte_eth_conf ec;
    memset(&ec, 0, sizeof(ec));
    uint64_t rss_hf = conf->rx_queues > 1 ? PC_RSS_HF & dev.flow_type_rss_offloads : 0;
    if (rss_hf != 0) {
        ec.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
        ec.rx_adv_conf.rss_conf.rss_hf = rss_hf;
    }
    if (conf->mtu != 0)
        ec.rxmode.mtu = conf->mtu;
    rc = rte_eth_dev_configure(port, conf->rx_queues, conf->tx_queues, &ec);
    if (rc != 0)
        return fail(err, err_len, -rc, rc == -EBUSY ? "the port is running: open it once" : NULL,
                    "rte_eth_dev_configure(%s, %u RX, %u TX queues)", devargs, conf->rx_queues,
                    conf->tx_queues);

    uint16_t nb_rxd = conf->rx_desc != 0 ? conf->rx_desc : DEFAULT_DESC;
    uint16_t nb_txd = conf->tx_desc != 0 ? conf->tx_desc : DEFAULT_DESC;
    rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rxd, &nb_txd);
    if (rc != 0)
        return fail(err, err_len, -rc, NULL, "rte_eth_dev_adjust_nb_rx_tx_desc(%s)", devargs);
    int socket = rte_eth_dev_socket_id(port);
    unsigned queue_socket = socket < 0 ? (unsigned)SOCKET_ID_ANY : (unsigned)socket;
    for (uint16_t q = 0; q < conf->rx_queues; q++) {
        rc = rte_eth_rx_queue_setup(port, q, nb_rxd, queue_socket, NULL,
                                    (struct rte_mempool *)(uintptr_t)conf->pool);
        if (rc != 0)
            return fail(err, err_len, -rc, NULL, "rte_eth_rx_queue_setup(%s, queue %u)", devargs, q);
    }
    for (uint16_t q = 0; q < conf->tx_queues; q++) {
        rc = rte_eth_tx_queue_setup(port, q, nb_txd, queue_socket, NULL);
        if (rc != 0)
            return fail(err, err_len, -rc, NULL, "rte_eth_tx_queue_setup(%s, queue %u)", devargs, q);
    }
    if (conf->flags & PC_PORT_PROMISCUOUS) {
        rc = rte_eth_promiscuous_enable(port);
        if (rc != 0 && rc != -ENOTSUP)
            return fail(err, err_len, -rc, NULL, "rte_eth_promiscuous_enable(%s)", devargs);
    }

    memset(info, 0, sizeof(*info));
    info->rss_hf = rss_hf;
    info->socket_id = socket;
    uint16_t mtu = 0;
    if (rte_eth_dev_get_mtu(port, &mtu) == 0)
        info->mtu = mtu;
    info->port_id = port;
    info->rx_queues = conf->rx_queues;
    info->tx_queues = conf->tx_queues;
    info->rx_desc = nb_rxd;
    info->tx_desc = nb_txd;
    struct rte_ether_addr mac;
    if (rte_eth_macaddr_get(port, &mac) == 0)
        memcpy(info->mac, mac.addr_bytes, sizeof(info->mac));
    snprintf(info->driver, sizeof(info->driver), "%s", dev.driver_name);
    capture_end();
    return port;
}

int pc_port_start(uint16_t port, char *err, uint32_t err_len)
{
    capture_begin();
    int rc = rte_eth_dev_start(port);
    if (rc != 0)
        return fail(err, err_len, -rc, NULL, "rte_eth_dev_start(port %u)", port);
    capture_end();
    return 0;
}

int pc_port_stop(uint16_t port)
{
    return rte_eth_dev_stop(port);
}

int pc_port_close(uint16_t port)
{
    struct rte_eth_dev_info dev;
    struct rte_device *device = rte_eth_dev_info_get(port, &dev) == 0 ? dev.device : NULL;
    rte_eth_dev_stop(port);
    int rc = rte_eth_dev_close(port);
    if (device != NULL) {
        /* Detach the device too (testpmd's "detach"), unless another port still uses it. */
        uint16_t p;
        int others = 0;
        RTE_ETH_FOREACH_DEV_OF(p, device) others++;
        if (others == 0)
            rte_dev_remove(device);
    }
    return rc;
}

int pc_port_stats_get(uint16_t port, pc_port_stats *stats)
{
    struct rte_eth_stats s;
    int rc = rte_eth_stats_get(port, &s);
    if (rc != 0)
        return rc;
    stats->ipackets = s.ipackets;
    stats->opackets = s.opackets;
    stats->ibytes = s.ibytes;
    stats->obytes = s.obytes;
    stats->imissed = s.imissed;
    stats->ierrors = s.ierrors;
    stats->oerrors = s.oerrors;
    stats->rx_nombuf = s.rx_nombuf;
    return 0;
}

int pc_port_stats_reset(uint16_t port)
{
    return rte_eth_stats_reset(port);
}

int pc_port_link_get(uint16_t port, pc_port_link *link)
{
    struct rte_eth_link l;
    int rc = rte_eth_link_get_nowait(port, &l);
    if (rc != 0)
        return rc;
    link->speed_mbps = l.link_speed == RTE_ETH_SPEED_NUM_UNKNOWN ? 0 : l.link_speed;
    link->up = l.link_status == RTE_ETH_LINK_UP;
    link->full_duplex = l.link_duplex == RTE_ETH_LINK_FULL_DUPLEX;
    link->autoneg = l.link_autoneg == RTE_ETH_LINK_AUTONEG;
    link->reserved = 0;
    return 0;
}

/* ---------------------------------------------------------------- bursts */

static inline void describe(pc_pkt *p, struct rte_mbuf *m)
{
    p->mbuf = (uint64_t)(uintptr_t)m;
    p->buf_addr = (uint64_t)(uintptr_t)m->buf_addr;
    p->data_off = m->data_off;
    p->data_len = m->data_len;
    p->buf_len = m->buf_len;
    p->nb_segs = m->nb_segs;
    p->pkt_len = m->pkt_len;
    p->rss_hash = (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH) ? m->hash.rss : 0;
}

uint16_t pc_rx_burst(uint16_t port, uint16_t queue, pc_pkt *pkts, uint16_t n)
{
    struct rte_mbuf *m[PC_BURST_MAX];
    uint16_t got = rte_eth_rx_burst(port, queue, m, n < PC_BURST_MAX ? n : PC_BURST_MAX);
    for (uint16_t i = 0; i < got; i++) {
        rte_prefetch0(rte_pktmbuf_mtod(m[i], void *));  /* the next node reads the headers */
        describe(&pkts[i], m[i]);
    }
    return got;
}

uint16_t pc_tx_burst(uint16_t port, uint16_t queue, const pc_pkt *pkts, uint16_t n)
{
    struct rte_mbuf *m[PC_BURST_MAX];
    struct rte_mbuf *bad[PC_BURST_MAX];
    uint16_t ok = 0, nbad = 0;
    if (n > PC_BURST_MAX)
        n = PC_BURST_MAX;
    for (uint16_t i = 0; i < n; i++) {
        struct rte_mbuf *mb = (struct rte_mbuf *)(uintptr_t)pkts[i].mbuf;
        if ((uint32_t)pkts[i].data_off + pkts[i].data_len > mb->buf_len || mb->nb_segs != 1) {
            bad[nbad++] = mb;
            continue;
        }
        mb->data_off = pkts[i].data_off;
        mb->data_len = pkts[i].data_len;
        mb->pkt_len = pkts[i].data_len;
        m[ok++] = mb;
    }
    if (nbad > 0)
        rte_pktmbuf_free_bulk(bad, nbad);
    uint16_t sent = ok > 0 ? rte_eth_tx_burst(port, queue, m, ok) : 0;
    if (sent < ok)
        rte_pktmbuf_free_bulk(m + sent, ok - sent);
    return sent;
}

uint32_t pc_mbuf_alloc_bulk(void *pool, pc_pkt *pkts, uint32_t n)
{
    struct rte_mbuf *m[PC_BURST_MAX];
    if (n > PC_BURST_MAX || rte_pktmbuf_alloc_bulk(pool, m, n) != 0)
        return 0;
    for (uint32_t i = 0; i < n; i++)
        describe(&pkts[i], m[i]);
    return n;
}

void pc_mbuf_free_bulk(uint64_t *mbufs, uint32_t n)
{
    rte_pktmbuf_free_bulk((struct rte_mbuf **)mbufs, n);
}
