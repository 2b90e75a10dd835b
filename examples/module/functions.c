/* functions.c - the PKCS#11 functions of the reference module.
 *
 * Ordinary module code, with nothing about fork in it: every function starts with ref_enter()
 * (lifecycle.c), which answers CKR_CRYPTOKI_NOT_INITIALIZED in a forked child, and ends with
 * ref_leave(). The token - keys, PIN, login state - is in the daemon; sessions, searches and
 * operations in progress are kept here, per process.
 * One slot, one token, ECDSA P-256 (CKM_ECDSA, CKM_ECDSA_SHA256), SHA-256, random numbers.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <string.h>

#include "p11ref.h"

#define LIBRARY_VERSION_MAJOR 1
#define LIBRARY_VERSION_MINOR 0
#define ECDSA_P256_SIGNATURE_LEN 64
#define SHA256_LEN 32

/* PKCS#11 text fields are blank padded, not NUL terminated. */
static void pad(unsigned char *field, size_t size, const char *text) {
  memset(field, ' ', size);
  size_t n = strlen(text);
  memcpy(field, text, n < size ? n : size);
}

static struct ref_session *find_session(struct ref_state *st, CK_SESSION_HANDLE h) {
  if (h < 1 || h > REF_MAX_SESSIONS || !st->sessions[h - 1].open) return NULL;
  return &st->sessions[h - 1];
}

/* Enter and look up the session in one step; on CKR_OK the state is locked. */
static CK_RV enter_session(CK_SESSION_HANDLE h, struct ref_state **st, struct ref_session **s) {
  CK_RV rv = ref_enter(st);
  if (rv != CKR_OK) return rv;
  *s = find_session(*st, h);
  if (!*s) {
    ref_leave(*st);
    return CKR_SESSION_HANDLE_INVALID;
  }
  return CKR_OK;
}

static CK_RV leave(struct ref_state *st, CK_RV rv) {
  ref_leave(st);
  return rv;
}

static size_t open_sessions(const struct ref_state *st, int rw_only) {
  size_t n = 0;
  for (size_t i = 0; i < REF_MAX_SESSIONS; i++)
    if (st->sessions[i].open && (!rw_only || (st->sessions[i].flags & CKF_RW_SESSION))) n++;
  return n;
}

/* ---- general, slot and token ------------------------------------------------------------- */

CK_RV ref_C_GetInfo(CK_INFO *info) {
  struct ref_state *st;
  CK_RV rv = ref_enter(&st);
  if (rv != CKR_OK) return rv;
  if (!info) return leave(st, CKR_ARGUMENTS_BAD);
  memset(info, 0, sizeof *info);
  info->cryptokiVersion.major = 3;
  info->cryptokiVersion.minor = 0;
  pad(info->manufacturerID, sizeof info->manufacturerID, "PKCS#11 Usage Guide companion");
  pad(info->libraryDescription, sizeof info->libraryDescription, "p11ref fork-aware reference");
  info->libraryVersion.major = LIBRARY_VERSION_MAJOR;
  info->libraryVersion.minor = LIBRARY_VERSION_MINOR;
  return leave(st, CKR_OK);
}

CK_RV ref_C_GetSlotList(CK_BBOOL token_present, CK_SLOT_ID *slots, CK_ULONG *count) {
  (void)token_present; /* the one slot always has its token */
  struct ref_state *st;
  CK_RV rv = ref_enter(&st);
  if (rv != CKR_OK) return rv;
  if (!count) return leave(st, CKR_ARGUMENTS_BAD);
  if (slots && *count < 1) rv = CKR_BUFFER_TOO_SMALL;
  else if (slots) slots[0] = REF_SLOT_ID;
  *count = 1;
  return leave(st, rv);
}

CK_RV ref_C_GetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO *info) {
  struct ref_state *st;
  CK_RV rv = ref_enter(&st);
  if (rv != CKR_OK) return rv;
  if (slot != REF_SLOT_ID) return leave(st, CKR_SLOT_ID_INVALID);
  if (!info) return leave(st, CKR_ARGUMENTS_BAD);
  memset(info, 0, sizeof *info);
  pad(info->slotDescription, sizeof info->slotDescription, "p11ref daemon connection");
  pad(info->manufacturerID, sizeof info->manufacturerID, "PKCS#11 Usage Guide companion");
  info->flags = CKF_TOKEN_PRESENT;
  info->hardwareVersion.major = info->firmwareVersion.major = LIBRARY_VERSION_MAJOR;
  return leave(st, CKR_OK);
}

