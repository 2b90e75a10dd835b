/* mutex-callbacks.c - application-supplied mutex callbacks, and what a child inherits of them.
 *
 * The parent initialises the module with CK_C_INITIALIZE_ARGS carrying CreateMutex,
 * DestroyMutex, LockMutex and UnlockMutex (counting wrappers around pthread mutexes) and without
 * CKF_OS_LOCKING_OK, so the module must lock with the application's functions.
 * --mode calls: which callbacks the module calls at C_Initialize, around a session, login and
 * signature, and at C_Finalize. --mode child: a single-threaded parent forks; the child opens a
 * session and asks for random bytes on the inherited state (its copies of the mutex objects,
 * unlocked). --mode held: the same fork while a second parent thread holds every mutex the
 * module created, as a thread inside the module holds the one it needs: the child's copies stay
 * locked. The child is bounded (hung when blocked in a futex wait past --bound-ms, then killed);
 * the parent signs afterwards. Prints `RUNTIME-FACT {json}`.
 *
 * Guide: /guide/wrappers-and-runtimes#mutex-callbacks, R-WRAP-LAZY-REINIT,
 * R-APP-NO-CALLS-BEFORE-EXEC.
 * Thread condition: --mode child forks single-threaded; --mode held forks with two threads.
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "p11ex.h"

/* ---- the application's mutex callbacks ---------------------------------------------------- */

#define MAX_MUTEXES 4096
static pthread_mutex_t *mutexes[MAX_MUTEXES];
static int n_mutexes;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_long creates, destroys, locks, unlocks;
static pid_t parent_pid;

/* What the child reports, in a shared page (plain stores: async-signal-safe). */
struct record {
  long child_locks;       /* LockMutex calls the child made */
  int child_entered_held; /* the child called LockMutex on a mutex a parent thread held at fork */
  CK_RV open_rv, random_rv;
};
static struct record *rec;
static int was_held(CK_VOID_PTR m);

/* ANCHOR: callbacks */
static CK_RV create_mutex(CK_VOID_PTR_PTR out) {
  pthread_mutex_t *m = malloc(sizeof *m);
  if (!m || pthread_mutex_init(m, NULL) != 0) return CKR_HOST_MEMORY;
  pthread_mutex_lock(&table_lock);
  if (n_mutexes < MAX_MUTEXES) mutexes[n_mutexes++] = m;
  pthread_mutex_unlock(&table_lock);
  atomic_fetch_add(&creates, 1);
  *out = m;
  return CKR_OK;
}

static CK_RV destroy_mutex(CK_VOID_PTR m) {
  pthread_mutex_lock(&table_lock);
  for (int i = 0; i < n_mutexes; i++)
    if (mutexes[i] == m) mutexes[i] = mutexes[--n_mutexes];
  pthread_mutex_unlock(&table_lock);
  atomic_fetch_add(&destroys, 1);
  pthread_mutex_destroy(m);
  free(m);
  return CKR_OK;
}

static CK_RV lock_mutex(CK_VOID_PTR m) {
  atomic_fetch_add(&locks, 1);
  if (getpid() != parent_pid) { /* in the child: record, then block if the copy is locked */
    rec->child_locks++;
    if (was_held(m)) rec->child_entered_held = 1;
  }
  return pthread_mutex_lock(m) == 0 ? CKR_OK : CKR_GENERAL_ERROR;
}

static CK_RV unlock_mutex(CK_VOID_PTR m) {
  atomic_fetch_add(&unlocks, 1);
  return pthread_mutex_unlock(m) == 0 ? CKR_OK : CKR_MUTEX_NOT_LOCKED;
}
/* ANCHOR_END: callbacks */

/* ---- a parent thread that holds every mutex across the fork ------------------------------- */

static atomic_int holding, release;
/* The mutexes the holder locked; the child's copy of this list says which of its copies are
 * locked. */
static pthread_mutex_t *held[MAX_MUTEXES];
static int n_held;

static void *hold_all(void *arg) {
  (void)arg;
  pthread_mutex_lock(&table_lock); /* a snapshot: the table itself is not held across the fork */
  n_held = n_mutexes;
  memcpy(held, mutexes, (size_t)n_held * sizeof *held);
  pthread_mutex_unlock(&table_lock);
  for (int i = 0; i < n_held; i++) pthread_mutex_lock(held[i]);
  atomic_store(&holding, 1);
  while (!atomic_load(&release)) sched_yield();
  for (int i = 0; i < n_held; i++) pthread_mutex_unlock(held[i]);
  return NULL;
}

static int was_held(CK_VOID_PTR m) {
  for (int i = 0; i < n_held; i++)
    if (held[i] == m) return 1;
  return 0;
}

static const char *bool_name(int b) { return b ? "true" : "false"; }

