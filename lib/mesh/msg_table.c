/* msg_table.c - one descriptor per Bluetooth Mesh Firmware Update, Firmware
 * Distribution and BLOB Transfer access message (libotaimg-mesh-msg(3)).
 *
 * Layouts (all multi-octet fields little-endian), learnt from:
 *   [ZB] zephyrproject-rtos/zephyr subsys/bluetooth/mesh/blob.h (opcodes),
 *        blob_srv.c / blob_cli.c (Transfer Start/Status, Block Start/Status,
 *        Information Status, the chunk-number code of Partial Block Report);
 *   [ZU] the same, dfu.h (opcodes) and dfu_srv.c / dfu_cli.c (Information
 *        Get/Status, Metadata Check/Status, Update Start/Status);
 *   [ZD] the same, dfd.h (opcodes 0x8311..0x8327) and dfd_srv.c (Receivers
 *        Add/Status/Get/List, Capabilities Status, Start, Status, Upload
 *        Start/OOB Start/Status, Firmware Get/Status);
 *   [IO] NordicSemiconductor/IOS-nRF-Mesh-Library "Library/Mesh Messages"
 *        FirmwareUpdate*, FirmwareDistribution*, BLOBTransfer* structs (field
 *        names, the Distribution Start Label UUID form, the Upload Status type
 *        bit), which however writes Upload Start's BLOB ID and size big-endian:
 *        here they are little-endian as [ZD] reads them (mesh-dfu.md 6.1).
 * The cited source of each message is in its comment. */
#include "config.h"

#include <string.h>

#include "ota_private.h"
#include "msg_int.h"

#define U(n, sz, lo, hi) { n, K_UINT, sz, 0, 0, 0, NULL, 0, lo, hi, NULL }
#define UO(n, sz, lo, hi) { n, K_UINT, sz, 0, 0, F_OPT, NULL, 0, lo, hi, NULL }
#define ID(n) { n, K_UINT, 8, 0, 0, F_HEX64, NULL, 0, 0, UINT64_MAX, NULL }
#define IDO(n) { n, K_UINT, 8, 0, 0, F_HEX64 | F_OPT, NULL, 0, 0, UINT64_MAX, NULL }
#define B(n, sz, sh, nb, lo, hi, fl) { n, K_BITS, sz, sh, nb, fl, NULL, 0, lo, hi, NULL }
#define RFU(n, sz, sh, nb) { n, K_BITS, sz, sh, nb, F_CONT | F_RFU, NULL, 0, 0, (1u << (nb)) - 1u, NULL }
#define LP(n, lo, hi) { n, K_LP, 0, 0, 0, 0, NULL, 0, lo, hi, NULL }
#define TAIL(n, lo, hi, fl) { n, K_TAIL, 0, 0, 0, fl, NULL, 0, lo, hi, NULL }
#define FWID(n) TAIL(n, OTA_FWID_MIN, OTA_FWID_MAX, 0)
#define M(op, name, f, chk) { op, name, f, sizeof(f) / sizeof((f)[0]), chk }
#define M0(op, name) { op, name, NULL, 0, NULL }

#define STATUS_BLOB 0x0Au /* 0 success .. 0x0A information unavailable [ZB] */
#define STATUS_DFD 0x0Cu  /* 0 success .. 0x0C new firmware not available [ZD] */
#define TTL(n) U(n, 1, 0, 0xFF)

