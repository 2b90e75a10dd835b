/* p11ref.h - what the parts of the reference module share.
 *
 * lifecycle.c  C_Initialize, C_Finalize, fork detection, the atfork handlers: every fork rule
 * client.c     this process's connection to the token daemon
 * functions.c  the PKCS#11 functions (slots, sessions, login, objects, digest, ECDSA, random)
 * interfaces.c the function lists, C_GetFunctionList, C_GetInterfaceList, C_GetInterface
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef P11REF_H
#define P11REF_H

#include <pthread.h>
#include <sys/types.h>

#include "pkcs11-3.h"
#include "protocol.h"

#define REF_SLOT_ID 1UL
#define REF_MAX_SESSIONS 64
#define REF_MAX_FOUND 64
/* Single-part data (C_Digest, C_DigestUpdate's total, C_Sign, C_Verify) up to this size. */
#define REF_MAX_DATA 4096
/* A daemon that has not answered within this time is treated as a failed device. */
#define REF_IO_TIMEOUT_MS 10000

#define REF_EXPORT __attribute__((visibility("default")))

struct ref_operation {
  int active;
  CK_MECHANISM_TYPE mechanism;
  CK_OBJECT_HANDLE key;
};

struct ref_session {
  int open;
  CK_FLAGS flags;
  struct {
    int active;
    CK_OBJECT_HANDLE found[REF_MAX_FOUND];
    size_t count, next;
  } find;
  struct ref_operation sign, verify;
  struct {
    int active;
    CK_MECHANISM_TYPE mechanism;
    size_t len;
    unsigned char data[REF_MAX_DATA];
  } digest;
};

/* Everything one process knows about its use of the token. A forked child inherits a copy; the
 * copy belongs to the parent until the child makes it its own (lifecycle.c). */
struct ref_state {
  pid_t pid;               /* the process this state belongs to */
  unsigned long fork_gen;  /* the fork counter's value when this process took it */
  int fork_tolerant;       /* initialised through the CKF_INTERFACE_FORK_SAFE interface */
  pthread_mutex_t lock;    /* guards the rest, including the conversation with the daemon */
  char socket_path[108];   /* sizeof(sockaddr_un.sun_path) */
  int fd;                  /* this process's own connection, or -1 */
  uint32_t conn_id;        /* the daemon's name for it (its log uses it) */
  uint8_t ticket[REF_TICKET_LEN];
  int logged_in;           /* mirrors the daemon's login state for this connection */
  struct ref_buf req, rep; /* message buffers, used under the lock */
  struct ref_session sessions[REF_MAX_SESSIONS];
  struct ref_state *abandoned; /* the parent's copy this child replaced: kept, never used */
};

/* lifecycle.c: the way into every function but C_GetFunctionList/C_GetInterface*. On CKR_OK
 * *st is this process's state, locked; release it with ref_leave. */
CK_RV ref_enter(struct ref_state **st);
void ref_leave(struct ref_state *st);
CK_RV ref_C_Initialize(void *init_args);
CK_RV ref_C_Initialize_fork_safe(void *init_args);
CK_RV ref_C_Finalize(void *reserved);
/* Publish this process's connection descriptor for the child handler; withdraw it (only if it
 * is the published one) before closing it. */
void ref_own_descriptor(int fd);
void ref_disown_descriptor(int fd);

/* client.c */
CK_RV ref_connect(struct ref_state *st);
/* One request and its reply; the body to send is st->req, the reply's is st->rep. Returns the
 * daemon's status, or CKR_DEVICE_ERROR when the connection failed (it is then closed). */
CK_RV ref_call(struct ref_state *st, enum ref_op op);
void ref_disconnect(struct ref_state *st, int say_bye);

/* functions.c: one entry point per PKCS#11 function, named ref_C_<name>; interfaces.c lists
 * them. Functions the module does not offer still check initialisation first (a forked child
 * gets CKR_CRYPTOKI_NOT_INITIALIZED from all of them), then say CKR_FUNCTION_NOT_SUPPORTED. */
