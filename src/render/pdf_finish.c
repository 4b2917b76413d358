/* pdf_finish.c: the PDF post-pass with the qpdf C API — what cairo 1.16 cannot write:
 * TrimBox and BleedBox, a deterministic /ID, /Trapped, dates with their D: prefix, the
 * language and the title in the viewer, figures' alt text, and the CMYK palette (shop). */
#include "pdf_finish.h"

#include "pdf_colors.h"

#include <math.h>
#include "../base/qpdf_api.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double tidy(double v) { return fabs(v) < 0.00005 ? 0 : v; }

static void rect(char out[SM_PDF_BOX_TEXT], double x0, double y0, double x1, double y1) {
    snprintf(out, SM_PDF_BOX_TEXT, "[%.4f %.4f %.4f %.4f]", tidy(x0), tidy(y0), tidy(x1), tidy(y1));
}

/* PDF y runs up from the bottom; layout's down from the top. */
void sm_pdf_page_boxes(const sm_page *p, char trim[SM_PDF_BOX_TEXT], char bleed[SM_PDF_BOX_TEXT]) {
    double x0 = p->trim_x, y0 = p->height - (p->trim_y + p->trim_h);
    double x1 = x0 + p->trim_w, y1 = y0 + p->trim_h, b = p->bleed;
    rect(trim, x0, y0, x1, y1);
    rect(bleed, x0 - b, y0 - b, x1 + b, y1 + b);
}

static void set_page_boxes(qpdf_data q, qpdf_oh page, const sm_page *p) {
    char trim[SM_PDF_BOX_TEXT], bleed[SM_PDF_BOX_TEXT];
    sm_pdf_page_boxes(p, trim, bleed);
    qpdf_oh_replace_key(q, page, "/TrimBox", qpdf_oh_parse(q, trim));
    qpdf_oh_replace_key(q, page, "/BleedBox", qpdf_oh_parse(q, bleed));
}

void sm_pdf_date(long long seconds, char *out, size_t size) {
    time_t t = (time_t)seconds;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(out, size, "D:19700101000000Z");
        return;
    }
    strftime(out, size, "D:%Y%m%d%H%M%SZ", &tm);
}

static void set_info(qpdf_data q, const sm_pages *pages) {
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
    if (!qpdf_oh_is_dictionary(q, info)) {
        info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
        qpdf_oh_replace_key(q, trailer, "/Info", info);
    }
    /* Nothing here has been trapped; print shops ask. */
    qpdf_oh_replace_key(q, info, "/Trapped", qpdf_oh_new_name(q, "/False"));
    qpdf_oh_replace_key(q, info, "/SMProfile",
                        qpdf_oh_new_unicode_string(q, sm_profile_name(pages->profile)));
    if (pages->has_date) {
        char date[32];
        sm_pdf_date(pages->date, date, sizeof date);
        qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_unicode_string(q, date));
        qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_unicode_string(q, date));
    } else {
        qpdf_oh_remove_key(q, info, "/CreationDate");
    }
}

static void set_catalog(qpdf_data q, const sm_pages *pages) {
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, "ja"));
    /* A document's pages are labelled with the numbers printed on them (1, 2, 3, …), so
     * a viewer's "page 3" is the page that says 3. cairo 1.16 writes an empty table. */
    if (pages->numbered)
        qpdf_oh_replace_key(q, root, "/PageLabels",
                            qpdf_oh_parse(q, "<< /Nums [ 0 << /S /D /St 1 >> ] >>"));
    else
        qpdf_oh_remove_key(q, root, "/PageLabels");
    qpdf_oh_replace_key(q, root, "/ViewerPreferences",
                        qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
    qpdf_oh_replace_key(q, root, "/MarkInfo", qpdf_oh_parse(q, "<< /Marked true >>"));
}

/* Figures get their alt text, in the order layout drew them (the structure tree keeps it). */
static void set_alts(qpdf_data q, qpdf_oh element, const sm_pages *pages, size_t *next, int depth) {
    if (depth > 64) return;
    if (qpdf_oh_is_array(q, element)) {
        int n = qpdf_oh_get_array_n_items(q, element);
        for (int i = 0; i < n; i++)
            set_alts(q, qpdf_oh_get_array_item(q, element, i), pages, next, depth + 1);
        return;
    }
    if (!qpdf_oh_is_dictionary(q, element)) return;
    if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, element, "/S"), "/Figure") &&
        *next < pages->alt_count) {
        const char *alt = pages->alts[(*next)++];
        if (alt && *alt)
            qpdf_oh_replace_key(q, element, "/Alt", qpdf_oh_new_unicode_string(q, alt));
    }
    if (qpdf_oh_has_key(q, element, "/K"))
        set_alts(q, qpdf_oh_get_key(q, element, "/K"), pages, next, depth + 1);
}

/* Rewrites one content stream's colours; adds the registration colour space to the
 * resources when the stream now uses it. */
