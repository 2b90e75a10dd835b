/* scenarios.c - the scenario runner: one scenario, in a process of its own.
 *
 * The supervisor starts this (its own binary, exec'd fresh, with --run-scenario ID) so that
 * whatever the module does to a process - deadlock, crash, scribble - stays in here. The runner
 * initialises the module, logs in with the PIN the supervisor already verified, makes a
 * session key, forks the children the scenario needs, watches them with kids.c, checks that
 * its own session still works afterwards, and sends one binary record (record.c) on fd 3.
 *
 * Children report each PKCS#11 call as two fixed-size notes (before and after the call) on a
 * pipe: write(2) of a small record is async-signal-safe and atomic, so it is fine even in the
 * child of a multi-threaded process, and a child that dies inside a call still tells us which.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"

/* ---- runner state -------------------------------------------------------------------- */

static const struct options *O;
static struct module M;
static CK_FUNCTION_LIST *F;           /* the list in use (from C_GetInterface for scenario 5) */
static CK_UTF8CHAR pin[256];
static CK_ULONG pin_len;
static int have_pin;
static int logged_in;
static CK_SESSION_HANDLE S = CK_INVALID_HANDLE; /* the runner's own session */
static CK_STATE state_before;
static struct key K;
static struct result R;

static const CK_FLAGS session_flags = CKF_SERIAL_SESSION | CKF_RW_SESSION;

/* ---- talking to the supervisor -------------------------------------------------------- */

static int write_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n > 0) {
    ssize_t w = write(fd, c, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    c += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Tells the supervisor that the runner is alive and how long the next step may take. */
static void progress(int phase, int allowance_ms) {
  struct msg_header h = {MSG_MAGIC, MSG_PROGRESS, 0, (uint32_t)allowance_ms, (uint32_t)phase, 0};
  write_all(RESULT_FD, &h, sizeof h);
}

static void send_result(void) {
  result_seal(&R);
  struct msg_header h = {MSG_MAGIC, MSG_RESULT, (uint32_t)sizeof R, 0, 0, 0};
  write_all(RESULT_FD, &h, sizeof h);
  write_all(RESULT_FD, &R, sizeof R);
  close(RESULT_FD);
}

/* Generous for steps on a real device: logging in or generating a key can take seconds. */
static int setup_allowance(void) { return 60000 + O->bound_ms; }
/* A child wait: the first bound, the second bound, and room for scheduling. */
static int child_allowance(void) { return 2 * O->bound_ms + 3000; }
static int second_bound(void) { return O->bound_ms < 1000 ? O->bound_ms : 1000; }

static void fail_setup(const char *what, CK_RV rv) {
  char t[48];
  rv_text(rv, t, sizeof t);
  R.status = ST_ERROR;
  snprintf(R.detail, sizeof R.detail, "set-up in the scenario process failed: %s returned %s",
           what, t);
  if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_LOCKED || rv == CKR_PIN_EXPIRED ||
      rv == CKR_PIN_INVALID || rv == CKR_PIN_LEN_RANGE)
    R.login_refused = 1; /* never try that PIN again: the supervisor stops everything */
}

/* ---- set-up ---------------------------------------------------------------------------- */

static int load(void) {
  if (module_load(&M, O->module, O->init_args) != 0) {
    R.status = ST_ERROR;
    snprintf(R.detail, sizeof R.detail, "set-up in the scenario process failed: %.270s", M.error);
    return -1;
  }
  F = M.f;
  return 0;
}

/* Initialise through F, open a session, log in, make the key, note the session state. */
static int start(void) {
  CK_RV rv = F->C_Initialize(&M.args);
  if (rv != CKR_OK) {
    fail_setup("C_Initialize", rv);
    return -1;
  }
  rv = F->C_OpenSession(O->slot_id, session_flags, NULL, NULL, &S);
  if (rv != CKR_OK) {
    fail_setup("C_OpenSession", rv);
    return -1;
  }
  if (have_pin) {
    rv = F->C_Login(S, CKU_USER, pin, pin_len);
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
      fail_setup("C_Login", rv);
      return -1;
    }
    logged_in = 1;
  }
  if (key_make(F, S, logged_in, 0, &K) != 0)
    probe_warn("no signing key could be made (EC P-256, RSA 2048, HMAC): sign checks unavailable");
  snprintf(R.key_kind, sizeof R.key_kind, "%s", key_kind_names[K.kind]);
  CK_SESSION_INFO si;
  rv = F->C_GetSessionInfo(S, &si);
  if (rv != CKR_OK) {
    fail_setup("C_GetSessionInfo", rv);
    return -1;
  }
  state_before = si.state;
  return 0;
}

