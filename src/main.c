/* main.c: the surimono command line — the only place that prints. */
#include "surimono.h"
#include "templates.h"
#include "versions.h"
#include "watch.h"

#include "base/atomic.h"
#include "base/lazy.h"
#include "base/limits.h"
#include "base/qpdf_api.h"

#include "pack/pack.h"
#include "serve/serve.h"

#include <dirent.h>
#include <limits.h>
#include <glib.h>
#include <time.h>
#include <stdarg.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: surimono COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  render FILE.yaml [-o OUT.pdf|OUT.png] [--paper A4|A3|A5|B4|B5] [--set KEY=VALUE]...\n"
    "         [--edition question|answer|all] [--page N] [--dpi N]\n"
    "         [--profile office|shop|shop-tombo] [--gray]\n"
    "                       render one definition (FILE '-' reads standard input)\n"
    "  check FILE.yaml...   validate and lay out, write nothing\n"
    "  check FILE.pdf... [--json] [--profile office|shop|shop-tombo] [--paper A4|A3|A5|B4|B5]\n"
    "                       preflight finished PDFs (any producer): page boxes, fonts embedded\n"
    "                       (no Type 3), image ppi, safe area, K-only black text, encryption,\n"
    "                       metadata; each page by its own boxes unless --profile names one;\n"
    "                       --paper: every page's trim must be that paper; --json for machines;\n"
    "                       exit 1 when any error is found\n"
    "  build [DIR] [-o OUTDIR] [-j N] [--force] [--keep-going] [-q] [--shard I/N]\n"
    "        [--data SCHOOLS.csv [--name TEMPLATE]]\n"
    "                       the material pack (DIR/layouts/pack.yaml, or every definition)\n"
    "                       into DIR/out: PDFs, manifest.json, pack.pdf, index.html (the "
    "catalogue);\n"
    "                       in parallel, and only what changed\n"
    "  query --json [DIR]   list the work units of the pack (for schedulers)\n"
    "  manifest merge OUT.json IN.json...\n"
    "                       join the manifests of shards into one\n"
    "  dump --model|--boxes|--glyphs FILE.yaml [--paper P] [--set K=V] [--edition E]\n"
    "                       print the resolved elements, the laid-out boxes, or every glyph\n"
    "  fonts [FILE.yaml...] list the font files; with files, which font serves each character\n"
    "  watch FILE.yaml [-o OUT.pdf|OUT.png] [render's options]\n"
    "                       render, then again whenever the definition, its theme or a\n"
    "                       picture or data file it uses is saved (a broken save keeps the\n"
    "                       last good output)\n"
    "  serve [DIR] [--port N] [--host ADDRESS] [--workers N] [--time-limit SECONDS]\n"
    "                       the materials as a web form on http://127.0.0.1:8400/ (--port 0:\n"
    "                       any free port): fill in the school, see the preview, download\n"
    "                       the PDF; renders in N worker processes (default: the cores),\n"
    "                       each render at most SECONDS (default 20) or its worker is replaced\n"
    "  new poster|checksheet|page|document NAME [DIR]\n"
    "                       write a commented starting definition DIR/layouts/NAME.yaml\n"
    "                       (and its JSON Schema; a placeholder scene for a check sheet)\n"
    "  styles               list the named styles, colours and font roles, and a theme's keys\n"
    "  schema [--theme|--pack]\n"
    "                       print the JSON Schema (draft-07) of a definition, a theme or a\n"
    "                       pack, for editors' YAML language servers\n"
    "  --help, --version\n"
    "\n"
    "environment:\n"
    "  SURIMONO_FONTS_CONF  font configuration (default: fonts/fonts.conf of the source tree)\n"
    "  SOURCE_DATE_EPOCH    date written into PDFs (otherwise meta.date; never the clock)\n"
    "\n"
    "exit codes:\n"
    "  0  success (warnings may have been printed)\n"
    "  1  the input has errors (printed as file:line:col: error: message)\n"
    "  2  bad command line\n"
    "  3  system failure: fonts, files or libraries\n";

