/* schema.c: the definition format — every key, its type, default and one-line doc. */
#include "schema.h"

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
static const char *const valign_choices[] = {"top", "middle", "bottom", NULL};
static const char *const numbering_choices[] = {"decimal", "circled", "bullet", "none", NULL};
static const char *const fit_choices[] = {"shrink", "wrap", NULL};
static const char *const orientation_choices[] = {"portrait", "landscape", NULL};
static const char *const paper_choices[] = {"A3", "A4", "A5", "B4", "B5", "custom", NULL};
static const char *const profile_choices[] = {"office", "shop", "shop-tombo", NULL};
static const char *const color_mode_choices[] = {"color", "gray", NULL};

/* Item types for lists and maps (their keys are unused). */
static const sm_schema_field element_item = {"element", SM_TYPE_ELEMENT, "An element."};
static const sm_schema_field text_item = {"text", SM_TYPE_TEXT, "A paragraph of text."};
static const sm_schema_field color_item = {"color", SM_TYPE_COLOR, "A colour."};

/* ---- styles: shared by elements and the theme's named styles -------------------- */

/* clang-format off */
#define STYLE_FIELDS                                                                       \
    {"font", SM_TYPE_STRING,                                                               \
     "Font role (gothic, mincho, heading, latin) or a family name from fonts/fonts.conf."},                \
    {"size", SM_TYPE_LENGTH, "Font size.", NULL, false, LEN_FONT, 1, 400},                 \
    {"color", SM_TYPE_COLOR, "Text colour: #rrggbb, a CSS name or a theme colour."},       \
    {"bold", SM_TYPE_BOOL, "Bold weight."},                                                \
    {"line-height", SM_TYPE_NUMBER, "Line height as a multiple of the font size.", NULL,   \
     false, 0, 0.8, 4},                                                                    \
    {"align", SM_TYPE_ENUM,                                                                \
     "Horizontal alignment; justify sets full lines exactly to the measure (JIS).", NULL,  \
     false, 0, 0, 0, align_choices},                                                       \
    {"latin-font", SM_TYPE_STRING, "Family for Western letters and digits."},              \
    {"font-feature-settings", SM_TYPE_STRING,                                              \
     "Extra OpenType features for Japanese text, e.g. palt for headings."},                \
    {"line-break", SM_TYPE_ENUM,                                                           \
     "Kinsoku: strict (small kana and ー never start a line), normal, loose.", NULL,       \
     false, 0, 0, 0, line_break_choices},                                                  \
    {"text-spacing-trim", SM_TYPE_ENUM,                                                    \
     "Opening brackets at line starts: trim-start (flush), space-first, space-all.",       \
     NULL, false, 0, 0, 0, trim_choices},                                                  \
    {"hanging-punctuation", SM_TYPE_ENUM, "allow-end lets 、。 hang past the line end.",   \
     NULL, false, 0, 0, 0, hanging_choices},                                               \
    {"text-autospace", SM_TYPE_ENUM, "normal: ¼ em between Japanese and Latin.", NULL,     \
     false, 0, 0, 0, autospace_choices},                                                   \
    {"word-break", SM_TYPE_ENUM, "auto-phrase: break only between phrases (文節).",        \
     NULL, false, 0, 0, 0, word_break_choices},                                            \
    {"text-wrap-style", SM_TYPE_ENUM, "pretty: no single character on a last line.",       \
     NULL, false, 0, 0, 0, wrap_style_choices},                                            \
    {"text-indent", SM_TYPE_LENGTH, "Indent of a paragraph's first line (e.g. 1em).",      \
     NULL, false, LEN_FONT, 0, 200},                                                       \
    {"writing-mode", SM_TYPE_ENUM,                                                         \
     "vertical-rl: columns top to bottom, right to left (縦書き).", NULL, false, 0, 0, 0,   \
     writing_mode_choices}
/* clang-format on */

