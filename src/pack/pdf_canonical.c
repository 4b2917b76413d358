/* pdf_canonical.c: the canonical spelling of a PDF value (pdf_canonical.h). cairo writes a
 * dictionary over several indented lines in its own key order; qpdf on one line, keys
 * sorted, strings re-escaped. The office post-pass keeps cairo's spelling and a print shop's
 * PDF has qpdf's, yet the same font subset in both is one object of the pack. */
#include "pdf_canonical.h"

#include "../base/pdf_lex.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_NESTING = 64 };

/* A string token's bytes, as hex: (literal) with its escapes undone, or <hex>. */
static void put_string(const unsigned char *s, size_t n, GString *out) {
    static const char digits[] = "0123456789abcdef";
    g_string_append_c(out, '<');
#define PUT(byte)                                                                                  \
    do {                                                                                           \
        unsigned char b_ = (unsigned char)(byte);                                                  \
        g_string_append_c(out, digits[b_ >> 4]);                                                   \
        g_string_append_c(out, digits[b_ & 15]);                                                   \
    } while (0)
    if (n >= 2 && s[0] == '<') {
        int high = -1;
        for (size_t i = 1; i + 1 < n; i++) {
            if (!g_ascii_isxdigit(s[i])) continue; /* white space */
            int v = g_ascii_xdigit_value(s[i]);
            if (high < 0) {
                high = v;
            } else {
                PUT(high << 4 | v);
                high = -1;
            }
        }
        if (high >= 0) PUT(high << 4); /* an odd last digit is followed by 0 */
    } else if (n >= 2) {
        for (size_t i = 1; i + 1 < n; i++) {
            unsigned char c = s[i];
            if (c == '\r') { /* any end of line in a literal is a newline */
                if (i + 2 < n && s[i + 1] == '\n') i++;
                PUT('\n');
                continue;
            }
            if (c != '\\' || i + 2 >= n) {
                PUT(c);
                continue;
            }
            c = s[++i];
            const char *from = "nrtbf", *to = "\n\r\t\b\f";
            const char *k = c ? strchr(from, c) : NULL;
            if (k) {
                PUT(to[k - from]);
            } else if (c >= '0' && c <= '7') {
                int v = 0;
                for (int d = 0; d < 3 && i + 1 < n && s[i] >= '0' && s[i] <= '7'; d++, i++)
                    v = v * 8 + (s[i] - '0');
                i--;
                PUT(v & 0xff);
            } else if (c == '\r' || c == '\n') { /* a line continued: nothing */
                if (c == '\r' && i + 2 < n && s[i + 1] == '\n') i++;
            } else {
                PUT(c); /* \( \) \\ and an unknown escape: the character itself */
            }
        }
    }
#undef PUT
    g_string_append_c(out, '>');
}

static void put_name(const char *name, GString *out) {
    g_string_append_c(out, '/');
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
        if (*c > ' ' && *c < 0x7f && !strchr("()<>[]{}/%#", *c))
            g_string_append_c(out, (char)*c);
        else
            g_string_append_printf(out, "#%02x", *c);
    }
}

/* One entry of a dictionary as spelled in out: " /key value", and where its key lies. */
typedef struct spelled_entry {
    size_t start, key, key_length, end;
} spelled_entry;

static gint by_key(gconstpointer a, gconstpointer b, gpointer text) {
    const spelled_entry *x = a, *y = b;
    const char *t = text;
    size_t n = x->key_length < y->key_length ? x->key_length : y->key_length;
    int c = memcmp(t + x->key, t + y->key, n);
    return c ? c : (x->key_length > y->key_length) - (x->key_length < y->key_length);
}

static bool put_value(sm_pdf_lexer *lex, sm_pdf_token t, GString *out, int nesting);

