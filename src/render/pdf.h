/* pdf.h: a document's pages drawn by cairo into the bytes of a PDF, before the post-pass. */
#ifndef SM_RENDER_PDF_H
#define SM_RENDER_PDF_H

#include "../base/utf8.h"
#include "../model/doc.h"

/* Draws every page of the laid-out doc with cairo and appends the file cairo writes to
 * drawn: what the post-pass (pdf_patch.c, pdf_finish.c) reads. Errors (no pages, a page
 * without a size, a picture that cannot be drawn) are recorded about `path`; drawn is then
 * empty. */
bool sm_pdf_draw(sm_doc *doc, const char *path, sm_buf *drawn);

#endif
