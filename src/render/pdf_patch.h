/* pdf_patch.h: the office post-pass over cairo's own file, without qpdf (pdf_patch.c). */
#ifndef SM_PDF_PATCH_H
#define SM_PDF_PATCH_H

#include "../base/utf8.h"
#include "../layout/box.h"

#include <stdbool.h>
#include <stddef.h>

/* What sm_pdf_finish does in the office profile — page boxes, /Info, /Lang, page labels,
 * DisplayDocTitle, figures' /Alt, a deterministic /ID — done on the bytes of a file cairo
 * wrote, appended to out. Returns false, out untouched, when the file is not in the shape
 * cairo writes (then sm_pdf_finish does the work). */
bool sm_pdf_patch(const struct sm_pages *pages, const unsigned char *in, size_t in_len,
                  sm_buf *out);

#endif
