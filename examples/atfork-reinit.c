/* atfork-reinit.c - ANTI-PATTERN: C_Initialize in an atfork handler of a threaded parent.
 *
 * --mode reinit: C_Initialize in a pthread_atfork child handler while other threads of the
 * parent are inside the module. --mode control: the same fork without any re-initialisation,
 * where the child makes one ordinary call (C_OpenSession, then C_GenerateRandom).
 *
 * Guide: §2.5.2 of the revised guide, page /guide/applications:
 * R-APP-NO-CALLS-BEFORE-EXEC, R-APP-NO-INIT-FINALIZE-PAIR.
 * Thread condition: multi-threaded at every fork (main thread + --threads workers that call
 * into the module without pause). POSIX lets such a child call only async-signal-safe functions
 * until it execs; no PKCS#11 function is one.
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN.
 * Do not copy this file's handler: it is here to be observed hanging and crashing.
 * Every child is bounded: one still running after --bound-ms that is blocked (a futex wait, or
 * a socket or poll wait for daemon-backed modules) is counted as hung, then killed. Each child
 * reports, from a fork handler that runs before any other, whether one of the workers was
 * inside the module at the moment of fork: the share of such forks is the run's load.
 * The parent's own calls are bounded too (PARENT_BOUND_S). After each fork the parent signs and
 * verifies: a fork after which that check failed, or after which one of the parent's worker
 * threads saw an error, counts as parent damage, a hazard event like a hung or crashed child (a
 * child calling the module on the parent's inherited daemon connection can break the parent; the
 * damage reaches whichever of the parent's threads uses the connection next). The parent prints
 * its counts after every check (P11EX-PROGRESS), so a run whose parent blocks or crashes keeps
 * its data up to that moment.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

/* The parent's own calls get this long before the run records the parent as blocked. */
#define PARENT_BOUND_S 30

static struct p11ex_module mod;
static volatile CK_RV handler_rv = (CK_RV)-1;

/* ANCHOR: atfork-handler */
/* WRONG: runs in the child of a multi-threaded parent, where a lock held by a parent thread at
 * the moment of fork stays locked forever. C_Initialize is not async-signal-safe. */
static void reinitialise_in_child(void) { handler_rv = mod.f->C_Initialize(&mod.init_args); }
/* ANCHOR_END: atfork-handler */

/* The parent was damaged after fork i (0-based): counted once however many of its calls failed. */
static void parent_damaged_after(struct p11ex_tally *t, unsigned char *damaged, int i) {
  if (!damaged[i]) t->parent_damaged++, damaged[i] = 1;
}

/* Forks with a hazard event so far: a child that ended hung or crashed, or a parent damaged after
 * that fork. A fork with both counts once, so the count is a share of the forks. */
