/* lifecycle.c - C_Initialize, C_Finalize and every fork rule of the reference module.
 *
 * Read this file as the template. The rules, each marked RULE below:
 *  1. Detect a fork cheaply and async-signal-safely: a pid check at every entry point, plus an
 *     atfork child handler that only counts forks (and drops the child's copy of a descriptor).
 *  2. In a child, every function answers CKR_CRYPTOKI_NOT_INITIALIZED until the child calls
 *     C_Initialize; C_GetFunctionList and C_GetInterface* keep working.
 *  3. C_Initialize in a child abandons the inherited state without locking, unlocking or
 *     destroying anything in it, opens its own connection and returns CKR_OK: the child is a
 *     new application, not logged in.
 *  4. Nothing a child does - C_Initialize, C_Finalize, exit() running destructors, _exit() -
 *     sends a byte over, shuts down, or releases what its parent still uses. C_Finalize in a
 *     child that never initialised returns CKR_CRYPTOKI_NOT_INITIALIZED and touches nothing.
 *  5. Opt-in fork tolerance (CKF_INTERFACE_FORK_SAFE, PKCS#11 3.0): the child keeps copies of its
 *     sessions, login state and operation state, carried over its own new connection. That needs
 *     the module's lock to be consistent in the child, which is what prepare/parent/child
 *     handlers that take and release the module's own lock are for.
 * Sources: POSIX fork() and pthread_atfork() (rationale), the async-signal-safe list in POSIX
 * "Signal Concepts"; PKCS#11 base specification 2.40 §5.4 / 3.0 §5.4 (C_Initialize, C_Finalize)
 * and 3.0 §5.4 CK_INTERFACE flags; how p11-kit (common/library.c count_forks, rpc-client.c) and
 * SoftHSM2 (SoftHSM::detectFork) detect forks.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p11ref.h"

/* This process's state, or NULL. A forked child starts with its parent's pointer. */
static struct ref_state *_Atomic current;

/* RULE 1: incremented by the atfork child handler. Lock-free atomics are async-signal-safe. */
static atomic_ulong fork_generation;

/* The descriptor of this process's own daemon connection, or -1: kept outside the state so
 * that the child handler never has to read a state a parent thread may have been freeing. */
static atomic_int owned_fd = -1;

/* Set by the prepare handler when it took current->lock for a fork-tolerant state, so that the
 * parent and child handlers release exactly what prepare took. */
static struct ref_state *locked_for_fork;
/* In the child: whether the inherited lock was released by the child handler, i.e. whether the
 * inherited state may be adopted (rule 5). */
static int inherited_consistent;

void ref_own_descriptor(int fd) { atomic_store(&owned_fd, fd); }

void ref_disown_descriptor(int fd) { atomic_compare_exchange_strong(&owned_fd, &fd, -1); }

/* ANCHOR: owned-here */
/* RULE 1: the state belongs to this process. The pid check also covers processes created
 * without running atfork handlers (a raw clone()); the counter covers a grandchild that got
 * its grandparent's recycled pid. getpid() is a system call on glibc >= 2.25 (no cache), and
 * async-signal-safe. */
static int owned_here(const struct ref_state *st) {
  return st->pid == getpid() && st->fork_gen == atomic_load(&fork_generation);
}
/* ANCHOR_END: owned-here */

/* ---- the atfork handlers ------------------------------------------------------------------ */

/* ANCHOR: prepare-parent */
/* RULE 5: only a fork-tolerant state needs its lock carried across fork. Taking the module's
 * own lock here, so that no other thread is half-way through changing the state at the moment
 * of fork, is the use POSIX's pthread_atfork() rationale describes. pthread_mutex_lock is not on
 * the async-signal-safe list, but the prepare handler runs in the parent before fork, where any
 * function may run. */
static void before_fork(void) {
  struct ref_state *st = atomic_load(&current);
  /* An inherited fork-tolerant copy not used yet is consistent too (its child handler ran). */
  if (st && st->fork_tolerant && (owned_here(st) || inherited_consistent)) {
    pthread_mutex_lock(&st->lock);
    locked_for_fork = st;
  }
}

static void after_fork_in_parent(void) {
  struct ref_state *st = locked_for_fork;
  locked_for_fork = NULL;
  if (st) pthread_mutex_unlock(&st->lock);
}
/* ANCHOR_END: prepare-parent */

/* ANCHOR: child-handler */
/* The child handler runs in the child of a possibly multi-threaded parent, where only
 * async-signal-safe functions may run. Everything here is: an atomic increment, an atomic
 * exchange, close(). Unlocking the mutex prepare took is the one exception, made only for a
 * fork-tolerant state: the forking thread locked it, and that thread is the child's only
 * thread, so the unlock is by the owner (glibc's own locks around fork work the same way). */
