/* verdicts.c - turning scenario results into verdicts on the R-MOD-* recommendations.
 *
 * Done here in C rather than in the TypeScript renderer so that a vendor who runs only the
 * probe still gets the judgement. Each verdict carries one plain sentence saying why, and the
 * scenarios it rests on. The rules are documented in README.md ("Verdicts").
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "probe.h"

static void say(struct rec_out *r, int verdict, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->reason, sizeof r->reason, fmt, ap);
  va_end(ap);
  r->verdict = verdict;
}

static const struct call_rec *find_call(const struct result *r, int who, int call, int nth) {
  for (int i = 0; i < r->ncalls; i++)
    if (r->calls[i].who == who && r->calls[i].call == call && nth-- == 0) return &r->calls[i];
  return NULL;
}

static const char *rvs(CK_RV rv, char *buf) {
  rv_text(rv, buf, 48);
  return buf;
}

/* A forked child of the scenario crashed or hung (the runner still reported it). */
static int hazard(const struct scen_out *s) {
  return s->have_result && (s->status == ST_CRASHED || s->status == ST_HUNG);
}

static int usable(const struct scen_out *s) { return s->have_result && s->status == ST_DONE; }

static void child_not_initialized(const struct scen_out *sc, struct rec_out *r) {
  const struct scen_out *s = &sc[SC_CHILD_NO_REINIT];
  r->scen[SC_CHILD_NO_REINIT] = 1;
  if (hazard(s)) {
    say(r, V_FAIL,
        "A child that has not initialised must get a definite error, but in child-no-reinit %s.",
        s->detail);
    return;
  }
  if (!usable(s)) {
    say(r, V_UNKNOWN, "The child-no-reinit scenario did not complete: %s.", s->detail);
    return;
  }
  char b[48];
  const int session_calls[] = {CALL_GET_SESSION_INFO, CALL_OPEN_SESSION, CALL_SIGN_INIT, CALL_SIGN};
  for (size_t i = 0; i < sizeof session_calls / sizeof session_calls[0]; i++) {
    const struct call_rec *c = find_call(&s->r, WHO_CHILD, session_calls[i], 0);
    if (c && c->rv == CKR_OK) {
      const struct scen_out *fs = &sc[SC_FORK_SAFE_INTERFACE];
      int fork_safe = fs->have_result && fs->r.fork_safe_offered == 1;
      say(r, V_FAIL,
          "In a child that never called C_Initialize, %s returned CKR_OK: the child works on the "
          "parent's state instead of answering CKR_CRYPTOKI_NOT_INITIALIZED.%s",
          call_name(c->call),
          fork_safe ? " (The module offers CKF_INTERFACE_FORK_SAFE, which explains this, but an "
                      "application that did not ask for it is not told it is in a child.)"
                    : "");
      return;
    }
  }
  int n = 0, notinit = 0, info_ok = 0;
  const struct call_rec *other = NULL;
  for (int i = 0; i < s->r.ncalls; i++) {
    const struct call_rec *c = &s->r.calls[i];
    if (c->who != WHO_CHILD) continue;
    n++;
    if (c->rv == CKR_CRYPTOKI_NOT_INITIALIZED)
      notinit++;
    else if (c->call == CALL_GET_INFO && c->rv == CKR_OK)
      info_ok = 1;
    else if (!other)
      other = c;
  }
  if (n > 0 && notinit == n) {
    say(r, V_PASS,
        "Every call in a child that had not initialised returned CKR_CRYPTOKI_NOT_INITIALIZED.");
  } else if (other) {
    say(r, V_WARN,
        "In a child that had not initialised, %s returned %s rather than "
        "CKR_CRYPTOKI_NOT_INITIALIZED: an error, but not the one the recommendation asks for.",
        call_name(other->call), rvs(other->rv, b));
  } else if (info_ok) {
    say(r, V_WARN,
        "The session calls returned CKR_CRYPTOKI_NOT_INITIALIZED, but C_GetInfo still answered "
        "CKR_OK in a child that had not initialised.");
  } else {
    say(r, V_UNKNOWN, "The child made no calls that could be judged.");
  }
}

