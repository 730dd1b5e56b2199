/* W5's floor: a minimal TCP echo server in C, one thread, level-triggered epoll, non-blocking
 * sockets, TCP_NODELAY on accepted ones. Per readable event: one read into a shared buffer, one
 * write back; only what the kernel refuses is kept (per connection) and sent on EPOLLOUT, with
 * reading paused meanwhile. No allocation per message, no syscall beyond read and write (and
 * epoll_wait when nothing is ready), so it is what the kernel and the client leave to be won.
 * Usage: echo_epoll PORT   (listens on 127.0.0.1; runs until killed) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
  int fd;
  char *pending; /* bytes the kernel did not take yet: pending[0, len) */
  size_t len;
} conn_t;

static int epfd;
static char buf[65536];

static void watch(conn_t *c, int op, unsigned events) {
  struct epoll_event ev = {.events = events, .data.ptr = c};
  if (epoll_ctl(epfd, op, c->fd, &ev) < 0) { perror("epoll_ctl"); exit(1); }
}

static void drop(conn_t *c) {
  close(c->fd); /* also removes it from the epoll set */
  free(c->pending);
  free(c);
}

/* Writes data[0, n); keeps the rest and waits for EPOLLOUT. Returns -1 if the connection failed. */
static int send_all(conn_t *c, const char *data, size_t n) {
  while (n > 0) {
    ssize_t w = write(c->fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      char *keep = malloc(n);
      if (!keep) return -1;
      memcpy(keep, data, n);
      free(c->pending);
      c->pending = keep;
      c->len = n;
      watch(c, EPOLL_CTL_MOD, EPOLLOUT); /* stop reading until the peer catches up */
      return 0;
    }
    data += w;
    n -= (size_t)w;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s PORT\n", argv[0]); return 2; }
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 1024) < 0) {
    perror("bind/listen");
    return 1;
  }
  epfd = epoll_create1(0);
  conn_t listener = {.fd = lfd};
  watch(&listener, EPOLL_CTL_ADD, EPOLLIN);
  printf("listening %s\n", argv[1]);
  fflush(stdout);
  struct epoll_event evs[256];
  for (;;) {
    int n = epoll_wait(epfd, evs, 256, -1);
    if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
    for (int k = 0; k < n; k++) {
      conn_t *c = evs[k].data.ptr;
      if (c == &listener) {
        int fd;
        while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          conn_t *nc = calloc(1, sizeof *nc);
          nc->fd = fd;
          watch(nc, EPOLL_CTL_ADD, EPOLLIN);
        }
        continue;
      }
      if (evs[k].events & EPOLLOUT) {
        size_t len = c->len;
        char *pending = c->pending;
        c->pending = NULL;
        c->len = 0;
        int failed = send_all(c, pending, len);
        free(pending);
        if (failed) { drop(c); continue; }
        if (c->pending == NULL) watch(c, EPOLL_CTL_MOD, EPOLLIN);
        continue;
      }
      if (evs[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        ssize_t r = read(c->fd, buf, sizeof buf);
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (r <= 0 || send_all(c, buf, (size_t)r) < 0) drop(c);
      }
    }
  }
}
