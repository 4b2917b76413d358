/* yaml_tree.c: builds the node tree of one YAML document from libyaml's event parser. */
#include "yaml_tree.h"

#include "../base/utf8.h"
#include "fold.h"

#include <string.h>
#include <yaml.h>

/* One open list or mapping: its children so far (a mapping's alternate key, value). */
typedef struct frame {
    sm_node *node;
    sm_node **children;
    size_t count, cap;
} frame;

typedef struct builder {
    sm_arena *arena;
    sm_diags *diags;
    const char *file;
    const char *data; /* what libyaml reads (after the BOM), for positions of reader errors */
    size_t size;
    frame stack[SM_YAML_MAX_DEPTH];
    int depth;
    size_t nodes;
    int documents;
    sm_node *root;
    /* Where the last multi-line scalar started: events come in source order, so finding the
     * next one's byte offset walks on from here and the whole file is read once. */
    size_t seek_byte, seek_line, seek_col;
    bool failed; /* an error was recorded: the tree is not returned */
    bool stop;   /* an error after which parsing on makes no sense */
} builder;

size_t sm_yaml_bom_size(const char *data, size_t size) {
    return size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Line breaks as libyaml counts them (YAML 1.1): LF, CR, CRLF, NEL, LS and PS; the column
 * counts characters, as libyaml's marks do. */
sm_pos sm_yaml_offset_pos(const char *file, const char *data, size_t offset) {
    sm_pos pos = {file, 1, 1};
    size_t i = 0;
    while (i < offset) {
        size_t brk = sm_fold_break_length(data, i, offset);
        if (brk) {
            pos.line++;
            pos.col = 1;
            i += brk;
            continue;
        }
        if (((unsigned char)data[i] & 0xC0) != 0x80) pos.col++;
        i++;
    }
    return pos;
}

static sm_pos mark_pos(const builder *b, yaml_mark_t mark) {
    return (sm_pos){b->file, (int)mark.line + 1, (int)mark.column + 1};
}

/* The byte at a libyaml mark (whose column counts characters), or 0 past the end. */
static char byte_at_mark(const builder *b, yaml_mark_t mark) {
    size_t i = 0, line = 0, column = 0;
    while (i < b->size && (line < mark.line || column < mark.column)) {
        size_t brk = sm_fold_break_length(b->data, i, b->size);
        if (brk) {
            line++;
            column = 0;
            i += brk;
            continue;
        }
        if (line > mark.line) return 0;
        i++;
        while (i < b->size && ((unsigned char)b->data[i] & 0xC0) == 0x80) i++;
        column++;
    }
    return i < b->size ? b->data[i] : 0;
}

static void fail(builder *b, sm_pos pos, const char *message) {
    sm_error(b->diags, pos, "%s", message);
    b->failed = true;
}

static void report_parser_error(builder *b, const yaml_parser_t *parser) {
    b->failed = b->stop = true;
    if (parser->error == YAML_MEMORY_ERROR) sm_out_of_memory();
    const char *problem = parser->problem ? parser->problem : "unknown problem";
    if (parser->error == YAML_READER_ERROR) {
        /* Reader errors carry a byte offset, not a mark. */
        sm_pos pos = sm_yaml_offset_pos(b->file, b->data, parser->problem_offset);
        if (parser->problem_value != -1)
            sm_error(b->diags, pos, "YAML syntax error: %s (0x%X)", problem,
                     (unsigned)parser->problem_value);
        else
            sm_error(b->diags, pos, "YAML syntax error: %s", problem);
        return;
    }
    sm_pos pos = mark_pos(b, parser->problem_mark);
    /* Tabs are the most common cause of "cannot start any token" from office editors. */
    const char *hint =
        byte_at_mark(b, parser->problem_mark) == '\t' ? " (indent with spaces, not tabs)" : "";
    if (parser->context) {
        sm_pos at = mark_pos(b, parser->context_mark);
        sm_error(b->diags, pos, "YAML syntax error: %s (%s at %d:%d)%s", problem, parser->context,
                 at.line, at.col, hint);
    } else {
        sm_error(b->diags, pos, "YAML syntax error: %s%s", problem, hint);
    }
}

static void append_child(builder *b, sm_node *node) {
    if (b->depth == 0) {
        b->root = node;
        return;
    }
    frame *f = &b->stack[b->depth - 1];
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        f->children = sm_arena_grow(b->arena, f->children, f->count, cap, sizeof *f->children);
        f->cap = cap;
    }
    f->children[f->count++] = node;
}

