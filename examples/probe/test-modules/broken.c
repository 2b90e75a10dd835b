/* broken.c - tiny, deliberately broken PKCS#11 modules for testing pkcs11-fork-probe.
 *
 * One source, two builds:
 *   -DBROKEN_OK    libbroken-ok.so: no fork detection at all. A forked child that never called
 *                  C_Initialize gets CKR_OK from everything and works on the parent's copy of
 *                  the state; C_Initialize in a child returns CKR_OK but keeps the parent's
 *                  login. The probe must fail R-MOD-CHILD-NOT-INITIALIZED and R-MOD-FRESH-CHILD.
 *   -DBROKEN_HANG  libbroken-hang.so: detects fork with getpid() and answers
 *                  CKR_CRYPTOKI_NOT_INITIALIZED in a child, but C_Initialize in a forked child
 *                  blocks for ever in a futex wait (a condition nobody signals). The probe must
 *                  report child-initialize as hung, within its bound, and leave nothing behind.
 *
 * Both: one slot (id 1) with a token labelled "broken" that does not require a login but
 * accepts the user PIN "1234"; session objects only; CKM_GENERIC_SECRET_KEY_GEN makes a
 * 32-byte secret and CKM_SHA256_HMAC "signs" with it (a fake 32-byte MAC, not real HMAC).
 * Every other function of the 2.40 list returns CKR_FUNCTION_NOT_SUPPORTED.
 * The module's own lock is kept consistent across fork by atfork prepare/parent/child
 * handlers, so neither module hangs by accident: the only hang is the deliberate one.
 * SPDX-License-Identifier: Apache-2.0
 */
#if !defined(BROKEN_OK) && !defined(BROKEN_HANG)
#error "build with -DBROKEN_OK or -DBROKEN_HANG"
#endif

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#define EXPORT __attribute__((visibility("default")))
#define SLOT 1
#define MAX_SESSIONS 256
#define MAX_OBJECTS 1024

#ifdef BROKEN_OK
#define DESCRIPTION "broken-ok: no fork detection"
#else
#define DESCRIPTION "broken-hang: child init blocks"
#endif

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int initialized;
static pid_t owner; /* the process that first initialised the module */
static int logged_in;

struct session {
  int open;
  CK_FLAGS flags;
  int signing;
  CK_OBJECT_HANDLE sign_key;
};
static struct session sessions[MAX_SESSIONS]; /* handle = index + 1 */

struct object {
  int used;
  CK_BYTE value[32];
};
static struct object objects[MAX_OBJECTS]; /* handle = index + 1 */
static unsigned long key_counter;

/* Keep our lock consistent across fork: hold it over fork, release it on both sides. */
static void before_fork(void) { pthread_mutex_lock(&lock); }
static void after_fork(void) { pthread_mutex_unlock(&lock); }
__attribute__((constructor)) static void setup_atfork(void) {
  pthread_atfork(before_fork, after_fork, after_fork);
}

static int forked(void) { return owner != 0 && getpid() != owner; }

/* Every entry point but C_GetFunctionList and C_Initialize starts here. */
static CK_RV enter(void) {
#ifdef BROKEN_HANG
  if (forked()) return CKR_CRYPTOKI_NOT_INITIALIZED;
#endif
  pthread_mutex_lock(&lock);
  if (!initialized) {
    pthread_mutex_unlock(&lock);
    return CKR_CRYPTOKI_NOT_INITIALIZED;
  }
  return CKR_OK;
}

static CK_RV leave(CK_RV rv) {
  pthread_mutex_unlock(&lock);
  return rv;
}

static void pad(CK_UTF8CHAR *dst, size_t n, const char *s) {
  memset(dst, ' ', n);
  size_t l = strlen(s);
  memcpy(dst, s, l < n ? l : n);
}

static struct session *session_of(CK_SESSION_HANDLE h) {
  if (h < 1 || h > MAX_SESSIONS || !sessions[h - 1].open) return NULL;
  return &sessions[h - 1];
}

static struct object *object_of(CK_OBJECT_HANDLE h) {
  if (h < 1 || h > MAX_OBJECTS || !objects[h - 1].used) return NULL;
  return &objects[h - 1];
}