static void fresh_child(const struct scen_out *sc, struct rec_out *r) {
  const struct scen_out *s = &sc[SC_CHILD_INITIALIZE];
  r->scen[SC_CHILD_INITIALIZE] = 1;
  char b[48];
  if (hazard(s)) {
    say(r, V_FAIL, "A child's C_Initialize must start it afresh, but in child-initialize %s.",
        s->detail);
    return;
  }
  if (!usable(s)) {
    say(r, V_UNKNOWN, "The child-initialize scenario did not complete: %s.", s->detail);
    return;
  }
  const struct call_rec *init = find_call(&s->r, WHO_CHILD, CALL_INITIALIZE, 0);
  if (!init) {
    say(r, V_UNKNOWN, "The child's C_Initialize was not recorded.");
    return;
  }
  if (init->rv == CKR_CRYPTOKI_ALREADY_INITIALIZED) {
    say(r, V_FAIL,
        "C_Initialize in the child returned CKR_CRYPTOKI_ALREADY_INITIALIZED: the child carries "
        "on with the parent's state instead of starting afresh.");
    return;
  }
  if (init->rv != CKR_OK) {
    say(r, V_FAIL, "C_Initialize in the child returned %s instead of CKR_OK.", rvs(init->rv, b));
    return;
  }
  if (s->r.inherited_session_valid == 1) {
    say(r, V_FAIL,
        "After C_Initialize returned CKR_OK in the child, the session inherited from the parent "
        "still works: the child did not start a new application.");
    return;
  }
  const struct call_rec *login = find_call(&s->r, WHO_CHILD, CALL_LOGIN, 0);
  if (s->r.fresh_login == 0) {
    say(r, V_FAIL,
        "After C_Initialize in the child, its new session was already logged in%s: the login "
        "was inherited from the parent.",
        login && login->rv == CKR_USER_ALREADY_LOGGED_IN ? " (C_Login: CKR_USER_ALREADY_LOGGED_IN)"
                                                          : "");
    return;
  }
  if (s->r.fresh_login == 1) {
    say(r, V_PASS,
        "C_Initialize in the child returned CKR_OK, the inherited session was gone and the child "
        "logged in afresh.");
    return;
  }
  if (login) {
    say(r, V_WARN,
        "C_Initialize in the child returned CKR_OK, but its own C_Login returned %s, so a fresh "
        "start could not be confirmed.",
        rvs(login->rv, b));
    return;
  }
  if (s->r.inherited_session_valid == 0) {
    say(r, V_PASS,
        "C_Initialize in the child returned CKR_OK and the inherited session was gone (no PIN was "
        "given, so a fresh login was not tested).");
    return;
  }
  say(r, V_UNKNOWN, "C_Initialize in the child returned CKR_OK, but its state could not be read.");
}