static void recolor_stream(qpdf_data q, qpdf_oh stream, qpdf_oh resources, const sm_pages *pages) {
    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, NULL, &data, &len) != QPDF_SUCCESS)
        return;
    sm_buf out = {0};
    bool registration = false;
    sm_pdf_rewrite_colors(data, len, pages->inks, pages->ink_count, &out, &registration);
    free(data);
    qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)out.data, out.len,
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    sm_buf_free(&out);
    if (!registration || !qpdf_oh_is_dictionary(q, resources)) return;
    qpdf_oh spaces = qpdf_oh_get_key(q, resources, "/ColorSpace");
    if (!qpdf_oh_is_dictionary(q, spaces)) {
        spaces = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, resources, "/ColorSpace", spaces);
    }
    /* All: every plate at 100 %, as trim marks must print on each separation. */
    qpdf_oh_replace_key(q, spaces, "/" SM_REGISTRATION_RESOURCE,
                        qpdf_oh_parse(q, "[/Separation /All /DeviceCMYK << /FunctionType 2 "
                                         "/Domain [0 1] /C0 [0 0 0 0] /C1 [1 1 1 1] /N 1 >>]"));
}

/* cairo gives pages and transparency groups an RGB blending space (/Group << /CS
 * /DeviceRGB >>). A RIP composites everything drawn in such a group in RGB and separates
 * it again: K-only text comes out as rich black (about C68 M68 Y65 K74) and registration
 * marks as four-colour. With CMYK as the blending space the inks stay as they were set. */
static void set_cmyk_blending(qpdf_data q, qpdf_oh dict) {
    qpdf_oh group = qpdf_oh_get_key(q, dict, "/Group");
    if (!qpdf_oh_is_dictionary(q, group) || !qpdf_oh_has_key(q, group, "/CS")) return;
    qpdf_oh_replace_key(q, group, "/CS", qpdf_oh_new_name(q, "/DeviceCMYK"));
}

/* A page's or form's content, then the forms it draws (SVG groups, transparency). */
static void recolor_resources(qpdf_data q, qpdf_oh resources, const sm_pages *pages, int depth) {
    if (depth > 16 || !qpdf_oh_is_dictionary(q, resources)) return;
    qpdf_oh xobjects = qpdf_oh_get_key(q, resources, "/XObject");
    if (!qpdf_oh_is_dictionary(q, xobjects)) return;
    /* Collect the keys first: the iterator is shared by every dictionary walk. */
    char *keys[256];
    int n = 0;
    qpdf_oh_begin_dict_key_iter(q, xobjects);
    while (qpdf_oh_dict_more_keys(q) && n < 256) keys[n++] = strdup(qpdf_oh_dict_next_key(q));
    for (int i = 0; i < n; i++) {
        qpdf_oh form = qpdf_oh_get_key(q, xobjects, keys[i]);
        free(keys[i]);
        if (!qpdf_oh_is_stream(q, form)) continue;
        qpdf_oh dict = qpdf_oh_get_dict(q, form);
        if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, "/Subtype"), "/Form")) continue;
        qpdf_oh form_resources = qpdf_oh_get_key(q, dict, "/Resources");
        set_cmyk_blending(q, dict);
        recolor_stream(q, form, form_resources, pages);
        recolor_resources(q, form_resources, pages, depth + 1);
    }
}

static void recolor_page(qpdf_data q, qpdf_oh page, const sm_pages *pages) {
    qpdf_oh resources = qpdf_oh_get_key(q, page, "/Resources");
    qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
    if (qpdf_oh_is_stream(q, contents)) {
        recolor_stream(q, contents, resources, pages);
    } else if (qpdf_oh_is_array(q, contents)) {
        int n = qpdf_oh_get_array_n_items(q, contents);
        for (int i = 0; i < n; i++)
            recolor_stream(q, qpdf_oh_get_array_item(q, contents, i), resources, pages);
    }
    recolor_resources(q, resources, pages, 0);
    set_cmyk_blending(q, page);
}

bool sm_pdf_finish(const sm_pages *pages, const unsigned char *in, size_t in_len, sm_buf *out,
                   sm_diags *diags, const char *path) {
    qpdf_data q = qpdf_init();
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    bool ok = false;
    if (qpdf_read_memory(q, "cairo output", (const char *)in, in_len, NULL) & QPDF_ERRORS)
        goto done;
    int count = qpdf_get_num_pages(q);
    for (int i = 0; i < count && (size_t)i < pages->count; i++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
        set_page_boxes(q, page, &pages->items[i]);
        if (pages->profile != SM_PROFILE_OFFICE) recolor_page(q, page, pages);
    }
    set_info(q, pages);
    set_catalog(q, pages);
    qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
    size_t next = 0;
    if (qpdf_oh_is_dictionary(q, tree))
        set_alts(q, qpdf_oh_get_key(q, tree, "/K"), pages, &next, 0);

    qpdf_init_write_memory(q);
    /* The /ID is a hash of the content: the same input gives the same file. */
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    /* Streams stay as cairo compressed them (decoding and compressing them again would be
     * a third of the post-pass); the ones it left plain, and the recoloured, are compressed. */
    qpdf_set_compress_streams(q, QPDF_TRUE);
    qpdf_set_decode_level(q, qpdf_dl_none);
    if (qpdf_write(q) & QPDF_ERRORS) goto done;
    sm_buf_append(out, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
    ok = true;
done:
    if (!ok)
        sm_error(diags, ((sm_pos){path, 0, 0}), "cannot write '%s': %s", path,
                 qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q))
                                   : "the PDF post-pass failed");
    qpdf_cleanup(&q);
    return ok;
}