static CK_RV b_Initialize(void *args) {
  (void)args;
#ifdef BROKEN_HANG
  if (forked()) {
    /* The deliberate bug: a forked child waits on a condition that is never signalled. */
    static pthread_mutex_t never_m = PTHREAD_MUTEX_INITIALIZER;
    static pthread_cond_t never_c = PTHREAD_COND_INITIALIZER;
    pthread_mutex_lock(&never_m);
    for (;;) pthread_cond_wait(&never_c, &never_m);
  }
#endif
  pthread_mutex_lock(&lock);
  CK_RV rv = CKR_OK;
  if (initialized) {
#ifdef BROKEN_OK
    /* The deliberate bug: "fine" in a child, but the parent's sessions and login stay. */
    rv = forked() ? CKR_OK : CKR_CRYPTOKI_ALREADY_INITIALIZED;
#else
    rv = CKR_CRYPTOKI_ALREADY_INITIALIZED;
#endif
  } else {
    initialized = 1;
    if (!owner) owner = getpid();
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

static CK_RV b_Finalize(void *reserved) {
  if (reserved) return CKR_ARGUMENTS_BAD;
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  initialized = 0;
  logged_in = 0;
  memset(sessions, 0, sizeof sessions);
  memset(objects, 0, sizeof objects);
  return leave(CKR_OK);
}

static CK_RV b_GetInfo(CK_INFO *info) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (!info) return leave(CKR_ARGUMENTS_BAD);
  memset(info, 0, sizeof *info);
  info->cryptokiVersion.major = 2;
  info->cryptokiVersion.minor = 40;
  pad(info->manufacturerID, sizeof info->manufacturerID, "pkcs11-fork-probe tests");
  pad(info->libraryDescription, sizeof info->libraryDescription, DESCRIPTION);
  info->libraryVersion.major = 1;
  info->libraryVersion.minor = 0;
  return leave(CKR_OK);
}

static CK_RV b_GetSlotList(CK_BBOOL present, CK_SLOT_ID *list, CK_ULONG *count) {
  (void)present;
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (!count) return leave(CKR_ARGUMENTS_BAD);
  if (list) {
    if (*count < 1) {
      *count = 1;
      return leave(CKR_BUFFER_TOO_SMALL);
    }
    list[0] = SLOT;
  }
  *count = 1;
  return leave(CKR_OK);
}

static CK_RV b_GetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO *info) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (slot != SLOT) return leave(CKR_SLOT_ID_INVALID);
  if (!info) return leave(CKR_ARGUMENTS_BAD);
  memset(info, 0, sizeof *info);
  pad(info->slotDescription, sizeof info->slotDescription, "broken slot");
  pad(info->manufacturerID, sizeof info->manufacturerID, "pkcs11-fork-probe tests");
  info->flags = CKF_TOKEN_PRESENT;
  return leave(CKR_OK);
}

static CK_RV b_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO *info) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (slot != SLOT) return leave(CKR_SLOT_ID_INVALID);
  if (!info) return leave(CKR_ARGUMENTS_BAD);
  memset(info, 0, sizeof *info);
  pad(info->label, sizeof info->label, "broken");
  pad(info->manufacturerID, sizeof info->manufacturerID, "pkcs11-fork-probe tests");
  pad(info->model, sizeof info->model, "broken");
  pad(info->serialNumber, sizeof info->serialNumber, "0001");
  info->flags = CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED;
  info->ulMaxSessionCount = MAX_SESSIONS;
  info->ulMaxRwSessionCount = MAX_SESSIONS;
  info->ulMaxPinLen = 16;
  info->ulMinPinLen = 4;
  info->ulTotalPublicMemory = info->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
  info->ulTotalPrivateMemory = info->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
  return leave(CKR_OK);
}

static const CK_MECHANISM_TYPE mechs[] = {CKM_GENERIC_SECRET_KEY_GEN, CKM_SHA256_HMAC};

static CK_RV b_GetMechanismList(CK_SLOT_ID slot, CK_MECHANISM_TYPE *list, CK_ULONG *count) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (slot != SLOT) return leave(CKR_SLOT_ID_INVALID);
  if (!count) return leave(CKR_ARGUMENTS_BAD);
  CK_ULONG n = sizeof mechs / sizeof mechs[0];
  if (list) {
    if (*count < n) {
      *count = n;
      return leave(CKR_BUFFER_TOO_SMALL);
    }
    memcpy(list, mechs, sizeof mechs);
  }
  *count = n;
  return leave(CKR_OK);
}

