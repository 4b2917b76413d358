/* schema.c: the definition format — every key, its type, default and one-line doc. */
#include "schema.h"

#include "../base/print.h"
#include "../base/units.h"

#include <stdlib.h>
#include <string.h>

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))
#define LEN_ANY  SM_UNITS_ANY
#define LEN_ABS  SM_UNITS_ABSOLUTE
#define LEN_FONT ((1u << SM_UNIT_PT) | (1u << SM_UNIT_MM) | (1u << SM_UNIT_EM))

static const char *const align_choices[] = {"left", "center", "right", "justify", NULL};
static const char *const line_break_choices[] = {"strict", "normal", "loose", NULL};
static const char *const trim_choices[] = {"trim-start", "space-first", "space-all", NULL};
static const char *const hanging_choices[] = {"none", "allow-end", NULL};
static const char *const autospace_choices[] = {"normal", "no-autospace", NULL};
static const char *const word_break_choices[] = {"normal", "auto-phrase", NULL};
static const char *const wrap_style_choices[] = {"pretty", "auto", NULL};
static const char *const writing_mode_choices[] = {"horizontal-tb", "vertical-rl", NULL};
static const char *const text_grid_choices[] = {"off", "on", NULL};
static const char *const valign_choices[] = {"top", "middle", "bottom", NULL};
static const char *const numbering_choices[] = {"decimal", "circled", "bullet", "none", NULL};
static const char *const fit_choices[] = {"shrink", "wrap", NULL};
static const char *const orientation_choices[] = {"portrait", "landscape", NULL};
static const char *const color_mode_choices[] = {"color", "gray", NULL};
static const char *const page_break_choices[] = {"page", "column", NULL};
static const char *const page_number_choices[] = {"dash", "of", "none", NULL};
static const char *const direction_choices[] = {"horizontal", "vertical", NULL};
static const char *const imposition_choices[] = {"none", "saddle-stitch", NULL};
static const char *const pointer_choices[] = {"none", "left", "right", "top", "bottom", NULL};
static const char *const split_choices[] = {"avoid", "allow", NULL};
static const char *const poster_layout_choices[] = {"auto", "stack", "grid", NULL};
static const char *const chart_choices[] = {"bar", "pie", "donut", "line", NULL};
static const char *const legend_choices[] = {"auto", "none", "right", "bottom", NULL};

/* Item types for lists and maps (their keys are unused). */
static const sm_schema_field element_item = {
    .key = "element", .type = SM_TYPE_ELEMENT, .doc = "An element."};
static const sm_schema_field text_item = {
    .key = "text", .type = SM_TYPE_TEXT, .doc = "A paragraph of text."};
static const sm_schema_field color_item = {
    .key = "color", .type = SM_TYPE_COLOR, .doc = "A colour."};

/* ---- styles: shared by elements and the theme's named styles -------------------- */

/* clang-format off */
#define STYLE_FIELDS \
    {.key = "font", .type = SM_TYPE_STRING, \
     .doc = "Font role (gothic, mincho, heading, latin) or a family name from fonts/fonts.conf."}, \
    {.key = "size", .type = SM_TYPE_LENGTH, \
     .doc = "Font size.", \
     .units = LEN_FONT, \
     .min = 1, \
     .max = 400}, \
    {.key = "color", .type = SM_TYPE_COLOR, \
     .doc = "Text colour: #rrggbb, a CSS name or a theme colour."}, \
    {.key = "bold", .type = SM_TYPE_BOOL, \
     .doc = "Bold weight."}, \
    {.key = "line-height", .type = SM_TYPE_NUMBER, \
     .doc = "Line height as a multiple of the font size.", \
     .min = 0.8, \
     .max = 4}, \
    {.key = "align", .type = SM_TYPE_ENUM, \
     .doc = "Horizontal alignment; justify sets full lines exactly to the measure (JIS).", \
     .choices = align_choices}, \
    {.key = "latin-font", .type = SM_TYPE_STRING, \
     .doc = "Family for Western letters and digits."}, \
    {.key = "font-feature-settings", .type = SM_TYPE_STRING, \
     .doc = "Extra OpenType features for Japanese text, e.g. palt for headings."}, \
    {.key = "line-break", .type = SM_TYPE_ENUM, \
     .doc = "Kinsoku: strict (small kana and ー never start a line), normal, loose.", \
     .choices = line_break_choices}, \
    {.key = "text-spacing-trim", .type = SM_TYPE_ENUM, \
     .doc = "Opening brackets at line starts: trim-start (flush), space-first, space-all.", \
     .choices = trim_choices}, \
    {.key = "hanging-punctuation", .type = SM_TYPE_ENUM, \
     .doc = "allow-end lets 、。 hang past the line end.", \
     .choices = hanging_choices}, \
    {.key = "text-autospace", .type = SM_TYPE_ENUM, \
     .doc = "normal: ¼ em between Japanese and Latin.", \
     .choices = autospace_choices}, \
    {.key = "word-break", .type = SM_TYPE_ENUM, \
     .doc = "auto-phrase: break only between phrases (文節).", \
     .choices = word_break_choices}, \
    {.key = "text-wrap-style", .type = SM_TYPE_ENUM, \
     .doc = "pretty: no single character on a last line.", \
     .choices = wrap_style_choices}, \
    {.key = "text-indent", .type = SM_TYPE_LENGTH, \
     .doc = "Indent of a paragraph's first line (e.g. 1em).", \
     .units = LEN_FONT, \
     .max = 200}, \
    {.key = "writing-mode", .type = SM_TYPE_ENUM, \
     .doc = "vertical-rl: columns top to bottom, right to left (縦書き).", \
     .choices = writing_mode_choices}, \
    {.key = "text-grid", .type = SM_TYPE_ENUM, \
     .doc = "on: justified text on a whole-em character grid (字詰め), the block the largest whole number of ems; off: lines end exactly at the box's edge.", \
     .choices = text_grid_choices}
/* clang-format on */

static const sm_schema_field style_fields[] = {STYLE_FIELDS};
static const sm_schema_object style_schema = {.name = "style",
                                              .doc = "A named text style in a theme.",
                                              .fields = style_fields,
                                              .field_count = COUNT(style_fields)};
static const sm_schema_field style_item = {
    .key = "style", .type = SM_TYPE_OBJECT, .doc = "A named style.", .object = &style_schema};