/* ---- the child side: traced calls ----------------------------------------------------- */

enum { NOTE_BEGIN = 1, NOTE_END = 2 };
struct note {
  uint32_t magic;
  uint8_t kind, call, has_state, pad;
  uint64_t rv, state;
};
#define NOTE_MAGIC 0x4e4f5445u

static int note_fd = -1; /* the current child's pipe; -1: calls are not traced */

static void note(int kind, int call, CK_RV rv, int has_state, CK_ULONG state) {
  if (note_fd < 0) return;
  struct note n = {NOTE_MAGIC, (uint8_t)kind, (uint8_t)call, (uint8_t)has_state, 0, rv, state};
  ssize_t w = write(note_fd, &n, sizeof n);
  (void)w;
}

#define TRACE(id, expr)                                                                        \
  ({                                                                                           \
    note(NOTE_BEGIN, (id), 0, 0, 0);                                                           \
    CK_RV rv_ = (expr);                                                                        \
    note(NOTE_END, (id), rv_, 0, 0);                                                           \
    rv_;                                                                                       \
  })

static CK_RV traced_session_info(CK_SESSION_HANDLE h) {
  CK_SESSION_INFO si;
  memset(&si, 0, sizeof si);
  note(NOTE_BEGIN, CALL_GET_SESSION_INFO, 0, 0, 0);
  CK_RV rv = F->C_GetSessionInfo(h, &si);
  note(NOTE_END, CALL_GET_SESSION_INFO, rv, rv == CKR_OK, si.state);
  return rv;
}

static CK_RV traced_sign(CK_SESSION_HANDLE h, const struct key *k) {
  CK_MECHANISM mech = {key_sign_mechanism(k->kind), NULL, 0};
  CK_RV rv = TRACE(CALL_SIGN_INIT, F->C_SignInit(h, &mech, k->priv));
  if (rv != CKR_OK) return rv;
  CK_BYTE sig[1024];
  CK_ULONG len = sizeof sig;
  return TRACE(CALL_SIGN, F->C_Sign(h, (CK_BYTE *)probe_digest, sizeof probe_digest, sig, &len));
}

/* Fresh start in a child: new session, its state, login, own key, sign. */
static void child_fresh_work(void) {
  CK_SESSION_HANDLE h;
  if (TRACE(CALL_OPEN_SESSION, F->C_OpenSession(O->slot_id, session_flags, NULL, NULL, &h)) !=
      CKR_OK)
    return;
  traced_session_info(h);
  int in = 0;
  if (have_pin) {
    CK_RV rv = TRACE(CALL_LOGIN, F->C_Login(h, CKU_USER, pin, pin_len));
    in = rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN;
  }
  if (K.kind == KEY_NONE) return;
  struct key k;
  int gen = K.kind == KEY_HMAC ? CALL_GENERATE_KEY : CALL_GENERATE_KEY_PAIR;
  if (TRACE(gen, key_make_like(F, h, in, K.kind, &k)) == CKR_OK) traced_sign(h, &k);
}

static void body_no_reinit(void) {
  CK_INFO info;
  CK_SESSION_HANDLE h;
  TRACE(CALL_GET_INFO, F->C_GetInfo(&info));
  traced_session_info(S);
  TRACE(CALL_OPEN_SESSION, F->C_OpenSession(O->slot_id, session_flags, NULL, NULL, &h));
  if (K.kind != KEY_NONE) traced_sign(S, &K);
}

static void body_initialize(void) {
  TRACE(CALL_INITIALIZE, F->C_Initialize(&M.args));
  traced_session_info(S);
  child_fresh_work();
}

static void body_finalize(void) { TRACE(CALL_FINALIZE, F->C_Finalize(NULL)); }

static void body_finalize_initialize(void) {
  TRACE(CALL_FINALIZE, F->C_Finalize(NULL));
  if (TRACE(CALL_INITIALIZE, F->C_Initialize(&M.args)) != CKR_OK) return;
  child_fresh_work();
}

