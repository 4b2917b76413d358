/* load.c: the load stage — reads a definition, finds the project root, validates by its kind. */
#include "load.h"

#include "table_data.h"

#include "../base/path.h"
#include "../base/utf8.h"
#include "validate.h"
#include "yaml_tree.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads path ("-": standard input) into buf under the path policy: a regular file (a FIFO
 * would block for ever), inside root when root is not NULL, at most SM_YAML_MAX_FILE bytes.
 * Records "cannot read NAME: reason" at `at` on failure; real receives the resolved path. */
static bool read_input(sm_doc *doc, sm_pos at, const char *path, const char *name, const char *root,
                       sm_buf *buf, char *real) {
    if (strcmp(path, "-") == 0) {
        if (sm_buf_read_limited(buf, stdin, SM_YAML_MAX_FILE)) return true;
        sm_error(&doc->diags, at, "cannot read %s: %s", name, strerror(errno ? errno : EIO));
        return false;
    }
    sm_path_status status = sm_path_read(path, root, SM_YAML_MAX_FILE, buf, real);
    if (status == SM_PATH_OK) return true;
    int err = errno;
    char why[160];
    if (status == SM_PATH_TOO_LARGE)
        sm_error(&doc->diags, at,
                 "cannot read %s: it is larger than %d MiB, the limit for a YAML file", name,
                 SM_YAML_MAX_FILE / (1024 * 1024));
    else
        sm_error(&doc->diags, at, "cannot read %s: it %s", name,
                 sm_path_status_text(status, path, err, why, sizeof why));
    return false;
}

static bool has_layouts(const char *dir) {
    char path[PATH_MAX];
    struct stat st;
    if ((size_t)snprintf(path, sizeof path, "%s/layouts", dir) >= sizeof path) return false;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The nearest directory at or above start holding a `layouts` folder, else start itself;
 * as a real path, because asset and theme paths are confined to it. NULL if start does not
 * resolve. */
static const char *find_root(sm_arena *arena, const char *start) {
    char real[PATH_MAX];
    if (!realpath(start, real)) return NULL;
    char dir[PATH_MAX];
    memcpy(dir, real, sizeof dir);
    for (;;) {
        if (has_layouts(dir)) return sm_arena_strdup(arena, dir);
        char *slash = strrchr(dir, '/');
        if (!slash || dir[1] == '\0') break; /* "/" was the last candidate */
        slash[slash == dir ? 1 : 0] = '\0';
    }
    return sm_arena_strdup(arena, real);
}

/* The directory part of path ("." when it has none). */
static const char *directory_of(sm_arena *arena, const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash) return ".";
    if (slash == path) return "/";
    return sm_arena_strndup(arena, path, (size_t)(slash - path));
}

static const char *got_what(const sm_node *node) {
    return node->kind == SM_NODE_SEQUENCE ? "a list" : "a single value";
}

/* Reads `kind` first: it decides which schema the whole mapping is checked against. */
static bool load_definition(sm_doc *doc, const sm_node *root) {
    if (root->kind != SM_NODE_MAPPING) {
        sm_error(&doc->diags, root->pos,
                 "the definition must be a mapping of keys (kind: …, title: …), got %s",
                 got_what(root));
        return false;
    }
    const sm_node *kind = NULL;
    for (size_t i = 0; i < root->count && !kind; i++) {
        const sm_node *key = root->pairs[i].key;
        if (key->kind == SM_NODE_SCALAR && strcmp(key->text, "kind") == 0)
            kind = root->pairs[i].value;
    }
    if (!kind) {
        sm_error(&doc->diags, root->pos, "missing required key 'kind' (one of %s)",
                 sm_validate_join(doc->arena, sm_kind_field.choices));
        return false;
    }
    sm_value value;
    if (!sm_validate_value(doc->arena, &doc->diags, &sm_kind_field, kind, &value)) return false;
    const sm_schema_object *schema = sm_schema_kind(sm_kind_field.choices[value.as.choice]);
    doc->definition = sm_validate_object(doc->arena, &doc->diags, root, schema);
    return doc->definition != NULL;
}

/* The theme a definition names, from layouts/themes/NAME.yaml: YAML like the definition,
 * so it is read and validated here, where every YAML file is. */
