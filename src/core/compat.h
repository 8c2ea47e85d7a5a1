/* compat.h -- attributes and small macros shared by every module. */
#ifndef BB_COMPAT_H
#define BB_COMPAT_H

#define WUR __attribute__((warn_unused_result))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