/* A dictionary's entries, spelled in place and then put in the order of their keys. */
static bool put_dict(sm_pdf_lexer *lex, GString *out, int nesting) {
    g_string_append(out, "<<");
    size_t base = out->len, count = 0, capacity = 32;
    spelled_entry on_stack[32], *entries = on_stack;
    bool ok = true, sorted = true;
    for (;;) {
        sm_pdf_token k = sm_pdf_lex_next(lex);
        if (k.type == SM_PDF_TOK_DICT_CLOSE) break;
        if (k.type != SM_PDF_TOK_NAME) {
            ok = false;
            break;
        }
        if (count == capacity) {
            capacity *= 2;
            entries = entries == on_stack ? g_memdup2(on_stack, sizeof on_stack) : entries;
            entries = g_realloc(entries, capacity * sizeof *entries);
        }
        spelled_entry *e = &entries[count++];
        e->start = out->len;
        g_string_append_c(out, ' ');
        e->key = out->len;
        put_name(k.text, out);
        e->key_length = out->len - e->key;
        g_string_append_c(out, ' ');
        ok = put_value(lex, sm_pdf_lex_next(lex), out, nesting + 1);
        e->end = out->len;
        if (!ok) break;
        if (count > 1 && by_key(&entries[count - 2], e, out->str) > 0) sorted = false;
    }
    if (ok && !sorted) {
        char *spelled = g_strndup(out->str + base, out->len - base);
        g_qsort_with_data(entries, (gint)count, sizeof *entries, by_key, out->str);
        g_string_truncate(out, base);
        for (size_t i = 0; i < count; i++)
            g_string_append_len(out, spelled + entries[i].start - base,
                                (gssize)(entries[i].end - entries[i].start));
        g_free(spelled);
    }
    if (entries != on_stack) g_free(entries);
    g_string_append(out, " >>");
    return ok;
}

static void put_token(const sm_pdf_lexer *lex, sm_pdf_token t, GString *out) {
    g_string_append_len(out, (const char *)lex->data + t.start, (gssize)(t.end - t.start));
}

static bool put_value(sm_pdf_lexer *lex, sm_pdf_token t, GString *out, int nesting) {
    if (nesting > MAX_NESTING) return false;
    switch (t.type) {
    case SM_PDF_TOK_NUMBER: {
        /* As written: cairo and qpdf both keep a number's digits (qpdf stores a real as its
         * text), and formatting each of the thousands in a font's /W costs. */
        put_token(lex, t, out);
        sm_pdf_lexer ahead = *lex; /* "n g R": one value */
        sm_pdf_token g = sm_pdf_lex_next(&ahead), r = sm_pdf_lex_next(&ahead);
        if (g.type == SM_PDF_TOK_NUMBER && r.type == SM_PDF_TOK_KEYWORD &&
            strcmp(r.text, "R") == 0) {
            *lex = ahead;
            g_string_append_c(out, ' ');
            put_token(lex, g, out);
            g_string_append(out, " R");
        }
        return true;
    }
    case SM_PDF_TOK_KEYWORD: put_token(lex, t, out); return true;
    case SM_PDF_TOK_NAME: put_name(t.text, out); return true;
    case SM_PDF_TOK_STRING: put_string(lex->data + t.start, t.end - t.start, out); return true;
    case SM_PDF_TOK_ARRAY_OPEN:
        g_string_append_c(out, '[');
        for (;;) {
            sm_pdf_token item = sm_pdf_lex_next(lex);
            if (item.type == SM_PDF_TOK_ARRAY_CLOSE) break;
            g_string_append_c(out, ' ');
            if (!put_value(lex, item, out, nesting + 1)) return false;
        }
        g_string_append(out, " ]");
        return true;
    case SM_PDF_TOK_DICT_OPEN: return put_dict(lex, out, nesting);
    default: return false;
    }
}

bool sm_pdf_canonical(const char *text, size_t length, GString *out) {
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, (const unsigned char *)text, length);
    return put_value(&lex, sm_pdf_lex_next(&lex), out, 0) &&
           sm_pdf_lex_next(&lex).type == SM_PDF_TOK_END && lex.problems == 0;
}
