/* pdf_source.c: a finished PDF in the plain form, read for copying (pdf_source.h). Every
 * read is bounded by the data and checked; what is not the plain form is refused, not
 * guessed at. */
#include "pdf_source.h"

#include "arena.h"
#include "pdf_lex.h"

#include <stdlib.h>
#include <string.h>

/* Page trees and dictionaries nest; deeper than this is not a document surimono wrote. */
#define SM_SOURCE_MAX_DEPTH 64

static bool keyword(const sm_pdf_token *t, const char *word) {
    return t->type == SM_PDF_TOK_KEYWORD && strcmp(t->text, word) == 0;
}

static bool whole_number(const sm_pdf_token *t, double max) {
    return t->type == SM_PDF_TOK_NUMBER && t->number >= 0 && t->number <= max &&
           t->number == (double)(long)t->number;
}

/* Skips the rest of the value that starts with `first`; returns where it ends (0: broken). */
static size_t value_end(sm_pdf_lexer *lex, sm_pdf_token first, int depth) {
    if (depth > SM_SOURCE_MAX_DEPTH) return 0;
    sm_pdf_tok_type close = first.type == SM_PDF_TOK_DICT_OPEN    ? SM_PDF_TOK_DICT_CLOSE
                            : first.type == SM_PDF_TOK_ARRAY_OPEN ? SM_PDF_TOK_ARRAY_CLOSE
                                                                  : SM_PDF_TOK_END;
    if (close == SM_PDF_TOK_END) {
        bool plain = first.type == SM_PDF_TOK_NUMBER || first.type == SM_PDF_TOK_NAME ||
                     first.type == SM_PDF_TOK_STRING || first.type == SM_PDF_TOK_KEYWORD;
        return plain ? first.end : 0;
    }
    for (;;) {
        sm_pdf_token t = sm_pdf_lex_next(lex);
        if (t.type == close) return t.end;
        if (t.type == SM_PDF_TOK_END || !value_end(lex, t, depth + 1)) return 0;
    }
}

size_t sm_pdf_entry_end(sm_pdf_lexer *lex, sm_pdf_token first) {
    if (first.type == SM_PDF_TOK_NUMBER) {
        sm_pdf_lexer saved = *lex;
        sm_pdf_token g = sm_pdf_lex_next(lex), r = sm_pdf_lex_next(lex);
        if (g.type == SM_PDF_TOK_NUMBER && keyword(&r, "R")) return r.end;
        *lex = saved;
    }
    return value_end(lex, first, 0);
}

bool sm_pdf_dict_get(const sm_pdf_source *s, size_t start, size_t end, const char *key,
                     size_t *value_start, size_t *value_end_out) {
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, s->bytes + start, end - start);
    if (sm_pdf_lex_next(&lex).type != SM_PDF_TOK_DICT_OPEN) return false;
    for (;;) {
        sm_pdf_token k = sm_pdf_lex_next(&lex);
        if (k.type != SM_PDF_TOK_NAME) return false; /* the end, or not a dictionary */
        sm_pdf_token v = sm_pdf_lex_next(&lex);
        size_t e = sm_pdf_entry_end(&lex, v);
        if (!e) return false;
        if (strcmp(k.text, key) == 0) {
            *value_start = start + v.start;
            *value_end_out = start + e;
            return true;
        }
    }
}

long sm_pdf_reference(const sm_pdf_source *s, size_t start, size_t end) {
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, s->bytes + start, end - start);
    sm_pdf_token n = sm_pdf_lex_next(&lex), g = sm_pdf_lex_next(&lex), r = sm_pdf_lex_next(&lex);
    if (!whole_number(&n, (double)s->count) || g.type != SM_PDF_TOK_NUMBER || !keyword(&r, "R") ||
        sm_pdf_lex_next(&lex).type != SM_PDF_TOK_END)
        return -1;
    return (long)n.number;
}

/* The whole number at bytes[start, end), or -1. */
static long number_at(const sm_pdf_source *s, size_t start, size_t end) {
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, s->bytes + start, end - start);
    sm_pdf_token t = sm_pdf_lex_next(&lex);
    return whole_number(&t, 1e15) && sm_pdf_lex_next(&lex).type == SM_PDF_TOK_END ? (long)t.number
                                                                                  : -1;
}

