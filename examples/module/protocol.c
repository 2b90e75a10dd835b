/* protocol.c - encoding and framing for the module <-> daemon protocol (see protocol.h).
 * Only system calls and memcpy: the module calls these in forked children.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include "protocol.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

const char *ref_op_name(unsigned op) {
  static const char *const names[] = {
      [REF_OP_GREETING] = "GREETING",
      [REF_OP_TOKEN_INFO] = "TOKEN_INFO",
      [REF_OP_LOGIN] = "LOGIN",
      [REF_OP_LOGOUT] = "LOGOUT",
      [REF_OP_LIST_OBJECTS] = "LIST_OBJECTS",
      [REF_OP_GET_OBJECT] = "GET_OBJECT",
      [REF_OP_GENERATE_KEY_PAIR] = "GENERATE_KEY_PAIR",
      [REF_OP_SIGN] = "SIGN",
      [REF_OP_VERIFY] = "VERIFY",
      [REF_OP_DIGEST] = "DIGEST",
      [REF_OP_RANDOM] = "RANDOM",
      [REF_OP_CLONE_LOGIN] = "CLONE_LOGIN",
      [REF_OP_BYE] = "BYE",
  };
  if (op < sizeof names / sizeof names[0] && names[op]) return names[op];
  return "UNKNOWN";
}

void ref_buf_reset(struct ref_buf *b) { b->len = b->pos = 0, b->bad = 0; }

void ref_put_u32(struct ref_buf *b, uint32_t v) {
  if (b->bad || sizeof b->data - b->len < sizeof v) {
    b->bad = 1;
    return;
  }
  memcpy(b->data + b->len, &v, sizeof v);
  b->len += sizeof v;
}

void ref_put_bytes(struct ref_buf *b, const void *p, size_t n) {
  ref_put_u32(b, (uint32_t)n);
  if (b->bad || sizeof b->data - b->len < n) {
    b->bad = 1;
    return;
  }
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
}

uint32_t ref_get_u32(struct ref_buf *b) {
  uint32_t v = 0;
  if (b->bad || b->len - b->pos < sizeof v) {
    b->bad = 1;
    return 0;
  }
  memcpy(&v, b->data + b->pos, sizeof v);
  b->pos += sizeof v;
  return v;
}

const uint8_t *ref_get_bytes(struct ref_buf *b, size_t *n) {
  size_t want = ref_get_u32(b);
  if (b->bad || b->len - b->pos < want) {
    b->bad = 1;
    *n = 0;
    return NULL;
  }
  const uint8_t *p = b->data + b->pos;
  b->pos += want;
  *n = want;
  return p;
}

long ref_get_copy(struct ref_buf *b, void *dst, size_t cap) {
  size_t n;
  const uint8_t *p = ref_get_bytes(b, &n);
  if (!p || n > cap) {
    b->bad = 1;
    return -1;
  }
  if (n) memcpy(dst, p, n);
  return (long)n;
}

int ref_send(int fd, uint16_t op, uint32_t status, const struct ref_buf *body) {
  size_t body_len = body ? body->len : 0;
  struct ref_header h = {(uint32_t)body_len, op, 0, status};
  struct iovec iov[2] = {{&h, sizeof h}, {body ? (void *)body->data : NULL, body_len}};
  struct msghdr msg = {.msg_iov = iov, .msg_iovlen = body_len ? 2 : 1};
  size_t left = sizeof h + body_len;
  while (left > 0) {
    ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    left -= (size_t)n;
    /* A short write: advance the iovecs past what went out. */
    while (n > 0 && msg.msg_iovlen > 0) {
      if ((size_t)n >= msg.msg_iov[0].iov_len) {
        n -= (ssize_t)msg.msg_iov[0].iov_len;
        msg.msg_iov++, msg.msg_iovlen--;
      } else {
        msg.msg_iov[0].iov_base = (char *)msg.msg_iov[0].iov_base + n;
        msg.msg_iov[0].iov_len -= (size_t)n;
        n = 0;
      }
    }
  }
  return 0;
}

static int read_full(int fd, void *p, size_t n, int timeout_ms) {
  size_t got = 0;
  while (got < n) {
    struct pollfd pfd = {fd, POLLIN, 0};
    int ready = poll(&pfd, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return -1;
    if (ready == 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    ssize_t r = recv(fd, (char *)p + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) {
      errno = ECONNRESET;
      return -1;
    }
    got += (size_t)r;
  }
  return 0;
}

int ref_recv(int fd, struct ref_header *h, struct ref_buf *body, int timeout_ms) {
  ref_buf_reset(body);
  if (read_full(fd, h, sizeof *h, timeout_ms) != 0) return -1;
  if (h->length > REF_MAX_BODY) {
    errno = EPROTO;
    return -1;
  }
  if (read_full(fd, body->data, h->length, timeout_ms) != 0) return -1;
  body->len = h->length;
  return 0;
}