static void body_fork_safe(void) {
  traced_session_info(S);
  if (K.kind != KEY_NONE) traced_sign(S, &K);
}

/* ---- the runner side: forking and collecting ----------------------------------------- */

struct traced_kid {
  struct kid k;
  int rfd;         /* read end of the notes pipe */
  int pending;     /* call begun but not ended, or CALL_NONE */
  int ends;        /* calls that ended */
};

/* Fork a child that runs body and _exits; the body's calls go to its own pipe. */
static int spawn_traced(struct traced_kid *t, void (*body)(void), int trace) {
  int p[2];
  memset(t, 0, sizeof *t);
  t->rfd = -1;
  t->pending = CALL_NONE;
  if (trace && pipe2(p, O_CLOEXEC) != 0) return -1;
  note_fd = trace ? p[1] : -1;
  pid_t pid = fork();
  if (pid == 0) {
    body();
    _exit(0); /* no atexit handlers, no stdio flush: nothing of the parent's runs here */
  }
  note_fd = -1;
  if (trace) close(p[1]);
  if (pid < 0) {
    if (trace) close(p[0]);
    return -1;
  }
  if (trace) {
    t->rfd = p[0];
    fcntl(t->rfd, F_SETFL, O_NONBLOCK);
  }
  kid_start(&t->k, pid, O->bound_ms);
  return 0;
}

/* Read what the (ended) child wrote; each ended call goes to fn. */
static void drain(struct traced_kid *t, void (*fn)(const struct note *, void *), void *ctx) {
  if (t->rfd < 0) return;
  struct note n;
  ssize_t r;
  while ((r = read(t->rfd, &n, sizeof n)) == (ssize_t)sizeof n) {
    if (n.magic != NOTE_MAGIC || n.call >= CALL_COUNT) continue; /* not ours: ignore */
    if (n.kind == NOTE_BEGIN) {
      t->pending = n.call;
    } else if (n.kind == NOTE_END) {
      t->pending = CALL_NONE;
      t->ends++;
      if (fn) fn(&n, ctx);
    }
  }
  close(t->rfd);
  t->rfd = -1;
}

static void to_calls(const struct note *n, void *ctx) {
  (void)ctx;
  result_add_call(&R, WHO_CHILD, n->call, n->rv, n->has_state, n->state);
}

/* One child: fork, watch until it ends (bounded), record its calls and how it ended. */
static void run_one(void (*body)(void)) {
  struct traced_kid t;
  progress(PHASE_CHILDREN, child_allowance());
  if (spawn_traced(&t, body, 1) != 0) {
    R.status = ST_ERROR;
    snprintf(R.detail, sizeof R.detail, "fork failed: %s", strerror(errno));
    return;
  }
  struct kid *one = &t.k;
  while (!kid_check(&t.k, second_bound(), 0)) kids_wait(&one, 1, NULL, 0, 1000);
  drain(&t, to_calls, NULL);
  R.have_child = 1;
  R.child.end = t.k.end;
  R.child.code = t.k.code;
  R.child.in_call = (uint8_t)t.pending;
  snprintf(R.child.blocked, sizeof R.child.blocked, "%s", t.k.blocked);
  const char *in = call_name(t.pending);
  char where[64] = "";
  if (in) snprintf(where, sizeof where, " in %s", in);
  switch (t.k.end) {
  case KID_CLEAN: break;
  case KID_FAILED:
    R.status = ST_ERROR;
    snprintf(R.detail, sizeof R.detail, "the child exited with status %d%s before finishing its calls",
             t.k.code, where);
    break;
  case KID_CRASHED: {
    const char *sn = signal_name(t.k.code);
    R.status = ST_CRASHED;
    snprintf(R.detail, sizeof R.detail, "the child was killed by signal %d (%s)%s", t.k.code,
             sn ? sn : "?", where);
    break;
  }
  case KID_HUNG:
    R.status = ST_HUNG;
    snprintf(R.detail, sizeof R.detail, "the child hung%s: %s; killed after %ld ms", where,
             t.k.blocked, ms_since(&t.k.started));
    break;
  case KID_STUCK:
    R.status = ST_ERROR;
    snprintf(R.detail, sizeof R.detail,
             "the child was still busy%s after the bound (%s); killed after %ld ms", where,
             t.k.blocked, ms_since(&t.k.started));
    break;
  }
}