static const sm_schema_field style_fields[] = {STYLE_FIELDS};
static const sm_schema_object style_schema = {
    "style", "A named text style in a theme.", NULL, 0, style_fields, COUNT(style_fields)};
static const sm_schema_field style_item = {
    "style", SM_TYPE_OBJECT, "A named style.", NULL, false, 0, 0, 0, NULL, &style_schema};

/* Fields every element accepts: placement in its container, a named style, and text style. */
static const sm_schema_field element_base[] = {
    {"style", SM_TYPE_STRING, "A named style from the theme."},
    {"width", SM_TYPE_LENGTH, "Width (% of the container).", NULL, false, LEN_ANY},
    {"height", SM_TYPE_LENGTH, "Height (% of the container's height).", NULL, false, LEN_ANY},
    {"weight", SM_TYPE_NUMBER, "Share of the free space in a row or stack.", NULL, false, 0, 0,
     1000},
    {"place", SM_TYPE_POINT,
     "Absolute position [x, y] of the top-left corner in the container; the element leaves "
     "the flow.",
     NULL, false, LEN_ANY},
    {"valign", SM_TYPE_ENUM, "Vertical alignment inside a fixed height.", "top", false, 0, 0, 0,
     valign_choices},
    STYLE_FIELDS,
};

/* ---- elements ------------------------------------------------------------------- */

static const sm_schema_field text_fields[] = {
    {"text", SM_TYPE_TEXT,
     "Paragraph text: **bold**, [span]{.colour}, and line breaks where the text has them.", NULL,
     true},
};
static const sm_schema_object text_schema = {
    "text", "A paragraph.", element_base, COUNT(element_base), text_fields, COUNT(text_fields)};

static const sm_schema_field heading_fields[] = {
    {"heading", SM_TYPE_TEXT, "Heading text.", NULL, true},
    {"fit", SM_TYPE_ENUM,
     "shrink: reduce the size until each line fits its width; wrap: break lines.", "shrink", false,
     0, 0, 0, fit_choices},
    {"min-size", SM_TYPE_LENGTH, "Smallest size shrinking may reach.", "8pt", false, LEN_FONT, 1,
     400},
    {"max-lines", SM_TYPE_INTEGER, "Lines a shrinking heading may take.", "1", false, 0, 1, 10},
};
static const sm_schema_object heading_schema = {"heading",      "A heading that fits its width.",
                                                element_base,   COUNT(element_base),
                                                heading_fields, COUNT(heading_fields)};

static const sm_schema_field marker_fields[] = {
    {"at", SM_TYPE_POINT, "Position on the image [x, y] (% of its width and height).", NULL, true,
     LEN_ANY},
    {"label", SM_TYPE_STRING, "Label instead of the running number."},
};
static const sm_schema_object marker_schema = {
    "marker", "A numbered circle over an image.", NULL, 0, marker_fields, COUNT(marker_fields)};
static const sm_schema_field marker_item = {
    "marker", SM_TYPE_OBJECT, "A marker.", NULL, false, 0, 0, 0, NULL, &marker_schema};

static const sm_schema_field image_fields[] = {
    {"image", SM_TYPE_PATH, "PNG, JPEG or SVG file, relative to the project root.", NULL, true},
    {"alt", SM_TYPE_STRING, "What the image shows, for readers who cannot see it.", NULL, true},
    {"markers", SM_TYPE_LIST, "Numbered circles ①, ②, … placed over the image.", NULL, false, 0, 0,
     0, NULL, NULL, &marker_item},
    {"marker-size", SM_TYPE_LENGTH, "Diameter of a marker (% of the image width).", "5%", false,
     LEN_ANY},
    {"marker-color", SM_TYPE_COLOR, "Marker colour.", "accent"},
};
static const sm_schema_object image_schema = {"image",      "An illustration or photo.",
                                              element_base, COUNT(element_base),
                                              image_fields, COUNT(image_fields)};

