/* check_main.c - runs every libotaimg Check suite. */
#include <stdlib.h>

#include "testutil.h"

int
main(void)
{
	SRunner *sr = srunner_create(suite_mmo());
	int failed;

	srunner_add_suite(sr, suite_api());
	srunner_add_suite(sr, suite_parse());
	srunner_add_suite(sr, suite_malformed());
	srunner_add_suite(sr, suite_build());
	srunner_add_suite(sr, suite_vectors());
	srunner_add_suite(sr, suite_sign());
	srunner_add_suite(sr, suite_edit());
	srunner_add_suite(sr, suite_cpl());
	srunner_add_suite(sr, suite_gbcs());
	srunner_add_suite(sr, suite_output());
	srunner_add_suite(sr, suite_copy());
	srunner_add_suite(sr, suite_stream());
	srunner_add_suite(sr, suite_diags());
	srunner_add_suite(sr, suite_progress());
	srunner_add_suite(sr, suite_containers());
	srunner_add_suite(sr, suite_ctx());
	srunner_add_suite(sr, suite_version());
	srunner_add_suite(sr, suite_archive());
	srunner_add_suite(sr, suite_mesh());
	srunner_add_suite(sr, suite_mcuboot());
	srunner_add_suite(sr, suite_meshmsg());
	srunner_add_suite(sr, suite_matter());
	srunner_add_suite(sr, suite_blobplan());
	srunner_add_suite(sr, suite_fetch());
	srunner_add_suite(sr, suite_ocf());
	srunner_add_suite(sr, suite_ocf_dev());
	srunner_add_suite(sr, suite_dfu());
	srunner_add_suite(sr, suite_blob());
	srunner_add_suite(sr, suite_blobmissing());
	srunner_add_suite(sr, suite_blobpeer());
	srunner_add_suite(sr, suite_blobsim());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
