/* protocol.h - the wire format between the reference module and its token daemon.
 *
 * The token (keys, PIN, login state) lives in p11ref-daemon, outside the application's process,
 * so that "a child never disturbs its parent" is something a test can observe: the daemon logs
 * every request with the connection it came on and the pid the kernel says sent it.
 *
 * Every message is a struct ref_header followed by `length` bytes of body. Both ends run on one
 * machine, so integers travel in native byte order. Bodies are sequences of items:
 *   u32   - 4 bytes
 *   bytes - a u32 length, then that many bytes
 * Requests carry status 0; replies carry the PKCS#11 return code (CKR_*) in `status` and a body
 * only when the status is CKR_OK (the item lists below are the CKR_OK bodies).
 *
 * A teaching template, not a secure design: no encryption at rest, no PIN lockout.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef P11REF_PROTOCOL_H
#define P11REF_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#define REF_PROTOCOL_VERSION 1u
#define REF_MAX_BODY 8192u
#define REF_TICKET_LEN 16u
#define REF_LABEL_LEN 32u /* token labels are 32 blank-padded bytes in CK_TOKEN_INFO */
/* Where the module looks for the daemon: this environment variable, or `socket=PATH` in
 * CK_C_INITIALIZE_ARGS.pReserved (which wins). */
#define REF_SOCKET_ENV "P11REF_SOCKET"

struct ref_header {
  uint32_t length; /* body bytes that follow, at most REF_MAX_BODY */
  uint16_t op;     /* enum ref_op; a reply repeats the request's op */
  uint16_t reserved;
  uint32_t status; /* replies: CKR_* as a 32-bit value; requests: 0 */
};

/* Object flags (LIST_OBJECTS, GET_OBJECT). */
#define REF_OBJ_PRIVATE 0x1u   /* CKA_PRIVATE: visible only to a logged-in connection */
#define REF_OBJ_SIGN 0x2u      /* CKA_SIGN */
#define REF_OBJ_VERIFY 0x4u    /* CKA_VERIFY */
#define REF_OBJ_SENSITIVE 0x8u /* CKA_SENSITIVE (private keys are always sensitive here) */

enum ref_op {
  /* daemon -> module, once, right after accepting (the module sends nothing before it):
   *   u32 connection id, u32 protocol version, bytes ticket (REF_TICKET_LEN random bytes that
   *   name this connection's login state for CLONE_LOGIN). */
  REF_OP_GREETING = 1,
  /* -> u32 logged_in (0|1), bytes label (REF_LABEL_LEN, blank padded), bytes serial (16, blank
   *    padded), u32 object count (all objects, private ones included). */
  REF_OP_TOKEN_INFO = 2,
  /* bytes pin -> (empty). CKR_PIN_INCORRECT, CKR_USER_ALREADY_LOGGED_IN. */
  REF_OP_LOGIN = 3,
  /* (empty) -> (empty). CKR_USER_NOT_LOGGED_IN. */
  REF_OP_LOGOUT = 4,
  /* (empty) -> u32 count, then per object: u32 handle, u32 class (CKO_*), u32 key type (CKK_*),
   *    u32 flags (REF_OBJ_*), bytes label, bytes id. Private objects only when logged in. */
  REF_OP_LIST_OBJECTS = 5,
  /* u32 handle -> u32 class, u32 key type, u32 flags, bytes label, bytes id, bytes ec_params
   *    (DER OID of P-256), bytes ec_point (DER OCTET STRING of the uncompressed point; empty for
   *    a private key). CKR_OBJECT_HANDLE_INVALID also for a private object when not logged in. */
  REF_OP_GET_OBJECT = 6,
  /* bytes label, bytes id -> u32 public handle, u32 private handle. An ECDSA P-256 pair, kept
   *    for the daemon's lifetime. CKR_USER_NOT_LOGGED_IN. */
  REF_OP_GENERATE_KEY_PAIR = 7,
  /* u32 private handle, u32 mechanism (CKM_ECDSA: data is the hash; CKM_ECDSA_SHA256: data is
   *    hashed first), bytes data -> bytes signature (r || s, 32 bytes each, big-endian).
   *    CKR_USER_NOT_LOGGED_IN, CKR_KEY_HANDLE_INVALID, CKR_MECHANISM_INVALID. */
  REF_OP_SIGN = 8,
  /* u32 public handle, u32 mechanism, bytes data, bytes signature -> (empty).
   *    CKR_SIGNATURE_INVALID, CKR_SIGNATURE_LEN_RANGE (not 64 bytes), CKR_KEY_HANDLE_INVALID. */
  REF_OP_VERIFY = 9,
  /* u32 mechanism (CKM_SHA256), bytes data -> bytes digest. CKR_MECHANISM_INVALID. */
  REF_OP_DIGEST = 10,
  /* u32 n (at most REF_MAX_BODY - 4) -> bytes random. */
  REF_OP_RANDOM = 11,
  /* bytes ticket -> u32 logged_in. This (new) connection takes the login state of the open
   *    connection the ticket names: how a fork-safe child keeps its parent's login without the
   *    module keeping the PIN. CKR_ARGUMENTS_BAD when no open connection has that ticket. */
  REF_OP_CLONE_LOGIN = 12,
  /* (empty) -> (empty). The module finalises: the daemon logs the connection out, replies, and
   *    closes it. */
  REF_OP_BYE = 13,
};

/* "GREETING", "SIGN", ... for logs; "UNKNOWN" otherwise. */
const char *ref_op_name(unsigned op);

/* A message body being written or read. */
struct ref_buf {
  uint8_t data[REF_MAX_BODY];
  size_t len; /* bytes written so far (writer) or available (reader) */
  size_t pos; /* reader position */
  int bad;    /* set when a put overflows or a get runs past the end */
};

void ref_buf_reset(struct ref_buf *b);
void ref_put_u32(struct ref_buf *b, uint32_t v);
void ref_put_bytes(struct ref_buf *b, const void *p, size_t n);
uint32_t ref_get_u32(struct ref_buf *b);
/* Returns a pointer into the buffer and sets *n, or NULL (and b->bad) when out of range. */
const uint8_t *ref_get_bytes(struct ref_buf *b, size_t *n);
/* Copies a bytes item into dst (at most cap bytes); returns its length or -1. */
long ref_get_copy(struct ref_buf *b, void *dst, size_t cap);

/* Sends a whole message with one sendmsg(MSG_NOSIGNAL) call, retrying on EINTR and short
 * writes. Returns 0, or -1 with errno set. Only system calls: usable in a forked child. */
int ref_send(int fd, uint16_t op, uint32_t status, const struct ref_buf *body);
/* Reads one whole message, waiting at most timeout_ms for each part (-1: forever). Returns 0,
 * or -1 with errno set (ETIMEDOUT, EPROTO for a malformed header, ECONNRESET at end of file). */
int ref_recv(int fd, struct ref_header *h, struct ref_buf *body, int timeout_ms);

#endif
