/* table_data.c: a table's rows read from the CSV file its `data:` names, put into the model
 * as if they had been written in the definition (each cell keeps its CSV position), so the
 * later stages see one kind of table. */
#include "table_data.h"

#include "../base/csv.h"
#include "../base/path.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

static sm_value *value_of(sm_object *obj, const char *key) {
    int index;
    sm_schema_find(obj->schema, key, &index);
    return &obj->values[index];
}

/* The CSV columns the table shows: fields: by name, or all of them. */
static size_t pick_columns(sm_diags *diags, const sm_table *t, const sm_value *fields,
                           size_t *cols) {
    if (!fields->field) {
        for (size_t c = 0; c < sm_table_columns(t); c++) cols[c] = c;
        return sm_table_columns(t);
    }
    size_t n = 0;
    for (size_t i = 0; i < fields->as.list.count; i++) {
        const sm_value *name = &fields->as.list.items[i];
        if (sm_table_find_column(t, name->as.str, &cols[n]))
            n++;
        else
            sm_error(diags, name->pos, "the CSV file %s has no column '%s'", sm_table_name(t),
                     name->as.str);
    }
    return n;
}

static void fill_table(sm_doc *doc, sm_object *obj) {
    sm_value *rows = value_of(obj, "table");
    const sm_value *data = value_of(obj, "data"), *fields = value_of(obj, "fields");
    if (!data->field) {
        if (!rows->field)
            sm_error(&doc->diags, obj->pos, "a table needs its rows: table: or data: FILE.csv");
        if (fields->field) sm_error(&doc->diags, fields->pos, "fields: chooses columns of data:");
        return;
    }
    if (rows->field) {
        sm_error(&doc->diags, data->pos, "a table takes its rows from table: or data:, not both");
        return;
    }
    /* Inside the project, a regular file, at most the CSV limit: as every input. */
    const char *path = data->as.str[0] == '/'
                           ? data->as.str
                           : sm_arena_printf(doc->arena, "%s/%s", doc->root, data->as.str);
    sm_buf buf = {0};
    char real[PATH_MAX];
    sm_path_status status = sm_path_read(path, doc->root, SM_CSV_MAX_FILE, &buf, real);
    int err = errno;
    if (status != SM_PATH_OK) {
        char why[160];
        sm_error(&doc->diags, data->pos, "cannot read the table's data '%s': it %s", data->as.str,
                 sm_path_status_text(status, data->as.str, err, why, sizeof why));
        sm_buf_free(&buf);
        return;
    }
    sm_doc_add_input(doc, sm_arena_strdup(doc->arena, real)); /* a build reruns when it changes */
    sm_table *t = sm_csv_parse(sm_arena_strdup(doc->arena, data->as.str), buf.data, buf.len,
                               doc->arena, &doc->diags);
    sm_buf_free(&buf);
    if (!t) return;
    size_t *cols = sm_arena_array(doc->arena, sm_table_columns(t), sizeof *cols);
    size_t ncols = pick_columns(&doc->diags, t, fields, cols);
    const sm_schema_field *table_field = sm_schema_find(obj->schema, "table", NULL);
    const sm_schema_field *row_field = table_field->item, *cell_field = row_field->item;
    size_t nrows = sm_table_rows(t) + 1; /* the header row first */
    sm_value *items = sm_arena_array(doc->arena, nrows, sizeof *items);
    for (size_t r = 0; r < nrows; r++) {
        sm_value *cells = sm_arena_array(doc->arena, ncols, sizeof *cells);
        for (size_t c = 0; c < ncols; c++) {
            bool head = r == 0;
            sm_pos pos =
                head ? (sm_pos){sm_table_name(t), 1, 1} : sm_table_cell_pos(t, r - 1, cols[c]);
            const char *text =
                head ? sm_table_header(t, cols[c]) : sm_table_cell(t, r - 1, cols[c]);
            cells[c] = (sm_value){.field = cell_field, .pos = pos, .given = true};
            cells[c].as.str = text;
        }
        items[r] = (sm_value){.field = row_field, .pos = data->pos, .given = true};
        items[r].as.list.items = cells;
        items[r].as.list.count = ncols;
    }
    *rows = (sm_value){.field = table_field, .pos = data->pos, .given = true};
    rows->as.list.items = items;
    rows->as.list.count = nrows;
}

static void visit(sm_doc *doc, sm_object *obj);

static void visit_value(sm_doc *doc, sm_value *v) {
    if (!v->field) return;
    switch (v->field->type) {
    case SM_TYPE_OBJECT:
    case SM_TYPE_ELEMENT:
        if (v->as.object) visit(doc, v->as.object);
        break;
    case SM_TYPE_LIST:
    case SM_TYPE_MAP:
        for (size_t i = 0; i < v->as.list.count; i++) visit_value(doc, &v->as.list.items[i]);
        break;
    default: break;
    }
}

static void visit(sm_doc *doc, sm_object *obj) {
    if (strcmp(obj->schema->name, "table") == 0) fill_table(doc, obj);
    size_t count = obj->schema->base_count + obj->schema->field_count;
    for (size_t i = 0; i < count; i++) visit_value(doc, &obj->values[i]);
}

bool sm_load_table_data(sm_doc *doc) {
    if (doc->definition) visit(doc, (sm_object *)doc->definition);
    return sm_doc_ok(doc);
}