CK_RV ref_C_GetInfo(CK_INFO *info);
CK_RV ref_C_GetSlotList(CK_BBOOL token_present, CK_SLOT_ID *slots, CK_ULONG *count);
CK_RV ref_C_GetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO *info);
CK_RV ref_C_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO *info);
CK_RV ref_C_GetMechanismList(CK_SLOT_ID slot, CK_MECHANISM_TYPE *list, CK_ULONG *count);
CK_RV ref_C_GetMechanismInfo(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO *info);
CK_RV ref_C_InitToken(CK_SLOT_ID slot, CK_UTF8CHAR *pin, CK_ULONG pin_len, CK_UTF8CHAR *label);
CK_RV ref_C_InitPIN(CK_SESSION_HANDLE s, CK_UTF8CHAR *pin, CK_ULONG pin_len);
CK_RV ref_C_SetPIN(CK_SESSION_HANDLE s, CK_UTF8CHAR *old_pin, CK_ULONG old_len,
                   CK_UTF8CHAR *new_pin, CK_ULONG new_len);
CK_RV ref_C_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, void *app, CK_NOTIFY notify,
                        CK_SESSION_HANDLE *s);
CK_RV ref_C_CloseSession(CK_SESSION_HANDLE s);
CK_RV ref_C_CloseAllSessions(CK_SLOT_ID slot);
CK_RV ref_C_GetSessionInfo(CK_SESSION_HANDLE s, CK_SESSION_INFO *info);
CK_RV ref_C_GetOperationState(CK_SESSION_HANDLE s, CK_BYTE *state, CK_ULONG *len);
CK_RV ref_C_SetOperationState(CK_SESSION_HANDLE s, CK_BYTE *state, CK_ULONG len,
                              CK_OBJECT_HANDLE enc_key, CK_OBJECT_HANDLE auth_key);
CK_RV ref_C_Login(CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR *pin, CK_ULONG pin_len);
CK_RV ref_C_Logout(CK_SESSION_HANDLE s);
CK_RV ref_C_CreateObject(CK_SESSION_HANDLE s, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                         CK_OBJECT_HANDLE *obj);
CK_RV ref_C_CopyObject(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                       CK_OBJECT_HANDLE *copy);
CK_RV ref_C_DestroyObject(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj);
CK_RV ref_C_GetObjectSize(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ULONG *size);
CK_RV ref_C_GetAttributeValue(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE *tmpl,
                              CK_ULONG n);
CK_RV ref_C_SetAttributeValue(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE *tmpl,
                              CK_ULONG n);
CK_RV ref_C_FindObjectsInit(CK_SESSION_HANDLE s, CK_ATTRIBUTE *tmpl, CK_ULONG n);
CK_RV ref_C_FindObjects(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE *found, CK_ULONG max,
                        CK_ULONG *count);
CK_RV ref_C_FindObjectsFinal(CK_SESSION_HANDLE s);
CK_RV ref_C_EncryptInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key);
CK_RV ref_C_Encrypt(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                    CK_ULONG *out_len);
CK_RV ref_C_EncryptUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                          CK_ULONG *out_len);
CK_RV ref_C_EncryptFinal(CK_SESSION_HANDLE s, CK_BYTE *out, CK_ULONG *out_len);
CK_RV ref_C_DecryptInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key);
CK_RV ref_C_Decrypt(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                    CK_ULONG *out_len);
CK_RV ref_C_DecryptUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                          CK_ULONG *out_len);
CK_RV ref_C_DecryptFinal(CK_SESSION_HANDLE s, CK_BYTE *out, CK_ULONG *out_len);
CK_RV ref_C_DigestInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech);
CK_RV ref_C_Digest(CK_SESSION_HANDLE s, CK_BYTE *data, CK_ULONG len, CK_BYTE *digest,
                   CK_ULONG *digest_len);
CK_RV ref_C_DigestUpdate(CK_SESSION_HANDLE s, CK_BYTE *part, CK_ULONG len);
CK_RV ref_C_DigestKey(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key);
CK_RV ref_C_DigestFinal(CK_SESSION_HANDLE s, CK_BYTE *digest, CK_ULONG *digest_len);
CK_RV ref_C_SignInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key);
CK_RV ref_C_Sign(CK_SESSION_HANDLE s, CK_BYTE *data, CK_ULONG len, CK_BYTE *sig,
                 CK_ULONG *sig_len);
