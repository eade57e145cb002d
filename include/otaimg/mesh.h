/*
 * otaimg/mesh.h - (filled by issue 10).  Included by <otaimg.h>; do not
 * include it alone.
 */
#ifndef OTAIMG_MESH_H
#define OTAIMG_MESH_H

#ifndef OTAIMG_H
#error "include <otaimg.h>, not <otaimg/mesh.h>"
#endif

#endif /* OTAIMG_MESH_H */