/* ---- BLOB Transfer [ZB] ---- */
static const struct msg_field xfer_start[] = {
	{ "rfu", K_BITS, 1, 0, 6, F_RFU, NULL, 0, 0, 63, NULL },
	B("mode", 1, 6, 2, 1, 2, F_CONT), /* 1 push, 2 pull */
	ID("blob_id"),
	U("blob_size", 4, 1, UINT32_MAX),
	U("block_size_log", 1, 6, 32),
	U("client_mtu", 2, 20, 0xFFFF),
};
static const struct msg_field xfer_cancel[] = { ID("blob_id") };
static const struct msg_field xfer_status[] = {
	B("status", 1, 0, 4, 0, STATUS_BLOB, 0),
	RFU("rfu", 1, 4, 2),
	B("mode", 1, 6, 2, 0, 2, F_CONT),
	U("phase", 1, 0, 5), /* inactive .. suspended */
	IDO("blob_id"),
	UO("blob_size", 4, 0, UINT32_MAX),
	U("block_size_log", 1, 6, 32),
	U("transfer_mtu", 2, 20, 0xFFFF),
	TAIL("blocks_not_received", 0, 370, 0), /* exactly ceil(blocks / 8): check_xfer_status */
};
static const struct msg_field block_start[] = {
	U("block_number", 2, 0, 0xFFFF),
	U("chunk_size", 2, 1, 0xFFFF),
};
static const struct msg_field chunk[] = {
	U("chunk_number", 2, 0, 0xFFFF),
	TAIL("chunk_data", 1, 377, 0),
};
static const struct msg_field block_status[] = {
	B("status", 1, 0, 4, 0, STATUS_BLOB, 0),
	RFU("rfu", 1, 4, 2),
	B("format", 1, 6, 2, 0, 3, F_CONT), /* all missing, none, bitmap, encoded */
	U("block_number", 2, 0, 0xFFFF),
	U("chunk_size", 2, 0, 0xFFFF),
	{ "missing_bitmap", K_TAIL, 0, 0, 0, 0, "format", 1u << 2, 1, 372, NULL },
	{ "missing", K_ENC, 0, 0, 0, 0, "format", 1u << 3, 0, 372, NULL },
};
static const struct msg_field block_report[] = {
	{ "missing", K_ENC, 0, 0, 0, 0, NULL, 0, 0, 378, NULL },
};
static const struct msg_field info_status[] = {
	U("min_block_size_log", 1, 6, 32),
	U("max_block_size_log", 1, 6, 32),
	U("max_total_chunks", 2, 1, 0xFFFF),
	U("max_chunk_size", 2, 8, 0xFFFF),
	U("max_blob_size", 4, 1, UINT32_MAX),
	U("server_mtu", 2, 20, 0xFFFF),
	B("supported_modes", 1, 0, 2, 1, 3, 0), /* bit 0 push, bit 1 pull */
	RFU("rfu", 1, 2, 6),
};

/* ---- Firmware Update [ZU], [IO] ---- */
static const struct msg_field upd_info_get[] = {
	U("first_index", 1, 0, 0xFF),
	U("entries_limit", 1, 0, 0xFF),
};
static const struct msg_field upd_info_entry[] = {
	LP("fwid", OTA_FWID_MIN, OTA_FWID_MAX),
	LP("update_uri", 0, 255),
};
static const struct msg_rec upd_info_rec = { upd_info_entry, 2 };
static const struct msg_field upd_info_status[] = {
	U("list_count", 1, 0, 0xFF),
	U("first_index", 1, 0, 0xFF),
	{ "entries", K_LIST, 0, 0, 0, 0, NULL, 0, 0, MSG_MAX_ITEMS, &upd_info_rec },
};
static const struct msg_field upd_md_check[] = {
	U("image_index", 1, 0, 0xFF),
	TAIL("metadata", 0, 255, 0),
};
static const struct msg_field upd_md_status[] = {
	B("status", 1, 0, 3, 0, 7, 0),
	B("additional_information", 1, 3, 5, 0, 3, F_CONT),
	U("image_index", 1, 0, 0xFF),
};
static const struct msg_field upd_start[] = {
	TTL("ttl"),
	U("timeout_base", 2, 0, 0xFFFF),
	ID("blob_id"),
	U("image_index", 1, 0, 0xFF),
	TAIL("metadata", 0, 255, 0),
};
static const struct msg_field upd_status[] = {
	B("status", 1, 0, 3, 0, 7, 0),
	RFU("rfu", 1, 3, 2),
	B("phase", 1, 5, 3, 0, 6, F_CONT), /* idle .. applying update */
	UO("ttl", 1, 0, 0xFF),
	B("additional_information", 1, 0, 5, 0, 3, 0),
	RFU("rfu2", 1, 5, 3),
	U("timeout_base", 2, 0, 0xFFFF),
	ID("blob_id"),
	U("image_index", 1, 0, 0xFF),
};