CK_RV ref_C_SignUpdate(CK_SESSION_HANDLE s, CK_BYTE *part, CK_ULONG len);
CK_RV ref_C_SignFinal(CK_SESSION_HANDLE s, CK_BYTE *sig, CK_ULONG *sig_len);
CK_RV ref_C_SignRecoverInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key);
CK_RV ref_C_SignRecover(CK_SESSION_HANDLE s, CK_BYTE *data, CK_ULONG len, CK_BYTE *sig,
                        CK_ULONG *sig_len);
CK_RV ref_C_VerifyInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key);
CK_RV ref_C_Verify(CK_SESSION_HANDLE s, CK_BYTE *data, CK_ULONG len, CK_BYTE *sig,
                   CK_ULONG sig_len);
CK_RV ref_C_VerifyUpdate(CK_SESSION_HANDLE s, CK_BYTE *part, CK_ULONG len);
CK_RV ref_C_VerifyFinal(CK_SESSION_HANDLE s, CK_BYTE *sig, CK_ULONG sig_len);
CK_RV ref_C_VerifyRecoverInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key);
CK_RV ref_C_VerifyRecover(CK_SESSION_HANDLE s, CK_BYTE *sig, CK_ULONG sig_len, CK_BYTE *data,
                          CK_ULONG *len);
CK_RV ref_C_DigestEncryptUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                                CK_ULONG *out_len);
CK_RV ref_C_DecryptDigestUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                                CK_ULONG *out_len);
CK_RV ref_C_SignEncryptUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                              CK_ULONG *out_len);
CK_RV ref_C_DecryptVerifyUpdate(CK_SESSION_HANDLE s, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                                CK_ULONG *out_len);
CK_RV ref_C_GenerateKey(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                        CK_OBJECT_HANDLE *key);
CK_RV ref_C_GenerateKeyPair(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_ATTRIBUTE *pub_tmpl,
                            CK_ULONG pub_n, CK_ATTRIBUTE *priv_tmpl, CK_ULONG priv_n,
                            CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv);
CK_RV ref_C_WrapKey(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE wrapping,
                    CK_OBJECT_HANDLE key, CK_BYTE *out, CK_ULONG *out_len);
CK_RV ref_C_UnwrapKey(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE unwrapping,
                      CK_BYTE *in, CK_ULONG in_len, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                      CK_OBJECT_HANDLE *key);
CK_RV ref_C_DeriveKey(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE base,
                      CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_HANDLE *key);
CK_RV ref_C_SeedRandom(CK_SESSION_HANDLE s, CK_BYTE *seed, CK_ULONG len);
CK_RV ref_C_GenerateRandom(CK_SESSION_HANDLE s, CK_BYTE *out, CK_ULONG len);
CK_RV ref_C_GetFunctionStatus(CK_SESSION_HANDLE s);
CK_RV ref_C_CancelFunction(CK_SESSION_HANDLE s);
CK_RV ref_C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID *slot, void *reserved);
/* 3.0 */
CK_RV ref_C_GetInterfaceList(struct ref_interface *list, CK_ULONG *count);
CK_RV ref_C_GetInterface(CK_UTF8CHAR *name, CK_VERSION *version, struct ref_interface **iface,
                         CK_FLAGS flags);
CK_RV ref_C_LoginUser(CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR *pin, CK_ULONG pin_len,
                      CK_UTF8CHAR *name, CK_ULONG name_len);
CK_RV ref_C_SessionCancel(CK_SESSION_HANDLE s, CK_FLAGS flags);
CK_RV ref_C_MessageInit(CK_SESSION_HANDLE s, CK_MECHANISM *mech, CK_OBJECT_HANDLE key);
CK_RV ref_C_CryptMessage(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *aad,
                         CK_ULONG aad_len, CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out,
                         CK_ULONG *out_len);
CK_RV ref_C_CryptMessageBegin(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *aad,
                              CK_ULONG aad_len);
CK_RV ref_C_CryptMessageNext(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *in,
                             CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len, CK_FLAGS flags);
CK_RV ref_C_MessageFinal(CK_SESSION_HANDLE s);
CK_RV ref_C_SignMessage(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *data,
                        CK_ULONG len, CK_BYTE *sig, CK_ULONG *sig_len);
CK_RV ref_C_MessageBegin(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len);
CK_RV ref_C_VerifyMessage(CK_SESSION_HANDLE s, void *param, CK_ULONG param_len, CK_BYTE *data,
                          CK_ULONG len, CK_BYTE *sig, CK_ULONG sig_len);

#endif