static void leave_parent_alone(const struct options *o, const struct scen_out *sc,
                               struct rec_out *r) {
  static const int with_check[] = {SC_CHILD_NO_REINIT, SC_CHILD_INITIALIZE, SC_CHILD_FINALIZE,
                                   SC_CHILD_FINALIZE_INITIALIZE, SC_FORK_SAFE_INTERFACE,
                                   SC_ATFORK_THREADS};
  int checked = 0, missing = 0;
  const char *bad_scen = NULL, *bad_detail = NULL;
  for (size_t i = 0; i < sizeof with_check / sizeof with_check[0]; i++) {
    int id = with_check[i];
    const struct scen_out *s = &sc[id];
    if (s->status == ST_SKIPPED || s->status == ST_NOT_APPLICABLE) continue;
    /* The scenario's own process died after forking: while checking itself, or (atfork,
     * whose worker threads keep using the module) while its children ran. */
    int dphase[2] = {s->died_in_phase, id == SC_ATFORK_THREADS ? s->reinit_died_in_phase : -1};
    for (int k = 0; k < 2; k++)
      if ((dphase[k] == PHASE_PARENT_CHECK ||
           (id == SC_ATFORK_THREADS && dphase[k] == PHASE_CHILDREN)) &&
          !bad_scen) {
        bad_scen = scen_names[id];
        bad_detail = k == 0 && id == SC_ATFORK_THREADS ? s->control_detail
                     : k == 1                           ? s->reinit_detail
                                                        : s->detail;
        r->scen[id] = 1;
      }
    const struct result *rs[2] = {s->have_result ? &s->r : NULL,
                                  id == SC_ATFORK_THREADS && s->have_reinit ? &s->reinit : NULL};
    int any = 0;
    for (int k = 0; k < 2; k++) {
      if (!rs[k] || !rs[k]->parent_checked) continue;
      any = 1;
      checked++;
      r->scen[id] = 1;
      if (!rs[k]->parent_ok && !bad_scen) {
        bad_scen = scen_names[id];
        bad_detail = rs[k]->parent_detail;
      }
    }
    if (!any) missing++;
  }
  const char *skipped = o->finalize ? ""
                                    : " The child-finalize scenarios were skipped (--no-finalize), "
                                      "so a child's C_Finalize was not tested.";
  if (bad_scen) {
    say(r, V_FAIL, "After %s, %s.%s", bad_scen, bad_detail, skipped);
    return;
  }
  if (checked == 0) {
    say(r, V_UNKNOWN, "No scenario got as far as checking the parent afterwards.%s", skipped);
    return;
  }
  const struct scen_out *f = &sc[SC_CHILD_FINALIZE];
  const struct call_rec *fin =
      f->status != ST_SKIPPED && f->have_result ? find_call(&f->r, WHO_CHILD, CALL_FINALIZE, 0)
                                                : NULL;
  if (fin && fin->rv != CKR_CRYPTOKI_NOT_INITIALIZED) {
    char b[48];
    say(r, V_WARN,
        "The parent was unaffected, but C_Finalize in a child that never initialised returned "
        "%s instead of CKR_CRYPTOKI_NOT_INITIALIZED, so it may have acted on the parent's "
        "state.",
        rvs(fin->rv, b));
    return;
  }
  const char *fin_note = !o->finalize ? "."
                         : fin ? "; a child's C_Finalize without C_Initialize returned "
                                 "CKR_CRYPTOKI_NOT_INITIALIZED."
                               : " (the child-finalize scenario gave no result).";
  say(r, V_PASS, "After every child scenario the parent's session kept its state%s%s%s",
      missing ? " where it could be checked" : "", fin_note, skipped);
}

static void fork_safe_interface(const struct scen_out *sc, struct rec_out *r) {
  const struct scen_out *s = &sc[SC_FORK_SAFE_INTERFACE];
  r->scen[SC_FORK_SAFE_INTERFACE] = 1;
  if (s->status == ST_NOT_APPLICABLE) {
    say(r, V_NA, "Not applicable: %s.", s->detail);
    return;
  }
  if (hazard(s)) {
    say(r, V_FAIL, "With the fork-safe interface, %s.", s->detail);
    return;
  }
  if (!usable(s) || s->r.fork_safe_offered != 1) {
    say(r, V_UNKNOWN, "The fork-safe-interface scenario did not complete: %s.", s->detail);
    return;
  }
  char b[48];
  const struct call_rec *si = find_call(&s->r, WHO_CHILD, CALL_GET_SESSION_INFO, 0);
  if (!si || si->rv != CKR_OK) {
    say(r, V_FAIL,
        "The module offers CKF_INTERFACE_FORK_SAFE, but in the child C_GetSessionInfo on the "
        "inherited session returned %s.",
        si ? rvs(si->rv, b) : "nothing");
    return;
  }
  if (s->r.child_sign_ok == 0) {
    const struct call_rec *c = find_call(&s->r, WHO_CHILD, CALL_SIGN, 0);
    if (!c) c = find_call(&s->r, WHO_CHILD, CALL_SIGN_INIT, 0);
    say(r, V_FAIL,
        "The module offers CKF_INTERFACE_FORK_SAFE, but the child could not sign with the "
        "inherited session (%s returned %s).",
        c ? call_name(c->call) : "C_Sign", c ? rvs(c->rv, b) : "?");
    return;
  }
  if (!s->r.parent_checked || !s->r.parent_ok) {
    say(r, V_FAIL, "The child used the fork-safe interface, but then %s.",
        s->r.parent_checked ? s->r.parent_detail : "the parent could not be checked");
    return;
  }
  say(r, V_PASS,
      "The module offers CKF_INTERFACE_FORK_SAFE and honours it: the child %s with the inherited "
      "session and the parent was unaffected.",
      s->r.child_sign_ok == 1 ? "signed" : "used its session (no signing key to test)");
}

