/* daemon.c - p11ref-daemon, the token behind the reference PKCS#11 module (see protocol.h).
 *
 * Holds the user PIN, the login state of each connection and ECDSA P-256 key pairs in memory,
 * and answers the module over a Unix stream socket. Every request is logged as a JSON line with
 * the connection it came on and the pid the kernel says sent it (SCM_CREDENTIALS), so a test can
 * see which process - parent or forked child - really talked to the token.
 *
 * Single-threaded: one poll() loop, each request handled to completion before the next.
 * A teaching template, not a secure token: keys live in memory only, no PIN lockout.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include "protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <p11-kit/pkcs11.h>

#define PROGRAM "p11ref-daemon"
#define MAX_CONNS 256
#define MAX_OBJECTS 64
/* Attribute sizes we keep. They bound LIST_OBJECTS: 64 * (24 + 64 + 32) + 4 < REF_MAX_BODY. */
#define MAX_OBJ_LABEL 64
#define MAX_OBJ_ID 32
#define SERIAL_LEN 16
#define P256_POINT_LEN 65 /* 04 || X || Y */
#define P256_SIG_LEN 64   /* r || s */

/* ---- state ------------------------------------------------------------------------------- */

struct object {
  uint32_t handle; /* index + 1: 0 is CK_INVALID_HANDLE */
  uint32_t class, key_type, flags;
  uint8_t label[MAX_OBJ_LABEL], id[MAX_OBJ_ID];
  size_t label_len, id_len;
  uint8_t point[P256_POINT_LEN]; /* public keys only */
  EVP_PKEY *pkey;                /* each object holds its own reference */
};

struct conn {
  int fd;
  size_t slot; /* index in conns[] */
  uint32_t id;
  pid_t peer_pid; /* SO_PEERCRED: the process that connected */
  uid_t peer_uid;
  int logged_in;
  uint8_t ticket[REF_TICKET_LEN];
  /* Bytes received but not yet handled: always less than one whole message between reads. */
  uint8_t in[sizeof(struct ref_header) + REF_MAX_BODY];
  size_t in_len;
  pid_t head_pid; /* sender of in[0], when in_len > 0 */
};

static struct {
  const char *socket_path;
  const char *log_path;
  const char *label;
  const char *pin_env;
  int die_with_parent;
} opt = {.label = "forktest", .pin_env = "P11REF_USER_PIN"};

static char *pin; /* our own copy; never printed or logged */
static size_t pin_len;
static int log_fd = -1;
static int listen_fd = -1;
static dev_t sock_dev; /* identify our socket file, so stop never unlinks a successor's */
static ino_t sock_ino;
static int sig_pipe[2] = {-1, -1};
static struct timespec started;
static uint64_t log_seq;
static uint32_t next_conn_id = 1;
static struct conn *conns[MAX_CONNS];
static struct object objects[MAX_OBJECTS];
static size_t n_objects;

/* Request and reply bodies: one of each is enough in a single-threaded loop. */
static struct ref_buf req, rep;

/* ---- return-code names for the log ------------------------------------------------------- */

