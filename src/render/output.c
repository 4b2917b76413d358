/* output.c: an output is never written over one of the inputs it is made from. */
#include "output.h"

#include "../base/path.h"

bool sm_render_output_ok(sm_doc *doc, const char *path) {
    const char *why = sm_path_check_output(path, NULL, doc->inputs, doc->input_count);
    if (!why) return true;
    sm_error(&doc->diags, ((sm_pos){sm_arena_strdup(doc->arena, path), 0, 0}),
             "cannot write '%s': %s", path, why);
    return false;
}
