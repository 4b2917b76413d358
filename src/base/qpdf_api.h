/* qpdf_api.h: the qpdf C API, loaded on first use (base/lazy.h). Include this instead of
 * <qpdf/qpdf-c.h>: each function used is listed once below and called as ever — the
 * macros route calls through the table that sm_qpdf() fills. A function missing from the list
 * fails to link (libqpdf is not linked), so the list cannot silently fall behind. */
#ifndef SM_QPDF_API_H
#define SM_QPDF_API_H

#include <qpdf/qpdf-c.h>

#define SM_QPDF_FUNCTIONS(X) \
    X(qpdf_allow_print_high_res) \
    X(qpdf_allow_print_low_res) \
    X(qpdf_cleanup) \
    X(qpdf_get_buffer) \
    X(qpdf_get_buffer_length) \
    X(qpdf_get_error) \
    X(qpdf_get_error_code) \
    X(qpdf_get_error_full_text) \
    X(qpdf_get_error_message_detail) \
    X(qpdf_get_num_pages) \
    X(qpdf_get_page_n) \
    X(qpdf_get_pdf_version) \
    X(qpdf_get_root) \
    X(qpdf_get_trailer) \
    X(qpdf_has_error) \
    X(qpdf_init) \
    X(qpdf_init_write_memory) \
    X(qpdf_is_encrypted) \
    X(qpdf_make_indirect_object) \
    X(qpdf_more_warnings) \
    X(qpdf_next_warning) \
    X(qpdf_oh_begin_dict_key_iter) \
    X(qpdf_oh_dict_more_keys) \
    X(qpdf_oh_dict_next_key) \
    X(qpdf_oh_get_array_item) \
    X(qpdf_oh_get_array_n_items) \
    X(qpdf_oh_get_binary_utf8_value) \
    X(qpdf_oh_get_bool_value) \
    X(qpdf_oh_get_dict) \
    X(qpdf_oh_get_key) \
    X(qpdf_oh_get_name) \
    X(qpdf_oh_get_numeric_value) \
    X(qpdf_oh_get_object_id) \
    X(qpdf_oh_get_stream_data) \
    X(qpdf_oh_get_utf8_value) \
    X(qpdf_oh_has_key) \
    X(qpdf_oh_is_array) \
    X(qpdf_oh_is_bool) \
    X(qpdf_oh_is_dictionary) \
    X(qpdf_oh_is_indirect) \
    X(qpdf_oh_is_name) \
    X(qpdf_oh_is_name_and_equals) \
    X(qpdf_oh_is_null) \
    X(qpdf_oh_is_number) \
    X(qpdf_oh_is_stream) \
    X(qpdf_oh_is_string) \
    X(qpdf_oh_new_dictionary) \
    X(qpdf_oh_new_name) \
    X(qpdf_oh_new_null) \
    X(qpdf_oh_new_unicode_string) \
    X(qpdf_oh_parse) \
    X(qpdf_oh_release) \
    X(qpdf_oh_release_all) \
    X(qpdf_oh_remove_key) \
    X(qpdf_oh_replace_key) \
    X(qpdf_oh_replace_stream_data) \
    X(qpdf_push_inherited_attributes_to_page) \
    X(qpdf_read) \
    X(qpdf_read_memory) \
    X(qpdf_set_compress_streams) \
    X(qpdf_set_decode_level) \
    X(qpdf_set_deterministic_ID) \
    X(qpdf_set_object_stream_mode) \
    X(qpdf_set_preserve_encryption) \
    X(qpdf_set_suppress_warnings) \
    X(qpdf_silence_errors) \
    X(qpdf_write)

typedef struct sm_qpdf_api {
#define SM_QPDF_SLOT(name) __typeof__(name) *name;
    SM_QPDF_FUNCTIONS(SM_QPDF_SLOT)
#undef SM_QPDF_SLOT
} sm_qpdf_api;

/* The table, libqpdf loaded at the first call (exits with a message if it cannot be). */
const sm_qpdf_api *sm_qpdf(void);
/* Loads libqpdf now (for sm_lazy_prefetch). */
void sm_qpdf_load(void);

