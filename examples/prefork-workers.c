/* prefork-workers.c - workers forked before the parent initialises PKCS#11.
 *
 * The parent forks its workers before it initialises PKCS#11; each worker
 * loads and initialises the module as an application of its own.
 *
 * Guide: §2.5.2 of the revised guide, page /guide/applications:
 * R-APP-PREFORK-BEFORE-INIT, R-WRAP-RUNTIMES.
 * Thread condition: single-threaded at every fork, and no module loaded or initialised yet.
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN.
 * --forks is the number of workers; they sign at the same time. They initialise and log in one
 * at a time, passing a one-byte start token through a pipe: SoftHSM 2.6 rewrites its token file
 * on C_Login, and another process initialising at that moment can read it half-written
 * (CKR_TOKEN_NOT_PRESENT, CKR_GENERAL_ERROR) - a multi-process race, not a fork hazard.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

/* ANCHOR: worker */
static int worker_main(const struct p11ex_opts *o, int gate[2], int notes) {
  struct p11ex_module m;
  struct p11ex_session s;
  char token;
  if (read(gate[0], &token, 1) != 1) return 2; /* wait for the start token */
  if (p11ex_load(o, &m) != 0) return 2;
  CK_RV rv = p11ex_initialize(&m); /* nothing was inherited: this is the first C_Initialize */
  p11ex_note(notes, "worker C_Initialize", rv);
  if (rv == CKR_OK) {
    rv = p11ex_open_session(m.f, o, m.pin, &s);
    p11ex_note(notes, "worker session, login, find key", rv);
  }
  if (write(gate[1], &token, 1) != 1) return 2; /* pass the start token on */
  if (rv != CKR_OK) return 1;
  for (unsigned i = 0; i < 5 && rv == CKR_OK; i++) rv = p11ex_sign_verify(m.f, &s, i);
  p11ex_note(notes, "worker sign+verify", rv);
  CK_RV fin_rv = m.f->C_Finalize(NULL);
  p11ex_note(notes, "worker C_Finalize", fin_rv);
  return rv == CKR_OK && fin_rv == CKR_OK ? 0 : 1;
}
/* ANCHOR_END: worker */

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_tally t;
  struct timespec t0;
  memset(&t, 0, sizeof t);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  p11ex_parse_args(argc, argv, "prefork-workers", &o);
  struct p11ex_child *workers = calloc((size_t)o.forks, sizeof *workers);
  if (!workers) return 2;

  int gate[2];
  if (pipe2(gate, O_CLOEXEC) != 0) return 2;
  /* ANCHOR: prefork */
  for (int i = 0; i < o.forks; i++) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 2;
    p11ex_threads_seen(&t, p11ex_thread_count());
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      _exit(worker_main(&o, gate, fds[1]));
    }
    close(fds[1]);
    if (pid < 0 || p11ex_track_child(&workers[i], pid, fds[0]) != 0) return 2;
  }
  /* Only now does the parent become a PKCS#11 application itself. */
  struct p11ex_module m;
  if (p11ex_load(&o, &m) != 0) return 2;
  P11EX_CHECK("C_Initialize", p11ex_initialize(&m));
  /* ANCHOR_END: prefork */
  struct p11ex_session parent;
  P11EX_CHECK("parent session", p11ex_open_session(m.f, &o, m.pin, &parent));
  if (write(gate[1], "g", 1) != 1) return 2; /* let the first worker start */
  for (int i = 0; i < o.forks; i++) {
    p11ex_await_child(&workers[i], o.bound_ms);
    p11ex_collect(&t, &workers[i]);
    p11ex_parent_check(&t, m.f, &parent);
  }
  int status = p11ex_finish(&o, "single-threaded at fork, before C_Initialize", 1, 1, &t, &t0);
  p11ex_parent_close(m.f, &parent);
  free(workers);
  close(gate[0]);
  close(gate[1]);
  return status;
}
