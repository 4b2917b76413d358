/* output.h: the check every writer of render makes before it writes an output file. */
#ifndef SM_RENDER_OUTPUT_H
#define SM_RENDER_OUTPUT_H

#include "../model/doc.h"

/* True when path may be written for doc under the path policy: not a directory, and not
 * one of the files the document was made from (its definition, theme or pictures — `render
 * d.yaml -o d.yaml` must not replace its own input). Otherwise records an error and returns
 * false. */
bool sm_render_output_ok(sm_doc *doc, const char *path);

#endif