/* Fields every element accepts: placement in its container, a named style, and text style. */
static const sm_schema_field element_base[] = {
    {.key = "style", .type = SM_TYPE_STRING, .doc = "A named style from the theme."},
    {.key = "width",
     .type = SM_TYPE_LENGTH,
     .doc = "Width (% of the container).",
     .units = LEN_ANY},
    {.key = "height",
     .type = SM_TYPE_LENGTH,
     .doc = "Height (% of the container's height).",
     .units = LEN_ANY},
    {.key = "weight",
     .type = SM_TYPE_NUMBER,
     .doc = "Share of the free space in a row or stack.",
     .max = 1000},
    {.key = "place",
     .type = SM_TYPE_POINT,
     .doc = "Absolute position [x, y] of the top-left corner in the container; the element leaves "
            "the flow.",
     .units = LEN_ANY},
    {.key = "valign",
     .type = SM_TYPE_ENUM,
     .doc = "Vertical alignment inside a fixed height.",
     .default_value = "top",
     .choices = valign_choices},
    STYLE_FIELDS,
};

/* ---- elements ------------------------------------------------------------------- */

static const sm_schema_field text_fields[] = {
    {.key = "text",
     .type = SM_TYPE_TEXT,
     .doc = "Paragraph text: **bold**, [span]{.colour}, and line breaks where the text has them.",
     .required = true},
};
static const sm_schema_object text_schema = {.name = "text",
                                             .doc = "A paragraph.",
                                             .base = element_base,
                                             .base_count = COUNT(element_base),
                                             .fields = text_fields,
                                             .field_count = COUNT(text_fields)};

static const sm_schema_field heading_fields[] = {
    {.key = "heading", .type = SM_TYPE_TEXT, .doc = "Heading text.", .required = true},
    {.key = "fit",
     .type = SM_TYPE_ENUM,
     .doc = "shrink: reduce the size until each line fits its width; wrap: break lines.",
     .default_value = "shrink",
     .choices = fit_choices},
    {.key = "min-size",
     .type = SM_TYPE_LENGTH,
     .doc = "Smallest size shrinking may reach.",
     .default_value = "8pt",
     .units = LEN_FONT,
     .min = 1,
     .max = 400},
    {.key = "max-lines",
     .type = SM_TYPE_INTEGER,
     .doc = "Lines a shrinking heading may take, broken between phrases (more where written).",
     .default_value = "3",
     .min = 1,
     .max = 10},
};
static const sm_schema_object heading_schema = {.name = "heading",
                                                .doc = "A heading that fits its width.",
                                                .base = element_base,
                                                .base_count = COUNT(element_base),
                                                .fields = heading_fields,
                                                .field_count = COUNT(heading_fields)};

static const sm_schema_field marker_fields[] = {
    {.key = "at",
     .type = SM_TYPE_POINT,
     .doc = "Position on the image [x, y] (% of its width and height).",
     .required = true,
     .units = LEN_ANY},
    {.key = "label", .type = SM_TYPE_STRING, .doc = "Label instead of the running number."},
};
static const sm_schema_object marker_schema = {.name = "marker",
                                               .doc = "A numbered circle over an image.",
                                               .fields = marker_fields,
                                               .field_count = COUNT(marker_fields)};
static const sm_schema_field marker_item = {
    .key = "marker", .type = SM_TYPE_OBJECT, .doc = "A marker.", .object = &marker_schema};

static const sm_schema_field image_fields[] = {
    {.key = "image",
     .type = SM_TYPE_PATH,
     .doc = "PNG, JPEG or SVG file, relative to the project root.",
     .required = true},
    {.key = "alt",
     .type = SM_TYPE_STRING,
     .doc = "What the image shows, for readers who cannot see it.",
     .required = true},
    {.key = "markers",
     .type = SM_TYPE_LIST,
     .doc = "Numbered circles ①, ②, … placed over the image.",
     .item = &marker_item},
    {.key = "marker-size",
     .type = SM_TYPE_LENGTH,
     .doc = "Diameter of a marker (% of the image width).",
     .default_value = "5%",
     .units = LEN_ANY},
    {.key = "marker-color",
     .type = SM_TYPE_COLOR,
     .doc = "Marker colour.",
     .default_value = "accent"},
};
static const sm_schema_object image_schema = {.name = "image",
                                              .doc = "An illustration or photo.",
                                              .base = element_base,
                                              .base_count = COUNT(element_base),
                                              .fields = image_fields,
                                              .field_count = COUNT(image_fields)};

static const sm_schema_field box_fields[] = {
    {.key = "box",
     .type = SM_TYPE_LIST,
     .doc = "Elements inside the box, stacked.",
     .required = true,
     .item = &element_item},
    {.key = "fill",
     .type = SM_TYPE_COLOR,
     .doc = "Background colour.",
     .default_value = "transparent"},
    {.key = "border",
     .type = SM_TYPE_COLOR,
     .doc = "Border colour.",
     .default_value = "transparent"},
    {.key = "border-width",
     .type = SM_TYPE_LENGTH,
     .doc = "Border width.",
     .default_value = "0.5mm",
     .units = LEN_ABS,
     .max = 100},
    {.key = "radius",
     .type = SM_TYPE_LENGTH,
     .doc = "Corner radius.",
     .default_value = "0",
     .units = LEN_ABS,
     .max = 500},
    {.key = "padding",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between border and content.",
     .default_value = "4mm",
     .units = LEN_ABS,
     .max = 500},
    {.key = "gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between the elements.",
     .default_value = "3mm",
     .units = LEN_ABS,
     .max = 500},
    {.key = "pointer",
     .type = SM_TYPE_ENUM,
     .doc = "A callout: the side a pointer sticks out of (none, left, right, top, bottom).",
     .default_value = "none",
     .choices = pointer_choices},
    {.key = "pointer-at",
     .type = SM_TYPE_LENGTH,
     .doc = "Where along its side the pointer stands (% of the side, or a distance).",
     .default_value = "50%",
     .units = LEN_ANY},
    {.key = "split",
     .type = SM_TYPE_ENUM,
     .doc = "In a document: avoid (the box moves on whole) or allow (it may go on in the next "
            "column or page, framed on each; not with a pointer).",
     .default_value = "avoid",
     .choices = split_choices},
};
static const sm_schema_object box_schema = {.name = "box",
                                            .doc = "A framed or filled box holding elements.",
                                            .base = element_base,
                                            .base_count = COUNT(element_base),
                                            .fields = box_fields,
                                            .field_count = COUNT(box_fields)};