static const sm_schema_field box_fields[] = {
    {"box", SM_TYPE_LIST, "Elements inside the box, stacked.", NULL, true, 0, 0, 0, NULL, NULL,
     &element_item},
    {"fill", SM_TYPE_COLOR, "Background colour.", "transparent"},
    {"border", SM_TYPE_COLOR, "Border colour.", "transparent"},
    {"border-width", SM_TYPE_LENGTH, "Border width.", "0.5mm", false, LEN_ABS, 0, 100},
    {"radius", SM_TYPE_LENGTH, "Corner radius.", "0", false, LEN_ABS, 0, 500},
    {"padding", SM_TYPE_LENGTH, "Space between border and content.", "4mm", false, LEN_ABS, 0, 500},
    {"gap", SM_TYPE_LENGTH, "Space between the elements.", "3mm", false, LEN_ABS, 0, 500},
};
static const sm_schema_object box_schema = {
    "box",        "A framed or filled box holding elements.",
    element_base, COUNT(element_base),
    box_fields,   COUNT(box_fields)};

static const sm_schema_field stack_fields[] = {
    {"stack", SM_TYPE_LIST, "Elements from top to bottom.", NULL, true, 0, 0, 0, NULL, NULL,
     &element_item},
    {"gap", SM_TYPE_LENGTH, "Space between the elements.", "3mm", false, LEN_ABS, 0, 500},
};
static const sm_schema_object stack_schema = {"stack",      "Elements one below the other.",
                                              element_base, COUNT(element_base),
                                              stack_fields, COUNT(stack_fields)};

static const sm_schema_field row_fields[] = {
    {"row", SM_TYPE_LIST, "Elements from left to right; widths by `width` or `weight`.", NULL, true,
     0, 0, 0, NULL, NULL, &element_item},
    {"gap", SM_TYPE_LENGTH, "Space between the elements.", "4mm", false, LEN_ABS, 0, 500},
};
static const sm_schema_object row_schema = {"row",        "Elements side by side.",
                                            element_base, COUNT(element_base),
                                            row_fields,   COUNT(row_fields)};

static const sm_schema_field grid_fields[] = {
    {"grid", SM_TYPE_LIST, "Elements filled into cells row by row.", NULL, true, 0, 0, 0, NULL,
     NULL, &element_item},
    {"columns", SM_TYPE_INTEGER, "Number of columns.", "2", false, 0, 1, 12},
    {"gap", SM_TYPE_LENGTH, "Space between cells.", "4mm", false, LEN_ABS, 0, 500},
};
static const sm_schema_object grid_schema = {"grid",       "Equal columns, rows as tall as needed.",
                                             element_base, COUNT(element_base),
                                             grid_fields,  COUNT(grid_fields)};

static const sm_schema_field list_fields[] = {
    {"list", SM_TYPE_LIST, "The items, each a paragraph.", NULL, true, 0, 0, 0, NULL, NULL,
     &text_item},
    {"numbering", SM_TYPE_ENUM, "decimal (1.), circled (①), bullet (・) or none.", "decimal", false,
     0, 0, 0, numbering_choices},
    {"start", SM_TYPE_INTEGER, "First number.", "1", false, 0, 0, 9999},
    {"gap", SM_TYPE_LENGTH, "Space between items.", "1.5mm", false, LEN_ABS, 0, 500},
};
static const sm_schema_object list_schema = {"list",       "A numbered list; wrapped lines hang.",
                                             element_base, COUNT(element_base),
                                             list_fields,  COUNT(list_fields)};