/* ---- Firmware Distribution [ZD], [IO] ---- */
static const struct msg_field recv_add_entry[] = {
	U("address", 2, 0x0001, 0x7FFF),
	U("image_index", 1, 0, 0xFF),
};
static const struct msg_rec recv_add_rec = { recv_add_entry, 2 };
static const struct msg_field recv_add[] = {
	{ "receivers", K_LIST, 0, 0, 0, 0, NULL, 0, 1, MSG_MAX_ITEMS, &recv_add_rec },
};
static const struct msg_field recv_status[] = {
	U("status", 1, 0, STATUS_DFD),
	U("list_count", 2, 0, 0xFFFF),
};
static const struct msg_field recv_get[] = {
	U("first_index", 2, 0, 0xFFFF),
	U("entries_limit", 2, 1, 0xFFFF),
};
static const struct msg_field recv_list_entry[] = {
	B("address", 4, 0, 15, 0x0001, 0x7FFF, 0),
	B("retrieved_update_phase", 4, 15, 4, 0, 0x0A, F_CONT),
	B("update_status", 4, 19, 3, 0, 7, F_CONT),
	B("transfer_status", 4, 22, 4, 0, STATUS_BLOB, F_CONT),
	B("transfer_progress", 4, 26, 6, 0, 50, F_CONT), /* units of 2 % */
	U("image_index", 1, 0, 0xFF),
};
static const struct msg_rec recv_list_rec = { recv_list_entry, 6 };
static const struct msg_field recv_list[] = {
	U("list_count", 2, 0, 0xFFFF),
	U("first_index", 2, 0, 0xFFFF),
	{ "receivers", K_LIST, 0, 0, 0, 0, NULL, 0, 0, MSG_MAX_ITEMS, &recv_list_rec },
};
static const struct msg_field caps_status[] = {
	U("max_receivers", 2, 1, 0xFFFF),
	U("max_firmware_images", 2, 1, 0xFFFF),
	U("max_firmware_size", 4, 0, UINT32_MAX),
	U("max_upload_space", 4, 0, UINT32_MAX),
	U("remaining_upload_space", 4, 0, UINT32_MAX),
	U("oob_retrieval_supported", 1, 0, 1),
	{ "uri_scheme_names", K_TAIL, 0, 0, 0, 0, "oob_retrieval_supported", 1u << 1, 1, 361,
	  NULL },
};
static const struct msg_field dist_start[] = {
	U("appkey_index", 2, 0, 0x0FFF),
	TTL("ttl"),
	U("timeout_base", 2, 0, 0xFFFF),
	B("transfer_mode", 1, 0, 2, 1, 2, 0),
	B("update_policy", 1, 2, 1, 0, 1, F_CONT), /* 0 verify only, 1 verify and apply */
	RFU("rfu", 1, 3, 5),
	U("image_index", 2, 0, 0xFFFF),
	{ "group", K_UINT, 2, 0, 0, F_ALTA, NULL, 0, 0, 0xFFFF, NULL },
	{ "label_uuid", K_FIXED, 16, 0, 0, F_ALTB, NULL, 0, 16, 16, NULL },
};
static const struct msg_field dist_status[] = {
	U("status", 1, 0, STATUS_DFD),
	U("phase", 1, 0, 7), /* idle .. transfer suspended */
	UO("multicast_address", 2, 0, 0xFFFF),
	U("appkey_index", 2, 0, 0x0FFF),
	TTL("ttl"),
	U("timeout_base", 2, 0, 0xFFFF),
	B("transfer_mode", 1, 0, 2, 0, 2, 0),
	B("update_policy", 1, 2, 1, 0, 1, F_CONT),
	RFU("rfu", 1, 3, 5),
	U("image_index", 2, 0, 0xFFFF),
};
static const struct msg_field upload_start[] = {
	TTL("ttl"),
	U("timeout_base", 2, 0, 0xFFFF),
	ID("blob_id"),
	U("firmware_size", 4, 0, UINT32_MAX),
	LP("metadata", 0, 255),
	FWID("fwid"),
};
static const struct msg_field upload_oob_start[] = {
	LP("uri", 1, 255),
	FWID("fwid"),
};
static const struct msg_field upload_status[] = {
	U("status", 1, 0, STATUS_DFD),
	U("phase", 1, 0, 3), /* idle, transfer active, error, success */
	{ "progress", K_BITS, 1, 0, 7, F_OPT, NULL, 0, 0, 100, NULL },
	B("oob", 1, 7, 1, 0, 1, F_CONT), /* 0 in-band, 1 out-of-band */
	TAIL("fwid", OTA_FWID_MIN, OTA_FWID_MAX, F_ZERO),
};
static const struct msg_field fw_get[] = { FWID("fwid") };
static const struct msg_field fw_get_index[] = { U("image_index", 2, 0, 0xFFFF) };
static const struct msg_field fw_status[] = {
	U("status", 1, 0, STATUS_DFD),
	U("entry_count", 2, 0, 0xFFFF),
	U("image_index", 2, 0, 0xFFFF),
	TAIL("fwid", OTA_FWID_MIN, OTA_FWID_MAX, F_ZERO),
};