#define qpdf_allow_print_high_res (sm_qpdf()->qpdf_allow_print_high_res)
#define qpdf_allow_print_low_res (sm_qpdf()->qpdf_allow_print_low_res)
#define qpdf_cleanup (sm_qpdf()->qpdf_cleanup)
#define qpdf_get_buffer (sm_qpdf()->qpdf_get_buffer)
#define qpdf_get_buffer_length (sm_qpdf()->qpdf_get_buffer_length)
#define qpdf_get_error (sm_qpdf()->qpdf_get_error)
#define qpdf_get_error_code (sm_qpdf()->qpdf_get_error_code)
#define qpdf_get_error_full_text (sm_qpdf()->qpdf_get_error_full_text)
#define qpdf_get_error_message_detail (sm_qpdf()->qpdf_get_error_message_detail)
#define qpdf_get_num_pages (sm_qpdf()->qpdf_get_num_pages)
#define qpdf_get_page_n (sm_qpdf()->qpdf_get_page_n)
#define qpdf_get_pdf_version (sm_qpdf()->qpdf_get_pdf_version)
#define qpdf_get_root (sm_qpdf()->qpdf_get_root)
#define qpdf_get_trailer (sm_qpdf()->qpdf_get_trailer)
#define qpdf_has_error (sm_qpdf()->qpdf_has_error)
#define qpdf_init (sm_qpdf()->qpdf_init)
#define qpdf_init_write_memory (sm_qpdf()->qpdf_init_write_memory)
#define qpdf_is_encrypted (sm_qpdf()->qpdf_is_encrypted)
#define qpdf_make_indirect_object (sm_qpdf()->qpdf_make_indirect_object)
#define qpdf_more_warnings (sm_qpdf()->qpdf_more_warnings)
#define qpdf_next_warning (sm_qpdf()->qpdf_next_warning)
#define qpdf_oh_begin_dict_key_iter (sm_qpdf()->qpdf_oh_begin_dict_key_iter)
#define qpdf_oh_dict_more_keys (sm_qpdf()->qpdf_oh_dict_more_keys)
#define qpdf_oh_dict_next_key (sm_qpdf()->qpdf_oh_dict_next_key)
#define qpdf_oh_get_array_item (sm_qpdf()->qpdf_oh_get_array_item)
#define qpdf_oh_get_array_n_items (sm_qpdf()->qpdf_oh_get_array_n_items)
#define qpdf_oh_get_binary_utf8_value (sm_qpdf()->qpdf_oh_get_binary_utf8_value)
#define qpdf_oh_get_bool_value (sm_qpdf()->qpdf_oh_get_bool_value)
#define qpdf_oh_get_dict (sm_qpdf()->qpdf_oh_get_dict)
#define qpdf_oh_get_key (sm_qpdf()->qpdf_oh_get_key)
#define qpdf_oh_get_name (sm_qpdf()->qpdf_oh_get_name)
#define qpdf_oh_get_numeric_value (sm_qpdf()->qpdf_oh_get_numeric_value)
#define qpdf_oh_get_object_id (sm_qpdf()->qpdf_oh_get_object_id)
#define qpdf_oh_get_stream_data (sm_qpdf()->qpdf_oh_get_stream_data)
#define qpdf_oh_get_utf8_value (sm_qpdf()->qpdf_oh_get_utf8_value)
#define qpdf_oh_has_key (sm_qpdf()->qpdf_oh_has_key)
#define qpdf_oh_is_array (sm_qpdf()->qpdf_oh_is_array)
#define qpdf_oh_is_bool (sm_qpdf()->qpdf_oh_is_bool)
#define qpdf_oh_is_dictionary (sm_qpdf()->qpdf_oh_is_dictionary)
#define qpdf_oh_is_indirect (sm_qpdf()->qpdf_oh_is_indirect)
#define qpdf_oh_is_name (sm_qpdf()->qpdf_oh_is_name)
#define qpdf_oh_is_name_and_equals (sm_qpdf()->qpdf_oh_is_name_and_equals)
#define qpdf_oh_is_null (sm_qpdf()->qpdf_oh_is_null)
#define qpdf_oh_is_number (sm_qpdf()->qpdf_oh_is_number)
#define qpdf_oh_is_stream (sm_qpdf()->qpdf_oh_is_stream)
#define qpdf_oh_is_string (sm_qpdf()->qpdf_oh_is_string)
#define qpdf_oh_new_dictionary (sm_qpdf()->qpdf_oh_new_dictionary)
#define qpdf_oh_new_name (sm_qpdf()->qpdf_oh_new_name)
#define qpdf_oh_new_null (sm_qpdf()->qpdf_oh_new_null)
#define qpdf_oh_new_unicode_string (sm_qpdf()->qpdf_oh_new_unicode_string)
#define qpdf_oh_parse (sm_qpdf()->qpdf_oh_parse)
#define qpdf_oh_release (sm_qpdf()->qpdf_oh_release)
#define qpdf_oh_release_all (sm_qpdf()->qpdf_oh_release_all)
#define qpdf_oh_remove_key (sm_qpdf()->qpdf_oh_remove_key)
#define qpdf_oh_replace_key (sm_qpdf()->qpdf_oh_replace_key)
#define qpdf_oh_replace_stream_data (sm_qpdf()->qpdf_oh_replace_stream_data)
#define qpdf_push_inherited_attributes_to_page (sm_qpdf()->qpdf_push_inherited_attributes_to_page)
#define qpdf_read (sm_qpdf()->qpdf_read)
#define qpdf_read_memory (sm_qpdf()->qpdf_read_memory)
#define qpdf_set_compress_streams (sm_qpdf()->qpdf_set_compress_streams)
#define qpdf_set_decode_level (sm_qpdf()->qpdf_set_decode_level)
#define qpdf_set_deterministic_ID (sm_qpdf()->qpdf_set_deterministic_ID)
#define qpdf_set_object_stream_mode (sm_qpdf()->qpdf_set_object_stream_mode)
#define qpdf_set_preserve_encryption (sm_qpdf()->qpdf_set_preserve_encryption)
#define qpdf_set_suppress_warnings (sm_qpdf()->qpdf_set_suppress_warnings)
#define qpdf_silence_errors (sm_qpdf()->qpdf_silence_errors)
#define qpdf_write (sm_qpdf()->qpdf_write)

#endif
