/* pdf_patch.c: the office post-pass without qpdf. cairo writes the plain form that
 * base/pdf_source.h reads — a classic xref table, no object streams — so the post-pass copies
 * the file object by object, writes anew only the dictionaries it changes (pages, /Info, the
 * catalogue, the figures of the structure tree), and ends with a new xref table and a
 * deterministic /ID. Loading libqpdf and parsing the whole file cost about 10 ms a document;
 * this, a fraction of a millisecond. What is not in that form makes it decline (pdf_finish.c
 * then does the work). */
#include "pdf_patch.h"

#include "pdf_finish.h"

#include "../base/arena.h"
#include "../base/pdf_lex.h"
#include "../base/pdf_source.h"
#include "../base/print.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a dictionary entry lies: the key's slash to the end of its value. */
typedef struct entry {
    char key[SM_PDF_TOKEN_TEXT];
    size_t start, value, end;
} entry;

typedef struct dict {
    entry *entries;
    size_t count, capacity;
} dict;

/* The file being patched, and the dictionaries written anew in place of objects' own. */
typedef struct patcher {
    sm_pdf_source source;
    sm_buf *replaced; /* by object number; data NULL where the object is copied as it is */
} patcher;

/* An entry the post-pass sets (value text) or removes (value NULL). */
typedef struct edit {
    const char *key;
    const char *value;
} edit;

/* The dictionary at bytes[start, end), its entries in order. */
static bool parse_dict(const patcher *p, size_t start, size_t end, dict *d) {
    memset(d, 0, sizeof *d);
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, p->source.bytes, end);
    lex.pos = start;
    if (sm_pdf_lex_next(&lex).type != SM_PDF_TOK_DICT_OPEN) return false;
    for (;;) {
        sm_pdf_token key = sm_pdf_lex_next(&lex);
        if (key.type == SM_PDF_TOK_DICT_CLOSE) return lex.problems == 0;
        if (key.type != SM_PDF_TOK_NAME) return false;
        sm_pdf_token value = sm_pdf_lex_next(&lex);
        size_t value_end = sm_pdf_entry_end(&lex, value);
        if (!value_end) return false;
        if (d->count == d->capacity) {
            d->capacity = d->capacity ? d->capacity * 2 : 16;
            d->entries = realloc(d->entries, d->capacity * sizeof *d->entries);
            if (!d->entries) sm_out_of_memory();
        }
        entry *e = &d->entries[d->count++];
        *e = (entry){.start = key.start, .value = value.start, .end = value_end};
        memcpy(e->key, key.text, sizeof e->key);
    }
}

static void dict_free(dict *d) {
    free(d->entries);
    d->entries = NULL;
}

static const entry *dict_get(const dict *d, const char *key) {
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->entries[i].key, key) == 0) return &d->entries[i];
    return NULL;
}

/* The object a value "n 0 R" names, or 0. */
static long reference(const patcher *p, size_t start, size_t end) {
    long n = sm_pdf_reference(&p->source, start, end);
    return n > 0 && (size_t)n < p->source.count && p->source.offsets[n] ? n : 0;
}

static long entry_reference(const patcher *p, const dict *d, const char *key) {
    const entry *e = dict_get(d, key);
    return e ? reference(p, e->value, e->end) : 0;
}

/* The dictionary of object n, which is not a stream's (the post-pass changes none). */
static bool object_dict(const patcher *p, long n, dict *d) {
    sm_pdf_object o;
    memset(d, 0, sizeof *d);
    return sm_pdf_source_object(&p->source, n, &o) && !o.stream && parse_dict(p, o.start, o.end, d);
}

static bool value_is_name(const patcher *p, const entry *e, const char *name) {
    if (!e) return false;
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, p->source.bytes, e->end);
    lex.pos = e->value;
    sm_pdf_token t = sm_pdf_lex_next(&lex);
    return t.type == SM_PDF_TOK_NAME && strcmp(t.text, name) == 0 && t.end == e->end;
}

/* Writes object n's dictionary d again: its entries in order but those edited, then the
 * edits that set a value. An object is changed once; a second change declines. */
static bool edit_object(patcher *p, long n, const dict *d, const edit *edits, size_t count) {
    sm_buf *out = &p->replaced[n];
    if (out->data) return false;
    sm_buf_puts(out, "<<");
    for (size_t i = 0; i < d->count; i++) {
        const entry *e = &d->entries[i];
        bool edited = false;
        for (size_t k = 0; k < count && !edited; k++) edited = strcmp(edits[k].key, e->key) == 0;
        if (edited) continue;
        sm_buf_putc(out, ' ');
        sm_buf_append(out, (const char *)p->source.bytes + e->start, e->end - e->start);
    }
    for (size_t k = 0; k < count; k++)
        if (edits[k].value) sm_buf_printf(out, " /%s %s", edits[k].key, edits[k].value);
    sm_buf_puts(out, " >>");
    return true;
}

