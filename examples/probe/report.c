/* report.c - the JSON document: provenance, scenarios, verdicts, summary, error.
 *
 * The layout is the contract with whoever reads the report (the project's TypeScript renderer
 * validates it against a schema); README.md documents every field. Keys are camelCase and
 * present in every report, null when unknown, so readers never need to test for absence.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

#include "probe.h"

static void add_str(const char *s, void *ctx) { j_str(ctx, s); }

static void version(struct json *j, CK_VERSION v) {
  char b[16];
  snprintf(b, sizeof b, "%u.%u", v.major, v.minor);
  j_str(j, b);
}

static void provenance(struct json *j, const struct run_state *st) {
  const struct options *o = st->o;
  j_key(j, "provenance");
  j_obj(j);
  j_key(j, "module");
  j_obj(j);
  j_key(j, "path");
  j_str(j, o->module);
  j_key(j, "resolvedPath");
  j_str(j, st->resolved[0] ? st->resolved : NULL);
  j_key(j, "sha256");
  j_str(j, st->have_sha ? st->module_sha256 : NULL);
  j_end_obj(j);

  j_key(j, "info");
  if (st->have_info) {
    j_obj(j);
    j_key(j, "cryptokiVersion");
    version(j, st->info.cryptokiVersion);
    j_key(j, "manufacturerId");
    j_padded(j, st->info.manufacturerID, sizeof st->info.manufacturerID);
    j_key(j, "libraryDescription");
    j_padded(j, st->info.libraryDescription, sizeof st->info.libraryDescription);
    j_key(j, "libraryVersion");
    version(j, st->info.libraryVersion);
    j_end_obj(j);
  } else {
    j_null(j);
  }

  j_key(j, "token");
  if (st->have_token) {
    j_obj(j);
    j_key(j, "slotId");
    j_int(j, (long long)st->slot);
    j_key(j, "label");
    j_padded(j, st->token.label, sizeof st->token.label);
    j_key(j, "manufacturerId");
    j_padded(j, st->token.manufacturerID, sizeof st->token.manufacturerID);
    j_key(j, "model");
    j_padded(j, st->token.model, sizeof st->token.model);
    j_key(j, "flags");
    j_arr(j);
    token_flag_names(st->token.flags, add_str, j);
    j_end_arr(j);
    j_end_obj(j);
  } else {
    j_null(j);
  }

  struct utsname u;
  j_key(j, "os");
  if (uname(&u) == 0) {
    j_obj(j);
    j_key(j, "sysname");
    j_str(j, u.sysname);
    j_key(j, "release");
    j_str(j, u.release);
    j_key(j, "machine");
    j_str(j, u.machine);
    j_end_obj(j);
  } else {
    j_null(j);
  }
  j_key(j, "libc");
#ifdef __GLIBC__
  char libc[64];
  snprintf(libc, sizeof libc, "glibc %s", gnu_get_libc_version());
  j_str(j, libc);
#else
  j_null(j);
#endif
  j_key(j, "date");
  j_str(j, st->date);
  j_key(j, "options");
  j_obj(j);
  j_key(j, "forks");
  j_int(j, o->forks);
  j_key(j, "threads");
  j_int(j, o->threads);
  j_key(j, "boundMs");
  j_int(j, o->bound_ms);
  j_key(j, "finalize");
  j_bool(j, o->finalize);
  j_key(j, "initArgs");
  j_bool(j, o->init_args != NULL);
  j_end_obj(j);
  j_end_obj(j);
}

static void call(struct json *j, const struct call_rec *c, const char *variant, int with_count) {
  j_obj(j);
  j_key(j, "who");
  j_str(j, c->who == WHO_PARENT ? "parent" : "child");
  j_key(j, "call");
  j_str(j, call_name(c->call));
  j_rv(j, c->rv);
  if (c->has_state) {
    const char *sn = state_name(c->state);
    char b[24];
    snprintf(b, sizeof b, "0x%lx", (unsigned long)c->state);
    j_key(j, "state");
    j_str(j, sn ? sn : b);
  }
  if (with_count) {
    j_key(j, "count");
    j_int(j, c->count);
  }
  if (variant) {
    j_key(j, "variant");
    j_str(j, variant);
  }
  j_end_obj(j);
}

static const char *const kid_outcomes[] = {"running", "clean", "failed", "crashed", "hung", "stuck"};

static void child(struct json *j, const struct result *r) {
  j_key(j, "child");
  if (!r->have_child) {
    j_null(j);
    return;
  }
  j_obj(j);
  j_key(j, "outcome");
  j_str(j, kid_outcomes[r->child.end]);
  j_key(j, "exitCode");
  if (r->child.end == KID_CLEAN || r->child.end == KID_FAILED)
    j_int(j, r->child.code);
  else
    j_null(j);
  j_key(j, "signal");
  if (r->child.end == KID_CRASHED) {
    const char *sn = signal_name(r->child.code);
    char b[16];
    snprintf(b, sizeof b, "%d", r->child.code);
    j_str(j, sn ? sn : b);
  } else {
    j_null(j);
  }
  j_key(j, "inCall");
  j_str(j, r->child.end == KID_CLEAN ? NULL : call_name(r->child.in_call));
  j_key(j, "blocked");
  j_str(j, r->child.blocked[0] ? r->child.blocked : NULL);
  j_end_obj(j);
}

static void where_list(struct json *j, const char *key, const struct call_rec *c, int n) {
  j_key(j, key);
  j_arr(j);
  for (int i = 0; i < n; i++) {
    j_obj(j);
    j_key(j, "call");
    j_str(j, call_name(c[i].call)); /* null: outside any PKCS#11 call */
    j_key(j, "count");
    j_int(j, c[i].count);
    j_end_obj(j);
  }
  j_end_arr(j);
}

