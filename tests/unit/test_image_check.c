/* test_image_check.c: what picture headers claim, read before decoding — PNG and JPEG sizes,
 * truncated files, the pixel limits, and the SVG policy (entities bounded, references only
 * to fragments and pictures). */
#include "base/limits.h"
#include "check.h"
#include "layout/image_check.h"

#include <glib.h>

static char *fixture(const char *name, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", SM_SOURCE_DIR, name);
    return check_read_file(path, len);
}

static void test_png(void) {
    size_t len = 0;
    unsigned char *png = (unsigned char *)fixture("scene.png", &len);
    if (!CHECK(png != NULL)) return;
    sm_raster_facts facts;
    CHECK(sm_png_check(png, len, &facts) == NULL);
    CHECK(facts.width > 0 && facts.height > 0);
    CHECK(sm_raster_check_limits(&facts) == NULL);
    /* Cut short: no IEND. */
    CHECK_HAS(sm_png_check(png, len - 20, &facts), "the PNG is truncated");
    CHECK_STR(sm_png_check(png, len - 12, &facts), "the PNG is truncated (it has no end chunk)");
    CHECK(sm_png_check(png, 20, &facts) != NULL);
    /* A header that claims 20000 × 20000 is refused before anything is decoded. */
    png[16] = 0, png[17] = 0, png[18] = 0x4e, png[19] = 0x20;
    png[20] = 0, png[21] = 0, png[22] = 0x4e, png[23] = 0x20;
    CHECK(sm_png_check(png, len, &facts) == NULL);
    CHECK_INT(facts.width, 20000);
    CHECK_STR(sm_raster_check_limits(&facts),
              "the picture has more than 64 megapixels, the limit for a picture");
    png[18] = 0x9c, png[19] = 0x40; /* 40000 wide */
    sm_png_check(png, len, &facts);
    CHECK_STR(sm_raster_check_limits(&facts),
              "the picture is wider or taller than 32767 pixels, the limit of a side");
    CHECK(sm_png_check((const unsigned char *)"GIF89a", 6, &facts) != NULL);
    free(png);
}

/* Offset of the frame header's height in a JPEG, or 0. */
static size_t sof_offset(const unsigned char *d, size_t n) {
    for (size_t i = 2; i + 9 < n;) {
        if (d[i + 1] == 0xc0 || d[i + 1] == 0xc2) return i + 5;
        i += 2 + ((size_t)d[i + 2] << 8 | d[i + 3]);
    }
    return 0;
}

static void test_jpeg(void) {
    size_t len = 0;
    unsigned char *jpeg = (unsigned char *)fixture("photo.jpg", &len);
    if (!CHECK(jpeg != NULL)) return;
    sm_raster_facts facts;
    CHECK(sm_jpeg_check(jpeg, len, &facts) == NULL);
    CHECK_INT(facts.components, 3);
    /* Truncated: the scan data has no end marker. */
    CHECK_STR(sm_jpeg_check(jpeg, len / 2, &facts), "the JPEG is truncated (it has no end marker)");
    CHECK_STR(sm_jpeg_check(jpeg, 630, &facts), "the JPEG is truncated (it has no end marker)");
    size_t sof = sof_offset(jpeg, len);
    if (CHECK(sof > 0)) {
        jpeg[sof] = 0xfd, jpeg[sof + 1] = 0xe8, jpeg[sof + 2] = 0xfd, jpeg[sof + 3] = 0xe8;
        CHECK(sm_jpeg_check(jpeg, len, &facts) == NULL);
        CHECK_INT(facts.width, 65000);
        CHECK(sm_raster_check_limits(&facts) != NULL);
        jpeg[sof] = 0, jpeg[sof + 1] = 0;
        CHECK_STR(sm_jpeg_check(jpeg, len, &facts), "the JPEG's frame header states no size");
    }
    CHECK(sm_jpeg_check((const unsigned char *)"\xff\xd8\xff\xd9", 4, &facts) != NULL);
    free(jpeg);
}

