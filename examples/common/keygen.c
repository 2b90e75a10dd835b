/* keygen.c - provision the key pair the fork-pattern examples sign with.
 *
 * Generates the pair (ECDSA P-256, or RSA-2048 with --key-type rsa) as token objects with
 * C_GenerateKeyPair unless a pair with the label exists, signs and verifies once, and prints
 * the module's C_GetInfo for the results file.
 * Illustrates: set-up only (no fork). Requires: a token initialised with a user PIN.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "p11ex.h"

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_module m;
  p11ex_parse_args(argc, argv, "keygen", &o);
  if (p11ex_load(&o, &m) != 0) return 2;
  P11EX_CHECK("C_Initialize", p11ex_initialize(&m));
  p11ex_print_info(m.f);

  CK_SLOT_ID slot;
  CK_SESSION_HANDLE s;
  P11EX_CHECK("find token", p11ex_find_slot(m.f, o.token, &slot));
  P11EX_CHECK("open session and log in", p11ex_open_login(m.f, slot, m.pin, &s));

  struct p11ex_session ks = {s, 0, 0};
  if (p11ex_find_key(m.f, s, o.key_label, CKO_PRIVATE_KEY, &ks.priv) != CKR_OK ||
      p11ex_find_key(m.f, s, o.key_label, CKO_PUBLIC_KEY, &ks.pub) != CKR_OK) {
    static CK_BYTE id[] = {0x01};
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE priv[] = {{CKA_TOKEN, &yes, sizeof yes},
                           {CKA_PRIVATE, &yes, sizeof yes},
                           {CKA_SENSITIVE, &yes, sizeof yes},
                           {CKA_SIGN, &yes, sizeof yes},
                           {CKA_LABEL, (void *)o.key_label, strlen(o.key_label)},
                           {CKA_ID, id, sizeof id}};
    if (o.key_type == P11EX_KEY_RSA) {
      /* RSA-2048 with the usual public exponent 65537. A token that cannot generate keys (a
       * smart card provisioned elsewhere) fails here, naming the key it lacks. */
      static CK_BYTE exponent[] = {0x01, 0x00, 0x01};
      CK_ULONG bits = 2048;
      CK_MECHANISM mech = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
      CK_ATTRIBUTE pub[] = {{CKA_TOKEN, &yes, sizeof yes},
                            {CKA_VERIFY, &yes, sizeof yes},
                            {CKA_MODULUS_BITS, &bits, sizeof bits},
                            {CKA_PUBLIC_EXPONENT, exponent, sizeof exponent},
                            {CKA_LABEL, (void *)o.key_label, strlen(o.key_label)},
                            {CKA_ID, id, sizeof id}};
      P11EX_CHECK("C_GenerateKeyPair (RSA-2048)",
                  m.f->C_GenerateKeyPair(s, &mech, pub, 6, priv, 6, &ks.pub, &ks.priv));
    } else {
      /* DER of the OID prime256v1 (1.2.840.10045.3.1.7), the curve of CKA_EC_PARAMS. */
      static CK_BYTE p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
      CK_MECHANISM mech = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
      CK_ATTRIBUTE pub[] = {{CKA_TOKEN, &yes, sizeof yes},
                            {CKA_VERIFY, &yes, sizeof yes},
                            {CKA_EC_PARAMS, p256, sizeof p256},
                            {CKA_LABEL, (void *)o.key_label, strlen(o.key_label)},
                            {CKA_ID, id, sizeof id}};
      P11EX_CHECK("C_GenerateKeyPair",
                  m.f->C_GenerateKeyPair(s, &mech, pub, 5, priv, 6, &ks.pub, &ks.priv));
    }
  }
  P11EX_CHECK("sign and verify", p11ex_sign_verify(m.f, &ks, 1));
  P11EX_CHECK("C_CloseSession", m.f->C_CloseSession(s));
  P11EX_CHECK("C_Finalize", m.f->C_Finalize(NULL));
  return 0;
}
