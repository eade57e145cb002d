/* test_blob.c - the BLOB transfer engine, one message at a time. */
#include <string.h>

#include "testutil.h"

Suite *
suite_blob(void)
{
	Suite *s = suite_create("blob");

	return s;
}