/* The codes this daemon can return, named; anything else is logged as hex. */
static const struct {
  CK_RV rv;
  const char *name;
} rv_names[] = {
    {CKR_OK, "CKR_OK"},
    {CKR_ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD"},
    {CKR_ATTRIBUTE_VALUE_INVALID, "CKR_ATTRIBUTE_VALUE_INVALID"},
    {CKR_DEVICE_ERROR, "CKR_DEVICE_ERROR"},
    {CKR_DEVICE_MEMORY, "CKR_DEVICE_MEMORY"},
    {CKR_FUNCTION_NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED"},
    {CKR_KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID"},
    {CKR_MECHANISM_INVALID, "CKR_MECHANISM_INVALID"},
    {CKR_OBJECT_HANDLE_INVALID, "CKR_OBJECT_HANDLE_INVALID"},
    {CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT"},
    {CKR_SIGNATURE_INVALID, "CKR_SIGNATURE_INVALID"},
    {CKR_SIGNATURE_LEN_RANGE, "CKR_SIGNATURE_LEN_RANGE"},
    {CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN"},
    {CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN"},
};

static const char *rv_name(CK_RV rv, char *buf, size_t cap) {
  for (size_t i = 0; i < sizeof rv_names / sizeof rv_names[0]; i++)
    if (rv_names[i].rv == rv) return rv_names[i].name;
  snprintf(buf, cap, "0x%lx", (unsigned long)rv);
  return buf;
}

/* ---- the request log --------------------------------------------------------------------- */

static uint64_t ms_since_start(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  int64_t ms = (int64_t)(now.tv_sec - started.tv_sec) * 1000 +
               (now.tv_nsec - started.tv_nsec) / 1000000;
  return ms < 0 ? 0 : (uint64_t)ms;
}

/* Writes s as a quoted JSON string into dst (cap > 2). Paths and reasons are bytes from
 * outside, so quotes, backslashes and control characters are escaped; other bytes pass. */
static void json_string(char *dst, size_t cap, const char *s) {
  size_t o = 0;
  dst[o++] = '"';
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    char esc[8];
    size_t n;
    if (ch == '"' || ch == '\\')
      esc[0] = '\\', esc[1] = (char)ch, n = 2;
    else if (ch == '\n' || ch == '\t' || ch == '\r')
      esc[0] = '\\', esc[1] = ch == '\n' ? 'n' : ch == '\t' ? 't' : 'r', n = 2;
    else if (ch < 0x20 || ch == 0x7f)
      n = (size_t)snprintf(esc, sizeof esc, "\\u%04x", ch);
    else
      esc[0] = (char)ch, n = 1;
    if (o + n + 2 > cap) break; /* room for the closing quote and NUL */
    memcpy(dst + o, esc, n);
    o += n;
  }
  dst[o++] = '"';
  dst[o] = '\0';
}

/* Appends one event. fmt gives the keys after "seq" and "t", starting with ,"event":...
 * The whole line goes out in one write() so that a reader never sees half of it. */
__attribute__((format(printf, 1, 2))) static void log_event(const char *fmt, ...) {
  char line[2048];
  int n = snprintf(line, sizeof line, "{\"seq\":%" PRIu64 ",\"t\":%" PRIu64, ++log_seq,
                   ms_since_start());
  va_list ap;
  va_start(ap, fmt);
  n += vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
  va_end(ap);
  if ((size_t)n + 3 > sizeof line) n = (int)sizeof line - 3; /* never happens: inputs are short */
  memcpy(line + n, "}\n", 3);
  if (write(log_fd, line, (size_t)n + 2) < 0)
    fprintf(stderr, PROGRAM ": writing %s: %s\n", opt.log_path, strerror(errno));
}

/* An OpenSSL call failed: say which on stderr (the request line records CKR_DEVICE_ERROR). */
static CK_RV openssl_failed(const char *what) {
  unsigned long e = ERR_get_error();
  char msg[256] = "no OpenSSL error queued";
  if (e) ERR_error_string_n(e, msg, sizeof msg);
  fprintf(stderr, PROGRAM ": %s failed: %s\n", what, msg);
  ERR_clear_error();
  return CKR_DEVICE_ERROR;
}

/* ---- connections ------------------------------------------------------------------------- */

static void conn_free(struct conn *c) {
  close(c->fd);
  conns[c->slot] = NULL;
  OPENSSL_cleanse(c, sizeof *c); /* the buffer may hold a PIN from LOGIN */
  free(c);
}

static void log_close(const struct conn *c, const char *reason) {
  char r[512];
  json_string(r, sizeof r, reason);
  log_event(",\"event\":\"close\",\"conn\":%" PRIu32 ",\"reason\":%s", c->id, r);
}

static void conn_close(struct conn *c, const char *reason) {
  log_close(c, reason);
  conn_free(c);
}

static void conn_close_errno(struct conn *c, int err) {
  char reason[160];
  snprintf(reason, sizeof reason, "error: %s", strerror(err));
  conn_close(c, reason);
}

/* ---- token operations -------------------------------------------------------------------- */

/* A request body is well formed when it parsed without running out and nothing is left. */
static int body_ok(const struct ref_buf *b) { return !b->bad && b->pos == b->len; }

/* Compares a candidate PIN with ours in time that depends only on the candidate's length. */
static int pin_matches(const uint8_t *cand, size_t n) {
  unsigned diff = n != pin_len;
  for (size_t i = 0; i < n; i++) diff |= cand[i] ^ (uint8_t)pin[i % pin_len];
  return diff == 0;
}

static struct object *find_object(uint32_t handle) {
  if (handle == 0 || handle > n_objects) return NULL;
  return &objects[handle - 1];
}

/* A private object does not exist for a connection that is not logged in. */
static int visible(const struct conn *c, const struct object *o) {
  return c->logged_in || !(o->flags & REF_OBJ_PRIVATE);
}

static void put_blank_padded(struct ref_buf *b, const char *s, size_t width) {
  char field[64];
  size_t n = strlen(s);
  if (n > width) n = width;
  memset(field, ' ', width);
  memcpy(field, s, n);
  ref_put_bytes(b, field, width);
}

static CK_RV op_token_info(struct conn *c) {
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  char serial[32]; /* pids have at most 7 digits (pid_max <= 2^22): "p11ref-" fits in 16 */
  snprintf(serial, sizeof serial, "p11ref-%ld", (long)getpid());
  ref_put_u32(&rep, (uint32_t)c->logged_in);
  put_blank_padded(&rep, opt.label, REF_LABEL_LEN);
  put_blank_padded(&rep, serial, SERIAL_LEN);
  ref_put_u32(&rep, (uint32_t)n_objects);
  return CKR_OK;
}

static CK_RV op_login(struct conn *c) {
  size_t n;
  const uint8_t *cand = ref_get_bytes(&req, &n);
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  if (c->logged_in) return CKR_USER_ALREADY_LOGGED_IN;
  if (!pin_matches(cand, n)) return CKR_PIN_INCORRECT;
  c->logged_in = 1;
  return CKR_OK;
}

static CK_RV op_logout(struct conn *c) {
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  if (!c->logged_in) return CKR_USER_NOT_LOGGED_IN;
  c->logged_in = 0;
  return CKR_OK;
}

static CK_RV op_list_objects(struct conn *c) {
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  uint32_t count = 0;
  for (size_t i = 0; i < n_objects; i++) count += (uint32_t)visible(c, &objects[i]);
  ref_put_u32(&rep, count);
  for (size_t i = 0; i < n_objects; i++) {
    const struct object *o = &objects[i];
    if (!visible(c, o)) continue;
    ref_put_u32(&rep, o->handle);
    ref_put_u32(&rep, o->class);
    ref_put_u32(&rep, o->key_type);
    ref_put_u32(&rep, o->flags);
    ref_put_bytes(&rep, o->label, o->label_len);
    ref_put_bytes(&rep, o->id, o->id_len);
  }
  return CKR_OK;
}

static CK_RV op_get_object(struct conn *c) {
  /* DER of the OID prime256v1 (1.2.840.10045.3.1.7): the value of CKA_EC_PARAMS. */
  static const uint8_t p256_oid[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
  uint32_t handle = ref_get_u32(&req);
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  const struct object *o = find_object(handle);
  if (!o || !visible(c, o)) return CKR_OBJECT_HANDLE_INVALID;
  ref_put_u32(&rep, o->class);
  ref_put_u32(&rep, o->key_type);
  ref_put_u32(&rep, o->flags);
  ref_put_bytes(&rep, o->label, o->label_len);
  ref_put_bytes(&rep, o->id, o->id_len);
  ref_put_bytes(&rep, p256_oid, sizeof p256_oid);
  if (o->class == CKO_PUBLIC_KEY) {
    /* CKA_EC_POINT is the point wrapped in a DER OCTET STRING: 04 (tag) 41 (length 65). */
    uint8_t der[2 + P256_POINT_LEN] = {0x04, P256_POINT_LEN};
    memcpy(der + 2, o->point, P256_POINT_LEN);
    ref_put_bytes(&rep, der, sizeof der);
  } else {
    ref_put_bytes(&rep, NULL, 0);
  }
  return CKR_OK;
}

static void object_init(struct object *o, uint32_t class, uint32_t flags, EVP_PKEY *pkey,
                        const uint8_t *label, size_t label_len, const uint8_t *id,
                        size_t id_len) {
  memset(o, 0, sizeof *o);
  o->handle = (uint32_t)(o - objects) + 1;
  o->class = class;
  o->key_type = (uint32_t)CKK_EC;
  o->flags = flags;
  o->pkey = pkey;
  if (label_len) memcpy(o->label, label, label_len);
  if (id_len) memcpy(o->id, id, id_len);
  o->label_len = label_len;
  o->id_len = id_len;
}

static CK_RV op_generate_key_pair(struct conn *c) {
  size_t label_len, id_len;
  const uint8_t *label = ref_get_bytes(&req, &label_len);
  const uint8_t *id = ref_get_bytes(&req, &id_len);
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  if (!c->logged_in) return CKR_USER_NOT_LOGGED_IN;
  if (label_len > MAX_OBJ_LABEL || id_len > MAX_OBJ_ID) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (n_objects + 2 > MAX_OBJECTS) return CKR_DEVICE_MEMORY;

  EVP_PKEY *pkey = EVP_EC_gen("P-256");
  if (!pkey) return openssl_failed("EVP_EC_gen");
  uint8_t point[P256_POINT_LEN];
  size_t point_len = 0;
  if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                      &point_len) != 1 ||
      point_len != P256_POINT_LEN || point[0] != 0x04 || EVP_PKEY_up_ref(pkey) != 1) {
    EVP_PKEY_free(pkey);
    return openssl_failed("reading the public point");
  }
  struct object *pub = &objects[n_objects++], *priv = &objects[n_objects++];
  object_init(pub, (uint32_t)CKO_PUBLIC_KEY, REF_OBJ_VERIFY, pkey, label, label_len, id, id_len);
  memcpy(pub->point, point, sizeof point);
  object_init(priv, (uint32_t)CKO_PRIVATE_KEY, REF_OBJ_PRIVATE | REF_OBJ_SIGN | REF_OBJ_SENSITIVE,
              pkey, label, label_len, id, id_len);
  ref_put_u32(&rep, pub->handle);
  ref_put_u32(&rep, priv->handle);
  return CKR_OK;
}

/* The bytes ECDSA works on: the data itself for CKM_ECDSA (a hash of any length: ECDSA uses
 * its leftmost 256 bits, as PKCS#11 says), or its SHA-256 (in md) for CKM_ECDSA_SHA256. */
static CK_RV ecdsa_input(uint32_t mech, const uint8_t *data, size_t n, uint8_t md[32],
                         const uint8_t **tbs, size_t *tbs_len) {
  if (mech == CKM_ECDSA) {
    *tbs = data, *tbs_len = n;
    return CKR_OK;
  }
  if (mech == CKM_ECDSA_SHA256) {
    unsigned int len = 0;
    if (EVP_Digest(data, n, md, &len, EVP_sha256(), NULL) != 1) return openssl_failed("SHA-256");
    *tbs = md, *tbs_len = len;
    return CKR_OK;
  }
  return CKR_MECHANISM_INVALID;
}

/* OpenSSL speaks DER ECDSA-Sig-Value; PKCS#11 speaks r || s, each left-padded to 32 bytes. */
static CK_RV ecdsa_sign(EVP_PKEY *key, const uint8_t *tbs, size_t n, uint8_t out[P256_SIG_LEN]) {
  CK_RV rv = CKR_DEVICE_ERROR;
  uint8_t der[128];
  size_t der_len = sizeof der;
  ECDSA_SIG *sig = NULL;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
  if (!ctx || EVP_PKEY_sign_init(ctx) != 1 || EVP_PKEY_sign(ctx, der, &der_len, tbs, n) != 1) {
    rv = openssl_failed("EVP_PKEY_sign");
    goto out;
  }
  const unsigned char *p = der;
  sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
  if (!sig || BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + 32, 32) != 32) {
    rv = openssl_failed("converting the signature");
    goto out;
  }
  rv = CKR_OK;
out:
  ECDSA_SIG_free(sig);
  EVP_PKEY_CTX_free(ctx);
  return rv;
}

static CK_RV ecdsa_verify(EVP_PKEY *key, const uint8_t *tbs, size_t n,
                          const uint8_t sig_rs[P256_SIG_LEN]) {
  CK_RV rv = CKR_DEVICE_ERROR;
  unsigned char *der = NULL;
  EVP_PKEY_CTX *ctx = NULL;
  ECDSA_SIG *sig = ECDSA_SIG_new();
  BIGNUM *r = BN_bin2bn(sig_rs, 32, NULL), *s = BN_bin2bn(sig_rs + 32, 32, NULL);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r), BN_free(s);
    rv = openssl_failed("building the signature");
    goto out;
  }
  int der_len = i2d_ECDSA_SIG(sig, &der);
  ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
  if (der_len <= 0 || !ctx || EVP_PKEY_verify_init(ctx) != 1) {
    rv = openssl_failed("EVP_PKEY_verify_init");
    goto out;
  }
  /* 1: good; 0 (or less, for values such as r = 0 that OpenSSL refuses to check): bad. */
  rv = EVP_PKEY_verify(ctx, der, (size_t)der_len, tbs, n) == 1 ? CKR_OK : CKR_SIGNATURE_INVALID;
  ERR_clear_error();
out:
  OPENSSL_free(der);
  EVP_PKEY_CTX_free(ctx);
  ECDSA_SIG_free(sig);
  return rv;
}

static CK_RV op_sign(struct conn *c) {
  uint32_t handle = ref_get_u32(&req), mech = ref_get_u32(&req);
  size_t n;
  const uint8_t *data = ref_get_bytes(&req, &n);
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  /* Signing keys are private objects: without a login there is nothing to sign with. */
  if (!c->logged_in) return CKR_USER_NOT_LOGGED_IN;
  const struct object *o = find_object(handle);
  if (!o || o->class != CKO_PRIVATE_KEY || !(o->flags & REF_OBJ_SIGN))
    return CKR_KEY_HANDLE_INVALID;
  uint8_t md[32], sig[P256_SIG_LEN];
  const uint8_t *tbs;
  size_t tbs_len;
  CK_RV rv = ecdsa_input(mech, data, n, md, &tbs, &tbs_len);
  if (rv == CKR_OK) rv = ecdsa_sign(o->pkey, tbs, tbs_len, sig);
  if (rv == CKR_OK) ref_put_bytes(&rep, sig, sizeof sig);
  return rv;
}

static CK_RV op_verify(struct conn *c) {
  (void)c; /* public keys: no login needed */
  uint32_t handle = ref_get_u32(&req), mech = ref_get_u32(&req);
  size_t n, sig_len;
  const uint8_t *data = ref_get_bytes(&req, &n);
  const uint8_t *sig = ref_get_bytes(&req, &sig_len);
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  const struct object *o = find_object(handle);
  if (!o || o->class != CKO_PUBLIC_KEY || !(o->flags & REF_OBJ_VERIFY))
    return CKR_KEY_HANDLE_INVALID;
  if (mech != CKM_ECDSA && mech != CKM_ECDSA_SHA256) return CKR_MECHANISM_INVALID;
  if (sig_len != P256_SIG_LEN) return CKR_SIGNATURE_LEN_RANGE;
  uint8_t md[32];
  const uint8_t *tbs;
  size_t tbs_len;
  CK_RV rv = ecdsa_input(mech, data, n, md, &tbs, &tbs_len);
  return rv == CKR_OK ? ecdsa_verify(o->pkey, tbs, tbs_len, sig) : rv;
}

static CK_RV op_digest(struct conn *c) {
  (void)c;
  uint32_t mech = ref_get_u32(&req);
  size_t n;
  const uint8_t *data = ref_get_bytes(&req, &n);
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  if (mech != CKM_SHA256) return CKR_MECHANISM_INVALID;
  uint8_t md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data, n, md, &len, EVP_sha256(), NULL) != 1) return openssl_failed("SHA-256");
  ref_put_bytes(&rep, md, len);
  return CKR_OK;
}