static CK_RV b_GetMechanismInfo(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO *info) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (slot != SLOT) return leave(CKR_SLOT_ID_INVALID);
  if (!info) return leave(CKR_ARGUMENTS_BAD);
  memset(info, 0, sizeof *info);
  info->ulMinKeySize = 32;
  info->ulMaxKeySize = 32;
  if (type == CKM_GENERIC_SECRET_KEY_GEN)
    info->flags = CKF_GENERATE;
  else if (type == CKM_SHA256_HMAC)
    info->flags = CKF_SIGN;
  else
    return leave(CKR_MECHANISM_INVALID);
  return leave(CKR_OK);
}

static CK_RV b_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, void *app, CK_NOTIFY notify,
                           CK_SESSION_HANDLE *h) {
  (void)app;
  (void)notify;
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (slot != SLOT) return leave(CKR_SLOT_ID_INVALID);
  if (!(flags & CKF_SERIAL_SESSION)) return leave(CKR_SESSION_PARALLEL_NOT_SUPPORTED);
  if (!h) return leave(CKR_ARGUMENTS_BAD);
  for (int i = 0; i < MAX_SESSIONS; i++)
    if (!sessions[i].open) {
      memset(&sessions[i], 0, sizeof sessions[i]);
      sessions[i].open = 1;
      sessions[i].flags = flags;
      *h = (CK_SESSION_HANDLE)(i + 1);
      return leave(CKR_OK);
    }
  return leave(CKR_SESSION_COUNT);
}

static CK_RV b_CloseSession(CK_SESSION_HANDLE h) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  struct session *s = session_of(h);
  if (!s) return leave(CKR_SESSION_HANDLE_INVALID);
  s->open = 0;
  int any = 0;
  for (int i = 0; i < MAX_SESSIONS; i++) any |= sessions[i].open;
  if (!any) logged_in = 0; /* the login ends with the application's last session */
  return leave(CKR_OK);
}

static CK_RV b_CloseAllSessions(CK_SLOT_ID slot) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (slot != SLOT) return leave(CKR_SLOT_ID_INVALID);
  memset(sessions, 0, sizeof sessions);
  logged_in = 0;
  return leave(CKR_OK);
}

static CK_RV b_GetSessionInfo(CK_SESSION_HANDLE h, CK_SESSION_INFO *info) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  struct session *s = session_of(h);
  if (!s) return leave(CKR_SESSION_HANDLE_INVALID);
  if (!info) return leave(CKR_ARGUMENTS_BAD);
  int rw = (s->flags & CKF_RW_SESSION) != 0;
  info->slotID = SLOT;
  info->flags = s->flags;
  info->ulDeviceError = 0;
  info->state = logged_in ? (rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS)
                          : (rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION);
  return leave(CKR_OK);
}

static CK_RV b_Login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR *pin, CK_ULONG len) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (!session_of(h)) return leave(CKR_SESSION_HANDLE_INVALID);
  if (user != CKU_USER) return leave(CKR_USER_TYPE_INVALID);
  if (logged_in) return leave(CKR_USER_ALREADY_LOGGED_IN);
  if (!pin || len != 4 || memcmp(pin, "1234", 4) != 0) return leave(CKR_PIN_INCORRECT);
  logged_in = 1;
  return leave(CKR_OK);
}

static CK_RV b_Logout(CK_SESSION_HANDLE h) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (!session_of(h)) return leave(CKR_SESSION_HANDLE_INVALID);
  if (!logged_in) return leave(CKR_USER_NOT_LOGGED_IN);
  logged_in = 0;
  return leave(CKR_OK);
}