/* " (in C_GenerateRandom x3, C_Initialize x1)": where children hung or crashed. */
static void where_text(const struct variant_rec *v, char *buf, size_t len) {
  size_t n = 0;
  buf[0] = 0;
  const struct call_rec *lists[2] = {v->hung_in, v->crashed_in};
  int counts[2] = {v->nhung, v->ncrash};
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < counts[l] && n + 1 < len; i++) {
      const char *c = call_name(lists[l][i].call);
      int w = snprintf(buf + n, len - n, "%s%s x%u", n ? ", " : " (in ",
                       c ? c : "no PKCS#11 call", lists[l][i].count);
      if (w < 0) break;
      n += (size_t)w;
    }
  if (n > 0 && n + 1 < len) snprintf(buf + n, len - n, ")");
  else if (n >= len) buf[0] = 0;
}

static void detect_fork(const struct scen_out *sc, struct rec_out *r) {
  const struct scen_out *s = &sc[SC_ATFORK_THREADS];
  r->scen[SC_ATFORK_THREADS] = 1;
  r->scen[SC_CHILD_NO_REINIT] = 1;
  if (!s->have_result || s->control_status != ST_DONE) {
    if (s->status == ST_SKIPPED) {
      say(r, V_UNKNOWN, "The atfork-threads scenario was not run.");
      return;
    }
    say(r, V_UNKNOWN, "The control variant of atfork-threads did not complete: %s.",
        s->control_detail[0] ? s->control_detail : s->detail);
    return;
  }
  const struct variant_rec *c = &s->r.v;
  if (c->hung + c->crashed > 0) {
    char where[120];
    where_text(c, where, sizeof where);
    say(r, V_FAIL,
        "%d of %d children of a parent with %d busy threads %s%s in ordinary calls without any "
        "re-initialisation (the control variant): the module blocks or breaks in a forked "
        "child.",
        c->hung + c->crashed, c->forks, c->threads,
        c->hung && c->crashed ? "hung or crashed" : c->hung ? "hung" : "crashed", where);
    return;
  }
  const char *note = "";
  if (s->have_reinit && s->reinit_status == ST_DONE) {
    const struct variant_rec *v = &s->reinit.v;
    if (v->hung + v->crashed > 0) {
      char where[120];
      where_text(v, where, sizeof where);
      say(r, V_WARN,
          "The control children were fine, but %d of %d children %s%s when a pthread_atfork "
          "child handler called C_Initialize: that is the application's anti-pattern, yet a "
          "module whose fork detection is async-signal-safe survives it.",
          v->hung + v->crashed, v->forks,
          v->hung && v->crashed ? "hung or crashed" : v->hung ? "hung" : "crashed", where);
      return;
    }
  } else {
    note = " (the reinit variant did not complete)";
  }
  const struct scen_out *n = &sc[SC_CHILD_NO_REINIT];
  const struct call_rec *open = n->have_result ? find_call(&n->r, WHO_CHILD, CALL_OPEN_SESSION, 0)
                                               : NULL;
  if (open && open->rv == CKR_CRYPTOKI_NOT_INITIALIZED) {
    say(r, V_PASS,
        "No forked child hung or crashed, and a child that had not initialised was told so "
        "(CKR_CRYPTOKI_NOT_INITIALIZED)%s.",
        note);
    return;
  }
  char b[48];
  say(r, V_WARN,
      "No forked child hung or crashed%s, but the module did not show that it noticed the fork "
      "(a child's C_OpenSession without C_Initialize returned %s).",
      note, open ? rvs(open->rv, b) : "nothing");
}

void compute_verdicts(const struct options *o, const struct scen_out *sc, struct rec_out *recs) {
  memset(recs, 0, REC_COUNT * sizeof *recs);
  recs[0].id = "R-MOD-CHILD-NOT-INITIALIZED";
  recs[1].id = "R-MOD-FRESH-CHILD";
  recs[2].id = "R-MOD-LEAVE-PARENT-ALONE";
  recs[3].id = "R-MOD-FORK-SAFE-INTERFACE";
  recs[4].id = "R-MOD-DETECT-FORK";
  child_not_initialized(sc, &recs[0]);
  fresh_child(sc, &recs[1]);
  leave_parent_alone(o, sc, &recs[2]);
  fork_safe_interface(sc, &recs[3]);
  detect_fork(sc, &recs[4]);
}
