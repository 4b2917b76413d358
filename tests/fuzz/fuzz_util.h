/* fuzz_util.h: what the harnesses share — structured choices read from the fuzz input, UTF-8
 * and JSON checks, and an invariant check that names what broke before it aborts. */
#ifndef SM_FUZZ_UTIL_H
#define SM_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken invariant is a crash for libFuzzer: abort() makes it keep the input. */
#define FZ_CHECK(cond, ...)                                                                        \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "\n%s:%d: invariant failed: %s\n  ", __FILE__, __LINE__, #cond);       \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The input as two ends: choices (options, sizes) are taken from the back, content from the
 * front, so a mutation of the text does not reshuffle every option and the other way round
 * (as LLVM's FuzzedDataProvider does). Past the end every choice reads as 0. */
typedef struct fz_input {
    const uint8_t *data;
    size_t size;
} fz_input;

static inline uint8_t fz_byte(fz_input *in) {
    if (in->size == 0) return 0;
    return in->data[--in->size];
}

/* A number in [0, n), n ≥ 1. */
static inline unsigned fz_pick(fz_input *in, unsigned n) {
    unsigned v = fz_byte(in);
    if (n > 256) v = v << 8 | fz_byte(in);
    return n ? v % n : 0;
}

static inline bool fz_bool(fz_input *in) { return fz_byte(in) & 1; }

/* A real number in [lo, hi] with 16 bits of resolution. */
static inline double fz_real(fz_input *in, double lo, double hi) {
    unsigned v = (unsigned)fz_byte(in) << 8 | fz_byte(in);
    return lo + (hi - lo) * (double)v / 65535.0;
}

/* The next content byte from the front; false at the end. */
static inline bool fz_next(fz_input *in, uint8_t *out) {
    if (in->size == 0) return false;
    *out = in->data[0];
    in->data++;
    in->size--;
    return true;
}

/* Length of the UTF-8 sequence at s (at most n bytes), 0 when it is not well-formed (overlong
 * forms, surrogates and code points past U+10FFFF are not). */
static inline size_t fz_utf8_char(const unsigned char *s, size_t n, uint32_t *cp) {
    if (n == 0) return 0;
    unsigned c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        len = 2, v = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3, v = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        v = v << 6 | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
    *cp = v;
    return len;
}

static inline bool fz_utf8_valid(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp;
    for (size_t i = 0; i < n;) {
        size_t len = fz_utf8_char(p + i, n - i, &cp);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

/* A NUL-terminated, well-formed UTF-8 copy of data (free() it): an ill-formed byte becomes
 * '?' and NUL a space, so every input reaches code that only ever sees valid text. */
static inline char *fz_utf8_copy(const uint8_t *data, size_t size) {
    char *out = malloc(size + 1);
    if (!out) abort();
    size_t n = 0;
    uint32_t cp;
    for (size_t i = 0; i < size;) {
        size_t len = fz_utf8_char(data + i, size - i, &cp);
        if (len == 0) {
            out[n++] = '?';
            i++;
            continue;
        }
        if (cp == 0) {
            out[n++] = ' ';
        } else {
            memcpy(out + n, data + i, len);
            n += len;
        }
        i += len;
    }
    out[n] = '\0';
    return out;
}

#endif