static CK_RV op_random(struct conn *c) {
  (void)c;
  uint32_t n = ref_get_u32(&req);
  if (!body_ok(&req) || n > REF_MAX_BODY - 4) return CKR_ARGUMENTS_BAD;
  /* Write the bytes item in place: its length, then RAND_bytes straight into the body. */
  ref_put_u32(&rep, n);
  if (n && RAND_bytes(rep.data + rep.len, (int)n) != 1) return openssl_failed("RAND_bytes");
  rep.len += n;
  return CKR_OK;
}

static CK_RV op_clone_login(struct conn *c) {
  size_t n;
  const uint8_t *ticket = ref_get_bytes(&req, &n);
  if (!body_ok(&req) || n != REF_TICKET_LEN) return CKR_ARGUMENTS_BAD;
  for (size_t i = 0; i < MAX_CONNS; i++) {
    const struct conn *other = conns[i];
    /* Only a live connection of the same user can lend its login. */
    if (!other || other == c || other->peer_uid != c->peer_uid) continue;
    if (CRYPTO_memcmp(other->ticket, ticket, REF_TICKET_LEN) != 0) continue;
    c->logged_in = other->logged_in;
    ref_put_u32(&rep, (uint32_t)c->logged_in);
    return CKR_OK;
  }
  return CKR_ARGUMENTS_BAD;
}