static void after_fork_in_child(void) {
  atomic_fetch_add(&fork_generation, 1);
  /* RULE 4: the child's copy of the parent's connection is closed here, while the descriptor
   * number certainly still names it (later, the application may have closed it and opened a
   * file under the same number). close() drops this process's reference only; the parent's
   * socket stays open and the daemon sees nothing (no end of file, no byte). shutdown() would
   * act on the shared socket: never call it in a child. */
  int fd = atomic_exchange(&owned_fd, -1);
  if (fd >= 0) close(fd);
  struct ref_state *st = locked_for_fork;
  locked_for_fork = NULL;
  inherited_consistent = st != NULL;
  if (st) pthread_mutex_unlock(&st->lock);
}
/* ANCHOR_END: child-handler */

/* Registered once, when the module is loaded (before the application can register handlers
 * of its own, so ours run first in the child). glibc removes them when the module is
 * unloaded (dlclose), so they never point into unmapped code. */
__attribute__((constructor)) static void on_load(void) {
  pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
}

/* ---- entering a function ------------------------------------------------------------------ */

/* RULE 5: the first call in a fork-tolerant child makes the inherited copy this process's own:
 * a new connection, and the parent's login carried over by the daemon (CLONE_LOGIN with the
 * parent connection's ticket), so the module never has to keep the PIN. Sessions, object
 * handles and operation state are already here: fork copied them. */
static CK_RV adopt_inherited(struct ref_state *st) {
  pthread_mutex_lock(&st->lock);
  if (owned_here(st)) return CKR_OK; /* another thread of this child was first */
  uint8_t parent_ticket[REF_TICKET_LEN];
  memcpy(parent_ticket, st->ticket, sizeof parent_ticket);
  int parent_logged_in = st->logged_in;
  st->fd = -1; /* the child handler closed this process's copy */
  CK_RV rv = ref_connect(st);
  if (rv == CKR_OK && parent_logged_in) {
    ref_buf_reset(&st->req);
    ref_put_bytes(&st->req, parent_ticket, sizeof parent_ticket);
    rv = ref_call(st, REF_OP_CLONE_LOGIN);
    if (rv == CKR_OK) st->logged_in = (int)ref_get_u32(&st->rep);
  }
  if (rv != CKR_OK) {
    ref_disconnect(st, 0);
    pthread_mutex_unlock(&st->lock);
    return CKR_DEVICE_ERROR;
  }
  st->pid = getpid();
  st->fork_gen = atomic_load(&fork_generation);
  ref_own_descriptor(st->fd);
  return CKR_OK;
}

/* ANCHOR: enter */
CK_RV ref_enter(struct ref_state **out) {
  struct ref_state *st = atomic_load(&current);
  if (!st) return CKR_CRYPTOKI_NOT_INITIALIZED;
  if (!owned_here(st)) {
    /* RULE 2: the inherited state is the parent's. Do not look further into it. */
    if (!(st->fork_tolerant && inherited_consistent)) return CKR_CRYPTOKI_NOT_INITIALIZED;
    CK_RV rv = adopt_inherited(st);
    if (rv != CKR_OK) return rv;
  } else {
    pthread_mutex_lock(&st->lock);
  }
  *out = st;
  return CKR_OK;
}
/* ANCHOR_END: enter */

void ref_leave(struct ref_state *st) { pthread_mutex_unlock(&st->lock); }

/* ---- C_Initialize ------------------------------------------------------------------------- */

/* CK_C_INITIALIZE_ARGS: the module uses OS locking (pthreads); an application that supplies
 * only its own mutex functions gets CKR_CANT_LOCK, as the specification allows. pReserved may
 * hold "socket=PATH" (the daemon's socket; otherwise $P11REF_SOCKET). */
static CK_RV read_init_args(const CK_C_INITIALIZE_ARGS *args, char *socket_path, size_t size) {
  const char *path = getenv(REF_SOCKET_ENV);
  if (args) {
    int supplied = (args->CreateMutex != NULL) + (args->DestroyMutex != NULL) +
                   (args->LockMutex != NULL) + (args->UnlockMutex != NULL);
    if (supplied != 0 && supplied != 4) return CKR_ARGUMENTS_BAD;
    if (supplied == 4 && !(args->flags & CKF_OS_LOCKING_OK)) return CKR_CANT_LOCK;
    const char *reserved = args->pReserved;
    if (reserved && strncmp(reserved, "socket=", 7) == 0) path = reserved + 7;
    else if (reserved && reserved[0]) return CKR_ARGUMENTS_BAD;
  }
  if (!path || !path[0] || strlen(path) >= size) return CKR_ARGUMENTS_BAD;
  strcpy(socket_path, path);
  return CKR_OK;
}

