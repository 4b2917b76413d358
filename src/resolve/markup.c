/* markup.c: {variables} and inline markup (**bold**, [span]{.colour}, \ escapes) → spans. */
#include "resolver.h"

#include "../base/limits.h"

#include "../base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* SM_MARKUP_MAX_NESTING (base/limits.h) bounds spans inside spans. */

/* A variable's name: letters, digits, - and _, and any non-ASCII character, so CSV columns
 * named in Japanese (学校名) work; braces, bars and spaces end it (ruby has a bar). */
static bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (unsigned char)c >= 0x80;
}
static bool is_ident(char c) { return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-'; }

static void unknown_variable(sm_resolver *r, const sm_value *value, size_t offset,
                             const char *name) {
    const char *candidates[128];
    candidates[sm_resolve_variable_names(r->doc, candidates, 127)] = NULL;
    /* Past the diagnostics kept, only the failure counts: finding the position and a hint
     * for each of thousands of unknown names would make the text's length squared. */
    if (r->diags->count >= SM_DIAG_MAX) {
        sm_error(r->diags, value->pos, "unknown variable");
        return;
    }
    const char *hint = sm_did_you_mean(name, candidates);
    sm_pos pos = sm_value_pos_at(value, offset);
    if (hint)
        sm_error(r->diags, pos, "unknown variable '{%s}'; did you mean '{%s}'?", name, hint);
    else
        sm_error(r->diags, pos,
                 "unknown variable '{%s}' (define it under vars: or with --set %s=…)", name, name);
}

/* Substitutes {name}. Braces around anything else (ruby, literal braces) stay as written. */
static char *substitute(sm_resolver *r, const sm_value *value, bool *ok) {
    const char *s = value->as.str;
    sm_buf out = {0};
    sm_buf_puts(&out, "");
    for (size_t i = 0; s[i];) {
        if (s[i] == '\\' && s[i + 1]) { /* keep escapes for the markup pass */
            sm_buf_append(&out, s + i, 2);
            i += 2;
            continue;
        }
        if (s[i] == '{' && is_ident_start(s[i + 1])) {
            size_t j = i + 1;
            while (is_ident(s[j])) j++;
            if (s[j] == '}') {
                const char *v = sm_resolve_variable(r->doc, s + i + 1, j - i - 1);
                if (v) {
                    sm_buf_puts(&out, v);
                } else {
                    char *name = sm_arena_strndup(r->arena, s + i + 1, j - i - 1);
                    unknown_variable(r, value, i, name);
                    *ok = false;
                }
                i = j + 1;
                continue;
            }
        }
        sm_buf_putc(&out, s[i++]);
    }
    char *result = sm_arena_strdup(r->arena, out.data);
    sm_buf_free(&out);
    return result;
}

/* The spans made so far. The last one's text grows in `tail` while neighbours with its look
 * merge into it, and is copied into the arena when the next span starts (finish_tail): many
 * small pieces of one look cost their length, not its square. */
typedef struct span_list {
    sm_span *items;
    size_t count, capacity;
    sm_buf tail;
    bool tail_open;
} span_list;

static void finish_tail(sm_resolver *r, span_list *list) {
    if (!list->tail_open) return;
    list->items[list->count - 1].text = sm_arena_strndup(r->arena, list->tail.data, list->tail.len);
    list->tail.len = 0;
    list->tail_open = false;
}

/* What inline markup has switched on at a point of the text. */
typedef struct look {
    bool bold, emphasis;
    const sm_color *color;
} look;

static void push_span(sm_resolver *r, span_list *list, const char *text, size_t len, look lk,
                      const char *ruby) {
    if (len == 0) return;
    /* Merge with the previous span when the look is the same (never across ruby). */
    if (list->count && !ruby) {
        sm_span *last = &list->items[list->count - 1];
        bool same_color =
            (!lk.color && !last->has_color) ||
            (lk.color && last->has_color && !memcmp(lk.color, &last->color, sizeof *lk.color));
        if (last->bold == lk.bold && last->emphasis == lk.emphasis && same_color && !last->ruby) {
            if (!list->tail_open) {
                sm_buf_append(&list->tail, last->text, strlen(last->text));
                list->tail_open = true;
            }
            sm_buf_append(&list->tail, text, len);
            return;
        }
    }
    finish_tail(r, list);
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 4;
        list->items = sm_arena_grow(r->arena, list->items, list->count, cap, sizeof *list->items);
        list->capacity = cap;
    }
    list->items[list->count++] = (sm_span){.text = sm_arena_strndup(r->arena, text, len),
                                           .bold = lk.bold,
                                           .has_color = lk.color != NULL,
                                           .color = lk.color ? *lk.color : (sm_color){0},
                                           .ruby = ruby,
                                           .emphasis = lk.emphasis};
}