static const sm_schema_field lines_fields[] = {
    {"lines", SM_TYPE_INTEGER, "How many numbered lines to write answers on.", NULL, true, 0, 1,
     100},
    {"numbering", SM_TYPE_ENUM, "Numbers in front of the lines.", "circled", false, 0, 0, 0,
     numbering_choices},
    {"spacing", SM_TYPE_LENGTH, "Distance between lines.", "10mm", false, LEN_ABS, 2, 200},
    {"columns", SM_TYPE_INTEGER, "Columns of lines.", "1", false, 0, 1, 4},
};
static const sm_schema_object lines_schema = {"lines",      "Ruled lines to write answers on.",
                                              element_base, COUNT(element_base),
                                              lines_fields, COUNT(lines_fields)};

static const sm_schema_field cell_item = {"cell", SM_TYPE_TEXT, "A cell's text."};
static const sm_schema_field row_item = {"row", SM_TYPE_LIST, "A row of cells.", NULL, false, 0, 0,
                                         0, NULL, NULL, &cell_item};
static const sm_schema_field column_width_item = {"width", SM_TYPE_LENGTH, "A column's width.",
                                                  NULL, false, LEN_ANY};
static const sm_schema_field table_fields[] = {
    {"table", SM_TYPE_LIST, "Rows of cells, top to bottom.", NULL, true, 0, 0, 0, NULL, NULL,
     &row_item},
    {"header", SM_TYPE_BOOL, "The first row holds the column headings.", "true"},
    {"columns", SM_TYPE_LIST, "Column widths (% of the table, or absolute); default equal.",
     NULL, false, 0, 0, 0, NULL, NULL, &column_width_item},
    {"border", SM_TYPE_COLOR, "Colour of the rules between cells.", "line"},
    {"header-fill", SM_TYPE_COLOR, "Background of the header row.", "accent-light"},
    {"stripe", SM_TYPE_COLOR, "Background of every second body row.", "transparent"},
    {"padding", SM_TYPE_LENGTH, "Space around a cell's text.", "2mm", false, LEN_ABS, 0, 100},
};
static const sm_schema_object table_schema = {
    "table", "A table; numbers align right, the header row is tagged as such.", element_base,
    COUNT(element_base), table_fields, COUNT(table_fields)};

static const char *const qr_levels[] = {"L", "M", "Q", "H", NULL};
static const sm_schema_field qr_fields[] = {
    {"qr", SM_TYPE_TEXT, "The URL or text the code holds ({variables} work here too).", NULL,
     true},
    {"level", SM_TYPE_ENUM, "Error correction: L 7 %, M 15 %, Q 25 %, H 30 %.", "M", false, 0,
     0, 0, qr_levels},
    {"alt", SM_TYPE_STRING, "What the code leads to, for readers who cannot scan it."},
};
static const sm_schema_object qr_schema = {
    "qr", "A QR code drawn as vectors with its quiet zone (width: its size, default 30mm).",
    element_base, COUNT(element_base), qr_fields, COUNT(qr_fields)};

static const sm_schema_field rule_fields[] = {
    {"rule", SM_TYPE_LENGTH, "Thickness of the line.", NULL, true, LEN_ABS, 0, 50},
};
static const sm_schema_object rule_schema = {"rule",       "A horizontal line.",
                                             element_base, COUNT(element_base),
                                             rule_fields,  COUNT(rule_fields)};

static const sm_schema_field space_fields[] = {
    {"space", SM_TYPE_LENGTH, "Height of the empty space.", NULL, true, LEN_ANY, 0, 2000},
};
static const sm_schema_object space_schema = {"space",      "Vertical empty space.",
                                              element_base, COUNT(element_base),
                                              space_fields, COUNT(space_fields)};

const sm_schema_object *const sm_elements[] = {
    &text_schema, &heading_schema, &image_schema, &box_schema,  &stack_schema, &row_schema,
    &grid_schema, &list_schema,    &lines_schema, &rule_schema, &space_schema, &table_schema,
    &qr_schema,
};
const int sm_element_count = COUNT(sm_elements);

/* ---- document kinds --------------------------------------------------------------- */