const struct msg_desc ota__msg_table[] = {
	M0(0x8300u, "blob-transfer-get"),
	M(0x8301u, "blob-transfer-start", xfer_start, NULL),
	M(0x8302u, "blob-transfer-cancel", xfer_cancel, NULL),
	M(0x8303u, "blob-transfer-status", xfer_status, ota__msg_check_xfer_status),
	M(0x8304u, "blob-block-start", block_start, NULL),
	M0(0x8305u, "blob-block-get"),
	M0(0x8306u, "blob-information-get"),
	M(0x8307u, "blob-information-status", info_status, ota__msg_check_info_status),
	M(0x66u, "blob-chunk-transfer", chunk, NULL),
	M(0x67u, "blob-block-status", block_status, NULL),
	M(0x68u, "blob-partial-block-report", block_report, NULL),
	M(0x8308u, "firmware-update-information-get", upd_info_get, NULL),
	M(0x8309u, "firmware-update-information-status", upd_info_status, NULL),
	M(0x830Au, "firmware-update-metadata-check", upd_md_check, NULL),
	M(0x830Bu, "firmware-update-metadata-status", upd_md_status, NULL),
	M0(0x830Cu, "firmware-update-get"),
	M(0x830Du, "firmware-update-start", upd_start, NULL),
	M0(0x830Eu, "firmware-update-cancel"),
	M0(0x830Fu, "firmware-update-apply"),
	M(0x8310u, "firmware-update-status", upd_status, NULL),
	M(0x8311u, "firmware-distribution-receivers-add", recv_add, NULL),
	M0(0x8312u, "firmware-distribution-receivers-delete-all"),
	M(0x8313u, "firmware-distribution-receivers-status", recv_status, NULL),
	M(0x8314u, "firmware-distribution-receivers-get", recv_get, NULL),
	M(0x8315u, "firmware-distribution-receivers-list", recv_list, NULL),
	M0(0x8316u, "firmware-distribution-capabilities-get"),
	M(0x8317u, "firmware-distribution-capabilities-status", caps_status, NULL),
	M0(0x8318u, "firmware-distribution-get"),
	M(0x8319u, "firmware-distribution-start", dist_start, NULL),
	M0(0x831Au, "firmware-distribution-suspend"),
	M0(0x831Bu, "firmware-distribution-cancel"),
	M0(0x831Cu, "firmware-distribution-apply"),
	M(0x831Du, "firmware-distribution-status", dist_status, NULL),
	M0(0x831Eu, "firmware-distribution-upload-get"),
	M(0x831Fu, "firmware-distribution-upload-start", upload_start, NULL),
	M(0x8320u, "firmware-distribution-upload-oob-start", upload_oob_start, NULL),
	M0(0x8321u, "firmware-distribution-upload-cancel"),
	M(0x8322u, "firmware-distribution-upload-status", upload_status, NULL),
	M(0x8323u, "firmware-distribution-firmware-get", fw_get, NULL),
	M(0x8324u, "firmware-distribution-firmware-get-by-index", fw_get_index, NULL),
	M(0x8325u, "firmware-distribution-firmware-delete", fw_get, NULL),
	M0(0x8326u, "firmware-distribution-firmware-delete-all"),
	M(0x8327u, "firmware-distribution-firmware-status", fw_status, NULL),
};
const size_t ota__msg_table_len = sizeof(ota__msg_table) / sizeof(ota__msg_table[0]);