/* The n-th (0-based) child call of a kind in R.calls, or NULL. */
static const struct call_rec *child_call(int call, int nth) {
  for (int i = 0; i < R.ncalls; i++)
    if (R.calls[i].who == WHO_CHILD && R.calls[i].call == call && nth-- == 0) return &R.calls[i];
  return NULL;
}

static int logged_in_state(CK_ULONG s) {
  return s == CKS_RO_USER_FUNCTIONS || s == CKS_RW_USER_FUNCTIONS || s == CKS_RW_SO_FUNCTIONS;
}

/* Did the child's signing work? NULL when it never tried. */
static int child_signed(void) {
  const struct call_rec *si = child_call(CALL_SIGN_INIT, 0);
  if (!si) return TRI_NULL;
  const struct call_rec *s = child_call(CALL_SIGN, 0);
  return si->rv == CKR_OK && s && s->rv == CKR_OK;
}

/* Observations on a child that started afresh: its new session, its login, its signing. */
static void observe_fresh(int info_index) {
  const struct call_rec *ns = child_call(CALL_GET_SESSION_INFO, info_index);
  if (ns && ns->has_state) R.new_session_logged_in = logged_in_state(ns->state);
  const struct call_rec *lg = child_call(CALL_LOGIN, 0);
  if (lg && (lg->rv == CKR_USER_ALREADY_LOGGED_IN || R.new_session_logged_in == 1))
    R.fresh_login = 0;
  else if (lg && lg->rv == CKR_OK && R.new_session_logged_in == 0)
    R.fresh_login = 1;
  else if (!lg && R.new_session_logged_in == 1)
    R.fresh_login = 0;
  R.child_sign_ok = (int8_t)child_signed();
}

/* Is the parent's own session still as it was, and can it still sign? */
static void parent_check(void) {
  progress(PHASE_PARENT_CHECK, setup_allowance());
  CK_SESSION_INFO si;
  memset(&si, 0, sizeof si);
  CK_RV rv = F->C_GetSessionInfo(S, &si);
  result_add_call(&R, WHO_PARENT, CALL_GET_SESSION_INFO, rv, rv == CKR_OK, si.state);
  R.parent_checked = 1;
  R.parent_ok = 1;
  char t[48];
  const char *was = state_name(state_before);
  if (rv != CKR_OK) {
    rv_text(rv, t, sizeof t);
    R.parent_ok = 0;
    snprintf(R.parent_detail, sizeof R.parent_detail,
             "C_GetSessionInfo on the parent's session returned %s", t);
  } else if (si.state != state_before) {
    const char *now = state_name(si.state);
    R.parent_ok = 0;
    snprintf(R.parent_detail, sizeof R.parent_detail,
             "the parent's session state changed from %s to %s", was ? was : "?",
             now ? now : "?");
  }
  if (K.kind != KEY_NONE) {
    CK_RV init_rv;
    rv = key_sign(F, S, &K, &init_rv);
    result_add_call(&R, WHO_PARENT, CALL_SIGN_INIT, init_rv, 0, 0);
    if (init_rv == CKR_OK) result_add_call(&R, WHO_PARENT, CALL_SIGN, rv, 0, 0);
    if (rv != CKR_OK && R.parent_ok) {
      rv_text(rv, t, sizeof t);
      R.parent_ok = 0;
      snprintf(R.parent_detail, sizeof R.parent_detail, "the parent's %s returned %s",
               init_rv != CKR_OK ? "C_SignInit" : "C_Sign", t);
    }
  }
  if (R.parent_ok)
    snprintf(R.parent_detail, sizeof R.parent_detail, "the parent's session is still %s%s",
             was ? was : "usable",
             K.kind != KEY_NONE ? " and it still signs" : " (no signing key to test)");
}

/* ---- scenarios 1-4 --------------------------------------------------------------------- */