static CK_RV b_GenerateKey(CK_SESSION_HANDLE h, CK_MECHANISM *mech, CK_ATTRIBUTE *t, CK_ULONG n,
                           CK_OBJECT_HANDLE *key) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (!session_of(h)) return leave(CKR_SESSION_HANDLE_INVALID);
  if (!mech || !key) return leave(CKR_ARGUMENTS_BAD);
  if (mech->mechanism != CKM_GENERIC_SECRET_KEY_GEN) return leave(CKR_MECHANISM_INVALID);
  for (CK_ULONG i = 0; i < n; i++)
    if (t[i].type == CKA_TOKEN && t[i].pValue && t[i].ulValueLen == 1 &&
        *(CK_BBOOL *)t[i].pValue)
      return leave(CKR_TEMPLATE_INCONSISTENT); /* session objects only */
  for (int i = 0; i < MAX_OBJECTS; i++)
    if (!objects[i].used) {
      objects[i].used = 1;
      key_counter++;
      for (int b = 0; b < 32; b++) objects[i].value[b] = (CK_BYTE)(key_counter * 31 + b * 7);
      *key = (CK_OBJECT_HANDLE)(i + 1);
      return leave(CKR_OK);
    }
  return leave(CKR_DEVICE_MEMORY);
}

static CK_RV b_DestroyObject(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  if (!session_of(h)) return leave(CKR_SESSION_HANDLE_INVALID);
  struct object *obj = object_of(o);
  if (!obj) return leave(CKR_OBJECT_HANDLE_INVALID);
  obj->used = 0;
  return leave(CKR_OK);
}

static CK_RV b_SignInit(CK_SESSION_HANDLE h, CK_MECHANISM *mech, CK_OBJECT_HANDLE key) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  struct session *s = session_of(h);
  if (!s) return leave(CKR_SESSION_HANDLE_INVALID);
  if (!mech) return leave(CKR_ARGUMENTS_BAD);
  if (s->signing) return leave(CKR_OPERATION_ACTIVE);
  if (mech->mechanism != CKM_SHA256_HMAC) return leave(CKR_MECHANISM_INVALID);
  if (!object_of(key)) return leave(CKR_KEY_HANDLE_INVALID);
  s->signing = 1;
  s->sign_key = key;
  return leave(CKR_OK);
}

static CK_RV b_Sign(CK_SESSION_HANDLE h, CK_BYTE *data, CK_ULONG len, CK_BYTE *sig,
                    CK_ULONG *siglen) {
  CK_RV rv = enter();
  if (rv != CKR_OK) return rv;
  struct session *s = session_of(h);
  if (!s) return leave(CKR_SESSION_HANDLE_INVALID);
  if (!s->signing) return leave(CKR_OPERATION_NOT_INITIALIZED);
  if (!siglen || (!data && len)) {
    s->signing = 0;
    return leave(CKR_ARGUMENTS_BAD);
  }
  if (!sig) {
    *siglen = 32;
    return leave(CKR_OK);
  }
  if (*siglen < 32) {
    *siglen = 32;
    return leave(CKR_BUFFER_TOO_SMALL);
  }
  struct object *k = object_of(s->sign_key);
  s->signing = 0;
  if (!k) return leave(CKR_KEY_HANDLE_INVALID);
  /* Not HMAC: just 32 bytes that depend on key and data. */
  for (int i = 0; i < 32; i++) sig[i] = (CK_BYTE)(k->value[i] ^ (len ? data[(CK_ULONG)i % len] : 0) ^ i);
  *siglen = 32;
  return leave(CKR_OK);
}

/* ---- everything else: not supported ---------------------------------------------------- */

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define UNSUPPORTED                                                                            \
  {                                                                                            \
    CK_RV rv = enter();                                                                        \
    return rv != CKR_OK ? rv : leave(CKR_FUNCTION_NOT_SUPPORTED);                              \
  }