static const sm_schema_field stack_fields[] = {
    {.key = "stack",
     .type = SM_TYPE_LIST,
     .doc = "Elements from top to bottom.",
     .required = true,
     .item = &element_item},
    {.key = "gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between the elements.",
     .default_value = "3mm",
     .units = LEN_ABS,
     .max = 500},
};
static const sm_schema_object stack_schema = {.name = "stack",
                                              .doc = "Elements one below the other.",
                                              .base = element_base,
                                              .base_count = COUNT(element_base),
                                              .fields = stack_fields,
                                              .field_count = COUNT(stack_fields)};

static const sm_schema_field section_fields[] = {
    {.key = "section",
     .type = SM_TYPE_LIST,
     .doc = "Elements flowing in the section's own columns, on from where the text above ends.",
     .required = true,
     .item = &element_item},
    {.key = "columns",
     .type = SM_TYPE_INTEGER,
     .doc = "Columns of this section: 1 runs across the page, 2 or 3 side by side.",
     .required = true,
     .min = 1,
     .max = 3},
    {.key = "column-gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between its columns (the document's by default).",
     .units = LEN_ABS,
     .max = 100},
    {.key = "column-rule",
     .type = SM_TYPE_BOOL,
     .doc = "A thin line between its columns (the document's choice by default)."},
    {.key = "gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between its elements (the document's by default).",
     .units = LEN_ABS,
     .max = 500},
};
static const sm_schema_object section_schema = {
    .name = "section",
    .doc = "A part of a document's body with its own number of columns: the columns above it "
           "are balanced and it goes on below them, on the same page.",
    .base = element_base,
    .base_count = COUNT(element_base),
    .fields = section_fields,
    .field_count = COUNT(section_fields)};

static const sm_schema_field row_fields[] = {
    {.key = "row",
     .type = SM_TYPE_LIST,
     .doc = "Elements from left to right; widths by `width` or `weight`.",
     .required = true,
     .item = &element_item},
    {.key = "gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between the elements.",
     .default_value = "4mm",
     .units = LEN_ABS,
     .max = 500},
};
static const sm_schema_object row_schema = {.name = "row",
                                            .doc = "Elements side by side.",
                                            .base = element_base,
                                            .base_count = COUNT(element_base),
                                            .fields = row_fields,
                                            .field_count = COUNT(row_fields)};

static const sm_schema_field grid_fields[] = {
    {.key = "grid",
     .type = SM_TYPE_LIST,
     .doc = "Elements filled into cells row by row.",
     .required = true,
     .item = &element_item},
    {.key = "columns",
     .type = SM_TYPE_INTEGER,
     .doc = "Number of columns.",
     .default_value = "2",
     .min = 1,
     .max = 12},
    {.key = "gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between cells.",
     .default_value = "4mm",
     .units = LEN_ABS,
     .max = 500},
};
static const sm_schema_object grid_schema = {.name = "grid",
                                             .doc = "Equal columns, rows as tall as needed.",
                                             .base = element_base,
                                             .base_count = COUNT(element_base),
                                             .fields = grid_fields,
                                             .field_count = COUNT(grid_fields)};

static const sm_schema_field list_fields[] = {
    {.key = "list",
     .type = SM_TYPE_LIST,
     .doc = "The items, each a paragraph.",
     .required = true,
     .item = &text_item},
    {.key = "numbering",
     .type = SM_TYPE_ENUM,
     .doc = "decimal (1.), circled (①), bullet (・) or none.",
     .default_value = "decimal",
     .choices = numbering_choices},
    {.key = "start",
     .type = SM_TYPE_INTEGER,
     .doc = "First number.",
     .default_value = "1",
     .max = 9999},
    {.key = "gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between items.",
     .default_value = "1.5mm",
     .units = LEN_ABS,
     .max = 500},
};
static const sm_schema_object list_schema = {.name = "list",
                                             .doc = "A numbered list; wrapped lines hang.",
                                             .base = element_base,
                                             .base_count = COUNT(element_base),
                                             .fields = list_fields,
                                             .field_count = COUNT(list_fields)};

static const sm_schema_field lines_fields[] = {
    {.key = "lines",
     .type = SM_TYPE_INTEGER,
     .doc = "How many numbered lines to write answers on.",
     .required = true,
     .min = 1,
     .max = 100},
    {.key = "numbering",
     .type = SM_TYPE_ENUM,
     .doc = "Numbers in front of the lines.",
     .default_value = "circled",
     .choices = numbering_choices},
    {.key = "spacing",
     .type = SM_TYPE_LENGTH,
     .doc = "Distance between lines.",
     .default_value = "10mm",
     .units = LEN_ABS,
     .min = 2,
     .max = 200},
    {.key = "columns",
     .type = SM_TYPE_INTEGER,
     .doc = "Columns of lines.",
     .default_value = "1",
     .min = 1,
     .max = 4},
};
static const sm_schema_object lines_schema = {.name = "lines",
                                              .doc = "Ruled lines to write answers on.",
                                              .base = element_base,
                                              .base_count = COUNT(element_base),
                                              .fields = lines_fields,
                                              .field_count = COUNT(lines_fields)};

static const sm_schema_field cell_item = {
    .key = "cell", .type = SM_TYPE_TEXT, .doc = "A cell's text."};
static const sm_schema_field row_item = {
    .key = "row", .type = SM_TYPE_LIST, .doc = "A row of cells.", .item = &cell_item};
static const sm_schema_field column_width_item = {
    .key = "width", .type = SM_TYPE_LENGTH, .doc = "A column's width.", .units = LEN_ANY};
static const sm_schema_field field_name_item = {
    .key = "field", .type = SM_TYPE_STRING, .doc = "A column of the CSV file, by its name."};
