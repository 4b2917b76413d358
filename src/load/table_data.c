/* table_data.c: the rows of a table, and the categories and series of a chart, read from the
 * CSV file its `data:` names and put into the model as if they had been written in the
 * definition (each cell keeps its CSV position), so the later stages see one kind of table
 * and one kind of chart. A chart's numbers are read here, each error at its cell. */
#include "table_data.h"

#include "../base/csv.h"
#include "../base/path.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
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

/* The CSV file data: names — inside the project, a regular file, at most the CSV limit, as
 * every input — parsed; NULL after an error. `whose` names the element in messages. */
static sm_table *read_data(sm_doc *doc, const sm_value *data, const char *whose) {
    const char *path = data->as.str[0] == '/'
                           ? data->as.str
                           : sm_arena_printf(doc->arena, "%s/%s", doc->root, data->as.str);
    sm_buf buf = {0};
    char real[PATH_MAX];
    sm_path_status status = sm_path_read(path, doc->root, SM_CSV_MAX_FILE, &buf, real);
    int err = errno;
    if (status != SM_PATH_OK) {
        char why[160];
        sm_error(&doc->diags, data->pos, "cannot read the %s's data '%s': it %s", whose,
                 data->as.str, sm_path_status_text(status, data->as.str, err, why, sizeof why));
        sm_buf_free(&buf);
        return NULL;
    }
    sm_doc_add_input(doc, sm_arena_strdup(doc->arena, real)); /* a build reruns when it changes */
    sm_table *t = sm_csv_parse(sm_arena_strdup(doc->arena, data->as.str), buf.data, buf.len,
                               doc->arena, &doc->diags);
    sm_buf_free(&buf);
    return t;
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
    sm_table *t = read_data(doc, data, "table");
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
            /* A row that stops short of the header: its missing cells are not blanks. */
            if (!head && pos.col == 0 && sm_table_row_ok(t, r - 1)) {
                sm_pos line = {pos.file, pos.line, 1};
                sm_error(&doc->diags, line,
                         "this row stops before column '%s': every row needs one cell per "
                         "column of the header",
                         sm_table_header(t, cols[c]));
            }
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

/* A number as spreadsheets write it: 1234, 1,234, -12.5, ＋ full-width digits not taken. */
static bool parse_csv_number(const char *text, double *out) {
    char digits[64];
    size_t n = 0;
    const char *p = text;
    while (*p == ' ') p++;
    if (*p == '-' || *p == '+') digits[n++] = *p++;
    bool any = false, point = false;
    for (; *p && n + 1 < sizeof digits; p++) {
        if (*p >= '0' && *p <= '9') {
            digits[n++] = *p;
            any = true;
        } else if (*p == ',' && any && !point) {
            continue; /* a thousands separator */
        } else if (*p == '.' && !point) {
            digits[n++] = *p;
            point = true;
        } else {
            break;
        }
    }
    while (*p == ' ') p++;
    if (!any || *p || n + 1 >= sizeof digits) return false;
    digits[n] = '\0';
    *out = strtod(digits, NULL);
    return true;
}

/* A chart's data: the category column and the series' columns (fields:, or all the
 * others), each cell a number. */
static void fill_chart(sm_doc *doc, sm_object *obj) {
    const sm_value *data = value_of(obj, "data"), *fields = value_of(obj, "fields");
    const sm_value *category = value_of(obj, "category");
    sm_value *categories = value_of(obj, "categories"), *series = value_of(obj, "series");
    if (!data->field) {
        if (!series->field)
            sm_error(&doc->diags, obj->pos,
                     "a chart needs its numbers: categories: and series:, or data: FILE.csv");
        if (fields->field || category->field)
            sm_error(&doc->diags, fields->field ? fields->pos : category->pos,
                     "fields: and category: choose columns of data:");
        return;
    }
    if (series->field || categories->field) {
        sm_error(&doc->diags, data->pos,
                 "a chart takes its numbers from categories: and series:, or data:, not both");
        return;
    }
    sm_table *t = read_data(doc, data, "chart");
    if (!t) return;
    size_t category_col = 0;
    if (category->field && !sm_table_find_column(t, category->as.str, &category_col)) {
        sm_error(&doc->diags, category->pos, "the CSV file %s has no column '%s'", sm_table_name(t),
                 category->as.str);
        return;
    }
    size_t *cols = sm_arena_array(doc->arena, sm_table_columns(t), sizeof *cols);
    size_t ncols = 0;
    if (fields->field) {
        ncols = pick_columns(&doc->diags, t, fields, cols);
    } else {
        for (size_t c = 0; c < sm_table_columns(t); c++)
            if (c != category_col) cols[ncols++] = c;
    }
    if (ncols == 0) {
        sm_error(&doc->diags, data->pos, "the CSV file %s has no column of numbers for a series",
                 sm_table_name(t));
        return;
    }
    size_t nrows = sm_table_rows(t);
    const sm_schema_field *categories_field = sm_schema_find(obj->schema, "categories", NULL);
    const sm_schema_field *series_field = sm_schema_find(obj->schema, "series", NULL);
    const sm_schema_object *series_schema = series_field->item->object;
    const sm_schema_field *name_field = sm_schema_find(series_schema, "name", NULL);
    const sm_schema_field *values_field = sm_schema_find(series_schema, "values", NULL);

    sm_value *labels = sm_arena_array(doc->arena, nrows, sizeof *labels);
    for (size_t r = 0; r < nrows; r++) {
        labels[r] = (sm_value){.field = categories_field->item,
                               .pos = sm_table_cell_pos(t, r, category_col),
                               .given = true};
        labels[r].as.str = sm_table_cell(t, r, category_col);
    }
    *categories = (sm_value){.field = categories_field, .pos = data->pos, .given = true};
    categories->as.list.items = labels;
    categories->as.list.count = nrows;

    sm_value *items = sm_arena_array(doc->arena, ncols, sizeof *items);
    size_t field_count = (size_t)(series_schema->base_count + series_schema->field_count);
    for (size_t s = 0; s < ncols; s++) {
        sm_object *one = sm_arena_alloc(doc->arena, sizeof *one);
        one->schema = series_schema;
        one->pos = data->pos;
        one->values = sm_arena_array(doc->arena, field_count, sizeof *one->values);
        sm_value *name = value_of(one, "name"), *values = value_of(one, "values");
        *name =
            (sm_value){.field = name_field, .pos = (sm_pos){sm_table_name(t), 1, 1}, .given = true};
        name->as.str = sm_table_header(t, cols[s]);
        sm_value *numbers = sm_arena_array(doc->arena, nrows, sizeof *numbers);
        for (size_t r = 0; r < nrows; r++) {
            sm_pos pos = sm_table_cell_pos(t, r, cols[s]);
            const char *cell = sm_table_cell(t, r, cols[s]);
            numbers[r] = (sm_value){.field = values_field->item, .pos = pos, .given = true};
            if (!sm_table_row_ok(t, r)) continue; /* diagnosed by the parse */
            if (pos.col == 0) pos.col = 1;        /* a missing trailing cell: its row's line */
            if (!cell || !*cell)
                sm_error(&doc->diags, pos, "a missing value: the cell of column '%s' is empty",
                         sm_table_header(t, cols[s]));
            else if (!parse_csv_number(cell, &numbers[r].as.number))
                sm_error(&doc->diags, pos, "'%s' is not a number (column '%s')", cell,
                         sm_table_header(t, cols[s]));
        }
        *values = (sm_value){.field = values_field, .pos = data->pos, .given = true};
        values->as.list.items = numbers;
        values->as.list.count = nrows;
        items[s] = (sm_value){.field = series_field->item, .pos = data->pos, .given = true};
        items[s].as.object = one;
    }
    *series = (sm_value){.field = series_field, .pos = data->pos, .given = true};
    series->as.list.items = items;
    series->as.list.count = ncols;
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
    if (strcmp(obj->schema->name, "chart") == 0) fill_chart(doc, obj);
    size_t count = obj->schema->base_count + obj->schema->field_count;
    for (size_t i = 0; i < count; i++) visit_value(doc, &obj->values[i]);
}

bool sm_load_table_data(sm_doc *doc) {
    if (doc->definition) visit(doc, (sm_object *)doc->definition);
    return sm_doc_ok(doc);
}
