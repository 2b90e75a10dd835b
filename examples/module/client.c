/* client.c - this process's connection to the token daemon.
 *
 * Only system calls and memcpy on the way (no stdio, no malloc, no locks of its own): a child
 * may connect from its first call after fork. The caller holds the state's lock.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "p11ref.h"

/* Opens a connection and reads the daemon's greeting (connection id, version, ticket). */
CK_RV ref_connect(struct ref_state *st) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(st->socket_path) >= sizeof addr.sun_path) return CKR_ARGUMENTS_BAD;
  strcpy(addr.sun_path, st->socket_path);
  /* Close-on-exec: a child that execs (the common case) must not carry the connection into
   * the new program. */
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return CKR_DEVICE_ERROR;
  int rc;
  do rc = connect(fd, (struct sockaddr *)&addr, sizeof addr);
  while (rc != 0 && errno == EINTR);
  struct ref_header h;
  if (rc != 0 || ref_recv(fd, &h, &st->rep, REF_IO_TIMEOUT_MS) != 0 || h.op != REF_OP_GREETING) {
    close(fd);
    return CKR_DEVICE_ERROR;
  }
  uint32_t id = ref_get_u32(&st->rep);
  uint32_t version = ref_get_u32(&st->rep);
  long ticket_len = ref_get_copy(&st->rep, st->ticket, sizeof st->ticket);
  if (st->rep.bad || version != REF_PROTOCOL_VERSION || ticket_len != REF_TICKET_LEN) {
    close(fd);
    return CKR_DEVICE_ERROR;
  }
  st->fd = fd;
  st->conn_id = id;
  st->logged_in = 0;
  return CKR_OK;
}

CK_RV ref_call(struct ref_state *st, enum ref_op op) {
  if (st->fd < 0) return CKR_DEVICE_ERROR;
  struct ref_header h;
  if (st->req.bad || ref_send(st->fd, (uint16_t)op, 0, &st->req) != 0 ||
      ref_recv(st->fd, &h, &st->rep, REF_IO_TIMEOUT_MS) != 0 || h.op != op) {
    /* A connection that failed half-way cannot be trusted with the next request. */
    ref_disconnect(st, 0);
    return CKR_DEVICE_ERROR;
  }
  return h.status;
}

void ref_disconnect(struct ref_state *st, int say_bye) {
  if (st->fd < 0) return;
  int fd = st->fd;
  if (say_bye) {
    /* The daemon logs the connection out and closes it; its reply (or its silence) does not
     * change what we do next. */
    struct ref_header h;
    ref_buf_reset(&st->req);
    if (ref_send(fd, REF_OP_BYE, 0, &st->req) == 0) (void)ref_recv(fd, &h, &st->rep, 1000);
  }
  st->fd = -1;
  st->logged_in = 0;
  ref_disown_descriptor(fd);
  close(fd);
}
