/* combine.c: the material pack's one PDF — every document's pages copied byte for byte in
 * order, each object the documents share written once (the variants of a material embed the
 * same font subsets and pictures), an outline entry and page labels per document; written
 * reproducibly and atomically.
 *
 * The copy works on the files' bytes (base/pdf_source.h), not on an object model: objects are
 * copied as they are stored, their references renumbered, and merged bottom-up — an object's
 * children first, so two fonts are one when their dictionaries, read with the children's new
 * numbers, are the same value (pdf_canonical.h) and their streams the same data. It is ten
 * times faster than copying through qpdf, which now only rewrites an input that is not in
 * the plain form surimono writes (inherited page attributes, object streams, a damaged
 * table…). */
#include "combine.h"

#include "../base/arena.h"
#include "../base/atomic.h"
#include "../base/diag.h"
#include "../base/path.h"
#include "../base/pdf_lex.h"
#include "../base/qpdf_api.h"
#include "../base/utf8.h"
#include "../render/pdf_finish.h"
#include "../base/pdf_source.h"
#include "pdf_canonical.h"

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Object numbers of what the pack itself writes; the copied objects follow. */
enum { CATALOG = 1, PAGES = 2, INFO = 3, OUTLINES = 4, FIRST_COPIED = 5 };
/* References nest (page → resources → form → pattern → …): deeper is not a real file. */
enum { MAX_DEPTH = 64 };

/* One object written once for every copy of it: its number and, for a stream, its data (the
 * key holds a fingerprint of it; a hit is confirmed byte for byte). */
typedef struct written {
    long number;
    const unsigned char *data;
    size_t size;
} written;

/* One input: its bytes, and what each of its objects became. */
typedef struct part {
    sm_buf file;
    sm_pdf_source source;
    long *numbers;          /* its object number → the pack's (0: not yet) */
    unsigned char *visited; /* 1 while its children are copied, 2 when done */
} part;

struct sm_combine {
    GString *out;         /* the file so far */
    GArray *offsets;      /* size_t, by object number */
    long next;            /* the last number given */
    GHashTable *by_bytes; /* object's canonical text (+ data fingerprint) → written */
    GPtrArray *new_keys;  /* the keys the current part added (undone if it fails) */
    GArray *page_numbers; /* long, the pack's pages in order */
    GPtrArray *files;     /* the inputs' bytes (sm_buf *), kept until the pack is written */
    GArray *items;        /* sm_combine_item, the strings copied: the outline and labels */
    GArray *starts;       /* int, each item's first page index */
    int version;          /* the highest minor version of the inputs */
    size_t bytes;         /* input bytes read so far */
    char *out_path;       /* what the diagnostics are about */
    char *pack_title;
    long long date;
    sm_diags *diags;
    bool failed;
};
typedef struct sm_combine combine;