/* Counts a new node and refuses an anchor; NULL when a limit stops parsing. */
static sm_node *new_node(builder *b, sm_node_kind kind, yaml_mark_t start,
                         const yaml_char_t *anchor) {
    sm_pos pos = mark_pos(b, start);
    if (++b->nodes > SM_YAML_MAX_NODES) {
        sm_error(b->diags, pos, "too many values: a definition may hold at most %d",
                 SM_YAML_MAX_NODES);
        b->failed = b->stop = true;
        return NULL;
    }
    /* Anchors only make sense with aliases, which are refused; say so where it starts. */
    if (anchor) fail(b, pos, "YAML anchors are not supported (write the value out)");
    sm_node *node = sm_arena_alloc(b->arena, sizeof *node);
    node->kind = kind;
    node->pos = pos;
    return node;
}

static bool is_null_text(const char *s, size_t len) {
    return len == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
           strcmp(s, "NULL") == 0;
}

/* The byte offset of a libyaml mark at or after the previous one sought. */
static size_t seek_mark(builder *b, yaml_mark_t mark) {
    while (b->seek_byte < b->size && (b->seek_line < mark.line || b->seek_col < mark.column)) {
        size_t brk = sm_fold_break_length(b->data, b->seek_byte, b->size);
        if (brk) {
            b->seek_byte += brk;
            b->seek_line++;
            b->seek_col = 0;
            continue;
        }
        if (b->seek_line > mark.line) break; /* a mark past its line's end: stop at the break */
        b->seek_byte++;
        while (b->seek_byte < b->size && ((unsigned char)b->data[b->seek_byte] & 0xC0) == 0x80)
            b->seek_byte++;
        b->seek_col++;
    }
    return b->seek_byte;
}

/* A scalar written over several lines: drop the folds YAML made between Japanese
 * characters and remember where each line starts (load/fold.h). */
static void unfold(builder *b, sm_node *node, const yaml_event_t *ev) {
    sm_fold_style style = SM_FOLD_PLAIN;
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = SM_FOLD_SINGLE_QUOTED; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = SM_FOLD_DOUBLE_QUOTED; break;
    case YAML_LITERAL_SCALAR_STYLE:
    case YAML_FOLDED_SCALAR_STYLE: style = SM_FOLD_BLOCK; break;
    default: break;
    }
    size_t start = seek_mark(b, ev->start_mark);
    sm_unfolded u;
    if (!sm_fold_unfold(b->arena, b->data + start, b->size - start, node->pos, style, node->text,
                        node->len, &u))
        return;
    node->text = u.text;
    node->len = u.len;
    node->lines = u.lines;
    node->line_count = u.line_count;
}

static void on_scalar(builder *b, const yaml_event_t *ev) {
    size_t len = ev->data.scalar.length;
    const char *value = (const char *)ev->data.scalar.value;
    sm_node *node = new_node(b, SM_NODE_SCALAR, ev->start_mark, ev->data.scalar.anchor);
    if (!node) return;
    if (len > SM_YAML_MAX_SCALAR) {
        sm_error(b->diags, node->pos, "value too long: at most %d bytes (1 MiB)",
                 SM_YAML_MAX_SCALAR);
        b->failed = b->stop = true;
        return;
    }
    /* "\0" in a double-quoted scalar would silently cut the C string. */
    if (memchr(value, '\0', len)) fail(b, node->pos, "a NUL character is not allowed in text");
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: node->style = SM_SCALAR_QUOTED; break;
    case YAML_LITERAL_SCALAR_STYLE:
    case YAML_FOLDED_SCALAR_STYLE: node->style = SM_SCALAR_BLOCK; break;
    default: node->style = SM_SCALAR_PLAIN; break;
    }
    node->text = sm_arena_strndup(b->arena, value, len);
    node->len = len;
    if (ev->end_mark.line != ev->start_mark.line) unfold(b, node, ev);
    node->null = node->style == SM_SCALAR_PLAIN && is_null_text(node->text, len);
    append_child(b, node);
}

static void on_start(builder *b, sm_node_kind kind, const yaml_event_t *ev,
                     const yaml_char_t *anchor) {
    sm_node *node = new_node(b, kind, ev->start_mark, anchor);
    if (!node) return;
    if (b->depth == SM_YAML_MAX_DEPTH) {
        sm_error(b->diags, node->pos, "nested too deeply: at most %d levels of lists and mappings",
                 SM_YAML_MAX_DEPTH);
        b->failed = b->stop = true;
        return;
    }
    append_child(b, node);
    b->stack[b->depth++] = (frame){node, NULL, 0, 0};
}