CK_RV ref_C_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO *info) {
  struct ref_state *st;
  CK_RV rv = ref_enter(&st);
  if (rv != CKR_OK) return rv;
  if (slot != REF_SLOT_ID) return leave(st, CKR_SLOT_ID_INVALID);
  if (!info) return leave(st, CKR_ARGUMENTS_BAD);
  ref_buf_reset(&st->req);
  rv = ref_call(st, REF_OP_TOKEN_INFO);
  if (rv != CKR_OK) return leave(st, rv);
  memset(info, 0, sizeof *info);
  st->logged_in = (int)ref_get_u32(&st->rep);
  ref_get_copy(&st->rep, info->label, sizeof info->label);
  ref_get_copy(&st->rep, info->serialNumber, sizeof info->serialNumber);
  (void)ref_get_u32(&st->rep); /* object count */
  if (st->rep.bad) return leave(st, CKR_DEVICE_ERROR);
  pad(info->manufacturerID, sizeof info->manufacturerID, "PKCS#11 Usage Guide companion");
  pad(info->model, sizeof info->model, "p11ref-daemon");
  info->flags = CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED;
  info->ulMaxSessionCount = info->ulMaxRwSessionCount = REF_MAX_SESSIONS;
  info->ulSessionCount = open_sessions(st, 0);
  info->ulRwSessionCount = open_sessions(st, 1);
  info->ulMaxPinLen = 64;
  info->ulMinPinLen = 4;
  info->ulTotalPublicMemory = info->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
  info->ulTotalPrivateMemory = info->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
  info->hardwareVersion.major = info->firmwareVersion.major = LIBRARY_VERSION_MAJOR;
  return leave(st, CKR_OK);
}

static const CK_MECHANISM_TYPE mechanisms[] = {CKM_EC_KEY_PAIR_GEN, CKM_ECDSA, CKM_ECDSA_SHA256,
                                               CKM_SHA256};
#define MECHANISM_COUNT (sizeof mechanisms / sizeof mechanisms[0])

CK_RV ref_C_GetMechanismList(CK_SLOT_ID slot, CK_MECHANISM_TYPE *list, CK_ULONG *count) {
  struct ref_state *st;
  CK_RV rv = ref_enter(&st);
  if (rv != CKR_OK) return rv;
  if (slot != REF_SLOT_ID) return leave(st, CKR_SLOT_ID_INVALID);
  if (!count) return leave(st, CKR_ARGUMENTS_BAD);
  if (list && *count < MECHANISM_COUNT) rv = CKR_BUFFER_TOO_SMALL;
  else if (list) memcpy(list, mechanisms, sizeof mechanisms);
  *count = MECHANISM_COUNT;
  return leave(st, rv);
}

CK_RV ref_C_GetMechanismInfo(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO *info) {
  struct ref_state *st;
  CK_RV rv = ref_enter(&st);
  if (rv != CKR_OK) return rv;
  if (slot != REF_SLOT_ID) return leave(st, CKR_SLOT_ID_INVALID);
  if (!info) return leave(st, CKR_ARGUMENTS_BAD);
  memset(info, 0, sizeof *info);
  info->ulMinKeySize = info->ulMaxKeySize = 256;
  switch (type) {
  case CKM_EC_KEY_PAIR_GEN: info->flags = CKF_GENERATE_KEY_PAIR; break;
  case CKM_ECDSA:
  case CKM_ECDSA_SHA256: info->flags = CKF_SIGN | CKF_VERIFY; break;
  case CKM_SHA256: info->flags = CKF_DIGEST, info->ulMinKeySize = info->ulMaxKeySize = 0; break;
  default: rv = CKR_MECHANISM_INVALID;
  }
  return leave(st, rv);
}

/* ---- sessions and login ------------------------------------------------------------------- */

CK_RV ref_C_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, void *app, CK_NOTIFY notify,
                        CK_SESSION_HANDLE *handle) {
  (void)app, (void)notify; /* the module never calls back */
  struct ref_state *st;
  CK_RV rv = ref_enter(&st);
  if (rv != CKR_OK) return rv;
  if (slot != REF_SLOT_ID) return leave(st, CKR_SLOT_ID_INVALID);
  if (!(flags & CKF_SERIAL_SESSION)) return leave(st, CKR_SESSION_PARALLEL_NOT_SUPPORTED);
  if (!handle) return leave(st, CKR_ARGUMENTS_BAD);
  for (size_t i = 0; i < REF_MAX_SESSIONS; i++) {
    if (st->sessions[i].open) continue;
    memset(&st->sessions[i], 0, sizeof st->sessions[i]);
    st->sessions[i].open = 1;
    st->sessions[i].flags = flags & (CKF_SERIAL_SESSION | CKF_RW_SESSION);
    *handle = i + 1;
    return leave(st, CKR_OK);
  }
  return leave(st, CKR_SESSION_COUNT);
}