static const sm_schema_field table_fields[] = {
    {.key = "table",
     .type = SM_TYPE_LIST,
     .doc = "Rows of cells, top to bottom (or data: a CSV file).",
     .item = &row_item},
    {.key = "data",
     .type = SM_TYPE_PATH,
     .doc = "A CSV file (UTF-8, or CP932 as Excel writes it) whose rows fill the table; its "
            "header row is the table's header."},
    {.key = "fields",
     .type = SM_TYPE_LIST,
     .doc = "With data: the columns to show, by name, in this order (default: all).",
     .item = &field_name_item},
    {.key = "header",
     .type = SM_TYPE_BOOL,
     .doc = "The first row holds the column headings.",
     .default_value = "true"},
    {.key = "columns",
     .type = SM_TYPE_LIST,
     .doc = "Column widths (% of the table, or absolute); default equal.",
     .item = &column_width_item},
    {.key = "border",
     .type = SM_TYPE_COLOR,
     .doc = "Colour of the rules between cells.",
     .default_value = "line"},
    {.key = "header-fill",
     .type = SM_TYPE_COLOR,
     .doc = "Background of the header row.",
     .default_value = "accent-light"},
    {.key = "stripe",
     .type = SM_TYPE_COLOR,
     .doc = "Background of every second body row.",
     .default_value = "transparent"},
    {.key = "padding",
     .type = SM_TYPE_LENGTH,
     .doc = "Space around a cell's text.",
     .default_value = "2mm",
     .units = LEN_ABS,
     .max = 100},
};
static const sm_schema_object table_schema = {
    .name = "table",
    .doc = "A table; numbers align right, the header row is tagged as such.",
    .base = element_base,
    .base_count = COUNT(element_base),
    .fields = table_fields,
    .field_count = COUNT(table_fields)};

static const sm_schema_field value_item = {
    .key = "value", .type = SM_TYPE_NUMBER, .doc = "A number.", .min = -1e12, .max = 1e12};
static const sm_schema_field series_fields[] = {
    {.key = "name", .type = SM_TYPE_TEXT, .doc = "What the series counts.", .required = true},
    {.key = "values",
     .type = SM_TYPE_LIST,
     .doc = "One number per category, in the categories' order.",
     .required = true,
     .item = &value_item},
    {.key = "color", .type = SM_TYPE_COLOR, .doc = "Its colour (default: the theme's next)."},
};
static const sm_schema_object series_schema = {.name = "series",
                                               .doc = "One row of numbers of a chart.",
                                               .fields = series_fields,
                                               .field_count = COUNT(series_fields)};
static const sm_schema_field series_item = {
    .key = "series", .type = SM_TYPE_OBJECT, .doc = "A series.", .object = &series_schema};
static const sm_schema_field category_item = {
    .key = "category", .type = SM_TYPE_TEXT, .doc = "A category's label."};
static const sm_schema_field chart_fields[] = {
    {.key = "chart",
     .type = SM_TYPE_ENUM,
     .doc = "bar, pie, donut or line.",
     .required = true,
     .choices = chart_choices},
    {.key = "categories",
     .type = SM_TYPE_LIST,
     .doc = "The labels along the category axis (a pie's slices), in order.",
     .item = &category_item},
    {.key = "series",
     .type = SM_TYPE_LIST,
     .doc = "The numbers: each series a name and one value per category (a pie: one series).",
     .item = &series_item},
    {.key = "data",
     .type = SM_TYPE_PATH,
     .doc = "A CSV file (UTF-8, or CP932 as Excel writes it) instead of categories and series: "
            "a row per category, a column per series."},
    {.key = "category",
     .type = SM_TYPE_STRING,
     .doc = "With data: the column holding the categories (default: the first)."},
    {.key = "fields",
     .type = SM_TYPE_LIST,
     .doc = "With data: the series' columns, by name, in order (default: all the others).",
     .item = &field_name_item},
    {.key = "direction",
     .type = SM_TYPE_ENUM,
     .doc = "Bars: vertical (columns standing up) or horizontal (bars from the left).",
     .default_value = "vertical",
     .choices = direction_choices},
    {.key = "stacked",
     .type = SM_TYPE_BOOL,
     .doc = "Bars: the series stacked on each other (a total on top) instead of side by side.",
     .default_value = "false"},
    {.key = "unit", .type = SM_TYPE_STRING, .doc = "Written after every value label (人, 件, %)."},
    {.key = "legend",
     .type = SM_TYPE_ENUM,
     .doc = "auto (labels on the marks where they fit, else a legend), none, right or bottom.",
     .default_value = "auto",
     .choices = legend_choices},
    {.key = "totals",
     .type = SM_TYPE_BOOL,
     .doc = "The total over a stacked bar, or in a donut's hole.",
     .default_value = "true"},
    {.key = "total-label",
     .type = SM_TYPE_TEXT,
     .doc = "The word before a donut's total.",
     .default_value = "合計"},
    {.key = "colors",
     .type = SM_TYPE_LIST,
     .doc = "The series' (a pie's slices') colours in order (default: the theme's palette).",
     .item = &color_item},
    {.key = "alt",
     .type = SM_TYPE_STRING,
     .doc = "What the chart says, for screen readers (default: made from its data)."},
};
static const sm_schema_object chart_schema = {
    .name = "chart",
    .doc = "A chart drawn from numbers: bars, a pie or donut, or lines.",
    .base = element_base,
    .base_count = COUNT(element_base),
    .fields = chart_fields,
    .field_count = COUNT(chart_fields)};

static const char *const qr_levels[] = {"L", "M", "Q", "H", NULL};
static const sm_schema_field qr_fields[] = {
    {.key = "qr",
     .type = SM_TYPE_TEXT,
     .doc = "The URL or text the code holds ({variables} work here too).",
     .required = true},
    {.key = "level",
     .type = SM_TYPE_ENUM,
     .doc = "Error correction: L 7 %, M 15 %, Q 25 %, H 30 %.",
     .default_value = "M",
     .choices = qr_levels},
    {.key = "alt",
     .type = SM_TYPE_STRING,
     .doc = "What the code leads to, for readers who cannot scan it."},
};
static const sm_schema_object qr_schema = {
    .name = "qr",
    .doc = "A QR code drawn as vectors with its quiet zone (width: its size, default 30mm).",
    .base = element_base,
    .base_count = COUNT(element_base),
    .fields = qr_fields,
    .field_count = COUNT(qr_fields)};

