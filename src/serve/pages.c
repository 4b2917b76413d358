/* pages.c: the HTML, CSS and script of `surimono serve` (pages.h). Pages are plain HTML
 * forms that work without the script (the form's GET downloads the PDF); the script adds
 * the live preview and shows each problem beside its field. */
#include "pages.h"

#include "../render/escape.h"

#include <stdio.h>
#include <string.h>

const char *sm_page_kind_name(const char *kind) {
    if (!kind) return "教材";
    if (strcmp(kind, "poster") == 0) return "ポスター";
    if (strcmp(kind, "checksheet") == 0) return "危険予測シート";
    if (strcmp(kind, "document") == 0) return "冊子・資料";
    return "掲示物";
}

const char *sm_page_color_name(const char *color) {
    return strcmp(color, "gray") == 0 ? "白黒" : "カラー";
}

const char *sm_page_profile_name(const char *profile) {
    if (strcmp(profile, "shop") == 0) return "印刷所に入稿（塗り足し3mm）";
    if (strcmp(profile, "shop-tombo") == 0) return "印刷所に入稿（塗り足しとトンボ）";
    return "学校・事務室のプリンター";
}

static void text(FILE *out, const char *s) { sm_html_put(out, s, strlen(s), false); }

/* A path segment of a URL for an id (letters, digits, - and _ as they are). */
static void segment(FILE *out, const char *id) {
    char *escaped = g_uri_escape_string(id, NULL, FALSE);
    fputs(escaped, out);
    g_free(escaped);
}

/* Each sentence as an <li>. */
static void list_items(FILE *out, const char *const *items, size_t count) {
    for (size_t i = 0; i < count; i++) {
        fputs("<li>", out);
        text(out, items[i]);
        fputs("</li>\n", out);
    }
}