static void sc_child(int id) {
  if (load() || start()) return;
  switch (id) {
  case SC_CHILD_NO_REINIT: {
    run_one(body_no_reinit);
    const struct call_rec *si = child_call(CALL_GET_SESSION_INFO, 0);
    if (si && si->has_state) R.inherits_login = logged_in_state(si->state);
    else if (si) R.inherits_login = 0;
    R.child_sign_ok = (int8_t)child_signed();
    break;
  }
  case SC_CHILD_INITIALIZE: {
    run_one(body_initialize);
    const struct call_rec *si = child_call(CALL_GET_SESSION_INFO, 0);
    if (si) R.inherited_session_valid = si->rv == CKR_OK;
    observe_fresh(1);
    break;
  }
  case SC_CHILD_FINALIZE: run_one(body_finalize); break;
  case SC_CHILD_FINALIZE_INITIALIZE: run_one(body_finalize_initialize); observe_fresh(0); break;
  }
  /* A child's login with the verified PIN refused as a PIN problem: stop the whole probe. */
  const struct call_rec *lg = child_call(CALL_LOGIN, 0);
  if (lg && (lg->rv == CKR_PIN_INCORRECT || lg->rv == CKR_PIN_LOCKED || lg->rv == CKR_PIN_EXPIRED))
    R.login_refused = 1;
  parent_check();
}

/* ---- scenario 5: fork-safe interface --------------------------------------------------- */

static void sc_fork_safe(void) {
  if (load()) return;
  probe_get_interface_list_fn list =
      (probe_get_interface_list_fn)module_symbol(&M, "C_GetInterfaceList");
  probe_get_interface_fn get = (probe_get_interface_fn)module_symbol(&M, "C_GetInterface");
  R.get_interface_present = get != NULL;
  if (list) {
    CK_ULONG n = 0;
    CK_RV rv = list(NULL, &n);
    if (rv == CKR_OK && n > 0) {
      struct probe_interface *ifs = calloc(n, sizeof *ifs);
      rv = ifs ? list(ifs, &n) : CKR_HOST_MEMORY;
      for (CK_ULONG i = 0; rv == CKR_OK && i < n && R.niface < RES_MAX_IFACES; i++) {
        struct iface_rec *o = &R.ifaces[R.niface++];
        if (ifs[i].pInterfaceName)
          snprintf(o->name, sizeof o->name, "%s", (const char *)ifs[i].pInterfaceName);
        if (ifs[i].pFunctionList) { /* every function list starts with its CK_VERSION */
          const CK_VERSION *v = ifs[i].pFunctionList;
          o->major = v->major;
          o->minor = v->minor;
        }
        o->flags = ifs[i].flags;
      }
      free(ifs);
    }
    result_add_call(&R, WHO_PARENT, CALL_GET_INTERFACE_LIST, rv, 0, 0);
  }
  if (!get) {
    R.status = ST_NOT_APPLICABLE;
    snprintf(R.detail, sizeof R.detail,
             "the module exports no C_GetInterface (a PKCS#11 2.x module)");
    return;
  }
  struct probe_interface *ifp = NULL;
  CK_RV rv = get((CK_UTF8CHAR *)"PKCS 11", NULL, &ifp, PROBE_CKF_INTERFACE_FORK_SAFE);
  result_add_call(&R, WHO_PARENT, CALL_GET_INTERFACE, rv, 0, 0);
  if (rv != CKR_OK || !ifp || !ifp->pFunctionList ||
      !(ifp->flags & PROBE_CKF_INTERFACE_FORK_SAFE)) {
    char t[48];
    rv_text(rv, t, sizeof t);
    R.fork_safe_offered = 0;
    R.status = ST_NOT_APPLICABLE;
    snprintf(R.detail, sizeof R.detail,
             "no fork-safe interface offered (C_GetInterface with CKF_INTERFACE_FORK_SAFE "
             "returned %s%s)", t, rv == CKR_OK ? " without the flag" : "");
    return;
  }
  R.fork_safe_offered = 1;
  /* A 3.x list begins with the 2.40 functions in the same order, so it can be used as one. */
  F = ifp->pFunctionList;
  if (start()) return;
  run_one(body_fork_safe);
  R.child_sign_ok = (int8_t)child_signed();
  parent_check();
}

/* ---- scenario 6: atfork-threads --------------------------------------------------------- */

static atomic_int stop_workers;
static atomic_int workers_ready;
static atomic_long worker_ops;

