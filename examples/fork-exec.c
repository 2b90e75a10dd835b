/* fork-exec.c - a multi-threaded PKCS#11 application forks and the child execs at once.
 *
 * A multi-threaded parent that uses a PKCS#11 module forks and the child execs
 * at once, calling no PKCS#11 function in between; the parent keeps working.
 *
 * Guide: §2.5.2 of the revised guide, page /guide/applications:
 * R-APP-NO-CALLS-BEFORE-EXEC, R-APP-EXEC-NEEDS-NOTHING, R-APP-NO-INIT-FINALIZE-PAIR.
 * Thread condition: multi-threaded parent at every fork (main thread + --threads workers that
 * keep signing inside the module). The child runs only async-signal-safe code (execv, _exit)
 * until the exec: no C_Initialize/C_Finalize "hygiene" pair, which could deadlock there.
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN.
 * The exec'd program is this file again with --exec-child; every tenth one runs as a PKCS#11
 * application of its own (initialise, sign, verify, finalise), the others exit at once.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_module m;
  struct p11ex_tally t;
  struct timespec t0;
  memset(&t, 0, sizeof t);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  p11ex_parse_args(argc, argv, "fork-exec", &o);
  if (o.exec_child && strcmp(o.mode, "app") != 0) return 0;
  if (p11ex_load(&o, &m) != 0) return 2;
  if (o.exec_child) return p11ex_app_once(&o, &m, -1); /* after exec: a fresh application */

  P11EX_CHECK("C_Initialize", p11ex_initialize(&m));
  struct p11ex_session parent;
  P11EX_CHECK("parent session", p11ex_open_session(m.f, &o, m.pin, &parent));
  struct p11ex_workers *workers = p11ex_workers_start(m.f, &o, m.pin, o.threads, 0);
  if (!workers) return 2;

  /* Everything the child needs is prepared before fork: after it, no malloc, no stdio. */
  char **quick_argv = calloc((size_t)argc + 2, sizeof *quick_argv);
  char **app_argv = calloc((size_t)argc + 4, sizeof *app_argv);
  if (!quick_argv || !app_argv) return 2;
  memcpy(quick_argv, argv, (size_t)argc * sizeof *argv);
  memcpy(app_argv, argv, (size_t)argc * sizeof *argv);
  quick_argv[argc] = app_argv[argc] = "--exec-child";
  app_argv[argc + 1] = "--mode";
  app_argv[argc + 2] = "app";

  for (int i = 0; i < o.forks; i++) {
    char **child_argv = i % 10 == 0 ? app_argv : quick_argv;
    p11ex_threads_seen(&t, p11ex_thread_count());
    /* ANCHOR: fork-then-exec */
    pid_t pid = fork();
    if (pid == 0) {
      /* Child of a multi-threaded process: async-signal-safe calls only, then exec. */
      execv("/proc/self/exe", child_argv);
      _exit(127);
    }
    /* ANCHOR_END: fork-then-exec */
    if (pid < 0) return 2;
    struct p11ex_child c;
    if (p11ex_track_child(&c, pid, -1) != 0) return 2;
    p11ex_await_child(&c, o.bound_ms);
    p11ex_collect(&t, &c);
    p11ex_parent_check(&t, m.f, &parent); /* the parent keeps working after every child */
  }
  p11ex_workers_stop(workers, &t);
  int status = p11ex_finish(&o, "multi-threaded parent, child calls no PKCS#11 function",
                            1 + o.threads, 1000, &t, &t0);
  p11ex_parent_close(m.f, &parent);
  free(quick_argv);
  free(app_argv);
  return status;
}