/* Closing the application's last session logs it out (PKCS#11 C_CloseSession). */
static void after_close(struct ref_state *st) {
  if (open_sessions(st, 0) > 0 || !st->logged_in) return;
  ref_buf_reset(&st->req);
  (void)ref_call(st, REF_OP_LOGOUT);
  st->logged_in = 0;
}

CK_RV ref_C_CloseSession(CK_SESSION_HANDLE h) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  s->open = 0;
  after_close(st);
  return leave(st, CKR_OK);
}

CK_RV ref_C_CloseAllSessions(CK_SLOT_ID slot) {
  struct ref_state *st;
  CK_RV rv = ref_enter(&st);
  if (rv != CKR_OK) return rv;
  if (slot != REF_SLOT_ID) return leave(st, CKR_SLOT_ID_INVALID);
  for (size_t i = 0; i < REF_MAX_SESSIONS; i++) st->sessions[i].open = 0;
  after_close(st);
  return leave(st, CKR_OK);
}

CK_RV ref_C_GetSessionInfo(CK_SESSION_HANDLE h, CK_SESSION_INFO *info) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!info) return leave(st, CKR_ARGUMENTS_BAD);
  int rw = (s->flags & CKF_RW_SESSION) != 0;
  info->slotID = REF_SLOT_ID;
  info->flags = s->flags;
  info->ulDeviceError = 0;
  if (st->logged_in) info->state = rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
  else info->state = rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
  return leave(st, CKR_OK);
}

CK_RV ref_C_Login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR *pin, CK_ULONG pin_len) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (user != CKU_USER) return leave(st, CKR_USER_TYPE_INVALID); /* no SO, no context user */
  if (!pin || pin_len > 64) return leave(st, CKR_ARGUMENTS_BAD);
  ref_buf_reset(&st->req);
  ref_put_bytes(&st->req, pin, pin_len);
  rv = ref_call(st, REF_OP_LOGIN);
  memset(st->req.data, 0, st->req.len); /* the PIN does not stay in the buffer */
  if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN) st->logged_in = 1;
  return leave(st, rv);
}

CK_RV ref_C_Logout(CK_SESSION_HANDLE h) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  ref_buf_reset(&st->req);
  rv = ref_call(st, REF_OP_LOGOUT);
  if (rv == CKR_OK || rv == CKR_USER_NOT_LOGGED_IN) st->logged_in = 0;
  return leave(st, rv);
}

/* ---- objects -------------------------------------------------------------------------------- */

/* What the daemon says about one object. */
struct object_info {
  CK_OBJECT_HANDLE handle;
  CK_OBJECT_CLASS cls;
  CK_KEY_TYPE key_type;
  uint32_t flags;
  unsigned char label[128], id[64], ec_params[16], ec_point[72];
  long label_len, id_len, ec_params_len, ec_point_len;
};

static void read_object_common(struct ref_buf *b, struct object_info *o) {
  o->cls = ref_get_u32(b);
  o->key_type = ref_get_u32(b);
  o->flags = ref_get_u32(b);
  o->label_len = ref_get_copy(b, o->label, sizeof o->label);
  o->id_len = ref_get_copy(b, o->id, sizeof o->id);
}

/* Compares one template attribute with an object; unknown attributes never match. */
static int attribute_matches(const struct object_info *o, const CK_ATTRIBUTE *a) {
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  const void *value = NULL;
  size_t len = 0;
  switch (a->type) {
  case CKA_CLASS: value = &o->cls, len = sizeof o->cls; break;
  case CKA_KEY_TYPE: value = &o->key_type, len = sizeof o->key_type; break;
  case CKA_LABEL: value = o->label, len = (size_t)o->label_len; break;
  case CKA_ID: value = o->id, len = (size_t)o->id_len; break;
  case CKA_TOKEN: value = &yes, len = sizeof yes; break;
  case CKA_PRIVATE: value = (o->flags & REF_OBJ_PRIVATE) ? &yes : &no, len = 1; break;
  case CKA_SIGN: value = (o->flags & REF_OBJ_SIGN) ? &yes : &no, len = 1; break;
  case CKA_VERIFY: value = (o->flags & REF_OBJ_VERIFY) ? &yes : &no, len = 1; break;
  default: return 0;
  }
  return a->ulValueLen == len && (len == 0 || (a->pValue && memcmp(a->pValue, value, len) == 0));
}

