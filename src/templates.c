/* templates.c: the starting definitions `surimono new` writes — one per kind, commented,
 * using only the built-in theme and fonts, so each renders as it is in an empty project. */
#include "templates.h"

#include <string.h>

/* Every template starts with the line editors' YAML language servers read. */
#define SCHEMA_LINE "# yaml-language-server: $schema=surimono.schema.json\n"

static const char poster[] = SCHEMA_LINE
    "# A poster: a title, numbered steps (1 to 4: one under the other, four in a 2 x 2 grid),\n"
    "# a footer. Render it with  surimono render layouts/NAME.yaml -o NAME.pdf\n"
    "# The README lists every key; `surimono styles` lists the named styles.\n"
    "kind: poster\n"
    "paper: A4              # A3, A4, A5, B4 or B5: the type grows with the paper\n"
    "papers: [A4, A3]       # the papers `surimono build` makes\n"
    "title: 情報を守るために\n"
    "subtitle: 学校の情報セキュリティ　ワンポイント\n"
    "lead: 毎日の小さな習慣で、個人情報を守りましょう。\n"
    "steps:\n"
    "  - text: 印刷したらすぐに回収\n"
    "    detail: プリンターに書類を出したままにしないで、その場ですぐに取りに行きましょう。\n"
    "    # image: assets/poster/printer.svg   # an illustration beside the step (SVG, PNG, JPEG)\n"
    "    # alt: コピー機から書類を取り出す手。   # what it shows, for screen readers (required)\n"
    "  - text: 廃棄時はシュレッダーで\n"
    "    detail: 不要になった書類は、必ずシュレッダーにかけてから捨てましょう。\n"
    "# qr: https://www.example.jp            # a QR code to your site under the steps\n"
    "footer: 〇〇市教育委員会\n"
    "meta:\n"
    "  author: 〇〇市教育委員会\n"
    "  date: 2024-06-01      # written into the PDF (never the clock: the same PDF every time)\n";

static const char checksheet[] = SCHEMA_LINE
    "# A danger-prediction check sheet: one definition, two editions — the question sheet\n"
    "# (the scene, an instruction, lines to write on) and the answer sheet (the scene with\n"
    "# numbered markers, each hazard and its consequence, the 解説).\n"
    "# Render both with  surimono render layouts/NAME.yaml -o NAME.pdf\n"
    "kind: checksheet\n"
    "paper: A4\n"
    "title: セキュリティ危険予測シート\n"
    "subtitle: 放課後の教室\n"
    "scene:\n"
    "  image: assets/scenes/NAME.svg     # draw your scene here (a placeholder to start)\n"
    "  # The scene as it is: the answer sheet adds the hazards; never list them here.\n"
    "  alt: 放課後の教室。先生の机の上に、いろいろな物が置かれている。\n"
    "instruction: >-\n"
    "  この教室には、情報セキュリティ上の危険がかくれています。\n"
    "  どこに、どんな危険があるか見つけて、下の欄に書き出しましょう。\n"
    "hazards:\n"
    "  - at: [30%, 52%]       # where the marker points: % of the picture's width, height\n"
    "    item: 机に置かれた名簿\n"
    "    risk: 児童・生徒や来校者から見られてしまう\n"
    "  - at: [62%, 50%]\n"
    "    item: 机に置かれたUSBメモリ\n"
    "    risk: 持ち去られて紛失する\n"
    "explanation: >-\n"
    "  放課後は、教室に児童・生徒や保護者が出入りします。\n"
    "  個人情報が書かれた書類や記録媒体は、机の上に置いたままにしないようにしましょう。\n"
    "footer: 〇〇市教育委員会\n"
    "meta:\n"
    "  author: 〇〇市教育委員会\n"
    "  date: 2024-06-01\n";

