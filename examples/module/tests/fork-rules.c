/* fork-rules.c - proves each fork rule of the reference module (lifecycle.c) in a real fork.
 *
 * For every rule, and for children leaving by exit() (destructors run) and by _exit(): the
 * parent initialises, logs in, opens a session and keeps --threads worker threads busy inside
 * the module while it forks --forks children. Each child checks the return codes the rule
 * promises and reports them over a pipe (write(2) only: the parent is multi-threaded); it is
 * bounded like every example child (hung = past --bound-ms and blocked). After every child the
 * parent signs and verifies. One line per case:
 *   P11REF-RULE {"rule":..,"exit":"exit"|"_exit","parentPid":..,"childPids":[..],...}
 * The daemon's request log then shows whose connection each request came on (the test in
 * test/examples/reference-module.test.ts reads both).
 * --mode RULE runs one rule. Requires the daemon ($P11REF_SOCKET) with the key pair provisioned.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

/* What a child can reach: all resolved in the parent (dlsym is not async-signal-safe). */
struct context {
  struct p11ex_module *m;
  const struct p11ex_opts *o;
  CK_FUNCTION_LIST *f;                     /* the list the parent uses */
  CK_C_GetFunctionList get_function_list;  /* the exported symbol */
  p11ex_get_interface_fn get_interface;    /* the exported symbol */
  struct p11ex_session parent;             /* the parent's session and key handles */
  int notes;                               /* write end of the note pipe */
  int failures;
};

static void expect(struct context *c, const char *call, CK_RV rv, CK_RV want) {
  p11ex_note(c->notes, call, rv);
  if (rv != want) c->failures++;
}

/* A condition checked in the child, noted as CKR_OK or CKR_GENERAL_ERROR. */
static void expect_true(struct context *c, const char *what, int holds) {
  expect(c, what, holds ? CKR_OK : CKR_GENERAL_ERROR, CKR_OK);
}

static CK_RV session_state(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, CK_STATE *state) {
  CK_SESSION_INFO info;
  CK_RV rv = f->C_GetSessionInfo(s, &info);
  *state = info.state;
  return rv;
}

/* Rule 2: until it initialises, the child is not initialised - for every function, the
 * unsupported ones included - while C_GetFunctionList and C_GetInterface keep working. */
static void child_not_initialized(struct context *c) {
  CK_FUNCTION_LIST *f = c->f;
  const CK_RV no = CKR_CRYPTOKI_NOT_INITIALIZED;
  CK_INFO info;
  CK_ULONG n = 0;
  CK_TOKEN_INFO token;
  CK_SESSION_HANDLE s;
  CK_SESSION_INFO si;
  CK_MECHANISM ecdsa = {CKM_ECDSA, NULL, 0};
  CK_BYTE random[8];
  expect(c, "C_GetInfo", f->C_GetInfo(&info), no);
  expect(c, "C_GetSlotList", f->C_GetSlotList(CK_TRUE, NULL, &n), no);
  expect(c, "C_GetTokenInfo", f->C_GetTokenInfo(1, &token), no);
  expect(c, "C_OpenSession", f->C_OpenSession(1, CKF_SERIAL_SESSION, NULL, NULL, &s), no);
  expect(c, "C_GetSessionInfo inherited", f->C_GetSessionInfo(c->parent.session, &si), no);
  expect(c, "C_Login inherited",
         f->C_Login(c->parent.session, CKU_USER, (CK_UTF8CHAR *)c->m->pin, strlen(c->m->pin)), no);
  expect(c, "C_SignInit inherited", f->C_SignInit(c->parent.session, &ecdsa, c->parent.priv), no);
  expect(c, "C_GenerateRandom inherited",
         f->C_GenerateRandom(c->parent.session, random, sizeof random), no);
  expect(c, "C_EncryptInit unsupported", f->C_EncryptInit(c->parent.session, &ecdsa, 0), no);
  expect(c, "C_Logout inherited", f->C_Logout(c->parent.session), no);
  expect(c, "C_CloseSession inherited", f->C_CloseSession(c->parent.session), no);
  CK_FUNCTION_LIST *list = NULL;
  expect(c, "C_GetFunctionList", c->get_function_list(&list), CKR_OK);
  struct p11ex_interface *iface = NULL;
  expect(c, "C_GetInterface", c->get_interface((CK_UTF8CHAR *)"PKCS 11", NULL, &iface, 0), CKR_OK);
}

