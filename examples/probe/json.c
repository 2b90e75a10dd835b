/* json.c - a small JSON writer into a memory buffer.
 *
 * The whole document is built in memory and written at the end in one go, so stdout never
 * carries half a document even if something goes wrong on the way. Strings from modules are
 * fixed-size, blank-padded and not guaranteed to be UTF-8: valid UTF-8 passes through,
 * control characters and stray bytes become \u00XX escapes.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

void j_init(struct json *j) { memset(j, 0, sizeof *j); }

void j_free(struct json *j) {
  free(j->buf);
  memset(j, 0, sizeof *j);
}

static void put(struct json *j, const char *s, size_t n) {
  if (j->failed) return;
  if (j->len + n + 1 > j->cap) {
    size_t cap = j->cap ? j->cap : 4096;
    while (cap < j->len + n + 1) cap *= 2;
    char *b = realloc(j->buf, cap);
    if (!b) {
      j->failed = 1;
      return;
    }
    j->buf = b;
    j->cap = cap;
  }
  memcpy(j->buf + j->len, s, n);
  j->len += n;
  j->buf[j->len] = 0;
}

static void puts_(struct json *j, const char *s) { put(j, s, strlen(s)); }

/* Separator before a value: a comma unless it is the first in its container or follows a key. */
static void before_value(struct json *j) {
  if (j->after_key) {
    j->after_key = 0;
    return;
  }
  if (j->depth > 0 && j->need_comma[j->depth]) put(j, ",", 1);
  if (j->depth > 0) j->need_comma[j->depth] = 1;
}

static void open_(struct json *j, const char *c) {
  before_value(j);
  put(j, c, 1);
  if (j->depth < 63) j->depth++;
  j->need_comma[j->depth] = 0;
}

static void close_(struct json *j, const char *c) {
  if (j->depth > 0) j->depth--;
  put(j, c, 1);
}

void j_obj(struct json *j) { open_(j, "{"); }
void j_end_obj(struct json *j) { close_(j, "}"); }
void j_arr(struct json *j) { open_(j, "["); }
void j_end_arr(struct json *j) { close_(j, "]"); }

/* Length of a valid UTF-8 sequence starting at s (at most n bytes), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len;
  unsigned long cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (s[i] & 0x3F);
  }
  /* Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8. */
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

static void string_body(struct json *j, const unsigned char *s, size_t n) {
  put(j, "\"", 1);
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      put(j, esc, 2);
      i++;
      continue;
    }
    if (c == '\n') { puts_(j, "\\n"); i++; continue; }
    if (c == '\t') { puts_(j, "\\t"); i++; continue; }
    if (c == '\r') { puts_(j, "\\r"); i++; continue; }
    if (c < 0x20 || c == 0x7F) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      puts_(j, esc);
      i++;
      continue;
    }
    size_t len = utf8_len(s + i, n - i);
    if (len == 0) {
      /* Not UTF-8: show the byte as the code point of the same value. */
      snprintf(esc, sizeof esc, "\\u%04x", c);
      puts_(j, esc);
      i++;
      continue;
    }
    put(j, (const char *)s + i, len);
    i += len;
  }
  put(j, "\"", 1);
}

void j_key(struct json *j, const char *k) {
  before_value(j);
  string_body(j, (const unsigned char *)k, strlen(k));
  put(j, ":", 1);
  j->after_key = 1;
}

void j_str(struct json *j, const char *s) {
  if (!s) {
    j_null(j);
    return;
  }
  before_value(j);
  string_body(j, (const unsigned char *)s, strlen(s));
}

void j_strn(struct json *j, const char *s, size_t n) {
  size_t len = 0;
  while (len < n && s[len]) len++;
  before_value(j);
  string_body(j, (const unsigned char *)s, len);
}

void j_padded(struct json *j, const unsigned char *s, size_t n) {
  /* PKCS#11 text fields are blank padded and not NUL terminated; some modules pad with NULs. */
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == 0)) n--;
  before_value(j);
  string_body(j, s, n);
}

void j_int(struct json *j, long long v) {
  char b[48];
  snprintf(b, sizeof b, "%lld", v);
  before_value(j);
  puts_(j, b);
}

void j_bool(struct json *j, int v) {
  before_value(j);
  puts_(j, v ? "true" : "false");
}

void j_null(struct json *j) {
  before_value(j);
  puts_(j, "null");
}

void j_tri(struct json *j, int v) {
  if (v == TRI_NULL)
    j_null(j);
  else
    j_bool(j, v);
}

void j_rv(struct json *j, CK_RV rv) {
  char b[48];
  rv_text(rv, b, sizeof b);
  j_key(j, "rv");
  j_str(j, b);
  j_key(j, "value");
  snprintf(b, sizeof b, "%lu", (unsigned long)rv);
  before_value(j);
  puts_(j, b);
}

int j_write(struct json *j, int fd) {
  put(j, "\n", 1);
  if (j->failed) return -1;
  size_t off = 0;
  while (off < j->len) {
    ssize_t w = write(fd, j->buf + off, j->len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    off += (size_t)w;
  }
  return 0;
}