static const sm_schema_field rule_fields[] = {
    {.key = "rule",
     .type = SM_TYPE_LENGTH,
     .doc = "Thickness of the line.",
     .required = true,
     .units = LEN_ABS,
     .max = 50},
};
static const sm_schema_object rule_schema = {.name = "rule",
                                             .doc = "A horizontal line.",
                                             .base = element_base,
                                             .base_count = COUNT(element_base),
                                             .fields = rule_fields,
                                             .field_count = COUNT(rule_fields)};

static const sm_schema_field space_fields[] = {
    {.key = "space",
     .type = SM_TYPE_LENGTH,
     .doc = "Height of the empty space.",
     .required = true,
     .units = LEN_ANY,
     .max = 2000},
};
static const sm_schema_object space_schema = {.name = "space",
                                              .doc = "Vertical empty space.",
                                              .base = element_base,
                                              .base_count = COUNT(element_base),
                                              .fields = space_fields,
                                              .field_count = COUNT(space_fields)};

static const sm_schema_field term_fields[] = {
    {.key = "term", .type = SM_TYPE_TEXT, .doc = "The word explained.", .required = true},
    {.key = "reading",
     .type = SM_TYPE_STRING,
     .doc = "Its reading in kana: set as ruby over the term, and what it is sorted by.",
     .required = true},
    {.key = "text",
     .type = SM_TYPE_TEXT,
     .doc = "One to three sentences, with an example from a school.",
     .required = true},
};
static const sm_schema_object term_schema = {.name = "term",
                                             .doc = "One entry of a glossary.",
                                             .fields = term_fields,
                                             .field_count = COUNT(term_fields)};
static const sm_schema_field term_item = {
    .key = "term", .type = SM_TYPE_OBJECT, .doc = "An entry.", .object = &term_schema};

static const sm_schema_field glossary_fields[] = {
    {.key = "glossary",
     .type = SM_TYPE_LIST,
     .doc = "The entries, in any order: they are set in 五十音 order of their readings.",
     .required = true,
     .item = &term_item},
    {.key = "row-headings",
     .type = SM_TYPE_BOOL,
     .doc = "A heading (あ行, か行, …) before the entries of each row.",
     .default_value = "true"},
};
static const sm_schema_object glossary_schema = {.name = "glossary",
                                                 .doc = "Terms with readings, sorted by reading.",
                                                 .base = element_base,
                                                 .base_count = COUNT(element_base),
                                                 .fields = glossary_fields,
                                                 .field_count = COUNT(glossary_fields)};

static const sm_schema_field step_text_item = {
    .key = "step", .type = SM_TYPE_TEXT, .doc = "The words of one box."};
static const sm_schema_field branch_item = {.key = "branch",
                                            .type = SM_TYPE_LIST,
                                            .doc = "The boxes of one branch.",
                                            .item = &step_text_item};
static const sm_schema_field flow_fields[] = {
    {.key = "flow",
     .type = SM_TYPE_LIST,
     .doc = "The boxes, in order, joined by arrows.",
     .required = true,
     .item = &step_text_item,
     .min = 1},
    {.key = "branches",
     .type = SM_TYPE_LIST,
     .doc = "After the last box the flow splits: each branch a list of boxes.",
     .item = &branch_item},
    {.key = "direction",
     .type = SM_TYPE_ENUM,
     .doc = "horizontal (left to right) or vertical (top to bottom).",
     .default_value = "horizontal",
     .choices = direction_choices},
    {.key = "fill",
     .type = SM_TYPE_COLOR,
     .doc = "Background of the boxes.",
     .default_value = "accent-light"},
    {.key = "border",
     .type = SM_TYPE_COLOR,
     .doc = "Border of the boxes and colour of the arrows.",
     .default_value = "accent"},
};
static const sm_schema_object flow_schema = {.name = "flow",
                                             .doc = "A diagram of steps: boxes joined by arrows.",
                                             .base = element_base,
                                             .base_count = COUNT(element_base),
                                             .fields = flow_fields,
                                             .field_count = COUNT(flow_fields)};

static const sm_schema_field page_break_fields[] = {
    {.key = "page-break",
     .type = SM_TYPE_ENUM,
     .doc = "In a document: go on at the top of the next page, or of the next column.",
     .required = true,
     .choices = page_break_choices},
};
static const sm_schema_object page_break_schema = {.name = "page-break",
                                                   .doc = "A page or column break (documents).",
                                                   .base = element_base,
                                                   .base_count = COUNT(element_base),
                                                   .fields = page_break_fields,
                                                   .field_count = COUNT(page_break_fields)};

const sm_schema_object *const sm_elements[] = {
    &text_schema,  &heading_schema, &image_schema, &box_schema,        &stack_schema,
    &row_schema,   &grid_schema,    &list_schema,  &lines_schema,      &rule_schema,
    &space_schema, &table_schema,   &qr_schema,    &page_break_schema, &glossary_schema,
    &flow_schema,  &section_schema, &chart_schema,
};
const int sm_element_count = COUNT(sm_elements);

/* ---- document kinds --------------------------------------------------------------- */

static const sm_schema_field meta_fields[] = {
    {.key = "author", .type = SM_TYPE_STRING, .doc = "Author shown in the PDF properties."},
    {.key = "subject", .type = SM_TYPE_STRING, .doc = "Subject shown in the PDF properties."},
    {.key = "keywords", .type = SM_TYPE_STRING, .doc = "Keywords for the PDF properties."},
    {.key = "date",
     .type = SM_TYPE_DATE,
     .doc =
         "Creation date written into the PDF (SOURCE_DATE_EPOCH overrides it; never the clock)."},
};
static const sm_schema_object meta_schema = {.name = "meta",
                                             .doc = "PDF document properties.",
                                             .fields = meta_fields,
                                             .field_count = COUNT(meta_fields)};

static const char *const kind_names[] = {"page", "poster", "checksheet", "document", "pack", NULL};
const sm_schema_field sm_kind_field = {
    .key = "kind",
    .type = SM_TYPE_ENUM,
    .doc = "What the definition describes: page, poster, checksheet or document.",
    .required = true,
    .choices = kind_names};

static const sm_schema_field paper_item = {
    .key = "paper", .type = SM_TYPE_ENUM, .doc = "A paper size.", .choices = sm_paper_choices};