static const char *svg(const char *text, char *why) {
    return sm_svg_check(text, strlen(text), NULL, NULL, why, 256);
}

static int files_seen;
static void count_file(void *closure, const char *href) {
    (void)closure;
    (void)href;
    files_seen++;
}

static void test_svg(void) {
    char why[256];
    CHECK(svg("<svg xmlns='http://www.w3.org/2000/svg'><use href='#a'/></svg>", why) == NULL);
    /* Illustrator's namespace entities are plain text: allowed. */
    CHECK(svg("<?xml version='1.0'?><!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' "
              "'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd' [<!ENTITY ns_svg "
              "'http://www.w3.org/2000/svg'>]><svg xmlns='&ns_svg;'/>",
              why) == NULL);
    /* Billion laughs needs nesting: refused. */
    CHECK(svg("<!DOCTYPE s [<!ENTITY a 'x'><!ENTITY b '&a;&a;'>]><svg>&b;</svg>", why) != NULL);
    CHECK(svg("<!DOCTYPE s [<!ENTITY a SYSTEM 'file:///etc/passwd'>]><svg>&a;</svg>", why) != NULL);
    CHECK(svg("<!DOCTYPE s [<!ENTITY % p 'x'>]><svg/>", why) != NULL);
    CHECK(svg("<!DOCTYPE s [<!ATTLIST svg a CDATA 'x'>]><svg/>", why) != NULL);
    /* Quadratic: one 10 KiB entity used 200 times is 2 MB. */
    GString *bomb = g_string_new("<!DOCTYPE s [<!ENTITY a '");
    for (int i = 0; i < 10240; i++) g_string_append_c(bomb, 'x');
    g_string_append(bomb, "'>]><svg><text>");
    for (int i = 0; i < 200; i++) g_string_append(bomb, "&a;");
    g_string_append(bomb, "</text></svg>");
    CHECK_HAS(svg(bomb->str, why), "entities expand to more than 1024 KiB");
    g_string_free(bomb, TRUE);

    /* References: fragments fine, other files refused, pictures passed to the caller. */
    CHECK(svg("<svg><rect fill='url(#g)'/><a href='https://example.jp/'>x</a></svg>", why) == NULL);
    CHECK(svg("<svg><image href='/etc/passwd'/></svg>", why) != NULL);
    CHECK(svg("<svg><image xlink:href='file:///etc/hosts.png'/></svg>", why) != NULL);
    CHECK(svg("<svg><use href='other.svg#a'/></svg>", why) != NULL);
    CHECK(svg("<svg><rect style='fill:url(other.svg#g)'/></svg>", why) != NULL);
    CHECK(svg("<?xml-stylesheet href='x.css'?><svg/>", why) != NULL);
    CHECK(svg("<svg><style>@import url(x.css);</style></svg>", why) != NULL);
    CHECK(svg("<svg><image href='data:image/svg+xml;base64,PHN2Zy8+'/></svg>", why) != NULL);
    files_seen = 0;
    const char *pic = "<svg><image xlink:href='pictures/a%20b.png'/></svg>";
    CHECK(sm_svg_check(pic, strlen(pic), count_file, NULL, why, sizeof why) == NULL);
    CHECK_INT(files_seen, 1);
    /* An entity cannot hide a reference from the check. */
    CHECK(svg("<!DOCTYPE s [<!ENTITY f 'other.svg'>]><svg><use href='&f;#a'/></svg>", why) != NULL);

    /* A data: PNG is checked like a file: its header's size against the limits. */
    size_t len = 0;
    unsigned char *png = (unsigned char *)fixture("scene.png", &len);
    if (CHECK(png != NULL)) {
        png[18] = 0x9c, png[19] = 0x40;
        gchar *b64 = g_base64_encode(png, len);
        char *doc = g_strdup_printf("<svg><image href='data:image/png;base64,%s'/></svg>", b64);
        CHECK_HAS(svg(doc, why), "32767 pixels");
        g_free(doc);
        g_free(b64);
        free(png);
    }
}

int main(void) {
    test_png();
    test_jpeg();
    test_svg();
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