CK_RV ref_C_FindObjectsInit(CK_SESSION_HANDLE h, CK_ATTRIBUTE *tmpl, CK_ULONG n) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (s->find.active) return leave(st, CKR_OPERATION_ACTIVE);
  if (n > 0 && !tmpl) return leave(st, CKR_ARGUMENTS_BAD);
  ref_buf_reset(&st->req);
  rv = ref_call(st, REF_OP_LIST_OBJECTS);
  if (rv != CKR_OK) return leave(st, rv);
  uint32_t count = ref_get_u32(&st->rep);
  s->find.count = s->find.next = 0;
  for (uint32_t i = 0; i < count && !st->rep.bad; i++) {
    struct object_info o;
    o.handle = ref_get_u32(&st->rep);
    read_object_common(&st->rep, &o);
    int match = !st->rep.bad;
    for (CK_ULONG k = 0; k < n && match; k++) match = attribute_matches(&o, &tmpl[k]);
    if (match && s->find.count < REF_MAX_FOUND) s->find.found[s->find.count++] = o.handle;
  }
  if (st->rep.bad) return leave(st, CKR_DEVICE_ERROR);
  s->find.active = 1;
  return leave(st, CKR_OK);
}

CK_RV ref_C_FindObjects(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE *found, CK_ULONG max,
                        CK_ULONG *count) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!s->find.active) return leave(st, CKR_OPERATION_NOT_INITIALIZED);
  if (!found || !count) return leave(st, CKR_ARGUMENTS_BAD);
  *count = 0;
  while (*count < max && s->find.next < s->find.count) found[(*count)++] = s->find.found[s->find.next++];
  return leave(st, CKR_OK);
}

CK_RV ref_C_FindObjectsFinal(CK_SESSION_HANDLE h) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!s->find.active) return leave(st, CKR_OPERATION_NOT_INITIALIZED);
  s->find.active = 0;
  return leave(st, CKR_OK);
}

/* Copies one attribute value out, following C_GetAttributeValue's rules for each entry. */
static CK_RV put_attribute(CK_ATTRIBUTE *a, const void *value, size_t len) {
  if (!a->pValue) {
    a->ulValueLen = len;
    return CKR_OK;
  }
  if (a->ulValueLen < len) {
    a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
    return CKR_BUFFER_TOO_SMALL;
  }
  memcpy(a->pValue, value, len);
  a->ulValueLen = len;
  return CKR_OK;
}

CK_RV ref_C_GetAttributeValue(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE *tmpl,
                              CK_ULONG n) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (n > 0 && !tmpl) return leave(st, CKR_ARGUMENTS_BAD);
  ref_buf_reset(&st->req);
  ref_put_u32(&st->req, (uint32_t)obj);
  rv = ref_call(st, REF_OP_GET_OBJECT);
  if (rv != CKR_OK) return leave(st, rv);
  struct object_info o;
  o.handle = obj;
  read_object_common(&st->rep, &o);
  o.ec_params_len = ref_get_copy(&st->rep, o.ec_params, sizeof o.ec_params);
  o.ec_point_len = ref_get_copy(&st->rep, o.ec_point, sizeof o.ec_point);
  if (st->rep.bad) return leave(st, CKR_DEVICE_ERROR);
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  for (CK_ULONG i = 0; i < n; i++) {
    CK_ATTRIBUTE *a = &tmpl[i];
    CK_RV one = CKR_OK;
    switch (a->type) {
    case CKA_CLASS: one = put_attribute(a, &o.cls, sizeof o.cls); break;
    case CKA_KEY_TYPE: one = put_attribute(a, &o.key_type, sizeof o.key_type); break;
    case CKA_LABEL: one = put_attribute(a, o.label, (size_t)o.label_len); break;
    case CKA_ID: one = put_attribute(a, o.id, (size_t)o.id_len); break;
    case CKA_TOKEN: one = put_attribute(a, &yes, 1); break;
    case CKA_PRIVATE: one = put_attribute(a, (o.flags & REF_OBJ_PRIVATE) ? &yes : &no, 1); break;
    case CKA_SIGN: one = put_attribute(a, (o.flags & REF_OBJ_SIGN) ? &yes : &no, 1); break;
    case CKA_VERIFY: one = put_attribute(a, (o.flags & REF_OBJ_VERIFY) ? &yes : &no, 1); break;
    case CKA_SENSITIVE: one = put_attribute(a, (o.flags & REF_OBJ_SENSITIVE) ? &yes : &no, 1); break;
    case CKA_EC_PARAMS: one = put_attribute(a, o.ec_params, (size_t)o.ec_params_len); break;
    case CKA_EC_POINT:
      if (o.cls != CKO_PUBLIC_KEY) one = CKR_ATTRIBUTE_TYPE_INVALID;
      else one = put_attribute(a, o.ec_point, (size_t)o.ec_point_len);
      break;
    case CKA_VALUE: one = CKR_ATTRIBUTE_SENSITIVE; break;
    default: one = CKR_ATTRIBUTE_TYPE_INVALID;
    }
    if (one == CKR_ATTRIBUTE_SENSITIVE || one == CKR_ATTRIBUTE_TYPE_INVALID)
      a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
    /* Every entry is processed; the first problem is what the call returns. */
    if (one != CKR_OK && rv == CKR_OK) rv = one;
  }
  return leave(st, rv);
}

