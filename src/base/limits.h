/* limits.h: every limit on what surimono reads or makes, in one place, each with its reason.
 *
 * A definition, a theme, a school list or a PDF is written by people and a few kilobytes
 * to a few megabytes large. Each limit below sits far above any real input and exists so
 * that a broken or hostile file cannot exhaust memory, the disk or the stack, or run for
 * ever. Going past one is an error naming the limit, with the position of what went past
 * it; nothing is written. The README's "Limits" table lists them for users. */
#ifndef SM_LIMITS_H
#define SM_LIMITS_H

/* ---- definitions and themes (YAML) ------------------------------------------------------ */
enum {
    /* Nested lists/mappings; validation recurses this deep (libyaml 0.2.5 has no limit). */
    SM_YAML_MAX_DEPTH = 64,
    /* Values in one file: a 16-page document has a few thousand. */
    SM_YAML_MAX_NODES = 100000,
    /* Bytes in one value: a long explanation is a few KiB. */
    SM_YAML_MAX_SCALAR = 1024 * 1024,
    /* Bytes in one file. */
    SM_YAML_MAX_FILE = 8 * 1024 * 1024,
    /* Elements of one document after its kind is expanded: a 200-page document of 100
     * elements a page; every element costs layout time and a few KiB of boxes. */
    SM_MAX_ELEMENTS = 20000,
    /* Spans inside spans ([…]{.colour} within […]{.colour}, emphasis within them): two or
     * three levels make sense; each level is a recursion, so a hostile text must not choose
     * the depth. */
    SM_MARKUP_MAX_NESTING = 16,
};

/* Lengths without a range of their own: 2 m is past any paper (B0 is 1456 mm tall), 1000 %
 * and 100 em past any sensible relative size. */
#define SM_LENGTH_MAX_MM      2000.0
#define SM_LENGTH_MAX_PERCENT 1000.0
#define SM_LENGTH_MAX_EM      100.0

/* ---- pictures ---------------------------------------------------------------------------- */
enum {
    /* Bytes of one picture file as stored. A 350 ppi A3 photo as JPEG is 5–15 MB. */
    SM_IMAGE_MAX_FILE = 64 * 1024 * 1024,
    /* Pixels of one raster picture, read from its header before anything is decoded: an A3
     * page with bleed at 350 ppi is 26 megapixels, so 64 leaves room for 500 ppi; decoded
     * it is at most 256 MiB. */
    SM_IMAGE_MAX_PIXELS = 64 * 1000 * 1000,
    /* Pixels on one side: cairo's image surfaces stop at 32767. */
    SM_IMAGE_MAX_SIDE = 32767,
    /* Bytes of one SVG file: a detailed illustration is a few hundred KiB. */
    SM_SVG_MAX_FILE = 16 * 1024 * 1024,
    /* Bytes the SVG's own entity references (<!ENTITY …>) may add when expanded: Illustrator
     * declares a few namespace URLs; anything larger is an expansion bomb. */
    SM_SVG_MAX_ENTITY_EXPANSION = 1024 * 1024,
    /* Pixels of one PNG that `render -o x.png` writes: A3 at 500 dpi or A4 at 700 dpi; the
     * page is drawn in memory first, 256 MiB at this size. */
    SM_PNG_MAX_PIXELS = 64 * 1000 * 1000,
};

/* ---- per-school data (CSV) --------------------------------------------------------------- */
enum {
    /* Bytes of the file as stored: a school list is kilobytes. */
    SM_CSV_MAX_FILE = 16 * 1024 * 1024,
    /* Data rows: every school in Japan fits three times. */
    SM_CSV_MAX_ROWS = 100000,
    /* Header columns: Excel's old .xls width. */
    SM_CSV_MAX_COLUMNS = 256,
    /* UTF-8 bytes in one cell: a cell is a name or a note. */
    SM_CSV_MAX_CELL = 64 * 1024,
    /* Cells kept in all rows: bounds the memory of a pathological file (",,,,x" lines) at
     * about 64 MiB of cell records; 100000 rows × 40 columns still fit. */
    SM_CSV_MAX_CELLS = 4 * 1000 * 1000,
};

/* ---- the pack ---------------------------------------------------------------------------- */
enum {
    /* Outputs of one build: 10,000 schools × 10 variants; each costs a few KiB of
     * bookkeeping in the parent and a line of manifest.json. */
    SM_PACK_MAX_OUTPUTS = 100000,
    /* Bytes of one manifest.json read by `manifest merge`: 100,000 outputs × 2 KiB. */
    SM_MANIFEST_MAX_FILE = 256 * 1024 * 1024,
    /* Documents joined into pack.pdf: every input stays in memory until the output is
     * written (qpdf reads copied streams lazily from it); 512 is ten times any pack. */
    SM_COMBINE_MAX_ITEMS = 512,
    /* Bytes of those inputs, all together: the whole pack today is 4 MB. */
    SM_COMBINE_MAX_BYTES = 1024 * 1024 * 1024,
    /* Pages of pack.pdf: a year of a board's materials is a few hundred; the bound keeps every
     * page index far inside qpdf's int. */
    SM_COMBINE_MAX_PAGES = 20000,
};