static void variant(struct json *j, const char *name, int have, const struct result *r,
                    int status, const char *detail) {
  j_key(j, name);
  j_obj(j);
  j_key(j, "status");
  j_str(j, status_names[status]);
  j_key(j, "detail");
  j_str(j, detail);
  const struct variant_rec *v = have ? &r->v : NULL;
  const char *keys[] = {"forks", "clean", "failed", "crashed", "hung", "stuck"};
  int vals[6] = {0};
  if (v) {
    vals[0] = v->forks;
    vals[1] = v->clean;
    vals[2] = v->failed;
    vals[3] = v->crashed;
    vals[4] = v->hung;
    vals[5] = v->stuck;
  }
  j_key(j, "threads");
  if (v) j_int(j, v->threads); else j_null(j);
  j_key(j, "workerOps");
  if (v) j_int(j, v->worker_ops); else j_null(j);
  for (int i = 0; i < 6; i++) {
    j_key(j, keys[i]);
    if (v) j_int(j, vals[i]); else j_null(j);
  }
  j_key(j, "returnCodes");
  j_arr(j);
  for (int i = 0; v && i < v->nhist; i++) call(j, &v->hist[i], NULL, 1);
  j_end_arr(j);
  where_list(j, "hungIn", v ? v->hung_in : NULL, v ? v->nhung : 0);
  where_list(j, "crashedIn", v ? v->crashed_in : NULL, v ? v->ncrash : 0);
  j_key(j, "parentAfter");
  if (have && r->parent_checked) {
    j_obj(j);
    j_key(j, "ok");
    j_bool(j, r->parent_ok);
    j_key(j, "detail");
    j_str(j, r->parent_detail);
    j_end_obj(j);
  } else {
    j_null(j);
  }
  j_end_obj(j);
}

static const char *const cost_names[COST_COUNT] = {"fork-exit", "fork-initialize-exit",
                                                   "fork-initialize-finalize-exit"};
static const char *const cost_states[] = {"ok", "skipped", "hung", "crashed", "failed"};