typedef struct options {
    const char *output;
    const char *paper;
    const char *profile;
    const char *color_mode;
    const char **settings;
    int setting_count;
    sm_edition edition;
    int page;
    double dpi;
    bool model, boxes, glyphs;
    bool json; /* check: the PDF preflight's report as JSON */
    const char **files;
    int file_count;
} options;

static int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "surimono: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see surimono --help)\n");
    return SM_EXIT_USAGE;
}

/* The one printer of diagnostics: "file:line:col: error: message", or "file: error:
 * message" for what is about a whole file. */
static void print_diagnostic(const sm_diag *d) {
    const char *kind = d->severity == SM_SEVERITY_ERROR ? "error" : "warning";
    if (d->line > 0)
        fprintf(stderr, "%s:%d:%d: %s: %s\n", d->file, d->line, d->col, kind, d->message);
    else
        fprintf(stderr, "%s: %s: %s\n", d->file, kind, d->message);
}

static void print_dropped(size_t dropped) {
    if (dropped)
        fprintf(stderr, "surimono: %zu more problem%s not shown\n", dropped,
                dropped == 1 ? "" : "s");
}

static void print_diagnostics(const sm_doc *doc) {
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++) print_diagnostic(sm_doc_diag_at(doc, i));
}

static void print_list(const sm_diags *diags) {
    for (size_t i = 0; i < sm_diags_count(diags); i++) print_diagnostic(sm_diags_at(diags, i));
    print_dropped(sm_diags_dropped(diags));
}

static const char *fonts_conf_path(void) {
    const char *env = getenv("SURIMONO_FONTS_CONF");
    return env && *env ? env : SM_SOURCE_DIR "/fonts/fonts.conf";
}

static sm_fonts *open_fonts(void) {
    sm_diags *diags = sm_diags_new();
    sm_fonts *fonts = sm_fonts_new(fonts_conf_path(), diags);
    print_list(diags);
    sm_diags_free(diags);
    return fonts;
}

/* Parses the options shared by render, check and dump; positional arguments are files. */
static int parse_options(int argc, char **argv, options *o) {
    o->dpi = 96;
    o->page = 1;
    o->settings = calloc((size_t)argc, sizeof *o->settings);
    o->files = calloc((size_t)argc, sizeof *o->files);
    if (!o->settings || !o->files) return SM_EXIT_SYSTEM;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!has_value) return usage_error("%s needs a file name", a);
            o->output = argv[++i];
        } else if (strcmp(a, "--paper") == 0) {
            if (!has_value) return usage_error("%s needs a paper name", a);
            o->paper = argv[++i];
        } else if (strcmp(a, "--profile") == 0) {
            if (!has_value) return usage_error("%s needs office, shop or shop-tombo", a);
            o->profile = argv[++i];
        } else if (strcmp(a, "--gray") == 0) {
            o->color_mode = "gray";
        } else if (strcmp(a, "--set") == 0) {
            if (!has_value) return usage_error("%s needs KEY=VALUE", a);
            o->settings[o->setting_count++] = argv[++i];
        } else if (strcmp(a, "--edition") == 0) {
            if (!has_value) return usage_error("%s needs question, answer or all", a);
            const char *e = argv[++i];
            if (strcmp(e, "question") == 0)
                o->edition = SM_EDITION_QUESTION;
            else if (strcmp(e, "answer") == 0)
                o->edition = SM_EDITION_ANSWER;
            else if (strcmp(e, "all") == 0)
                o->edition = SM_EDITION_ALL;
            else
                return usage_error("unknown edition '%s' (question, answer or all)", e);
        } else if (strcmp(a, "--page") == 0) {
            if (!has_value) return usage_error("%s needs a number", a);
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > 100000) return usage_error("bad page number '%s'", argv[i]);
            o->page = (int)v;
        } else if (strcmp(a, "--dpi") == 0) {
            if (!has_value) return usage_error("%s needs a number", a);
            char *end;
            double v = strtod(argv[++i], &end);
            if (*end || v < 10 || v > 2400)
                return usage_error("bad --dpi '%s' (10 to 2400)", argv[i]);
            o->dpi = v;
        } else if (strcmp(a, "--model") == 0) {
            o->model = true;
        } else if (strcmp(a, "--boxes") == 0) {
            o->boxes = true;
        } else if (strcmp(a, "--glyphs") == 0) {
            o->glyphs = true;
        } else if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option '%s'", a);
        } else {
            o->files[o->file_count++] = a;
        }
    }
    return SM_EXIT_OK;
}

