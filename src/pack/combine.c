/* combine.c: the material pack's one PDF — the documents' pages copied in order with the qpdf
 * C API, an outline entry and page labels per document, written reproducibly and atomically. */
#include "combine.h"
#include "dedupe.h"

#include "../base/arena.h"
#include "../base/diag.h"
#include "../base/utf8.h"
#include "../base/atomic.h"
#include "../base/path.h"
#include "../render/pdf_finish.h"

#include <errno.h>

#include "../base/qpdf_api.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One combine run: the output, the inputs it copies from, and the first error. */
typedef struct combine {
    qpdf_data out;
    qpdf_data *inputs; /* open until the write: copied streams are read from them then */
    sm_buf *files;     /* the inputs' bytes, which qpdf reads from memory */
    size_t input_count;
    size_t bytes; /* read so far, at most SM_COMBINE_MAX_BYTES */
    int *starts;  /* the output index of each item's first page */
    int pages;    /* pages copied so far */
    int version_major, version_minor, extension;
    const char *out_path; /* what the diagnostics are about */
    sm_diags *diags;
    bool failed;
} combine;

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

/* Takes q's pending error and records it as "<doing> 'name'<where>: <reason>". qpdf starts
 * its texts with the file name ("a.pdf (object 5 0, offset 9): ...") or, for a file it could
 * not open, with "open a.pdf: "; those are cut so that the file is named once. */
static void fail_qpdf(combine *c, qpdf_data q, const char *doing, const char *name) {
    qpdf_error e = qpdf_get_error(q);
    const char *text = e ? qpdf_get_error_full_text(q, e) : "qpdf failed";
    size_t n = strlen(name);
    const char *sep = ": ";
    if (strncmp(text, "open ", 5) == 0 && strncmp(text + 5, name, n) == 0 &&
        strncmp(text + 5 + n, ": ", 2) == 0)
        text += 5 + n, sep = "";
    else if (strncmp(text, name, n) == 0 && (text[n] == ':' || text[n] == ' '))
        text += n, sep = "";
    fail(c, "%s '%s'%s%s", doing, name, sep, text);
}

/* True while nothing has failed; otherwise records q's error against name. Every qpdf call
 * is followed by one: after an error, object calls only return null handles. */
