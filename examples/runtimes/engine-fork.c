/* engine-fork.c - OpenSSL's PKCS #11 engine (libp11) across a fork: parent, child, parent.
 *
 * Loads the token's ECDSA key through the `pkcs11` engine, signs and verifies in the parent,
 * forks (single-threaded), signs and verifies in the child, then signs again in the parent.
 * With OpenSC's pkcs11-spy.so as the engine's module (PKCS11SPY names the real one), the call
 * log shows which PKCS #11 calls libp11 made in the child: the lines the log (--log) gained while
 * the parent was only waiting for the child. Prints `RUNTIME-FACT {json}`.
 *
 * Guide: /guide/wrappers-and-runtimes#existing-wrappers (libp11's lazy re-initialisation),
 * R-WRAP-LAZY-REINIT.
 * Thread condition: single-threaded at the fork.
 * Requires: libengine-pkcs11-openssl (libp11 0.4.12 in Debian 12), libssl-dev, opensc-pkcs11
 * (pkcs11-spy.so); --engine the engine's path, --module the module the engine loads,
 * --uri a PKCS #11 URI of the private key, the user PIN in $P11EX_PIN.
 * SPDX-License-Identifier: Apache-2.0
 */
/* The ENGINE API is deprecated in OpenSSL 3; libp11's engine is reached only through it, so this
 * one file silences that one warning. Everything else stays -Werror. */
#define OPENSSL_SUPPRESS_DEPRECATED
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>

static const char *arg(int argc, char **argv, const char *name) {
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], name) == 0) return argv[i + 1];
  fprintf(stderr, "engine-fork: %s is required\n", name);
  exit(2);
}

/* Signs a message with the engine's private key and verifies it with the public key in
 * software; 1 when the signature verified. */
static int sign_verify(EVP_PKEY *priv, EVP_PKEY *pub, const char *message) {
  unsigned char sig[256];
  size_t siglen = sizeof sig;
  int ok = 0;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (ctx && EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, priv) == 1 &&
      EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)message, strlen(message)) == 1) {
    EVP_MD_CTX *vctx = EVP_MD_CTX_new();
    ok = vctx && EVP_DigestVerifyInit(vctx, NULL, EVP_sha256(), NULL, pub) == 1 &&
         EVP_DigestVerify(vctx, sig, siglen, (const unsigned char *)message,
                          strlen(message)) == 1;
    EVP_MD_CTX_free(vctx);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) ERR_print_errors_fp(stderr);
  return ok;
}

static long file_size(const char *file) {
  struct stat st;
  return stat(file, &st) == 0 ? (long)st.st_size : -1;
}

/* The child's part of the spy log: its calls in order ("C_Initialize C_OpenSession ..."), what
 * its first C_Initialize returned, and whether it passed initialisation arguments. */
struct child_calls {
  char calls[1024];
  char initialize_rv[64];
  int init_args_null;
};

static void read_child_calls(const char *log, long from, long to, struct child_calls *out) {
  memset(out, 0, sizeof *out);
  snprintf(out->initialize_rv, sizeof out->initialize_rv, "not called");
  FILE *f = fopen(log, "r");
  if (!f || from < 0 || to < from || fseek(f, from, SEEK_SET) != 0) {
    if (f) fclose(f);
    return;
  }
  char line[512];
  int in_initialize = 0, seen_initialize = 0;
  while (ftell(f) < to && fgets(line, sizeof line, f)) {
    char name[64];
    int seq;
    if (sscanf(line, "%d: %63s", &seq, name) == 2 && strncmp(name, "C_", 2) == 0) {
      if (strlen(out->calls) + strlen(name) + 2 < sizeof out->calls) {
        if (out->calls[0]) strcat(out->calls, " ");
        strcat(out->calls, name);
      }
      in_initialize = strcmp(name, "C_Initialize") == 0 && !seen_initialize;
      if (in_initialize) seen_initialize = 1;
    } else if (in_initialize && strstr(line, "pInitArgs = (nil)")) {
      out->init_args_null = 1;
    } else if (in_initialize && strncmp(line, "Returned:", 9) == 0) {
      char rv[64];
      if (sscanf(line, "Returned: %*s %63s", rv) == 1)
        snprintf(out->initialize_rv, sizeof out->initialize_rv, "%s", rv);
      in_initialize = 0;
    }
  }
  fclose(f);
}

int main(int argc, char **argv) {
  const char *engine_path = arg(argc, argv, "--engine");
  const char *module = arg(argc, argv, "--module");
  const char *uri = arg(argc, argv, "--uri");
  const char *log = arg(argc, argv, "--log");
  const char *pin = getenv("P11EX_PIN");
  if (!pin) return 2;

  /* ANCHOR: load-key */
  ENGINE_load_dynamic();
  ENGINE *e = ENGINE_by_id("dynamic");
  if (!e || !ENGINE_ctrl_cmd_string(e, "SO_PATH", engine_path, 0) ||
      !ENGINE_ctrl_cmd_string(e, "ID", "pkcs11", 0) ||
      !ENGINE_ctrl_cmd_string(e, "LOAD", NULL, 0) ||
      !ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0) ||
      !ENGINE_ctrl_cmd_string(e, "PIN", pin, 0) || !ENGINE_init(e)) {
    ERR_print_errors_fp(stderr);
    return 2;
  }
  EVP_PKEY *priv = ENGINE_load_private_key(e, uri, NULL, NULL);
  EVP_PKEY *pub = ENGINE_load_public_key(e, uri, NULL, NULL);
  /* ANCHOR_END: load-key */
  if (!priv || !pub) {
    ERR_print_errors_fp(stderr);
    return 2;
  }
  int *child_ok = mmap(NULL, sizeof *child_ok, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (child_ok == MAP_FAILED) return 2;
  int before = sign_verify(priv, pub, "parent before the fork");
  /* What the log gains from here until the child has ended is the child's: the parent waits. */
  long mark = file_size(log);

  /* ANCHOR: fork-and-sign */
  pid_t pid = fork();
  if (pid == 0) {
    /* No PKCS #11 code of ours: libp11 notices the fork on this first use. */
    *child_ok = sign_verify(priv, pub, "child");
    _exit(0);
  }
  /* ANCHOR_END: fork-and-sign */
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return 2;
  struct child_calls seen;
  read_child_calls(log, mark, file_size(log), &seen);
  int after = sign_verify(priv, pub, "parent after the child");
  printf("RUNTIME-FACT {\"case\":\"engine-fork/libp11\",\"parentSignsBefore\":%s,"
         "\"childSigns\":%s,\"parentSignsAfter\":%s,\"childCalls\":\"%s\","
         "\"childInitialize\":\"%s\",\"childInitArgs\":\"%s\"}\n",
         before ? "true" : "false", *child_ok ? "true" : "false", after ? "true" : "false",
         seen.calls, seen.initialize_rv, seen.init_args_null ? "NULL" : "given");
  fflush(stdout);
  _exit(before && after && *child_ok ? 0 : 1);
}
