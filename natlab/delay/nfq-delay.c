/*
 * nfq-delay: the NAT lab's delay element. Holds every packet that iptables hands to an NFQUEUE for a
 * fixed time, then lets it go on, in the order it came (a constant delay per queue keeps FIFO order).
 *
 *   nfq-delay --queue NUM:MS [--queue NUM:MS ...] [--max-queued N]
 *
 * One process serves every queue of one network namespace (queue numbers are per namespace). Only the
 * packet's metadata is copied to user space (NFQNL_COPY_META): the kernel keeps the packet, we keep
 * its id and when it is due. No busy waiting: ppoll sleeps until a packet arrives or the oldest held
 * packet is due. The queue is bounded: past --max-queued held packets a queue drops new ones (a full
 * router queue does the same), counted and reported on exit.
 *
 * SIGTERM or SIGINT: packets already held are still released on time, new ones are held as usual
 * (lab.sh removes the iptables rules first, so none should come), and the program exits once nothing is
 * held, or after the longest delay plus a second at the latest, releasing anything left at once.
 * Prints "ready" on stdout once every queue is bound, so that the caller adds its rules only then.
 * Exit codes: 0 stopped by a signal, 1 runtime error, 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h> /* before linux/netfilter.h, which would define struct in_addr again */
#include <errno.h>
#include <inttypes.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#define MAX_QUEUES 8
#define MAX_DELAY_MS 10000
#define DEFAULT_MAX_QUEUED 4096
#define SOCKET_BUFFER_BYTES (8 * 1024 * 1024)
#define NSEC_PER_MSEC INT64_C(1000000)
#define NSEC_PER_SEC INT64_C(1000000000)

struct held {
    uint32_t id;
    int64_t due_ns;
};

struct delay_queue {
    uint16_t number;
    int64_t delay_ns;
    struct nfq_q_handle *handle;
    struct held *ring; /* FIFO of held packets: head is the oldest, so the first due */
    size_t capacity, head, count;
    uint64_t passed, dropped, max_seen;
    int verdict_errors;
};

static struct delay_queue queues[MAX_QUEUES];
static size_t queue_count;
static volatile sig_atomic_t stop_requested;

static void die(const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    fputs("nfq-delay: ", stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
    exit(1);
}

static void usage(const char *why) {
    fprintf(stderr, "nfq-delay: %s\nusage: nfq-delay --queue NUM:MS [--queue NUM:MS ...] [--max-queued N]\n"
                    "  NUM 0-65535, MS 0-%d; N held packets per queue (default %d)\n",
            why, MAX_DELAY_MS, DEFAULT_MAX_QUEUED);
    exit(2);
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static long parse_number(const char *text, long min, long max, const char *what) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || end == text || *end || value < min || value > max) {
        char why[128];
        snprintf(why, sizeof why, "bad %s '%s'", what, text);
        usage(why);
    }
    return value;
}

static void release(struct delay_queue *q, uint32_t id, uint32_t verdict) {
    if (nfq_set_verdict(q->handle, id, verdict, 0, NULL) < 0 && q->verdict_errors++ < 5) {
        fprintf(stderr, "nfq-delay: queue %u: verdict for packet %" PRIu32 " failed: %s\n", q->number, id,
                strerror(errno));
    }
}

/* Called by nfq_handle_packet for each packet the kernel queued: note it, decide nothing yet. */
static int on_packet(struct nfq_q_handle *handle, struct nfgenmsg *msg, struct nfq_data *data, void *arg) {
    (void)handle;
    (void)msg;
    struct delay_queue *q = arg;
    struct nfqnl_msg_packet_hdr *header = nfq_get_msg_packet_hdr(data);
    if (header == NULL) {
        return 0;
    }
    uint32_t id = ntohl(header->packet_id);
    if (q->count == q->capacity) {
        q->dropped++;
        release(q, id, NF_DROP);
        return 0;
    }
    q->ring[(q->head + q->count) % q->capacity] = (struct held){id, now_ns() + q->delay_ns};
    q->count++;
    if (q->count > q->max_seen) {
        q->max_seen = q->count;
    }
    return 0;
}

/* Lets every packet go whose time has come (all of them when `all`); returns the next due time, or -1. */
static int64_t release_due(int64_t now, int all) {
    int64_t next = -1;
    for (size_t i = 0; i < queue_count; i++) {
        struct delay_queue *q = &queues[i];
        while (q->count > 0 && (all || q->ring[q->head].due_ns <= now)) {
            release(q, q->ring[q->head].id, NF_ACCEPT);
            q->passed++;
            q->head = (q->head + 1) % q->capacity;
            q->count--;
        }
        if (q->count > 0 && (next < 0 || q->ring[q->head].due_ns < next)) {
            next = q->ring[q->head].due_ns;
        }
    }
    return next;
}

static size_t held_total(void) {
    size_t total = 0;
    for (size_t i = 0; i < queue_count; i++) {
        total += queues[i].count;
    }
    return total;
}

static void on_signal(int sig) {
    (void)sig;
    stop_requested = 1;
}

