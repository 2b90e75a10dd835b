/* fork-safe-interface.c - request CKF_INTERFACE_FORK_SAFE, fall back to re-initialising.
 *
 * Ask the module for a fork-tolerant interface with
 * C_GetInterface(..., CKF_INTERFACE_FORK_SAFE) (PKCS#11 3.0); with it, the child of a
 * single-threaded parent keeps using the inherited session and key handles. Fall back to
 * re-initialising in the child when the module refuses or lacks C_GetInterface.
 *
 * Guide: §2.5.2 of the revised guide, page /guide/applications:
 * R-APP-FORK-SAFE-INTERFACE, R-MOD-FORK-SAFE-INTERFACE.
 * Thread condition: single-threaded at every fork (checked).
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN.
 * The 3.0 declarations come from p11ex.h: the system pkcs11.h is 2.40-era.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

/* ANCHOR: request-fork-safe */
/* Returns the function list of a fork-safe interface, or NULL with the reason in *why. */
static CK_FUNCTION_LIST *fork_safe_functions(void *module, char *why, size_t why_size) {
  p11ex_get_interface_fn get_interface =
      (p11ex_get_interface_fn)dlsym(module, "C_GetInterface");
  if (!get_interface) {
    snprintf(why, why_size, "no C_GetInterface (a PKCS#11 2.x module)");
    return NULL;
  }
  struct p11ex_interface *iface = NULL;
  CK_RV rv = get_interface((CK_UTF8CHAR *)"PKCS 11", NULL, &iface, P11EX_CKF_INTERFACE_FORK_SAFE);
  if (rv != CKR_OK || !iface || !(iface->flags & P11EX_CKF_INTERFACE_FORK_SAFE)) {
    snprintf(why, why_size, "C_GetInterface(CKF_INTERFACE_FORK_SAFE) returned %s",
             p11ex_rv_name(rv));
    return NULL;
  }
  /* The 3.x function lists begin with the version and the 2.x functions, in the same order. */
  return (CK_FUNCTION_LIST *)iface->pFunctionList;
}
/* ANCHOR_END: request-fork-safe */

/* ANCHOR: child-fallback */
/* Without fork-safe semantics the child is a new application (see child-initializes.c). */
static CK_RV child_reinitialise(struct p11ex_module *m, const struct p11ex_opts *o, int notes) {
  CK_RV init_rv = m->f->C_Initialize(&m->init_args);
  p11ex_note(notes, "child C_Initialize", init_rv);
  if (init_rv != CKR_OK && init_rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) return init_rv;
  struct p11ex_session s; /* inherited handles are forgotten */
  CK_RV rv = p11ex_open_session(m->f, o, m->pin, &s);
  p11ex_note(notes, "child session+login+find key", rv);
  if (rv == CKR_OK) rv = p11ex_sign_verify(m->f, &s, (unsigned)getpid());
  if (rv == CKR_OK) rv = m->f->C_CloseSession(s.session);
  if (rv == CKR_OK && init_rv == CKR_OK) rv = m->f->C_Finalize(NULL);
  return rv;
}
/* ANCHOR_END: child-fallback */

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_module m;
  struct p11ex_tally t;
  struct timespec t0;
  const char *condition = "single-threaded at fork, child uses PKCS#11";
  memset(&t, 0, sizeof t);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  p11ex_parse_args(argc, argv, "fork-safe-interface", &o);
  if (p11ex_load(&o, &m) != 0) return 2;
  char why[120];
  CK_FUNCTION_LIST *fork_safe = fork_safe_functions(m.handle, why, sizeof why);
  if (fork_safe) {
    m.f = fork_safe;
    snprintf(t.note, sizeof t.note, "fork-safe interface, version %u.%u", m.f->version.major,
             m.f->version.minor);
  } else {
    snprintf(t.note, sizeof t.note, "fallback: %s", why);
  }
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
    /* ANCHOR: fork */
    pid_t pid = fork();
    if (pid == 0) {
      CK_RV rv;
      if (fork_safe) {
        /* Fork-tolerant semantics: the child has its own copy of the sessions, login state
         * and operation state, so the inherited handles keep working. */
        rv = p11ex_sign_verify(m.f, &parent, (unsigned)getpid());
        p11ex_note(fds[1], "child sign+verify (inherited)", rv);
      } else {
        rv = child_reinitialise(&m, &o, fds[1]);
        p11ex_note(fds[1], "child sign+verify (fallback)", rv);
      }
      _exit(rv == CKR_OK ? 0 : 1);
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
