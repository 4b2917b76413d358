/* output.h: the check every writer of render makes before it writes an output file. */
#ifndef SM_RENDER_OUTPUT_H
#define SM_RENDER_OUTPUT_H

#include "../base/utf8.h"
#include "../model/doc.h"

/* True when path may be written for doc under the path policy: not a directory, and not
 * one of the files the document was made from (its definition, theme or pictures — `render
 * d.yaml -o d.yaml` must not replace its own input). Otherwise records an error and returns
 * false. */
bool sm_render_output_ok(sm_doc *doc, const char *path);

/* The PDF (every page) or the PNG of one page (zlib's fastest level, for a screen) in
 * memory, appended to out, as sm_doc_render_pdf and sm_doc_render_png would write them;
 * errors are recorded about `name`. For a server that sends them and never writes a file. */
bool sm_doc_render_pdf_bytes(sm_doc *doc, const char *name, sm_buf *out);
bool sm_doc_render_png_bytes(sm_doc *doc, const char *name, int page, double dpi, sm_buf *out);

#endif
