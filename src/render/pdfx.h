/* pdfx.h: optional PDF/X-3 conversion by Ghostscript, run as a subprocess (never linked). */
#ifndef SM_PDFX_H
#define SM_PDFX_H

#include "../base/utf8.h"
#include "../layout/box.h"

#include <stdbool.h>

/* Converts the finished PDF in `pdf` to PDF/X-3 in place: CMYK output intent from
 * Ghostscript's default CMYK profile, trim and bleed boxes kept, dates from the document
 * and a deterministic /ID (the result is byte-identical across runs). The structure tree
 * does not survive (PDF/X-3 is PDF 1.3). Returns false when Ghostscript is missing or
 * fails, with the error recorded in diags about the file `path` being written. */
bool sm_pdfx_convert(const struct sm_pages *pages, sm_buf *pdf, sm_diags *diags, const char *path);

#endif