/* Rule 4: C_Finalize in a child that never initialised touches nothing. */
static void child_finalize_only(struct context *c) {
  CK_INFO info;
  expect(c, "C_Finalize", c->f->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
  expect(c, "C_Finalize again", c->f->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
  expect(c, "C_GetInfo", c->f->C_GetInfo(&info), CKR_CRYPTOKI_NOT_INITIALIZED);
}

/* Rule 3: C_Initialize makes the child a fresh application - no inherited sessions, not
 * logged in - over its own connection. */
static void child_initializes(struct context *c, int finalize) {
  CK_FUNCTION_LIST *f = c->f;
  CK_STATE state = 0;
  expect(c, "C_Initialize", f->C_Initialize(&c->m->init_args), CKR_OK);
  expect(c, "C_GetSessionInfo inherited", session_state(f, c->parent.session, &state),
         CKR_SESSION_HANDLE_INVALID);
  struct p11ex_session s = {0, 0, 0};
  expect(c, "C_OpenSession",
         f->C_OpenSession(1, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s.session), CKR_OK);
  expect(c, "C_GetSessionInfo new", session_state(f, s.session, &state), CKR_OK);
  expect_true(c, "new session not logged in", state == CKS_RW_PUBLIC_SESSION);
  CK_MECHANISM ecdsa = {CKM_ECDSA, NULL, 0};
  expect(c, "C_SignInit before login", f->C_SignInit(s.session, &ecdsa, c->parent.priv),
         CKR_USER_NOT_LOGGED_IN);
  expect(c, "C_Login",
         f->C_Login(s.session, CKU_USER, (CK_UTF8CHAR *)c->m->pin, strlen(c->m->pin)), CKR_OK);
  expect(c, "find private key",
         p11ex_find_key(f, s.session, c->o->key_label, CKO_PRIVATE_KEY, &s.priv), CKR_OK);
  expect(c, "find public key",
         p11ex_find_key(f, s.session, c->o->key_label, CKO_PUBLIC_KEY, &s.pub), CKR_OK);
  expect(c, "sign and verify", p11ex_sign_verify(f, &s, (unsigned)getpid()), CKR_OK);
  expect(c, "C_CloseSession", f->C_CloseSession(s.session), CKR_OK);
  if (finalize) expect(c, "C_Finalize", f->C_Finalize(NULL), CKR_OK);
}

/* Rule 5: through the fork-safe interface the child carries on with copies of the parent's
 * session, login and operation state (the parent called C_SignInit before forking). */
static void child_fork_safe(struct context *c) {
  CK_FUNCTION_LIST *f = c->f;
  CK_BYTE digest[32], sig[64];
  CK_ULONG sig_len = sizeof sig;
  memset(digest, 0x5a, sizeof digest);
  expect(c, "C_Sign inherited operation",
         f->C_Sign(c->parent.session, digest, sizeof digest, sig, &sig_len), CKR_OK);
  CK_STATE state = 0;
  expect(c, "C_GetSessionInfo inherited", session_state(f, c->parent.session, &state), CKR_OK);
  expect_true(c, "inherited session logged in", state == CKS_RW_USER_FUNCTIONS);
  expect(c, "sign and verify inherited", p11ex_sign_verify(f, &c->parent, (unsigned)getpid()),
         CKR_OK);
  expect(c, "C_Initialize", f->C_Initialize(&c->m->init_args), CKR_CRYPTOKI_ALREADY_INITIALIZED);
  expect(c, "C_Finalize", f->C_Finalize(NULL), CKR_OK);
  CK_INFO info;
  expect(c, "C_GetInfo after C_Finalize", f->C_GetInfo(&info), CKR_CRYPTOKI_NOT_INITIALIZED);
}

struct rule {
  const char *id;
  int fork_safe;    /* the parent uses the CKF_INTERFACE_FORK_SAFE interface */
  int sign_pending; /* the parent forks between C_SignInit and C_Sign */
  void (*child)(struct context *c);
};

static void child_initializes_finalizes(struct context *c) { child_initializes(c, 1); }
static void child_initializes_only(struct context *c) { child_initializes(c, 0); }

static const struct rule rules[] = {
    {"not-initialized", 0, 0, child_not_initialized},
    {"finalize-only", 0, 0, child_finalize_only},
    {"initialize", 0, 0, child_initializes_finalizes},
    {"initialize-no-finalize", 0, 0, child_initializes_only},
    {"fork-safe", 1, 1, child_fork_safe},
};

static CK_FUNCTION_LIST *fork_safe_list(struct context *c) {
  struct p11ex_interface *iface = NULL;
  CK_RV rv = c->get_interface((CK_UTF8CHAR *)"PKCS 11", NULL, &iface, P11EX_CKF_INTERFACE_FORK_SAFE);
  if (rv != CKR_OK || !iface) p11ex_die("C_GetInterface(CKF_INTERFACE_FORK_SAFE)", rv);
  return (CK_FUNCTION_LIST *)iface->pFunctionList;
}

static int sign_pending_op(struct context *c, CK_BYTE *sig, CK_ULONG *sig_len) {
  CK_BYTE digest[32];
  memset(digest, 0xa5, sizeof digest);
  return c->f->C_Sign(c->parent.session, digest, sizeof digest, sig, sig_len) == CKR_OK;
}

/* Runs one rule with one way out of the child; prints its line; returns 0 when it held. */
static int run_case(struct context *c, const struct rule *r, int use_exit) {
  struct p11ex_tally t;
  memset(&t, 0, sizeof t);
  c->f = r->fork_safe ? fork_safe_list(c) : c->m->f;
  P11EX_CHECK("C_Initialize", c->f->C_Initialize(&c->m->init_args));
  P11EX_CHECK("parent session", p11ex_open_session(c->f, c->o, c->m->pin, &c->parent));
  struct p11ex_workers *workers = NULL;
  if (c->o->threads > 0) {
    workers = p11ex_workers_start(c->f, c->o, c->m->pin, c->o->threads, 1);
    if (!workers) exit(2);
  }
  pid_t children[64];
  int forks = c->o->forks < 64 ? c->o->forks : 64;
  for (int i = 0; i < forks; i++) {
    CK_MECHANISM ecdsa = {CKM_ECDSA, NULL, 0};
    if (r->sign_pending)
      P11EX_CHECK("parent C_SignInit", c->f->C_SignInit(c->parent.session, &ecdsa, c->parent.priv));
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) exit(2);
    /* Nothing buffered may be flushed twice by a child leaving with exit(). */
    fflush(stdout);
    fflush(stderr);
    p11ex_threads_seen(&t, p11ex_thread_count());
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      c->notes = fds[1];
      c->failures = 0;
      r->child(c);
      if (use_exit) exit(c->failures ? 1 : 0);
      _exit(c->failures ? 1 : 0);
    }
    if (pid < 0) exit(2);
    close(fds[1]);
    children[i] = pid;
    if (r->sign_pending) {
      /* The parent's own operation, begun before the fork, is still its own. */
      CK_BYTE sig[64];
      CK_ULONG sig_len = sizeof sig;
      if (!sign_pending_op(c, sig, &sig_len)) t.parent_failures++;
    }
    struct p11ex_child child;
    if (p11ex_track_child(&child, pid, fds[0]) != 0) exit(2);
    p11ex_await_child(&child, c->o->bound_ms);
    p11ex_collect(&t, &child);
    p11ex_parent_check(&t, c->f, &c->parent);
  }
  if (workers) p11ex_workers_stop(workers, &t);
  p11ex_parent_close(c->f, &c->parent);

  int held = t.clean == forks && t.parent_failures == 0 && t.worker_errors == 0;
  printf("P11REF-RULE {\"rule\":\"%s\",\"exit\":\"%s\",\"held\":%s,\"parentPid\":%d,"
         "\"threadsAtFork\":{\"min\":%d,\"max\":%d},\"forks\":%d,\"clean\":%d,\"failed\":%d,"
         "\"crashes\":%d,\"hangs\":%d,\"stuck\":%d,\"parentChecks\":%d,\"parentFailures\":%d,"
         "\"workerErrors\":%ld,\"childPids\":[",
         r->id, use_exit ? "exit" : "_exit", held ? "true" : "false", (int)getpid(),
         t.threads_min, t.threads_max, forks, t.clean, t.failed, t.crashes, t.hangs, t.stuck,
         t.parent_checks, t.parent_failures, t.worker_errors);
  for (int i = 0; i < forks; i++) printf("%s%d", i ? "," : "", (int)children[i]);
  printf("],\"returnCodes\":[");
  for (int i = 0; i < t.rcs.n; i++)
    printf("%s{\"call\":\"%s\",\"rv\":\"%s\",\"count\":%ld}", i ? "," : "", t.rcs.e[i].call,
           p11ex_rv_name(t.rcs.e[i].rv), t.rcs.e[i].count);
  printf("]}\n");
  fflush(stdout);
  return held ? 0 : 1;
}

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_module m;
  p11ex_parse_args(argc, argv, "fork-rules", &o);
  if (p11ex_load(&o, &m) != 0) return 2;
  struct context c = {.m = &m, .o = &o};
  c.get_function_list = (CK_C_GetFunctionList)dlsym(m.handle, "C_GetFunctionList");
  c.get_interface = (p11ex_get_interface_fn)dlsym(m.handle, "C_GetInterface");
  if (!c.get_function_list || !c.get_interface) {
    fprintf(stderr, "fork-rules: %s lacks C_GetFunctionList or C_GetInterface\n", o.module);
    return 2;
  }
  int failures = 0, ran = 0;
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
    if (o.mode[0] && strcmp(o.mode, rules[i].id) != 0) continue;
    failures += run_case(&c, &rules[i], 1);
    failures += run_case(&c, &rules[i], 0);
    ran++;
  }
  if (!ran) {
    fprintf(stderr, "fork-rules: no rule named %s\n", o.mode);
    return 2;
  }
  return failures ? 1 : 0;
}