static const char *end_name(enum p11ex_child_end end) {
  switch (end) {
  case P11EX_CHILD_OK: return "exited";
  case P11EX_CHILD_FAILED: return "failed";
  case P11EX_CHILD_CRASHED: return "crashed";
  case P11EX_CHILD_HUNG: return "hung";
  case P11EX_CHILD_STUCK: return "stuck";
  }
  return "unknown";
}

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_module mod;
  p11ex_parse_args(argc, argv, "mutex-callbacks", &o);
  int calls = strcmp(o.mode, "calls") == 0, held = strcmp(o.mode, "held") == 0;
  if (!calls && !held && strcmp(o.mode, "child") != 0) {
    fprintf(stderr, "mutex-callbacks: --mode calls|child|held\n");
    return 2;
  }
  rec = mmap(NULL, sizeof *rec, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (rec == MAP_FAILED) return 2;
  rec->open_rv = rec->random_rv = (CK_RV)-1;
  parent_pid = getpid();
  if (p11ex_load(&o, &mod) != 0) return 2;

  /* ANCHOR: initialize */
  mod.init_args.CreateMutex = create_mutex;
  mod.init_args.DestroyMutex = destroy_mutex;
  mod.init_args.LockMutex = lock_mutex;
  mod.init_args.UnlockMutex = unlock_mutex;
  mod.init_args.flags = 0; /* no CKF_OS_LOCKING_OK: the module must use the callbacks */
  CK_RV init = mod.f->C_Initialize(&mod.init_args);
  /* ANCHOR_END: initialize */
  long created_at_init = atomic_load(&creates);
  if (init != CKR_OK) {
    printf("RUNTIME-FACT {\"case\":\"mutex-callbacks/%s\",\"initialize\":\"%s\"}\n", o.mode,
           p11ex_rv_name(init));
    return 0;
  }
  struct p11ex_session s;
  long locks_before = atomic_load(&locks);
  P11EX_CHECK("parent session", p11ex_open_session(mod.f, &o, mod.pin, &s));
  P11EX_CHECK("parent sign", p11ex_sign_verify(mod.f, &s, 1));
  long locks_in_use = atomic_load(&locks) - locks_before;

  if (calls) {
    int balanced = atomic_load(&locks) == atomic_load(&unlocks);
    p11ex_parent_close(mod.f, &s);
    printf("RUNTIME-FACT {\"case\":\"mutex-callbacks/calls\",\"initialize\":\"%s\","
           "\"createdAtInitialize\":%s,\"lockedInUse\":%s,\"balanced\":%s,"
           "\"destroyedAtFinalize\":%s,\"allDestroyed\":%s}\n",
           p11ex_rv_name(init), bool_name(created_at_init > 0), bool_name(locks_in_use > 0),
           bool_name(balanced), bool_name(atomic_load(&destroys) > 0),
           bool_name(atomic_load(&destroys) == atomic_load(&creates)));
    return 0;
  }

  CK_SLOT_ID slot;
  P11EX_CHECK("find token", p11ex_find_slot(mod.f, o.token, &slot));
  pthread_t holder;
  if (held) {
    if (pthread_create(&holder, NULL, hold_all, NULL) != 0) return 2;
    while (!atomic_load(&holding)) sched_yield();
  }
  int threads = p11ex_thread_count();
  /* ANCHOR: child-calls */
  pid_t pid = fork();
  if (pid == 0) {
    CK_SESSION_HANDLE cs;
    CK_BYTE random[16];
    rec->open_rv = mod.f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &cs);
    if (rec->open_rv == CKR_OK) rec->random_rv = mod.f->C_GenerateRandom(cs, random, sizeof random);
    _exit(0);
  }
  /* ANCHOR_END: child-calls */
  if (pid < 0) return 2;
  if (held) {
    atomic_store(&release, 1);
    pthread_join(holder, NULL);
  }
  struct p11ex_child c;
  if (p11ex_track_child(&c, pid, -1) != 0) return 2;
  p11ex_await_child(&c, o.bound_ms);
  CK_RV after = p11ex_sign_verify(mod.f, &s, 2);
  printf("RUNTIME-FACT {\"case\":\"mutex-callbacks/%s\",\"initialize\":\"%s\","
         "\"threadsAtFork\":%d,\"child\":\"%s\",\"childUsedCallbacks\":%s,"
         "\"childEnteredHeldMutex\":%s,\"childOpenSession\":\"%s\",\"parentSignsAfter\":\"%s\"}\n",
         o.mode, p11ex_rv_name(init), threads, end_name(c.end), bool_name(rec->child_locks > 0),
         bool_name(rec->child_entered_held),
         rec->open_rv == (CK_RV)-1 ? "no answer" : p11ex_rv_name(rec->open_rv),
         p11ex_rv_name(after));
  fflush(stdout);
  p11ex_parent_close(mod.f, &s);
  return after == CKR_OK ? 0 : 1;
}