static void push(sm_resolver *r, span_list *list, const char *text, size_t len, look lk) {
    push_span(r, list, text, len, lk, NULL);
}

/* DenDen ruby at s[0] == '{': {base|reading} (group) or {漢字|かん|じ} (one reading per
 * character, mono). Returns the bytes consumed, or 0 when this is not ruby. */
static size_t parse_ruby(sm_resolver *r, sm_pos pos, const char *s, size_t len, look lk,
                         span_list *out) {
    size_t close = 1;
    while (close < len && s[close] != '}' && s[close] != '{' && s[close] != '\n') close++;
    if (close >= len || s[close] != '}') return 0;
    const char *bar = memchr(s + 1, '|', close - 1);
    if (!bar || bar == s + 1) return 0;
    size_t base_len = (size_t)(bar - s - 1);
    const char *base = s + 1;
    /* The readings, split at each further '|'. */
    const char *readings[64];
    size_t reading_lens[64], count = 0;
    for (const char *p = bar + 1; p <= s + close && count < 64;) {
        const char *end = memchr(p, '|', (size_t)(s + close - p));
        if (!end) end = s + close;
        readings[count] = p;
        reading_lens[count++] = (size_t)(end - p);
        p = end + 1;
    }
    for (size_t i = 0; i < count; i++)
        if (reading_lens[i] == 0) {
            sm_error(r->diags, pos, "ruby {%.*s} has an empty reading", (int)(close - 1), s + 1);
            return close + 1;
        }
    if (count == 1) {
        push_span(r, out, base, base_len, lk,
                  sm_arena_strndup(r->arena, readings[0], reading_lens[0]));
        return close + 1;
    }
    size_t chars = sm_utf8_count(base, base_len);
    if (chars != count) {
        sm_error(r->diags, pos,
                 "ruby {%.*s} has %zu base characters but %zu readings (mono ruby needs one "
                 "reading per character; group ruby has one reading)",
                 (int)(close - 1), s + 1, chars, count);
        return close + 1;
    }
    /* One span per character, the later ones marked as the same compound word: its
     * readings may reach over each other's characters (jukugo ruby, JLREQ Appendix F). */
    for (size_t i = 0, at = 0; i < count; i++) {
        uint32_t cp;
        int n = sm_utf8_decode(base + at, &cp);
        push_span(r, out, base + at, (size_t)n, lk,
                  sm_arena_strndup(r->arena, readings[i], reading_lens[i]));
        if (i > 0) out->items[out->count - 1].jukugo = true;
        at += (size_t)n;
    }
    return close + 1;
}

/* The text being parsed, with what one pass over it found: where each '[' is closed. */
typedef struct source_text {
    const char *text;
    size_t *closing; /* closing[i]: the ']' matching the '[' at i, or SIZE_MAX */
} source_text;

/* Matches brackets once for the whole text (a backslash skips the byte after it), so that
 * looking for the end of each of many '[' does not scan the rest of the text each time.
 * Free src.closing after parsing. */