/* Runs load → resolve → layout on one file with the options' overrides. */
static bool run_pipeline(sm_doc *doc, const char *file, const options *o, sm_fonts *fonts) {
    if (!sm_doc_load_file(doc, file)) return false;
    if (sm_doc_is_pack(doc)) return true; /* validated; its documents are built by `build` */
    if (o->paper && !sm_doc_set_paper(doc, o->paper)) return false;
    if (o->profile && !sm_doc_set_profile(doc, o->profile)) return false;
    if (o->color_mode && !sm_doc_set_color_mode(doc, o->color_mode)) return false;
    for (int i = 0; i < o->setting_count; i++)
        if (!sm_doc_set_variable(doc, o->settings[i])) return false;
    sm_doc_set_edition(doc, o->edition);
    if (!sm_doc_resolve(doc)) return false;
    return fonts ? sm_doc_layout(doc, fonts) : true;
}

static bool has_suffix(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Default output: the definition's name with .pdf, in the current directory. */
static char *default_output(const char *file) {
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strlen(base);
    if (has_suffix(base, ".yaml"))
        n -= 5;
    else if (has_suffix(base, ".yml"))
        n -= 4;
    char *out = malloc(n + 5);
    if (!out) return NULL;
    memcpy(out, base, n);
    memcpy(out + n, ".pdf", 5);
    return out;
}

/* Where render and watch write: -o, else the definition's name as .pdf here (*fallback,
 * to be freed); a PDF or a PNG by the extension. Returns a usage error's exit code, or 0. */
static int output_of(const options *o, const char *file, char **fallback, const char **output,
                     bool *png) {
    *fallback = o->output ? NULL : default_output(file);
    *output = o->output ? o->output : *fallback;
    *png = has_suffix(*output, ".png");
    if (*png || has_suffix(*output, ".pdf")) return 0;
    int rc = usage_error("the output must end in .pdf or .png: '%s'", *output);
    free(*fallback);
    return rc;
}

/* A print shop's PDF needs qpdf (its colours are rewritten inside the streams): it starts
 * loading on the other core now, behind the fonts, the definition and the layout. An
 * office PDF needs no library, and pictures need librsvg only beyond the plain SVG our
 * illustrations use (loaded, then, by the thread that decodes them). */
static void load_libraries_early(const options *o) {
    static void (*const loaders[])(void) = {sm_qpdf_load};
    if (o->profile && strcmp(o->profile, "office") != 0) sm_lazy_prefetch(loaders, 1);
}

static int cmd_render(options o) {
    if (o.file_count != 1) return usage_error("render takes one definition%s", "");
    const char *file = o.files[0];
    if (strcmp(file, "-") == 0 && !o.output) return usage_error("reading stdin needs -o OUT%s", "");
    char *fallback;
    const char *output;
    bool png;
    int bad = output_of(&o, file, &fallback, &output, &png);
    if (bad) return bad;
    load_libraries_early(&o);
    sm_fonts *fonts = open_fonts();
    if (!fonts) return SM_EXIT_SYSTEM;
    sm_doc *doc = sm_doc_new();
    bool ok = run_pipeline(doc, file, &o, fonts);
    if (ok && sm_doc_is_pack(doc)) {
        fprintf(stderr, "%s: error: a pack lists materials to build: use surimono build\n", file);
        ok = false;
    } else if (ok) {
        ok = png ? sm_doc_render_png(doc, output, o.page, o.dpi) : sm_doc_render_pdf(doc, output);
    }
    print_diagnostics(doc);
    sm_doc_free(doc);
    sm_fonts_free(fonts);
    free(fallback);
    return ok ? SM_EXIT_OK : SM_EXIT_INPUT;
}

/* ---- watch ---------------------------------------------------------------------------- */

typedef struct watch_job {
    options o;
    const char *file, *output;
    bool png;
    sm_fonts *fonts;
} watch_job;

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One render of `surimono watch`: the output replaced only by a good render (a broken one
 * leaves the last good file), a line saying which, and the files it was made from. */
static char **watch_render(void *ctx) {
    watch_job *job = ctx;
    double start = seconds_now();
    sm_doc *doc = sm_doc_new();
    bool ok = run_pipeline(doc, job->file, &job->o, job->fonts) && !sm_doc_is_pack(doc);
    ok = ok && (job->png ? sm_doc_render_png(doc, job->output, job->o.page, job->o.dpi)
                         : sm_doc_render_pdf(doc, job->output));
    print_diagnostics(doc);
    if (ok)
        printf("%s: rendered in %.0f ms\n", job->output, (seconds_now() - start) * 1000);
    else
        printf("%s: not replaced (the errors above)\n", job->output);
    fflush(stdout);
    size_t n = sm_doc_input_count(doc);
    char **inputs = g_new0(char *, n + 2);
    inputs[0] = g_strdup(job->file); /* watched even when it does not load */
    for (size_t i = 0; i < n; i++) inputs[i + 1] = g_strdup(sm_doc_input_at(doc, i));
    sm_doc_free(doc);
    return inputs;
}

static int cmd_watch(options o) {
    if (o.file_count != 1) return usage_error("watch takes one definition%s", "");
    const char *file = o.files[0];
    if (strcmp(file, "-") == 0) return usage_error("watch reads a file, not standard input%s", "");
    char *fallback;
    const char *output;
    bool png;
    int bad = output_of(&o, file, &fallback, &output, &png);
    if (bad) return bad;
    sm_fonts *fonts = open_fonts();
    if (!fonts) return SM_EXIT_SYSTEM;
    printf("watching %s and what it uses; Ctrl-C stops\n", file);
    watch_job job = {o, file, output, png, fonts};
    int rc = sm_watch(watch_render, &job);
    sm_fonts_free(fonts);
    free(fallback);
    return rc;
}

/* Files ending in .pdf are finished PDFs for the preflight, reported after the definitions;
 * the definitions are checked as before (and need the fonts, which PDFs do not). */
static int cmd_check(options o) {
    if (o.file_count == 0) return usage_error("check needs at least one definition or PDF%s", "");
    const char *definition = NULL;
    int pdfs = 0;
    for (int i = 0; i < o.file_count; i++) {
        if (has_suffix(o.files[i], ".pdf"))
            pdfs++;
        else if (!definition)
            definition = o.files[i];
    }
    /* JSON on standard output must be the whole of it. */
    if (o.json && definition)
        return usage_error("--json checks PDF files only, not '%s'", definition);
    /* --profile and --paper configure the preflight as well as the definitions; a name the
     * preflight does not know is a usage error before any file is read. */
    sm_preflight *pf = pdfs ? sm_preflight_new() : NULL;
    const char *hint = NULL, *option = NULL, *value = NULL, *choices = NULL;
    if (pf && o.profile && !sm_preflight_set_profile(pf, o.profile, &hint)) {
        option = "profile";
        value = o.profile;
        choices = "office, shop or shop-tombo";
    } else if (pf && o.paper && !sm_preflight_set_paper(pf, o.paper, &hint)) {
        option = "paper";
        value = o.paper;
        choices = "A3, A4, A5, B4 or B5";
    }
    if (option) {
        char message[256];
        snprintf(message, sizeof message, "unknown %s '%s' (%s)%s%s%s", option, value, choices,
                 hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        sm_preflight_free(pf);
        return usage_error("%s", message);
    }
    bool all_ok = true;
    if (definition) {
        sm_fonts *fonts = open_fonts();
        if (!fonts) {
            sm_preflight_free(pf);
            return SM_EXIT_SYSTEM;
        }
        for (int i = 0; i < o.file_count; i++) {
            if (has_suffix(o.files[i], ".pdf")) continue;
            sm_doc *doc = sm_doc_new();
            bool ok = run_pipeline(doc, o.files[i], &o, fonts);
            print_diagnostics(doc);
            if (ok && sm_doc_is_pack(doc))
                printf("%s: ok (a pack: surimono build makes it)\n", o.files[i]);
            else if (ok)
                printf("%s: ok (%d pages)\n", o.files[i], sm_doc_page_count(doc));
            all_ok = all_ok && ok;
            sm_doc_free(doc);
        }
        sm_fonts_free(fonts);
    }
    if (pf) {
        for (int i = 0; i < o.file_count; i++)
            if (has_suffix(o.files[i], ".pdf")) sm_preflight_check_file(pf, o.files[i]);
        if (o.json)
            sm_preflight_write_json(pf, stdout);
        else
            sm_preflight_write_text(pf, stdout);
        all_ok = all_ok && !sm_preflight_failed(pf);
        sm_preflight_free(pf);
    }
    return all_ok ? SM_EXIT_OK : SM_EXIT_INPUT;
}

static int cmd_dump(options o) {
    if (o.file_count != 1 || o.model + o.boxes + o.glyphs != 1)
        return usage_error("dump takes one of --model, --boxes, --glyphs and one definition%s", "");
    sm_fonts *fonts = o.model ? NULL : open_fonts();
    if (!o.model && !fonts) return SM_EXIT_SYSTEM;
    sm_doc *doc = sm_doc_new();
    bool ok =
        run_pipeline(doc, o.files[0], &o, fonts) && (o.model   ? sm_doc_dump_model(doc, stdout)
                                                     : o.boxes ? sm_doc_dump_boxes(doc, stdout)
                                                               : sm_doc_dump_glyphs(doc, stdout));
    print_diagnostics(doc);
    sm_doc_free(doc);
    sm_fonts_free(fonts);
    return ok ? SM_EXIT_OK : SM_EXIT_INPUT;
}

static int cmd_fonts(options o) {
    sm_fonts *fonts = open_fonts();
    if (!fonts) return SM_EXIT_SYSTEM;
    printf("font configuration: %s\n", fonts_conf_path());
    sm_fonts_list(fonts, stdout);
    bool all_ok = true;
    for (int i = 0; i < o.file_count; i++) {
        sm_doc *doc = sm_doc_new();
        printf("\n%s\n", o.files[i]);
        bool ok =
            run_pipeline(doc, o.files[i], &o, NULL) && sm_doc_report_fonts(doc, fonts, stdout);
        print_diagnostics(doc);
        all_ok = all_ok && ok;
        sm_doc_free(doc);
    }
    sm_fonts_free(fonts);
    return all_ok ? SM_EXIT_OK : SM_EXIT_INPUT;
}

/* ---- new ----------------------------------------------------------------------------- */

/* Writes text to path unless it exists; says what it did. */
static bool write_new(const char *path, const char *text, size_t size, bool must_be_new) {
    if (access(path, F_OK) == 0) {
        if (must_be_new) fprintf(stderr, "surimono: %s exists; not overwritten\n", path);
        return !must_be_new;
    }
    sm_diags *diags = sm_diags_new();
    bool ok = sm_atomic_write_file(path, text, size, diags);
    for (size_t i = 0; i < sm_diags_count(diags); i++) print_diagnostic(sm_diags_at(diags, i));
    sm_diags_free(diags);
    if (ok) printf("wrote %s\n", path);
    return ok;
}

/* The template with every NAME replaced by the definition's name. */
static char *fill_template(const char *template, const char *name) {
    char **parts = g_strsplit(template, "NAME", -1);
    char *text = g_strjoinv(name, parts);
    g_strfreev(parts);
    return text;
}

/* surimono new KIND NAME [DIR]: a starting definition that renders as it is, the JSON
 * Schema beside it for editors, and for a check sheet a placeholder scene. */
static int cmd_new(int argc, char **argv) {
    if (argc < 2 || argc > 3)
        return usage_error(
            "%s",
            "new needs a kind and a name: surimono new poster|checksheet|page|document NAME [DIR]");
    const char *kind = argv[0], *name = argv[1], *dir = argc > 2 ? argv[2] : ".";
    const char *template = sm_template(kind);
    if (!template)
        return usage_error("unknown kind '%s' (one of poster, checksheet, page, document)", kind);
    for (const char *p = name; *p; p++)
        if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9') &&
            *p != '-' && *p != '_')
            return usage_error("a name is letters, digits, - and _ (it names the files), not '%s'",
                               name);
    if (!*name) return usage_error("%s", "new needs a name");
    char layouts[4096], path[4200];
    snprintf(layouts, sizeof layouts, "%s/layouts", dir);
    if (g_mkdir_with_parents(layouts, 0777) != 0) {
        fprintf(stderr, "surimono: cannot make %s: %s\n", layouts, strerror(errno));
        return SM_EXIT_SYSTEM;
    }
    snprintf(path, sizeof path, "%s/%s.yaml", layouts, name);
    char *text = fill_template(template, name);
    bool ok = write_new(path, text, strlen(text), true);
    g_free(text);
    if (!ok) return SM_EXIT_INPUT;
    /* The schema the definition's first line names, for editors' YAML language servers. */
    char *schema = NULL;
    size_t schema_size = 0;
    FILE *mem = open_memstream(&schema, &schema_size);
    if (mem) {
        sm_schema_write_json(mem, SM_SCHEMA_DEFINITION);
        fclose(mem);
        snprintf(path, sizeof path, "%s/surimono.schema.json", layouts);
        ok = write_new(path, schema, schema_size, false);
    }
    free(schema);
    if (ok && strcmp(kind, "checksheet") == 0) {
        snprintf(path, sizeof path, "%s/assets/scenes", dir);
        ok = g_mkdir_with_parents(path, 0777) == 0;
        snprintf(path, sizeof path, "%s/assets/scenes/%s.svg", dir, name);
        ok = ok && write_new(path, sm_template_scene(), strlen(sm_template_scene()), false);
    }
    if (!ok) return SM_EXIT_SYSTEM;
    printf("render it with: surimono render %s/%s.yaml -o %s.pdf\n", layouts, name, name);
    return SM_EXIT_OK;
}

/* ---- build ------------------------------------------------------------------------- */

/* What the build reports as it goes: diagnostics at once, and a progress line on a
 * terminal (cleared before anything else is printed). */
typedef struct build_view {
    bool progress, quiet;
    bool line_shown;
} build_view;

static void clear_progress(build_view *v) {
    if (v->line_shown) fputs("\r\033[K", stderr);
    v->line_shown = false;
}

static void on_diagnostic(void *closure, const sm_diag *d) {
    clear_progress(closure);
    print_diagnostic(d);
}

static void on_progress(void *closure, size_t done, size_t total, const char *output) {
    build_view *v = closure;
    if (!v->progress || v->quiet) return;
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, total, output);
    v->line_shown = true;
}

