/* utf8.h: UTF-8 validation and decoding, and a growable byte buffer. */
#ifndef SM_UTF8_H
#define SM_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sm_buf sm_buf;

/* Returns the byte offset of the first invalid UTF-8 sequence, or len when all is valid. */
size_t sm_utf8_invalid_offset(const char *s, size_t len);
/* Decodes one code point at s (valid UTF-8 assumed); returns its byte length. */
int sm_utf8_decode(const char *s, uint32_t *codepoint);
/* Encodes a code point into out (at least 4 bytes); returns the byte length. */
int sm_utf8_encode(uint32_t codepoint, char *out);
/* Appends s to out with every invalid UTF-8 byte replaced by U+FFFD (names and titles read
 * from PDFs are bytes, not text). */
void sm_utf8_append_valid(sm_buf *out, const char *s);
/* Appends valid UTF-8 text s as a PDF (and PostScript) text string of Unicode: <FEFF…>, its
 * UTF-16BE in hex (a code point past U+FFFF as its surrogate pair). */
void sm_utf8_append_pdf_hex(sm_buf *out, const char *s);
/* The first occurrence of the k bytes at needle in the n bytes at hay, or NULL (memmem is a
 * GNU extension). */
const void *sm_find_bytes(const void *hay, size_t n, const void *needle, size_t k);
/* Counts code points in the first n bytes. */
size_t sm_utf8_count(const char *s, size_t n);

/* A heap buffer that grows; free it with sm_buf_free. Always NUL-terminated. */
struct sm_buf {
    char *data;
    size_t len, cap;
};

/* Makes room for n more bytes (and the terminating NUL) without changing the contents. */
void sm_buf_reserve(sm_buf *buf, size_t n);
void sm_buf_append(sm_buf *buf, const char *s, size_t n);
void sm_buf_puts(sm_buf *buf, const char *s);
void sm_buf_putc(sm_buf *buf, char c);
void sm_buf_printf(sm_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sm_buf_free(sm_buf *buf);
/* Appends at most limit + 1 bytes of f: enough for a reader to refuse a larger file
 * without reading all of it. buf->data is never NULL afterwards, even for an empty file.
 * Returns false with errno set on a read error. */
bool sm_buf_read_limited(sm_buf *buf, FILE *f, size_t limit);

#endif
