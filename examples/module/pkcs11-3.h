/* pkcs11-3.h - the PKCS#11 3.0 declarations this module needs beyond p11-kit's 2.40 header.
 *
 * Debian 12's <p11-kit/pkcs11.h> stops at 2.40. The names, the flag value and the order of the
 * 24 functions 3.0 appends to the function list are those of the OASIS 3.0 headers
 * (pkcs11f.h, pkcs11t.h); the project's data/pkcs11-identifiers.tsv lists them.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef P11REF_PKCS11_3_H
#define P11REF_PKCS11_3_H

#include <p11-kit/pkcs11.h>

/* CK_INTERFACE flags (3.0). */
#define REF_CKF_INTERFACE_FORK_SAFE 0x00000001UL

/* CK_INTERFACE (3.0): a named function list and what it promises. */
struct ref_interface {
  CK_UTF8CHAR *pInterfaceName;
  void *pFunctionList;
  CK_FLAGS flags;
};

typedef CK_RV (*ref_C_GetInterfaceList_fn)(struct ref_interface *, CK_ULONG *);
typedef CK_RV (*ref_C_GetInterface_fn)(CK_UTF8CHAR *, CK_VERSION *, struct ref_interface **,
                                       CK_FLAGS);
typedef CK_RV (*ref_C_LoginUser_fn)(CK_SESSION_HANDLE, CK_USER_TYPE, CK_UTF8CHAR *, CK_ULONG,
                                    CK_UTF8CHAR *, CK_ULONG);
typedef CK_RV (*ref_C_SessionCancel_fn)(CK_SESSION_HANDLE, CK_FLAGS);
/* C_Message{Encrypt,Decrypt,Sign,Verify}Init */
typedef CK_RV (*ref_message_init_fn)(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE);
/* C_EncryptMessage, C_DecryptMessage */
typedef CK_RV (*ref_crypt_message_fn)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *, CK_ULONG,
                                      CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG *);
/* C_EncryptMessageBegin, C_DecryptMessageBegin */
typedef CK_RV (*ref_crypt_message_begin_fn)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *,
                                            CK_ULONG);
/* C_EncryptMessageNext, C_DecryptMessageNext */
typedef CK_RV (*ref_crypt_message_next_fn)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *,
                                           CK_ULONG, CK_BYTE *, CK_ULONG *, CK_FLAGS);
/* C_Message{Encrypt,Decrypt,Sign,Verify}Final */
typedef CK_RV (*ref_message_final_fn)(CK_SESSION_HANDLE);
/* C_SignMessage, C_SignMessageNext */
typedef CK_RV (*ref_sign_message_fn)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *, CK_ULONG,
                                     CK_BYTE *, CK_ULONG *);
/* C_SignMessageBegin, C_VerifyMessageBegin */
typedef CK_RV (*ref_message_begin_fn)(CK_SESSION_HANDLE, void *, CK_ULONG);
/* C_VerifyMessage, C_VerifyMessageNext */
typedef CK_RV (*ref_verify_message_fn)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *, CK_ULONG,
                                       CK_BYTE *, CK_ULONG);

/* CK_FUNCTION_LIST_3_0: the 2.40 list, then the 3.0 functions in the headers' order. Embedding
 * the 2.40 struct keeps the layout identical, so a 2.x caller can use the same pointer. */
struct ref_function_list_3_0 {
  CK_FUNCTION_LIST v2;
  ref_C_GetInterfaceList_fn C_GetInterfaceList;
  ref_C_GetInterface_fn C_GetInterface;
  ref_C_LoginUser_fn C_LoginUser;
  ref_C_SessionCancel_fn C_SessionCancel;
  ref_message_init_fn C_MessageEncryptInit;
  ref_crypt_message_fn C_EncryptMessage;
  ref_crypt_message_begin_fn C_EncryptMessageBegin;
  ref_crypt_message_next_fn C_EncryptMessageNext;
  ref_message_final_fn C_MessageEncryptFinal;
  ref_message_init_fn C_MessageDecryptInit;
  ref_crypt_message_fn C_DecryptMessage;
  ref_crypt_message_begin_fn C_DecryptMessageBegin;
  ref_crypt_message_next_fn C_DecryptMessageNext;
  ref_message_final_fn C_MessageDecryptFinal;
  ref_message_init_fn C_MessageSignInit;
  ref_sign_message_fn C_SignMessage;
  ref_message_begin_fn C_SignMessageBegin;
  ref_sign_message_fn C_SignMessageNext;
  ref_message_final_fn C_MessageSignFinal;
  ref_message_init_fn C_MessageVerifyInit;
  ref_verify_message_fn C_VerifyMessage;
  ref_message_begin_fn C_VerifyMessageBegin;
  ref_verify_message_fn C_VerifyMessageNext;
  ref_message_final_fn C_MessageVerifyFinal;
};

#endif