static void *worker(void *arg) {
  (void)arg;
  CK_SESSION_HANDLE s;
  int counted = 0;
  if (F->C_OpenSession(O->slot_id, session_flags, NULL, NULL, &s) != CKR_OK) {
    atomic_fetch_add(&workers_ready, 1);
    return NULL;
  }
  struct key k = K;
  if (K.kind != KEY_NONE && key_make_like(F, s, logged_in, K.kind, &k) != CKR_OK) k = K;
  while (!atomic_load(&stop_workers)) {
    if (k.kind != KEY_NONE) key_sign(F, s, &k, NULL);
    /* Many short calls between signatures, so the module takes and drops its locks often:
     * C_GetTokenInfo (SoftHSM2 locks its token file around the I/O) and C_GenerateRandom (the
     * random generator's lock, which a forked child's C_GenerateRandom finds held most often
     * with SoftHSM2). Errors are irrelevant here. */
    for (int i = 0; i < 8 && !atomic_load(&stop_workers); i++) {
      CK_SESSION_INFO si;
      CK_TOKEN_INFO ti;
      CK_BYTE rnd[32];
      F->C_GetSessionInfo(s, &si);
      F->C_GetTokenInfo(O->slot_id, &ti);
      F->C_GenerateRandom(s, rnd, sizeof rnd);
    }
    atomic_fetch_add(&worker_ops, 1);
    if (!counted) {
      counted = 1;
      atomic_fetch_add(&workers_ready, 1);
    }
  }
  F->C_CloseSession(s);
  return NULL;
}

/* The anti-pattern: re-initialise in a pthread_atfork child handler. */
static void atfork_child_reinit(void) { TRACE(CALL_INITIALIZE, F->C_Initialize(&M.args)); }

static void body_atfork(void) {
  CK_INFO info;
  CK_SESSION_HANDLE h;
  TRACE(CALL_GET_INFO, F->C_GetInfo(&info));
  /* One call that needs the module's internals (its random generator), as real work would. */
  if (TRACE(CALL_OPEN_SESSION, F->C_OpenSession(O->slot_id, session_flags, NULL, NULL, &h)) ==
      CKR_OK) {
    CK_BYTE b[16];
    TRACE(CALL_GENERATE_RANDOM, F->C_GenerateRandom(h, b, sizeof b));
  }
}

static void hist_add(struct call_rec *tab, int32_t *n, int max, int call, CK_RV rv) {
  for (int i = 0; i < *n; i++)
    if (tab[i].call == call && tab[i].rv == rv) {
      tab[i].count++;
      return;
    }
  if (*n >= max) return;
  struct call_rec *c = &tab[(*n)++];
  memset(c, 0, sizeof *c);
  c->who = WHO_CHILD;
  c->call = (uint8_t)call;
  c->rv = rv;
  c->count = 1;
}

static void to_hist(const struct note *n, void *ctx) {
  (void)ctx;
  hist_add(R.v.hist, &R.v.nhist, RES_MAX_HIST, n->call, n->rv);
}