/* ANCHOR: initialize */
static CK_RV initialize(void *init_args, int fork_tolerant) {
  struct ref_state *inherited = atomic_load(&current);
  if (inherited && owned_here(inherited)) {
    /* Asking for fork tolerance after a plain initialisation upgrades the state: callers that
     * re-initialise in a child then see CKR_CRYPTOKI_ALREADY_INITIALIZED, which they accept. */
    if (fork_tolerant) {
      pthread_mutex_lock(&inherited->lock);
      inherited->fork_tolerant = 1;
      pthread_mutex_unlock(&inherited->lock);
    }
    return CKR_CRYPTOKI_ALREADY_INITIALIZED;
  }
  /* A fork-tolerant child is already initialised: its copy carries on (adopted on first use). */
  if (inherited && inherited->fork_tolerant && inherited_consistent)
    return CKR_CRYPTOKI_ALREADY_INITIALIZED;

  struct ref_state *st = calloc(1, sizeof *st);
  if (!st) return CKR_HOST_MEMORY;
  CK_RV rv = read_init_args(init_args, st->socket_path, sizeof st->socket_path);
  if (rv != CKR_OK) {
    free(st);
    return rv;
  }
  pthread_mutex_init(&st->lock, NULL);
  st->fd = -1;
  st->fork_tolerant = fork_tolerant;
  /* RULE 3: a child's C_Initialize leaves the inherited state exactly as it is. Its mutex may
   * be "held" by a parent thread that does not exist here, so it is never locked, unlocked or
   * destroyed; its connection is not used (the child handler closed this process's copy). It
   * is kept, not freed: another thread of this child might still be reading it. */
  st->abandoned = inherited;
  if (ref_connect(st) != CKR_OK) {
    pthread_mutex_destroy(&st->lock);
    free(st);
    return CKR_FUNCTION_FAILED; /* the daemon is not there: see $P11REF_SOCKET */
  }
  st->pid = getpid();
  st->fork_gen = atomic_load(&fork_generation);
  if (!atomic_compare_exchange_strong(&current, &inherited, st)) {
    /* Another thread initialised first. */
    ref_disconnect(st, 1);
    pthread_mutex_destroy(&st->lock);
    free(st);
    return CKR_CRYPTOKI_ALREADY_INITIALIZED;
  }
  ref_own_descriptor(st->fd);
  return CKR_OK;
}
/* ANCHOR_END: initialize */

CK_RV ref_C_Initialize(void *init_args) { return initialize(init_args, 0); }

/* The C_Initialize of the CKF_INTERFACE_FORK_SAFE function list (interfaces.c). */
CK_RV ref_C_Initialize_fork_safe(void *init_args) { return initialize(init_args, 1); }

/* ---- C_Finalize and unloading --------------------------------------------------------------- */

static void free_state(struct ref_state *st) {
  while (st) {
    struct ref_state *older = st->abandoned;
    /* Only this process's own state has a lock that is certainly consistent; abandoned copies
     * are just memory (free() never reads inside them). */
    if (owned_here(st)) pthread_mutex_destroy(&st->lock);
    free(st);
    st = older;
  }
}

/* ANCHOR: finalize */
CK_RV ref_C_Finalize(void *reserved) {
  if (reserved) return CKR_ARGUMENTS_BAD;
  struct ref_state *st = atomic_load(&current);
  if (!st) return CKR_CRYPTOKI_NOT_INITIALIZED;
  if (!owned_here(st)) {
    /* RULE 4: a child that never initialised finalises nothing of its parent's. */
    if (!(st->fork_tolerant && inherited_consistent)) return CKR_CRYPTOKI_NOT_INITIALIZED;
    /* A fork-tolerant child that never used its copy: nothing of its own to close. */
    if (!atomic_compare_exchange_strong(&current, &st, NULL)) return CKR_CRYPTOKI_NOT_INITIALIZED;
    free(st);
    return CKR_OK;
  }
  /* The specification leaves C_Finalize undefined while other threads are inside the module;
   * new callers see CKR_CRYPTOKI_NOT_INITIALIZED from here on. */
  if (!atomic_compare_exchange_strong(&current, &st, NULL)) return CKR_CRYPTOKI_NOT_INITIALIZED;
  pthread_mutex_lock(&st->lock);
  ref_disconnect(st, 1); /* our own connection: say goodbye */
  pthread_mutex_unlock(&st->lock);
  free_state(st);
  return CKR_OK;
}
/* ANCHOR_END: finalize */

/* ANCHOR: destructor */
/* RULE 4: an application that exits without C_Finalize still says goodbye on its own
 * connection - but a forked child leaving with exit() runs this too, in a process that owns
 * nothing here, and must not say a word on its parent's connection. */
__attribute__((destructor)) static void on_unload(void) {
  struct ref_state *st = atomic_load(&current);
  if (!st || !owned_here(st)) return;
  /* Another thread may be inside the module at exit: do not wait for it. */
  if (pthread_mutex_trylock(&st->lock) != 0) return;
  ref_disconnect(st, 1);
  pthread_mutex_unlock(&st->lock);
}
/* ANCHOR_END: destructor */