static CK_RV op_bye(struct conn *c) {
  if (!body_ok(&req)) return CKR_ARGUMENTS_BAD;
  c->logged_in = 0;
  return CKR_OK;
}

typedef CK_RV (*op_handler)(struct conn *c);

static const op_handler handlers[] = {
    [REF_OP_TOKEN_INFO] = op_token_info,
    [REF_OP_LOGIN] = op_login,
    [REF_OP_LOGOUT] = op_logout,
    [REF_OP_LIST_OBJECTS] = op_list_objects,
    [REF_OP_GET_OBJECT] = op_get_object,
    [REF_OP_GENERATE_KEY_PAIR] = op_generate_key_pair,
    [REF_OP_SIGN] = op_sign,
    [REF_OP_VERIFY] = op_verify,
    [REF_OP_DIGEST] = op_digest,
    [REF_OP_RANDOM] = op_random,
    [REF_OP_CLONE_LOGIN] = op_clone_login,
    [REF_OP_BYE] = op_bye,
};

/* Handles one complete request from `sender`. Returns 0, or -1 when the connection is gone. */
static int handle_request(struct conn *c, const struct ref_header *h, const uint8_t *body,
                          pid_t sender) {
  ref_buf_reset(&req);
  ref_buf_reset(&rep);
  memcpy(req.data, body, h->length);
  req.len = h->length;

  op_handler fn = h->op < sizeof handlers / sizeof handlers[0] ? handlers[h->op] : NULL;
  CK_RV rv = fn ? fn(c) : CKR_FUNCTION_NOT_SUPPORTED;
  if (rv == CKR_OK && rep.bad) rv = CKR_DEVICE_ERROR; /* a reply that does not fit: our bug */
  OPENSSL_cleanse(req.data, req.len); /* it may have held a PIN */

  /* Log before replying: when the module has its answer, the line is already on disk. */
  char hex[24];
  log_event(",\"event\":\"request\",\"conn\":%" PRIu32 ",\"pid\":%ld,\"op\":\"%s\",\"rv\":\"%s\"",
            c->id, (long)sender, ref_op_name(h->op), rv_name(rv, hex, sizeof hex));

  if (h->op == REF_OP_BYE && rv == CKR_OK) {
    /* Same reason: the close is on record before the module sees the reply. A peer already
     * gone does not matter here, the connection ends either way. */
    log_close(c, "bye");
    ref_send(c->fd, h->op, (uint32_t)rv, NULL);
    conn_free(c);
    return -1;
  }
  if (ref_send(c->fd, h->op, (uint32_t)rv, rv == CKR_OK ? &rep : NULL) != 0) {
    conn_close_errno(c, errno);
    return -1;
  }
  return 0;
}