static bool ok(combine *c, qpdf_data q, const char *doing, const char *name) {
    if (!c->failed && qpdf_has_error(q)) fail_qpdf(c, q, doing, name);
    return !c->failed;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool valid_utf8(const char *s) { return sm_utf8_invalid_offset(s, strlen(s)) == strlen(s); }

static bool check_arguments(combine *c, const char *out_path, const char *pack_title,
                            long long date, const sm_combine_item *items, size_t count) {
    if (!out_path || !*out_path) return fail(c, "no output file given");
    if (!pack_title) return fail(c, "the pack has no title");
    if (!valid_utf8(pack_title)) return fail(c, "the title of the pack is not valid UTF-8");
    if (date > SM_COMBINE_MAX_DATE)
        return fail(c, "the date %lld is past the year 9999, which a PDF date cannot spell", date);
    if (count == 0 || !items) return fail(c, "no documents to combine");
    if (count > SM_COMBINE_MAX_ITEMS)
        return fail(c, "%zu documents to combine, more than the limit of %d", count,
                    SM_COMBINE_MAX_ITEMS);
    for (size_t i = 0; i < count; i++) {
        const sm_combine_item *item = &items[i];
        if (!item->path || !*item->path) return fail(c, "document %zu has no file", i + 1);
        if (item->title && !valid_utf8(item->title))
            return fail(c, "the title of '%s' is not valid UTF-8", item->path);
        if (item->label && !valid_utf8(item->label))
            return fail(c, "the page label of '%s' is not valid UTF-8", item->path);
    }
    return true;
}

/* Keeps the highest PDF version (and its extension level) among the inputs: the output must
 * declare whatever features the pages use, and qpdf's empty start says 1.3. */
static void note_version(combine *c, qpdf_data in) {
    int major = 0, minor = 0;
    if (sscanf(qpdf_get_pdf_version(in), "%d.%d", &major, &minor) != 2) return;
    int extension = qpdf_get_pdf_extension_level(in);
    if (major > c->version_major || (major == c->version_major && minor > c->version_minor)) {
        c->version_major = major, c->version_minor = minor, c->extension = extension;
    } else if (major == c->version_major && minor == c->version_minor && extension > c->extension) {
        c->extension = extension;
    }
}

/* The copied page's links into its document's structure tree, which is not copied: a
 * /StructParents with no /StructTreeRoot is an error for validators. */
static bool drop_structure_links(combine *c, qpdf_oh page, const char *name) {
    qpdf_data q = c->out;
    const char *doing = "cannot copy the pages of";
    qpdf_oh_remove_key(q, page, "/StructParents");
    if (!ok(c, q, doing, name)) return false;
    qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
    int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
    if (!ok(c, q, doing, name)) return false;
    for (int i = 0; i < n; i++) {
        qpdf_oh annot = qpdf_oh_get_array_item(q, annots, i);
        if (qpdf_oh_is_dictionary(q, annot)) qpdf_oh_remove_key(q, annot, "/StructParent");
        qpdf_oh_release(q, annot);
        if (!ok(c, q, doing, name)) return false;
    }
    qpdf_oh_release(q, annots);
    return true;
}

/* Opens one input and appends its pages to the output. */
static bool copy_item(combine *c, size_t index, const sm_combine_item *item) {
    const char *path = item->path;
    qpdf_data in = qpdf_init();
    sm_buf *file = &c->files[c->input_count];
    c->inputs[c->input_count++] = in;
    qpdf_silence_errors(in);
    /* A damaged but recoverable file (xref rebuilt) is still used: warnings are not errors. */
    qpdf_set_suppress_warnings(in, QPDF_TRUE);
    /* Read whole, in one go: qpdf reading from the file seeks before every small read
     * (76,000 seeks for the pack's 49 files, 3/4 of the combine's time). */
    sm_path_status status = sm_path_read(path, NULL, SM_COMBINE_MAX_BYTES - c->bytes, file, NULL);
    if (status == SM_PATH_TOO_LARGE)
        return fail(c, "cannot combine '%s': the documents would be more than %d MiB together",
                    path, SM_COMBINE_MAX_BYTES / (1024 * 1024));
    if (status != SM_PATH_OK) {
        char why[160];
        return fail(c, "cannot read '%s': it %s", path,
                    sm_path_status_text(status, path, errno, why, sizeof why));
    }
    c->bytes += file->len;
    qpdf_read_memory(in, path, file->data, (unsigned long long)file->len, NULL);
    if (!ok(c, in, "cannot read", path)) return false;
    int count = qpdf_get_num_pages(in);
    if (!ok(c, in, "cannot read", path)) return false;
    if (count <= 0) return fail(c, "cannot combine '%s': it has no pages", path);
    if (count > SM_COMBINE_MAX_PAGES - c->pages)
        return fail(c, "cannot combine '%s': the pack would have more than %d pages", path,
                    SM_COMBINE_MAX_PAGES);
    /* MediaBox, Rotate and Resources may sit on a /Pages node; the copy must carry them. */
    qpdf_push_inherited_attributes_to_page(in);
    if (!ok(c, in, "cannot read", path)) return false;
    note_version(c, in);

    c->starts[index] = c->pages;
    for (int i = 0; i < count; i++) {
        qpdf_oh page = qpdf_get_page_n(in, (size_t)i);
        if (!ok(c, in, "cannot read", path)) return false;
        /* Copies the page and everything it refers to (fonts, images, forms) once per input,
         * then adds the copy to the output's page tree. */
        qpdf_add_page(c->out, in, page, QPDF_FALSE);
        qpdf_oh_release(in, page);
        if (!ok(c, c->out, "cannot copy the pages of", path)) return false;
        qpdf_oh copy = qpdf_get_page_n(c->out, (size_t)c->pages);
        if (!ok(c, c->out, "cannot copy the pages of", path)) return false;
        if (!drop_structure_links(c, copy, path)) return false;
        qpdf_oh_release(c->out, copy);
        c->pages++;
    }
    return true;
}

/* Sets dict[key] = value in the output; false (with the error recorded) when qpdf failed in
 * this call or in the calls that built value. */
static bool put(combine *c, qpdf_oh dict, const char *key, qpdf_oh value, const char *out_path) {
    qpdf_oh_replace_key(c->out, dict, key, value);
    return ok(c, c->out, "cannot build", out_path);
}

/* Links entries[0..n) as the children of parent: /Parent, /Prev, /Next, /First, /Last and
 * /Count (all shown: the outline opens on every material). */
static bool link_children(combine *c, qpdf_oh parent, qpdf_oh *entries, size_t n, long long shown,
                          const char *out_path) {
    bool built = true;
    for (size_t i = 0; built && i < n; i++)
        built = put(c, entries[i], "/Parent", parent, out_path) &&
                (i == 0 || put(c, entries[i], "/Prev", entries[i - 1], out_path)) &&
                (i + 1 == n || put(c, entries[i], "/Next", entries[i + 1], out_path));
    return built && put(c, parent, "/First", entries[0], out_path) &&
           put(c, parent, "/Last", entries[n - 1], out_path) &&
           put(c, parent, "/Count", qpdf_oh_new_integer(c->out, shown), out_path);
}

static bool same_group(const sm_combine_item *a, const sm_combine_item *b) {
    return a->group && b->group && strcmp(a->group, b->group) == 0;
}

/* The outline: an entry per item pointing at its first page, the items of one group (a
 * material's variants) under a parent entry with the group's text, in order. */
static bool add_outline(combine *c, qpdf_oh root, const sm_combine_item *items, size_t count,
                        const char *out_path) {
    qpdf_data q = c->out;
    qpdf_oh outlines = qpdf_make_indirect_object(q, qpdf_oh_parse(q, "<< /Type /Outlines >>"));
    qpdf_oh *top = sm_xmalloc(count * sizeof *top), *kids = sm_xmalloc(count * sizeof *kids);
    size_t tops = 0, grouped = 0; /* entries at the top, and under a group */
    bool built = ok(c, q, "cannot build", out_path);
    for (size_t i = 0; built && i < count;) {
        size_t end = i + 1;
        while (end < count && same_group(&items[i], &items[end])) end++;
        for (size_t k = i; built && k < end; k++) {
            const char *title =
                items[k].title && *items[k].title ? items[k].title : base_name(items[k].path);
            qpdf_oh dest = qpdf_oh_new_array(q);
            qpdf_oh_append_item(q, dest, qpdf_get_page_n(q, (size_t)c->starts[k]));
            qpdf_oh_append_item(q, dest, qpdf_oh_new_name(q, "/Fit"));
            kids[k] = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
            built = put(c, kids[k], "/Title", qpdf_oh_new_unicode_string(q, title), out_path) &&
                    put(c, kids[k], "/Dest", dest, out_path);
        }
        if (built && items[i].group && *items[i].group) {
            /* The material: its title, opening at its first variant, the variants under it. */
            qpdf_oh group = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
            qpdf_oh dest = qpdf_oh_new_array(q);
            qpdf_oh_append_item(q, dest, qpdf_get_page_n(q, (size_t)c->starts[i]));
            qpdf_oh_append_item(q, dest, qpdf_oh_new_name(q, "/Fit"));
            built =
                put(c, group, "/Title", qpdf_oh_new_unicode_string(q, items[i].group), out_path) &&
                put(c, group, "/Dest", dest, out_path) &&
                link_children(c, group, kids + i, end - i, (long long)(end - i), out_path);
            top[tops++] = group;
            grouped += end - i;
        } else {
            for (size_t k = i; k < end; k++) top[tops++] = kids[k];
        }
        i = end;
    }
    /* The root counts every visible entry: the top ones and, the groups being open, theirs. */
    built = built && link_children(c, outlines, top, tops, (long long)(tops + grouped), out_path) &&
            put(c, root, "/Outlines", outlines, out_path) &&
            put(c, root, "/PageMode", qpdf_oh_new_name(q, "/UseOutlines"), out_path);
    free(top);
    free(kids);
    return built;
}

/* A decimal page-label range per document, starting at 1 on its first page. The number
 * tree's keys must ascend: they do, as every document has at least one page. */
static bool add_page_labels(combine *c, qpdf_oh root, const sm_combine_item *items, size_t count,
                            const char *out_path) {
    qpdf_data q = c->out;
    qpdf_oh nums = qpdf_oh_new_array(q);
    for (size_t i = 0; i < count; i++) {
        qpdf_oh range = qpdf_oh_parse(q, "<< /S /D >>");
        if (items[i].label && *items[i].label &&
            !put(c, range, "/P", qpdf_oh_new_unicode_string(q, items[i].label), out_path))
            return false;
        qpdf_oh_append_item(q, nums, qpdf_oh_new_integer(q, c->starts[i]));
        qpdf_oh_append_item(q, nums, range);
        if (!ok(c, q, "cannot build", out_path)) return false;
    }
    qpdf_oh labels = qpdf_oh_new_dictionary(q);
    return put(c, labels, "/Nums", nums, out_path) && put(c, root, "/PageLabels", labels, out_path);
}

static bool add_catalog_and_info(combine *c, const char *pack_title, long long date,
                                 const char *out_path) {
    qpdf_data q = c->out;
    qpdf_oh root = qpdf_get_root(q);
    if (!put(c, root, "/Lang", qpdf_oh_new_unicode_string(q, "ja"), out_path) ||
        /* The viewer shows the pack's title, not "pack.pdf". */
        !put(c, root, "/ViewerPreferences", qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"),
             out_path))
        return false;
    qpdf_oh info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    if (!put(c, info, "/Title", qpdf_oh_new_unicode_string(q, pack_title), out_path)) return false;
    if (date >= 0) {
        char text[32];
        sm_pdf_date(date, text, sizeof text);
        if (!put(c, info, "/CreationDate", qpdf_oh_new_unicode_string(q, text), out_path) ||
            !put(c, info, "/ModDate", qpdf_oh_new_unicode_string(q, text), out_path))
            return false;
    }
    return put(c, qpdf_get_trailer(q), "/Info", info, out_path);
}

bool sm_pack_combine(const char *out_path, const char *pack_title, long long date,
                     const sm_combine_item *items, size_t count, sm_diags *diags) {
    combine c = {.out_path = out_path, .diags = diags, .version_major = 1, .version_minor = 3};
    if (!check_arguments(&c, out_path, pack_title, date, items, count)) return false;

    c.inputs = sm_xmalloc(count * sizeof *c.inputs);
    c.files = calloc(count, sizeof *c.files);
    if (!c.files) sm_out_of_memory();
    c.starts = sm_xmalloc(count * sizeof *c.starts);
    /* A new file rather than a copy of the first input: nothing of any input's catalogue
     * or /Info comes along unless chosen here. */
    c.out = qpdf_init();
    qpdf_silence_errors(c.out);
    qpdf_set_suppress_warnings(c.out, QPDF_TRUE);
    qpdf_empty_pdf(c.out);
    bool done = ok(&c, c.out, "cannot build", out_path);
    for (size_t i = 0; done && i < count; i++) done = copy_item(&c, i, &items[i]);

    qpdf_oh root = done ? qpdf_get_root(c.out) : 0;
    done = done && add_outline(&c, root, items, count, out_path) &&
           add_page_labels(&c, root, items, count, out_path) &&
           add_catalog_and_info(&c, pack_title, date, out_path);

    /* The variants of one material embed the same font subsets and pictures: once each. */
    if (done) {
        sm_pack_dedupe(c.out);
        done = ok(&c, c.out, "cannot build", out_path);
    }
    if (done) {
        qpdf_init_write_memory(c.out);
        /* Streams are copied as they are stored: decoding and compressing them again
         * would cost most of the write and give the same pages. */
        qpdf_set_decode_level(c.out, qpdf_dl_none);
        /* The /ID is a hash of the content: the same inputs give the same bytes. */
        qpdf_set_deterministic_ID(c.out, QPDF_TRUE);
        qpdf_set_compress_streams(c.out, QPDF_TRUE);
        /* Object streams make the many small dictionaries (pages, outline, fonts) smaller;
         * qpdf numbers them by traversal, so this is deterministic too. */
        qpdf_set_object_stream_mode(c.out, qpdf_o_generate);
        char version[32];
        snprintf(version, sizeof version, "%d.%d", c.version_major, c.version_minor);
        qpdf_set_minimum_pdf_version_and_extension(c.out, version, c.extension);
        done = ok(&c, c.out, "cannot write", out_path);
    }
    if (done) {
        qpdf_write(c.out);
        done = ok(&c, c.out, "cannot write", out_path);
    }
    if (done)
        done = sm_atomic_write_file(out_path, qpdf_get_buffer(c.out),
                                    (size_t)qpdf_get_buffer_length(c.out), diags);

    /* The output first: its copied streams still refer to the inputs. */
    qpdf_cleanup(&c.out);
    for (size_t i = 0; i < c.input_count; i++) qpdf_cleanup(&c.inputs[i]);
    for (size_t i = 0; i < c.input_count; i++) sm_buf_free(&c.files[i]);
    free(c.files);
    free(c.inputs);
    free(c.starts);
    return done;
}
