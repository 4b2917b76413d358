/* utf8.c: UTF-8 helpers and the growable buffer. */
#include "utf8.h"

#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t sm_utf8_invalid_offset(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t min;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0) {
            n = 2;
            min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            n = 3;
            min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            n = 4;
            min = 0x10000;
        } else
            return i;
        if (i + n > len) return i;
        uint32_t cp = c & (0xff >> (n + 1));
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
        i += n;
    }
    return len;
}

int sm_utf8_decode(const char *str, uint32_t *codepoint) {
    const unsigned char *s = (const unsigned char *)str;
    if (s[0] < 0x80) {
        *codepoint = s[0];
        return 1;
    }
    int n = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : 4;
    uint32_t cp = s[0] & (0xff >> (n + 1));
    for (int k = 1; k < n; k++) cp = (cp << 6) | (s[k] & 0x3f);
    *codepoint = cp;
    return n;
}

int sm_utf8_encode(uint32_t cp, char *out) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

size_t sm_utf8_count(const char *s, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80) count++;
    return count;
}

void sm_buf_reserve(sm_buf *buf, size_t n) {
    if (n > SIZE_MAX - buf->len - 1) sm_out_of_memory();
    if (buf->len + n + 1 <= buf->cap) return;
    size_t cap = buf->cap ? buf->cap : 256;
    while (cap < buf->len + n + 1) {
        if (cap > SIZE_MAX / 2) sm_out_of_memory();
        cap *= 2;
    }
    buf->data = sm_xrealloc(buf->data, cap);
    buf->cap = cap;
}

void sm_buf_append(sm_buf *buf, const char *s, size_t n) {
    sm_buf_reserve(buf, n);
    memcpy(buf->data + buf->len, s, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
}

void sm_buf_puts(sm_buf *buf, const char *s) { sm_buf_append(buf, s, strlen(s)); }

void sm_buf_putc(sm_buf *buf, char c) { sm_buf_append(buf, &c, 1); }

void sm_buf_printf(sm_buf *buf, const char *fmt, ...) {
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        char *tmp = sm_xmalloc((size_t)n + 1);
        vsnprintf(tmp, (size_t)n + 1, fmt, ap);
        sm_buf_append(buf, tmp, (size_t)n);
        free(tmp);
    }
    va_end(ap);
}

void sm_buf_free(sm_buf *buf) {
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

bool sm_buf_read_limited(sm_buf *buf, FILE *f, size_t limit) {
    char chunk[64 * 1024];
    sm_buf_append(buf, "", 0);
    size_t end = buf->len + limit + 1;
    while (buf->len < end) {
        size_t want = end - buf->len;
        if (want > sizeof chunk) want = sizeof chunk;
        size_t got = fread(chunk, 1, want, f);
        sm_buf_append(buf, chunk, got);
        if (got < want) return !ferror(f);
    }
    return true;
}

void sm_utf8_append_pdf_hex(sm_buf *out, const char *s) {
    sm_buf_puts(out, "<FEFF");
    for (const char *p = s ? s : ""; *p;) {
        uint32_t cp;
        p += sm_utf8_decode(p, &cp);
        if (cp > 0xffff) {
            cp -= 0x10000;
            sm_buf_printf(out, "%04X%04X", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
        } else {
            sm_buf_printf(out, "%04X", cp);
        }
    }
    sm_buf_puts(out, ">");
}

void sm_utf8_append_valid(sm_buf *out, const char *s) {
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t good = sm_utf8_invalid_offset(s + i, len - i);
        sm_buf_append(out, s + i, good);
        i += good;
        if (i < len) {
            sm_buf_append(out, "\xEF\xBF\xBD", 3);
            i++;
        }
    }
    if (!out->data) sm_buf_append(out, "", 0);
}

const void *sm_find_bytes(const void *hay, size_t n, const void *needle, size_t k) {
    const unsigned char *h = hay, *w = needle;
    if (k == 0) return hay;
    for (const unsigned char *p = h; (size_t)(p - h) + k <= n; p++) {
        p = memchr(p, w[0], n - k + 1 - (size_t)(p - h));
        if (!p) return NULL;
        if (memcmp(p, w, k) == 0) return p;
    }
    return NULL;
}