/* Finds an attribute in a template; NULL if absent. */
static const CK_ATTRIBUTE *attribute(const CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_ATTRIBUTE_TYPE t) {
  for (CK_ULONG i = 0; i < n; i++)
    if (tmpl[i].type == t) return &tmpl[i];
  return NULL;
}

CK_RV ref_C_GenerateKeyPair(CK_SESSION_HANDLE h, CK_MECHANISM *mech, CK_ATTRIBUTE *pub_tmpl,
                            CK_ULONG pub_n, CK_ATTRIBUTE *priv_tmpl, CK_ULONG priv_n,
                            CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv) {
  static const unsigned char p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!mech || !pub || !priv || (pub_n && !pub_tmpl) || (priv_n && !priv_tmpl))
    return leave(st, CKR_ARGUMENTS_BAD);
  if (mech->mechanism != CKM_EC_KEY_PAIR_GEN) return leave(st, CKR_MECHANISM_INVALID);
  if (!(s->flags & CKF_RW_SESSION)) return leave(st, CKR_SESSION_READ_ONLY);
  const CK_ATTRIBUTE *params = attribute(pub_tmpl, pub_n, CKA_EC_PARAMS);
  if (!params || params->ulValueLen != sizeof p256 || !params->pValue ||
      memcmp(params->pValue, p256, sizeof p256) != 0)
    return leave(st, CKR_TEMPLATE_INCONSISTENT); /* P-256 only */
  const CK_ATTRIBUTE *label = attribute(priv_tmpl, priv_n, CKA_LABEL);
  if (!label) label = attribute(pub_tmpl, pub_n, CKA_LABEL);
  const CK_ATTRIBUTE *id = attribute(priv_tmpl, priv_n, CKA_ID);
  if (!id) id = attribute(pub_tmpl, pub_n, CKA_ID);
  ref_buf_reset(&st->req);
  ref_put_bytes(&st->req, label ? label->pValue : NULL, label ? label->ulValueLen : 0);
  ref_put_bytes(&st->req, id ? id->pValue : NULL, id ? id->ulValueLen : 0);
  rv = ref_call(st, REF_OP_GENERATE_KEY_PAIR);
  if (rv != CKR_OK) return leave(st, rv);
  *pub = ref_get_u32(&st->rep);
  *priv = ref_get_u32(&st->rep);
  return leave(st, st->rep.bad ? CKR_DEVICE_ERROR : CKR_OK);
}

/* ---- digest ----------------------------------------------------------------------------------- */

CK_RV ref_C_DigestInit(CK_SESSION_HANDLE h, CK_MECHANISM *mech) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!mech) return leave(st, CKR_ARGUMENTS_BAD);
  if (s->digest.active) return leave(st, CKR_OPERATION_ACTIVE);
  if (mech->mechanism != CKM_SHA256) return leave(st, CKR_MECHANISM_INVALID);
  s->digest.active = 1;
  s->digest.mechanism = mech->mechanism;
  s->digest.len = 0;
  return leave(st, CKR_OK);
}

/* Hashes what the session collected; a length query (no buffer, or one too small) keeps the
 * operation going, as PKCS#11 requires. */
static CK_RV finish_digest(struct ref_state *st, struct ref_session *s, CK_BYTE *out,
                           CK_ULONG *out_len) {
  if (!out_len) return CKR_ARGUMENTS_BAD;
  if (!out) {
    *out_len = SHA256_LEN;
    return CKR_OK;
  }
  if (*out_len < SHA256_LEN) {
    *out_len = SHA256_LEN;
    return CKR_BUFFER_TOO_SMALL;
  }
  ref_buf_reset(&st->req);
  ref_put_u32(&st->req, (uint32_t)s->digest.mechanism);
  ref_put_bytes(&st->req, s->digest.data, s->digest.len);
  s->digest.active = 0;
  CK_RV rv = ref_call(st, REF_OP_DIGEST);
  if (rv != CKR_OK) return rv;
  long n = ref_get_copy(&st->rep, out, *out_len);
  if (n < 0) return CKR_DEVICE_ERROR;
  *out_len = (CK_ULONG)n;
  return CKR_OK;
}

