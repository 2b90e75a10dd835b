/* interfaces.c - the module's three exported symbols and the function lists behind them.
 *
 * C_GetFunctionList gives the 2.40 list. C_GetInterfaceList / C_GetInterface (PKCS#11 3.0) offer
 * two "PKCS 11" 3.0 interfaces: a plain one, and one flagged CKF_INTERFACE_FORK_SAFE. They differ
 * in one entry, C_Initialize: initialising through the fork-safe list is what turns on fork
 * tolerance (lifecycle.c, rule 5), so the module knows which promise the application took
 * whether it picked the interface by C_GetInterface or from C_GetInterfaceList.
 * These three work in a forked child before C_Initialize, as PKCS#11 requires.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "p11ref.h"

/* The 2.40 entries; only C_Initialize varies between the lists. */
#define FUNCTIONS_2_40(initialize)                                                                 \
  .C_Initialize = initialize, .C_Finalize = ref_C_Finalize, .C_GetInfo = ref_C_GetInfo,           \
  .C_GetFunctionList = C_GetFunctionList, .C_GetSlotList = ref_C_GetSlotList,                      \
  .C_GetSlotInfo = ref_C_GetSlotInfo, .C_GetTokenInfo = ref_C_GetTokenInfo,                        \
  .C_GetMechanismList = ref_C_GetMechanismList, .C_GetMechanismInfo = ref_C_GetMechanismInfo,      \
  .C_InitToken = ref_C_InitToken, .C_InitPIN = ref_C_InitPIN, .C_SetPIN = ref_C_SetPIN,           \
  .C_OpenSession = ref_C_OpenSession, .C_CloseSession = ref_C_CloseSession,                        \
  .C_CloseAllSessions = ref_C_CloseAllSessions, .C_GetSessionInfo = ref_C_GetSessionInfo,          \
  .C_GetOperationState = ref_C_GetOperationState,                                                  \
  .C_SetOperationState = ref_C_SetOperationState, .C_Login = ref_C_Login,                          \
  .C_Logout = ref_C_Logout, .C_CreateObject = ref_C_CreateObject,                                  \
  .C_CopyObject = ref_C_CopyObject, .C_DestroyObject = ref_C_DestroyObject,                        \
  .C_GetObjectSize = ref_C_GetObjectSize, .C_GetAttributeValue = ref_C_GetAttributeValue,          \
  .C_SetAttributeValue = ref_C_SetAttributeValue, .C_FindObjectsInit = ref_C_FindObjectsInit,      \
  .C_FindObjects = ref_C_FindObjects, .C_FindObjectsFinal = ref_C_FindObjectsFinal,                \
  .C_EncryptInit = ref_C_EncryptInit, .C_Encrypt = ref_C_Encrypt,                                  \
  .C_EncryptUpdate = ref_C_EncryptUpdate, .C_EncryptFinal = ref_C_EncryptFinal,                    \
  .C_DecryptInit = ref_C_DecryptInit, .C_Decrypt = ref_C_Decrypt,                                  \
  .C_DecryptUpdate = ref_C_DecryptUpdate, .C_DecryptFinal = ref_C_DecryptFinal,                    \
  .C_DigestInit = ref_C_DigestInit, .C_Digest = ref_C_Digest,                                      \
  .C_DigestUpdate = ref_C_DigestUpdate, .C_DigestKey = ref_C_DigestKey,                            \
  .C_DigestFinal = ref_C_DigestFinal, .C_SignInit = ref_C_SignInit, .C_Sign = ref_C_Sign,         \
  .C_SignUpdate = ref_C_SignUpdate, .C_SignFinal = ref_C_SignFinal,                                \
  .C_SignRecoverInit = ref_C_SignRecoverInit, .C_SignRecover = ref_C_SignRecover,                  \
  .C_VerifyInit = ref_C_VerifyInit, .C_Verify = ref_C_Verify,                                      \
  .C_VerifyUpdate = ref_C_VerifyUpdate, .C_VerifyFinal = ref_C_VerifyFinal,                        \
  .C_VerifyRecoverInit = ref_C_VerifyRecoverInit, .C_VerifyRecover = ref_C_VerifyRecover,          \
  .C_DigestEncryptUpdate = ref_C_DigestEncryptUpdate,                                              \
  .C_DecryptDigestUpdate = ref_C_DecryptDigestUpdate,                                              \
  .C_SignEncryptUpdate = ref_C_SignEncryptUpdate,                                                  \
  .C_DecryptVerifyUpdate = ref_C_DecryptVerifyUpdate, .C_GenerateKey = ref_C_GenerateKey,          \
  .C_GenerateKeyPair = ref_C_GenerateKeyPair, .C_WrapKey = ref_C_WrapKey,                          \
  .C_UnwrapKey = ref_C_UnwrapKey, .C_DeriveKey = ref_C_DeriveKey,                                  \
  .C_SeedRandom = ref_C_SeedRandom, .C_GenerateRandom = ref_C_GenerateRandom,                      \
  .C_GetFunctionStatus = ref_C_GetFunctionStatus, .C_CancelFunction = ref_C_CancelFunction,        \
  .C_WaitForSlotEvent = ref_C_WaitForSlotEvent