/* ---- reading and framing ----------------------------------------------------------------- */

/* The sender's pid from the SCM_CREDENTIALS of one recvmsg, or 0. Descriptors someone passed
 * with SCM_RIGHTS are closed: we never asked for them. */
static pid_t chunk_sender(struct msghdr *msg) {
  pid_t pid = 0;
  for (struct cmsghdr *cm = CMSG_FIRSTHDR(msg); cm; cm = CMSG_NXTHDR(msg, cm)) {
    if (cm->cmsg_level != SOL_SOCKET) continue;
    if (cm->cmsg_type == SCM_CREDENTIALS && cm->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
      struct ucred cred;
      memcpy(&cred, CMSG_DATA(cm), sizeof cred);
      pid = cred.pid;
    } else if (cm->cmsg_type == SCM_RIGHTS) {
      size_t nfd = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < nfd; i++) {
        int fd;
        memcpy(&fd, CMSG_DATA(cm) + i * sizeof fd, sizeof fd);
        close(fd);
      }
    }
  }
  return pid;
}

/* Handles every complete message in the buffer after a chunk from `sender` arrived.
 * Between reads the buffer holds less than one message, so the first message started in an
 * earlier chunk (head_pid) and every later one starts inside this chunk (sender). */
static void drain_messages(struct conn *c, pid_t sender) {
  size_t off = 0;
  pid_t pid = c->head_pid;
  while (c->in_len - off >= sizeof(struct ref_header)) {
    struct ref_header h;
    memcpy(&h, c->in + off, sizeof h);
    if (h.length > REF_MAX_BODY || h.status != 0) {
      conn_close(c, "protocol error");
      return;
    }
    if (c->in_len - off - sizeof h < h.length) break;
    if (handle_request(c, &h, c->in + off + sizeof h, pid) != 0) return;
    off += sizeof h + h.length;
    pid = sender;
  }
  memmove(c->in, c->in + off, c->in_len - off);
  c->in_len -= off;
  OPENSSL_cleanse(c->in + c->in_len, off); /* handled requests may have carried a PIN */
  c->head_pid = pid;
}

