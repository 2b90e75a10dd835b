/* vcard-bridge.c - a virtual CAC card (libcacard) served to vpcd, the virtual PC/SC reader.
 *
 * Illustrates: set-up only. The `opensc` module configuration needs a smart card that OpenSC's
 * `cac` driver reads; libcacard emulates one from an NSS database (an RSA key and its certificate),
 * and vsmartcard's vpcd driver lets pcscd show it in a reader. This program joins the two.
 * Requires: libcacard-dev, an NSS database whose password is the card PIN, vsmartcard-vpcd.
 *
 * vpcd's socket protocol (vsmartcard, virtualsmartcard/src/vpcd/vpcd.c and vpcd.h, 3.3): every
 * message in either direction is a 2-byte big-endian length and then that many bytes. A 1-byte
 * message from vpcd is a control code (0 power off, 1 power on, 2 reset, 4 send the ATR); any
 * longer message is a command APDU, answered with the response APDU. Only the ATR request and
 * APDUs get an answer. With a reader.conf DEVICENAME of `/dev/null:<port>` vpcd listens on that
 * port (and on the next one, for its second slot) and the card connects to it; vpcd's other mode,
 * connecting to the card, aborts pcscd when the second slot's port has no listener (3.3's
 * select() on an invalid socket). The harness picks the port; this program connects, retrying
 * for --wait-ms while pcscd starts, prints `VCARD-BRIDGE-CONNECTED` and serves until vpcd is gone.
 *
 * One command is answered here, not by libcacard: GET CHALLENGE. A CAC card answers it with 8
 * random bytes, and OpenSC's `cac` driver relies on that: it announces a random generator
 * (CKF_RNG) and serves C_GenerateRandom with GET CHALLENGE (OpenSC 0.23, card-cac.c,
 * cac_get_challenge). libcacard 2.8 refuses the instruction as a secure-channel operation it
 * does not emulate (spice-libcacard, src/card_7816.c, vcard7816_vm_process_apdu: "command not
 * supported"), so without this every C_GenerateRandom on the card failed (CKR_GENERAL_ERROR).
 *
 * Usage: vcard-bridge --db DIR --cert NICKNAME --port PORT [--wait-ms MS]
 * SPDX-License-Identifier: Apache-2.0
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libcacard.h>

#define READER_NAME "p11ex virtual reader"
/* Longest message vpcd sends or takes: the length field is 16 bits. */
#define MAX_MESSAGE 65535

static void die(const char *what) {
  fprintf(stderr, "vcard-bridge: %s: %s\n", what, errno ? strerror(errno) : "failed");
  exit(1);
}

/* vpcd (3.3 as Debian builds it) writes a message's length and its body separately, so with Nagle
 * on its side the body waits for our ACK of the length, which Linux delays by 40 ms: acknowledge
 * at once (TCP_QUICKACK, which the kernel clears again, hence before every read). */
static int read_all(int fd, unsigned char *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    ssize_t r = read(fd, buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1; /* vpcd closed the connection (or failed) */
    got += (size_t)r;
  }
  return 0;
}

static int write_all(int fd, const unsigned char *buf, size_t n) {
  size_t sent = 0;
  while (sent < n) {
    ssize_t r = send(fd, buf + sent, n - sent, MSG_NOSIGNAL);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    sent += (size_t)r;
  }
  return 0;
}

/* One write per message: a separate 2-byte write would wait for the peer's delayed ACK (Nagle). */
static int send_message(int fd, const unsigned char *data, size_t n) {
  static unsigned char framed[MAX_MESSAGE + 2];
  framed[0] = (unsigned char)(n >> 8);
  framed[1] = (unsigned char)(n & 0xff);
  memcpy(framed + 2, data, n);
  return write_all(fd, framed, n + 2);
}

/* GET CHALLENGE (ISO 7816-4: CLA without secure messaging, INS 84, P1 = P2 = 00, a case 2
 * APDU whose Le says how many bytes; 00 means 256): answered with that many random bytes and
 * 90 00, as a CAC card does. Returns the response length, or 0 when the APDU is another one. */