bool sm_pdf_source_object(const sm_pdf_source *s, long number, sm_pdf_object *out) {
    if (number <= 0 || (size_t)number >= s->count || !s->offsets[number]) return false;
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, s->bytes, s->length);
    lex.pos = s->offsets[number];
    sm_pdf_token n = sm_pdf_lex_next(&lex), g = sm_pdf_lex_next(&lex), obj = sm_pdf_lex_next(&lex);
    if (!whole_number(&n, (double)s->count) || (long)n.number != number ||
        g.type != SM_PDF_TOK_NUMBER || !keyword(&obj, "obj"))
        return false;
    sm_pdf_token first = sm_pdf_lex_next(&lex);
    size_t end = value_end(&lex, first, 0);
    if (!end) return false;
    *out = (sm_pdf_object){first.start, end, false, 0, 0};
    sm_pdf_token after = sm_pdf_lex_next(&lex);
    if (keyword(&after, "endobj")) return true;
    if (!keyword(&after, "stream") || first.type != SM_PDF_TOK_DICT_OPEN) return false;
    /* The data starts after the end of line that follows the keyword. */
    size_t data = after.end;
    if (data < s->length && s->bytes[data] == '\r') data++;
    if (data < s->length && s->bytes[data] == '\n') data++;
    size_t vs, ve;
    if (!sm_pdf_dict_get(s, first.start, end, "Length", &vs, &ve)) return false;
    long size = sm_pdf_reference(s, vs, ve);
    if (size >= 0) { /* an indirect length: the number is that object's value */
        sm_pdf_object length;
        size = sm_pdf_source_object(s, size, &length) && !length.stream
                   ? number_at(s, length.start, length.end)
                   : -1;
    } else {
        size = number_at(s, vs, ve);
    }
    if (size < 0 || (size_t)size > s->length - data) return false;
    sm_pdf_lex_init(&lex, s->bytes, s->length);
    lex.pos = data + (size_t)size;
    sm_pdf_token tail = sm_pdf_lex_next(&lex);
    if (!keyword(&tail, "endstream")) return false;
    out->stream = true;
    out->data = data;
    out->size = (size_t)size;
    return true;
}

/* The name at bytes[start, end) equals want. */
static bool name_is(const sm_pdf_source *s, size_t start, size_t end, const char *want) {
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, s->bytes + start, end - start);
    sm_pdf_token t = sm_pdf_lex_next(&lex);
    return t.type == SM_PDF_TOK_NAME && strcmp(t.text, want) == 0;
}

static bool has_key(const sm_pdf_source *s, const sm_pdf_object *o, const char *key) {
    size_t vs, ve;
    return sm_pdf_dict_get(s, o->start, o->end, key, &vs, &ve);
}

/* Appends the pages under node `number` in order. */
static bool walk_pages(sm_pdf_source *s, long number, int depth) {
    sm_pdf_object node;
    size_t vs, ve;
    if (depth > SM_SOURCE_MAX_DEPTH || !sm_pdf_source_object(s, number, &node) || node.stream ||
        !sm_pdf_dict_get(s, node.start, node.end, "Type", &vs, &ve))
        return false;
    if (name_is(s, vs, ve, "Page")) {
        /* A page's own attributes only: inherited ones would be lost in the copy. */
        if (!has_key(s, &node, "MediaBox") || !has_key(s, &node, "Resources") ||
            s->page_count >= s->count)
            return false;
        s->pages[s->page_count++] = number;
        return true;
    }
    if (!name_is(s, vs, ve, "Pages")) return false;
    static const char *const inherited[] = {"Resources", "MediaBox", "CropBox", "Rotate"};
    for (size_t i = 0; i < sizeof inherited / sizeof *inherited; i++)
        if (has_key(s, &node, inherited[i])) return false;
    if (!sm_pdf_dict_get(s, node.start, node.end, "Kids", &vs, &ve)) return false;
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, s->bytes + vs, ve - vs);
    if (sm_pdf_lex_next(&lex).type != SM_PDF_TOK_ARRAY_OPEN) return false;
    for (;;) {
        sm_pdf_token n = sm_pdf_lex_next(&lex);
        if (n.type == SM_PDF_TOK_ARRAY_CLOSE) return true;
        sm_pdf_token g = sm_pdf_lex_next(&lex), r = sm_pdf_lex_next(&lex);
        if (!whole_number(&n, (double)s->count) || g.type != SM_PDF_TOK_NUMBER ||
            !keyword(&r, "R") || !walk_pages(s, (long)n.number, depth + 1))
            return false;
    }
}