static void sc_atfork(int reinit) {
  R.variant = reinit;
  if (load() || start()) return;
  if (reinit && pthread_atfork(NULL, NULL, atfork_child_reinit) != 0) {
    R.status = ST_ERROR;
    snprintf(R.detail, sizeof R.detail, "pthread_atfork failed");
    return;
  }
  int nthreads = O->threads;
  pthread_t *th = calloc((size_t)(nthreads > 0 ? nthreads : 1), sizeof *th);
  int started = 0;
  for (int i = 0; i < nthreads; i++)
    if (th && pthread_create(&th[i], NULL, worker, NULL) == 0) started++;
  /* Fork only once every worker is busy inside the module. */
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  progress(PHASE_SETUP, setup_allowance());
  while (atomic_load(&workers_ready) < started && ms_since(&t0) < setup_allowance() - 1000) {
    struct timespec d = {0, 2000000};
    nanosleep(&d, NULL);
  }
  R.v.threads = started;
  long ops_before = atomic_load(&worker_ops);

  /* Keep up to `window` children in flight: hung ones occupy a slot until their bound. */
  int window = O->forks < 32 ? O->forks : 32;
  struct traced_kid *kids = calloc((size_t)window, sizeof *kids);
  struct kid **watch = calloc((size_t)window, sizeof *watch);
  if (!kids || !watch) {
    R.status = ST_ERROR;
    snprintf(R.detail, sizeof R.detail, "out of memory");
    return;
  }
  int forked = 0, active = 0, fork_errors = 0;
  for (int i = 0; i < window; i++) kids[i].k.end = KID_CLEAN; /* free slot */
  progress(PHASE_CHILDREN, child_allowance());
  while (forked < O->forks || active > 0) {
    for (int i = 0; i < window && forked < O->forks; i++) {
      if (kids[i].k.end == KID_RUNNING) continue;
      if (spawn_traced(&kids[i], body_atfork, 1) != 0) {
        fork_errors++;
        forked++;
        kids[i].k.end = KID_CLEAN;
        continue;
      }
      forked++;
      active++;
      /* Space the forks out: each one then catches the workers at a different moment,
       * instead of twenty forks landing in the same millisecond. */
      struct timespec pace = {0, 3000000};
      nanosleep(&pace, NULL);
    }
    int n = 0;
    for (int i = 0; i < window; i++)
      if (kids[i].k.end == KID_RUNNING) watch[n++] = &kids[i].k;
    if (n) kids_wait(watch, n, NULL, 0, 1000);
    for (int i = 0; i < window; i++) {
      struct traced_kid *t = &kids[i];
      if (t->k.end != KID_RUNNING || t->k.pid == 0) continue;
      if (!kid_check(&t->k, second_bound(), 0)) continue;
      active--;
      drain(t, to_hist, NULL);
      switch (t->k.end) {
      case KID_CLEAN: R.v.clean++; break;
      case KID_FAILED: R.v.failed++; break;
      case KID_CRASHED:
        R.v.crashed++;
        hist_add(R.v.crashed_in, &R.v.ncrash, RES_MAX_WHERE, t->pending, 0);
        break;
      case KID_HUNG:
        R.v.hung++;
        hist_add(R.v.hung_in, &R.v.nhung, RES_MAX_WHERE, t->pending, 0);
        break;
      case KID_STUCK:
        R.v.stuck++;
        hist_add(R.v.hung_in, &R.v.nhung, RES_MAX_WHERE, t->pending, 0);
        break;
      }
      t->k.pid = 0;
      progress(PHASE_CHILDREN, child_allowance());
    }
  }
  R.v.forks = forked - fork_errors;
  R.v.worker_ops = atomic_load(&worker_ops) - ops_before;
  atomic_store(&stop_workers, 1);
  for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
  free(th);
  free(kids);
  free(watch);
  snprintf(R.detail, sizeof R.detail,
           "%s: %d forks under %d busy threads: %d clean, %d failed, %d crashed, %d hung, %d stuck%s",
           reinit ? "reinit" : "control", R.v.forks, started, R.v.clean, R.v.failed, R.v.crashed,
           R.v.hung, R.v.stuck, fork_errors ? "; some forks failed" : "");
  parent_check();
}

/* ---- scenario 7: init-cost ------------------------------------------------------------ */

static int cost_kind;
static void body_cost(void) {
  if (cost_kind >= COST_INIT) TRACE(CALL_INITIALIZE, F->C_Initialize(&M.args));
  if (cost_kind == COST_INIT_FINI) TRACE(CALL_FINALIZE, F->C_Finalize(NULL));
}

static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