static void observations(struct json *j, const struct scen_out *s) {
  const struct result *r = &s->r;
  j_key(j, "observations");
  j_obj(j);
  if (!s->have_result) {
    j_end_obj(j);
    return;
  }
  j_key(j, "keyKind");
  j_str(j, r->key_kind);
  switch (s->id) {
  case SC_CHILD_NO_REINIT:
    child(j, r);
    j_key(j, "inheritsLogin");
    j_tri(j, r->inherits_login);
    j_key(j, "childSignOk");
    j_tri(j, r->child_sign_ok);
    break;
  case SC_CHILD_INITIALIZE:
    child(j, r);
    j_key(j, "inheritedSessionValid");
    j_tri(j, r->inherited_session_valid);
    j_key(j, "newSessionLoggedIn");
    j_tri(j, r->new_session_logged_in);
    j_key(j, "freshLogin");
    j_tri(j, r->fresh_login);
    j_key(j, "childSignOk");
    j_tri(j, r->child_sign_ok);
    break;
  case SC_CHILD_FINALIZE: child(j, r); break;
  case SC_CHILD_FINALIZE_INITIALIZE:
    child(j, r);
    j_key(j, "newSessionLoggedIn");
    j_tri(j, r->new_session_logged_in);
    j_key(j, "freshLogin");
    j_tri(j, r->fresh_login);
    j_key(j, "childSignOk");
    j_tri(j, r->child_sign_ok);
    break;
  case SC_FORK_SAFE_INTERFACE:
    child(j, r);
    j_key(j, "getInterface");
    j_tri(j, r->get_interface_present);
    j_key(j, "interfaces");
    j_arr(j);
    for (int i = 0; i < r->niface; i++) {
      const struct iface_rec *f = &r->ifaces[i];
      j_obj(j);
      j_key(j, "name");
      j_str(j, f->name);
      j_key(j, "version");
      CK_VERSION v = {f->major, f->minor};
      version(j, v);
      j_key(j, "flags");
      j_arr(j);
      iface_flag_names(f->flags, add_str, j);
      j_end_arr(j);
      j_end_obj(j);
    }
    j_end_arr(j);
    j_key(j, "forkSafeOffered");
    j_tri(j, r->fork_safe_offered);
    j_key(j, "childSignOk");
    j_tri(j, r->child_sign_ok);
    break;
  case SC_INIT_COST:
    j_key(j, "measurements");
    j_arr(j);
    for (int i = 0; i < COST_COUNT; i++) {
      j_obj(j);
      j_key(j, "what");
      j_str(j, cost_names[i]);
      j_key(j, "state");
      j_str(j, cost_states[r->cost_state[i]]);
      j_key(j, "samples");
      j_int(j, r->cost_samples[i]);
      j_key(j, "medianUs");
      if (r->cost_state[i] == COST_OK && r->cost_samples[i] > 0)
        j_int(j, r->cost_us[i]);
      else
        j_null(j);
      j_end_obj(j);
    }
    j_end_arr(j);
    break;
  }
  j_end_obj(j);
}

static void parent_after(struct json *j, const struct result *r, int have) {
  j_key(j, "parentAfter");
  if (have && r->parent_checked) {
    j_obj(j);
    j_key(j, "ok");
    j_bool(j, r->parent_ok);
    j_key(j, "detail");
    j_str(j, r->parent_detail);
    j_end_obj(j);
  } else {
    j_null(j);
  }
}

static void atfork_scenario(struct json *j, const struct scen_out *s, const struct options *o) {
  j_key(j, "calls");
  j_arr(j);
  for (int i = 0; s->have_result && i < s->r.ncalls; i++) call(j, &s->r.calls[i], "control", 0);
  for (int i = 0; s->have_reinit && i < s->reinit.ncalls; i++)
    call(j, &s->reinit.calls[i], "reinit", 0);
  j_end_arr(j);
  j_key(j, "observations");
  j_obj(j);
  j_key(j, "keyKind");
  j_str(j, s->have_result ? s->r.key_kind : s->have_reinit ? s->reinit.key_kind : NULL);
  j_key(j, "forks");
  j_int(j, o->forks);
  j_key(j, "threads");
  j_int(j, o->threads);
  j_key(j, "variants");
  j_obj(j);
  variant(j, "control", s->have_result, &s->r, s->control_status, s->control_detail);
  variant(j, "reinit", s->have_reinit, &s->reinit, s->reinit_status, s->reinit_detail);
  j_end_obj(j);
  j_end_obj(j);
  /* Both variants' parent checks, folded into one. */
  j_key(j, "parentAfter");
  int checked = (s->have_result && s->r.parent_checked) + (s->have_reinit && s->reinit.parent_checked);
  if (!checked) {
    j_null(j);
    return;
  }
  int ok = (!s->have_result || !s->r.parent_checked || s->r.parent_ok) &&
           (!s->have_reinit || !s->reinit.parent_checked || s->reinit.parent_ok);
  char d[440];
  snprintf(d, sizeof d, "control: %.200s; reinit: %.200s",
           s->have_result && s->r.parent_checked ? s->r.parent_detail : "not checked",
           s->have_reinit && s->reinit.parent_checked ? s->reinit.parent_detail : "not checked");
  j_obj(j);
  j_key(j, "ok");
  j_bool(j, ok);
  j_key(j, "detail");
  j_str(j, d);
  j_end_obj(j);
}