/* A variable a school fills in: what the form asks and what a value must be. */
static const char *const var_type_choices[] = {"text", "phone", "url", "date", NULL};
static const sm_schema_field var_fields[] = {
    {.key = "label",
     .type = SM_TYPE_STRING,
     .doc = "What the form calls it, in Japanese (学校名, 電話番号); the variable's name when "
            "absent."},
    {.key = "type",
     .type = SM_TYPE_ENUM,
     .doc = "text; phone (digits, hyphens, parentheses, +); url (http:// or https://); date "
            "(YYYY-MM-DD).",
     .default_value = "text",
     .choices = var_type_choices},
    {.key = "required",
     .type = SM_TYPE_BOOL,
     .doc = "A value must be given (by --set, a data column or the form); the default does "
            "not count.",
     .default_value = "false"},
    {.key = "max-length",
     .type = SM_TYPE_INTEGER,
     .doc = "At most this many characters.",
     .min = 1,
     .max = 10000},
    {.key = "default",
     .type = SM_TYPE_STRING,
     .doc = "The value when none is given; empty when absent."},
};
static const sm_schema_object var_schema = {.name = "var",
                                            .doc = "A variable of the definition.",
                                            .fields = var_fields,
                                            .field_count = COUNT(var_fields),
                                            .scalar_key = "default"};
static const sm_schema_field var_item = {
    .key = "var", .type = SM_TYPE_OBJECT, .doc = "A variable.", .object = &var_schema};

/* Fields every kind accepts: paper, margins, theme, variables, metadata. */
static const sm_schema_field document_base[] = {
    {.key = "kind",
     .type = SM_TYPE_ENUM,
     .doc = "What the definition describes: page, poster, checksheet or document.",
     .required = true,
     .choices = kind_names},
    {.key = "title",
     .type = SM_TYPE_TEXT,
     .doc = "The title, also the PDF title.",
     .required = true},
    {.key = "paper",
     .type = SM_TYPE_ENUM,
     .doc = "Paper size (ISO 216 / JIS) or custom with paper-size.",
     .default_value = "A4",
     .choices = sm_paper_choices},
    {.key = "papers",
     .type = SM_TYPE_LIST,
     .doc = "Papers `surimono build` renders this definition on (default: paper).",
     .item = &paper_item},
    {.key = "paper-size",
     .type = SM_TYPE_POINT,
     .doc = "Custom paper [width, height] with paper: custom.",
     .units = LEN_ABS},
    {.key = "orientation",
     .type = SM_TYPE_ENUM,
     .doc = "portrait or landscape.",
     .default_value = "portrait",
     .choices = orientation_choices},
    {.key = "profile",
     .type = SM_TYPE_ENUM,
     .doc = "Where the PDF goes: office (trim size, content 5 mm inside), shop (3 mm bleed), "
            "shop-tombo (bleed and Japanese trim marks).",
     .default_value = SM_PROFILE_OFFICE_NAME,
     .choices = sm_profile_names},
    {.key = "color-mode",
     .type = SM_TYPE_ENUM,
     .doc = "color, or gray for monochrome office printers.",
     .default_value = "color",
     .choices = color_mode_choices},
    {.key = "pdfx",
     .type = SM_TYPE_BOOL,
     .doc = "Convert to PDF/X-3 with Ghostscript after writing (optional; needs ghostscript).",
     .default_value = "false"},
    {.key = "margin",
     .type = SM_TYPE_LENGTH,
     .doc = "Page margin on every side (% of the paper width).",
     .default_value = "15mm",
     .units = LEN_ABS | (1u << SM_UNIT_PERCENT),
     .max = 200},
    {.key = "theme", .type = SM_TYPE_STRING, .doc = "Theme name: layouts/themes/NAME.yaml."},
    {.key = "vars",
     .type = SM_TYPE_MAP,
     .doc = "The variables substituted for {name} in texts, each its default or what a school "
            "may fill in (label, type, required, max-length, default); --set, a data column "
            "or the form gives their values.",
     .item = &var_item},
    {.key = "meta",
     .type = SM_TYPE_OBJECT,
     .doc = "PDF document properties.",
     .object = &meta_schema},
    {.key = "footer", .type = SM_TYPE_TEXT, .doc = "Footer line at the bottom of every page."},
};

static const sm_schema_field page_fields[] = {
    {.key = "body",
     .type = SM_TYPE_LIST,
     .doc = "The elements of the page, from top to bottom.",
     .required = true,
     .item = &element_item},
    {.key = "gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between the elements of the body.",
     .default_value = "4mm",
     .units = LEN_ABS,
     .max = 500},
};
static const sm_schema_object page_kind = {.name = "page",
                                           .doc = "A page built from generic elements.",
                                           .base = document_base,
                                           .base_count = COUNT(document_base),
                                           .fields = page_fields,
                                           .field_count = COUNT(page_fields)};

static const sm_schema_field document_fields[] = {
    {.key = "head",
     .type = SM_TYPE_LIST,
     .doc = "Elements across all columns at the top of the first page: the title block.",
     .item = &element_item},
    {.key = "body",
     .type = SM_TYPE_LIST,
     .doc = "The elements, flowing onto as many pages (and columns) as they need.",
     .required = true,
     .item = &element_item},
    {.key = "gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between the elements of the body.",
     .default_value = "3mm",
     .units = LEN_ABS,
     .max = 500},
    {.key = "columns",
     .type = SM_TYPE_INTEGER,
     .doc = "Columns per page.",
     .default_value = "1",
     .min = 1,
     .max = 3},
    {.key = "column-gap",
     .type = SM_TYPE_LENGTH,
     .doc = "Space between columns.",
     .default_value = "8mm",
     .units = LEN_ABS,
     .max = 100},
    {.key = "column-rule",
     .type = SM_TYPE_BOOL,
     .doc = "A thin line between columns.",
     .default_value = "false"},
    {.key = "page-numbers",
     .type = SM_TYPE_ENUM,
     .doc = "Page numbers at the foot: dash (- 3 -), of (3 / 8) or none.",
     .default_value = "dash",
     .choices = page_number_choices},
    {.key = "running-header",
     .type = SM_TYPE_BOOL,
     .doc = "The title at the head of every page but a cover.",
     .default_value = "true"},
    {.key = "cover",
     .type = SM_TYPE_BOOL,
     .doc = "The first page is a cover: no running header or page number on it.",
     .default_value = "false"},
    {.key = "imposition",
     .type = SM_TYPE_ENUM,
     .doc = "none (pages in order), or saddle-stitch: a booklet, two pages to a sheet twice "
            "as wide (A4 pages on A3) in folding order, blank pages added to a multiple of 4.",
     .default_value = "none",
     .choices = imposition_choices},
};
static const sm_schema_object document_kind = {
    .name = "document",
    .doc = "A document longer than a page: its body flows onto pages and columns.",
    .base = document_base,
    .base_count = COUNT(document_base),
    .fields = document_fields,
    .field_count = COUNT(document_fields)};

