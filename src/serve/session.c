/* session.c: session cookies and form tokens (session.h): the token is HMAC-SHA256 of the
 * session id under a secret drawn from the kernel at start. */
#include "session.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

struct sm_sessions {
    guchar secret[32];
};

static void random_bytes(guchar *out, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(out + got, n - got, 0);
        if (r > 0) got += (size_t)r;
    }
}

static char *hex(const guchar *bytes, size_t n) {
    char *out = g_malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", bytes[i]);
    return out;
}

sm_sessions *sm_sessions_new(void) {
    sm_sessions *s = g_new0(sm_sessions, 1);
    random_bytes(s->secret, sizeof s->secret);
    return s;
}

void sm_sessions_free(sm_sessions *s) {
    if (s) memset(s->secret, 0, sizeof s->secret);
    g_free(s);
}

char *sm_session_new_id(void) {
    guchar id[16];
    random_bytes(id, sizeof id);
    return hex(id, sizeof id);
}

char *sm_session_cookie(const char *id) {
    return g_strdup_printf("sm_session=%s; Path=/; HttpOnly; SameSite=Strict", id);
}

char *sm_session_from_cookie(const char *header) {
    if (!header) return NULL;
    for (const char *p = header; (p = strstr(p, "sm_session=")); p++) {
        if (p != header && p[-1] != ' ' && p[-1] != ';') continue;
        const char *v = p + strlen("sm_session="), *end = v;
        while (g_ascii_isxdigit(*end)) end++;
        if (end - v == 32) return g_strndup(v, 32);
    }
    return NULL;
}

char *sm_session_token(const sm_sessions *s, const char *id) {
    return g_compute_hmac_for_string(G_CHECKSUM_SHA256, s->secret, sizeof s->secret, id, -1);
}

bool sm_session_check(const sm_sessions *s, const char *id, const char *token) {
    if (!id || !token) return false;
    char *expected = sm_session_token(s, id);
    size_t n = strlen(expected);
    bool same = strlen(token) == n;
    unsigned diff = 0;
    for (size_t i = 0; same && i < n; i++) diff |= (unsigned)(expected[i] ^ token[i]);
    g_free(expected);
    return same && diff == 0;
}
