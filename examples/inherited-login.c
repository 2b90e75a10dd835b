/* inherited-login.c - MEASUREMENT: whether a forked child can sign without knowing the PIN.
 *
 * A single-threaded parent logs in and forks. The child, which is never given the PIN, tries to
 * sign twice: first on the session it inherited, without any call of its own before it (what
 * code handed a forked child could do), then, after its own C_Initialize, on a new session
 * without C_Login. Each attempt is recorded with its return code; the run passes when every
 * child and every parent check ended as expected, whatever the module answered.
 *
 * Guide: §2.5.2 of the revised guide, page /guide/applications: R-APP-FORK-BEFORE-LOGIN.
 * Thread condition: single-threaded at every fork (checked), so that POSIX allows the child's
 * calls.
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN
 * (read by the parent only).
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

/* ANCHOR: child-without-pin */
static void child_main(struct p11ex_module *m, const struct p11ex_opts *o,
                       const struct p11ex_session *inherited, int notes) {
  CK_FUNCTION_LIST *f = m->f;
  /* 1. The parent's session, used as it was inherited: no C_Initialize, no C_Login. */
  p11ex_note(notes, "child sign on inherited session", p11ex_sign_verify(f, inherited, 1));

  /* 2. A new session after the child's own C_Initialize, still without C_Login: private
   * objects are visible only to a logged-in application. */
  CK_RV rv = f->C_Initialize(&m->init_args);
  if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
    p11ex_note(notes, "child sign on new session", rv);
    return;
  }
  CK_SLOT_ID slot;
  struct p11ex_session s;
  rv = p11ex_find_slot(f, o->token, &slot);
  if (rv == CKR_OK) rv = f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s.session);
  if (rv == CKR_OK) rv = p11ex_find_key(f, s.session, o->key_label, CKO_PRIVATE_KEY, &s.priv);
  if (rv == CKR_OK) rv = p11ex_find_key(f, s.session, o->key_label, CKO_PUBLIC_KEY, &s.pub);
  if (rv == CKR_OK) rv = p11ex_sign_verify(f, &s, 2);
  /* CKR_KEY_HANDLE_INVALID here means the private key was not found: not logged in. */
  p11ex_note(notes, "child sign on new session", rv);
}
/* ANCHOR_END: child-without-pin */

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_module m;
  struct p11ex_tally t;
  struct timespec t0;
  const char *condition = "single-threaded at fork, logged-in parent, child without the PIN";
  memset(&t, 0, sizeof t);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  p11ex_parse_args(argc, argv, "inherited-login", &o);
  if (p11ex_load(&o, &m) != 0) return 2;
  P11EX_CHECK("C_Initialize", p11ex_initialize(&m));
  struct p11ex_session parent;
  P11EX_CHECK("parent session", p11ex_open_session(m.f, &o, m.pin, &parent));

  for (int i = 0; i < o.forks; i++) {
    int threads = p11ex_thread_count();
    p11ex_threads_seen(&t, threads);
    if (threads != 1)
      return p11ex_not_applicable(&o, condition, "the module runs threads of its own", &t, &t0);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 2;
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      /* The child never sees the PIN: wipe the parent's copy in this address space. */
      memset(m.pin, 0, sizeof m.pin);
      child_main(&m, &o, &parent, fds[1]);
      _exit(0);
    }
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
