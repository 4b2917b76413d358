/* yaml_tree.h: one YAML document as a small tree of scalars, lists and mappings with positions. */
#ifndef SM_YAML_TREE_H
#define SM_YAML_TREE_H

#include "../base/arena.h"
#include "../base/diag.h"
#include "../base/limits.h"
#include "../model/model.h"

#include <stdbool.h>
#include <stddef.h>

/* The parser's limits (depth, nodes, scalar and file size) are in base/limits.h. */

typedef enum sm_node_kind { SM_NODE_SCALAR, SM_NODE_SEQUENCE, SM_NODE_MAPPING } sm_node_kind;

typedef struct sm_node sm_node;
typedef struct sm_node_pair {
    sm_node *key, *value;
} sm_node_pair;

struct sm_node {
    sm_node_kind kind;
    sm_pos pos; /* 1-based; for a quoted scalar the opening quote, for a block scalar the | or > */
    /* SCALAR */
    sm_scalar_style style;
    bool null;        /* written as nothing, ~ or null without quotes: YAML's "no value" */
    const char *text; /* NUL-terminated; never contains NUL; folds between Japanese
                         characters already dropped (load/fold.h) */
    size_t len;
    const sm_source_line *lines; /* a multi-line scalar: where its later lines start */
    size_t line_count;
    /* SEQUENCE: items[count]; MAPPING: pairs[count], in input order */
    sm_node **items;
    sm_node_pair *pairs;
    size_t count;
};

/* Parses data (size bytes of UTF-8; a leading UTF-8 BOM is skipped) as exactly one YAML
 * document. Positions name `file` (not copied: it must live as long as the arena).
 * Returns the root node, allocated in arena, or NULL after recording every error found
 * in diags (encoding, syntax, limits, aliases and anchors, empty or multiple documents). */
sm_node *sm_yaml_parse(sm_arena *arena, sm_diags *diags, const char *file, const char *data,
                       size_t size);

/* The position of byte `offset` of data, counting line breaks as libyaml does. */
sm_pos sm_yaml_offset_pos(const char *file, const char *data, size_t offset);

/* Returns the number of bytes of a leading UTF-8 BOM in data (0 or 3). */
size_t sm_yaml_bom_size(const char *data, size_t size);

#endif
