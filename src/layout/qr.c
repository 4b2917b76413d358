/* qr.c: QR codes (libqrencode) as a matrix of modules for render to draw as vectors. */
#include "layout.h"

#include <qrencode.h>
#include <string.h>

/* ISO/IEC 18004 asks for a quiet zone of four modules around the symbol. */
#define SM_QR_QUIET 4
/* A printed code smaller than this is hard to scan with a school tablet. */
#define SM_QR_DEFAULT_MM 30.0

double sm_qr_size(const sm_elem *e, double width) {
    double size = e->has_width ? sm_length_to_pt(e->width, width, e->style.size)
                               : SM_QR_DEFAULT_MM * SM_PT_PER_MM;
    return size < width ? size : width;
}

void sm_qr_place(sm_layouter *l, const sm_elem *e, double x, double y, double w) {
    static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
    /* Non-ASCII text (a school's name in a URL) is UTF-8, said so by an ECI header (26),
     * or phones guess Shift_JIS and show garbage. */
    const char *text = e->text.plain;
    if (!text || !*text) {
        sm_error(l->diags, e->pos, "a QR code needs a URL or text to hold (this one is empty)");
        return;
    }
    bool ascii = true;
    for (const char *p = text; *p; p++) ascii = ascii && (unsigned char)*p < 0x80;
    QRcode *code = NULL;
    QRinput *input = QRinput_new2(0, levels[e->qr_level & 3]);
    if (input && (ascii || QRinput_appendECIheader(input, 26) == 0) &&
        QRinput_append(input, QR_MODE_8, (int)strlen(text), (const unsigned char *)text) == 0)
        code = QRcode_encodeInput(input);
    QRinput_free(input);
    if (!code) {
        sm_error(l->diags, e->pos,
                 "this text does not fit in a QR code (at most about 2900 bytes)");
        return;
    }
    int count = code->width;
    unsigned char *modules = sm_arena_alloc(l->arena, (size_t)count * (size_t)count);
    for (int i = 0; i < count * count; i++) modules[i] = code->data[i] & 1;
    QRcode_free(code);
    double size = sm_qr_size(e, w);
    double module = size / (count + 2 * SM_QR_QUIET);
    if (module < 0.33 * SM_PT_PER_MM)
        sm_warning(l->diags, e->pos,
                   "QR modules are %.2f mm: below 0.33 mm phones struggle to scan them",
                   module / SM_PT_PER_MM);
    /* Centred in its slot; the quiet zone is part of the size, and stays white. */
    double left = x + (w - size) / 2;
    sm_box *box = sm_page_add_box(l, SM_BOX_QR, e->pos, left, y, size, size);
    box->as.qr.modules = modules;
    box->as.qr.count = count;
    box->as.qr.color = e->style.color;
    box->as.qr.alt = e->alt;
    box->tag = "Figure";
}