static bool load_theme(sm_doc *doc) {
    const sm_value *name = sm_object_get(doc->definition, "theme");
    if (!name->field) return true;
    for (const char *p = name->as.str; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')) {
            sm_error(&doc->diags, name->pos,
                     "theme names use a-z, 0-9, - and _ (the file is layouts/themes/NAME.yaml)");
            return false;
        }
    }
    const char *display = sm_arena_printf(doc->arena, "layouts/themes/%s.yaml", name->as.str);
    const char *path = sm_arena_printf(doc->arena, "%s/%s", doc->root, display);
    if (access(path, F_OK) != 0) {
        sm_error(&doc->diags, name->pos,
                 "theme '%s' not found (no %s); leave theme: out for the built-in theme",
                 name->as.str, display);
        return false;
    }
    doc->theme = sm_load_yaml_file(doc, name->pos, path, display, &sm_theme_schema);
    return doc->theme != NULL;
}

/* Common to file and buffer: keep the source, parse, validate. root is a real path. */
static bool load_source(sm_doc *doc, const char *name, const char *root, const char *data,
                        size_t size) {
    doc->file = sm_arena_strdup(doc->arena, name);
    doc->root = sm_arena_strdup(doc->arena, root);
    /* The source is kept without its BOM so that line:col count from the same start as
     * the parser's; a file past the size limit is refused, so keep only what is allowed. */
    size_t bom = sm_yaml_bom_size(data, size);
    size_t keep = size - bom > SM_YAML_MAX_FILE ? SM_YAML_MAX_FILE : size - bom;
    doc->source = sm_arena_strndup(doc->arena, data + bom, keep);
    doc->source_size = keep;

    const sm_node *tree = sm_yaml_parse(doc->arena, &doc->diags, doc->file, data, size);
    if (!tree) return false;
    return load_definition(doc, tree) && load_theme(doc) && sm_load_table_data(doc) &&
           sm_doc_ok(doc);
}

/* The project root searched upwards from start, or an error at line 0 of name. */
static const char *root_from(sm_doc *doc, const char *name, const char *start) {
    const char *root = find_root(doc->arena, start);
    if (!root)
        sm_error(&doc->diags, ((sm_pos){name, 0, 0}), "cannot use %s as project root: %s", start,
                 strerror(errno));
    return root;
}

bool sm_doc_load_file(sm_doc *doc, const char *path) {
    if (sm_doc_failed(doc)) return false;
    bool from_stdin = strcmp(path, "-") == 0;
    const char *name = from_stdin ? "<stdin>" : path;
    sm_buf buf = {0};
    char real[PATH_MAX] = "";
    /* Read first: a missing file should say so, not that its folder is no project root. */
    bool ok = read_input(doc, (sm_pos){name, 0, 0}, path, name, NULL, &buf, real);
    const char *root =
        ok ? root_from(doc, name, from_stdin ? "." : directory_of(doc->arena, path)) : NULL;
    /* A definition inside a project that is a link to somewhere else is refused, as a
     * picture would be: what a project builds is what it holds. */
    if (root && !from_stdin && !sm_path_inside(real, root)) {
        sm_error(&doc->diags, ((sm_pos){name, 0, 0}),
                 "cannot read %s: it is a link to %s, outside the project root %s", name, real,
                 root);
        root = NULL;
    }
    ok = root && load_source(doc, name, root, buf.data, buf.len);
    if (ok && !from_stdin) sm_doc_add_input(doc, real);
    sm_buf_free(&buf);
    return ok;
}

bool sm_doc_load_buffer(sm_doc *doc, const char *name, const char *root, const char *data,
                        size_t size) {
    if (sm_doc_failed(doc)) return false;
    if (!name) name = "<input>";
    if (!root) {
        const char *found = root_from(doc, name, ".");
        return found && load_source(doc, name, found, data, size);
    }
    /* An explicit root is taken as it is, not searched upwards. */
    char real[PATH_MAX];
    if (!realpath(root, real)) {
        sm_error(&doc->diags, ((sm_pos){name, 0, 0}), "cannot use %s as project root: %s", root,
                 strerror(errno));
        return false;
    }
    return load_source(doc, name, real, data, size);
}

sm_object *sm_load_yaml_file(sm_doc *doc, sm_pos at, const char *path, const char *display_name,
                             const sm_schema_object *schema) {
    sm_buf buf = {0};
    const char *name = sm_arena_strdup(doc->arena, display_name);
    char real[PATH_MAX];
    if (!read_input(doc, at, path, name, doc->root, &buf, real)) {
        sm_buf_free(&buf);
        return NULL;
    }
    sm_doc_add_input(doc, real);
    const sm_node *tree = sm_yaml_parse(doc->arena, &doc->diags, name, buf.data, buf.len);
    sm_buf_free(&buf);
    if (!tree) return NULL;
    return sm_validate_object(doc->arena, &doc->diags, tree, schema);
}
