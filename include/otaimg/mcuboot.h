/*
 * otaimg/mcuboot.h - (filled by issue 10).  Included by <otaimg.h>; do not
 * include it alone.
 */
#ifndef OTAIMG_MCUBOOT_H
#define OTAIMG_MCUBOOT_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/mcuboot.h>"
#endif

#endif /* OTAIMG_MCUBOOT_H */
