/* keys.c - the session signing key each scenario process makes, and signing with it.
 *
 * Only session objects (CKA_TOKEN = CK_FALSE) are created, so nothing is left on a real token.
 * EC P-256 comes first because it is quick even on smart cards; RSA 2048 and an HMAC secret
 * are fallbacks for modules without EC. A kind counts only if a test signature works.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "probe.h"

const char *const key_kind_names[4] = {"none", "ec-p256", "rsa-2048", "hmac-sha256"};

/* DER of OBJECT IDENTIFIER 1.2.840.10045.3.1.7 (prime256v1 / secp256r1). */
static const CK_BYTE p256_oid[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

/* A stand-in for a SHA-256 digest: the probe tests whether signing works, not what it signs. */
const CK_BYTE probe_digest[32] = {0x70, 0x72, 0x6f, 0x62, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6b, 0x20,
                                   0x73, 0x69, 0x67, 0x6e, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                   0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11};

static CK_RV gen(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, int logged_in, int kind,
                 CK_OBJECT_HANDLE *out) {
  CK_BBOOL no = CK_FALSE, yes = CK_TRUE;
  /* Private objects need a login on most tokens; without a PIN ask for public ones. */
  CK_BBOOL priv = logged_in ? CK_TRUE : CK_FALSE;
  CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE;
  *out = CK_INVALID_HANDLE;
  if (kind == KEY_EC) {
    CK_MECHANISM mech = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
    CK_ATTRIBUTE pubt[] = {{CKA_TOKEN, &no, sizeof no},
                           {CKA_EC_PARAMS, (void *)p256_oid, sizeof p256_oid},
                           {CKA_VERIFY, &yes, sizeof yes}};
    CK_ATTRIBUTE privt[] = {{CKA_TOKEN, &no, sizeof no},
                            {CKA_PRIVATE, &priv, sizeof priv},
                            {CKA_SIGN, &yes, sizeof yes}};
    return f->C_GenerateKeyPair(s, &mech, pubt, 3, privt, 3, &pub, out);
  }
  if (kind == KEY_RSA) {
    CK_MECHANISM mech = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
    CK_ULONG bits = 2048;
    CK_BYTE e[] = {0x01, 0x00, 0x01};
    CK_ATTRIBUTE pubt[] = {{CKA_TOKEN, &no, sizeof no},
                           {CKA_MODULUS_BITS, &bits, sizeof bits},
                           {CKA_PUBLIC_EXPONENT, e, sizeof e},
                           {CKA_VERIFY, &yes, sizeof yes}};
    CK_ATTRIBUTE privt[] = {{CKA_TOKEN, &no, sizeof no},
                            {CKA_PRIVATE, &priv, sizeof priv},
                            {CKA_SIGN, &yes, sizeof yes}};
    return f->C_GenerateKeyPair(s, &mech, pubt, 4, privt, 3, &pub, out);
  }
  if (kind == KEY_HMAC) {
    CK_MECHANISM mech = {CKM_GENERIC_SECRET_KEY_GEN, NULL, 0};
    CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
    CK_KEY_TYPE kt = CKK_GENERIC_SECRET;
    CK_ULONG len = 32;
    CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof cls},     {CKA_KEY_TYPE, &kt, sizeof kt},
                        {CKA_TOKEN, &no, sizeof no},       {CKA_PRIVATE, &priv, sizeof priv},
                        {CKA_SIGN, &yes, sizeof yes},      {CKA_VALUE_LEN, &len, sizeof len}};
    return f->C_GenerateKey(s, &mech, t, 6, out);
  }
  return CKR_MECHANISM_INVALID;
}

CK_MECHANISM_TYPE key_sign_mechanism(int kind) {
  switch (kind) {
  case KEY_EC: return CKM_ECDSA;
  case KEY_RSA: return CKM_RSA_PKCS;
  default: return CKM_SHA256_HMAC;
  }
}

CK_RV key_sign(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, const struct key *k, CK_RV *init_rv) {
  CK_MECHANISM mech = {key_sign_mechanism(k->kind), NULL, 0};
  CK_RV rv = f->C_SignInit(s, &mech, k->priv);
  if (init_rv) *init_rv = rv;
  if (rv != CKR_OK) return rv;
  CK_BYTE sig[1024];
  CK_ULONG len = sizeof sig;
  return f->C_Sign(s, (CK_BYTE *)probe_digest, sizeof probe_digest, sig, &len);
}

int key_make(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, int logged_in, int prefer,
             struct key *k) {
  (void)prefer;
  static const int order[] = {KEY_EC, KEY_RSA, KEY_HMAC};
  memset(k, 0, sizeof *k);
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    CK_OBJECT_HANDLE h;
    if (gen(f, s, logged_in, order[i], &h) != CKR_OK) continue;
    struct key t = {order[i], h};
    if (key_sign(f, s, &t, NULL) == CKR_OK) {
      *k = t;
      return 0;
    }
    f->C_DestroyObject(s, h); /* a session object, but tidy up a key that cannot sign */
  }
  k->kind = KEY_NONE;
  return -1;
}

CK_RV key_make_like(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, int logged_in, int kind,
                    struct key *k) {
  k->kind = kind;
  return gen(f, s, logged_in, kind, &k->priv);
}