/* A text string: plain ASCII as a literal, anything else as UTF-16BE in hex. */
static char *text_string(const char *utf8) {
    sm_buf out = {0};
    bool ascii = true;
    for (const char *c = utf8; *c && ascii; c++) ascii = *c >= 0x20 && *c < 0x7f;
    if (ascii) {
        sm_buf_putc(&out, '(');
        for (const char *c = utf8; *c; c++) {
            if (*c == '(' || *c == ')' || *c == '\\') sm_buf_putc(&out, '\\');
            sm_buf_putc(&out, *c);
        }
        sm_buf_putc(&out, ')');
    } else {
        sm_utf8_append_pdf_hex(&out, utf8);
    }
    return out.data;
}

/* The TrimBox and BleedBox of every page. */
static bool set_page_boxes(patcher *p, const struct sm_pages *pages) {
    bool ok = true;
    for (size_t i = 0; ok && i < p->source.page_count && i < pages->count; i++) {
        const sm_page *page = &pages->items[i];
        dict d;
        ok = object_dict(p, p->source.pages[i], &d);
        char trim[SM_PDF_BOX_TEXT], bleed[SM_PDF_BOX_TEXT];
        sm_pdf_page_boxes(page, trim, bleed);
        edit edits[] = {{"TrimBox", trim}, {"BleedBox", bleed}};
        ok = ok && edit_object(p, p->source.pages[i], &d, edits, 2);
        dict_free(&d);
    }
    return ok;
}

static bool set_info(patcher *p, const struct sm_pages *pages) {
    dict d;
    bool ok = object_dict(p, p->source.info, &d);
    char *profile = text_string(sm_profile_name(pages->profile));
    char date[40], *date_string = NULL;
    if (pages->has_date) {
        sm_pdf_date(pages->date, date, sizeof date);
        date_string = text_string(date);
    }
    /* Nothing here has been trapped; print shops ask. Without a date of its own the file
     * carries none (cairo writes the time of the run). */
    edit edits[] = {{"Trapped", "/False"},
                    {"SMProfile", profile},
                    {"CreationDate", date_string},
                    {"ModDate", date_string}};
    ok = ok && edit_object(p, p->source.info, &d, edits, pages->has_date ? 4 : 3);
    free(profile);
    free(date_string);
    dict_free(&d);
    return ok;
}

static bool set_catalog(patcher *p, const struct sm_pages *pages) {
    dict d;
    bool ok = object_dict(p, p->source.root, &d);
    /* A document's pages are labelled with the numbers printed on them, so a viewer's
     * "page 3" is the page that says 3. */
    const char *labels = pages->numbered ? "<< /Nums [ 0 << /S /D /St 1 >> ] >>" : NULL;
    edit edits[] = {{"Lang", "(ja)"},
                    {"PageLabels", labels},
                    {"ViewerPreferences", "<< /DisplayDocTitle true >>"},
                    {"MarkInfo", "<< /Marked true >>"}};
    ok = ok && edit_object(p, p->source.root, &d, edits, 4);
    dict_free(&d);
    return ok;
}

/* Figures get their alt text in the order layout drew them: the structure tree's order,
 * depth first. Walks the value at bytes[start, end): a reference, an array or a dictionary;
 * anything else (a marked-content number) holds no figure. */
static bool set_alts(patcher *p, size_t start, size_t end, const struct sm_pages *pages,
                     size_t *next, int depth) {
    if (depth > 64) return true;
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, p->source.bytes, end);
    lex.pos = start;
    sm_pdf_token t = sm_pdf_lex_next(&lex);
    if (t.type == SM_PDF_TOK_ARRAY_OPEN) {
        for (;;) {
            sm_pdf_token item = sm_pdf_lex_next(&lex);
            if (item.type == SM_PDF_TOK_ARRAY_CLOSE) return true;
            size_t item_end = sm_pdf_entry_end(&lex, item);
            if (!item_end || !set_alts(p, item.start, item_end, pages, next, depth + 1))
                return false;
        }
    }
    long n = reference(p, start, end);
    if (!n && t.type != SM_PDF_TOK_DICT_OPEN) return true;
    dict d;
    bool ok = n ? object_dict(p, n, &d) : parse_dict(p, start, end, &d);
    if (ok && value_is_name(p, dict_get(&d, "S"), "Figure") && *next < pages->alt_count) {
        const char *alt = pages->alts[(*next)++];
        if (alt && *alt) {
            /* A figure written inside another object's dictionary would need that object
             * rewritten around it: cairo writes none, and this declines. */
            char *value = text_string(alt);
            edit edits[] = {{"Alt", value}};
            ok = n && edit_object(p, n, &d, edits, 1);
            free(value);
        }
    }
    const entry *kids = ok ? dict_get(&d, "K") : NULL;
    if (kids) ok = set_alts(p, kids->value, kids->end, pages, next, depth + 1);
    dict_free(&d);
    return ok;
}