static CK_RV collect(struct ref_session *s, const CK_BYTE *part, CK_ULONG len) {
  if (len && !part) return CKR_ARGUMENTS_BAD;
  if (len > REF_MAX_DATA - s->digest.len) {
    s->digest.active = 0;
    return CKR_DATA_LEN_RANGE;
  }
  if (len) memcpy(s->digest.data + s->digest.len, part, len);
  s->digest.len += len;
  return CKR_OK;
}

CK_RV ref_C_Digest(CK_SESSION_HANDLE h, CK_BYTE *data, CK_ULONG len, CK_BYTE *digest,
                   CK_ULONG *digest_len) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!s->digest.active) return leave(st, CKR_OPERATION_NOT_INITIALIZED);
  if (s->digest.len > 0) return leave(st, CKR_OPERATION_ACTIVE); /* C_DigestUpdate began */
  rv = collect(s, data, len);
  if (rv == CKR_OK) rv = finish_digest(st, s, digest, digest_len);
  /* A length query leaves the operation where it was: forget what it collected. */
  if (s->digest.active) s->digest.len = 0;
  return leave(st, rv);
}

CK_RV ref_C_DigestUpdate(CK_SESSION_HANDLE h, CK_BYTE *part, CK_ULONG len) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!s->digest.active) return leave(st, CKR_OPERATION_NOT_INITIALIZED);
  return leave(st, collect(s, part, len));
}

CK_RV ref_C_DigestFinal(CK_SESSION_HANDLE h, CK_BYTE *digest, CK_ULONG *digest_len) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!s->digest.active) return leave(st, CKR_OPERATION_NOT_INITIALIZED);
  return leave(st, finish_digest(st, s, digest, digest_len));
}

/* ---- sign and verify (single-part) ---------------------------------------------------------- */

static CK_RV operation_init(struct ref_operation *op, const CK_MECHANISM *mech,
                            CK_OBJECT_HANDLE key) {
  if (!mech) return CKR_ARGUMENTS_BAD;
  if (op->active) return CKR_OPERATION_ACTIVE;
  if (mech->mechanism != CKM_ECDSA && mech->mechanism != CKM_ECDSA_SHA256)
    return CKR_MECHANISM_INVALID;
  /* The key is checked by the daemon when the operation runs. */
  op->active = 1;
  op->mechanism = mech->mechanism;
  op->key = key;
  return CKR_OK;
}

CK_RV ref_C_SignInit(CK_SESSION_HANDLE h, CK_MECHANISM *mech, CK_OBJECT_HANDLE key) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!st->logged_in) return leave(st, CKR_USER_NOT_LOGGED_IN);
  return leave(st, operation_init(&s->sign, mech, key));
}

CK_RV ref_C_Sign(CK_SESSION_HANDLE h, CK_BYTE *data, CK_ULONG len, CK_BYTE *sig,
                 CK_ULONG *sig_len) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!s->sign.active) return leave(st, CKR_OPERATION_NOT_INITIALIZED);
  if (!sig_len || (len && !data)) return leave(st, CKR_ARGUMENTS_BAD);
  /* Length queries keep the operation active. */
  if (!sig) {
    *sig_len = ECDSA_P256_SIGNATURE_LEN;
    return leave(st, CKR_OK);
  }
  if (*sig_len < ECDSA_P256_SIGNATURE_LEN) {
    *sig_len = ECDSA_P256_SIGNATURE_LEN;
    return leave(st, CKR_BUFFER_TOO_SMALL);
  }
  s->sign.active = 0;
  if (len > REF_MAX_DATA) return leave(st, CKR_DATA_LEN_RANGE);
  ref_buf_reset(&st->req);
  ref_put_u32(&st->req, (uint32_t)s->sign.key);
  ref_put_u32(&st->req, (uint32_t)s->sign.mechanism);
  ref_put_bytes(&st->req, data, len);
  rv = ref_call(st, REF_OP_SIGN);
  if (rv != CKR_OK) return leave(st, rv);
  long n = ref_get_copy(&st->rep, sig, *sig_len);
  if (n < 0) return leave(st, CKR_DEVICE_ERROR);
  *sig_len = (CK_ULONG)n;
  return leave(st, CKR_OK);
}