static void scenarios(struct json *j, const struct run_state *st) {
  j_key(j, "scenarios");
  j_arr(j);
  for (int id = 0; id < SC_COUNT && !(st->error && st->ran == 0); id++) {
    const struct scen_out *s = &st->sc[id];
    j_obj(j);
    j_key(j, "id");
    j_str(j, scen_names[id]);
    j_key(j, "status");
    j_str(j, status_names[s->status]);
    j_key(j, "detail");
    j_str(j, s->detail);
    j_key(j, "durationMs");
    j_int(j, s->duration_ms);
    if (id == SC_ATFORK_THREADS) {
      atfork_scenario(j, s, st->o);
    } else {
      j_key(j, "calls");
      j_arr(j);
      for (int i = 0; s->have_result && i < s->r.ncalls; i++) call(j, &s->r.calls[i], NULL, 0);
      j_end_arr(j);
      observations(j, s);
      parent_after(j, &s->r, s->have_result);
    }
    j_end_obj(j);
  }
  j_end_arr(j);
}

void report_write(struct run_state *st, int fd) {
  struct json j;
  j_init(&j);
  j_obj(&j);
  j_key(&j, "schema");
  j_str(&j, PROBE_SCHEMA);
  j_key(&j, "probe");
  j_obj(&j);
  j_key(&j, "version");
  j_str(&j, PROBE_VERSION);
  j_end_obj(&j);
  provenance(&j, st);
  scenarios(&j, st);

  int counts[5] = {0};
  j_key(&j, "recommendations");
  j_arr(&j);
  /* After an error (interrupted, or a login refused mid-way) the evidence is incomplete:
   * the scenarios that did run are shown, but no verdicts are drawn from them. */
  for (int i = 0; i < REC_COUNT && !st->error; i++) {
    const struct rec_out *r = &st->recs[i];
    counts[r->verdict]++;
    j_obj(&j);
    j_key(&j, "id");
    j_str(&j, r->id);
    j_key(&j, "verdict");
    j_str(&j, verdict_names[r->verdict]);
    j_key(&j, "reason");
    j_str(&j, r->reason);
    j_key(&j, "scenarios");
    j_arr(&j);
    for (int k = 0; k < SC_COUNT; k++)
      if (r->scen[k]) j_str(&j, scen_names[k]);
    j_end_arr(&j);
    j_end_obj(&j);
  }
  j_end_arr(&j);
  j_key(&j, "summary");
  j_obj(&j);
  static const char *const keys[5] = {"pass", "warn", "fail", "notApplicable", "unknown"};
  for (int i = 0; i < 5; i++) {
    j_key(&j, keys[i]);
    j_int(&j, counts[i]);
  }
  j_end_obj(&j);
  j_key(&j, "error");
  if (st->error) {
    j_obj(&j);
    j_key(&j, "stage");
    j_str(&j, st->err_stage);
    j_key(&j, "message");
    j_str(&j, st->err_message);
    if (st->err_has_rv) {
      j_rv(&j, st->err_rv);
    } else {
      j_key(&j, "rv");
      j_null(&j);
      j_key(&j, "value");
      j_null(&j);
    }
    j_end_obj(&j);
  } else {
    j_null(&j);
  }
  j_end_obj(&j);
  if (j_write(&j, fd) != 0) fprintf(stderr, "%s: error: cannot write the report\n", PROBE_NAME);
  j_free(&j);
}
