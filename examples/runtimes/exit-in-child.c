/* exit-in-child.c - a child that does not exec leaves with exit() or with _exit().
 *
 * The parent initialises the module, logs in and signs; a wrapper-like atexit() handler is
 * registered that calls C_Finalize, as wrappers that finalise at exit do. The child forks from
 * the single-threaded parent, calls nothing of PKCS #11 itself, and leaves with exit(0)
 * (--mode exit) or _exit(0) (--mode _exit). The run records, in a shared page, whether the
 * atexit handler ran in the child and what its C_Finalize returned, whether the program's own
 * destructor ran, and whether the C library ran the module library's finalisers (its
 * __cxa_finalize call, seen by an interposed __cxa_finalize). Then the parent signs and verifies
 * again. Prints `RUNTIME-FACT {json}`.
 *
 * Guide: /guide/wrappers-and-runtimes#finalising, R-WRAP-NO-FINALIZE-IN-CHILD.
 * Thread condition: single-threaded at the fork (the child may run ordinary code).
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN;
 * linked with -rdynamic so that the module's call to __cxa_finalize reaches ours.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "p11ex.h"

/* What the child leaves behind for the parent to read. */
struct record {
  int atexit_ran;
  CK_RV finalize_rv;
  int destructor_ran;
  int module_finalisers_ran;
};
static struct record *rec;
static struct p11ex_module mod;
static char module_file[256];
static pid_t parent_pid;

/* ANCHOR: wrapper-atexit */
/* A wrapper that finalises from an exit handler, the habit R-WRAP-NO-FINALIZE-IN-CHILD is about. */
static void wrapper_at_exit(void) {
  if (getpid() == parent_pid) return; /* the parent's own exit is not what is measured */
  rec->atexit_ran = 1;
  rec->finalize_rv = mod.f->C_Finalize(NULL);
}
/* ANCHOR_END: wrapper-atexit */

__attribute__((destructor)) static void program_destructor(void) {
  if (rec && getpid() != parent_pid) rec->destructor_ran = 1;
}

/* glibc calls __cxa_finalize(dso_handle) from each shared object's finaliser when it runs the
 * objects' destructors at exit() (elf/dl-fini.c and crtstuff's __do_global_dtors_aux). */
void __cxa_finalize(void *dso) {
  static void (*real)(void *);
  if (!real) real = (void (*)(void *))dlsym(RTLD_NEXT, "__cxa_finalize");
  Dl_info info;
  if (rec && getpid() != parent_pid && dso && dladdr(dso, &info) && info.dli_fname &&
      strcmp(basename((char *)info.dli_fname), module_file) == 0)
    rec->module_finalisers_ran = 1;
  if (real) real(dso);
}

int main(int argc, char **argv) {
  struct p11ex_opts o;
  p11ex_parse_args(argc, argv, "exit-in-child", &o);
  int use_exit = strcmp(o.mode, "exit") == 0;
  if (!use_exit && strcmp(o.mode, "_exit") != 0) {
    fprintf(stderr, "exit-in-child: --mode exit|_exit\n");
    return 2;
  }
  rec = mmap(NULL, sizeof *rec, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (rec == MAP_FAILED) return 2;
  rec->finalize_rv = (CK_RV)-1;
  char path_copy[512];
  snprintf(path_copy, sizeof path_copy, "%s", o.module);
  snprintf(module_file, sizeof module_file, "%s", basename(path_copy));
  parent_pid = getpid();

  if (p11ex_load(&o, &mod) != 0) return 2;
  P11EX_CHECK("C_Initialize", p11ex_initialize(&mod));
  struct p11ex_session s;
  P11EX_CHECK("parent session", p11ex_open_session(mod.f, &o, mod.pin, &s));
  P11EX_CHECK("parent sign before", p11ex_sign_verify(mod.f, &s, 1));
  atexit(wrapper_at_exit);

  /* ANCHOR: child-leaves */
  pid_t pid = fork();
  if (pid == 0) {
    /* ... the child's own work, no PKCS #11 call ... */
    if (use_exit) exit(0); /* runs atexit handlers, destructors, library finalisers */
    _exit(0);              /* runs none of them */
  }
  /* ANCHOR_END: child-leaves */
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return 2;
  CK_RV after = p11ex_sign_verify(mod.f, &s, 2);

  printf("RUNTIME-FACT {\"case\":\"exit-in-child/%s\",\"childExited\":%s,\"atexitRan\":%s,"
         "\"childFinalize\":\"%s\",\"programDestructorRan\":%s,\"moduleFinalisersRan\":%s,"
         "\"parentSignsAfter\":\"%s\"}\n",
         o.mode, WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "true" : "false",
         rec->atexit_ran ? "true" : "false",
         rec->atexit_ran ? p11ex_rv_name(rec->finalize_rv) : "not called",
         rec->destructor_ran ? "true" : "false", rec->module_finalisers_ran ? "true" : "false",
         p11ex_rv_name(after));
  fflush(stdout);
  p11ex_parent_close(mod.f, &s);
  _exit(after == CKR_OK ? 0 : 1); /* the parent's own exit is not measured */
}
