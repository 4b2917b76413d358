/* fold.c: reads a multi-line scalar's source beside libyaml's value to tell the spaces YAML
 * made of line breaks from the spaces the author typed. */
#include "fold.h"

#include "../base/jclass.h"
#include "../base/utf8.h"

#include <string.h>

size_t sm_fold_break_length(const char *s, size_t i, size_t size) {
    const unsigned char *u = (const unsigned char *)s;
    if (i >= size) return 0;
    if (u[i] == '\n') return 1;
    if (u[i] == '\r') return i + 1 < size && u[i + 1] == '\n' ? 2 : 1;
    if (u[i] == 0xC2 && i + 1 < size && u[i + 1] == 0x85) return 2;
    if (u[i] == 0xE2 && i + 2 < size && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9))
        return 3;
    return 0;
}

/* A cursor in the source that keeps the line and column (in characters, as libyaml). */
typedef struct cursor {
    const char *s;
    size_t i, n;
    int line, col;
} cursor;

static bool at_end(const cursor *c) { return c->i >= c->n; }

static size_t char_length(const cursor *c) {
    size_t k = 1;
    while (c->i + k < c->n && ((unsigned char)c->s[c->i + k] & 0xC0) == 0x80) k++;
    return k;
}

/* Moves past one character or line break; returns true when it was a line break. */
static bool step(cursor *c) {
    size_t brk = sm_fold_break_length(c->s, c->i, c->n);
    if (brk) {
        c->i += brk;
        c->line++;
        c->col = 1;
        return true;
    }
    c->i += char_length(c);
    c->col++;
    return false;
}

static bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }
static bool is_value_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n'; }

/* An escaped line break in a double-quoted scalar: it joins the lines with nothing. */
static bool at_escaped_break(const cursor *c, sm_fold_style style) {
    return style == SM_FOLD_DOUBLE_QUOTED && c->s[c->i] == '\\' &&
           sm_fold_break_length(c->s, c->i + 1, c->n) > 0;
}

static bool at_white(const cursor *c, sm_fold_style style) {
    return !at_end(c) && (is_blank(c->s[c->i]) || sm_fold_break_length(c->s, c->i, c->n) ||
                          at_escaped_break(c, style));
}

static int hex_value(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* The character a one-letter escape of a double-quoted scalar stands for (YAML 1.1 §5.7). */
static bool simple_escape(char letter, uint32_t *cp) {
    switch (letter) {
    case '0': *cp = 0; return true;
    case 'a': *cp = 7; return true;
    case 'b': *cp = 8; return true;
    case 't':
    case '\t': *cp = 9; return true;
    case 'n': *cp = 10; return true;
    case 'v': *cp = 11; return true;
    case 'f': *cp = 12; return true;
    case 'r': *cp = 13; return true;
    case 'e': *cp = 27; return true;
    case ' ':
    case '"':
    case '/':
    case '\\': *cp = (unsigned char)letter; return true;
    case 'N': *cp = 0x85; return true;
    case '_': *cp = 0xA0; return true;
    case 'L': *cp = 0x2028; return true;
    case 'P': *cp = 0x2029; return true;
    default: return false;
    }
}

/* Reads one character of content at the cursor, decoding the quoting (\-escapes in double
 * quotes, '' in single quotes). Returns false for anything it does not know. */
static bool read_content(cursor *c, sm_fold_style style, uint32_t *cp) {
    const char *s = c->s + c->i;
    if (style == SM_FOLD_SINGLE_QUOTED && s[0] == '\'') {
        if (c->i + 1 >= c->n || s[1] != '\'') return false;
        *cp = '\'';
        c->i += 2;
        c->col += 2;
        return true;
    }
    if (style != SM_FOLD_DOUBLE_QUOTED || s[0] != '\\') {
        sm_utf8_decode(s, cp);
        step(c);
        return true;
    }
    if (c->i + 1 >= c->n) return false;
    if (simple_escape(s[1], cp)) {
        c->i += 2;
        c->col += 2;
        return true;
    }
    int digits = s[1] == 'x' ? 2 : s[1] == 'u' ? 4 : s[1] == 'U' ? 8 : 0;
    if (!digits || c->i + 2 + (size_t)digits > c->n) return false;
    uint32_t v = 0;
    for (int k = 0; k < digits; k++) {
        int h = hex_value(s[2 + k]);
        if (h < 0) return false;
        v = v * 16 + (uint32_t)h;
    }
    *cp = v;
    c->i += 2 + (size_t)digits;
    c->col += 2 + digits;
    return true;
}

static bool is_japanese(uint32_t cp) { return cp && sm_jclass_is_japanese(sm_jclass_of(cp)); }

/* The code point that ends text[0..len) (0 for none). */
static uint32_t last_codepoint(const char *text, size_t len) {
    if (!len) return 0;
    size_t k = len - 1;
    while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80) k--;
    uint32_t cp = 0;
    sm_utf8_decode(text + k, &cp);
    return cp;
}