static void count_hazard_forks(struct p11ex_tally *t, int made, const struct p11ex_child *children,
                               const int *ended, const unsigned char *damaged) {
  t->hazard_forks = 0;
  t->last_fork_event = 0;
  for (int i = 0; i < made; i++) {
    int event = damaged[i] || (ended[i] && (children[i].end == P11EX_CHILD_HUNG ||
                                            children[i].end == P11EX_CHILD_CRASHED));
    t->hazard_forks += event;
    if (i == made - 1) t->last_fork_event = event;
  }
  t->last_fork_damaged = damaged[made - 1];
}

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_tally t;
  struct timespec t0;
  memset(&t, 0, sizeof t);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  p11ex_parse_args(argc, argv, "atfork-reinit", &o);
  if (!o.mode[0]) o.mode = "reinit";
  int reinit = strcmp(o.mode, "reinit") == 0;
  if (!reinit && strcmp(o.mode, "control") != 0) {
    fprintf(stderr, "atfork-reinit: --mode must be reinit or control\n");
    return 2;
  }
  if (o.threads < 1) {
    fprintf(stderr, "atfork-reinit: the hazard needs --threads >= 1\n");
    return 2;
  }
  if (p11ex_load(&o, &mod) != 0) return 2;
  P11EX_CHECK("C_Initialize", p11ex_initialize(&mod));
  CK_SLOT_ID slot;
  struct p11ex_session parent;
  P11EX_CHECK("find token", p11ex_find_slot(mod.f, o.token, &slot));
  P11EX_CHECK("parent session", p11ex_open_session(mod.f, &o, mod.pin, &parent));

  /* The observer first: child handlers run in the order they were registered, so it reports
   * before the re-initialisation can hang. */
  if (p11ex_observe_forks() != 0) return 2;
  struct p11ex_workers *workers = p11ex_workers_start(mod.f, &o, mod.pin, o.threads, 1);
  if (!workers) return 2;
  if (reinit && pthread_atfork(NULL, NULL, reinitialise_in_child) != 0) return 2;

  /* Children that have not ended yet are kept here and examined at the end, so that a hung
   * child costs one bound for the whole run instead of one per fork. */
  struct p11ex_child *children = calloc((size_t)o.forks, sizeof *children);
  int *ended = calloc((size_t)o.forks, sizeof *ended);
  unsigned char *damaged = calloc((size_t)o.forks, sizeof *damaged);
  int hung_in_handler = 0;
  long errors_before_forks = 0;
  if (!children || !ended || !damaged) return 2;

  for (int i = 0; i < o.forks; i++) {
    /* Worker errors since the previous fork's check follow that fork; before the first fork,
     * nothing the children did can explain them. */
    if (p11ex_workers_take_errors(workers, &t) > 0) {
      if (i == 0)
        errors_before_forks = t.worker_errors;
      else
        parent_damaged_after(&t, damaged, i - 1);
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 2;
    p11ex_threads_seen(&t, p11ex_thread_count());
    p11ex_observe_next_fork(fds[1]);
    /* ANCHOR: fork-with-threads */
    pid_t pid = fork();
    if (pid == 0) {
      /* Child of a multi-threaded parent: report (write(2) is async-signal-safe), then make one
       * ordinary call - even that can block on a lock another parent thread held. */
      if (reinit) p11ex_note(fds[1], "C_Initialize (atfork handler)", handler_rv);
      CK_SESSION_HANDLE s;
      CK_RV rv = mod.f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s);
      p11ex_note(fds[1], "child C_OpenSession", rv);
      if (rv == CKR_OK) {
        CK_BYTE random[16];
        p11ex_note(fds[1], "child C_GenerateRandom",
                   mod.f->C_GenerateRandom(s, random, sizeof random));
      }
      _exit(0);
    }
    /* ANCHOR_END: fork-with-threads */
    if (pid < 0) return 2;
    close(fds[1]);
    p11ex_fork_made(i + 1);
    if (p11ex_track_child(&children[i], pid, fds[0]) != 0) return 2;
    if (p11ex_wait_child(&children[i], 20, o.bound_ms)) {
      p11ex_collect(&t, &children[i]);
      ended[i] = 1;
    } else {
      p11ex_take_fork_note(&t, &children[i]);
    }
    /* The parent must keep working whatever its children did; a parent that blocks is an
     * outcome the harness records (the bound ends the program), not a stuck run. */
    p11ex_parent_bound(PARENT_BOUND_S);
    if (p11ex_parent_check(&t, mod.f, &parent) != 0) parent_damaged_after(&t, damaged, i);
    p11ex_parent_bound(0);
    if (p11ex_workers_take_errors(workers, &t) > 0) parent_damaged_after(&t, damaged, i);
    count_hazard_forks(&t, i + 1, children, ended, damaged);
    p11ex_progress(&o, &t, i + 1, p11ex_seconds_since(&t0));
  }
  for (int i = 0; i < o.forks; i++) {
    if (ended[i]) continue;
    p11ex_await_child(&children[i], o.bound_ms);
    p11ex_collect(&t, &children[i]);
    ended[i] = 1;
    if (reinit && children[i].end == P11EX_CHILD_HUNG && children[i].notes_seen == 0)
      hung_in_handler++;
  }
  count_hazard_forks(&t, o.forks, children, ended, damaged);
  p11ex_progress(&o, &t, o.forks, p11ex_seconds_since(&t0));
  /* A check or worker error once every child has ended counts for the last fork (it was
   * followed by a damaged parent), unless that fork counts already. */
  p11ex_parent_bound(PARENT_BOUND_S);
  if (p11ex_parent_check(&t, mod.f, &parent) != 0)
    parent_damaged_after(&t, damaged, o.forks - 1);
  long taken = t.worker_errors;
  p11ex_workers_stop(workers, &t);
  if (t.worker_errors > taken)
    parent_damaged_after(&t, damaged, o.forks - 1);
  count_hazard_forks(&t, o.forks, children, ended, damaged);
  /* A damaged parent's clean-up may fail as well: its return codes are recorded, and it fails
   * the run only when the parent had passed every check. */
  CK_RV close_rv = mod.f->C_CloseSession(parent.session);
  if (close_rv != CKR_OK) p11ex_rcs_add(&t.rcs, "parent C_CloseSession", close_rv, 1);
  CK_RV finalize_rv = mod.f->C_Finalize(NULL);
  if (finalize_rv != CKR_OK) p11ex_rcs_add(&t.rcs, "parent C_Finalize", finalize_rv, 1);
  p11ex_parent_bound(0);
  snprintf(t.note + strlen(t.note), sizeof t.note - strlen(t.note), "; %d hung in the handler",
           hung_in_handler);

  /* A hazard run is not pass or fail: it observes the hazard or not. Its events are hung or
   * crashed children and forks after which the parent's check or workers failed. A child
   * neither finished nor provably blocked, too few threads at a fork, workers that failed
   * before the first fork, or a parent whose clean-up failed while it was never damaged, is a
   * failure of the run. */
  const char *outcome =
      t.hazard_forks > 0 ? "hazard-observed" : "hazard-not-observed";
  char reason[240] = "";
  size_t used = 0;
  if (t.stuck)
    used += (size_t)snprintf(reason + used, sizeof reason - used, "%s%d children stuck",
                             used ? "; " : "", t.stuck);
  if (errors_before_forks)
    used += (size_t)snprintf(reason + used, sizeof reason - used,
                             "%sthe parent's workers saw %ld errors before the first fork",
                             used ? "; " : "", errors_before_forks);
  if (t.parent_damaged == 0 && (close_rv != CKR_OK || finalize_rv != CKR_OK))
    used += (size_t)snprintf(reason + used, sizeof reason - used,
                             "%sthe parent's clean-up failed while it was never damaged",
                             used ? "; " : "");
  if (t.threads_min < 1 + o.threads)
    used += (size_t)snprintf(reason + used, sizeof reason - used,
                             "%sthreads at fork %d (want >= %d)", used ? "; " : "",
                             t.threads_min, 1 + o.threads);
  if (used) outcome = "fail";
  p11ex_report(&o, "multi-threaded parent, child calls PKCS#11", outcome, reason, &t,
               p11ex_seconds_since(&t0));
  free(children);
  free(ended);
  free(damaged);
  return strcmp(outcome, "fail") == 0;
}