static void conn_readable(struct conn *c) {
  /* Room for our credentials and a few unwanted descriptors (closed in chunk_sender). */
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(16 * sizeof(int))];
  } control;
  struct iovec iov = {c->in + c->in_len, sizeof c->in - c->in_len};
  struct msghdr msg = {.msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = control.buf,
                       .msg_controllen = sizeof control.buf};
  ssize_t n = recvmsg(c->fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) conn_close_errno(c, errno);
    return;
  }
  if (n == 0) {
    log_event(",\"event\":\"eof\",\"conn\":%" PRIu32, c->id);
    conn_close(c, "eof");
    return;
  }
  /* Linux ends a stream recvmsg where the sender's credentials change, so one pid per chunk. */
  pid_t sender = chunk_sender(&msg);
  if (c->in_len == 0) c->head_pid = sender;
  c->in_len += (size_t)n;
  drain_messages(c, sender);
}

/* ---- accepting --------------------------------------------------------------------------- */

static void reject(int fd, const struct ucred *cred, const char *reason) {
  char r[256];
  json_string(r, sizeof r, reason);
  log_event(",\"event\":\"reject\",\"pid\":%ld,\"uid\":%lu,\"reason\":%s", (long)cred->pid,
            (unsigned long)cred->uid, r);
  close(fd);
}

static int set_passcred(int fd) {
  int on = 1;
  return setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
}