static void head(FILE *out, const char *title) {
    fputs("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    text(out, title);
    fputs("</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n", out);
}

/* A page being written in memory. */
typedef struct page {
    char *buffer;
    size_t size;
    FILE *out;
} page;

/* Starts a page: its <head> with title, unless title is NULL (the page writes its own). */
static FILE *page_begin(page *p, const char *title) {
    *p = (page){0};
    p->out = open_memstream(&p->buffer, &p->size);
    if (title) head(p->out, title);
    return p->out;
}

/* Closes the page; returns it (g_free). */
static char *page_end(page *p) {
    fputs("</body>\n</html>\n", p->out);
    fclose(p->out);
    char *text = g_strdup(p->buffer);
    free(p->buffer);
    return text;
}

char *sm_page_catalogue(const sm_materials *m) {
    page p;
    FILE *out = page_begin(&p, m->title);
    fputs("<header><h1>", out);
    text(out, m->title);
    fputs("</h1>\n<p>教材を選び、学校名などを入れると、その場で印刷用のPDFを作れます。"
          "いくつかの教材をまとめて作るときや、全校分をCSVから作るときは"
          "<a href=\"/set\">学校のセットを作る</a>へ。</p>"
          "</header>\n<main>\n<ul class=\"materials\">\n",
          out);
    for (size_t i = 0; i < m->count; i++) {
        const sm_material *x = &m->items[i];
        fputs("<li><a href=\"/m/", out);
        segment(out, x->id);
        fputs("\"><img src=\"/m/", out);
        segment(out, x->id);
        fputs("/preview.png?dpi=24\" alt=\"\" loading=\"lazy\" width=\"140\" height=\"198\">"
              "<span class=\"kind\">",
              out);
        text(out, sm_page_kind_name(x->kind));
        fputs("</span><span class=\"title\">", out);
        text(out, x->title);
        fputs("</span></a></li>\n", out);
    }
    fputs("</ul>\n</main>\n", out);
    return page_end(&p);
}

static const char *input_type(sm_var_type type) {
    switch (type) {
    case SM_VAR_PHONE: return "tel";
    case SM_VAR_URL: return "url";
    case SM_VAR_DATE: return "date";
    case SM_VAR_TEXT: break;
    }
    return "text";
}

/* A group of radio buttons; the checked one is values[name] when it is a choice, else the
 * first. */
static void choices(FILE *out, const char *legend, const char *name, const char *const *list,
                    int count, const char *(*label)(const char *), GHashTable *values) {
    if (count < 2) return; /* nothing to choose: the one variant is used */
    const char *chosen = values ? g_hash_table_lookup(values, name) : NULL;
    int checked = 0;
    for (int i = 0; i < count; i++)
        if (chosen && strcmp(chosen, list[i]) == 0) checked = i;
    fprintf(out, "<fieldset><legend>%s</legend>\n", legend);
    for (int i = 0; i < count; i++) {
        fprintf(out, "<label><input type=\"radio\" name=\"%s\" value=\"", name);
        text(out, list[i]);
        fprintf(out, "\"%s> ", i == checked ? " checked" : "");
        text(out, label ? label(list[i]) : list[i]);
        fputs("</label>\n", out);
    }
    fputs("</fieldset>\n", out);
}

char *sm_page_material(const sm_materials *m, const sm_material *x, GHashTable *values) {
    (void)m;
    page p;
    FILE *out = page_begin(&p, x->title);
    fputs("<header><p><a href=\"/\">教材の一覧</a></p><h1>", out);
    text(out, x->title);
    fputs("</h1></header>\n<main class=\"material\">\n<form id=\"form\" action=\"/m/", out);
    segment(out, x->id);
    fputs("/download.pdf\" method=\"get\" data-base=\"/m/", out);
    segment(out, x->id);
    fputs("\" novalidate>\n", out);
    if (x->var_count == 0) fputs("<p>この教材には記入する項目がありません。</p>\n", out);
    for (size_t i = 0; i < x->var_count; i++) {
        const sm_var_info *v = &x->vars[i];
        char *field = g_strdup_printf("v.%s", v->name);
        const char *value = values ? g_hash_table_lookup(values, field) : NULL;
        char *id = g_strdup_printf("f%zu", i);
        fprintf(out, "<div class=\"field\">\n<label for=\"%s\">", id);
        text(out, v->label);
        if (v->required) fputs("<span class=\"required\">（必須）</span>", out);
        fprintf(out, "</label>\n<input id=\"%s\" name=\"", id);
        text(out, field);
        fprintf(out, "\" type=\"%s\" value=\"", input_type(v->type));
        text(out, value ? value : v->default_value);
        fputs("\"", out);
        if (v->max_length > 0) fprintf(out, " maxlength=\"%d\"", v->max_length);
        if (v->required) fputs(" required aria-required=\"true\"", out);
        fprintf(out, " autocomplete=\"off\" aria-describedby=\"%s-error\">\n", id);
        fprintf(out, "<p class=\"error\" id=\"%s-error\" data-field=\"", id);
        text(out, v->name);
        fputs("\" hidden></p>\n</div>\n", out);
        g_free(id);
        g_free(field);
    }
    choices(out, "用紙", "paper", x->papers, x->paper_count, NULL, values);
    choices(out, "色", "color", x->colors, x->color_count, sm_page_color_name, values);
    choices(out, "印刷先", "profile", x->profiles, x->profile_count, sm_page_profile_name, values);
    if (x->editions) {
        static const char *const editions[] = {"question", "answer"};
        const char *chosen = values ? g_hash_table_lookup(values, "edition") : NULL;
        bool answer = chosen && strcmp(chosen, "answer") == 0;
        fputs("<fieldset><legend>版</legend>\n", out);
        for (int i = 0; i < 2; i++)
            fprintf(out,
                    "<label><input type=\"radio\" name=\"edition\" value=\"%s\"%s> %s</label>\n",
                    editions[i], (i == 1) == answer ? " checked" : "", i ? "解答編" : "問題");
        fputs("</fieldset>\n", out);
    }
    fputs("<p id=\"problems\" class=\"problems\" role=\"alert\"></p>\n"
          "<p><button type=\"submit\" id=\"download\">PDFをダウンロード</button></p>\n"
          "<p id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n"
          "</form>\n<figure class=\"preview\">\n<img id=\"preview\" src=\"/m/",
          out);
    segment(out, x->id);
    fputs("/preview.png\" alt=\"", out);
    text(out, x->title);
    fputs("の1ページ目のプレビュー\">\n<figcaption>プレビュー（1ページ目）</figcaption>\n"
          "</figure>\n</main>\n<script src=\"/static/app.js\" defer></script>\n",
          out);
    return page_end(&p);
}

char *sm_page_problems(const char *title, const char *const *problems, size_t count,
                       const char *back) {
    page p;
    FILE *out = page_begin(&p, title);
    fputs("<header><h1>", out);
    text(out, title);
    fputs(
        "</h1></header>\n<main>\n<p role=\"alert\">PDFを作れませんでした。次の点を直してください。"
        "</p>\n<ul>\n",
        out);
    list_items(out, problems, count);
    fputs("</ul>\n<p><a href=\"", out);
    sm_html_put_href(out, back);
    fputs("\">入力に戻る</a></p>\n</main>\n", out);
    return page_end(&p);
}

/* The materials as checkboxes (all ticked), for both forms of the set page. */
static void material_choices(FILE *out, const sm_materials *m, const char *prefix) {
    fputs("<fieldset><legend>教材</legend>\n", out);
    for (size_t i = 0; i < m->count; i++) {
        fprintf(out, "<label class=\"block\"><input type=\"checkbox\" id=\"%s%zu\" name=\"m.",
                prefix, i);
        text(out, m->items[i].id);
        fputs("\" checked> ", out);
        text(out, m->items[i].title);
        fputs("</label>\n", out);
    }
    fputs("</fieldset>\n", out);
}

/* Paper and colour for every material of a set: each uses them where it is made in them. */
static void set_variants(FILE *out) {
    fputs("<fieldset><legend>用紙</legend>\n"
          "<label><input type=\"radio\" name=\"paper\" value=\"A4\" checked> A4</label>\n"
          "<label><input type=\"radio\" name=\"paper\" value=\"A3\"> A3</label>\n"
          "</fieldset>\n<fieldset><legend>色</legend>\n"
          "<label><input type=\"radio\" name=\"color\" value=\"color\" checked> カラー</label>\n"
          "<label><input type=\"radio\" name=\"color\" value=\"gray\"> 白黒</label>\n"
          "</fieldset>\n",
          out);
}

char *sm_page_set(const sm_materials *m, const char *token) {
    page p;
    FILE *out = page_begin(&p, "学校のセットを作る");
    fputs("<header><p><a href=\"/\">教材の一覧</a></p><h1>学校のセットを作る</h1>\n"
          "<p>学校名などを一度入れて、選んだ教材をまとめてダウンロードします。</p></header>\n"
          "<main>\n<form method=\"post\" action=\"/set\" class=\"fields\">\n",
          out);
    fprintf(out, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
    material_choices(out, m, "s");
    /* Every variable any material declares, once (the first declaration's label). */
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    size_t n = 0;
    for (size_t i = 0; i < m->count; i++)
        for (size_t k = 0; k < m->items[i].var_count; k++) {
            const sm_var_info *v = &m->items[i].vars[k];
            if (!g_hash_table_add(seen, (char *)v->name)) continue;
            fprintf(out, "<div class=\"field\">\n<label for=\"v%zu\">", n);
            text(out, v->label);
            fprintf(out, "</label>\n<input id=\"v%zu\" name=\"v.", n++);
            text(out, v->name);
            fprintf(out, "\" type=\"%s\" value=\"", input_type(v->type));
            text(out, v->default_value);
            fputs("\" autocomplete=\"off\">\n</div>\n", out);
        }
    g_hash_table_destroy(seen);
    set_variants(out);
    fputs("<p><button type=\"submit\" name=\"format\" value=\"pdf\">1つのPDFにまとめて"
          "ダウンロード</button>\n<button type=\"submit\" name=\"format\" value=\"zip\">"
          "PDFをZIPでダウンロード</button></p>\n</form>\n"
          "<h2>全校分をCSVから作る</h2>\n<p>1行目が項目名（学校名,電話 など、上の入力欄と同じ名前）"
          "、2行目から1校1行のCSV（Excelで保存したもの）を選ぶと、全校分のPDFを学校ごとのフォルダに"
          "入れたZIPを作ります。</p>\n"
          "<form method=\"post\" action=\"/batch\" enctype=\"multipart/form-data\">\n",
          out);
    fprintf(out, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
    fputs("<div class=\"field\"><label for=\"csv\">学校の一覧（CSV）</label>\n"
          "<input id=\"csv\" name=\"csv\" type=\"file\" accept=\".csv,text/csv\" required>"
          "</div>\n",
          out);
    material_choices(out, m, "b");
    set_variants(out);
    fputs("<p><button type=\"submit\">全校分を作る</button></p>\n</form>\n</main>\n", out);
    return page_end(&p);
}

char *sm_page_batch(const char *id, unsigned done, unsigned total, bool finished,
                    const char *const *problems, size_t count) {
    page p;
    FILE *out = page_begin(&p, NULL); /* its own <head> */
    fputs("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
          out);
    /* Without the script the page reloads itself until the ZIP is ready. */
    if (!finished) fputs("<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>\n", out);
    fputs("<title>全校分の作成</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
          "</head>\n<body>\n<header><p><a href=\"/set\">学校のセットを作る</a></p>"
          "<h1>全校分の作成</h1></header>\n<main id=\"batch\" data-id=\"",
          out);
    text(out, id);
    fprintf(out,
            "\">\n<p><label for=\"progress\">進み具合</label> <progress id=\"progress\" "
            "max=\"%u\" value=\"%u\">%u / %u</progress> <span id=\"count\">%u / %u</span></p>\n",
            total ? total : 1, done, done, total, done, total);
    fputs("<p id=\"state\" role=\"status\" aria-live=\"polite\">", out);
    fputs(finished ? "できました。" : "作成中です…", out);
    fputs("</p>\n<p id=\"result\"", out);
    if (!finished) fputs(" hidden", out);
    fputs("><a href=\"/batch/", out);
    text(out, id);
    fputs("/result.zip\" download>ZIPをダウンロード</a></p>\n<ul id=\"problems\" "
          "class=\"problems\">\n",
          out);
    list_items(out, problems, count);
    fputs("</ul>\n</main>\n<script src=\"/static/app.js\" defer></script>\n", out);
    return page_end(&p);
}

char *sm_page_not_found(void) {
    page p;
    FILE *out = page_begin(&p, "ページが見つかりません");
    fputs("<main><h1>ページが見つかりません</h1>\n<p><a href=\"/\">教材の一覧へ</a></p></main>\n",
          out);
    return page_end(&p);
}

const char sm_page_style[] =
    ":root { font-family: 'BIZ UDPGothic', 'Noto Sans CJK JP', sans-serif; line-height: 1.6;"
    " color: #1a1a1a; background: #fafafa; }\n"
    "body { margin: 0 auto; max-width: 72rem; padding: 1rem; }\n"
    "h1 { font-size: 1.5rem; margin: .5rem 0; }\n"
    "a { color: #0645ad; }\n"
    ":focus-visible { outline: 3px solid #d9480f; outline-offset: 2px; }\n"
    ".materials { list-style: none; padding: 0; display: grid; gap: 1rem;"
    " grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); }\n"
    ".materials a { display: flex; flex-direction: column; gap: .25rem; padding: .5rem;"
    " background: #fff; border: 1px solid #ccc; border-radius: 6px; text-decoration: none;"
    " color: inherit; }\n"
    ".materials img { width: 100%; height: auto; border: 1px solid #ddd; background: #fff; }\n"
    ".kind { font-size: .8rem; color: #555; }\n"
    ".title { font-weight: bold; }\n"
    ".material { display: grid; gap: 1.5rem; grid-template-columns: 1fr; }\n"
    "@media (min-width: 56rem) { .material { grid-template-columns: 22rem 1fr; } }\n"
    ".field { margin-bottom: 1rem; }\n"
    "form.fields, form[action=\"/batch\"] { max-width: 40rem; }\n"
    ".field label { display: block; font-weight: bold; }\n"
    ".field input { width: 100%; box-sizing: border-box; font-size: 1rem; padding: .5rem;"
    " border: 1px solid #888; border-radius: 4px; }\n"
    ".field input[aria-invalid=true] { border: 2px solid #c00; }\n"
    ".required { color: #c00; font-weight: normal; }\n"
    ".error, .problems { color: #c00; margin: .25rem 0; }\n"
    "fieldset { border: 1px solid #ccc; border-radius: 4px; margin: 0 0 1rem; }\n"
    "fieldset label { display: inline-block; margin-right: 1rem; padding: .25rem 0; }\n"
    "fieldset label.block { display: block; }\n"
    "progress { width: 16rem; max-width: 100%; height: 1.2rem; }\n"
    "button { font-size: 1rem; padding: .6rem 1.2rem; border-radius: 4px; border: 0;"
    " background: #0b5394; color: #fff; cursor: pointer; }\n"
    "button:disabled { background: #999; cursor: not-allowed; }\n"
    ".status { color: #555; font-size: .9rem; }\n"
    ".preview { margin: 0; }\n"
    ".preview img { max-width: 100%; max-height: calc(100vh - 2rem); width: auto; height: auto;"
    " border: 1px solid #ccc; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.15); }\n"
    "@media (min-width: 56rem) { .preview { position: sticky; top: 1rem; align-self: start; } }\n";

/* The live preview: a new picture 120 ms after the last key (an older request still on its
 * way is cancelled, so the newest always wins); problems beside their fields; the download
 * button disabled while there are any. */
const char sm_page_script[] =
    "'use strict';\n"
    "(() => {\n"
    "  const batch = document.getElementById('batch');\n"
    "  if (batch) {\n"
    "    /* An upload's progress, asked for twice a second until it is finished. */\n"
    "    const poll = async () => {\n"
    "      const r = await fetch('/batch/' + batch.dataset.id + '/status');\n"
    "      if (!r.ok) return;\n"
    "      const s = await r.json();\n"
    "      const bar = document.getElementById('progress');\n"
    "      bar.max = Math.max(s.total, 1);\n"
    "      bar.value = s.done;\n"
    "      document.getElementById('count').textContent = s.done + ' / ' + s.total;\n"
    "      const list = document.getElementById('problems');\n"
    "      list.replaceChildren(...s.problems.map((p) => {\n"
    "        const li = document.createElement('li');\n"
    "        li.textContent = p;\n"
    "        return li;\n"
    "      }));\n"
    "      if (s.finished) {\n"
    "        document.getElementById('state').textContent = 'できました。';\n"
    "        document.getElementById('result').hidden = false;\n"
    "      } else {\n"
    "        setTimeout(poll, 500);\n"
    "      }\n"
    "    };\n"
    "    poll();\n"
    "    return;\n"
    "  }\n"
    "  const form = document.getElementById('form');\n"
    "  if (!form) return;\n"
    "  const img = document.getElementById('preview');\n"
    "  const status = document.getElementById('status');\n"
    "  const problems = document.getElementById('problems');\n"
    "  const button = document.getElementById('download');\n"
    "  const base = form.dataset.base;\n"
    "  let timer = 0, controller = null, shown = null;\n"
    "  const query = () => new URLSearchParams(new FormData(form)).toString();\n"
    "  function show(fields, errors) {\n"
    "    for (const p of form.querySelectorAll('.error')) {\n"
    "      const message = fields[p.dataset.field] || '';\n"
    "      p.textContent = message;\n"
    "      p.hidden = !message;\n"
    "      const input = document.getElementById(p.id.replace(/-error$/, ''));\n"
    "      if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');\n"
    "    }\n"
    "    problems.textContent = errors.join(' ');\n"
    "    button.disabled = Object.keys(fields).length > 0 || errors.length > 0;\n"
    "  }\n"
    "  async function update() {\n"
    "    if (controller) controller.abort();\n"
    "    controller = new AbortController();\n"
    "    const q = query();\n"
    "    status.textContent = 'プレビューを作成中…';\n"
    "    try {\n"
    "      const r = await fetch(base + '/preview.png?' + q, {signal: controller.signal});\n"
    "      if (r.ok) {\n"
    "        const url = URL.createObjectURL(await r.blob());\n"
    "        img.onload = () => {\n"
    "          if (shown) URL.revokeObjectURL(shown);\n"
    "          shown = url;\n"
    "          img.dataset.query = q;\n"
    "          status.textContent = 'プレビューを更新しました';\n"
    "        };\n"
    "        img.src = url;\n"
    "        const missing = r.headers.get('X-Surimono-Missing');\n"
    "        show(missing ? JSON.parse(decodeURIComponent(missing)) : {}, []);\n"
    "      } else {\n"
    "        let answer = {fields: {}, errors: ['プレビューを作れませんでした。']};\n"
    "        try { answer = await r.json(); } catch (e) { /* not JSON: the default */ }\n"
    "        show(answer.fields || {}, answer.errors || []);\n"
    "        img.dataset.query = q;\n"
    "        status.textContent = '直すところがあります';\n"
    "      }\n"
    "    } catch (e) {\n"
    "      if (e.name !== 'AbortError') status.textContent = 'サーバーにつながりません';\n"
    "    }\n"
    "  }\n"
    "  const soon = (ms) => { clearTimeout(timer); timer = setTimeout(update, ms); };\n"
    "  form.addEventListener('input', () => soon(120));\n"
    "  form.addEventListener('change', () => soon(0));\n"
    "  update(); /* the first preview says what is still to fill in */\n"
    "})();\n";
