/* preflight.c: the preflight's entry point — opens a PDF under the path policy, measures the
 * streams qpdf would inflate on its own, opens it with qpdf and reads every page in two passes
 * (boxes for the profiles, then fonts and content), keeping the findings. */
#include "preflight.h"

#include "../base/diag.h"
#include "../base/path.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

bool sm_preflight_set_profile(sm_preflight *pf, const char *profile, const char **hint) {
    *hint = NULL;
    if (!sm_profile_find(profile, &pf->options.profile)) {
        *hint = sm_did_you_mean(profile, sm_profile_names);
        return false;
    }
    pf->options.profile_set = true;
    return true;
}

bool sm_preflight_set_paper(sm_preflight *pf, const char *paper, const char **hint) {
    *hint = NULL;
    const sm_paper *found = sm_paper_find(paper);
    if (!found) {
        *hint = sm_did_you_mean(paper, sm_paper_names());
        return false;
    }
    pf->options.paper = found;
    return true;
}

static sm_pf_file *add_file(sm_preflight *pf, const char *path) {
    if (pf->count == pf->capacity) {
        size_t grown = pf->capacity ? pf->capacity * 2 : 4;
        pf->files = sm_arena_grow(pf->arena, pf->files, pf->count, grown, sizeof *pf->files);
        pf->capacity = grown;
    }
    sm_pf_file *file = &pf->files[pf->count++];
    file->path = sm_arena_strdup(pf->arena, path);
    file->options = pf->options;
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

/* What qpdf was given to open (a /dev/fd name) and what the report calls the file. */
typedef struct names {
    const char *opened, *path;
} names;

/* qpdf's repairs are worth a warning: the file is damaged, and other tools may not cope. */
static void structure_warning(sm_arena *arena, qpdf_data q, names n, sm_pf_findings *findings,
                              const char *where) {
    const char *first = NULL;
    int count = sm_pf_take_warnings(arena, q, n.opened, n.path, &first);
    if (count)
        sm_pf_add(arena, findings, SM_SEVERITY_WARNING, "structure",
                  "qpdf worked around %d structure problem%s %s (first: %s)", count,
                  count == 1 ? "" : "s", where, first);
}

/* Reads the open document into file. Handles are released after each page: every value
 * kept has been copied into the arena, and a long document must not grow qpdf's table. */
static void check_document(sm_arena *arena, qpdf_data q, names n, sm_pf_file *file) {
    const char *version = qpdf_get_pdf_version(q);
    file->version = sm_arena_strdup(arena, version ? version : "");
    sm_pf_inspect_document(arena, q, &file->doc);
    file->doc.encrypted = qpdf_is_encrypted(q);
    file->doc.print_low = qpdf_allow_print_low_res(q);
    file->doc.print_high = qpdf_allow_print_high_res(q);
    structure_warning(arena, q, n, &file->findings, "in the file");
    int count = qpdf_get_num_pages(q);
    if (count < 0) {
        const char *why = NULL;
        sm_pf_take_warnings(arena, q, n.opened, n.path, &why);
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
    int unchecked = 0; /* pages after the file's content passed its limit */
    for (int i = 0; i < count; i++) {
        sm_pf_page *page = &file->pages[i];
        qpdf_oh page_oh = qpdf_get_page_n(q, (size_t)i);
        sm_pf_inspect_fonts(arena, q, sm_pf_inherited(q, page_oh, "/Resources"), page);
        if (file->content_size < SM_PF_MAX_FILE_CONTENT)
            sm_pf_content_run(arena, q, page_oh, sm_pf_rules_safe_area(page), page,
                              &file->content_size);
        else
            unchecked++;
        sm_pf_rules_page(arena, file, page);
        structure_warning(arena, q, n, &page->findings, "on this page");
        qpdf_oh_release_all(q);
    }
    if (unchecked)
        sm_pf_add(arena, &file->findings, SM_SEVERITY_ERROR, "limit",
                  "the content of the last %d page%s was not checked: the pages before them "
                  "decode to the limit of %d MiB per file",
                  unchecked, unchecked == 1 ? "" : "s", SM_PF_MAX_FILE_CONTENT / (1024 * 1024));
    sm_pf_rules_document(arena, file);
}

/* Opens the file with qpdf through fd, the descriptor the path policy checked: a file swapped
 * for a FIFO after the check cannot block qpdf, which opens /dev/fd/N as any file. */
static void read_pdf(sm_arena *arena, sm_pf_file *file, int fd) {
    names n = {sm_arena_printf(arena, "/dev/fd/%d", fd), file->path};
    qpdf_data q = qpdf_init();
    /* Errors and warnings are data here, not text on stderr: only main prints. */
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    if (qpdf_read(q, n.opened, NULL) & QPDF_ERRORS) {
        qpdf_error e = qpdf_get_error(q);
        const char *detail = e ? qpdf_get_error_message_detail(q, e) : "unknown error";
        if (e && qpdf_get_error_code(q, e) == qpdf_e_password)
            sm_pf_add(arena, &file->findings, SM_SEVERITY_ERROR, "encryption",
                      "the PDF is encrypted and needs a password to open: it cannot be checked, "
                      "and nobody can print it without the password");
        else
            sm_pf_add(arena, &file->findings, SM_SEVERITY_ERROR, "read", "cannot read the PDF: %s",
                      sm_pf_replace(arena, detail, n.opened, n.path));
    } else {
        file->readable = true;
        check_document(arena, q, n, file);
    }
    qpdf_cleanup(&q);
}

bool sm_preflight_check_file(sm_preflight *pf, const char *path) {
    sm_pf_file *file = add_file(pf, path);
    /* A command-line file may lie anywhere, but must be a regular file: a FIFO would block the
     * run, a device could be endless. */
    int fd;
    sm_path_status status = sm_path_open_read(path, NULL, &fd, NULL);
    int err = errno;
    if (status != SM_PATH_OK) {
        char buf[256];
        sm_pf_add(pf->arena, &file->findings, SM_SEVERITY_ERROR, "read",
                  "cannot read the PDF: it %s",
                  sm_path_status_text(status, path, err, buf, sizeof buf));
    } else {
        const char *refused = sm_pf_scan_file(pf->arena, fd);
        if (refused)
            sm_pf_add(pf->arena, &file->findings, SM_SEVERITY_ERROR, "limit",
                      "%s; qpdf would hold all of it in memory, so the file was not opened",
                      refused);
        else
            read_pdf(pf->arena, file, fd);
        close(fd);
    }
    count_findings(file, &file->findings);
    for (int i = 0; i < file->page_count; i++) count_findings(file, &file->pages[i].findings);
    return file->errors == 0;
}

bool sm_preflight_failed(const sm_preflight *pf) {
    for (size_t i = 0; i < pf->count; i++)
        if (pf->files[i].errors) return true;
    return false;
}
