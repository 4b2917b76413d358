/* versions.c: the versions of the libraries surimono runs on, for --version (a bug report
 * or a difference between two machines' PDFs starts here). */
#include "versions.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <harfbuzz/hb.h>
#include <jansson.h>
#include <librsvg/rsvg.h>
#include <mecab.h>
#include <pango/pango.h>
#include <qpdf/qpdf-c.h>
#include <qrencode.h>
#include <yaml.h>

void sm_print_versions(FILE *out) {
    int fc = FcGetVersion();
    char *qr = QRcode_APIVersionString();
    fprintf(out,
            "cairo %s, pango %s, harfbuzz %s, fontconfig %d.%d.%d, librsvg %s, glib %u.%u.%u\n",
            cairo_version_string(), pango_version_string(), hb_version_string(), fc / 10000,
            fc / 100 % 100, fc % 100, LIBRSVG_VERSION, glib_major_version, glib_minor_version,
            glib_micro_version);
    fprintf(out, "libyaml %s, qpdf %s, jansson %s, libqrencode %s, mecab %s\n",
            yaml_get_version_string(), qpdf_get_qpdf_version(), jansson_version_str(),
            qr ? qr : "?", mecab_version());
}
