/* lazy-reinit.c - a wrapper that counts forks and re-initialises lazily on first use.
 *
 * A small wrapper that records the process it initialised PKCS#11 in; its
 * pthread_atfork child handler only bumps a counter, and the first use in a new process
 * re-initialises (new session, login, key found again) from ordinary code.
 *
 * Guide: §2.5.2 of the revised guide, page /guide/wrappers-and-runtimes:
 * R-WRAP-LAZY-REINIT, R-WRAP-NO-FINALIZE-IN-CHILD, R-APP-FORGET-HANDLES, R-APP-FINALIZE-OWN-INIT.
 * The same shape as libp11's fork handling.
 * Thread condition: single-threaded at every fork (checked). The atfork handler itself is
 * async-signal-safe (one lock-free atomic increment) and would stay harmless in the child of a
 * multi-threaded process; the lazy re-initialisation would not, which is why it runs on first
 * use and this example forks single-threaded.
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

/* ANCHOR: wrapper */
static atomic_ulong fork_count; /* lock-free, so safe to bump in an atfork child handler */

static void count_fork(void) { atomic_fetch_add(&fork_count, 1); }

struct signer {
  struct p11ex_module *m;
  const struct p11ex_opts *o;
  pid_t pid;               /* process the state below belongs to */
  unsigned long forks;     /* fork_count when it was set up */
  int ready, initialised;  /* initialised: our own C_Initialize returned CKR_OK */
  struct p11ex_session s;
  CK_RV init_rv, login_rv;
};

/* Set up (again) in the current process: ordinary code, never an atfork handler. */
static CK_RV signer_attach(struct signer *w) {
  memset(&w->s, 0, sizeof w->s); /* inherited handles are forgotten, not closed */
  w->ready = 0;
  w->init_rv = w->m->f->C_Initialize(&w->m->init_args);
  if (w->init_rv != CKR_OK && w->init_rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) return w->init_rv;
  w->initialised = w->init_rv == CKR_OK;
  CK_SLOT_ID slot;
  CK_RV rv = p11ex_find_slot(w->m->f, w->o->token, &slot);
  if (rv != CKR_OK) return rv;
  rv = w->m->f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL,
                              &w->s.session);
  if (rv != CKR_OK) return rv;
  w->login_rv = w->m->f->C_Login(w->s.session, CKU_USER, (CK_UTF8CHAR *)w->m->pin,
                                 strlen(w->m->pin));
  if (w->login_rv != CKR_OK && w->login_rv != CKR_USER_ALREADY_LOGGED_IN) return w->login_rv;
  rv = p11ex_find_key(w->m->f, w->s.session, w->o->key_label, CKO_PRIVATE_KEY, &w->s.priv);
  if (rv == CKR_OK)
    rv = p11ex_find_key(w->m->f, w->s.session, w->o->key_label, CKO_PUBLIC_KEY, &w->s.pub);
  if (rv != CKR_OK) return rv;
  w->pid = getpid();
  w->forks = atomic_load(&fork_count);
  w->ready = 1;
  return CKR_OK;
}

/* Every entry point starts with this check: a new process re-initialises on first use. */
static CK_RV signer_sign(struct signer *w, unsigned salt) {
  if (!w->ready || w->pid != getpid() || w->forks != atomic_load(&fork_count)) {
    CK_RV rv = signer_attach(w);
    if (rv != CKR_OK) return rv;
  }
  return p11ex_sign_verify(w->m->f, &w->s, salt);
}

static CK_RV signer_close(struct signer *w) {
  CK_RV rv = CKR_OK;
  if (w->ready && w->pid == getpid()) rv = w->m->f->C_CloseSession(w->s.session);
  /* Finalise only what this process initialised itself. */
  if (rv == CKR_OK && w->initialised && w->pid == getpid()) rv = w->m->f->C_Finalize(NULL);
  w->ready = w->initialised = 0;
  return rv;
}
/* ANCHOR_END: wrapper */

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_module m;
  struct p11ex_tally t;
  struct timespec t0;
  const char *condition = "single-threaded at fork, child uses PKCS#11";
  memset(&t, 0, sizeof t);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  p11ex_parse_args(argc, argv, "lazy-reinit", &o);
  if (p11ex_load(&o, &m) != 0) return 2;
  /* ANCHOR: register */
  if (pthread_atfork(NULL, NULL, count_fork) != 0) return 2;
  struct signer w = {.m = &m, .o = &o};
  /* ANCHOR_END: register */
  P11EX_CHECK("parent sign", signer_sign(&w, 0));

  for (int i = 0; i < o.forks; i++) {
    int threads = p11ex_thread_count();
    p11ex_threads_seen(&t, threads);
    if (threads != 1)
      return p11ex_not_applicable(&o, condition, "the module runs threads of its own", &t, &t0);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 2;
    /* ANCHOR: child-uses-wrapper */
    pid_t pid = fork();
    if (pid == 0) {
      /* The child just uses the wrapper; the first call notices the new process. */
      CK_RV rv = CKR_OK;
      for (unsigned n = 0; n < 3 && rv == CKR_OK; n++) rv = signer_sign(&w, n);
      p11ex_note(fds[1], "child C_Initialize (lazy)", w.init_rv);
      p11ex_note(fds[1], "child C_Login (lazy)", w.login_rv);
      p11ex_note(fds[1], "child sign+verify", rv);
      CK_RV close_rv = signer_close(&w);
      p11ex_note(fds[1], "child close", close_rv);
      _exit(rv == CKR_OK && close_rv == CKR_OK ? 0 : 1);
    }
    /* ANCHOR_END: child-uses-wrapper */
    close(fds[1]);
    if (pid < 0) return 2;
    struct p11ex_child c;
    if (p11ex_track_child(&c, pid, fds[0]) != 0) return 2;
    p11ex_await_child(&c, o.bound_ms);
    p11ex_collect(&t, &c);
    /* The parent keeps its state: the counter moves only in the child. */
    CK_RV rv = signer_sign(&w, (unsigned)i);
    t.parent_checks++;
    if (rv != CKR_OK) {
      t.parent_failures++;
      p11ex_rcs_add(&t.rcs, "parent sign+verify", rv, 1);
    }
  }
  int status = p11ex_finish(&o, condition, 1, 1, &t, &t0);
  P11EX_CHECK("parent close", signer_close(&w));
  return status;
}