static const sm_schema_field step_fields[] = {
    {.key = "text", .type = SM_TYPE_TEXT, .doc = "What to do, short.", .required = true},
    {.key = "detail", .type = SM_TYPE_TEXT, .doc = "One or two sentences explaining the step."},
    {.key = "image", .type = SM_TYPE_PATH, .doc = "An illustration of the step."},
    {.key = "alt",
     .type = SM_TYPE_STRING,
     .doc = "What the illustration shows (required with image)."},
};
static const sm_schema_object step_schema = {.name = "step",
                                             .doc = "One numbered step of a poster.",
                                             .fields = step_fields,
                                             .field_count = COUNT(step_fields)};
static const sm_schema_field step_item = {
    .key = "step", .type = SM_TYPE_OBJECT, .doc = "A step.", .object = &step_schema};

static const sm_schema_field poster_fields[] = {
    {.key = "subtitle",
     .type = SM_TYPE_TEXT,
     .doc = "A line above the title (who speaks, or the theme)."},
    {.key = "lead", .type = SM_TYPE_TEXT, .doc = "A sentence under the title."},
    {.key = "steps",
     .type = SM_TYPE_LIST,
     .doc = "The numbered steps (1 to 4), each with text and an illustration.",
     .required = true,
     .item = &step_item,
     .min = 1,
     .max = 4},
    {.key = "layout",
     .type = SM_TYPE_ENUM,
     .doc = "auto (1–3 steps one under the other, 4 in a 2 × 2 grid), stack or grid.",
     .default_value = "auto",
     .choices = poster_layout_choices},
    {.key = "qr",
     .type = SM_TYPE_STRING,
     .doc = "A URL for a QR code in the footer, its address written beside it."},
};
static const sm_schema_object poster_kind = {.name = "poster",
                                             .doc = "A poster: title, numbered steps, footer.",
                                             .base = document_base,
                                             .base_count = COUNT(document_base),
                                             .fields = poster_fields,
                                             .field_count = COUNT(poster_fields)};

static const sm_schema_field scene_fields[] = {
    {.key = "image",
     .type = SM_TYPE_PATH,
     .doc = "The illustration (SVG recommended).",
     .required = true},
    {.key = "alt", .type = SM_TYPE_STRING, .doc = "What the illustration shows.", .required = true},
};
static const sm_schema_object scene_schema = {.name = "scene",
                                              .doc = "The illustration of a check sheet.",
                                              .fields = scene_fields,
                                              .field_count = COUNT(scene_fields)};

static const sm_schema_field hazard_fields[] = {
    {.key = "at",
     .type = SM_TYPE_POINT,
     .doc = "Where the hazard is on the illustration [x, y] (%).",
     .required = true,
     .units = LEN_ANY},
    {.key = "item", .type = SM_TYPE_TEXT, .doc = "What is dangerous.", .required = true},
    {.key = "risk", .type = SM_TYPE_TEXT, .doc = "What can happen.", .required = true},
};
static const sm_schema_object hazard_schema = {.name = "hazard",
                                               .doc = "One hidden hazard.",
                                               .fields = hazard_fields,
                                               .field_count = COUNT(hazard_fields)};
static const sm_schema_field hazard_item = {
    .key = "hazard", .type = SM_TYPE_OBJECT, .doc = "A hazard.", .object = &hazard_schema};

static const sm_schema_field checksheet_fields[] = {
    {.key = "subtitle", .type = SM_TYPE_TEXT, .doc = "The scene's name, e.g. 学期末の職員室."},
    {.key = "scene",
     .type = SM_TYPE_OBJECT,
     .doc = "The illustration.",
     .required = true,
     .object = &scene_schema},
    {.key = "instruction",
     .type = SM_TYPE_TEXT,
     .doc = "The task on the question sheet.",
     .default_value = "イラストの中に、情報セキュリティ上の危険がかくれています。"
                      "どこに、どんな危険があるか考えて書き出しましょう。"},
    {.key = "hazards",
     .type = SM_TYPE_LIST,
     .doc = "The hazards (1 to 20), numbered ①, ② … in this order.",
     .required = true,
     .item = &hazard_item,
     .min = 1,
     .max = 20},
    {.key = "explanation",
     .type = SM_TYPE_TEXT,
     .doc = "The 解説 on the answer sheet.",
     .required = true},
    {.key = "answer-lines",
     .type = SM_TYPE_INTEGER,
     .doc = "Lines to write on (default: one per hazard).",
     .min = 1,
     .max = 40},
};
static const sm_schema_object checksheet_kind = {
    .name = "checksheet",
    .doc = "A danger-prediction sheet: question and answer editions.",
    .base = document_base,
    .base_count = COUNT(document_base),
    .fields = checksheet_fields,
    .field_count = COUNT(checksheet_fields)};

static const sm_schema_field variant_fields[] = {
    {.key = "paper",
     .type = SM_TYPE_ENUM,
     .doc = "Paper of this output (default: the definition's).",
     .choices = sm_paper_choices},
    {.key = "color-mode",
     .type = SM_TYPE_ENUM,
     .doc = "color or gray.",
     .default_value = "color",
     .choices = color_mode_choices},
    {.key = "profile",
     .type = SM_TYPE_ENUM,
     .doc = "office, shop or shop-tombo.",
     .default_value = SM_PROFILE_OFFICE_NAME,
     .choices = sm_profile_names},
    {.key = "imposition",
     .type = SM_TYPE_ENUM,
     .doc = "Documents: none, or saddle-stitch for a booklet (default: the definition's).",
     .choices = imposition_choices},
};
static const sm_schema_object variant_schema = {.name = "variant",
                                                .doc = "One output of a document.",
                                                .fields = variant_fields,
                                                .field_count = COUNT(variant_fields)};