int main(int argc, char **argv) {
    long max_queued = DEFAULT_MAX_QUEUED;
    int64_t longest_delay_ns = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--queue") == 0 && i + 1 < argc) {
            char spec[64];
            snprintf(spec, sizeof spec, "%s", argv[++i]);
            char *colon = strchr(spec, ':');
            if (colon == NULL) {
                usage("--queue wants NUM:MS");
            }
            *colon = '\0';
            if (queue_count == MAX_QUEUES) {
                usage("too many queues");
            }
            struct delay_queue *q = &queues[queue_count++];
            q->number = (uint16_t)parse_number(spec, 0, 65535, "queue number");
            q->delay_ns = parse_number(colon + 1, 0, MAX_DELAY_MS, "delay") * NSEC_PER_MSEC;
            if (q->delay_ns > longest_delay_ns) {
                longest_delay_ns = q->delay_ns;
            }
        } else if (strcmp(argv[i], "--max-queued") == 0 && i + 1 < argc) {
            max_queued = parse_number(argv[++i], 1, 1 << 20, "--max-queued");
        } else {
            usage("unknown argument");
        }
    }
    if (queue_count == 0) {
        usage("no --queue given");
    }

    /* TERM and INT are blocked except while ppoll waits, so a signal can only end a wait, never be lost. */
    sigset_t blocked, during_wait;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigprocmask(SIG_BLOCK, &blocked, &during_wait);
    struct sigaction action = {.sa_handler = on_signal};
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigdelset(&during_wait, SIGTERM);
    sigdelset(&during_wait, SIGINT);

    struct nfq_handle *nfq = nfq_open();
    if (nfq == NULL) {
        die("cannot open a netfilter queue handle: %s (root? nfnetlink_queue?)", strerror(errno));
    }
    for (size_t i = 0; i < queue_count; i++) {
        struct delay_queue *q = &queues[i];
        q->capacity = (size_t)max_queued;
        q->ring = calloc(q->capacity, sizeof *q->ring);
        if (q->ring == NULL) {
            die("out of memory");
        }
        q->handle = nfq_create_queue(nfq, q->number, on_packet, q);
        if (q->handle == NULL) {
            die("cannot bind queue %u: %s (is another reader bound to it?)", q->number, strerror(errno));
        }
        if (nfq_set_mode(q->handle, NFQNL_COPY_META, 0) < 0) {
            die("queue %u: cannot set metadata-only copy mode: %s", q->number, strerror(errno));
        }
        /* The kernel's own bound: no more packets waiting for a verdict than we would hold. */
        if (nfq_set_queue_maxlen(q->handle, (uint32_t)max_queued) < 0) {
            die("queue %u: cannot set the queue length: %s", q->number, strerror(errno));
        }
    }
    int fd = nfq_fd(nfq);
    nfnl_rcvbufsiz(nfq_nfnlh(nfq), SOCKET_BUFFER_BYTES);
    int on = 1;
    setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &on, sizeof on); /* a burst must not wedge the loop */

    printf("ready");
    for (size_t i = 0; i < queue_count; i++) {
        printf(" queue %u: %" PRId64 " ms%s", queues[i].number, queues[i].delay_ns / NSEC_PER_MSEC,
               i + 1 < queue_count ? "," : "");
    }
    printf("\n");
    fflush(stdout);

    static char buffer[65536];
    int64_t stop_by = -1;
    for (;;) {
        int64_t now = now_ns();
        if (stop_requested && stop_by < 0) {
            stop_by = now + longest_delay_ns + NSEC_PER_SEC;
        }
        int64_t next = release_due(now, stop_by >= 0 && now >= stop_by);
        if (stop_by >= 0 && held_total() == 0) {
            break;
        }
        struct timespec wait, *timeout = NULL;
        if (next >= 0 || stop_by >= 0) {
            int64_t until = next >= 0 ? next : stop_by;
            if (stop_by >= 0 && stop_by < until) {
                until = stop_by;
            }
            int64_t left = until > now ? until - now : 0;
            wait = (struct timespec){.tv_sec = left / NSEC_PER_SEC, .tv_nsec = left % NSEC_PER_SEC};
            timeout = &wait;
        }
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int ready = ppoll(&pfd, 1, timeout, &during_wait);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("ppoll: %s", strerror(errno));
        }
        if (ready == 0) {
            continue;
        }
        for (;;) {
            ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                    break;
                }
                if (errno == ENOBUFS) { /* the kernel dropped some queue messages: those packets are lost */
                    fprintf(stderr, "nfq-delay: socket buffer overrun: packets lost\n");
                    continue;
                }
                die("recv: %s", strerror(errno));
            }
            nfq_handle_packet(nfq, buffer, (int)n);
        }
    }

    for (size_t i = 0; i < queue_count; i++) {
        struct delay_queue *q = &queues[i];
        fprintf(stderr, "nfq-delay: queue %u (%" PRId64 " ms): %" PRIu64 " passed, %" PRIu64
                        " dropped (queue full), at most %" PRIu64 " held at once\n",
                q->number, q->delay_ns / NSEC_PER_MSEC, q->passed, q->dropped, q->max_seen);
        nfq_destroy_queue(q->handle);
        free(q->ring);
    }
    nfq_close(nfq);
    return 0;
}