static void print_summary(const sm_pack_result *r, const sm_diags *diags, bool quiet) {
    print_dropped(sm_diags_dropped(diags));
    if (!quiet && r->out_dir)
        printf("%zu built, %zu up to date, %zu failed, %zu skipped, of %zu outputs in %s\n",
               r->built, r->up_to_date, r->failed, r->skipped, r->selected, r->out_dir);
    if (!quiet && r->shared)
        printf("%zu output%s use%s no column of the CSV: made once, not once per row\n", r->shared,
               r->shared == 1 ? "" : "s", r->shared == 1 ? "s" : "");
    if (r->unreadable)
        fprintf(stderr,
                "surimono: %zu output%s could not be made: %s definition or %s values have "
                "the errors above\n",
                r->unreadable, r->unreadable == 1 ? "" : "s", r->unreadable == 1 ? "its" : "their",
                r->unreadable == 1 ? "its" : "their");
    size_t failed = r->failed - r->unreadable;
    if (!failed && !r->skipped) return;
    fprintf(stderr, "surimono: %zu output%s failed%s:\n", failed, failed == 1 ? "" : "s",
            r->skipped ? " (the rest was skipped: --keep-going builds it)" : "");
    for (size_t i = 0; i < r->failure_count; i++)
        fprintf(stderr, "  %s: %s\n", r->failures[i].output, r->failures[i].error);
}