/* The 3.0 additions; the message-based functions are not offered. */
#define FUNCTIONS_3_0                                                                              \
  .C_GetInterfaceList = C_GetInterfaceList, .C_GetInterface = C_GetInterface,                      \
  .C_LoginUser = ref_C_LoginUser, .C_SessionCancel = ref_C_SessionCancel,                          \
  .C_MessageEncryptInit = ref_C_MessageInit, .C_EncryptMessage = ref_C_CryptMessage,               \
  .C_EncryptMessageBegin = ref_C_CryptMessageBegin,                                                \
  .C_EncryptMessageNext = ref_C_CryptMessageNext, .C_MessageEncryptFinal = ref_C_MessageFinal,     \
  .C_MessageDecryptInit = ref_C_MessageInit, .C_DecryptMessage = ref_C_CryptMessage,               \
  .C_DecryptMessageBegin = ref_C_CryptMessageBegin,                                                \
  .C_DecryptMessageNext = ref_C_CryptMessageNext, .C_MessageDecryptFinal = ref_C_MessageFinal,     \
  .C_MessageSignInit = ref_C_MessageInit, .C_SignMessage = ref_C_SignMessage,                      \
  .C_SignMessageBegin = ref_C_MessageBegin, .C_SignMessageNext = ref_C_SignMessage,                \
  .C_MessageSignFinal = ref_C_MessageFinal, .C_MessageVerifyInit = ref_C_MessageInit,              \
  .C_VerifyMessage = ref_C_VerifyMessage, .C_VerifyMessageBegin = ref_C_MessageBegin,              \
  .C_VerifyMessageNext = ref_C_VerifyMessage, .C_MessageVerifyFinal = ref_C_MessageFinal

REF_EXPORT CK_RV C_GetInterfaceList(struct ref_interface *list, CK_ULONG *count);
REF_EXPORT CK_RV C_GetInterface(CK_UTF8CHAR *name, CK_VERSION *version,
                                struct ref_interface **iface, CK_FLAGS flags);

static CK_FUNCTION_LIST functions_2_40 = {.version = {2, 40},
                                          FUNCTIONS_2_40(ref_C_Initialize)};

static struct ref_function_list_3_0 functions_3_0 = {
    .v2 = {.version = {3, 0}, FUNCTIONS_2_40(ref_C_Initialize)}, FUNCTIONS_3_0};

static struct ref_function_list_3_0 functions_3_0_fork_safe = {
    .v2 = {.version = {3, 0}, FUNCTIONS_2_40(ref_C_Initialize_fork_safe)}, FUNCTIONS_3_0};

static CK_UTF8CHAR interface_name[] = "PKCS 11";

static struct ref_interface interfaces[] = {
    {interface_name, &functions_3_0, 0},
    {interface_name, &functions_3_0_fork_safe, REF_CKF_INTERFACE_FORK_SAFE},
};
#define INTERFACE_COUNT (sizeof interfaces / sizeof interfaces[0])

REF_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list) {
  if (!list) return CKR_ARGUMENTS_BAD;
  *list = &functions_2_40;
  return CKR_OK;
}

REF_EXPORT CK_RV C_GetInterfaceList(struct ref_interface *list, CK_ULONG *count) {
  if (!count) return CKR_ARGUMENTS_BAD;
  if (!list) {
    *count = INTERFACE_COUNT;
    return CKR_OK;
  }
  if (*count < INTERFACE_COUNT) {
    *count = INTERFACE_COUNT;
    return CKR_BUFFER_TOO_SMALL;
  }
  memcpy(list, interfaces, sizeof interfaces);
  *count = INTERFACE_COUNT;
  return CKR_OK;
}

/* The first interface whose name and version match (NULL matches any) and whose flags include
 * every requested flag. */
REF_EXPORT CK_RV C_GetInterface(CK_UTF8CHAR *name, CK_VERSION *version,
                                struct ref_interface **iface, CK_FLAGS flags) {
  if (!iface) return CKR_ARGUMENTS_BAD;
  for (size_t i = 0; i < INTERFACE_COUNT; i++) {
    const struct ref_function_list_3_0 *f = interfaces[i].pFunctionList;
    if (name && strcmp((const char *)name, (const char *)interfaces[i].pInterfaceName) != 0)
      continue;
    if (version && (version->major != f->v2.version.major ||
                    version->minor != f->v2.version.minor))
      continue;
    if ((interfaces[i].flags & flags) != flags) continue;
    *iface = &interfaces[i];
    return CKR_OK;
  }
  return CKR_ARGUMENTS_BAD; /* no interface makes that promise */
}