typedef struct line_list {
    sm_source_line *items;
    size_t count, cap;
} line_list;

static void add_line(sm_arena *arena, line_list *l, size_t offset, const cursor *c) {
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        l->items = sm_arena_grow(arena, l->items, l->count, cap, sizeof *l->items);
        l->cap = cap;
    }
    l->items[l->count++] = (sm_source_line){offset, c->line, c->col};
}

bool sm_fold_unfold(sm_arena *arena, const char *src, size_t src_len, sm_pos at,
                    sm_fold_style style, const char *value, size_t len, sm_unfolded *out) {
    cursor c = {src, 0, src_len, at.line, at.col};
    bool line_started = false; /* a source line break was passed before the next content */
    if (style == SM_FOLD_SINGLE_QUOTED || style == SM_FOLD_DOUBLE_QUOTED) {
        step(&c);
    } else if (style == SM_FOLD_BLOCK) {
        /* The header line (| or > and its indicators); its line break starts the content. */
        while (!at_end(&c) && !sm_fold_break_length(c.s, c.i, c.n)) step(&c);
    }
    char *text = sm_arena_alloc(arena, len + 1);
    size_t n = 0, v = 0;
    line_list lines = {0};
    while (v < len) {
        if (at_white(&c, style)) {
            /* A run of blanks and line breaks in the source against a run of white space in
             * the value. Without a line break in it, the blanks are the author's. */
            size_t blanks = 0;
            bool folded = false;
            while (at_white(&c, style)) {
                if (at_escaped_break(&c, style)) {
                    c.i++;
                    c.col++;
                    step(&c);
                    folded = line_started = true;
                    continue;
                }
                if (step(&c))
                    folded = line_started = true;
                else
                    blanks++;
            }
            size_t run = v;
            if (folded)
                while (run < len && is_value_space(value[run])) run++;
            else
                while (run < len && run - v < blanks && is_blank(value[run])) run++;
            if (!folded && run - v != blanks) return false;
            uint32_t after = 0;
            if (run < len) sm_utf8_decode(value + run, &after);
            bool drop = folded && run - v == 1 && value[v] == ' ' &&
                        is_japanese(last_codepoint(text, n)) && is_japanese(after);
            if (!drop) {
                memcpy(text + n, value + v, run - v);
                n += run - v;
            }
            v = run;
            continue;
        }
        if (at_end(&c)) return false;
        if (line_started) add_line(arena, &lines, n, &c);
        line_started = false;
        uint32_t want = 0, got = 0;
        int k = sm_utf8_decode(value + v, &want);
        if (!read_content(&c, style, &got) || got != want) return false;
        memcpy(text + n, value + v, (size_t)k);
        n += (size_t)k;
        v += (size_t)k;
    }
    text[n] = '\0';
    *out = (sm_unfolded){text, n, lines.items, lines.count};
    return true;
}