/* build [DIR] [-o OUTDIR] [-j N] [--force] [--keep-going] [-q] [--shard I/N] */
static int cmd_build(int argc, char **argv, bool query) {
    sm_pack_options o = {.root = ".", .fonts_conf = fonts_conf_path()};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = cores > 0 ? (int)cores : 1;
    build_view view = {.progress = isatty(STDERR_FILENO)};
    o.on_diagnostic = on_diagnostic;
    o.on_progress = on_progress;
    o.closure = &view;
    o.query_json = query;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            o.out_dir = argv[++i];
        } else if (strcmp(a, "-j") == 0 && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > 256) return usage_error("bad -j '%s' (1 to 256)", argv[i]);
            o.jobs = (int)v;
        } else if (strncmp(a, "-j", 2) == 0 && a[2]) {
            char *end;
            long v = strtol(a + 2, &end, 10);
            if (*end || v < 1 || v > 256) return usage_error("bad -j '%s' (1 to 256)", a + 2);
            o.jobs = (int)v;
        } else if (strcmp(a, "--data") == 0 && i + 1 < argc) {
            o.data = argv[++i];
        } else if (strcmp(a, "--name") == 0 && i + 1 < argc) {
            o.name_template = argv[++i];
        } else if (strcmp(a, "--force") == 0) {
            o.force = true;
        } else if (strcmp(a, "--keep-going") == 0 || strcmp(a, "-k") == 0) {
            o.keep_going = true;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            view.quiet = true;
        } else if (strcmp(a, "--json") == 0 && query) {
            o.query_json = true;
        } else if (strcmp(a, "--shard") == 0 && i + 1 < argc) {
            if (sscanf(argv[++i], "%d/%d", &o.shard, &o.shards) != 2 || o.shards < 1 ||
                o.shard < 0 || o.shard >= o.shards)
                return usage_error("--shard takes I/N with 0 <= I < N, not '%s'", argv[i]);
        } else if (a[0] == '-') {
            return usage_error("unknown option '%s'", a);
        } else {
            o.root = a;
        }
    }
    sm_diags *diags = sm_diags_new();
    sm_pack_result result;
    int rc = sm_pack_build(&o, stdout, diags, &result);
    clear_progress(&view);
    if (!query) print_summary(&result, diags, view.quiet);
    sm_diags_free(diags);
    return rc;
}

