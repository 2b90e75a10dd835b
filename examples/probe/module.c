/* module.c - loading a PKCS#11 module, initialising it, and finding the token to use.
 *
 * Used by the supervisor (once, to check that the module loads and the PIN works before any
 * fork) and by every scenario runner (which starts from a fresh exec and loads it again).
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

int module_load(struct module *m, const char *path, const char *init_args) {
  memset(m, 0, sizeof *m);
  /* RTLD_LOCAL: the module's symbols must not satisfy anyone else's lookups. */
  m->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!m->handle) {
    const char *e = dlerror();
    snprintf(m->error, sizeof m->error, "cannot load module: %s", e ? e : "dlopen failed");
    return -1;
  }
  /* Where the loader found it (a bare name is searched for), for the fingerprint. */
  struct link_map *lm = NULL;
  if (dlinfo(m->handle, RTLD_DI_LINKMAP, &lm) == 0 && lm && lm->l_name && lm->l_name[0]) {
    if (!realpath(lm->l_name, m->resolved))
      snprintf(m->resolved, sizeof m->resolved, "%s", lm->l_name);
  } else if (!realpath(path, m->resolved)) {
    snprintf(m->resolved, sizeof m->resolved, "%s", path);
  }
  CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(m->handle, "C_GetFunctionList");
  if (!get) {
    snprintf(m->error, sizeof m->error, "module has no C_GetFunctionList symbol");
    return -1;
  }
  CK_RV rv = get(&m->f);
  if (rv != CKR_OK || !m->f) {
    char t[48];
    rv_text(rv, t, sizeof t);
    snprintf(m->error, sizeof m->error, "C_GetFunctionList returned %s%s", t,
             rv == CKR_OK ? " and no function list" : "");
    m->f = NULL;
    return -1;
  }
  /* The application does its own threading; the module may use the OS locks. pReserved carries
   * module-specific parameters (NSS softoken reads its configuration from it). */
  m->args.flags = CKF_OS_LOCKING_OK;
  m->args.pReserved = (void *)init_args;
  return 0;
}

void *module_symbol(struct module *m, const char *name) { return dlsym(m->handle, name); }

CK_RV module_initialize(struct module *m) { return m->f->C_Initialize(&m->args); }

/* Trimmed comparison of a blank-padded 32-byte label with a C string. */
static int label_is(const CK_UTF8CHAR *field, const char *want) {
  size_t n = 32;
  while (n > 0 && (field[n - 1] == ' ' || field[n - 1] == 0)) n--;
  return strlen(want) == n && memcmp(field, want, n) == 0;
}

int find_slot(CK_FUNCTION_LIST *f, const char *label, CK_SLOT_ID *slot, CK_RV *rv, char *err,
              size_t errlen) {
  CK_ULONG n = 0;
  *rv = f->C_GetSlotList(CK_TRUE, NULL, &n);
  if (*rv != CKR_OK) {
    snprintf(err, errlen, "C_GetSlotList failed");
    return -1;
  }
  if (n == 0) {
    snprintf(err, errlen, "no slot with a token present");
    return -1;
  }
  CK_SLOT_ID *ids = calloc(n + 8, sizeof *ids); /* a little slack if a token appears meanwhile */
  if (!ids) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  n += 8;
  *rv = f->C_GetSlotList(CK_TRUE, ids, &n);
  if (*rv != CKR_OK) {
    free(ids);
    snprintf(err, errlen, "C_GetSlotList failed");
    return -1;
  }
  int found = -1;
  for (CK_ULONG i = 0; i < n && found < 0; i++) {
    if (!label) {
      found = (int)i;
      break;
    }
    CK_TOKEN_INFO ti;
    if (f->C_GetTokenInfo(ids[i], &ti) == CKR_OK && label_is(ti.label, label)) found = (int)i;
  }
  if (found < 0) {
    free(ids);
    *rv = CKR_OK;
    snprintf(err, errlen, "no token labelled \"%s\"", label);
    return -1;
  }
  *slot = ids[found];
  free(ids);
  return 0;
}