typedef CK_SESSION_HANDLE SH;
typedef CK_OBJECT_HANDLE OH;
static CK_RV b_WaitForSlotEvent(CK_FLAGS f, CK_SLOT_ID *s, void *r) UNSUPPORTED
static CK_RV b_InitToken(CK_SLOT_ID s, CK_UTF8CHAR *p, CK_ULONG l, CK_UTF8CHAR *lb) UNSUPPORTED
static CK_RV b_InitPIN(SH h, CK_UTF8CHAR *p, CK_ULONG l) UNSUPPORTED
static CK_RV b_SetPIN(SH h, CK_UTF8CHAR *o, CK_ULONG ol, CK_UTF8CHAR *n, CK_ULONG nl) UNSUPPORTED
static CK_RV b_GetOperationState(SH h, CK_BYTE *s, CK_ULONG *l) UNSUPPORTED
static CK_RV b_SetOperationState(SH h, CK_BYTE *s, CK_ULONG l, OH e, OH a) UNSUPPORTED
static CK_RV b_CreateObject(SH h, CK_ATTRIBUTE *t, CK_ULONG n, OH *o) UNSUPPORTED
static CK_RV b_CopyObject(SH h, OH o, CK_ATTRIBUTE *t, CK_ULONG n, OH *no) UNSUPPORTED
static CK_RV b_GetObjectSize(SH h, OH o, CK_ULONG *s) UNSUPPORTED
static CK_RV b_GetAttributeValue(SH h, OH o, CK_ATTRIBUTE *t, CK_ULONG n) UNSUPPORTED
static CK_RV b_SetAttributeValue(SH h, OH o, CK_ATTRIBUTE *t, CK_ULONG n) UNSUPPORTED
static CK_RV b_FindObjectsInit(SH h, CK_ATTRIBUTE *t, CK_ULONG n) UNSUPPORTED
static CK_RV b_FindObjects(SH h, OH *o, CK_ULONG m, CK_ULONG *n) UNSUPPORTED
static CK_RV b_FindObjectsFinal(SH h) UNSUPPORTED
static CK_RV b_EncryptInit(SH h, CK_MECHANISM *m, OH k) UNSUPPORTED
static CK_RV b_Encrypt(SH h, CK_BYTE *d, CK_ULONG l, CK_BYTE *e, CK_ULONG *el) UNSUPPORTED
static CK_RV b_EncryptUpdate(SH h, CK_BYTE *d, CK_ULONG l, CK_BYTE *e, CK_ULONG *el) UNSUPPORTED
static CK_RV b_EncryptFinal(SH h, CK_BYTE *e, CK_ULONG *el) UNSUPPORTED
static CK_RV b_DecryptInit(SH h, CK_MECHANISM *m, OH k) UNSUPPORTED
static CK_RV b_Decrypt(SH h, CK_BYTE *e, CK_ULONG el, CK_BYTE *d, CK_ULONG *l) UNSUPPORTED
static CK_RV b_DecryptUpdate(SH h, CK_BYTE *e, CK_ULONG el, CK_BYTE *d, CK_ULONG *l) UNSUPPORTED
static CK_RV b_DecryptFinal(SH h, CK_BYTE *d, CK_ULONG *l) UNSUPPORTED
static CK_RV b_DigestInit(SH h, CK_MECHANISM *m) UNSUPPORTED
static CK_RV b_Digest(SH h, CK_BYTE *d, CK_ULONG l, CK_BYTE *g, CK_ULONG *gl) UNSUPPORTED
static CK_RV b_DigestUpdate(SH h, CK_BYTE *d, CK_ULONG l) UNSUPPORTED
static CK_RV b_DigestKey(SH h, OH k) UNSUPPORTED
static CK_RV b_DigestFinal(SH h, CK_BYTE *g, CK_ULONG *gl) UNSUPPORTED
static CK_RV b_SignUpdate(SH h, CK_BYTE *d, CK_ULONG l) UNSUPPORTED
static CK_RV b_SignFinal(SH h, CK_BYTE *s, CK_ULONG *sl) UNSUPPORTED
static CK_RV b_SignRecoverInit(SH h, CK_MECHANISM *m, OH k) UNSUPPORTED
static CK_RV b_SignRecover(SH h, CK_BYTE *d, CK_ULONG l, CK_BYTE *s, CK_ULONG *sl) UNSUPPORTED
static CK_RV b_VerifyInit(SH h, CK_MECHANISM *m, OH k) UNSUPPORTED
static CK_RV b_Verify(SH h, CK_BYTE *d, CK_ULONG l, CK_BYTE *s, CK_ULONG sl) UNSUPPORTED
static CK_RV b_VerifyUpdate(SH h, CK_BYTE *d, CK_ULONG l) UNSUPPORTED
static CK_RV b_VerifyFinal(SH h, CK_BYTE *s, CK_ULONG sl) UNSUPPORTED
static CK_RV b_VerifyRecoverInit(SH h, CK_MECHANISM *m, OH k) UNSUPPORTED
static CK_RV b_VerifyRecover(SH h, CK_BYTE *s, CK_ULONG sl, CK_BYTE *d, CK_ULONG *l) UNSUPPORTED
static CK_RV b_DigestEncryptUpdate(SH h, CK_BYTE *p, CK_ULONG l, CK_BYTE *e, CK_ULONG *el) UNSUPPORTED
static CK_RV b_DecryptDigestUpdate(SH h, CK_BYTE *e, CK_ULONG el, CK_BYTE *p, CK_ULONG *l) UNSUPPORTED
static CK_RV b_SignEncryptUpdate(SH h, CK_BYTE *p, CK_ULONG l, CK_BYTE *e, CK_ULONG *el) UNSUPPORTED
static CK_RV b_DecryptVerifyUpdate(SH h, CK_BYTE *e, CK_ULONG el, CK_BYTE *p, CK_ULONG *l) UNSUPPORTED
static CK_RV b_GenerateKeyPair(SH h, CK_MECHANISM *m, CK_ATTRIBUTE *pt, CK_ULONG pn,
                               CK_ATTRIBUTE *kt, CK_ULONG kn, OH *pub, OH *priv) UNSUPPORTED
