/* preflight.c: the preflight's entry point — opens a PDF with qpdf, reads every page in two
 * passes (boxes for the profile, then fonts and content) and keeps the findings. */
#include "preflight.h"

#include <stdlib.h>
#include <string.h>

sm_preflight *sm_preflight_new(void) {
    sm_preflight *pf = sm_xmalloc(sizeof *pf);
    memset(pf, 0, sizeof *pf);
    pf->arena = sm_arena_new();
    return pf;
}

void sm_preflight_free(sm_preflight *pf) {
    if (!pf) return;
    sm_arena_free(pf->arena);
    free(pf);
}

static sm_pf_file *add_file(sm_preflight *pf, const char *path) {
    if (pf->count == pf->capacity) {
        size_t grown = pf->capacity ? pf->capacity * 2 : 4;
        pf->files = sm_arena_grow(pf->arena, pf->files, pf->count, grown, sizeof *pf->files);
        pf->capacity = grown;
    }
    sm_pf_file *file = &pf->files[pf->count++];
    file->path = sm_arena_strdup(pf->arena, path);
    return file;
}

static void count_findings(sm_pf_file *file, const sm_pf_findings *findings) {
    for (size_t i = 0; i < findings->count; i++) {
        if (findings->items[i].severity == SM_SEVERITY_ERROR)
            file->errors++;
        else
            file->warnings++;
    }
}

/* qpdf's repairs are worth a warning: the file is damaged, and other tools may not cope. */
static void structure_warning(sm_arena *arena, qpdf_data q, sm_pf_findings *findings,
                              const char *where) {
    const char *first = NULL;
    int n = sm_pf_take_warnings(arena, q, &first);
    if (n)
        sm_pf_add(arena, findings, SM_SEVERITY_WARNING, "structure",
                  "qpdf worked around %d structure problem%s %s (first: %s)", n, n == 1 ? "" : "s",
                  where, first);
}

/* Reads the open document into file. Handles are released after each page: every value
 * kept has been copied into the arena, and a long document must not grow qpdf's table. */
static void check_document(sm_arena *arena, qpdf_data q, sm_pf_file *file) {
    const char *version = qpdf_get_pdf_version(q);
    file->version = sm_arena_strdup(arena, version ? version : "");
    sm_pf_inspect_document(arena, q, &file->doc);
    structure_warning(arena, q, &file->findings, "in the file");
    int count = qpdf_get_num_pages(q);
    if (count < 0) {
        const char *why = NULL;
        sm_pf_take_warnings(arena, q, &why);
        sm_pf_add(arena, &file->findings, SM_SEVERITY_ERROR, "pages",
                  "the page tree is damaged: %s", why ? why : "no detail");
        count = 0;
    }
    qpdf_oh_release_all(q);
    file->page_count = count;
    file->pages = sm_arena_array(arena, (size_t)count, sizeof *file->pages);
    for (int i = 0; i < count; i++) {
        file->pages[i].number = i + 1;
        sm_pf_inspect_boxes(q, qpdf_get_page_n(q, (size_t)i), &file->pages[i]);
        qpdf_oh_release_all(q);
    }
    sm_pf_rules_profile(arena, file);
    for (int i = 0; i < count; i++) {
        sm_pf_page *page = &file->pages[i];
        qpdf_oh page_oh = qpdf_get_page_n(q, (size_t)i);
        sm_pf_inspect_fonts(arena, q, sm_pf_inherited(q, page_oh, "/Resources"), page);
        sm_pf_content_run(arena, q, page_oh, sm_pf_rules_safe_area(file, page), page);
        sm_pf_rules_page(arena, file, page);
        structure_warning(arena, q, &page->findings, "on this page");
        qpdf_oh_release_all(q);
    }
    sm_pf_rules_document(arena, file);
}

bool sm_preflight_check_file(sm_preflight *pf, const char *path) {
    sm_pf_file *file = add_file(pf, path);
    qpdf_data q = qpdf_init();
    /* Errors and warnings are data here, not text on stderr: only main prints. */
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    if (qpdf_read(q, path, NULL) & QPDF_ERRORS) {
        qpdf_error e = qpdf_get_error(q);
        sm_pf_add(pf->arena, &file->findings, SM_SEVERITY_ERROR, "read", "cannot read the PDF: %s",
                  e ? qpdf_get_error_message_detail(q, e) : "unknown error");
    } else {
        file->readable = true;
        check_document(pf->arena, q, file);
    }
    qpdf_cleanup(&q);
    count_findings(file, &file->findings);
    for (int i = 0; i < file->page_count; i++) count_findings(file, &file->pages[i].findings);
    return file->errors == 0;
}

bool sm_preflight_failed(const sm_preflight *pf) {
    for (size_t i = 0; i < pf->count; i++)
        if (pf->files[i].errors) return true;
    return false;
}