static bool set_structure(patcher *p, const struct sm_pages *pages) {
    dict catalog, tree;
    bool ok = object_dict(p, p->source.root, &catalog);
    long n = ok ? entry_reference(p, &catalog, "StructTreeRoot") : 0;
    dict_free(&catalog);
    if (!ok || !n) return ok;
    ok = object_dict(p, n, &tree);
    const entry *kids = ok ? dict_get(&tree, "K") : NULL;
    size_t next = 0;
    if (kids) ok = set_alts(p, kids->value, kids->end, pages, &next, 0);
    dict_free(&tree);
    return ok;
}

/* The new file: cairo's header, every object (in number order), the xref table, and the
 * trailer with its /ID. */
static bool write_file(const patcher *p, sm_buf *out) {
    const sm_pdf_source *s = &p->source;
    size_t *offsets = calloc(s->count, sizeof *offsets);
    if (!offsets) sm_out_of_memory();
    sm_buf file = {0};
    size_t header = s->length;
    for (size_t i = 1; i < s->count; i++)
        if (s->offsets[i] < header) header = s->offsets[i];
    sm_buf_append(&file, (const char *)s->bytes, header);
    bool ok = true;
    for (size_t i = 1; ok && i < s->count; i++) {
        sm_pdf_object o;
        /* Every number in use, as cairo numbers them: a free one would need a free list. */
        ok = sm_pdf_source_object(s, (long)i, &o);
        if (!ok) break;
        offsets[i] = file.len;
        sm_buf_printf(&file, "%zu 0 obj\n", i);
        if (p->replaced[i].data)
            sm_buf_append(&file, p->replaced[i].data, p->replaced[i].len);
        else
            sm_buf_append(&file, (const char *)s->bytes + o.start, o.end - o.start);
        if (o.stream) {
            sm_buf_puts(&file, "\nstream\n");
            sm_buf_append(&file, (const char *)s->bytes + o.data, o.size);
            sm_buf_puts(&file, "\nendstream");
        }
        sm_buf_puts(&file, "\nendobj\n");
    }
    if (ok) {
        /* The /ID is a hash of the content: the same input gives the same file. */
        char *id = g_compute_checksum_for_data(G_CHECKSUM_MD5, (const guchar *)file.data, file.len);
        size_t xref = file.len;
        sm_buf_printf(&file, "xref\n0 %zu\n0000000000 65535 f \n", s->count);
        for (size_t i = 1; i < s->count; i++) sm_buf_printf(&file, "%010zu 00000 n \n", offsets[i]);
        dict trailer;
        ok = parse_dict(p, s->trailer, s->length, &trailer);
        sm_buf_puts(&file, "trailer\n<<");
        for (size_t i = 0; ok && i < trailer.count; i++) {
            const entry *e = &trailer.entries[i];
            if (strcmp(e->key, "ID") == 0) continue;
            sm_buf_putc(&file, ' ');
            sm_buf_append(&file, (const char *)s->bytes + e->start, e->end - e->start);
        }
        sm_buf_printf(&file, " /ID [<%s> <%s>] >>\nstartxref\n%zu\n%%%%EOF\n", id, id, xref);
        g_free(id);
        dict_free(&trailer);
    }
    if (ok) sm_buf_append(out, file.data, file.len);
    sm_buf_free(&file);
    free(offsets);
    return ok;
}

bool sm_pdf_patch(const struct sm_pages *pages, const unsigned char *in, size_t in_len,
                  sm_buf *out) {
    patcher p = {0};
    if (!sm_pdf_source_open(&p.source, in, in_len)) return false;
    p.replaced = calloc(p.source.count, sizeof *p.replaced);
    if (!p.replaced) sm_out_of_memory();
    bool ok = p.source.info > 0 && p.source.info != p.source.root && set_page_boxes(&p, pages) &&
              set_info(&p, pages) && set_catalog(&p, pages) && set_structure(&p, pages) &&
              write_file(&p, out);
    for (size_t i = 0; i < p.source.count; i++) sm_buf_free(&p.replaced[i]);
    free(p.replaced);
    sm_pdf_source_close(&p.source);
    return ok;
}