static void accept_one(void) {
  int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
      fprintf(stderr, PROGRAM ": accept4: %s\n", strerror(errno));
    return;
  }
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
    fprintf(stderr, PROGRAM ": SO_PEERCRED: %s\n", strerror(errno));
    close(fd);
    return;
  }
  /* The token belongs to the user running the daemon; nobody else may talk to it. */
  uid_t me = geteuid();
  if (cred.uid != me) {
    char reason[96];
    snprintf(reason, sizeof reason, "peer uid %lu is not %lu", (unsigned long)cred.uid,
             (unsigned long)me);
    reject(fd, &cred, reason);
    return;
  }
  size_t slot = 0;
  while (slot < MAX_CONNS && conns[slot]) slot++;
  if (slot == MAX_CONNS) {
    reject(fd, &cred, "too many connections");
    return;
  }
  /* Before the greeting: the module's first request must already carry credentials. */
  if (set_passcred(fd) != 0) {
    fprintf(stderr, PROGRAM ": SO_PASSCRED: %s\n", strerror(errno));
    close(fd);
    return;
  }
  struct conn *c = calloc(1, sizeof *c);
  if (!c || RAND_bytes(c->ticket, REF_TICKET_LEN) != 1) {
    if (c) openssl_failed("RAND_bytes");
    free(c);
    close(fd);
    return;
  }
  c->fd = fd;
  c->slot = slot;
  c->id = next_conn_id++;
  c->peer_pid = cred.pid;
  c->peer_uid = cred.uid;
  conns[slot] = c;
  log_event(",\"event\":\"connect\",\"conn\":%" PRIu32 ",\"pid\":%ld,\"uid\":%lu", c->id,
            (long)cred.pid, (unsigned long)cred.uid);

  ref_buf_reset(&rep);
  ref_put_u32(&rep, c->id);
  ref_put_u32(&rep, REF_PROTOCOL_VERSION);
  ref_put_bytes(&rep, c->ticket, REF_TICKET_LEN);
  if (ref_send(fd, REF_OP_GREETING, CKR_OK, &rep) != 0) conn_close_errno(c, errno);
}

/* ---- start-up ---------------------------------------------------------------------------- */

static void usage(int code) {
  fprintf(code ? stderr : stdout,
          "usage: " PROGRAM " --socket PATH --log PATH [options]\n"
          "  --socket PATH       Unix stream socket to listen on (created mode 0600)\n"
          "  --log PATH          request log, one JSON object per line (appended)\n"
          "  --label LABEL       token label, at most 32 bytes (default: forktest)\n"
          "  --pin-env NAME      environment variable holding the user PIN\n"
          "                      (default: P11REF_USER_PIN)\n"
          "  --die-with-parent   exit (cleanly) when the process that started us exits\n"
          "  --help              this text\n"
          "A teaching template, not a secure token: keys live in memory only.\n");
  exit(code);
}

static void bad_usage(const char *msg) {
  if (msg) fprintf(stderr, PROGRAM ": %s\n", msg);
  fprintf(stderr, "Try '" PROGRAM " --help'.\n");
  exit(2);
}