static const sm_schema_field meta_fields[] = {
    {"author", SM_TYPE_STRING, "Author shown in the PDF properties."},
    {"subject", SM_TYPE_STRING, "Subject shown in the PDF properties."},
    {"keywords", SM_TYPE_STRING, "Keywords for the PDF properties."},
    {"date", SM_TYPE_DATE,
     "Creation date written into the PDF (SOURCE_DATE_EPOCH overrides it; never the clock)."},
};
static const sm_schema_object meta_schema = {"meta",      "PDF document properties.", NULL, 0,
                                             meta_fields, COUNT(meta_fields)};

static const char *const kind_names[] = {"page", "poster", "checksheet", "pack", NULL};
const sm_schema_field sm_kind_field = {"kind",
                                       SM_TYPE_ENUM,
                                       "What the definition describes: page, poster or checksheet.",
                                       NULL,
                                       true,
                                       0,
                                       0,
                                       0,
                                       kind_names};

static const sm_schema_field paper_item = {
    "paper", SM_TYPE_ENUM, "A paper size.", NULL, false, 0, 0, 0, paper_choices};

static const sm_schema_field string_map_item = {"value", SM_TYPE_STRING, "A value."};

/* Fields every kind accepts: paper, margins, theme, variables, metadata. */
static const sm_schema_field document_base[] = {
    {"kind", SM_TYPE_ENUM, "What the definition describes: page, poster or checksheet.", NULL, true,
     0, 0, 0, kind_names},
    {"title", SM_TYPE_TEXT, "The title, also the PDF title.", NULL, true},
    {"paper", SM_TYPE_ENUM, "Paper size (ISO 216 / JIS) or custom with paper-size.", "A4", false, 0,
     0, 0, paper_choices},
    {"papers", SM_TYPE_LIST, "Papers `surimono build` renders this definition on (default: paper).",
     NULL, false, 0, 0, 0, NULL, NULL, &paper_item},
    {"paper-size", SM_TYPE_POINT, "Custom paper [width, height] with paper: custom.", NULL, false,
     LEN_ABS},
    {"orientation", SM_TYPE_ENUM, "portrait or landscape.", "portrait", false, 0, 0, 0,
     orientation_choices},
    {"profile", SM_TYPE_ENUM,
     "Where the PDF goes: office (trim size, content 5 mm inside), shop (3 mm bleed), "
     "shop-tombo (bleed and Japanese trim marks).",
     "office", false, 0, 0, 0, profile_choices},
    {"color-mode", SM_TYPE_ENUM, "color, or gray for monochrome office printers.", "color",
     false, 0, 0, 0, color_mode_choices},
    {"pdfx", SM_TYPE_BOOL,
     "Convert to PDF/X-3 with Ghostscript after writing (optional; needs ghostscript).",
     "false"},
    {"margin", SM_TYPE_LENGTH, "Page margin on every side (% of the paper width).", "15mm", false,
     LEN_ABS | (1u << SM_UNIT_PERCENT), 0, 200},
    {"theme", SM_TYPE_STRING, "Theme name: layouts/themes/NAME.yaml.", NULL},
    {"vars", SM_TYPE_MAP, "Variables substituted for {name} in texts; --set overrides them.", NULL,
     false, 0, 0, 0, NULL, NULL, &string_map_item},
    {"meta", SM_TYPE_OBJECT, "PDF document properties.", NULL, false, 0, 0, 0, NULL, &meta_schema},
    {"footer", SM_TYPE_TEXT, "Footer line at the bottom of every page."},
};

static const sm_schema_field page_fields[] = {
    {"body", SM_TYPE_LIST, "The elements of the page, from top to bottom.", NULL, true, 0, 0, 0,
     NULL, NULL, &element_item},
    {"gap", SM_TYPE_LENGTH, "Space between the elements of the body.", "4mm", false, LEN_ABS, 0,
     500},
};
static const sm_schema_object page_kind = {"page",        "A page built from generic elements.",
                                           document_base, COUNT(document_base),
                                           page_fields,   COUNT(page_fields)};