static source_text match_brackets(const char *text, size_t len) {
    source_text src = {text, sm_xmalloc((len + 1) * sizeof(size_t))};
    size_t *open = sm_xmalloc((len + 1) * sizeof *open), depth = 0;
    for (size_t i = 0; i < len; i++) {
        src.closing[i] = SIZE_MAX;
        if (text[i] == '\\') {
            if (i + 1 < len) src.closing[++i] = SIZE_MAX;
            continue;
        }
        if (text[i] == '[')
            open[depth++] = i;
        else if (text[i] == ']' && depth > 0)
            src.closing[open[--depth]] = i;
    }
    free(open);
    return src;
}

/* Finds "]{.name}" closing a span opened at s[0] == '[' (s is at `at` in the whole text);
 * returns the offset of ']' or 0. */
static size_t span_close(const source_text *src, const char *s, size_t len, size_t *name_start,
                         size_t *name_len, size_t *after) {
    size_t at = (size_t)(s - src->text), close = src->closing[at];
    if (close == SIZE_MAX || close - at >= len) return 0;
    size_t i = close - at;
    if (i + 2 < len && s[i + 1] == '{' && (s[i + 2] == '.' || s[i + 2] == '#')) {
        /* A colour's name holds no bracket or brace: the scan stops at one, so the names
         * looked for after many ']' never read the same text twice. */
        size_t j = i + 3;
        while (j < len && !strchr("}\n[]{", s[j])) j++;
        if (j < len && s[j] == '}') {
            *name_start = s[i + 2] == '.' ? i + 3 : i + 2;
            *name_len = j - *name_start;
            *after = j + 1;
            return i;
        }
    }
    return 0;
}

/* The first occurrence of the mark in s[0, len), or NULL. */
static const char *find_mark(const char *s, size_t len, const char *mark) {
    size_t n = strlen(mark);
    for (const char *p = s; (size_t)(p - s) + n <= len; p++) {
        p = memchr(p, mark[0], len - (size_t)(p - s));
        if (!p || (size_t)(p - s) + n > len) return NULL;
        if (memcmp(p, mark, n) == 0) return p;
    }
    return NULL;
}

static const char emphasis_open[] = "《《", emphasis_close[] = "》》";

static void parse(sm_resolver *r, const source_text *src, sm_pos pos, const char *s, size_t len,
                  int depth, look *lk, span_list *out) {
    size_t run = 0; /* start of the pending literal run */
    /* The next 》》 at or after the cursor, found once: searching again for each 《《 would
     * scan the rest of the text as many times. NULL: none left. */
    const char *emphasis_end = s;
    sm_buf literal = {0};
    sm_buf_puts(&literal, "");
#define FLUSH()                                                                                    \
    do {                                                                                           \
        sm_buf_append(&literal, s + run, i - run);                                                 \
        push(r, out, literal.data, literal.len, *lk);                                              \
        literal.len = 0;                                                                           \
        literal.data[0] = '\0';                                                                    \
    } while (0)
    for (size_t i = 0; i < len;) {
        if (s[i] == '\\' && i + 1 < len && strchr("\\*[]{}", s[i + 1])) {
            sm_buf_append(&literal, s + run, i - run);
            sm_buf_putc(&literal, s[i + 1]);
            i += 2;
            run = i;
            continue;
        }
        if (s[i] == '*' && i + 1 < len && s[i + 1] == '*') {
            FLUSH();
            lk->bold = !lk->bold;
            i += 2;
            run = i;
            continue;
        }
        size_t mark = sizeof emphasis_open - 1;
        if (!lk->emphasis && i + mark <= len && memcmp(s + i, emphasis_open, mark) == 0) {
            if (emphasis_end && emphasis_end < s + i + mark)
                emphasis_end = find_mark(s + i + mark, len - i - mark, emphasis_close);
            const char *end = emphasis_end;
            if (end) {
                FLUSH();
                lk->emphasis = true;
                parse(r, src, pos, s + i + mark, (size_t)(end - s) - i - mark, depth + 1, lk, out);
                lk->emphasis = false;
                i = (size_t)(end - s) + mark;
                run = i;
                continue;
            }
        }
        if (s[i] == '{') {
            size_t start = i;
            FLUSH();
            size_t used = parse_ruby(r, pos, s + i, len - i, *lk, out);
            if (used) {
                i += used;
                run = i;
                continue;
            }
            run = start;
        }
        size_t name_start, name_len, after;
        size_t close =
            s[i] == '[' ? span_close(src, s + i, len - i, &name_start, &name_len, &after) : 0;
        if (close && depth >= SM_MARKUP_MAX_NESTING) {
            sm_error(r->diags, pos, "inline markup is nested more than %d levels deep",
                     SM_MARKUP_MAX_NESTING);
            close = 0;
        }
        if (close) {
            FLUSH();
            char *name = sm_arena_strndup(r->arena, s + i + name_start, name_len);
            sm_value probe = {.pos = pos};
            probe.as.color.name = name;
            probe.as.color.literal = sm_color_parse(name, &probe.as.color.rgba);
            sm_color c = {0, 0, 0, 1};
            if (!sm_resolve_color(r, &probe, &c)) c = lk->color ? *lk->color : c;
            look inner = *lk;
            inner.color = &c;
            parse(r, src, pos, s + i + 1, close - 1, depth + 1, &inner, out);
            lk->bold = inner.bold;
            i += after;
            run = i;
            continue;
        }
        i++;
    }
    size_t i = len;
    FLUSH();
#undef FLUSH
    sm_buf_free(&literal);
}