static void parse_args(int argc, char **argv) {
  static const struct option longopts[] = {
      {"socket", required_argument, NULL, 's'},    {"log", required_argument, NULL, 'l'},
      {"label", required_argument, NULL, 'L'},     {"pin-env", required_argument, NULL, 'p'},
      {"die-with-parent", no_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  int ch;
  while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
    switch (ch) {
    case 's': opt.socket_path = optarg; break;
    case 'l': opt.log_path = optarg; break;
    case 'L': opt.label = optarg; break;
    case 'p': opt.pin_env = optarg; break;
    case 'd': opt.die_with_parent = 1; break;
    case 'h': usage(0); break;
    default: bad_usage(NULL); /* getopt_long already said what was wrong */
    }
  }
  if (optind != argc) bad_usage("unexpected argument");
  if (!opt.socket_path || !*opt.socket_path) bad_usage("--socket PATH is required");
  if (!opt.log_path || !*opt.log_path) bad_usage("--log PATH is required");
  if (strlen(opt.socket_path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
    bad_usage("--socket PATH is too long for a Unix socket");
  if (strlen(opt.label) > REF_LABEL_LEN) bad_usage("--label is longer than 32 bytes");
  if (!*opt.pin_env) bad_usage("--pin-env NAME is empty");
}

static void on_signal(int sig) {
  int saved = errno;
  unsigned char b = (unsigned char)sig;
  ssize_t ignored = write(sig_pipe[1], &b, 1); /* a full pipe already holds a wake-up */
  (void)ignored;
  errno = saved;
}

/* Signals only write a byte to a pipe that the poll loop watches. */
static void setup_signals(void) {
  if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    perror(PROGRAM ": pipe2");
    exit(1);
  }
  struct sigaction sa = {.sa_handler = on_signal};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  /* ref_send uses MSG_NOSIGNAL; this covers a closed stdout or log pipe. */
  signal(SIGPIPE, SIG_IGN);
}

static void die_with_parent(void) {
  pid_t parent = getppid();
  if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) {
    perror(PROGRAM ": prctl(PR_SET_PDEATHSIG)");
    exit(1);
  }
  /* The parent may have gone before prctl: then no signal will ever come. */
  if (getppid() != parent) {
    fprintf(stderr, PROGRAM ": parent already exited\n");
    exit(1);
  }
}

static void read_pin(void) {
  const char *p = getenv(opt.pin_env);
  if (!p || !*p) {
    fprintf(stderr, PROGRAM ": set the user PIN in $%s\n", opt.pin_env);
    exit(2);
  }
  pin_len = strlen(p);
  pin = strdup(p);
  if (!pin) {
    perror(PROGRAM ": strdup");
    exit(1);
  }
}

static void open_log(void) {
  log_fd = open(opt.log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) {
    fprintf(stderr, PROGRAM ": %s: %s\n", opt.log_path, strerror(errno));
    exit(1);
  }
}

static void listen_socket(void) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  strcpy(addr.sun_path, opt.socket_path); /* length checked in parse_args */

  /* Replace a socket a previous run left behind, but never delete anything else. */
  struct stat st;
  if (lstat(opt.socket_path, &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      fprintf(stderr, PROGRAM ": %s exists and is not a socket\n", opt.socket_path);
      exit(1);
    }
    unlink(opt.socket_path);
  }

  listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (listen_fd < 0) {
    perror(PROGRAM ": socket");
    exit(1);
  }
  /* bind creates the file: the umask makes it 0600 from the start, chmod makes sure. */
  mode_t old_mask = umask(0177);
  int bound = bind(listen_fd, (struct sockaddr *)&addr, sizeof addr);
  int bind_errno = errno;
  umask(old_mask);
  if (bound != 0) {
    fprintf(stderr, PROGRAM ": bind %s: %s\n", opt.socket_path, strerror(bind_errno));
    exit(1);
  }
  if (chmod(opt.socket_path, 0600) != 0 || lstat(opt.socket_path, &st) != 0 ||
      set_passcred(listen_fd) != 0 || listen(listen_fd, 64) != 0) {
    fprintf(stderr, PROGRAM ": setting up %s: %s\n", opt.socket_path, strerror(errno));
    unlink(opt.socket_path);
    exit(1);
  }
  sock_dev = st.st_dev;
  sock_ino = st.st_ino;
}

/* ---- running and stopping ---------------------------------------------------------------- */

static void stop(void) {
  log_event(",\"event\":\"stop\"");
  struct stat st;
  if (lstat(opt.socket_path, &st) == 0 && st.st_dev == sock_dev && st.st_ino == sock_ino)
    unlink(opt.socket_path);
  close(listen_fd);
  for (size_t i = 0; i < MAX_CONNS; i++)
    if (conns[i]) conn_free(conns[i]);
  for (size_t i = 0; i < n_objects; i++) EVP_PKEY_free(objects[i].pkey);
  OPENSSL_cleanse(pin, pin_len);
  free(pin);
  close(log_fd);
}

static void run(void) {
  struct pollfd pfd[2 + MAX_CONNS];
  size_t polled[2 + MAX_CONNS]; /* pfd index -> conns[] slot */
  for (;;) {
    size_t n = 0;
    pfd[n++] = (struct pollfd){sig_pipe[0], POLLIN, 0};
    pfd[n++] = (struct pollfd){listen_fd, POLLIN, 0};
    for (size_t i = 0; i < MAX_CONNS; i++) {
      if (!conns[i]) continue;
      polled[n] = i;
      pfd[n++] = (struct pollfd){conns[i]->fd, POLLIN, 0};
    }
    if (poll(pfd, n, -1) < 0) {
      if (errno == EINTR) continue;
      perror(PROGRAM ": poll");
      return;
    }
    if (pfd[0].revents) return; /* SIGTERM or SIGINT */
    /* Connections before the listener, so a slot freed in this round stays empty until the
     * next one. Only a connection's own request closes it: an empty slot was that one. */
    for (size_t i = 2; i < n; i++)
      if (pfd[i].revents && conns[polled[i]]) conn_readable(conns[polled[i]]);
    if (pfd[1].revents & POLLIN) accept_one();
  }
}

int main(int argc, char **argv) {
  parse_args(argc, argv);
  setup_signals();
  if (opt.die_with_parent) die_with_parent();
  read_pin();
  open_log();
  listen_socket();

  clock_gettime(CLOCK_MONOTONIC, &started); /* t counts from the moment we listen */
  char path[1024];
  json_string(path, sizeof path, opt.socket_path);
  log_event(",\"event\":\"listen\",\"socket\":%s,\"pid\":%ld", path, (long)getpid());
  printf("P11REF-READY socket=%s pid=%ld\n", opt.socket_path, (long)getpid());
  fflush(stdout);

  run();
  stop();
  return 0;
}