static int get_challenge(const unsigned char *apdu, size_t n, unsigned char *out) {
  if (n != 5 || (apdu[0] & 0x0c) != 0 || apdu[1] != 0x84 || apdu[2] != 0 || apdu[3] != 0)
    return 0;
  size_t want = apdu[4] ? apdu[4] : 256;
  for (size_t got = 0; got < want;) {
    ssize_t r = getrandom(out + got, want - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0; /* no randomness: let libcacard refuse it as before */
    got += (size_t)r;
  }
  out[want] = 0x90;
  out[want + 1] = 0x00;
  return (int)want + 2;
}

/* Serves one vpcd connection until vpcd closes it. */
static void serve(int fd, VReader *reader) {
  static unsigned char in[MAX_MESSAGE], out[MAX_MESSAGE];
  for (;;) {
    unsigned char head[2];
    if (read_all(fd, head, 2) != 0) return;
    size_t n = ((size_t)head[0] << 8) | head[1];
    if (n == 0 || read_all(fd, in, n) != 0) return;
    int out_len = (int)sizeof out;
    if (n == 1) {
      switch (in[0]) {
      case 0: /* power off */
        vreader_power_off(reader);
        break;
      case 1: /* power on */
        vreader_power_on(reader, out, &out_len);
        break;
      case 2: /* reset: a cold cycle */
        vreader_power_off(reader);
        vreader_power_on(reader, out, &out_len);
        break;
      case 4: /* ATR. vpcd asks for it to poll for the card (several times a second), so it
                 * must not power-cycle the card: that would deselect the applet in use. */
        vcard_emul_get_atr(NULL, out, &out_len);
        if (send_message(fd, out, (size_t)out_len) != 0) return;
        break;
      default:
        fprintf(stderr, "vcard-bridge: unknown control code %u\n", in[0]);
        return;
      }
      continue;
    }
    int challenge = vreader_card_is_present(reader) == VREADER_OK ? get_challenge(in, n, out) : 0;
    if (challenge > 0)
      out_len = challenge;
    else if (vreader_xfr_bytes(reader, in, (int)n, out, &out_len) != VREADER_OK) {
      /* No card in the reader: answer "no precise diagnosis" so the host sees an error. */
      out[0] = 0x6f;
      out[1] = 0x00;
      out_len = 2;
    }
    if (send_message(fd, out, (size_t)out_len) != 0) return;
  }
}

/* Connects to vpcd on the loopback port, retrying every 20 ms for up to wait_ms. */
static int connect_retrying(long port, long wait_ms) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons((uint16_t)port);
  for (long waited = 0;; waited += 20) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return fd;
    }
    close(fd);
    if (waited >= wait_ms) return -1;
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
}

int main(int argc, char **argv) {
  const char *db = NULL, *cert = NULL;
  long port = 0, wait_ms = 10000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--db") == 0) db = argv[i + 1];
    else if (strcmp(argv[i], "--cert") == 0) cert = argv[i + 1];
    else if (strcmp(argv[i], "--port") == 0) port = strtol(argv[i + 1], NULL, 10);
    else if (strcmp(argv[i], "--wait-ms") == 0) wait_ms = strtol(argv[i + 1], NULL, 10);
  }
  if (!db || !cert || port <= 0 || port > 65535 || wait_ms < 0) {
    fprintf(stderr, "usage: vcard-bridge --db DIR --cert NICKNAME --port PORT [--wait-ms MS]\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);

  /* libcacard's option string (vcard_emul.c): a software card type CAC on our reader, whose
   * certificate (and, through it, key) is found by nickname in the NSS database. */
  char options[1024];
  int len = snprintf(options, sizeof options, "db=\"sql:%s\" use_hw=no soft=(,%s,CAC,,%s)", db,
                     READER_NAME, cert);
  if (len < 0 || (size_t)len >= sizeof options) {
    fprintf(stderr, "vcard-bridge: --db or --cert too long\n");
    return 2;
  }
  VCardEmulOptions *emul = vcard_emul_options(options);
  if (!emul || vcard_emul_init(emul) != VCARD_EMUL_OK) {
    fprintf(stderr, "vcard-bridge: libcacard could not open the NSS database %s\n", db);
    return 1;
  }
  VReader *reader = vreader_get_reader_by_name(READER_NAME);
  if (!reader || vreader_card_is_present(reader) != VREADER_OK) {
    fprintf(stderr, "vcard-bridge: no card: is there a certificate called %s in %s?\n", cert, db);
    return 1;
  }

  /* Serve one connection after another: vpcd closes the connection after a failed transfer and
   * waits for the card to come back. When no vpcd answers within the wait, pcscd is gone. */
  int announced = 0;
  for (;;) {
    int fd = connect_retrying(port, wait_ms);
    if (fd < 0) {
      fprintf(stderr, "vcard-bridge: no vpcd listening on 127.0.0.1:%ld after %ld ms\n", port,
              wait_ms);
      return 1;
    }
    if (!announced) {
      printf("VCARD-BRIDGE-CONNECTED %ld\n", port);
      fflush(stdout);
      announced = 1;
    }
    serve(fd, reader);
    close(fd);
  }
}
