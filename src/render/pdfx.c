/* pdfx.c: PDF/X-3 through Ghostscript's pdfwrite, in a private temporary directory, then a
 * qpdf pass for a deterministic /ID. */
#include "pdfx.h"

#include <dirent.h>
#include <errno.h>
#include "../base/qpdf_api.h"
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Ghostscript's own PDF/X definition file and CMYK profile (Debian's ghostscript). */
#define SM_GS_SHARE "/usr/share/ghostscript"

static bool write_file(const char *path, const void *data, size_t size) {
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

static bool read_file(const char *path, sm_buf *out) {
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sm_buf_append(out, chunk, n);
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}

/* The newest Ghostscript version directory under SM_GS_SHARE (e.g. 10.00.0). */
static bool find_gs_share(char *out, size_t size) {
    DIR *dir = opendir(SM_GS_SHARE);
    if (!dir) return false;
    char best[256] = "";
    for (struct dirent *e; (e = readdir(dir));)
        if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && strcmp(e->d_name, best) > 0)
            snprintf(best, sizeof best, "%s", e->d_name);
    closedir(dir);
    if (!*best) return false;
    snprintf(out, size, SM_GS_SHARE "/%s", best);
    return true;
}

/* Ghostscript's PDFX_def.ps with our profile path and the title filled in. */
static bool write_definition(const char *share, const char *path, const char *title) {
    char source[512];
    snprintf(source, sizeof source, "%s/lib/PDFX_def.ps", share);
    sm_buf def = {0};
    if (!read_file(source, &def)) return false;
    sm_buf out = {0};
    sm_buf_puts(&out, "");
    /* The title as a UTF-16 hex string: PostScript strings are bytes. */
    sm_buf hex = {0};
    sm_utf8_append_pdf_hex(&hex, title);
    for (char *line = strtok(def.data, "\n"); line; line = strtok(NULL, "\n")) {
        if (strstr(line, "/ICCProfile (")) {
            sm_buf_printf(&out, "/ICCProfile (%s/iccprofiles/default_cmyk.icc) def\n", share);
        } else if (strstr(line, "/Title (Title)")) {
            sm_buf_printf(&out, "  /Title %s\n", hex.data);
        } else {
            sm_buf_puts(&out, line);
            sm_buf_putc(&out, '\n');
        }
    }
    bool ok = write_file(path, out.data, out.len);
    sm_buf_free(&def);
    sm_buf_free(&out);
    sm_buf_free(&hex);
    return ok;
}

/* An error about the PDF being written (what the user asked for), as a whole file. */
static bool fail(sm_diags *diags, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool fail(sm_diags *diags, const char *path, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sm_diag_addv(diags, SM_SEVERITY_ERROR, (sm_pos){path, 0, 0}, fmt, ap);
    va_end(ap);
    return false;
}

static bool run_gs(const char *definition, const char *in, const char *out, long long date,
                   bool has_date, sm_diags *diags, const char *path) {
    char output[600];
    snprintf(output, sizeof output, "-sOutputFile=%s", out);
    char *argv[] = {"gs",
                    "-q",
                    "-dSAFER",
                    "-dBATCH",
                    "-dNOPAUSE",
                    "-sDEVICE=pdfwrite",
                    "-dPDFX=true",
                    "-dOmitID",
                    "-sColorConversionStrategy=CMYK",
                    "-dPDFXCompatibilityPolicy=1",
                    output,
                    (char *)definition,
                    (char *)in,
                    NULL};
    /* Ghostscript takes its dates from SOURCE_DATE_EPOCH: the document's, not the clock. */
    char epoch[64];
    snprintf(epoch, sizeof epoch, "SOURCE_DATE_EPOCH=%lld", has_date ? date : 0LL);
    size_t count = 0;
    while (environ[count]) count++;
    char **env = calloc(count + 2, sizeof *env);
    if (!env) return false;
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (strncmp(environ[i], "SOURCE_DATE_EPOCH=", 18) != 0) env[n++] = environ[i];
    env[n++] = epoch;
    pid_t pid;
    int rc = posix_spawnp(&pid, "gs", NULL, NULL, argv, env);
    free(env);
    if (rc != 0)
        return fail(diags, path, "pdfx: true needs Ghostscript (apt-get install ghostscript): %s",
                    strerror(rc));
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail(diags, path, "Ghostscript could not make PDF/X-3 (exit status %d)",
                    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return true;
}

/* Ghostscript's file gets a deterministic /ID from qpdf (it was told to write none). */
static bool deterministic_id(sm_buf *pdf, sm_diags *diags, const char *path) {
    qpdf_data q = qpdf_init();
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    bool ok = !(qpdf_read_memory(q, "Ghostscript output", pdf->data, pdf->len, NULL) & QPDF_ERRORS);
    if (ok) {
        qpdf_init_write_memory(q);
        qpdf_set_deterministic_ID(q, QPDF_TRUE);
        ok = !(qpdf_write(q) & QPDF_ERRORS);
    }
    if (ok) {
        sm_buf fresh = {0};
        sm_buf_append(&fresh, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
        sm_buf_free(pdf);
        *pdf = fresh;
    } else {
        fail(diags, path, "%s",
             qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "qpdf failed");
    }
    qpdf_cleanup(&q);
    return ok;
}

bool sm_pdfx_convert(const struct sm_pages *pages, sm_buf *pdf, sm_diags *diags, const char *path) {
    char share[300];
    if (!find_gs_share(share, sizeof share))
        return fail(diags, path, "pdfx: true needs Ghostscript (apt-get install ghostscript)");
    char dir[] = "/tmp/surimono-pdfx-XXXXXX";
    if (!mkdtemp(dir))
        return fail(diags, path, "cannot make a temporary directory: %s", strerror(errno));
    char in[64], out[64], def[64];
    snprintf(in, sizeof in, "%s/in.pdf", dir);
    snprintf(out, sizeof out, "%s/out.pdf", dir);
    snprintf(def, sizeof def, "%s/PDFX_def.ps", dir);
    bool ok = write_file(in, pdf->data, pdf->len) && write_definition(share, def, pages->title);
    if (!ok) fail(diags, path, "cannot prepare the PDF/X conversion in %s", dir);
    ok = ok && run_gs(def, in, out, pages->date, pages->has_date, diags, path);
    if (ok) {
        sm_buf converted = {0};
        ok = read_file(out, &converted);
        if (ok) {
            sm_buf_free(pdf);
            *pdf = converted;
            ok = deterministic_id(pdf, diags, path);
        } else {
            sm_buf_free(&converted);
            fail(diags, path, "Ghostscript wrote no PDF/X file");
        }
    }
    unlink(in);
    unlink(out);
    unlink(def);
    rmdir(dir);
    return ok;
}