static void finish(sm_resolver *r, span_list *spans, sm_rich *out, sm_pos pos,
                   const sm_value *source) {
    finish_tail(r, spans);
    sm_buf_free(&spans->tail);
    sm_buf plain = {0};
    sm_buf_puts(&plain, "");
    for (size_t i = 0; i < spans->count; i++) sm_buf_puts(&plain, spans->items[i].text);
    *out =
        (sm_rich){spans->items, spans->count, sm_arena_strdup(r->arena, plain.data), pos, source};
    sm_buf_free(&plain);
}

static size_t trimmed_length(const char *s) {
    size_t len = strlen(s);
    while (len && (s[len - 1] == '\n' || s[len - 1] == ' ')) len--;
    return len;
}

bool sm_markup_parse(sm_resolver *r, const sm_value *value, sm_rich *out) {
    bool ok = true;
    /* The loader has dropped the folds between Japanese characters; spaces here, from the
       definition or a --set or CSV value, were typed and stay. */
    char *text = substitute(r, value, &ok);
    span_list spans = {0};
    look lk = {false, false, NULL};
    size_t len = trimmed_length(text);
    source_text src = match_brackets(text, len);
    parse(r, &src, value->pos, text, len, 0, &lk, &spans);
    free(src.closing);
    if (lk.bold)
        sm_warning(r->diags, value->pos, "'**' is not closed: bold runs to the end of the text");
    finish(r, &spans, out, value->pos, value);
    return ok;
}

sm_rich sm_markup_literal(sm_resolver *r, const char *text, sm_pos pos) {
    span_list spans = {0};
    look lk = {false, false, NULL};
    size_t len = trimmed_length(text);
    source_text src = match_brackets(text, len);
    parse(r, &src, pos, text, len, 0, &lk, &spans);
    free(src.closing);
    sm_rich rich;
    finish(r, &spans, &rich, pos, NULL);
    return rich;
}

const char *sm_text_join_lines(sm_arena *arena, const char *text) {
    size_t len = strlen(text);
    char *out = sm_arena_alloc(arena, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\n') {
            out[n++] = text[i];
            continue;
        }
        /* Japanese lines join directly; Latin words keep a space between them. */
        bool ascii_before = n > 0 && (unsigned char)out[n - 1] < 0x80;
        bool ascii_after = i + 1 < len && (unsigned char)text[i + 1] < 0x80;
        if (ascii_before && ascii_after && out[n - 1] != ' ') out[n++] = ' ';
    }
    out[n] = '\0';
    return out;
}
