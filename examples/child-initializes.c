/* child-initializes.c - a long-lived child initialises PKCS#11 itself, in ordinary code.
 *
 * A long-lived child of a single-threaded parent initialises PKCS#11 from
 * ordinary code, discards every inherited handle, opens its own session, logs in and finds its
 * key again; the parent keeps working.
 *
 * Guide: §2.5.2 of the revised guide, page /guide/applications:
 * R-APP-CHILD-INITIALIZES, R-APP-FORGET-HANDLES, R-APP-FINALIZE-OWN-INIT.
 * Thread condition: single-threaded at every fork (checked; a module that starts threads of
 * its own makes this pattern not applicable). Never from a pthread_atfork handler.
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

/* ANCHOR: child-initializes */
static int child_main(struct p11ex_module *m, const struct p11ex_opts *o, int notes) {
  CK_FUNCTION_LIST *f = m->f;
  /* The child is a new application. Some modules say so (CKR_OK), others keep the parent's
   * state (CKR_CRYPTOKI_ALREADY_INITIALIZED): both are fine. */
  CK_RV init_rv = f->C_Initialize(&m->init_args);
  p11ex_note(notes, "child C_Initialize", init_rv);
  if (init_rv != CKR_OK && init_rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) return 1;

  /* Every session and object handle inherited from the parent is forgotten, not closed: find
   * the token, open a session, log in and find the key again by its attributes. */
  CK_SLOT_ID slot;
  struct p11ex_session s;
  CK_RV rv = p11ex_find_slot(f, o->token, &slot);
  if (rv == CKR_OK) rv = f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL,
                                          &s.session);
  p11ex_note(notes, "child C_OpenSession", rv);
  if (rv != CKR_OK) return 1;
  rv = f->C_Login(s.session, CKU_USER, (CK_UTF8CHAR *)m->pin, strlen(m->pin));
  p11ex_note(notes, "child C_Login", rv);
  if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) return 1; /* inherited login counts */
  rv = p11ex_find_key(f, s.session, o->key_label, CKO_PRIVATE_KEY, &s.priv);
  if (rv == CKR_OK) rv = p11ex_find_key(f, s.session, o->key_label, CKO_PUBLIC_KEY, &s.pub);
  p11ex_note(notes, "child find key", rv);
  if (rv != CKR_OK) return 1;

  for (unsigned i = 0; i < 3 && rv == CKR_OK; i++) rv = p11ex_sign_verify(f, &s, i);
  p11ex_note(notes, "child sign+verify", rv);
  CK_RV close_rv = f->C_CloseSession(s.session);
  p11ex_note(notes, "child C_CloseSession", close_rv);
  /* Finalise only what this process initialised itself. */
  if (init_rv == CKR_OK) {
    CK_RV fin_rv = f->C_Finalize(NULL);
    p11ex_note(notes, "child C_Finalize", fin_rv);
    if (fin_rv != CKR_OK) return 1;
  }
  return rv == CKR_OK && close_rv == CKR_OK ? 0 : 1;
}
/* ANCHOR_END: child-initializes */

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_module m;
  struct p11ex_tally t;
  struct timespec t0;
  const char *condition = "single-threaded at fork, child uses PKCS#11";
  memset(&t, 0, sizeof t);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  p11ex_parse_args(argc, argv, "child-initializes", &o);
  if (p11ex_load(&o, &m) != 0) return 2;
  P11EX_CHECK("C_Initialize", p11ex_initialize(&m));
  struct p11ex_session parent;
  P11EX_CHECK("parent session", p11ex_open_session(m.f, &o, m.pin, &parent));
  P11EX_CHECK("parent sign", p11ex_sign_verify(m.f, &parent, 0));

  for (int i = 0; i < o.forks; i++) {
    int threads = p11ex_thread_count();
    p11ex_threads_seen(&t, threads);
    if (threads != 1)
      return p11ex_not_applicable(&o, condition, "the module runs threads of its own", &t, &t0);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 2;
    /* ANCHOR: fork */
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      _exit(child_main(&m, &o, fds[1]));
    }
    /* ANCHOR_END: fork */
    close(fds[1]);
    if (pid < 0) return 2;
    struct p11ex_child c;
    if (p11ex_track_child(&c, pid, fds[0]) != 0) return 2;
    p11ex_await_child(&c, o.bound_ms);
    p11ex_collect(&t, &c);
    p11ex_parent_check(&t, m.f, &parent);
  }
  int status = p11ex_finish(&o, condition, 1, 1, &t, &t0);
  p11ex_parent_close(m.f, &parent);
  return status;
}
