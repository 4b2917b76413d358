/* dump.c: a stable text dump of the resolved elements, for golden tests. */
#include "resolver.h"

#include <string.h>

static const char *base_name(const char *path) {
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "-";
}

static void put_escaped(FILE *out, const char *s) {
    fputc('"', out);
    for (; s && *s; s++) {
        if (*s == '\n')
            fputs("\\n", out);
        else if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

static void put_color(FILE *out, sm_color c) {
    fprintf(out, "#%02x%02x%02x%02x", (int)(c.r * 255 + 0.5), (int)(c.g * 255 + 0.5),
            (int)(c.b * 255 + 0.5), (int)(c.a * 255 + 0.5));
}

static void put_length(FILE *out, const char *name, sm_length v) {
    static const char *const units[] = {"pt", "mm", "%", "em"};
    fprintf(out, " %s=%.2f%s", name, v.value + 0.0, units[v.unit]);
}

static void dump_elem(FILE *out, const sm_elem *e, int depth) {
    static const char *const names[] = {"text", "heading",    "image", "box",  "stack", "row",
                                        "grid", "list",       "lines", "rule", "space", "table",
                                        "qr",   "page-break", "flow",  "chart"};
    fprintf(out, "%*s%s @%s:%d:%d font=\"%s\" size=%.2f%s color=", depth * 2, "",
            e->section ? "section" : names[e->type], base_name(e->pos.file), e->pos.line,
            e->pos.col, e->style.family, e->style.size, e->style.bold ? " bold" : "");
    put_color(out, e->style.color);
    fprintf(out, " lh=%.2f align=%d", e->style.line_height, (int)e->style.align);
    if (e->has_width) put_length(out, "width", e->width);
    if (e->has_height) put_length(out, "height", e->height);
    if (e->weight > 0) fprintf(out, " weight=%.2f", e->weight);
    if (e->placed) {
        put_length(out, "x", e->place[0]);
        put_length(out, "y", e->place[1]);
    }
    switch (e->type) {
    case SM_ELEM_TEXT:
    case SM_ELEM_HEADING:
        fputc(' ', out);
        put_escaped(out, e->text.plain);
        for (size_t i = 0; i < e->text.count; i++)
            if (e->text.spans[i].bold || e->text.spans[i].has_color) {
                fputs(" span:", out);
                put_escaped(out, e->text.spans[i].text);
                if (e->text.spans[i].bold) fputs(":bold", out);
                if (e->text.spans[i].has_color) {
                    fputc(':', out);
                    put_color(out, e->text.spans[i].color);
                }
            }
        break;
    case SM_ELEM_IMAGE:
        if (e->shrink_to > 0) fprintf(out, " shrink-to=%.0f%%", 100 * e->shrink_to);
        fprintf(out, " src=%s alt=", base_name(e->path));
        put_escaped(out, e->alt);
        for (size_t i = 0; i < e->marker_count; i++) {
            fprintf(out, "\n%*smarker %zu", depth * 2 + 2, "", i + 1);
            put_length(out, "x", e->markers[i].x);
            put_length(out, "y", e->markers[i].y);
        }
        break;
    case SM_ELEM_BOX:
        fputs(" fill=", out);
        put_color(out, e->fill);
        fputs(" border=", out);
        put_color(out, e->border);
        fprintf(out, " padding=%.2f radius=%.2f", e->padding, e->radius);
        if (e->split) fputs(" split", out);
        break;
    case SM_ELEM_STACK:
        if (e->section)
            fprintf(out, " columns=%d column-gap=%.2f rule=%d", e->columns, e->column_gap,
                    e->column_rule);
        break;
    case SM_ELEM_LIST:
        fprintf(out, " numbering=%d start=%d", (int)e->numbering, e->start);
        for (size_t i = 0; i < e->item_count; i++) {
            fprintf(out, "\n%*sitem ", depth * 2 + 2, "");
            put_escaped(out, e->items[i].plain);
        }
        break;
    case SM_ELEM_LINES: fprintf(out, " count=%d columns=%d", e->line_count, e->columns); break;
    case SM_ELEM_TABLE:
        fprintf(out, " rows=%zu cols=%zu header=%d", e->rows, e->cols, (int)e->header);
        for (size_t i = 0; i < e->rows * e->cols; i++) {
            fprintf(out, "%s", i % e->cols ? " | " : "\n");
            if (i % e->cols == 0) fprintf(out, "%*scells ", depth * 2 + 2, "");
            put_escaped(out, e->cells[i].plain);
        }
        break;
    case SM_ELEM_RULE:
    case SM_ELEM_SPACE: put_length(out, "extent", e->extent); break;
    case SM_ELEM_CHART: {
        static const char *const types[] = {"bar", "pie", "donut", "line"};
        const sm_chart *c = e->chart;
        fprintf(out, " type=%s%s%s unit=", types[c->type], c->horizontal ? " horizontal" : "",
                c->stacked ? " stacked" : "");
        put_escaped(out, c->unit);
        fprintf(out, "\n%*scategories", depth * 2 + 2, "");
        for (size_t i = 0; i < c->category_count; i++) {
            fputc(' ', out);
            put_escaped(out, c->categories[i].plain);
        }
        for (size_t k = 0; k < c->series_count; k++) {
            fprintf(out, "\n%*sseries ", depth * 2 + 2, "");
            put_escaped(out, c->series[k].name.plain);
            for (size_t i = 0; i < c->category_count; i++)
                fprintf(out, " %g", c->series[k].values[i]);
        }
        for (size_t k = 0; k < c->key_count; k++) {
            fprintf(out, "\n%*skey %zu color=", depth * 2 + 2, "", k + 1);
            put_color(out, c->key_colors[k]);
            fprintf(out, " hatch=%d", c->key_hatch[k]);
        }
        fprintf(out, "\n%*salt ", depth * 2 + 2, "");
        put_escaped(out, c->alt);
        break;
    }
    default: break;
    }
    if (e->child_count) fprintf(out, " gap=%.2f", e->gap);
    fputc('\n', out);
    for (size_t i = 0; i < e->child_count; i++) dump_elem(out, e->children[i], depth + 1);
}

bool sm_doc_dump_model(sm_doc *doc, FILE *out) {
    if (!sm_doc_ok(doc) || !doc->resolved) return false;
    const sm_resolved *res = doc->resolved;
    fprintf(out, "document title=");
    put_escaped(out, res->title);
    fprintf(out, " paper=%s %.2fx%.2f margin=%.2f\n", res->paper_name, res->paper_width,
            res->paper_height, res->margin);
    if (res->has_footer) {
        fputs("footer ", out);
        put_escaped(out, res->footer.plain);
        fputc('\n', out);
    }
    for (size_t i = 0; i < res->page_count; i++) {
        fprintf(out, "page %zu %s\n", i + 1, res->pages[i].label ? res->pages[i].label : "");
        dump_elem(out, res->pages[i].body, 1);
    }
    if (res->flow) {
        const sm_flow_def *f = res->flow;
        fprintf(out, "flow columns=%d column-gap=%.2f rule=%d numbers=%d header=%d cover=%d\n",
                f->columns, f->column_gap, f->column_rule, (int)f->numbers, f->running_header,
                f->cover);
        if (f->head) dump_elem(out, f->head, 1);
        dump_elem(out, f->body, 1);
    }
    return true;
}