static const sm_schema_field step_fields[] = {
    {"text", SM_TYPE_TEXT, "What to do, short.", NULL, true},
    {"detail", SM_TYPE_TEXT, "One or two sentences explaining the step."},
    {"image", SM_TYPE_PATH, "An illustration of the step."},
    {"alt", SM_TYPE_STRING, "What the illustration shows (required with image)."},
};
static const sm_schema_object step_schema = {
    "step", "One numbered step of a poster.", NULL, 0, step_fields, COUNT(step_fields)};
static const sm_schema_field step_item = {"step", SM_TYPE_OBJECT, "A step.",   NULL, false, 0, 0,
                                          0,      NULL,           &step_schema};

static const sm_schema_field poster_fields[] = {
    {"subtitle", SM_TYPE_TEXT, "A line above the title (who speaks, or the theme)."},
    {"lead", SM_TYPE_TEXT, "A sentence under the title."},
    {"steps", SM_TYPE_LIST, "The numbered steps, each with text and an illustration.", NULL, true,
     0, 0, 0, NULL, NULL, &step_item},
};
static const sm_schema_object poster_kind = {
    "poster",      "A poster: title, numbered steps, footer.",
    document_base, COUNT(document_base),
    poster_fields, COUNT(poster_fields)};

static const sm_schema_field scene_fields[] = {
    {"image", SM_TYPE_PATH, "The illustration (SVG recommended).", NULL, true},
    {"alt", SM_TYPE_STRING, "What the illustration shows.", NULL, true},
};
static const sm_schema_object scene_schema = {
    "scene", "The illustration of a check sheet.", NULL, 0, scene_fields, COUNT(scene_fields)};

static const sm_schema_field hazard_fields[] = {
    {"at", SM_TYPE_POINT, "Where the hazard is on the illustration [x, y] (%).", NULL, true,
     LEN_ANY},
    {"item", SM_TYPE_TEXT, "What is dangerous.", NULL, true},
    {"risk", SM_TYPE_TEXT, "What can happen.", NULL, true},
};
static const sm_schema_object hazard_schema = {"hazard",      "One hidden hazard.", NULL, 0,
                                               hazard_fields, COUNT(hazard_fields)};
static const sm_schema_field hazard_item = {
    "hazard", SM_TYPE_OBJECT, "A hazard.", NULL, false, 0, 0, 0, NULL, &hazard_schema};

static const sm_schema_field checksheet_fields[] = {
    {"subtitle", SM_TYPE_TEXT, "The scene's name, e.g. 学期末の職員室."},
    {"scene", SM_TYPE_OBJECT, "The illustration.", NULL, true, 0, 0, 0, NULL, &scene_schema},
    {"instruction", SM_TYPE_TEXT, "The task on the question sheet.",
     "イラストの中に、情報セキュリティ上の危険がかくれています。"
     "どこに、どんな危険があるか考えて書き出しましょう。"},
    {"hazards", SM_TYPE_LIST, "The hazards, numbered ①, ② … in this order.", NULL, true, 0, 0, 0,
     NULL, NULL, &hazard_item},
    {"explanation", SM_TYPE_TEXT, "The 解説 on the answer sheet.", NULL, true},
    {"answer-lines", SM_TYPE_INTEGER, "Lines to write on (default: one per hazard).", NULL, false,
     0, 1, 40},
};
static const sm_schema_object checksheet_kind = {
    "checksheet",      "A danger-prediction sheet: question and answer editions.",
    document_base,     COUNT(document_base),
    checksheet_fields, COUNT(checksheet_fields)};