/* serve [DIR] [--port N] [--host ADDRESS] [--workers N] */
static int cmd_serve(int argc, char **argv) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    sm_serve_options o = {.root = ".",
                          .host = "127.0.0.1",
                          .port = 8400,
                          .workers = cores > 0 ? (int)cores : 1,
                          .fonts_conf = fonts_conf_path(),
                          .time_limit = SM_SERVE_RENDER_SECONDS};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (strcmp(a, "--port") == 0 && i + 1 < argc) {
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 0 || v > 65535)
                return usage_error("bad --port '%s' (0 to 65535)", argv[i]);
            o.port = (int)v;
        } else if (strcmp(a, "--host") == 0 && i + 1 < argc) {
            o.host = argv[++i];
        } else if (strcmp(a, "--time-limit") == 0 && i + 1 < argc) {
            double v = strtod(argv[++i], &end);
            if (*end || !(v >= 0.001 && v <= 3600))
                return usage_error("bad --time-limit '%s' (seconds, 0.001 to 3600)", argv[i]);
            o.time_limit = v;
        } else if (strcmp(a, "--workers") == 0 && i + 1 < argc) {
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > 16)
                return usage_error("bad --workers '%s' (1 to 16)", argv[i]);
            o.workers = (int)v;
        } else if (a[0] == '-') {
            return usage_error("unknown option '%s'", a);
        } else {
            o.root = a;
        }
    }
    /* Each worker runs this program again, whatever directory the server is in. */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        fprintf(stderr, "surimono: error: cannot find this program's file for its workers\n");
        return SM_EXIT_SYSTEM;
    }
    exe[n] = '\0';
    o.exe = exe;
    return sm_serve(&o);
}