static CK_RV b_WrapKey(SH h, CK_MECHANISM *m, OH w, OH k, CK_BYTE *o, CK_ULONG *ol) UNSUPPORTED
static CK_RV b_UnwrapKey(SH h, CK_MECHANISM *m, OH u, CK_BYTE *w, CK_ULONG wl, CK_ATTRIBUTE *t,
                         CK_ULONG n, OH *k) UNSUPPORTED
static CK_RV b_DeriveKey(SH h, CK_MECHANISM *m, OH b, CK_ATTRIBUTE *t, CK_ULONG n, OH *k) UNSUPPORTED
static CK_RV b_SeedRandom(SH h, CK_BYTE *s, CK_ULONG l) UNSUPPORTED
static CK_RV b_GenerateRandom(SH h, CK_BYTE *r, CK_ULONG l) UNSUPPORTED
static CK_RV b_GetFunctionStatus(SH h) UNSUPPORTED
static CK_RV b_CancelFunction(SH h) UNSUPPORTED
#pragma GCC diagnostic pop

static CK_RV b_GetFunctionList(CK_FUNCTION_LIST **list);

/* In the order of the 2.40 CK_FUNCTION_LIST. */
static CK_FUNCTION_LIST functions = {
    {2, 40},
    b_Initialize, b_Finalize, b_GetInfo, b_GetFunctionList, b_GetSlotList, b_GetSlotInfo,
    b_GetTokenInfo, b_GetMechanismList, b_GetMechanismInfo, b_InitToken, b_InitPIN, b_SetPIN,
    b_OpenSession, b_CloseSession, b_CloseAllSessions, b_GetSessionInfo, b_GetOperationState,
    b_SetOperationState, b_Login, b_Logout, b_CreateObject, b_CopyObject, b_DestroyObject,
    b_GetObjectSize, b_GetAttributeValue, b_SetAttributeValue, b_FindObjectsInit, b_FindObjects,
    b_FindObjectsFinal, b_EncryptInit, b_Encrypt, b_EncryptUpdate, b_EncryptFinal, b_DecryptInit,
    b_Decrypt, b_DecryptUpdate, b_DecryptFinal, b_DigestInit, b_Digest, b_DigestUpdate,
    b_DigestKey, b_DigestFinal, b_SignInit, b_Sign, b_SignUpdate, b_SignFinal, b_SignRecoverInit,
    b_SignRecover, b_VerifyInit, b_Verify, b_VerifyUpdate, b_VerifyFinal, b_VerifyRecoverInit,
    b_VerifyRecover, b_DigestEncryptUpdate, b_DecryptDigestUpdate, b_SignEncryptUpdate,
    b_DecryptVerifyUpdate, b_GenerateKey, b_GenerateKeyPair, b_WrapKey, b_UnwrapKey, b_DeriveKey,
    b_SeedRandom, b_GenerateRandom, b_GetFunctionStatus, b_CancelFunction, b_WaitForSlotEvent};

static CK_RV b_GetFunctionList(CK_FUNCTION_LIST **list) {
  if (!list) return CKR_ARGUMENTS_BAD;
  *list = &functions;
  return CKR_OK;
}

EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list) { return b_GetFunctionList(list); }