static void on_end(builder *b) {
    frame *f = &b->stack[--b->depth];
    sm_node *node = f->node;
    if (node->kind == SM_NODE_SEQUENCE) {
        node->items = f->children;
        node->count = f->count;
        return;
    }
    node->count = f->count / 2;
    node->pairs = sm_arena_array(b->arena, node->count, sizeof *node->pairs);
    for (size_t i = 0; i < node->count; i++)
        node->pairs[i] = (sm_node_pair){f->children[2 * i], f->children[2 * i + 1]};
}

static void on_alias(builder *b, const yaml_event_t *ev) {
    fail(b, mark_pos(b, ev->start_mark), "YAML aliases are not supported (write the value out)");
    /* A placeholder keeps a mapping's keys and values paired while parsing goes on. */
    sm_node *node = sm_arena_alloc(b->arena, sizeof *node);
    node->kind = SM_NODE_SCALAR;
    node->pos = mark_pos(b, ev->start_mark);
    node->text = "";
    node->null = true;
    append_child(b, node);
}

/* Handles one event; returns false at the end of the stream. */
static bool on_event(builder *b, const yaml_event_t *ev) {
    switch (ev->type) {
    case YAML_STREAM_END_EVENT: return false;
    case YAML_DOCUMENT_START_EVENT:
        if (b->documents++ > 0) {
            fail(b, mark_pos(b, ev->start_mark),
                 "a second YAML document starts here; a file holds one definition");
            b->stop = true;
        }
        break;
    case YAML_SCALAR_EVENT: on_scalar(b, ev); break;
    case YAML_SEQUENCE_START_EVENT:
        on_start(b, SM_NODE_SEQUENCE, ev, ev->data.sequence_start.anchor);
        break;
    case YAML_MAPPING_START_EVENT:
        on_start(b, SM_NODE_MAPPING, ev, ev->data.mapping_start.anchor);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: on_end(b); break;
    case YAML_ALIAS_EVENT: on_alias(b, ev); break;
    default: break;
    }
    return true;
}

/* Refuses what is not UTF-8 before libyaml sees it, with a message office users can act on. */
static bool check_encoding(builder *b, const char *data, size_t size) {
    const unsigned char *s = (const unsigned char *)data;
    if (size >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        fail(b, (sm_pos){b->file, 1, 1}, "the file is UTF-16; save it as UTF-8");
        return false;
    }
    size_t bad = sm_utf8_invalid_offset(data, size);
    const char *nul = memchr(data, '\0', size);
    if (nul && (size_t)(nul - data) < bad) {
        sm_pos pos = sm_yaml_offset_pos(b->file, data, (size_t)(nul - data));
        fail(b, pos,
             "the file is not UTF-8 text (it contains NUL bytes, as UTF-16 files do); "
             "save it as UTF-8");
        return false;
    }
    if (bad < size) {
        sm_pos pos = sm_yaml_offset_pos(b->file, data, bad);
        sm_error(b->diags, pos,
                 "the file is not UTF-8 (byte 0x%02X); save it as UTF-8 "
                 "(Shift_JIS/CP932 files must be converted)",
                 s[bad]);
        b->failed = true;
        return false;
    }
    return true;
}

sm_node *sm_yaml_parse(sm_arena *arena, sm_diags *diags, const char *file, const char *data,
                       size_t size) {
    builder *b = sm_arena_alloc(arena, sizeof *b);
    b->arena = arena;
    b->diags = diags;
    b->file = file;
    if (size > SM_YAML_MAX_FILE) {
        sm_error(diags, sm_yaml_offset_pos(file, data, SM_YAML_MAX_FILE),
                 "the file is too large: at most %d bytes (8 MiB)", SM_YAML_MAX_FILE);
        return NULL;
    }
    size_t bom = sm_yaml_bom_size(data, size);
    data += bom;
    size -= bom;
    b->data = data;
    b->size = size;
    if (!check_encoding(b, data, size)) return NULL;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) sm_out_of_memory();
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, size);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parser_error(b, &parser);
            break;
        }
        bool more = on_event(b, &ev);
        yaml_event_delete(&ev);
        if (!more || b->stop) break;
    }
    yaml_parser_delete(&parser);

    if (b->failed) return NULL;
    if (!b->root || (b->root->kind == SM_NODE_SCALAR && b->root->null)) {
        sm_error(diags, ((sm_pos){file, 0, 0}), "the definition is empty");
        return NULL;
    }
    return b->root;
}