static const char page[] = SCHEMA_LINE
    "# A page of generic elements, top to bottom: text, heading, box, row, grid, list,\n"
    "# table, chart, image, qr, rule, space… (the README's element table).\n"
    "# Render it with  surimono render layouts/NAME.yaml -o NAME.pdf\n"
    "kind: page\n"
    "paper: A4              # printed on A3 it is enlarged whole\n"
    "title: お知らせ\n"
    "body:\n"
    "  - heading: 情報セキュリティ研修のお知らせ\n"
    "    style: title        # the named styles: surimono styles\n"
    "    align: left\n"
    "  - rule: 0.8mm\n"
    "    color: accent\n"
    "  - text: 教職員を対象に、個人情報の取り扱いについての研修を行います。\n"
    "  - box:\n"
    "      - text: 日時　〇月〇日（〇）15時30分から\n"
    "      - text: 場所　図書室\n"
    "    fill: accent-light\n"
    "    radius: 3mm\n"
    "footer: 〇〇市教育委員会\n"
    "meta:\n"
    "  author: 〇〇市教育委員会\n"
    "  date: 2024-06-01\n";

static const char document[] = SCHEMA_LINE
    "# A document longer than a page: its body flows onto as many pages (and columns) as\n"
    "# it needs, with page numbers; sections switch the number of columns.\n"
    "# Render it with  surimono render layouts/NAME.yaml -o NAME.pdf\n"
    "kind: document\n"
    "paper: A4\n"
    "title: 情報セキュリティの手引き\n"
    "page-numbers: dash      # - 3 -  (or of: 3 / 8, none)\n"
    "head:                   # across the columns at the top of the first page\n"
    "  - heading: 情報セキュリティの手引き\n"
    "    style: title\n"
    "    align: left\n"
    "body:\n"
    "  - heading: はじめに\n"
    "    style: section\n"
    "  - text: この手引きは、学校で個人情報を扱うときに気を付けることをまとめたものです。\n"
    "  - section:            # two columns from here on the same page\n"
    "      - heading: 書類の扱い\n"
    "        style: section\n"
    "      - text: 個人情報が書かれた書類は、使い終わったらすぐに鍵のかかる場所にしまいます。\n"
    "      - heading: 記録媒体の扱い\n"
    "        style: section\n"
    "      - text: USBメモリは学校が貸し出す暗号化されたものを使い、持ち歩かないようにします。\n"
    "    columns: 2\n"
    "footer: 〇〇市教育委員会\n"
    "meta:\n"
    "  author: 〇〇市教育委員会\n"
    "  date: 2024-06-01\n";

/* A placeholder scene for a new check sheet: a classroom desk with a register and a USB
 * memory where the template's two hazards point. */
static const char scene[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1600\" height=\"1000\" "
    "viewBox=\"0 0 1600 1000\">\n"
    "<title>Placeholder scene: a teacher's desk after school</title>\n"
    "<g stroke=\"#4a4544\" stroke-width=\"3.5\" stroke-linejoin=\"round\">\n"
    "<rect x=\"0\" y=\"0\" width=\"1600\" height=\"1000\" fill=\"#f3eee2\" stroke=\"none\"/>\n"
    "<rect x=\"0\" y=\"640\" width=\"1600\" height=\"360\" fill=\"#dcc9a5\" stroke=\"none\"/>\n"
    "<rect x=\"120\" y=\"80\" width=\"900\" height=\"300\" rx=\"8\" fill=\"#3f6b52\"/>\n"
    "<rect x=\"200\" y=\"560\" width=\"1200\" height=\"40\" fill=\"#d9b98f\"/>\n"
    "<path d=\"M240 600 V900 M1360 600 V900\" stroke-width=\"12\"/>\n"
    "<rect x=\"400\" y=\"470\" width=\"200\" height=\"100\" fill=\"#ffffff\"/>\n"
    "<path d=\"M430 500 H570 M430 525 H560 M430 550 H540\" stroke=\"#8e8e8e\" "
    "stroke-width=\"3\"/>\n"
    "<rect x=\"960\" y=\"490\" width=\"70\" height=\"28\" rx=\"6\" fill=\"#2f5d8a\"/>\n"
    "<rect x=\"1030\" y=\"496\" width=\"22\" height=\"16\" fill=\"#c9ced2\"/>\n"
    "</g>\n"
    "</svg>\n";

const char *sm_template(const char *kind) {
    if (strcmp(kind, "poster") == 0) return poster;
    if (strcmp(kind, "checksheet") == 0) return checksheet;
    if (strcmp(kind, "page") == 0) return page;
    if (strcmp(kind, "document") == 0) return document;
    return NULL;
}

const char *sm_template_scene(void) { return scene; }