static const sm_schema_field variant_item = {
    .key = "variant", .type = SM_TYPE_OBJECT, .doc = "A variant.", .object = &variant_schema};
static const sm_schema_field pack_document_fields[] = {
    {.key = "definition",
     .type = SM_TYPE_STRING,
     .doc = "The definition's file name in layouts/.",
     .required = true},
    {.key = "variants",
     .type = SM_TYPE_LIST,
     .doc = "The outputs to make (default: one, as the definition says); check sheets give a "
            "question and an answer sheet for each.",
     .item = &variant_item},
};
static const sm_schema_object pack_document_schema = {.name = "document",
                                                      .doc = "A material of the pack.",
                                                      .fields = pack_document_fields,
                                                      .field_count = COUNT(pack_document_fields)};
static const sm_schema_field pack_document_item = {.key = "document",
                                                   .type = SM_TYPE_OBJECT,
                                                   .doc = "A document.",
                                                   .object = &pack_document_schema};
static const sm_schema_field pack_fields[] = {
    {.key = "documents",
     .type = SM_TYPE_LIST,
     .doc = "The materials of the pack, in the order of the pack PDF.",
     .required = true,
     .item = &pack_document_item},
};
static const sm_schema_object pack_kind = {
    .name = "pack",
    .doc = "The material pack: which documents `surimono build` makes, in which variants.",
    .base = document_base,
    .base_count = COUNT(document_base),
    .fields = pack_fields,
    .field_count = COUNT(pack_fields)};

const sm_schema_object *const sm_kinds[] = {&page_kind, &poster_kind, &checksheet_kind,
                                            &document_kind, &pack_kind};
const int sm_kind_count = COUNT(sm_kinds);

/* ---- themes ----------------------------------------------------------------------- */

static const sm_schema_field fonts_fields[] = {
    {.key = "gothic",
     .type = SM_TYPE_STRING,
     .doc = "Family for the gothic role (body text).",
     .default_value = "BIZ UDGothic"},
    {.key = "mincho",
     .type = SM_TYPE_STRING,
     .doc = "Family for the mincho role.",
     .default_value = "BIZ UDMincho"},
    {.key = "heading",
     .type = SM_TYPE_STRING,
     .doc = "Family for headings (a proportional cut).",
     .default_value = "BIZ UDPGothic"},
    {.key = "latin",
     .type = SM_TYPE_STRING,
     .doc = "Family for Western letters and digits.",
     .default_value = "BIZ UDPGothic"},
};
static const sm_schema_object fonts_schema = {.name = "fonts",
                                              .doc = "Which families the font roles use.",
                                              .fields = fonts_fields,
                                              .field_count = COUNT(fonts_fields)};

static const sm_schema_field percent_item = {
    .key = "percent", .type = SM_TYPE_NUMBER, .doc = "An ink percentage.", .max = 100};
static const sm_schema_field cmyk_item = {
    .key = "cmyk", .type = SM_TYPE_LIST, .doc = "[C, M, Y, K] in percent.", .item = &percent_item};

static const sm_schema_field theme_fields[] = {
    {.key = "colors",
     .type = SM_TYPE_MAP,
     .doc = "Named colours (accent, ink, paper, …).",
     .item = &color_item},
    {.key = "cmyk",
     .type = SM_TYPE_MAP,
     .doc = "The exact print colour [C, M, Y, K] of each named colour, for shop profiles.",
     .item = &cmyk_item},
    {.key = "fonts",
     .type = SM_TYPE_OBJECT,
     .doc = "Families of the font roles.",
     .object = &fonts_schema},
    {.key = "styles",
     .type = SM_TYPE_MAP,
     .doc = "Named styles (body, title, …) that elements refer to.",
     .item = &style_item},
};
const sm_schema_object sm_theme_schema = {.name = "theme",
                                          .doc = "Colours, fonts and named styles.",
                                          .fields = theme_fields,
                                          .field_count = COUNT(theme_fields)};

/* ---- lookups ---------------------------------------------------------------------- */

const sm_schema_field *sm_schema_find(const sm_schema_object *object, const char *key, int *index) {
    for (int i = 0; i < object->base_count; i++)
        if (strcmp(object->base[i].key, key) == 0) {
            if (index) *index = i;
            return &object->base[i];
        }
    for (int i = 0; i < object->field_count; i++)
        if (strcmp(object->fields[i].key, key) == 0) {
            if (index) *index = object->base_count + i;
            return &object->fields[i];
        }
    return NULL;
}

int sm_schema_field_count(const sm_schema_object *object) {
    return object->base_count + object->field_count;
}

const sm_schema_field *sm_schema_field_at(const sm_schema_object *object, int index) {
    return index < object->base_count ? &object->base[index]
                                      : &object->fields[index - object->base_count];
}

const sm_schema_object *sm_schema_element(const char *name) {
    for (int i = 0; i < sm_element_count; i++)
        if (strcmp(sm_elements[i]->name, name) == 0) return sm_elements[i];
    return NULL;
}

const sm_schema_object *sm_schema_kind(const char *name) {
    for (int i = 0; i < sm_kind_count; i++)
        if (strcmp(sm_kinds[i]->name, name) == 0) return sm_kinds[i];
    return NULL;
}

const char *sm_type_name(sm_type type) {
    static const char *const names[] = {
        [SM_TYPE_STRING] = "a string",
        [SM_TYPE_TEXT] = "a text",
        [SM_TYPE_LENGTH] = "a length",
        [SM_TYPE_NUMBER] = "a number",
        [SM_TYPE_INTEGER] = "an integer",
        [SM_TYPE_BOOL] = "true or false",
        [SM_TYPE_ENUM] = "one of the listed names",
        [SM_TYPE_COLOR] = "a colour",
        [SM_TYPE_POINT] = "a point [x, y]",
        [SM_TYPE_PATH] = "a file path",
        [SM_TYPE_DATE] = "a date YYYY-MM-DD",
        [SM_TYPE_OBJECT] = "a mapping",
        [SM_TYPE_ELEMENT] = "an element",
        [SM_TYPE_LIST] = "a list",
        [SM_TYPE_MAP] = "a mapping",
    };
    return names[type];
}
