/* pkcs11-3.h - the few PKCS#11 3.0 items the probe needs that p11-kit's 2.40 header lacks.
 *
 * Names, the flag value and the argument order follow the OASIS PKCS#11 3.0 headers
 * (pkcs11t.h: CK_INTERFACE, CKF_INTERFACE_FORK_SAFE; pkcs11f.h: C_GetInterfaceList,
 * C_GetInterface). They are prefixed here so that a newer system header that already
 * declares the real names cannot clash with them.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef PROBE_PKCS11_3_H
#define PROBE_PKCS11_3_H

#include <p11-kit/pkcs11.h>

/* CK_INTERFACE.flags bit: "fork tolerant semantics" (3.0). */
#define PROBE_CKF_INTERFACE_FORK_SAFE 0x00000001UL

/* CK_INTERFACE: a named function list and the promises that come with it. The function list
 * starts with a CK_VERSION, like every PKCS#11 function list. */
struct probe_interface {
  CK_UTF8CHAR *pInterfaceName;
  void *pFunctionList;
  CK_FLAGS flags;
};

typedef CK_RV (*probe_get_interface_list_fn)(struct probe_interface *pInterfacesList,
                                             CK_ULONG *pulCount);
typedef CK_RV (*probe_get_interface_fn)(CK_UTF8CHAR *pInterfaceName, CK_VERSION *pVersion,
                                        struct probe_interface **ppInterface, CK_FLAGS flags);

#endif