CK_RV ref_C_VerifyInit(CK_SESSION_HANDLE h, CK_MECHANISM *mech, CK_OBJECT_HANDLE key) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  return leave(st, operation_init(&s->verify, mech, key));
}

CK_RV ref_C_Verify(CK_SESSION_HANDLE h, CK_BYTE *data, CK_ULONG len, CK_BYTE *sig,
                   CK_ULONG sig_len) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (!s->verify.active) return leave(st, CKR_OPERATION_NOT_INITIALIZED);
  s->verify.active = 0;
  if ((len && !data) || !sig) return leave(st, CKR_ARGUMENTS_BAD);
  if (len > REF_MAX_DATA) return leave(st, CKR_DATA_LEN_RANGE);
  if (sig_len > REF_MAX_DATA) return leave(st, CKR_SIGNATURE_LEN_RANGE);
  ref_buf_reset(&st->req);
  ref_put_u32(&st->req, (uint32_t)s->verify.key);
  ref_put_u32(&st->req, (uint32_t)s->verify.mechanism);
  ref_put_bytes(&st->req, data, len);
  ref_put_bytes(&st->req, sig, sig_len);
  return leave(st, ref_call(st, REF_OP_VERIFY));
}

/* ---- random ------------------------------------------------------------------------------------- */

CK_RV ref_C_GenerateRandom(CK_SESSION_HANDLE h, CK_BYTE *out, CK_ULONG len) {
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  if (len && !out) return leave(st, CKR_ARGUMENTS_BAD);
  /* Large requests go in pieces the protocol can carry. */
  for (CK_ULONG done = 0; done < len && rv == CKR_OK;) {
    CK_ULONG piece = len - done < REF_MAX_DATA ? len - done : REF_MAX_DATA;
    ref_buf_reset(&st->req);
    ref_put_u32(&st->req, (uint32_t)piece);
    rv = ref_call(st, REF_OP_RANDOM);
    if (rv == CKR_OK && ref_get_copy(&st->rep, out + done, piece) != (long)piece)
      rv = CKR_DEVICE_ERROR;
    done += piece;
  }
  return leave(st, rv);
}

CK_RV ref_C_SeedRandom(CK_SESSION_HANDLE h, CK_BYTE *seed, CK_ULONG len) {
  (void)seed, (void)len;
  struct ref_state *st;
  struct ref_session *s;
  CK_RV rv = enter_session(h, &st, &s);
  if (rv != CKR_OK) return rv;
  return leave(st, CKR_RANDOM_SEED_NOT_SUPPORTED);
}

/* ---- what the module does not offer ---------------------------------------------------------- */

/* Even an unsupported function says CKR_CRYPTOKI_NOT_INITIALIZED first where that is the truth:
 * in a forked child, every function does (rule 2 in lifecycle.c). */
static CK_RV unsupported(void) {
  struct ref_state *st;
  CK_RV rv = ref_enter(&st);
  if (rv != CKR_OK) return rv;
  return leave(st, CKR_FUNCTION_NOT_SUPPORTED);
}

