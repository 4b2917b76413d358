/* assets.c: asset paths — relative to the project root, confined to it, of a known format. */
#include "resolver.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const image_extensions[] = {".png", ".jpg", ".jpeg", ".svg", NULL};

const char *sm_resolve_asset(sm_resolver *r, const sm_value *value) {
    const char *path = value->as.str;
    if (path[0] == '/') {
        sm_error(r->diags, value->pos, "asset path '%s' must be relative to the project root",
                 path);
        return NULL;
    }
    /* Refuse ".." that climbs above the root before touching the file system, so the answer
     * does not depend on what exists out there. */
    int depth = 0;
    for (const char *seg = path; *seg;) {
        size_t n = strcspn(seg, "/");
        if (n == 2 && seg[0] == '.' && seg[1] == '.')
            depth--;
        else if (n > 0 && !(n == 1 && seg[0] == '.'))
            depth++;
        if (depth < 0) {
            sm_error(r->diags, value->pos, "image '%s' is outside the project root", path);
            return NULL;
        }
        seg += n;
        while (*seg == '/') seg++;
    }
    const char *dot = strrchr(path, '.');
    bool known = false;
    for (size_t i = 0; dot && image_extensions[i]; i++)
        if (strcasecmp(dot, image_extensions[i]) == 0) known = true;
    if (!known) {
        sm_error(r->diags, value->pos, "unsupported image '%s' (use PNG, JPEG or SVG)", path);
        return NULL;
    }
    const char *joined = sm_arena_printf(r->arena, "%s/%s", r->doc->root, path);
    char resolved[PATH_MAX];
    if (!realpath(joined, resolved)) {
        sm_error(r->diags, value->pos, "cannot find image '%s' in the project root %s (%s)", path,
                 r->doc->root, strerror(errno));
        return NULL;
    }
    /* Symlinks and ".." must not lead outside the project: builds run on shared servers. */
    size_t root_len = strlen(r->doc->root);
    if (strncmp(resolved, r->doc->root, root_len) != 0 ||
        (resolved[root_len] != '/' && strcmp(r->doc->root, "/") != 0)) {
        sm_error(r->diags, value->pos, "image '%s' is outside the project root %s", path,
                 r->doc->root);
        return NULL;
    }
    struct stat st;
    if (stat(resolved, &st) != 0 || !S_ISREG(st.st_mode)) {
        sm_error(r->diags, value->pos, "image '%s' is not a regular file", path);
        return NULL;
    }
    sm_doc_add_input(r->doc, resolved);
    return sm_arena_strdup(r->arena, resolved);
}