/* ---- finished PDFs (`surimono check FILE.pdf`) ------------------------------------------- */
enum {
    /* Placements listed per page: a tiled pattern of one image drawn thousands of times
     * would drown the report; the rest are counted and still checked. */
    SM_PF_MAX_IMAGES = 200,
    /* Form XObjects nested deeper than this are malformed or cyclic in practice. */
    SM_PF_MAX_FORM_DEPTH = 12,
    /* q without Q: PDF viewers stop at a few dozen levels; we keep 64. */
    SM_PF_MAX_SAVE_DEPTH = 64,
    /* Walking /Parent for inherited page attributes: page trees are shallow. */
    SM_PF_MAX_TREE_DEPTH = 64,
    /* Bytes of one decoded content stream (a page's, or a form's): a dense poster page has a
     * few MB of operators. FlateDecode inflates up to 1032-fold, so without it a 1 MB file
     * asks for a gigabyte (qpdf 11.3 decodes streams without any limit of its own). */
    SM_PF_MAX_STREAM = 32 * 1024 * 1024,
    /* Decoded content bytes interpreted for one page, every stream and every drawing of a form
     * counted: bounds the memory and time of forms that draw each other many times over. */
    SM_PF_MAX_PAGE_CONTENT = 64 * 1024 * 1024,
    /* Decoded content bytes interpreted for a whole file: 500 pages of 256 KB (our densest
     * page has 80 KB); bounds the time of a file whose pages all share one dense stream. */
    SM_PF_MAX_FILE_CONTENT = 128 * 1024 * 1024,
    /* Streams decoded for one page: its content streams and one per form drawing. A page drawn
     * of thousands of symbols has a few thousand; forms that draw forms ten times over, twelve
     * deep, would be 10^12, and a /Contents array of a million parts costs seconds. */
    SM_PF_MAX_PAGE_STREAMS = 20000,
    /* Bytes one object stream or cross-reference stream inflates to, measured before qpdf
     * opens the file (qpdf inflates them whole, without a limit, while it reads): a million
     * objects take a 7 MB cross-reference stream; an object stream holds a few hundred. */
    SM_PF_MAX_OBJECT_STREAM = 64 * 1024 * 1024,
    /* Bytes all object and cross-reference streams of one file inflate to together. */
    SM_PF_MAX_OBJECT_STREAMS = 256 * 1024 * 1024,
    /* Object and cross-reference streams in one file, each measured before qpdf opens it: a
     * million objects fill ten thousand object streams. */
    SM_PF_MAX_OBJECT_STREAM_COUNT = 100000,
    /* ---- surimono serve (src/serve) ---- */
    /* Bytes of a request's query string: a form's values are a few hundred bytes. */
    SM_SERVE_MAX_QUERY = 16 * 1024,
    /* Bytes of a request body (the form's POSTs; a CSV upload has its own limit). */
    SM_SERVE_MAX_BODY = 64 * 1024,
    /* Characters of one form value where its declaration sets no max-length: a school's
     * name, address or URL is far shorter. */
    SM_SERVE_MAX_VALUE = 500,
    /* Bytes of one request to a render worker (definition, variant and values). */
    SM_SERVE_MAX_JOB = 64 * 1024,
    /* Bytes of one reply from a render worker: a PDF of the pack's longest document is a few
     * MB; its errors are kilobytes. */
    SM_SERVE_MAX_REPLY = 64 * 1024 * 1024,
    /* Seconds one render may take before its worker is killed and replaced (serve
     * --time-limit changes it): the longest document of the pack renders in well under a
     * second. */
    SM_SERVE_RENDER_SECONDS = 20,
    /* Requests waiting for a worker: past this a request is refused (503) at once instead of
     * piling up memory behind a burst. */
    SM_SERVE_MAX_QUEUE = 64,
    /* Render workers at most, whatever --workers says: each holds its fonts (about 30 MB). */
    SM_SERVE_MAX_WORKERS = 16,
    /* Bytes of an uploaded school list: a CSV of a city's schools is kilobytes. */
    SM_SERVE_MAX_UPLOAD = 2 * 1024 * 1024,
    /* Schools of one upload: a prefecture's schools in one go, at most. */
    SM_SERVE_MAX_ROWS = 1000,
    /* Uploads being made or waiting to be downloaded at once: each holds its ZIP in memory. */
    SM_SERVE_MAX_BATCHES = 4,
    /* Bytes of one upload's ZIP (a thousand schools' two A4 PDFs are about 200 MB). */
    SM_SERVE_MAX_BATCH_BYTES = 512 * 1024 * 1024,
    /* Seconds a finished upload's ZIP is kept for its download. */
    SM_SERVE_BATCH_SECONDS = 30 * 60,
};

#endif