/* Their parameters are unused by design. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
CK_RV ref_C_InitToken(CK_SLOT_ID slot, CK_UTF8CHAR *pin, CK_ULONG pin_len, CK_UTF8CHAR *label) {
  return unsupported();
}
CK_RV ref_C_InitPIN(CK_SESSION_HANDLE s, CK_UTF8CHAR *pin, CK_ULONG pin_len) {
  return unsupported();
}
CK_RV ref_C_SetPIN(CK_SESSION_HANDLE s, CK_UTF8CHAR *old_pin, CK_ULONG old_len,
                   CK_UTF8CHAR *new_pin, CK_ULONG new_len) {
  return unsupported();
}
CK_RV ref_C_GetOperationState(CK_SESSION_HANDLE s, CK_BYTE *state, CK_ULONG *len) {
  return unsupported();
}
CK_RV ref_C_SetOperationState(CK_SESSION_HANDLE s, CK_BYTE *state, CK_ULONG len,
                              CK_OBJECT_HANDLE enc_key, CK_OBJECT_HANDLE auth_key) {
  return unsupported();
}
CK_RV ref_C_CreateObject(CK_SESSION_HANDLE s, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                         CK_OBJECT_HANDLE *obj) {
  return unsupported();
}
CK_RV ref_C_CopyObject(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                       CK_OBJECT_HANDLE *copy) {
  return unsupported();
}
CK_RV ref_C_DestroyObject(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj) { return unsupported(); }
CK_RV ref_C_GetObjectSize(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ULONG *size) {
  return unsupported();
}
CK_RV ref_C_SetAttributeValue(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE *tmpl,
                              CK_ULONG n) {
  return unsupported();
}
CK_RV ref_C_EncryptInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key) {
  return unsupported();
}
CK_RV ref_C_Encrypt(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                    CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_EncryptUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                          CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_EncryptFinal(CK_SESSION_HANDLE s, CK_BYTE *out, CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_DecryptInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key) {
  return unsupported();
}
CK_RV ref_C_Decrypt(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                    CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_DecryptUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                          CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_DecryptFinal(CK_SESSION_HANDLE s, CK_BYTE *out, CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_DigestKey(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key) { return unsupported(); }
CK_RV ref_C_SignUpdate(CK_SESSION_HANDLE s, CK_BYTE *part, CK_ULONG len) { return unsupported(); }
CK_RV ref_C_SignFinal(CK_SESSION_HANDLE s, CK_BYTE *sig, CK_ULONG *sig_len) {
  return unsupported();
}
CK_RV ref_C_SignRecoverInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key) {
  return unsupported();
}
CK_RV ref_C_SignRecover(CK_SESSION_HANDLE s, CK_BYTE *data, CK_ULONG len, CK_BYTE *sig,
                        CK_ULONG *sig_len) {
  return unsupported();
}
CK_RV ref_C_VerifyUpdate(CK_SESSION_HANDLE s, CK_BYTE *part, CK_ULONG len) {
  return unsupported();
}
CK_RV ref_C_VerifyFinal(CK_SESSION_HANDLE s, CK_BYTE *sig, CK_ULONG sig_len) {
  return unsupported();
}
CK_RV ref_C_VerifyRecoverInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key) {
  return unsupported();
}
CK_RV ref_C_VerifyRecover(CK_SESSION_HANDLE s, CK_BYTE *sig, CK_ULONG sig_len, CK_BYTE *data,
                          CK_ULONG *len) {
  return unsupported();
}
CK_RV ref_C_DigestEncryptUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                                CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_DecryptDigestUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                                CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_SignEncryptUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                              CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_DecryptVerifyUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                                CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_GenerateKey(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                        CK_OBJECT_HANDLE *key) {
  return unsupported();
}
CK_RV ref_C_WrapKey(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE wrapping,
                    CK_OBJECT_HANDLE key, CK_BYTE *out, CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_UnwrapKey(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE unwrapping,
                      CK_BYTE *in, CK_ULONG in_len, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                      CK_OBJECT_HANDLE *key) {
  return unsupported();
}
CK_RV ref_C_DeriveKey(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE base,
                      CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_HANDLE *key) {
  return unsupported();
}
CK_RV ref_C_GetFunctionStatus(CK_SESSION_HANDLE s) {
  CK_RV rv = unsupported();
  return rv == CKR_FUNCTION_NOT_SUPPORTED ? CKR_FUNCTION_NOT_PARALLEL : rv;
}
CK_RV ref_C_CancelFunction(CK_SESSION_HANDLE s) {
  CK_RV rv = unsupported();
  return rv == CKR_FUNCTION_NOT_SUPPORTED ? CKR_FUNCTION_NOT_PARALLEL : rv;
}
CK_RV ref_C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID *slot, void *reserved) {
  return unsupported();
}
CK_RV ref_C_LoginUser(CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR *pin, CK_ULONG pin_len,
                      CK_UTF8CHAR *name, CK_ULONG name_len) {
  return unsupported();
}
CK_RV ref_C_SessionCancel(CK_SESSION_HANDLE s, CK_FLAGS flags) { return unsupported(); }
CK_RV ref_C_MessageInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key) {
  return unsupported();
}
CK_RV ref_C_CryptMessage(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *aad,
                         CK_ULONG aad_len, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                         CK_ULONG *out_len) {
  return unsupported();
}
CK_RV ref_C_CryptMessageBegin(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *aad,
                              CK_ULONG aad_len) {
  return unsupported();
}
CK_RV ref_C_CryptMessageNext(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *in,
                             CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len, CK_FLAGS flags) {
  return unsupported();
}
CK_RV ref_C_MessageFinal(CK_SESSION_HANDLE s) { return unsupported(); }
CK_RV ref_C_SignMessage(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *data,
                        CK_ULONG len, CK_BYTE *sig, CK_ULONG *sig_len) {
  return unsupported();
}
CK_RV ref_C_MessageBegin(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len) {
  return unsupported();
}
CK_RV ref_C_VerifyMessage(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *data,
                          CK_ULONG len, CK_BYTE *sig, CK_ULONG sig_len) {
  return unsupported();
}
#pragma GCC diagnostic pop