/* Records the error; returns false, for `return fail(...)`. */
static bool fail(combine *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(combine *c, const char *fmt, ...) {
    /* The first error is the cause; later ones would only be its consequences. */
    if (c->failed) return false;
    c->failed = true;
    va_list ap;
    va_start(ap, fmt);
    sm_diag_addv(c->diags, SM_SEVERITY_ERROR,
                 (sm_pos){c->out_path && *c->out_path ? c->out_path : "pack.pdf", 0, 0}, fmt, ap);
    va_end(ap);
    return false;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool valid_utf8(const char *s) { return sm_utf8_invalid_offset(s, strlen(s)) == strlen(s); }

static bool check_pack(combine *c, const char *out_path, const char *pack_title, long long date) {
    if (!out_path || !*out_path) return fail(c, "no output file given");
    if (!pack_title) return fail(c, "the pack has no title");
    if (!valid_utf8(pack_title)) return fail(c, "the title of the pack is not valid UTF-8");
    if (date > SM_COMBINE_MAX_DATE)
        return fail(c, "the date %lld is past the year 9999, which a PDF date cannot spell", date);
    return true;
}

/* item is the pack's document number `number` (from 1). */
static bool check_item(combine *c, const sm_combine_item *item, size_t number) {
    if (number > SM_COMBINE_MAX_ITEMS)
        return fail(c, "more than %d documents to combine", SM_COMBINE_MAX_ITEMS);
    if (!item->path || !*item->path) return fail(c, "document %zu has no file", number);
    if (item->title && !valid_utf8(item->title))
        return fail(c, "the title of '%s' is not valid UTF-8", item->path);
    if (item->label && !valid_utf8(item->label))
        return fail(c, "the page label of '%s' is not valid UTF-8", item->path);
    return true;
}

/* ---- writing objects --------------------------------------------------------------------- */

static long new_number(combine *c) { return ++c->next; }

/* Writes object `number`: its text and, for a stream, its data as stored. */
static void emit(combine *c, long number, const char *text, size_t len, const unsigned char *data,
                 size_t size, bool stream) {
    if ((guint)number >= c->offsets->len) g_array_set_size(c->offsets, (guint)number + 1);
    g_array_index(c->offsets, size_t, number) = c->out->len;
    g_string_append_printf(c->out, "%ld 0 obj\n", number);
    g_string_append_len(c->out, text, (gssize)len);
    if (stream) {
        g_string_append(c->out, "\nstream\n");
        g_string_append_len(c->out, (const char *)data, (gssize)size);
        g_string_append(c->out, "\nendstream");
    }
    g_string_append(c->out, "\nendobj\n");
}

/* A text string as PDF writes Unicode (sm_utf8_append_pdf_hex). */
static void put_text(GString *out, const char *utf8) {
    sm_buf hex = {0};
    sm_utf8_append_pdf_hex(&hex, utf8);
    g_string_append_len(out, hex.data, (gssize)hex.len);
    sm_buf_free(&hex);
}

/* ---- copying one input's objects ---------------------------------------------------------- */

static long copy_object(combine *c, part *p, long number, bool unique, int depth);

typedef struct rewrite {
    combine *c;
    part *p;
    sm_pdf_lexer lex;
    GString *text;
    size_t copied; /* the input's bytes up to here are in text */
    bool page;     /* the top dictionary is a page: its /Parent is the pack's */
    bool stream;   /* the top dictionary is a stream's: /Length is the data's */
    int depth;     /* of object references, for copy_object */
} rewrite;

static void flush(rewrite *w, size_t upto) {
    g_string_append_len(w->text, (const char *)w->p->source.bytes + w->copied,
                        (gssize)(upto - w->copied));
    w->copied = upto;
}

/* Copies the value starting with t into w->text: references renumbered (the objects they
 * name copied first), the keys that point into a dropped structure tree left out. unique:
 * the objects referred to here are a page's annotations, which must not be shared. */
static bool rewrite_value(rewrite *w, sm_pdf_token t, int nesting, bool unique) {
    if (nesting > MAX_DEPTH) return false;
    if (t.type == SM_PDF_TOK_NUMBER) {
        sm_pdf_lexer saved = w->lex;
        sm_pdf_token g = sm_pdf_lex_next(&w->lex), r = sm_pdf_lex_next(&w->lex);
        if (!(g.type == SM_PDF_TOK_NUMBER && r.type == SM_PDF_TOK_KEYWORD &&
              strcmp(r.text, "R") == 0)) {
            w->lex = saved;
            return true;
        }
        long number = t.number >= 0 && t.number < 1e12 ? (long)t.number : 0;
        long copy = copy_object(w->c, w->p, number, unique, w->depth + 1);
        if (copy < 0) return false;
        flush(w, t.start);
        if (copy)
            g_string_append_printf(w->text, "%ld 0 R", copy);
        else
            g_string_append(w->text, "null"); /* a reference to nothing is null */
        w->copied = r.end;
        return true;
    }
    if (t.type == SM_PDF_TOK_ARRAY_OPEN) {
        for (;;) {
            sm_pdf_token v = sm_pdf_lex_next(&w->lex);
            if (v.type == SM_PDF_TOK_ARRAY_CLOSE) return true;
            if (v.type == SM_PDF_TOK_END || !rewrite_value(w, v, nesting + 1, unique)) return false;
        }
    }
    if (t.type != SM_PDF_TOK_DICT_OPEN) return t.type != SM_PDF_TOK_END;
    for (;;) {
        sm_pdf_token k = sm_pdf_lex_next(&w->lex);
        if (k.type == SM_PDF_TOK_DICT_CLOSE) return true;
        if (k.type != SM_PDF_TOK_NAME) return false;
        sm_pdf_token v = sm_pdf_lex_next(&w->lex);
        bool top = nesting == 0;
        /* Pointers into the structure tree, which is not copied; a page's old parent. */
        bool drop = strcmp(k.text, "StructParent") == 0 || strcmp(k.text, "StructParents") == 0 ||
                    (top && w->page && strcmp(k.text, "Parent") == 0);
        bool length = top && w->stream && strcmp(k.text, "Length") == 0;
        if (drop || length) {
            flush(w, k.start);
            size_t end = sm_pdf_entry_end(&w->lex, v);
            if (!end) return false;
            w->copied = end;
            continue;
        }
        bool annots = top && w->page && strcmp(k.text, "Annots") == 0;
        if (!rewrite_value(w, v, nesting + 1, annots)) return false;
    }
}

/* A cheap fingerprint of stream data for the key: its ends and a few places between. Equal
 * keys are confirmed byte for byte, so this only has to tell most different data apart (a
 * hash of every byte cost a fifth of the combine). */
static unsigned sample(const unsigned char *data, size_t size) {
    unsigned h = 2166136261u;
    size_t edge = size < 256 ? size : 256;
    for (size_t i = 0; i < edge; i++) h = (h ^ data[i]) * 16777619u;
    for (size_t i = size - edge; i < size; i++) h = (h ^ data[i]) * 16777619u;
    for (size_t k = 1; size > 512 && k < 16; k++)
        for (size_t i = k * (size / 16); i < k * (size / 16) + 16 && i < size; i++)
            h = (h ^ data[i]) * 16777619u;
    return h;
}

/* Copies object `number` of the part (what it refers to first) unless an identical object is
 * in the pack already; returns the pack's number for it, 0 for a reference to nothing, -1
 * when the input is damaged. */
static long copy_object(combine *c, part *p, long number, bool unique, int depth) {
    if (number <= 0 || (size_t)number >= p->source.count || !p->source.offsets[number]) return 0;
    if (p->visited[number] == 2) return p->numbers[number];
    /* A cycle (an annotation's popup and its parent): the object gets its number now and is
     * written when its children are done, never merged. */
    if (p->visited[number] == 1) {
        if (!p->numbers[number]) p->numbers[number] = new_number(c);
        return p->numbers[number];
    }
    sm_pdf_object o;
    if (depth > MAX_DEPTH || !sm_pdf_source_object(&p->source, number, &o)) return -1;
    p->visited[number] = 1;
    rewrite w = {c,       p,     {0},      g_string_sized_new(o.end - o.start + 16),
                 o.start, false, o.stream, depth};
    sm_pdf_lex_init(&w.lex, p->source.bytes, p->source.length);
    w.lex.pos = o.start;
    bool ok = rewrite_value(&w, sm_pdf_lex_next(&w.lex), 0, false);
    if (!ok) {
        g_string_free(w.text, TRUE);
        return -1;
    }
    flush(&w, o.end);
    if (o.stream) { /* /Length, dropped above, is the data's own: before the closing >> */
        g_string_truncate(w.text, w.text->len - 2);
        g_string_append_printf(w.text, " /Length %zu >>", o.size);
    }
    const unsigned char *data = p->source.bytes + o.data;
    long given = p->numbers[number];
    char *key = NULL;
    if (!unique && !given) {
        /* Keyed by the value's canonical spelling: the office post-pass keeps cairo's, a
         * print shop's file has qpdf's, and the same font in both is still one object. */
        GString *spelled = g_string_sized_new(w.text->len);
        if (!sm_pdf_canonical(w.text->str, w.text->len, spelled))
            g_string_assign(spelled, w.text->str);
        if (o.stream) g_string_append_printf(spelled, "\n%zu %08x", o.size, sample(data, o.size));
        key = g_string_free(spelled, FALSE);
        written *same = g_hash_table_lookup(c->by_bytes, key);
        if (same && same->size == (o.stream ? o.size : 0) &&
            (!o.stream || memcmp(same->data, data, o.size) == 0)) {
            g_free(key);
            g_string_free(w.text, TRUE);
            p->numbers[number] = same->number;
            p->visited[number] = 2;
            return same->number;
        }
    }
    long copy = given ? given : new_number(c);
    emit(c, copy, w.text->str, w.text->len, data, o.size, o.stream);
    g_string_free(w.text, TRUE);
    if (key) {
        written *entry = g_new(written, 1);
        *entry = (written){copy, o.stream ? data : NULL, o.stream ? o.size : 0};
        if (g_hash_table_contains(c->by_bytes, key)) {
            g_free(key); /* a hash collision kept apart: the first one stays the shared one */
            g_free(entry);
        } else {
            g_hash_table_insert(c->by_bytes, key, entry);
            g_ptr_array_add(c->new_keys, key);
        }
    }
    p->numbers[number] = copy;
    p->visited[number] = 2;
    return copy;
}

/* Copies the part's pages (and all they use) to the end of the pack. */
static bool copy_pages(combine *c, part *p) {
    size_t n = p->source.count;
    p->numbers = g_new0(long, n);
    p->visited = g_new0(unsigned char, n);
    /* The pages' numbers first: annotations and links refer back to them. */
    long first = c->next + 1;
    for (size_t i = 0; i < p->source.page_count; i++) {
        long page = p->source.pages[i], number = new_number(c);
        if (p->visited[page]) return false; /* a page twice in the tree */
        p->numbers[page] = number;
        p->visited[page] = 2;
        g_array_append_val(c->page_numbers, number);
    }
    for (size_t i = 0; i < p->source.page_count; i++) {
        sm_pdf_object o;
        if (!sm_pdf_source_object(&p->source, p->source.pages[i], &o) || o.stream) return false;
        rewrite w = {c, p, {0}, g_string_sized_new(o.end - o.start + 32), o.start, true, false, 0};
        sm_pdf_lex_init(&w.lex, p->source.bytes, p->source.length);
        w.lex.pos = o.start;
        bool ok = rewrite_value(&w, sm_pdf_lex_next(&w.lex), 0, false);
        if (ok) {
            flush(&w, o.end);
            /* The closing >> gets the pack's page tree as the parent. */
            g_string_truncate(w.text, w.text->len - 2);
            g_string_append_printf(w.text, " /Parent %d 0 R >>", PAGES);
            emit(c, first + (long)i, w.text->str, w.text->len, NULL, 0, false);
        }
        g_string_free(w.text, TRUE);
        if (!ok) return false;
    }
    return true;
}

static void free_part(part *p) {
    sm_pdf_source_close(&p->source);
    g_free(p->numbers);
    g_free(p->visited);
    p->numbers = NULL;
    p->visited = NULL;
}

/* Rewrites a part that is not in the plain form into it with qpdf (its page attributes
 * pushed down from the page tree, no object streams, not encrypted). */
static bool normalize(combine *c, part *p, const char *path) {
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    /* A damaged but recoverable file (xref rebuilt) is still used: warnings are not errors. */
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    qpdf_read_memory(q, path, p->file.data, (unsigned long long)p->file.len, NULL);
    if (!qpdf_has_error(q)) qpdf_push_inherited_attributes_to_page(q);
    if (!qpdf_has_error(q)) {
        qpdf_init_write_memory(q);
        qpdf_set_object_stream_mode(q, qpdf_o_disable);
        qpdf_set_preserve_encryption(q, QPDF_FALSE);
        qpdf_set_decode_level(q, qpdf_dl_none);
        qpdf_write(q);
    }
    bool ok = !qpdf_has_error(q);
    if (ok) {
        sm_buf plain = {0};
        sm_buf_append(&plain, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
        sm_buf_free(&p->file);
        p->file = plain;
    } else {
        /* qpdf starts its texts with the file name ("a.pdf (object 5 0, offset 9): ...");
         * cut, so that the file is named once. */
        const char *text = qpdf_get_error_full_text(q, qpdf_get_error(q));
        size_t n = strlen(path);
        const char *sep = ": ";
        if (strncmp(text, path, n) == 0 && (text[n] == ':' || text[n] == ' ')) text += n, sep = "";
        fail(c, "cannot read '%s'%s%s", path, sep, text);
    }
    qpdf_cleanup(&q);
    return ok;
}

/* Forgets what a failed attempt at a part wrote. */
static void undo(combine *c, gsize out_len, long next, guint pages) {
    for (guint i = 0; i < c->new_keys->len; i++)
        g_hash_table_remove(c->by_bytes, c->new_keys->pdata[i]);
    g_string_truncate(c->out, out_len);
    c->next = next;
    g_array_set_size(c->page_numbers, pages);
}

/* Reads one input and copies its pages to the end of the pack. */
static bool copy_item(combine *c, size_t index, const char *path) {
    part p = {0};
    sm_path_status status =
        sm_path_read(path, NULL, SM_COMBINE_MAX_BYTES - c->bytes, &p.file, NULL);
    if (status == SM_PATH_TOO_LARGE)
        return fail(c, "cannot combine '%s': the documents would be more than %d MiB together",
                    path, SM_COMBINE_MAX_BYTES / (1024 * 1024));
    if (status != SM_PATH_OK) {
        char why[160];
        return fail(c, "cannot read '%s': it %s", path,
                    sm_path_status_text(status, path, errno, why, sizeof why));
    }
    c->bytes += p.file.len;
    gsize out_len = c->out->len;
    long next = c->next;
    guint pages = c->page_numbers->len;
    g_array_index(c->starts, int, index) = (int)pages;
    /* The plain form first; anything else once more after qpdf made it plain. */
    bool ok = false;
    for (int attempt = 0; attempt < 2 && !ok && !c->failed; attempt++) {
        if (attempt == 1 && !normalize(c, &p, path)) break;
        g_ptr_array_set_size(c->new_keys, 0);
        ok = sm_pdf_source_open(&p.source, (const unsigned char *)p.file.data, p.file.len);
        if (ok && p.source.page_count == 0) {
            free_part(&p);
            sm_buf_free(&p.file);
            return fail(c, "cannot combine '%s': it has no pages", path);
        }
        if (ok && p.source.page_count > (size_t)SM_COMBINE_MAX_PAGES - pages) {
            free_part(&p);
            sm_buf_free(&p.file);
            return fail(c, "cannot combine '%s': the pack would have more than %d pages", path,
                        SM_COMBINE_MAX_PAGES);
        }
        ok = ok && copy_pages(c, &p);
        if (!ok) undo(c, out_len, next, pages);
        if (ok) c->version = MAX(c->version, p.source.version);
        free_part(&p);
    }
    if (!ok) {
        if (!c->failed) fail(c, "cannot combine '%s': its objects cannot be read", path);
        sm_buf_free(&p.file);
        return false;
    }
    /* The bytes stay until the pack is written: shared streams are compared with them. */
    sm_buf *kept = g_new(sm_buf, 1);
    *kept = p.file;
    g_ptr_array_add(c->files, kept);
    return true;
}

/* ---- what the pack itself adds -------------------------------------------------------------- */

static bool same_group(const sm_combine_item *a, const sm_combine_item *b) {
    return a->group && b->group && strcmp(a->group, b->group) == 0;
}

static long page_number(const combine *c, int index) {
    return g_array_index(c->page_numbers, long, index);
}

/* One outline entry: its title, the page it opens (/Fit), and its links. */
typedef struct entry {
    long number, parent, prev, next, first, last, count;
    const char *title;
    int page;
} entry;

static void emit_entry(combine *c, const entry *e) {
    GString *t = g_string_new("<< /Title ");
    put_text(t, e->title);
    g_string_append_printf(t, " /Dest [ %ld 0 R /Fit ] /Parent %ld 0 R", page_number(c, e->page),
                           e->parent);
    if (e->prev) g_string_append_printf(t, " /Prev %ld 0 R", e->prev);
    if (e->next) g_string_append_printf(t, " /Next %ld 0 R", e->next);
    if (e->first)
        g_string_append_printf(t, " /First %ld 0 R /Last %ld 0 R /Count %ld", e->first, e->last,
                               e->count);
    g_string_append(t, " >>");
    emit(c, e->number, t->str, t->len, NULL, 0, false);
    g_string_free(t, TRUE);
}

/* The outline: an entry per item pointing at its first page, the items of one group (a
 * material's variants) under a parent entry with the group's text, in order; all open. */
static void add_outline(combine *c, const sm_combine_item *items, size_t count) {
    entry *top = g_new0(entry, count), *kids = g_new0(entry, count);
    size_t tops = 0, grouped = 0;
    for (size_t i = 0; i < count;) {
        size_t end = i + 1;
        while (end < count && same_group(&items[i], &items[end])) end++;
        bool group = items[i].group && *items[i].group;
        entry *parent = group ? &top[tops++] : NULL;
        if (parent)
            *parent = (entry){new_number(c),
                              OUTLINES,
                              0,
                              0,
                              0,
                              0,
                              0,
                              items[i].group,
                              g_array_index(c->starts, int, i)};
        for (size_t k = i; k < end; k++) {
            const char *title =
                items[k].title && *items[k].title ? items[k].title : base_name(items[k].path);
            entry *e = parent ? &kids[k] : &top[tops++];
            *e = (entry){new_number(c), parent ? parent->number : OUTLINES, 0, 0, 0, 0, 0,
                         title,         g_array_index(c->starts, int, k)};
        }
        if (parent) {
            for (size_t k = i; k < end; k++) {
                kids[k].prev = k > i ? kids[k - 1].number : 0;
                kids[k].next = k + 1 < end ? kids[k + 1].number : 0;
                emit_entry(c, &kids[k]);
            }
            parent->first = kids[i].number, parent->last = kids[end - 1].number;
            parent->count = (long)(end - i);
            grouped += end - i;
        }
        i = end;
    }
    for (size_t k = 0; k < tops; k++) {
        top[k].prev = k > 0 ? top[k - 1].number : 0;
        top[k].next = k + 1 < tops ? top[k + 1].number : 0;
        emit_entry(c, &top[k]);
    }
    /* The root counts every visible entry: the top ones and, the groups being open, theirs. */
    char root[160];
    int n =
        snprintf(root, sizeof root, "<< /Type /Outlines /First %ld 0 R /Last %ld 0 R /Count %zu >>",
                 top[0].number, top[tops - 1].number, tops + grouped);
    emit(c, OUTLINES, root, (size_t)n, NULL, 0, false);
    g_free(top);
    g_free(kids);
}

static void add_catalog_and_pages(combine *c, const sm_combine_item *items, size_t count) {
    GString *t = g_string_new("<< /Type /Pages /Kids [");
    for (guint i = 0; i < c->page_numbers->len; i++)
        g_string_append_printf(t, " %ld 0 R", page_number(c, (int)i));
    g_string_append_printf(t, " ] /Count %u >>", c->page_numbers->len);
    emit(c, PAGES, t->str, t->len, NULL, 0, false);
    /* A decimal page-label range per document, starting at 1 on its first page, with the
     * document's prefix. The keys ascend: every document has a page. */
    g_string_printf(t,
                    "<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines "
                    "/PageLabels << /Nums [",
                    PAGES, OUTLINES);
    for (size_t i = 0; i < count; i++) {
        g_string_append_printf(t, " %d << /S /D", g_array_index(c->starts, int, i));
        if (items[i].label && *items[i].label) {
            g_string_append(t, " /P ");
            put_text(t, items[i].label);
        }
        g_string_append(t, " >>");
    }
    /* The viewer shows the pack's title, not "pack.pdf". */
    g_string_append(t, " ] >> /Lang (ja) /ViewerPreferences << /DisplayDocTitle true >> >>");
    emit(c, CATALOG, t->str, t->len, NULL, 0, false);
    g_string_free(t, TRUE);
}

static void add_info(combine *c, const char *pack_title, long long date) {
    GString *t = g_string_new("<< /Title ");
    put_text(t, pack_title);
    if (date >= 0) {
        char text[32];
        sm_pdf_date(date, text, sizeof text);
        g_string_append_printf(t, " /CreationDate (%s) /ModDate (%s)", text, text);
    }
    g_string_append(t, " >>");
    emit(c, INFO, t->str, t->len, NULL, 0, false);
    g_string_free(t, TRUE);
}

/* The cross-reference table and the trailer; the /ID is a hash of everything before it, so
 * the same inputs give the same bytes. */
static void finish(combine *c) {
    size_t xref = c->out->len;
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_MD5, (const guchar *)c->out->str, xref);
    g_string_append_printf(c->out, "xref\n0 %ld\n0000000000 65535 f \n", c->next + 1);
    for (long n = 1; n <= c->next; n++)
        g_string_append_printf(c->out, "%010zu 00000 n \n", g_array_index(c->offsets, size_t, n));
    g_string_append_printf(c->out,
                           "trailer\n<< /Size %ld /Root %d 0 R /Info %d 0 R /ID [<%s><%s>] >>\n"
                           "startxref\n%zu\n%%%%EOF\n",
                           c->next + 1, CATALOG, INFO, sum, sum, xref);
    g_free(sum);
}

static void free_file(void *p) {
    sm_buf_free(p);
    g_free(p);
}

sm_combine *sm_combine_begin(const char *out_path, const char *pack_title, long long date,
                             sm_diags *diags) {
    combine *c = g_new0(combine, 1);
    *c = (combine){.diags = diags, .version = 3, .next = FIRST_COPIED - 1, .date = date};
    c->out_path = g_strdup(out_path);
    check_pack(c, out_path, pack_title, date);
    c->pack_title = g_strdup(pack_title);
    c->out = g_string_sized_new(1024 * 1024);
    c->offsets = g_array_new(FALSE, TRUE, sizeof(size_t));
    c->by_bytes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->new_keys = g_ptr_array_new();
    c->page_numbers = g_array_new(FALSE, FALSE, sizeof(long));
    c->files = g_ptr_array_new_with_free_func(free_file);
    c->items = g_array_new(FALSE, FALSE, sizeof(sm_combine_item));
    c->starts = g_array_new(FALSE, TRUE, sizeof(int));
    /* The version digit is set at the end, when the inputs' versions are known. A comment of
     * high bytes says the file is binary. */
    g_string_append(c->out, "%PDF-1.x\n%\xe2\xe3\xcf\xd3\n");
    return c;
}

bool sm_combine_add(sm_combine *c, const sm_combine_item *item) {
    if (c->failed || !check_item(c, item, c->items->len + 1)) return false;
    sm_combine_item copy = {g_strdup(item->path), g_strdup(item->title), g_strdup(item->label),
                            g_strdup(item->group)};
    g_array_append_val(c->items, copy);
    g_array_set_size(c->starts, c->items->len);
    return copy_item(c, c->items->len - 1, copy.path);
}

void sm_combine_free(sm_combine *c) {
    if (!c) return;
    for (guint i = 0; i < c->items->len; i++) {
        sm_combine_item *item = &g_array_index(c->items, sm_combine_item, i);
        g_free((char *)item->path), g_free((char *)item->title), g_free((char *)item->label);
        g_free((char *)item->group);
    }
    g_array_free(c->items, TRUE);
    g_array_free(c->starts, TRUE);
    g_string_free(c->out, TRUE);
    g_array_free(c->offsets, TRUE);
    g_hash_table_destroy(c->by_bytes);
    g_ptr_array_free(c->new_keys, TRUE);
    g_array_free(c->page_numbers, TRUE);
    g_ptr_array_free(c->files, TRUE);
    g_free(c->out_path);
    g_free(c->pack_title);
    g_free(c);
}

bool sm_combine_finish(sm_combine *c) {
    if (!c->failed && c->items->len == 0) fail(c, "no documents to combine");
    bool done = !c->failed;
    if (done) {
        const sm_combine_item *items = (const sm_combine_item *)c->items->data;
        add_outline(c, items, c->items->len);
        add_catalog_and_pages(c, items, c->items->len);
        add_info(c, c->pack_title, c->date);
        c->out->str[7] = (char)('0' + MIN(c->version, 9));
        finish(c);
        done = sm_atomic_write_file(c->out_path, c->out->str, c->out->len, c->diags);
    }
    sm_combine_free(c);
    return done;
}

bool sm_pack_combine(const char *out_path, const char *pack_title, long long date,
                     const sm_combine_item *items, size_t count, sm_diags *diags) {
    sm_combine *c = sm_combine_begin(out_path, pack_title, date, diags);
    if (!c->failed && count > SM_COMBINE_MAX_ITEMS)
        fail(c, "%zu documents to combine, more than the limit of %d", count, SM_COMBINE_MAX_ITEMS);
    for (size_t i = 0; i < count && !c->failed; i++) check_item(c, &items[i], i + 1);
    for (size_t i = 0; i < count && !c->failed; i++) sm_combine_add(c, &items[i]);
    return sm_combine_finish(c);
}
