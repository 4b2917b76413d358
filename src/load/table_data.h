/* table_data.h: tables and charts whose numbers come from a CSV file (data: FILE.csv). */
#ifndef SM_TABLE_DATA_H
#define SM_TABLE_DATA_H

#include "../model/doc.h"

#include <stdbool.h>

/* Reads the CSV file of every table with data: (inside the project root) into its rows,
 * the CSV's header row first; checks that each table has rows from table: or data:, not
 * both. Errors carry the position of data:, fields: or the CSV cell. */
/* Likewise a chart's categories (category: the column, default the first) and series
 * (fields: the columns, default all the others), every cell a number. */
bool sm_load_table_data(sm_doc *doc);

#endif