const struct msg_desc *
ota__msg_find(uint32_t op)
{
	size_t i;

	for (i = 0; i < ota__msg_table_len; i++)
		if (ota__msg_table[i].op == op)
			return &ota__msg_table[i];
	return NULL;
}

const struct msg_desc *
ota__msg_find_name(const char *name)
{
	size_t i;

	for (i = 0; i < ota__msg_table_len; i++)
		if (strcmp(ota__msg_table[i].name, name) == 0)
			return &ota__msg_table[i];
	return NULL;
}

/* ---- opcodes ---- */

int
ota_mesh_opcode_decode(const uint8_t *buf, size_t len, uint32_t *opcode, size_t *oplen)
{
	size_t n;

	if (buf == NULL || opcode == NULL || oplen == NULL)
		return OTA_E_INVAL;
	if (len < 1)
		return OTA_E_TRUNCATED;
	if (buf[0] == 0x7F)
		return OTA_E_UNSUPPORTED;
	n = buf[0] < 0x80 ? 1 : (buf[0] & 0x40) ? 3 : 2;
	if (len < n)
		return OTA_E_TRUNCATED;
	*opcode = n == 1 ? buf[0] : n == 2 ? (uint32_t)buf[0] << 8 | buf[1] :
	    (uint32_t)buf[0] << 16 | (uint32_t)buf[1] << 8 | buf[2];
	*oplen = n;
	return OTA_OK;
}

int
ota_mesh_opcode_encode(uint32_t opcode, uint8_t *buf, size_t *len)
{
	size_t n, i;

	if (len == NULL)
		return OTA_E_INVAL;
	if (opcode < 0x7F)
		n = 1;
	else if (opcode >= 0x8000u && opcode <= 0xBFFFu)
		n = 2;
	else if (opcode >= 0xC00000u && opcode <= 0xFFFFFFu)
		n = 3;
	else
		return OTA_E_RANGE;
	if (buf == NULL || *len < n) {
		*len = n;
		return OTA_E_INVAL;
	}
	for (i = 0; i < n; i++)
		buf[i] = (uint8_t)(opcode >> (8 * (n - 1 - i)));
	*len = n;
	return OTA_OK;
}

const char *
ota_mesh_msg_op_name(uint32_t opcode)
{
	const struct msg_desc *d = ota__msg_find(opcode);

	return d != NULL ? d->name : NULL;
}

int
ota_mesh_msg_op_lookup(const char *name, uint32_t *opcode)
{
	const struct msg_desc *d;

	if (name == NULL || opcode == NULL)
		return OTA_E_INVAL;
	if ((d = ota__msg_find_name(name)) == NULL)
		return OTA_E_NOT_FOUND;
	*opcode = d->op;
	return OTA_OK;
}

int
ota_mesh_msg_op_at(size_t i, uint32_t *opcode)
{
	if (opcode == NULL)
		return OTA_E_INVAL;
	if (i >= ota__msg_table_len)
		return OTA_E_NOT_FOUND;
	*opcode = ota__msg_table[i].op;
	return OTA_OK;
}
