/* posix-spawn.c - a multi-threaded PKCS#11 application starts programs with posix_spawn.
 *
 * A multi-threaded parent that uses a PKCS#11 module starts a program with
 * posix_spawn(3): no code of ours runs between fork and exec; the parent keeps working.
 *
 * Guide: §2.5.2 of the revised guide, page /guide/applications:
 * R-APP-EXEC-NEEDS-NOTHING.
 * Thread condition: multi-threaded parent at every fork (main thread + --threads workers that
 * keep signing inside the module). posix_spawn leaves the window between fork and exec to
 * the C library, so no application code (and no PKCS#11 call) can run in it.
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN.
 * The exec'd program is this file again with --exec-child; every tenth one runs as a PKCS#11
 * application of its own (initialise, sign, verify, finalise), the others exit at once.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <spawn.h>
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
  p11ex_parse_args(argc, argv, "posix-spawn", &o);
  if (o.exec_child && strcmp(o.mode, "app") != 0) return 0;
  if (p11ex_load(&o, &m) != 0) return 2;
  if (o.exec_child) return p11ex_app_once(&o, &m, -1); /* after exec: a fresh application */

  P11EX_CHECK("C_Initialize", p11ex_initialize(&m));
  struct p11ex_session parent;
  P11EX_CHECK("parent session", p11ex_open_session(m.f, &o, m.pin, &parent));
  struct p11ex_workers *workers = p11ex_workers_start(m.f, &o, m.pin, o.threads, 0);
  if (!workers) return 2;

  /* The new program's arguments: this program again, as a fresh application. */
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
    /* ANCHOR: spawn */
    pid_t pid;
    int err = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, child_argv, environ);
    if (err != 0) {
      fprintf(stderr, "posix_spawn: %s\n", strerror(err));
      return 2;
    }
    /* ANCHOR_END: spawn */
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