static void sc_init_cost(void) {
  if (load() || start()) return;
  enum { SAMPLES = 15 };
  static const char *const what[COST_COUNT] = {"fork + _exit", "fork + C_Initialize + _exit",
                                               "fork + C_Initialize + C_Finalize + _exit"};
  char notes[300] = "";
  for (int kind = 0; kind < COST_COUNT; kind++) {
    if (kind == COST_INIT_FINI && !O->finalize) continue; /* stays COST_SKIPPED */
    if (kind == COST_INIT_FINI && R.cost_state[COST_INIT] != COST_OK) {
      size_t l = strlen(notes);
      snprintf(notes + l, sizeof notes - l, "%s%s: skipped, because fork + C_Initialize failed",
               l ? "; " : "", what[kind]);
      continue;
    }
    cost_kind = kind;
    long long us[SAMPLES];
    int n = 0;
    R.cost_state[kind] = COST_OK;
    for (int i = 0; i < SAMPLES; i++) {
      struct traced_kid t;
      progress(PHASE_CHILDREN, child_allowance());
      /* Trace only the first sample: the rest measure, and notes would add writes. */
      int trace = i == 0 && kind != COST_FORK;
      struct timespec t0;
      clock_gettime(CLOCK_MONOTONIC, &t0);
      if (spawn_traced(&t, body_cost, trace) != 0) {
        R.cost_state[kind] = COST_FAILED;
        break;
      }
      struct kid *one = &t.k;
      while (!kid_check(&t.k, second_bound(), 0)) kids_wait(&one, 1, NULL, 0, 1000);
      long long dt = us_since(&t0);
      drain(&t, to_calls, NULL);
      if (t.k.end != KID_CLEAN) {
        R.cost_state[kind] = t.k.end == KID_CRASHED ? COST_CRASHED
                             : (t.k.end == KID_HUNG || t.k.end == KID_STUCK) ? COST_HUNG
                                                                              : COST_FAILED;
        size_t l = strlen(notes);
        snprintf(notes + l, sizeof notes - l, "%s%s: the child %s", l ? "; " : "", what[kind],
                 t.k.end == KID_CRASHED ? "crashed"
                 : t.k.end == KID_HUNG  ? "hung"
                 : t.k.end == KID_STUCK ? "was stuck"
                                        : "failed");
        if (R.status == ST_DONE)
          R.status = t.k.end == KID_CRASHED ? ST_CRASHED : t.k.end == KID_HUNG ? ST_HUNG : ST_ERROR;
        break;
      }
      us[n++] = dt;
    }
    R.cost_samples[kind] = n;
    if (R.cost_state[kind] == COST_OK && n > 0) {
      qsort(us, (size_t)n, sizeof us[0], cmp_ll);
      R.cost_us[kind] = n % 2 ? us[n / 2] : (us[n / 2 - 1] + us[n / 2]) / 2;
    }
  }
  snprintf(R.detail, sizeof R.detail, "%s", notes[0] ? notes : "median of 15 forks each");
}

/* ---- entry ------------------------------------------------------------------------------ */

/* The supervisor writes 'P' + PIN + '\n', or 'N', on our stdin and closes it. */
static void read_pin(void) {
  char buf[sizeof pin + 4];
  size_t n = 0;
  for (;;) {
    ssize_t r = read(0, buf + n, sizeof buf - n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    n += (size_t)r;
    if (n == sizeof buf) break;
  }
  if (n >= 2 && buf[0] == 'P' && buf[n - 1] == '\n' && n - 2 <= sizeof pin) {
    pin_len = (CK_ULONG)(n - 2);
    memcpy(pin, buf + 1, pin_len);
    have_pin = 1;
  }
  memset(buf, 0, sizeof buf);
  /* A module that reads stdin must not get the PIN pipe, nor block on it. */
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull >= 0) {
    dup2(devnull, 0);
    close(devnull);
  }
}

/* First child handler of every fork here: a child dies with the runner, even when the whole
 * probe is killed with SIGKILL and nobody is left to clean up. prctl is a plain system call,
 * so this is async-signal-safe. */
static void child_dies_with_runner(void) { prctl(PR_SET_PDEATHSIG, SIGKILL); }

int runner_main(const struct options *o) {
  O = o;
  /* If the supervisor dies, so do we (and the supervisor kills our process group). */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) _exit(3);
  pthread_atfork(NULL, NULL, child_dies_with_runner);
  signal(SIGPIPE, SIG_IGN);
  read_pin();
  char name[64];
  snprintf(name, sizeof name, "%s", o->run_scenario);
  char *variant = strchr(name, ':');
  if (variant) *variant++ = 0;
  int id = -1;
  for (int i = 0; i < SC_COUNT; i++)
    if (strcmp(name, scen_names[i]) == 0) id = i;
  if (id < 0) {
    fprintf(stderr, "%s: unknown scenario %s\n", PROBE_NAME, name);
    return 2;
  }
  result_init(&R, id);
  progress(PHASE_SETUP, setup_allowance());
  switch (id) {
  case SC_FORK_SAFE_INTERFACE: sc_fork_safe(); break;
  case SC_ATFORK_THREADS: sc_atfork(variant && strcmp(variant, "reinit") == 0); break;
  case SC_INIT_COST: sc_init_cost(); break;
  default: sc_child(id); break;
  }
  memset(pin, 0, sizeof pin);
  send_result();
  /* Tidy up like a well-behaved application; the supervisor already has the result and
   * kills us if this takes too long. */
  if (F && S != CK_INVALID_HANDLE) F->C_Finalize(NULL);
  return 0;
}
