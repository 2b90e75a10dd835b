/* slot-event.c - what C_WaitForSlotEvent answers, without blocking and blocking.
 *
 * The parent initialises the module and asks C_WaitForSlotEvent for an event without blocking
 * (CKF_DONT_BLOCK), then blocking, from a second thread; a blocking call that has not returned
 * after --bound-ms counts as blocking (the program then finalises, which the base
 * specification's description of C_Finalize says makes a waiting C_WaitForSlotEvent return, and
 * leaves). A module whose blocking wait is supported may serve it from a thread of its own or
 * from a thread of the application inside the module; neither exists in a child, where POSIX
 * fork() copies only the calling thread. Prints `RUNTIME-FACT {json}`.
 *
 * Guide: /guide/module-implementers#module-threads, R-MOD-FRESH-CHILD.
 * Thread condition: no fork; two threads (main, and one asking the blocking question).
 * Requires: a module and token as for the fork patterns (only the token's presence is used).
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "p11ex.h"

static struct p11ex_module mod;
static atomic_int waiter_done;
static CK_RV waiter_rv;

static void *wait_blocking(void *arg) {
  (void)arg;
  CK_SLOT_ID slot;
  waiter_rv = mod.f->C_WaitForSlotEvent(0, &slot, NULL);
  atomic_store(&waiter_done, 1);
  return NULL;
}

/* Waits up to ms for the flag; 1 when it was set. */
static int wait_flag(atomic_int *flag, int ms) {
  struct timespec pause = {0, 10 * 1000 * 1000};
  for (int waited = 0; waited < ms; waited += 10) {
    if (atomic_load(flag)) return 1;
    nanosleep(&pause, NULL);
  }
  return atomic_load(flag);
}

int main(int argc, char **argv) {
  struct p11ex_opts o;
  p11ex_parse_args(argc, argv, "slot-event", &o);
  if (p11ex_load(&o, &mod) != 0) return 2;
  P11EX_CHECK("C_Initialize", p11ex_initialize(&mod));
  CK_SLOT_ID slot;
  CK_RV dont_block = mod.f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, NULL);
  pthread_t waiter;
  if (pthread_create(&waiter, NULL, wait_blocking, NULL) != 0) return 2;
  int blocks = !wait_flag(&waiter_done, o.bound_ms);

  p11ex_parent_bound(30);
  CK_RV fin = mod.f->C_Finalize(NULL);
  int waiter_returned = wait_flag(&waiter_done, o.bound_ms);
  p11ex_parent_bound(0);
  if (waiter_returned) pthread_join(waiter, NULL);
  printf("RUNTIME-FACT {\"case\":\"slot-event/wait\",\"dontBlock\":\"%s\",\"blocking\":\"%s\","
         "\"finalize\":\"%s\",\"waiterReturned\":%s}\n",
         p11ex_rv_name(dont_block), blocks ? "blocks" : p11ex_rv_name(waiter_rv), p11ex_rv_name(fin),
         waiter_returned ? "true" : "false");
  fflush(stdout);
  _exit(0); /* a waiter that never returned must not hold up the exit */
}