/* The cross-reference table at `at` and the trailer after it. */
static bool read_xref(sm_pdf_source *s, size_t at, long *root) {
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, s->bytes, s->length);
    lex.pos = at;
    sm_pdf_token t = sm_pdf_lex_next(&lex);
    if (!keyword(&t, "xref")) return false; /* a cross-reference stream: not the plain form */
    size_t entries_at = lex.pos;
    /* First pass: the trailer, for /Size; second: the entries. */
    for (t = sm_pdf_lex_next(&lex); !keyword(&t, "trailer"); t = sm_pdf_lex_next(&lex))
        if (t.type != SM_PDF_TOK_NUMBER && !keyword(&t, "n") && !keyword(&t, "f")) return false;
    sm_pdf_token open = sm_pdf_lex_next(&lex);
    size_t end = value_end(&lex, open, 0);
    if (open.type != SM_PDF_TOK_DICT_OPEN || !end) return false;
    size_t vs, ve;
    static const char *const refused[] = {"Prev", "Encrypt", "XRefStm"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        if (sm_pdf_dict_get(s, open.start, end, refused[i], &vs, &ve)) return false;
    if (!sm_pdf_dict_get(s, open.start, end, "Size", &vs, &ve)) return false;
    long count = number_at(s, vs, ve);
    /* Each object takes at least "1 0 obj null endobj": more cannot be in the file. */
    if (count < 1 || (size_t)count > s->length / 8 + 1) return false;
    s->count = (size_t)count;
    s->offsets = calloc(s->count, sizeof *s->offsets);
    if (!s->offsets) sm_out_of_memory();
    if (!sm_pdf_dict_get(s, open.start, end, "Root", &vs, &ve)) return false;
    *root = sm_pdf_reference(s, vs, ve);
    s->info =
        sm_pdf_dict_get(s, open.start, end, "Info", &vs, &ve) ? sm_pdf_reference(s, vs, ve) : -1;
    s->trailer = open.start;
    s->xref = at;

    lex.pos = entries_at;
    for (;;) {
        sm_pdf_token first = sm_pdf_lex_next(&lex);
        if (keyword(&first, "trailer")) return *root > 0;
        sm_pdf_token n = sm_pdf_lex_next(&lex);
        if (!whole_number(&first, (double)s->count) || !whole_number(&n, (double)s->count) ||
            first.number + n.number > (double)s->count)
            return false;
        for (long i = (long)first.number; i < (long)(first.number + n.number); i++) {
            sm_pdf_token offset = sm_pdf_lex_next(&lex), gen = sm_pdf_lex_next(&lex),
                         kind = sm_pdf_lex_next(&lex);
            if (!whole_number(&offset, (double)s->length) || gen.type != SM_PDF_TOK_NUMBER)
                return false;
            if (keyword(&kind, "n"))
                s->offsets[i] = (size_t)offset.number;
            else if (!keyword(&kind, "f"))
                return false;
        }
    }
}

bool sm_pdf_source_open(sm_pdf_source *s, const unsigned char *bytes, size_t length) {
    memset(s, 0, sizeof *s);
    s->bytes = bytes;
    s->length = length;
    if (length < 16 || memcmp(bytes, "%PDF-1.", 7) != 0 || bytes[7] < '0' || bytes[7] > '9')
        return false;
    s->version = bytes[7] - '0';
    /* startxref is in the last kilobyte; the last one counts. */
    size_t from = length > 1024 ? length - 1024 : 0, at = 0;
    for (size_t i = from; i + 9 <= length; i++)
        if (memcmp(bytes + i, "startxref", 9) == 0) at = i + 9;
    if (!at) return false;
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, bytes, length);
    lex.pos = at;
    sm_pdf_token offset = sm_pdf_lex_next(&lex);
    long root = -1;
    bool ok = whole_number(&offset, (double)length) && read_xref(s, (size_t)offset.number, &root);
    sm_pdf_object catalog;
    size_t vs, ve;
    ok = ok && sm_pdf_source_object(s, root, &catalog) && !catalog.stream &&
         sm_pdf_dict_get(s, catalog.start, catalog.end, "Pages", &vs, &ve);
    if (ok) {
        s->pages = calloc(s->count, sizeof *s->pages);
        if (!s->pages) sm_out_of_memory();
        ok = walk_pages(s, sm_pdf_reference(s, vs, ve), 0);
    }
    if (ok) s->root = root;
    if (!ok) sm_pdf_source_close(s);
    return ok;
}

void sm_pdf_source_close(sm_pdf_source *s) {
    free(s->offsets);
    free(s->pages);
    memset(s, 0, sizeof *s);
}