static int cmd_manifest(int argc, char **argv) {
    if (argc < 3 || strcmp(argv[0], "merge") != 0)
        return usage_error("usage: surimono manifest merge OUT.json IN.json...%s", "");
    sm_diags *diags = sm_diags_new();
    int rc = sm_pack_merge_manifests(argv[1], (const char *const *)argv + 2, argc - 2, diags);
    print_list(diags);
    sm_diags_free(diags);
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return SM_EXIT_USAGE;
    }
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
        strcmp(command, "help") == 0) {
        fputs(usage, stdout);
        return SM_EXIT_OK;
    }
    if (strcmp(command, "--version") == 0) {
        printf("surimono %s\n", SM_VERSION);
        sm_print_versions(stdout);
        /* The fonts are part of what a PDF is made from: which configuration, which faces. */
        printf("fonts (%s):\n", fonts_conf_path());
        fflush(stdout);
        sm_diags *diags = sm_diags_new();
        sm_fonts_list_file(fonts_conf_path(), stdout, diags);
        print_list(diags);
        sm_diags_free(diags);
        return SM_EXIT_OK;
    }
    if (strcmp(command, "new") == 0) return cmd_new(argc - 2, argv + 2);
    if (strcmp(command, "styles") == 0) {
        sm_styles_describe(stdout);
        return SM_EXIT_OK;
    }
    if (strcmp(command, "build") == 0) return cmd_build(argc - 2, argv + 2, false);
    if (strcmp(command, "query") == 0) return cmd_build(argc - 2, argv + 2, true);
    if (strcmp(command, "manifest") == 0) return cmd_manifest(argc - 2, argv + 2);
    if (strcmp(command, "serve") == 0) return cmd_serve(argc - 2, argv + 2);
    /* A render worker of serve (started by it, not by hand): jobs on fd 3. */
    if (strcmp(command, "serve-worker") == 0 && argc == 3) return sm_serve_worker(argv[2], 3);
    static const struct {
        const char *name;
        int (*run)(options);
    } commands[] = {{"render", cmd_render},
                    {"check", cmd_check},
                    {"dump", cmd_dump},
                    {"fonts", cmd_fonts},
                    {"watch", cmd_watch}};
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(command, commands[i].name) != 0) continue;
        options o = {0};
        int rc = parse_options(argc - 2, argv + 2, &o);
        if (rc == SM_EXIT_OK && o.json && commands[i].run != cmd_check)
            rc = usage_error("--json is an option of check (PDF files)%s", "");
        if (rc == SM_EXIT_OK) rc = commands[i].run(o);
        free(o.settings);
        free(o.files);
        return rc;
    }
    if (strcmp(command, "schema") == 0) {
        sm_schema_root root = SM_SCHEMA_DEFINITION;
        if (argc > 2 && strcmp(argv[2], "--theme") == 0)
            root = SM_SCHEMA_THEME;
        else if (argc > 2 && strcmp(argv[2], "--pack") == 0)
            root = SM_SCHEMA_PACK;
        else if (argc > 2)
            return usage_error("schema takes --theme or --pack, not '%s'", argv[2]);
        sm_schema_write_json(stdout, root);
        return SM_EXIT_OK;
    }
    return usage_error("unknown command '%s'", command);
}