static const sm_schema_field variant_fields[] = {
    {"paper", SM_TYPE_ENUM, "Paper of this output (default: the definition's).", NULL, false, 0,
     0, 0, paper_choices},
    {"color-mode", SM_TYPE_ENUM, "color or gray.", "color", false, 0, 0, 0, color_mode_choices},
    {"profile", SM_TYPE_ENUM, "office, shop or shop-tombo.", "office", false, 0, 0, 0,
     profile_choices},
};
static const sm_schema_object variant_schema = {"variant", "One output of a document.", NULL, 0,
                                                variant_fields, COUNT(variant_fields)};
static const sm_schema_field variant_item = {"variant", SM_TYPE_OBJECT, "A variant.", NULL,
                                             false, 0, 0, 0, NULL, &variant_schema};
static const sm_schema_field pack_document_fields[] = {
    {"definition", SM_TYPE_STRING, "The definition's file name in layouts/.", NULL, true},
    {"variants", SM_TYPE_LIST,
     "The outputs to make (default: one, as the definition says); check sheets give a "
     "question and an answer sheet for each.",
     NULL, false, 0, 0, 0, NULL, NULL, &variant_item},
};
static const sm_schema_object pack_document_schema = {
    "document", "A material of the pack.", NULL, 0, pack_document_fields,
    COUNT(pack_document_fields)};
static const sm_schema_field pack_document_item = {"document", SM_TYPE_OBJECT, "A document.",
                                                   NULL, false, 0, 0, 0, NULL,
                                                   &pack_document_schema};
static const sm_schema_field pack_fields[] = {
    {"documents", SM_TYPE_LIST, "The materials of the pack, in the order of the pack PDF.", NULL,
     true, 0, 0, 0, NULL, NULL, &pack_document_item},
};
static const sm_schema_object pack_kind = {
    "pack", "The material pack: which documents `surimono build` makes, in which variants.",
    document_base, COUNT(document_base), pack_fields, COUNT(pack_fields)};

const sm_schema_object *const sm_kinds[] = {&page_kind, &poster_kind, &checksheet_kind, &pack_kind};
const int sm_kind_count = COUNT(sm_kinds);

/* ---- themes ----------------------------------------------------------------------- */

static const sm_schema_field fonts_fields[] = {
    {"gothic", SM_TYPE_STRING, "Family for the gothic role (body text).", "BIZ UDGothic"},
    {"mincho", SM_TYPE_STRING, "Family for the mincho role.", "BIZ UDMincho"},
    {"heading", SM_TYPE_STRING, "Family for headings (a proportional cut).", "BIZ UDPGothic"},
    {"latin", SM_TYPE_STRING, "Family for Western letters and digits.", "BIZ UDPGothic"},
};
static const sm_schema_object fonts_schema = {
    "fonts", "Which families the font roles use.", NULL, 0, fonts_fields, COUNT(fonts_fields)};

static const sm_schema_field percent_item = {"percent", SM_TYPE_NUMBER, "An ink percentage.",
                                             NULL, false, 0, 0, 100};
static const sm_schema_field cmyk_item = {"cmyk", SM_TYPE_LIST, "[C, M, Y, K] in percent.",
                                          NULL, false, 0, 0, 0, NULL, NULL, &percent_item};

static const sm_schema_field theme_fields[] = {
    {"colors", SM_TYPE_MAP, "Named colours (accent, ink, paper, …).", NULL, false, 0, 0, 0, NULL,
     NULL, &color_item},
    {"cmyk", SM_TYPE_MAP,
     "The exact print colour [C, M, Y, K] of each named colour, for shop profiles.", NULL,
     false, 0, 0, 0, NULL, NULL, &cmyk_item},
    {"fonts", SM_TYPE_OBJECT, "Families of the font roles.", NULL, false, 0, 0, 0, NULL,
     &fonts_schema},
    {"styles", SM_TYPE_MAP, "Named styles (body, title, …) that elements refer to.", NULL, false, 0,
     0, 0, NULL, NULL, &style_item},
};
const sm_schema_object sm_theme_schema = {
    "theme", "Colours, fonts and named styles.", NULL, 0, theme_fields, COUNT(theme_fields)};

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
