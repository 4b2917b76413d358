/* versions.c: the versions of the libraries surimono runs on, for --version (a bug report
 * or a difference between two machines' PDFs starts here). librsvg, qpdf, MeCab and libsoup
 * (serve) are loaded only
 * when a run needs them (base/lazy.h): theirs are the versions built against, and the
 * library file (its ABI) that will be loaded. */
#include "versions.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <harfbuzz/hb.h>
#include <jansson.h>
#include <librsvg/rsvg.h>
#include <libsoup/soup-version.h>
#include <pango/pango.h>
#include <qpdf/DLL.h>
#include <qrencode.h>
#include <yaml.h>

void sm_print_versions(FILE *out) {
    int fc = FcGetVersion();
    char *qr = QRcode_APIVersionString();
    fprintf(out, "cairo %s, pango %s, harfbuzz %s, fontconfig %d.%d.%d, glib %u.%u.%u\n",
            cairo_version_string(), pango_version_string(), hb_version_string(), fc / 10000,
            fc / 100 % 100, fc % 100, glib_major_version, glib_minor_version, glib_micro_version);
    fprintf(out, "libyaml %s, jansson %s, libqrencode %s\n", yaml_get_version_string(),
            jansson_version_str(), qr ? qr : "?");
    fprintf(out, "loaded when needed: librsvg %s (%s), qpdf %s (%s), mecab %s (%s), ",
            LIBRSVG_VERSION, SM_RSVG_SONAME, QPDF_VERSION, SM_QPDF_SONAME, SM_MECAB_VERSION,
            SM_MECAB_SONAME);
    fprintf(out, "libsoup %d.%d.%d (%s, serve)\n", SOUP_MAJOR_VERSION, SOUP_MINOR_VERSION,
            SOUP_MICRO_VERSION, SM_SOUP_SONAME);
}
