/* parent-disturbance.c - a child calls C_Finalize; the parent checks that its session works.
 *
 * The 2015 comment behind this project reported modules (OpenSC among them; OpenSC issue #510)
 * in which a child's C_Finalize released state the parent still used, such as the PC/SC context.
 * The parent here is single-threaded at every fork where the module allows it (so POSIX lets
 * the child call the module), keeps its logged-in session, and after each child has exited signs
 * and verifies again. Two children are measured:
 *   --mode control  the child calls C_Finalize without its own C_Initialize, then exits;
 *   --mode reinit   the child calls C_Initialize and C_Finalize (the 2014 advice), then exits.
 * The parent's next call either works, fails (its return code is recorded) or blocks (a bound
 * ends it): "hazard-observed" means the parent was disturbed at least once.
 *
 * Guide: §2.5.2 of the revised guide, page /guide/module-implementers: a module must leave the
 * parent's state alone whatever a child calls (the module behaviour page shows the results).
 * Thread condition: single-threaded parent at fork unless the module runs threads of its own
 * (recorded in threadsAtFork); the child makes only the calls above.
 * Requires: a token with the signing key pair (label --key), the user PIN in $P11EX_PIN.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

/* ANCHOR: child-finalizes */
static int child_main(struct p11ex_module *m, int reinit, int notes) {
  CK_FUNCTION_LIST *f = m->f;
  if (reinit) {
    CK_RV rv = f->C_Initialize(&m->init_args);
    p11ex_note(notes, "child C_Initialize", rv);
  }
  /* Without its own C_Initialize, the child finalises what it inherited: the parent's state. */
  CK_RV rv = f->C_Finalize(NULL);
  p11ex_note(notes, "child C_Finalize", rv);
  return 0;
}
/* ANCHOR_END: child-finalizes */

/* A parent call that never returns is reported from here: async-signal-safe write(2) only. */
static const char *blocked_line;
static void on_parent_bound(int sig) {
  (void)sig;
  ssize_t ignored = write(STDOUT_FILENO, blocked_line, strlen(blocked_line));
  (void)ignored;
  _exit(1);
}

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_module m;
  struct p11ex_tally t;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  memset(&t, 0, sizeof t);
  t.threads_min = 1 << 30;
  p11ex_parse_args(argc, argv, "parent-disturbance", &o);
  int reinit = strcmp(o.mode, "reinit") == 0;
  if (!reinit && strcmp(o.mode, "control") != 0 && o.mode[0] != '\0') {
    fprintf(stderr, "parent-disturbance: --mode is control (default) or reinit\n");
    return 2;
  }
  if (p11ex_load(&o, &m) != 0) return 2;

  /* ANCHOR: parent-keeps-working */
  P11EX_CHECK("C_Initialize", p11ex_initialize(&m));
  struct p11ex_session parent;
  P11EX_CHECK("parent session", p11ex_open_session(m.f, &o, m.pin, &parent));
  P11EX_CHECK("parent sign", p11ex_sign_verify(m.f, &parent, 0));
  static char line[512];
  for (int i = 0; i < o.forks; i++) {
    p11ex_threads_seen(&t, p11ex_thread_count());
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 2;
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      _exit(child_main(&m, reinit, fds[1]));
    }
    close(fds[1]);
    if (pid < 0) return 2;
    struct p11ex_child c;
    if (p11ex_track_child(&c, pid, fds[0]) != 0) return 2;
    p11ex_await_child(&c, o.bound_ms);
    p11ex_collect(&t, &c);
    /* The parent's next call, bounded: a block is a finding, reported by the alarm handler. */
    snprintf(line, sizeof line,
             "P11EX-RESULT {\"pattern\":\"parent-disturbance\",\"mode\":\"%s\",\"condition\":"
             "\"single-threaded parent; child calls C_Finalize\",\"outcome\":\"hazard-observed\","
             "\"reason\":\"the parent's sign/verify after child %d blocked past %d ms\","
             "\"threadsAtFork\":{\"min\":%d,\"max\":%d},\"forks\":%d,\"iterations\":%d,"
             "\"clean\":%d,\"failed\":%d,\"crashes\":%d,\"hangs\":%d,\"stuck\":%d,"
             "\"parentChecks\":%d,\"parentFailures\":%d,\"seconds\":0,\"note\":\"parent blocked\","
             "\"returnCodes\":[]}\n",
             o.mode, i + 1, o.bound_ms, t.threads_min, t.threads_max, o.forks, t.iterations,
             t.clean, t.failed, t.crashes, t.hangs, t.stuck, t.parent_checks + 1,
             t.parent_failures + 1);
    blocked_line = line;
    signal(SIGALRM, on_parent_bound);
    alarm((unsigned)((o.bound_ms + 999) / 1000));
    p11ex_parent_check(&t, m.f, &parent);
    alarm(0);
  }
  /* ANCHOR_END: parent-keeps-working */

  /* Every child must have ended on its own; the parent's failures are the finding. */
  const char *outcome = t.parent_failures > 0 ? "hazard-observed" : "hazard-not-observed";
  char reason[200] = "";
  if (t.clean != t.iterations)
    snprintf(reason, sizeof reason, "children: %d clean, %d failed, %d crashed, %d hung, %d stuck",
             t.clean, t.failed, t.crashes, t.hangs, t.stuck);
  if (t.parent_failures > 0)
    snprintf(t.note, sizeof t.note, "the parent's sign/verify failed after %d of %d children",
             t.parent_failures, t.parent_checks);
  else
    snprintf(t.note, sizeof t.note, "the parent signed and verified after each of %d children",
             t.parent_checks);
  p11ex_report(&o, "single-threaded parent; child calls C_Finalize", outcome, reason, &t,
               p11ex_seconds_since(&t0));
  /* A disturbed parent cannot be trusted to finalise cleanly; it leaves as the child did. */
  if (t.parent_failures == 0) p11ex_parent_close(m.f, &parent);
  return 0;
}
